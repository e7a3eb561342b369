"""Question anchors (proper nouns the evidence must name) come from the question alone."""

from __future__ import annotations

from assistant.korean import KoreanAnalyzer


def test_anchors_are_the_questions_own_proper_nouns():
    a = KoreanAnalyzer()
    assert a.anchors("노원구 지도점검 대상은 몇 개야?") == ["노원구"]
    assert a.anchors("") == []


def test_anchors_do_not_depend_on_what_was_analysed_before():
    a = KoreanAnalyzer()
    question = "공공자전거 감면 대상은 누구야?"
    before = a.anchors(question)
    # other texts analysed in the same process (an ingest, earlier answers) tag other words as
    # proper nouns; a question is still read from its own words (retrieval and the answerer alike)
    a.tokens_batch(["대상포진 예방접종 대상 확대", "서울 노원구 대상 지역 공고"])
    assert a.anchors(question) == before
    assert "대상" not in before


def test_verb_stems_of_a_question_do_not_depend_on_what_was_analysed_before():
    # an ingest in the same process analyses every passage; a question must read the same after it
    a = KoreanAnalyzer()
    question = "예산성과금은 얼마까지 줄 수 있어?"
    before = (a.verb_terms(question), a.head_terms(question))
    a.tokens_batch(["보조금을 지원하고 경비를 예산성과금으로 지급한다.", "예산 편성", "줄을 서서 기다린다"])
    assert (a.verb_terms(question), a.head_terms(question)) == before
