"""Which passages are shown: a neighbouring article of the same document that differs from the best
only by one step of retrieval rank is shown with it (scorer threshold `sibling_margin`)."""

from __future__ import annotations

import dataclasses

from assistant.answering.backend import ExtractiveBackend
from assistant.answering.scorer import load_config
from assistant.models import Chunk, Hit

LAW = "가나위원회 설치법"


def _article(title: str, text: str, rank_: int) -> Hit:
    chunk = Chunk(f"law.md#{rank_}", "law.md", rank_, text, [LAW, title], 0, len(text), kind="article")
    return Hit(chunk, 1.0 / rank_, rank_)


HITS = [
    _article("제9조(회의)", "② 가나위원회의 위원 중 3명은 회의록에 서명하여야 한다.", 1),
    _article("제8조(구성)", "② 가나위원회의 위원은 11명 이상 15명 이하로 한다.", 2),
]
QUESTION = "가나위원회 위원은 몇 명이야?"


def _answer(kiwi, config) -> str:
    backend = ExtractiveBackend(kiwi, lambda t: 2.0, lambda d: LAW, config=config)
    draft = backend.compose(QUESTION, HITS)
    assert draft.mode == "answer"
    return draft.text


def test_a_neighbour_one_retrieval_step_below_is_shown(kiwi):
    text = _answer(kiwi, load_config())
    assert "3명" in text and "11명 이상 15명 이하" in text


def test_a_margin_below_one_retrieval_step_hides_it(kiwi):
    # the same passages with the stop-16 margin: the rank-2 article is never shown (the pin above)
    text = _answer(kiwi, dataclasses.replace(load_config(), sibling_margin=0.06))
    assert "11명" not in text
