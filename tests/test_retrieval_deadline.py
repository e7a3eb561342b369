"""A deadline question ("언제까지") is answered by a period counted from an event as often as by a date."""

from __future__ import annotations

from assistant.models import Chunk
from assistant.retrieval import holds_value, wanted_value


def _chunk(text: str, **kw) -> Chunk:
    return Chunk("c", "d", 0, text, [], 0, len(text), **kw)


def test_a_period_from_an_event_answers_a_deadline_question():
    deadline = wanted_value("협의회는 구성 신고를 언제까지 마쳐야 해?")
    assert deadline is not None
    assert deadline.search("신고를 받은 날부터 2개월 이내에 완료해야 한다")
    assert deadline.search("임기가 끝나기 6개월 전까지 제출하여야 한다")
    assert deadline.search("사유가 생긴 날부터 1년 이내에 통보하여야 한다")
    assert deadline.search("매년 3월 31일까지")  # a calendar date still counts
    assert deadline.search("통지를 받은 날부터 30일 이내")


def test_a_bare_duration_or_the_question_year_is_no_deadline():
    deadline = wanted_value("협의회는 구성 신고를 언제까지 마쳐야 해?")
    assert deadline is not None
    assert not deadline.search("10년 이상 종사한 사람")  # a qualification, not a deadline
    assert not deadline.search("2024년 하반기 점검 결과")


def test_a_table_of_figures_holds_no_deadline():
    deadline = wanted_value("언제까지 내야 돼?")
    assert deadline is not None
    assert not holds_value(_chunk("구분 | 2023년 | 2024년\n인건비 | 742,600 | 768,900", kind="table"), deadline)
    assert holds_value(_chunk("점검 완료 후 14일 이내에 통보해야 한다"), deadline)
