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
    ("연금은 어느 달에 나와?", "date"),
    ("보고서는 몇 월에 내?", "date"),
    # a premise stated with 경우 is not a condition asked
    ("기금을 목적 밖에 쓴 경우 지원은 어떻게 돼?", ""),
    ("어떤 경우에 지정이 취소돼?", "condition"),
    ("등록이 말소되는 경우는?", "condition"),
    # a share asked by where it is set is asked for its instrument, not its figure
    ("운영비 분담 몫은 어디서 정해?", "org"),
])
def test_answer_type_reads_the_form_not_a_letter_run(q, expected):
    assert answer_type(q) == expected


def test_a_month_fixed_by_an_event_answers_which_month(kiwi):
    fr = frame(kiwi, "연금은 어느 달에 나와?")
    assert T.answer_type_match(fr, cand("① 연금은 그 사유가 발생한 달부터 지급한다.")) >= 0.8
    assert T.answer_type_match(fr, cand("① 연금은 수급권자에게 지급한다.")) < 0.5


def test_a_schedule_of_another_instrument_says_where_a_share_is_set(kiwi):
    fr = frame(kiwi, "운영비 분담 몫은 어디서 정해?")
    assert T.answer_type_match(fr, cand("① 그 분담 몫은 「지원법 시행령」 별표 3에서 정하는 바에 따른다.")) == 1.0


def test_a_rate_asked_of_a_table_is_held_by_a_rate_column(kiwi):
    fr = frame(kiwi, "민원 처리율은?")
    count = Candidate(Hit(Chunk("t#1", "t", 1, "합계 | 80 | 60", [], 0, 12, kind="table"), 1.0, 1), 0, 12, "60", "cell",
                      row_label="합계", col_label="처리", value="60")
    rate = Candidate(Hit(Chunk("t#1", "t", 1, "합계 | 80 | 75.0", [], 0, 14, kind="table"), 1.0, 1), 0, 14, "75.0", "cell",
                     row_label="합계", col_label="처리율", value="75.0")
    assert T.answer_type_match(fr, count) < 0.5
    assert T.answer_type_match(fr, rate) == 1.0


def test_who_a_body_is_made_of_is_its_members_not_the_hand_over(kiwi):
    fr = frame(kiwi, "자문단은 누구로 구성하나?")
    members = cand("② 자문단은 다음 각 호의 위원으로 구성한다.\n1. 회장이 위촉하는 회원 4명")
    hand_over = cand("④ 그 밖에 자문단 구성과 운영에 필요한 사항은 정관으로 정한다.")
    assert T.answer_type_match(fr, members) == 1.0
    assert T.answer_type_match(fr, hand_over) < 0.5
    # who decides is still answered by the instrument that sets it
    assert T.answer_type_match(frame(kiwi, "수수료는 어디에서 정하는가?"), hand_over) == 1.0


def test_who_in_a_statute_is_a_kind_of_person(kiwi):
    fr = frame(kiwi, "입주 우선 대상 첫째는 누구야?")
    assert T.answer_type_match(fr, cand("1. 제1순위：사업으로 수용되는 토지의 소유자")) == 1.0
    assert T.answer_type_match(fr, cand("① 입주 자격은 다음 각 호의 순위에 따른다.")) < 0.5


def test_another_rate_of_the_row_is_not_the_asked_one(kiwi):
    fr = frame(kiwi, "문화과 예산현액 대비 이월액 비율은?")
    row = Candidate(Hit(Chunk("t#1", "t", 1, "문화과 | 58,920 | 8,760 | 80.4", [], 0, 30, kind="table"), 1.0, 1), 0, 30,
                    "문화과 | 58,920 | 8,760 | 80.4", "row", row_label="문화과", header=["부서", "예산현액", "이월액", "집행률"])
    assert T.answer_type_match(fr, row) < 0.8
    fr2 = frame(kiwi, "문화과 집행률은?")
    assert T.answer_type_match(fr2, row) == 0.8


def test_a_sanction_asked_is_answered_by_the_penalty_provision(kiwi):
    fr = frame(kiwi, "보조금을 다른 데 쓰면 처벌 수위는?")
    assert fr.answer_type == "penalty"
    assert T.answer_type_match(fr, cand("제5조를 위반한 자는 1년 이하의 징역 또는 1천만원 이하의 벌금에 처한다.")) == 1.0
    assert T.answer_type_match(fr, cand("① 보조사업자는 보조금을 다른 용도에 사용하려는 때에는 승인을 받아야 한다.")) < 0.5


def test_a_report_says_whether_in_its_own_endings(kiwi):
    fr = frame(kiwi, "협회 운영기관이랑 협약 연장할 수 있어?")
    assert fr.answer_type == "yesno"
    assert T.answer_type_match(fr, cand("◦ 미흡 등급인 협회는 현 운영기관과 협약을 연장할 수 없으며, 새로 선정함.", "sentence")) == 1.0
    assert T.answer_type_match(fr, cand("- 연장 불가", "sentence")) == 1.0
    assert T.answer_type_match(fr, cand("◦ 협회는 2019년 설립함.", "sentence")) < 1.0


@pytest.mark.parametrize("q", ["협회 운영기관이랑 협약 연장할 수 있어?", "협회 운영기관은 포상금 받을 수 있어?"])
def test_a_body_named_as_the_subject_of_a_yes_no_question_is_not_asked(q):
    assert answer_type(q) == "yesno"
    assert answer_type("협회 운영기관은?") == "org"


def test_who_forms_a_body_and_to_whom_are_not_its_members_or_a_kind_of_person(kiwi):
    forms = frame(kiwi, "협의체는 누가 구성하나?")
    assert T.answer_type_match(forms, cand("① 사업자 단체는 대통령령으로 정하는 바에 따라 협의회를 구성할 수 있다.")) == 1.0
    to_whom = frame(kiwi, "서점을 열려면 누구에게 신고해?")
    assert T.answer_type_match(to_whom, cand("③ 서점을 경영하는 자가 폐업한 경우에는 말소할 수 있다.")) < 1.0
