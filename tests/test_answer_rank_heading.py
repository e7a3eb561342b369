"""Which candidate ranks first among one law's articles: the article whose title names what is asked
(features.heading_fit, weight `heading` in data/answer_weights.toml)."""

from __future__ import annotations

from assistant.answering import features as F
from assistant.answering.candidates import candidates_of
from assistant.answering.question import read_question
from assistant.answering.scorer import load_config, rank
from assistant.models import Chunk, Hit

LAW = "가나진흥원법"


def _idf(term: str) -> float:
    return 1.0 if term in {"진흥원", "가나"} else 3.0


def _article(title: str, text: str, rank_: int = 1, doc: str = "law.md") -> Hit:
    chunk = Chunk(f"{doc}#{rank_}", doc, rank_, text, [LAW, title], 0, len(text), kind="article")
    return Hit(chunk, 1.0 / rank_, rank_)


def test_an_article_title_naming_only_what_is_asked_fits_best(kiwi):
    fr = read_question("가나진흥원 임원 구성은 어떻게 돼?", kiwi, _idf)
    own = candidates_of(_article("제6조(임원)", "① 진흥원에 임원으로서 원장 1명을 포함한 7명 이내의 이사와 감사 1명을 둔다."))[0]
    other = candidates_of(_article("제8조(임원의 결격사유)", "① 다음 각 호의 사람은 진흥원의 임원이 될 수 없다."))[0]
    fit_own = F.heading_fit(fr, own, kiwi.tokens, _idf)
    fit_other = F.heading_fit(fr, other, kiwi.tokens, _idf)
    assert fit_own == 1.0 and fit_other is not None and fit_other < 0.5


def test_only_a_statute_article_has_a_heading_fit(kiwi):
    fr = read_question("임원 구성은?", kiwi, _idf)
    text = "임원은 원장 1명과 이사 7명으로 구성한다."
    report = Chunk("r.txt#1", "r.txt", 1, text, ["2. 임원"], 0, len(text), kind="text")
    assert F.heading_fit(fr, candidates_of(Hit(report, 1.0, 1))[0], kiwi.tokens, _idf) is None
    # an article chunk without a "제N조(…)" title has none either
    bare = candidates_of(_article("부칙", "이 법은 공포한 날부터 시행한다."))[0]
    assert F.heading_fit(fr, bare, kiwi.tokens, _idf) is None


def test_the_article_about_the_asked_thing_outranks_its_neighbour(kiwi):
    # both articles hold a count of members and all of the question's words; only their titles differ
    fr = read_question("가나진흥원 위원회 위원은 몇 명이야?", kiwi, _idf)
    from assistant.answering.backend import ExtractiveBackend

    backend = ExtractiveBackend(kiwi, _idf, lambda d: LAW)
    hits = [
        _article("제9조(회의록)", "② 진흥원 위원회는 출석위원 중 위원 3명을 호선하여 회의록에 서명하게 한다.", 1),
        _article("제8조(위원회의 구성)", "② 진흥원 위원회는 위원 11명 이상 15명 이하로 구성한다.", 2, "law2.md"),
    ]
    for h in hits:
        h.rank = 1  # the same retrieval rank: the content decides
    cands = backend.candidates(fr, hits)
    assert "heading" in cands[0].features
    best = rank(cands, load_config())[0]
    assert "11명" in best.text
