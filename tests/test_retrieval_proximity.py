"""Proximity in retrieval: the question's terms standing close together in a passage."""

from __future__ import annotations

import pytest

from assistant.models import Chunk
from assistant.retrieval import proximity


def _chunk(text: str) -> Chunk:
    return Chunk("c", "d", 0, text, [], 0, len(text))


def test_terms_in_one_sentence_beat_the_same_terms_scattered():
    w = {"징계의결": 6.7, "요구서": 6.9, "의결": 3.8}
    together = _chunk("① 위원회는 징계의결등 요구서를 받은 날부터 30일 이내에 징계등에 관한 의결을 해야 한다.")
    scattered = _chunk(
        "① 징계의결등의 요구는 징계등 사유를 증명할 수 있는 관계 자료를 첨부하여 한다.\n"
        "② 위원회는 징계등 혐의자에게 출석을 명할 수 있으며, 혐의자는 서면이나 구술로 진술할 수 있다. "
        "혐의자가 정당한 사유 없이 출석하지 아니하면 서면 심사로 의결할 수 있다.\n"
        "③ 감면 신청은 별지 서식의 신청서와 관계 증빙자료를 첨부한 요구서로 한다."
    )
    assert proximity(together, w) == pytest.approx(1.0)
    assert proximity(scattered, w) < 0.8
    # a term the passage does not hold neither helps nor hurts: the share is of what it holds
    assert proximity(together, {**w, "연장": 4.6}) == pytest.approx(1.0)
    assert proximity(_chunk("관계 없는 문장"), w) == 0.0 and proximity(None, w) == 0.0
