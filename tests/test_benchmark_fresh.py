"""The held-out splits (files fresh3_*, fresh2_*, val_*, fresh_*: test, test3, val, test2) are held out from dev by construction.

Issue 9 asks for a fresh test split once the old one has been looked at. Held-out items are written by
people who do not tune the answerer; what code can check is that no held-out item cites a document a
dev item cites (so nothing tuned on a dev document reaches them through it), and that the test split
shares no document with any other split, its statutes and seeds lying in the hash's test bucket.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.bench_corpus import read_documents
from assistant.evals.benchmark import BENCH_DIR, ITEM_FILES, load_items
from assistant.evals.splits import is_fresh, split_of_key

ROOT = Path(__file__).resolve().parent.parent
FRESH_FILES = sorted(p.name for p in BENCH_DIR.glob("*.jsonl") if is_fresh(p.name))


def our_documents() -> set[str]:
    return {d.out for d in read_documents()}


def test_every_fresh_file_is_loaded_by_the_benchmark():
    assert all(name in ITEM_FILES for name in FRESH_FILES)


@pytest.mark.skipif(not FRESH_FILES, reason="아직 새 시험 세트가 없습니다 / no fresh_*.jsonl yet")
def test_held_out_items_cite_no_dev_document():
    """test, test3, val and test2 items (files named fresh3_, fresh2_, val_, fresh_) cite no document a dev item cites."""
    items = load_items()
    held = [b for b in items if is_fresh(b.file)]
    assert held and all(b.split in ("test", "test3", "val", "test2") for b in held)
    assert all(b.split in ("dev", "test1") for b in items if not is_fresh(b.file))
    dev_docs = {s.doc for b in items if b.split == "dev" for s in b.item.sources}
    for b in held:
        for s in b.item.sources:
            assert s.doc not in dev_docs, f"{b.file}:{b.item.id} cites a dev document: {s.doc}"


def test_test_items_cite_only_documents_no_other_split_cites():
    """The test split shares no document with any other split, and its statutes and seeds lie in the
    hash's test bucket (so future dev items will not cite them)."""
    items = load_items()
    other_docs = {s.doc for b in items if b.split != "test" for s in b.item.sources}
    ours = our_documents()
    for b in (b for b in items if b.split == "test"):
        for s in b.item.sources:
            assert s.doc not in other_docs, f"{b.file}:{b.item.id} cites a document of another split: {s.doc}"
            if s.doc not in ours:
                assert split_of_key(s.doc) == "test", f"{b.file}:{b.item.id}: {s.doc} hashes into dev"
