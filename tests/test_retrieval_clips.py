"""Two-syllable clips read from the document titles (`title_clip_parts`), and 의결 → 가결."""

from __future__ import annotations

from assistant.korean import analyzer
from assistant.retrieval import title_clip_parts
from assistant.thesaurus import load_thesaurus

VOCAB = {"행정", "사무", "감사", "지적", "사항", "예산", "행복", "처리", "결과"}
TITLES = ["중랑구의회 2024년 행정사무감사 지적사항 처리결과", "2025년 예산안 검토보고"]


def _clip(term: str, titles: list[str], vocab: set[str] = VOCAB) -> list[str]:
    return title_clip_parts(term, titles, vocab.__contains__, analyzer().tokens)


def test_clip_reads_the_title_word_it_was_cut_from() -> None:
    assert sorted(_clip("행감", TITLES)) == ["감사", "행정"]


def test_known_words_and_clips_no_title_holds_are_left_alone() -> None:
    assert _clip("예산", TITLES) == []  # the index knows it
    assert _clip("행결", ["2025년 예산안 검토보고"]) == []
    assert _clip("행정감", TITLES) == []  # not two syllables: known_parts reads those


def test_a_clip_with_two_readings_is_not_expanded() -> None:
    assert _clip("행감", TITLES + ["행복감사 운동 결과보고"]) == []


def test_decided_brings_in_passed() -> None:
    expansion = load_thesaurus().expand(analyzer().tokens("동의안을 어떻게 의결했어?"))
    assert "가결" in expansion
    assert "의결" not in load_thesaurus().expand(analyzer().tokens("원안대로 가결되었다"))
