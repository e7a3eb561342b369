"""Question anchors (proper nouns the evidence must name) come from the question alone."""

from __future__ import annotations

from assistant.korean import KoreanAnalyzer
from assistant.retrieval import question_anchors


def test_anchors_are_the_questions_own_proper_nouns():
    a = KoreanAnalyzer()
    assert question_anchors(a, "노원구 지도점검 대상은 몇 개야?") == ["노원구"]
    assert question_anchors(a, "") == []


def test_anchors_do_not_depend_on_what_was_analysed_before():
    a = KoreanAnalyzer()
    question = "공공자전거 감면 대상은 누구야?"
    before = question_anchors(a, question)
    # another text once had 대상 tagged as a proper noun: the process-wide set now holds it,
    # but a question is read from its own words (retrieval and the answerer alike)
    a.proper.add("대상")
    assert question_anchors(a, question) == before == a.anchors(question)
    assert "대상" not in before


def test_verb_stems_of_a_question_do_not_depend_on_what_was_analysed_before():
    # an ingest in the same process analyses every passage; a question must read the same after it
    a = KoreanAnalyzer()
    question = "예산성과금은 얼마까지 줄 수 있어?"
    before = (a.verb_terms(question), a.head_terms(question))
    a.tokens_batch(["보조금을 지원하고 경비를 예산성과금으로 지급한다.", "예산 편성"])
    a.verbs.add("예산성과금")  # a stem set grown elsewhere must not leak into this question
    assert (a.verb_terms(question), a.head_terms(question)) == before
