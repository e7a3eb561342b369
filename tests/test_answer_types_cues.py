"""The kind of value a question asks for, read from its form, and whether a passage holds one."""

from __future__ import annotations

import pytest

from assistant.answering import answer_types as T
from assistant.answering.candidates import Candidate
from assistant.answering.question import answer_type, read_question
from assistant.korean import analyzer as get_analyzer
from assistant.models import Chunk, Hit


@pytest.fixture(scope="module")
def kiwi():
    return get_analyzer()


def cand(text: str, kind: str = "paragraph", chunk_kind: str = "article") -> Candidate:
    chunk = Chunk("d#1", "d", 1, text, [], 0, len(text), kind=chunk_kind)
    return Candidate(Hit(chunk, 1.0, 1), 0, len(text), text, kind)


def frame(kiwi, q: str):
    return read_question(q, kiwi, lambda t: 2.0)


@pytest.mark.parametrize("q,expected", [
    # 정의 inside a word and its particle ("<지정>의", "<선정>의") does not ask a definition
    ("협의체 지정의 취소 사유는 몇 가지야?", "number"),
    ("위원 선정의 방법은 어떻게 돼?", ""),
    ("용어의 정의는 뭐야?", "definition"),
    # which month, which year: a point in time
    ("수당은 어느 달부터 나와?", "date"),
    ("보고서는 몇 월에 내?", "date"),
    # a premise stated with 경우 is not a condition asked
    ("기금을 목적 밖에 쓴 경우 지원은 어떻게 돼?", ""),
    ("어떤 경우에 지정이 취소돼?", "condition"),
    ("등록이 말소되는 경우는?", "condition"),
    # a share asked by where it is set is asked for its instrument, not its figure
    ("운영비 분담 비율은 어디에 따르나?", "org"),
])
def test_answer_type_reads_the_form_not_a_letter_run(q, expected):
    assert answer_type(q) == expected


def test_a_month_fixed_by_an_event_answers_which_month(kiwi):
    fr = frame(kiwi, "수당은 어느 달부터 나와?")
    assert T.answer_type_match(fr, cand("① 수당은 그 신청일이 속한 달부터 지급한다.")) >= 0.8
    assert T.answer_type_match(fr, cand("① 수당은 신청인에게 지급한다.")) < 0.5


def test_a_schedule_of_another_instrument_says_where_a_share_is_set(kiwi):
    fr = frame(kiwi, "운영비 분담 비율은 어디에 따르나?")
    assert T.answer_type_match(fr, cand("① 그 부담비율은 「보조법 시행령」 별표 1에서 정하는 바에 따른다.")) == 1.0


def test_a_rate_asked_of_a_table_is_held_by_a_rate_column(kiwi):
    fr = frame(kiwi, "감사 요구사항의 처리완료율은?")
    count = Candidate(Hit(Chunk("t#1", "t", 1, "합계 | 99 | 69", [], 0, 12, kind="table"), 1.0, 1), 0, 12, "69", "cell",
                      row_label="합계", col_label="처리완료", value="69")
    rate = Candidate(Hit(Chunk("t#1", "t", 1, "합계 | 99 | 69.7", [], 0, 14, kind="table"), 1.0, 1), 0, 14, "69.7", "cell",
                     row_label="합계", col_label="처리완료율", value="69.7")
    assert T.answer_type_match(fr, count) < 0.5
    assert T.answer_type_match(fr, rate) == 1.0


def test_who_a_body_is_made_of_is_its_members_not_the_hand_over(kiwi):
    fr = frame(kiwi, "조합 추천위원회는 누구로 구성돼?")
    members = cand("② 위원회는 다음 각 호의 위원으로 구성한다.\n1. 이사회가 위촉하는 조합원 3명")
    hand_over = cand("④ 그 밖에 위원회 구성과 운영에 필요한 사항은 정관으로 정한다.")
    assert T.answer_type_match(fr, members) == 1.0
    assert T.answer_type_match(fr, hand_over) < 0.5
    # who decides is still answered by the instrument that sets it
    assert T.answer_type_match(frame(kiwi, "수수료는 어디에서 정하는가?"), hand_over) == 1.0


def test_who_in_a_statute_is_a_kind_of_person(kiwi):
    fr = frame(kiwi, "임대주택 임차인 1순위는 누구야?")
    assert T.answer_type_match(fr, cand("1. 제1순위：정비사업으로 철거되는 주택의 세입자")) == 1.0
    assert T.answer_type_match(fr, cand("① 임차인의 자격은 다음 각 호의 순위에 따른다.")) < 0.5


def test_another_rate_of_the_row_is_not_the_asked_one(kiwi):
    fr = frame(kiwi, "문화과 예산현액 대비 이월액 비율은?")
    row = Candidate(Hit(Chunk("t#1", "t", 1, "문화과 | 58,920 | 8,760 | 80.4", [], 0, 30, kind="table"), 1.0, 1), 0, 30,
                    "문화과 | 58,920 | 8,760 | 80.4", "row", row_label="문화과", header=["부서", "예산현액", "이월액", "집행률"])
    assert T.answer_type_match(fr, row) < 0.8
    fr2 = frame(kiwi, "문화과 집행률은?")
    assert T.answer_type_match(fr2, row) == 0.8


def test_a_sanction_asked_is_answered_by_the_penalty_provision(kiwi):
    fr = frame(kiwi, "재단이 허가 없이 재산을 처분한 경우 벌칙은 어떻게 되나요?")
    assert fr.answer_type == "penalty"
    assert T.answer_type_match(fr, cand("제8조를 위반한 자는 2년 이하의 징역이나 500만원 이하의 벌금에 처한다.")) == 1.0
    assert T.answer_type_match(fr, cand("① 재단은 재산을 처분하려는 때에는 허가를 받아야 한다.")) < 0.5


def test_a_report_says_whether_in_its_own_endings(kiwi):
    fr = frame(kiwi, "센터 지금 수탁기관이랑 재계약할 수 있어?")
    assert fr.answer_type == "yesno"
    assert T.answer_type_match(fr, cand("◦ D등급인 센터는 현 수탁기관과 재계약할 수 없으며, 새로 선정함.", "sentence")) == 1.0
    assert T.answer_type_match(fr, cand("- 재계약 불가", "sentence")) == 1.0
    assert T.answer_type_match(fr, cand("◦ 센터는 2019년 개소함.", "sentence")) < 1.0


@pytest.mark.parametrize("q", ["센터 지금 수탁기관이랑 재계약할 수 있어?", "센터 수탁기관은 성과 인센티브 받을 수 있어?"])
def test_a_body_named_as_the_subject_of_a_yes_no_question_is_not_asked(q):
    assert answer_type(q) == "yesno"
    assert answer_type("센터 수탁기관은?") == "org"


def test_who_forms_a_body_and_to_whom_are_not_its_members_or_a_kind_of_person(kiwi):
    forms = frame(kiwi, "분쟁협의회는 누가 구성할 수 있어?")
    assert T.answer_type_match(forms, cand("① 사업자 단체는 대통령령으로 정하는 바에 따라 협의회를 구성할 수 있다.")) == 1.0
    to_whom = frame(kiwi, "인쇄사를 경영하려면 누구에게 신고해?")
    assert T.answer_type_match(to_whom, cand("③ 인쇄사를 경영하는 자가 폐업한 경우에는 말소할 수 있다.")) < 1.0


def test_a_fiscal_year_is_not_a_stated_count():
    from assistant.answering.features import given_values
    assert given_values("2025회계연도 세출 이월액 비율은?") == []
    assert given_values("2024학년도 입학 정원은?") == []
    assert given_values("90일 이용권 요금은?") == ["90일"]
