"""Compound questions: split into the questions they ask, each answered from its own passages."""

from __future__ import annotations

import pytest

from assistant.answering.backend import ExtractiveBackend
from assistant.answering.parts import split_parts
from assistant.korean import analyzer as get_analyzer
from assistant.models import Chunk, Hit


@pytest.fixture(scope="module")
def kiwi():
    return get_analyzer()


@pytest.mark.parametrize("question,parts", [
    # two sentences; the elliptical second one keeps the first one's topic
    ("징계위원회는 요구서를 받고 며칠 안에 의결해야 해? 연장은?",
     ["징계위원회는 요구서를 받고 며칠 안에 의결해야 해?", "징계위원회 연장은?"]),
    # two clauses joined by -고, each asking something; the shared topic goes to both
    ("불광천 야간조명 청원은 누가 냈고 소개의원은 누구야?",
     ["불광천 야간조명 청원은 누가 냈고", "불광천 야간조명 소개의원은 누구야?"]),
    # the connective -(으)며 joins two asks as -고 does
    ("위원은 몇 명이며 임기는 몇 년이야?", ["위원은 몇 명이며", "위원 임기는 몇 년이야?"]),
    # "그중" points back at the first clause's subject, which goes along to the second part
    ("감사에서 복지위원회가 지적한 사항은 몇 건이고 그중 완료는 몇 건인가?",
     ["감사에서 복지위원회가 지적한 사항은 몇 건이고", "감사에서 복지위원회 완료는 몇 건인가?"]),
    # a noun set off by a comma after its coordinating particle, then a clause asking more
    ("보호기관 지정 유효기간이랑, 지정 없이 명칭을 쓰면 과태료 얼마야?",
     ["보호기관 지정 유효기간은?", "보호기관 지정 없이 명칭을 쓰면 과태료 얼마야?"]),
    # the particle takes the form the noun's last syllable wants (임기는, not 임기은)
    ("재단 이사의 임기와 연임 횟수는?", ["재단 이사의 임기는?", "재단 이사의 연임 횟수는?"]),
    # the asked attribute coordinated
    ("센터 공인노무사 정원과 현원은 각각 몇 명인가?",
     ["센터 공인노무사 정원은 몇 명인가?", "센터 공인노무사 현원은 몇 명인가?"]),
    # two named subjects compared; modifiers stay with their own subject, "비교하면?" with the whole
    ("마포구 청년일자리지원센터와 서울시 노동권익센터의 운영 인원을 비교하면?",
     ["마포구 청년일자리지원센터의 운영 인원을?", "서울시 노동권익센터의 운영 인원을?"]),
    # the second clause states its own condition: the first clause's condition is not borrowed
    ("소방차 전용구역에 물건 쌓으면 과태료 얼마고, 진입 막으면 얼마야?",
     ["소방차 전용구역에 물건 쌓으면 과태료 얼마고", "소방차 전용구역에 과태료 진입 막으면 얼마야?"]),
    # a right conjunct of four words runs on to its particle
    ("시립도서관의 현재 대출 권수와 2027년 대출 확대 계획은?",
     ["시립도서관의 현재 대출 권수는?", "시립도서관의 현재 2027년 대출 확대 계획은?"]),
])
def test_compound_questions_split_into_their_parts(kiwi, question, parts):
    assert split_parts(question, kiwi) == parts


@pytest.mark.parametrize("question", [
    "공직자가 직무관련자인 퇴직자와 골프를 치고 신고하지 않았다면 과태료 상한은 얼마인가?",  # 와 = "with"
    "지자체와 수의계약 할 수 있어?",
    "재위탁에 의회 동의가 필요한 근거는?",
    "2024년 민간위탁금은 얼마야?",
])
def test_single_questions_are_not_split(kiwi, question):
    assert split_parts(question, kiwi) == [question]


def _hit(text: str, doc: str, rank: int = 1) -> Hit:
    return Hit(Chunk(f"{doc}#{rank}", doc, rank, text, [], 0, len(text)), 1.0 / rank, rank)


def test_each_part_is_answered_from_its_own_passage(kiwi):
    members = _hit("위원회는 위원장 1명을 포함한 15명 이내의 위원으로 구성한다.", "a.md")
    term = _hit("위원의 임기는 2년으로 하며, 한 차례만 연임할 수 있다.", "b.md")
    passages = [members, term]

    def search(q: str, k: int) -> list[Hit]:
        # a tiny lexical search: passages sharing a word with the part, best first
        scored = sorted(passages, key=lambda h: -sum(w[:2] in h.chunk.text for w in q.split()))
        return [Hit(h.chunk, 1.0, i) for i, h in enumerate(scored[:k], 1)]

    backend = ExtractiveBackend(kiwi, lambda t: 2.0, lambda d: d)
    draft = backend.compose("위원회 위원은 몇 명이고 임기는 몇 년이야?", [members], search=search)
    assert "15명" in draft.text and "2년" in draft.text
    assert len(draft.evidence) == 2
    # without a search (an LLM backend's fallback path) the question is answered as one
    one = backend.compose("위원회 위원은 몇 명이고 임기는 몇 년이야?", [members])
    assert "2년" not in one.text


@pytest.mark.parametrize("question,parts", [
    # colloquial 랑 (Kiwi: "with") coordinating two asked things, "같이" asking them together
    ("현 수탁기관이랑 2024년 위탁금 같이 알려줘", ["현 수탁기관 알려줘?", "현 2024년 위탁금 알려줘?"]),
    # a bare noun phrase asks about both things it names
    ("모니터링 달성률 2022년 목표치랑 실적치", ["모니터링 달성률 2022년 목표치?", "모니터링 달성률 2022년 실적치?"]),
    ("종합성과평가는 뭘 평가하고 몇 점 만점이야?", ["종합성과평가는 뭘 평가하고", "종합성과평가 몇 점 만점이야?"]),
])
def test_colloquial_compounds_split(kiwi, question, parts):
    assert split_parts(question, kiwi) == parts


def test_joint_subjects_of_one_predicate_are_one_question(kiwi):
    q = "직장협의회랑 기관장은 1년에 몇 번 정기 협의해야 해?"
    assert split_parts(q, kiwi) == [q]


def test_with_before_a_verb_is_not_and(kiwi):
    # "수탁기관이랑 재계약할": 랑 marks whom the verb is done with, not a second thing asked
    q = "동물복지지원센터(마포) 현 수탁기관이랑 재계약할 수 있어?"
    assert split_parts(q, kiwi) == [q]


def test_a_part_the_library_does_not_answer_is_named(kiwi):
    members = _hit("위원회는 위원장 1명을 포함한 15명 이내의 위원으로 구성한다.", "a.md")

    def search(q: str, k: int) -> list[Hit]:
        return [members]

    backend = ExtractiveBackend(kiwi, lambda t: 0.0 if t == "수당" else 2.0, lambda d: d)
    draft = backend.compose("위원회 위원은 몇 명이고 수당은 얼마야?", [members], search=search)
    assert "15명" in draft.text
    assert "‘위원회 수당은 얼마야’ 부분은 출처에서 확인되지 않습니다" in draft.text  # which part, to ask again
    assert draft.mode == "evidence"  # not every part verified


def test_a_department_named_in_the_sources_is_no_coordination(kiwi):
    """"<부서>과 <열> 얼마?" asks one cell when the sources write "<부서>과" as a label; without them
    the same words read as two coordinated nouns."""
    from assistant.answering.backend import written_as_name

    def hit(text: str, kind: str = "text") -> Hit:
        return Hit(Chunk("a.txt#1", "a.txt", 1, text, [], 0, len(text), kind=kind), 1.0, 1)

    q = "가나시 결산에서 청년정책과 집행률 몇 %야?"
    assert len(split_parts(q, kiwi)) == 2
    table = hit("부서 | 예산현액 | 집행률\n청년정책과 | 126,730 | 92.4", kind="table")
    assert split_parts(q, kiwi, written_as_name([table])) == [q]
    prose = hit("청년정책과 일자리정책을 함께 추진한다.")  # "and" before the next noun: no label
    assert len(split_parts(q, kiwi, written_as_name([prose]))) == 2
