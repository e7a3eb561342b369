"""Relative year words read as calendar years from the document's date (`relative_years`)."""

from assistant.retrieval import relative_years


def test_speech_years_follow_the_document_date() -> None:
    text = "○청년정책과장  올해 9월 말 기준으로 평균 19일까지 줄었습니다. 작년보다 나아졌고 내년에는 더"
    assert relative_years(text, "2025-10-28") == {"2024", "2025", "2026"}
    assert relative_years("지난해 408곳의 1.5배", "2025") == {"2024"}
    assert relative_years("재작년 실적", "2025-01") == {"2023"}


def test_no_date_or_generic_statute_words_give_no_year() -> None:
    assert relative_years("올해 9월 말 기준", None) == set()
    assert relative_years("전년도 실적과 당해 연도 계획", "2025-03-01") == set()
