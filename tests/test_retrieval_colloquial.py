"""Colloquial verbs bring in the verbs legal drafting uses (one way, data/thesaurus.txt)."""

from __future__ import annotations

from assistant.korean import analyzer
from assistant.thesaurus import load_thesaurus


def _expansion(question: str) -> list[str]:
    return load_thesaurus().expand(analyzer().tokens(question))


def test_typed_verbs_reach_the_statute_verbs():
    assert "변경" in _expansion("정관이 바뀌면 언제까지 보고해?")
    assert "개최" in _expansion("위원회 회의는 얼마나 자주 열려?")
    assert "수립" in _expansion("기본계획은 몇 년마다 세워?")
    assert {"영업", "폐지"} <= set(_expansion("노래연습장 폐업하면 며칠 안에 신고해?"))


def test_the_statute_verb_does_not_bring_in_the_colloquial_one():
    assert "바뀌" not in _expansion("등록사항이 변경되면 신고해야 하나요?")
    assert "열리" not in _expansion("회의는 분기별로 개최한다")
