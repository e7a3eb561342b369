"""A question's verbs read in their sentence: a short verb form read alone is often a noun."""

from __future__ import annotations

from assistant.korean import analyzer
from assistant.thesaurus import load_thesaurus


def test_a_verb_read_alone_as_a_noun_is_read_in_its_sentence():
    a = analyzer()
    q = "반년 넘게 회의를 안 연 심의회는 어떻게 돼?"
    assert "열" not in a.tokens(q)  # alone, "연" is the noun (year)
    assert "열" in a.context_terms(q)


def test_context_adds_no_nouns_and_nothing_the_words_already_have():
    a = analyzer()
    q = "구청 보조금 사업비는 얼마야?"
    extra = a.context_terms(q)
    assert not set(extra) & set(a.tokens(q))
    assert all(t not in extra for t in ("구청보조금", "보조금사업비", "사업비얼마"))  # no joins across words


def test_the_context_verb_reaches_the_statute_verb():
    a = analyzer()
    terms = a.context_terms("반년 넘게 회의를 안 연 심의회는 어떻게 돼?")
    assert "개최" in load_thesaurus().expand(terms)


def test_a_typed_bound_reaches_the_statute_words():
    expand = lambda q: load_thesaurus().expand(analyzer().tokens(q) + analyzer().context_terms(q))  # noqa: E731
    assert {"초과", "이상"} & set(expand("면적이 1천 제곱미터 넘으면 허가 받아야 돼?"))
    assert "넘" not in expand("면적이 1천 제곱미터를 초과하면 허가를 받아야 한다")  # one way
