"""A penalty clause names what is forbidden only by an article number: it reads that article's words."""

from __future__ import annotations

import pytest

from assistant.models import Chunk
from assistant.retrieval import article_no, inherited_share, violated_articles


def _chunk(cid: str, heading: str, text: str, doc: str = "d") -> Chunk:
    return Chunk(cid, doc, 0, text, ["어느 법", heading], 0, len(text), kind="article")


DUTY = _chunk("a9", "제9조(비밀 엄수 의무)", "제9조(비밀 엄수 의무)\n연구원의 임직원은 직무상 알게 된 비밀을 누설하여서는 아니 된다.")
PENALTY = _chunk("a20", "제20조(벌칙)", "제20조(벌칙)\n제9조를 위반한 사람은 2년 이하의 징역 또는 200만원 이하의 벌금에 처한다.")
POOL = {("d", "9"): [DUTY], ("d", "20"): [PENALTY]}
WEIGHTS = {"비밀": 2.0, "누설": 2.0, "징역": 1.0}


def test_article_numbers_and_violated_articles():
    assert article_no(PENALTY) == "20" and article_no(_chunk("x", "제5조의2(활동)", "…")) == "5의2"
    assert violated_articles(PENALTY) == {"9"}
    # "법 제9조", 「…」 제9조 and an article merely followed, not violated, are not inherited from
    assert violated_articles(_chunk("y", "제3조(과태료)", "법 제9조를 위반한 자")) == set()
    assert violated_articles(_chunk("y", "제3조(과태료)", "「주택법」 제9조를 위반한 자")) == set()
    assert violated_articles(_chunk("y", "제3조(신고)", "제9조에 따라 신고하여야 한다.")) == set()
    assert violated_articles(_chunk("y", "제3조(과태료)", "제9조제1항을 위반하여 신고하지 아니한 자")) == {"9"}


def test_the_penalty_clause_inherits_the_forbidden_act_words():
    # 비밀, 누설 are held by 제9조 only; 징역 the clause has itself
    assert inherited_share(PENALTY, POOL, WEIGHTS) == pytest.approx(4 / 5)
    assert inherited_share(DUTY, POOL, WEIGHTS) == 0.0
    assert inherited_share(PENALTY, {}, WEIGHTS) == 0.0  # the violated article not in the pool
    other_doc = _chunk("b20", "제20조(벌칙)", PENALTY.text, doc="e")
    assert inherited_share(other_doc, POOL, WEIGHTS) == 0.0  # another text's 제9조
