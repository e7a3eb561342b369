"""Benchmark building blocks: the dev/test split, the retrieval hit definition, the aggregates,
the fast subset, and both baselines on a tiny corpus (real Kiwi, real bm25s, real LangChain)."""

from __future__ import annotations

import math

import pytest

from assistant.evals.baselines import Bm25sKiwi, KiwiContentTokenizer, LangChainBM25, fixed_chunks
from assistant.evals.benchmark import BenchItem, BenchRow, fast_subset, retrieval_summary, summarize
from assistant.evals.metrics import edge_overlap, first_hit_rank, fixed_chunk_holds
from assistant.evals.splits import split_of, split_of_key
from assistant.evals.suite import Source, SuiteError, parse_suite


def item(id_: str, kind: str = "fact", docs: tuple[str, ...] = ("a.md",), quote: str = "인용문입니다") -> object:
    import json

    obj = {"id": id_, "question": "질문?", "kind": kind, "answer": "답",
           "must_match": [] if kind == "unanswerable" else ["답"],
           "sources": [] if kind == "unanswerable" else [{"doc": d, "quote": quote} for d in docs]}
    return parse_suite(json.dumps(obj, ensure_ascii=False), "t.jsonl").items[0]


# ---- split ------------------------------------------------------------------------------------

def test_split_is_pinned_by_sha1_of_the_first_documents_id():
    # pinned values: a change to the hashing would silently move documents between splits
    assert split_of_key("000_676e27cb4d6cfd79.txt") == "test"
    assert split_of_key("004_984b758faf68b4cd.txt") == "dev"
    assert split_of_key("c") == "test" and split_of_key("a") == "dev"


def test_items_of_one_document_share_a_split_and_unanswerable_items_go_by_id():
    docs = [f"법령{i}.md" for i in range(40)]
    for d in docs:
        assert len({split_of(item(f"{d}-{n}", docs=(d, "other.md"))) for n in range(5)}) == 1
        assert split_of(item("x", docs=(d,))) == {"test": "test1", "dev": "dev"}[split_of_key(d)]
    assert split_of(item("c", kind="unanswerable")) == "test1"
    assert split_of(item("a", kind="unanswerable")) == "dev"


def test_a_files_prefix_decides_its_split_whatever_the_hash():
    for d in ("a.md", "c.md", "법령1.md"):
        assert split_of(item("x", docs=(d,)), "fresh3_statutes.jsonl") == "test"
        assert split_of(item("x", docs=(d,)), "fresh2_statutes.jsonl") == "test3"
        assert split_of(item("x", docs=(d,)), "val_genres.jsonl") == "val"
        assert split_of(item("x", docs=(d,)), "fresh_statutes.jsonl") == "test2"
        assert split_of(item("x", docs=(d,)), "statutes.jsonl") in ("dev", "test1")
    assert split_of(item("a", kind="unanswerable"), "fresh3_genres.jsonl") == "test"


def test_about_thirty_percent_of_documents_are_test():
    share = sum(split_of_key(f"문서-{i}.md") == "test" for i in range(2000)) / 2000
    assert 0.27 < share < 0.33


# ---- hit definition ---------------------------------------------------------------------------

QUOTE = "지방자치단체의 장은 보조금을 교부목적 외의 용도에 사용할 수 없다"


def test_a_passage_holding_the_quote_is_a_hit_ignoring_whitespace():
    assert fixed_chunk_holds("앞 문장. 지방자치단체의 장은\n보조금을 교부목적 외의  용도에 사용할 수 없다. 뒤", QUOTE)
    assert not fixed_chunk_holds("전혀 다른 조문의 내용입니다", QUOTE)


def test_a_window_cut_through_the_quote_counts_from_sixty_percent_at_an_edge():
    q = QUOTE.replace(" ", "")
    n = math.ceil(0.6 * len(q))  # 17 of 28 characters
    assert fixed_chunk_holds("머리말 " + q[:n], QUOTE)  # 60 % run off the end
    assert not fixed_chunk_holds("머리말 " + q[:n - 1], QUOTE)
    assert fixed_chunk_holds(q[-n:] + " 꼬리", QUOTE)  # 60 % from before the start
    assert not fixed_chunk_holds(q[-(n - 1):] + " 꼬리", QUOTE)
    # the same characters in the middle of a window are not an edge cut: the window has the rest
    assert not fixed_chunk_holds("머리말 " + q[:25] + " 다른 내용", QUOTE)
    assert edge_overlap("abc xyz", "xyzw") == 3


def test_first_hit_rank_needs_the_gold_document_and_rank_is_one_based():
    src = [Source("b.md", QUOTE)]
    ranked = [("a.md", QUOTE), ("b.md", "다른 글"), ("b.md", "… " + QUOTE + " …")]
    assert first_hit_rank(ranked, src) == 3
    assert first_hit_rank(ranked[:2], src) is None
    # the assistant's own passages must hold the whole quote; an edge cut counts only for windows
    cut = [("b.md", "머리말 " + QUOTE[:25])]
    assert first_hit_rank(cut, src) is None and first_hit_rank(cut, src, fixed_chunks=True) == 1


def test_recall_and_mrr_from_ranks():
    s = retrieval_summary([1, 3, None, 6])
    assert s["recall_at_1"] == 0.25 and s["recall_at_5"] == 0.5
    assert s["mrr"] == pytest.approx((1 + 1 / 3 + 0 + 1 / 6) / 4)
    assert retrieval_summary([]) == {"recall_at_1": None, "recall_at_5": None, "mrr": None}


def row(id_: str, kind: str, passed: bool, refused: bool, rank: int | None = None, mode: str | None = None,
        split: str = "dev") -> BenchRow:
    return BenchRow(id=id_, file="f", split=split, kind=kind, style="", question="q", gold="g", answer="a",
                    refused=refused, mode=mode, passed=passed, failures=[], latency_s=0.01, rank=rank,
                    baseline_ranks={"bl": 1 if rank else None},
                    sources=[] if kind == "unanswerable" else [{"doc": "d", "quote": "q"}])


def test_refusal_rates_are_over_answerable_and_unanswerable_items_separately():
    rows = [row("1", "fact", True, False, 1, "answer"), row("2", "fact", False, True, 2, "refused"),
            row("3", "number", False, False, None, "evidence"), row("4", "unanswerable", True, True, mode="refused"),
            row("5", "unanswerable", False, False, mode="evidence")]
    s = summarize(rows, ["bl"])
    assert s["n"] == 5 and s["pass_rate"] == 0.4
    assert s["false_refusal_rate"] == pytest.approx(1 / 3)
    assert s["unanswerable_refusal_rate"] == 0.5
    assert s["n_retrieval"] == 3 and s["recall_at_5"] == pytest.approx(2 / 3)
    assert s["modes"] == {"answer": 0.2, "evidence": 0.4, "refused": 0.4}
    assert s["baselines"]["bl"]["recall_at_1"] == pytest.approx(2 / 3)
    assert "modes" not in summarize([row("1", "fact", True, False, 1)])


# ---- fast subset ------------------------------------------------------------------------------

def test_fast_subset_is_deterministic_whole_documents_both_splits_with_distractors():
    statutes = [f"법{i}_법률.md" for i in range(200)]
    items = []
    for i, doc in enumerate(statutes[:60]):
        for n in range(4):
            it = item(f"st-{i}-{n}", docs=(doc,))
            items.append(BenchItem("statutes.jsonl", it, split_of(it)))
    for i in range(30):
        it = item(f"un-{i}", kind="unanswerable")
        items.append(BenchItem("statutes.jsonl", it, split_of(it)))
    chosen = next(b.item.sources[0].doc for b in fast_subset(items, statutes)[0] if b.item.sources)
    fresh = item("fresh-1", docs=(chosen,))  # a held-out item on a document the subset chooses
    items.append(BenchItem("fresh_statutes.jsonl", fresh, split_of(fresh, "fresh_statutes.jsonl")))
    assert all(b.split != "test" for b in fast_subset(items, statutes)[0])  # the fresh split never enters CI
    items.pop()
    picked, corpus = fast_subset(items, statutes)
    rev_items, rev_corpus = fast_subset(list(reversed(items)), list(reversed(statutes)))
    assert {b.item.id for b in rev_items} == {b.item.id for b in picked} and rev_corpus == corpus  # order-free
    again = fast_subset(items, statutes)
    assert [b.item.id for b in picked] == [b.item.id for b in again[0]] and corpus == again[1]
    assert 70 <= len(picked) <= 95
    assert {b.split for b in picked if b.item.sources} == {"dev", "test1"}
    assert {b.split for b in picked if not b.item.sources} == {"dev", "test1"}
    docs = {b.item.sources[0].doc for b in picked if b.item.sources}
    for d in docs:  # every question of a chosen document comes along
        assert sum(b.item.sources[0].doc == d for b in picked if b.item.sources) == 4
    assert docs <= set(corpus) and len(set(corpus) - docs) == 40


# ---- suite schema -----------------------------------------------------------------------------

def test_benchmark_kinds_and_style_validate():
    ok = item("x", kind="article")
    assert ok.kind == "article"
    with pytest.raises(SuiteError, match="compare"):
        item("y", kind="compare", docs=("a.md",))
    assert item("z", kind="compare", docs=("a.md", "b.md")).kind == "compare"
    with pytest.raises(SuiteError, match="style"):
        parse_suite('{"id": "s", "question": "q", "kind": "fact", "answer": "a", "must_match": ["a"], '
                    '"sources": [{"doc": "d", "quote": "q"}], "style": "casual"}', "t.jsonl")


# ---- baselines --------------------------------------------------------------------------------

DOCS = {
    "위탁.md": "제3조(민간위탁금) 시장은 민간위탁금을 매년 예산의 범위에서 지급한다. 민간위탁금의 정산은 "
               "회계연도 종료 후 2개월 이내에 한다.",
    "보조.md": "제5조(보조금의 교부) 구청장은 보조사업자에게 보조금을 교부할 수 있다. 보조금은 목적 외로 "
               "사용할 수 없다.",
    "청년.md": "제2조(정의) 이 조례에서 청년이란 19세 이상 39세 이하인 사람을 말한다. 청년정책위원회를 둔다.",
}


def test_fixed_chunks_overlap_so_every_short_passage_lies_in_one_window():
    text = "".join(chr(0xAC00 + i % 400) for i in range(1730))
    chunks = fixed_chunks("d", text, size=500, overlap=100)
    assert [c.start for c in chunks] == [0, 400, 800, 1200, 1600]
    assert all(len(c.text) == 500 for c in chunks[:-1]) and chunks[-1].text == text[1600:]
    for start in range(0, len(text) - 100, 37):
        assert any(text[start:start + 100] in c.text for c in chunks)


def test_kiwi_tokenizer_keeps_content_morphemes_only():
    toks = KiwiContentTokenizer()("민간위탁금은 언제 정산하나요?")
    assert "민간" in toks or "민간위탁금" in toks or "위탁금" in toks
    assert "은" not in toks and "나요" not in toks and "?" not in toks


def test_both_baselines_rank_the_right_document_on_a_tiny_corpus():
    chunks = [c for d, t in DOCS.items() for c in fixed_chunks(d, t, size=60, overlap=15)]
    kiwi, lc = Bm25sKiwi(chunks), LangChainBM25(chunks)
    # particles glued to nouns ("보조금은"): morphemes match them, a whitespace split does not
    top = kiwi.search("보조금은 누가 교부해?", 3)
    assert top[0][0] == "보조.md" and all(isinstance(t, str) for _, t in top)
    assert lc.search("보조사업자에게 보조금을", 3)[0][0] == "보조.md"  # exact whitespace tokens
    assert kiwi.search("청년 나이 기준은?", 1)[0][0] == "청년.md"
    assert len(lc.search("아무 상관없는 말", 2)) == 2  # stock retriever always returns k
    assert kiwi.search("화성 탐사선", 2) == []  # no known term: bm25s returns nothing


# ---- CLI argument errors (no corpus needed) ---------------------------------------------------

@pytest.mark.parametrize("argv, message", [
    (["eval"], "--benchmark"),
    (["eval", "evals/core.jsonl", "--benchmark"], "not both"),
    (["eval", "--benchmark", "--out", "report.csv"], ".md or .json"),
    (["eval", "--benchmark", "--fast", "--shared", "/nonexistent-shared"], "shared statute corpus not found"),
])
def test_eval_cli_refuses_bad_benchmark_arguments(argv, message, capsys):
    from assistant.cli import main

    code = main(argv)
    assert code in (1, 2)
    assert message in capsys.readouterr().err


def test_direct_answer_precision_counts_wrong_and_unanswerable_direct_answers_against_it():
    rows = [row("1", "fact", True, False, 1, "answer"), row("2", "fact", False, False, 1, "answer"),
            row("3", "unanswerable", False, False, mode="answer"), row("4", "number", True, False, 1, "evidence"),
            row("5", "fact", False, True, 2, "refused")]
    assert summarize(rows)["answer_precision"] == pytest.approx(1 / 3)
