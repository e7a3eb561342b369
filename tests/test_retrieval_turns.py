"""An official's answer in minutes reads the member's question just before it (`asked_before`)."""

from assistant.models import Chunk
from assistant.retrieval import answered_share, asked_before

Q = ("○위원장 김도윤  허재석 위원님 질의해 주십시오.\n○허재석 위원  군위군 청년은 상담 한 번 받으려면 왕복 세 시간"
     " 가까이 걸립니다. 출장상담 계획이 있습니까?")
A = "○청년정책과장 류승민  2026년부터 군위군과 달성군에 월 2회 찾아가는 상담을 시범 운영하겠습니다."


def _chunk(text: str, ord_: int, doc: str = "minutes") -> Chunk:
    return Chunk(chunk_id=f"{doc}{ord_}", doc_id=doc, ord=ord_, text=text, section=[], start=0, end=len(text))


def test_answer_turn_reads_the_question_turn_before_it() -> None:
    asked = asked_before(_chunk(A, 2), _chunk(Q, 1))
    assert asked.startswith("○허재석 위원") and asked.endswith("?")
    weights = {"출장상담": 3.0, "계획": 1.0, "상담": 1.0}
    # 상담 is in the answer itself; 출장상담 and 계획 come from the question
    assert answered_share(_chunk(A, 2), asked, weights) == 4.0 / 5.0


def test_no_question_no_turn_or_other_document_reads_nothing() -> None:
    closing = _chunk("○위원장 김도윤  가결되었음을 선포합니다. (11시 37분 산회)", 1)
    assert asked_before(_chunk(A, 2), closing) == ""
    assert asked_before(_chunk("2026년부터 월 2회 찾아가는 상담", 2), _chunk(Q, 1)) == ""
    assert asked_before(_chunk(A, 2), _chunk(Q, 1, doc="other")) == ""
    assert answered_share(_chunk(A, 2), "", {"계획": 1.0}) == 0.0
