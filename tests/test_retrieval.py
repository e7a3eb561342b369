"""Retrieval: paraphrased questions (evals/retrieval.jsonl) find their gold passage in the top 5."""

import json
import re
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "evals" / "retrieval.jsonl"


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def load_gold():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_quotes_exist_in_the_corpus(assistant):
    chunks = assistant.index.all_chunks()
    for item in load_gold():
        assert any(c.doc_id == item["doc"] and squash(item["quote"]) in squash(c.text) for c in chunks), item["id"]


def test_recall_at_5(assistant):
    gold = load_gold()
    misses = []
    for item in gold:
        hits = assistant.search(item["question"], 5)
        if not any(h.chunk.doc_id == item["doc"] and squash(item["quote"]) in squash(h.chunk.text) for h in hits):
            misses.append(item["id"])
    found = len(gold) - len(misses)
    assert len(gold) >= 20
    assert found >= 20, f"recall@5 {found}/{len(gold)}; missed {misses}"


def test_lexical_retrieval_uses_morphemes_not_whitespace(assistant):
    # "위탁금은" shares no whitespace token with "(민간위탁금)"; morphemes connect them
    hits = assistant.index.lexical.search(assistant.analyzer.tokens("위탁금은"), 3)
    texts = [c.text for c in assistant.index.chunks([cid for cid, _ in hits])]
    assert any("민간위탁금" in t for t in texts)
