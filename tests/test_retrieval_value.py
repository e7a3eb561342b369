"""Answer-type match in retrieval: a passage holding the asked kind of value (date, number+unit)."""

from __future__ import annotations

import pytest

from assistant.models import Chunk
from assistant.retrieval import DATE_VALUE, holds_value, wanted_value

from .index_helpers import FILLER_REPORTS, indexed_files


def _chunk(text: str, **kw) -> Chunk:
    return Chunk("c", "d", 0, text, [], 0, len(text), **kw)


def test_wanted_value():
    assert wanted_value("동의안 회부일은 언제인가?") is DATE_VALUE
    people = wanted_value("센터 인원은 몇 명이야?")
    assert people is not None and people.search("센터장 포함 7명") and not people.search("7건")
    days = wanted_value("며칠 안에 신고해야 돼?")
    assert days is not None and days.search("안 날부터 14일 이내에")
    money = wanted_value("2024년 사업비 얼마였어?")
    assert money is not None and money.search("1,205,400천원")
    assert wanted_value("수탁기관은 어디야?") is None


def test_holds_value():
    people = wanted_value("몇 명이야?")
    assert holds_value(_chunk("운영 인원 : 센터장 포함 6명"), people)
    assert not holds_value(_chunk("센터는 상담 업무를 한다."), people)
    # a table's unit is in its header: number cells count
    assert holds_value(_chunk("구분 | 2023년 | 2024년\n인건비 | 742,600 | 768,900", kind="table"), people)
    assert not holds_value(_chunk("구분 | 2023년\n인건비 | 742,600", kind="table"), DATE_VALUE)
    assert holds_value(_chunk("다. 회부일 : 2025. 9. 5."), DATE_VALUE)
    assert not holds_value(None, DATE_VALUE)


@pytest.fixture(scope="module")
def report_assistant(tmp_path_factory):
    from assistant.pipeline import Assistant

    settings = indexed_files(tmp_path_factory.mktemp("value"), {
        "청소년센터_보고.txt": (
            "청소년센터 운영 보고\n\n"
            "1. 센터 개요\n"
            "○ 청소년센터 상담실은 청소년 상담을 맡는다. 상담실 상담 인력은 상담실장이 관리하며 "
            "상담실 상담 일정과 상담실 상담 기록을 상담실장이 점검한다.\n\n"
            "2. 운영 현황\n"
            "○ 상담 인력 : 센터장 포함 7명\n"
        ),
        **FILLER_REPORTS,
    })
    a = Assistant(settings)
    yield a
    a.index.close()


QUESTION = "청소년센터 상담 인력은 몇 명이야?"


def test_passage_with_the_asked_number_comes_first(report_assistant):
    hits = report_assistant.search(QUESTION, 3)
    assert "7명" in hits[0].chunk.text


def test_plain_bm25_prefers_the_passage_repeating_the_topic(report_assistant):
    # guards the test above: without the answer-type match the other passage wins
    tokens = report_assistant.analyzer.tokens(QUESTION)
    first = report_assistant.index.lexical.search(tokens, 1)[0][0]
    assert "7명" not in report_assistant.index.chunks([first])[0].text
