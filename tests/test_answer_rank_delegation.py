"""Which candidate ranks first: a provision that hands the matter down to a decree states no value
(features.delegation, weight `delegation` in data/answer_weights.toml)."""

from __future__ import annotations

from assistant.answering import features as F
from assistant.answering.backend import ExtractiveBackend
from assistant.answering.candidates import candidates_of
from assistant.answering.question import read_question
from assistant.answering.scorer import load_config, rank
from assistant.models import Chunk, Hit

ACT, DECREE = "가나기금법", "가나기금법 시행령"
HAND_OVER = "⑤ 기금 총액 중 기금의 대여 한도 등 대여에 관하여 필요한 사항은 대통령령으로 정한다."
VALUE = "법 제6조제5항에 따른 대여 한도는 총액의 100분의 5 이내로 한다."


def _article(doc: str, title: str, text: str, rank_: int) -> Hit:
    chunk = Chunk(f"{doc}#{rank_}", doc, rank_, text, [title], 0, len(text), kind="article")
    return Hit(chunk, 1.0 / rank_, rank_)


def _frame(kiwi, q: str):
    return read_question(q, kiwi, lambda t: 2.0)


def test_a_hand_over_states_no_value(kiwi):
    fr = _frame(kiwi, "가나기금의 대여 한도는 총액의 얼마야?")
    hand_over = candidates_of(_article("act.md", "제6조(기금의 운용)", HAND_OVER, 1))[0]
    value = candidates_of(_article("decree.md", "제4조(대여 한도)", VALUE, 2))[0]
    assert F.delegation(fr, hand_over) == 0.0
    assert F.delegation(fr, value) is None  # citing the act is no hand-over


def test_who_which_article_or_by_what_is_answered_by_the_hand_over(kiwi):
    hand_over = candidates_of(_article("act.md", "제6조(기금의 운용)", HAND_OVER, 1))[0]
    for q in ("가나기금 대여 한도는 무엇으로 정하도록 돼 있어?", "가나기금 대여 한도의 근거 조항은?"):
        assert F.delegation(_frame(kiwi, q), hand_over) is None, q


def test_the_decree_stating_the_value_outranks_the_act_handing_it_down(kiwi):
    fr = _frame(kiwi, "가나기금의 대여 한도는 기금 총액의 얼마야?")
    titles = {"act.md": ACT, "decree.md": DECREE}
    backend = ExtractiveBackend(kiwi, lambda t: 2.0, lambda d: titles[d])
    hits = [_article("act.md", "제6조(기금의 운용)", HAND_OVER, 1), _article("decree.md", "제4조(대여 한도)", VALUE, 2)]
    cands = backend.candidates(fr, hits)
    best = rank(cands, load_config())[0]
    assert "100분의 5" in best.text
