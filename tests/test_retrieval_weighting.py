"""Query weighting in retrieval: question words weigh alike, the named act over its decree."""

from __future__ import annotations

import pytest

from assistant.lexical import LexicalIndex
from assistant.retrieval import is_named_act, named_laws, word_weights


def test_a_compound_word_does_not_outvote_a_plain_word():
    # "산림복지단지 취소": the analyser makes five terms of the compound and one of 취소
    words = [("산림", "복지", "단지", "산림복지", "복지단지"), ("취소",)]
    flat = word_weights(words, alpha=0.0)  # the old weighting: one per term
    assert sum(flat[t] for t in words[0]) == 5 * flat["취소"]
    w = word_weights(words, alpha=0.35)
    assert w["취소"] == 1.0
    assert sum(w[t] for t in words[0]) < 3 * w["취소"]
    assert w["산림"] == pytest.approx(5 ** -0.35)
    # a term in two words of the question counts in both
    assert word_weights([("계획",), ("조성", "계획", "조성계획")], alpha=1.0)["계획"] == pytest.approx(1 + 1 / 3)
    assert word_weights([(), ("위원",)]) == {"위원": 1.0}


def test_search_weighted_uses_the_weights():
    idx = LexicalIndex()
    idx.add(["a", "b", "c"], [["노래연습장", "등록"], ["폐업", "신고"], ["기타"]])
    assert [cid for cid, _ in idx.search_weighted({"노래연습장": 1.0, "폐업": 0.2}, 3)][0] == "a"
    assert [cid for cid, _ in idx.search_weighted({"노래연습장": 0.2, "폐업": 1.0}, 3)][0] == "b"
    # the plain search is the weighted one with weight 1 per token and `extra_weight` per expansion
    assert idx.search(["폐업"], 3, extra=["등록"]) == idx.search_weighted({"폐업": 1.0, "등록": 0.5}, 3)
    assert idx.search_weighted({"없는말": 1.0}, 3) == [] and idx.search_weighted({"폐업": 0.0}, 3) == []


def test_named_laws_join_a_generic_law_word_to_its_name():
    assert named_laws("청년고용촉진 특별법에서 청년은 몇 살까지야?") == ["청년고용촉진특별법"]
    assert named_laws("빈집 특례법상 빈집은?") == ["빈집특례법"]
    assert named_laws("「주택법」에서 도시형 생활주택은?") == ["주택법"]
    assert named_laws("특별법에서 정한 기간은?") == []  # names no law


def test_the_named_act_is_not_its_decree():
    assert is_named_act("주택법", ["주택법"])
    assert not is_named_act("주택법 시행령", ["주택법"])
    assert is_named_act("주택법 시행령", ["주택법시행령"])  # the decree named
    assert is_named_act("공직자의 이해충돌 방지법", ["이해충돌방지법"])  # shortened, letters in order
    assert not is_named_act("공직자의 이해충돌 방지법 시행령", ["이해충돌방지법"])
    assert not is_named_act("하도급거래 공정화에 관한 법률", ["주택법"])
