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


ACT_TITLE, DECREE_TITLE = "다라센터 지원법", "다라센터 지원법 시행령"


def test_the_decree_carrying_out_the_best_article_is_shown_with_it(kiwi):
    from assistant.answering.candidates import candidates_of, carries_out

    titles = {"act.md": ACT_TITLE, "decree.md": DECREE_TITLE, "other.md": "마바법 시행령"}

    def art(doc: str, title: str, text: str, rank_: int) -> Hit:
        chunk = Chunk(f"{doc}#{rank_}", doc, rank_, text, [titles[doc], title], 0, len(text), kind="article")
        return Hit(chunk, 1.0 / rank_, rank_)

    act = art("act.md", "제17조(다라센터)", "③ 장관은 다라센터에 자문위원회를 둘 수 있다.", 1)
    decree = art("decree.md", "제4조(자문위원회)",
                 "① 법 제17조제3항에 따른 다라센터 자문위원회는 위원장 1명을 포함하여 10명 이내의 위원으로 구성한다.", 2)
    a, d = candidates_of(act)[0], candidates_of(decree)[0]
    assert carries_out(d, a, titles.get)
    assert not carries_out(a, d, titles.get)  # the act does not carry out its decree
    # another law's decree citing the same number, or another article of the act, is not its detail
    other = candidates_of(art("other.md", "제2조(위원회)", "법 제17조제3항에 따른 위원회는 5명으로 구성한다.", 3))[0]
    assert not carries_out(other, a, titles.get)
    elsewhere = candidates_of(art("act.md", "제18조(위원)", "① 위원은 장관이 위촉한다.", 4))[0]
    assert not carries_out(d, elsewhere, titles.get)
    backend = ExtractiveBackend(kiwi, lambda t: 2.0, titles.get)
    draft = backend.compose("다라센터 자문위원회는 몇 명으로 구성해?", [act, decree])
    assert draft.mode == "answer" and "10명 이내" in draft.text
