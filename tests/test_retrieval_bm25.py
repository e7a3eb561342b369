"""BM25 parameters of the lexical index: distinct query terms beat one repeated term."""

from assistant import lexical
from assistant.lexical import LexicalIndex


def _index() -> LexicalIndex:
    idx = LexicalIndex()
    filler = [[f"w{i}", f"v{i}", "공통"] for i in range(20)]  # background: gives the terms their IDF
    idx.add([f"f{i}" for i in range(20)], filler)
    idx.add(
        ["repeats", "covers", "common"],
        [
            # a heading-like passage that says the rarer query word again and again
            ["위탁금"] * 6 + ["공통"],
            # the answer: both of the question's words once, in a longer passage
            ["위탁금", "인건비"] + [f"x{i}" for i in range(8)],
            ["인건비", "공통"],
        ],
    )
    idx.add(["other"], [["인건비", "공통"]])
    return idx


def test_passage_with_more_distinct_terms_ranks_first():
    hits = _index().search(["위탁금", "인건비"], 3)
    assert hits[0][0] == "covers"


def test_textbook_saturation_would_rank_the_repeating_passage_first(monkeypatch):
    # guards the test above: with k1 = 1.2 the repeated term wins, so the test can fail
    monkeypatch.setattr(lexical, "K1", 1.2)
    monkeypatch.setattr(lexical, "B", 0.75)
    hits = _index().search(["위탁금", "인건비"], 3)
    assert hits[0][0] == "repeats"
