"""An unindexed compound is looked up by the indexed words it is built of."""

from __future__ import annotations

from assistant.retrieval import known_parts

VOCAB = {"개소", "상임", "금지", "차별", "지법", "안부", "출자", "출연", "소일"}


def known(t: str) -> bool:
    return t in VOCAB


def test_a_compound_is_indexed_words_then_at_most_one_bound_syllable():
    assert known_parts("개소일", known) == ["개소"]  # Kiwi reads "개소일은" as 개 + 소일
    assert known_parts("상임위", known) == ["상임"]
    assert known_parts("출자출연", known) == ["출자", "출연"]
    assert known_parts("차별금지법", known) == ["차별", "금지"]


def test_no_parts_for_known_words_short_words_or_a_leading_leftover():
    assert known_parts("개소", known) == []  # too short, and indexed
    assert known_parts("소일", known) == []
    assert known_parts("행안부", known) == []  # 행 + 안부: a syllable left over before a word is no head
    assert known_parts("금지법", known) == ["금지"]  # not 금 + 지법
    assert known_parts("대교협", known) == []
    assert known_parts("abc", known) == []
