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
    ("기금을 목적 밖에 쓴 경우 제재는 어떻게 돼?", ""),
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
