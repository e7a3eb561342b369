"""The fresh test split (evals/benchmark/fresh_*.jsonl) is held out from dev by construction.

Issue 9 asks for a fresh test split once the old one has been looked at. Its items are written by
people who do not tune the answerer; what code can check is that no fresh item cites a document a dev
item cites (so nothing tuned on a dev document reaches the test split through it), and that the real
statutes and seeds it cites lie in the hash's test bucket (so future dev items will not cite them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evals.benchmark import BENCH_DIR, ITEM_FILES, load_items
from assistant.evals.splits import is_fresh, split_of_key

ROOT = Path(__file__).resolve().parent.parent
FRESH_FILES = sorted(p.name for p in BENCH_DIR.glob("fresh_*.jsonl"))


def our_documents() -> set[str]:
    import tomllib

    manifest = tomllib.loads((BENCH_DIR / "documents" / "manifest.toml").read_text(encoding="utf-8"))
    return {d["out"] for d in manifest["documents"]}


def test_every_fresh_file_is_loaded_by_the_benchmark():
    assert all(name in ITEM_FILES for name in FRESH_FILES)


@pytest.mark.skipif(not FRESH_FILES, reason="아직 새 시험 세트가 없습니다 / no fresh_*.jsonl yet")
def test_fresh_items_are_the_test_split_and_cite_no_dev_document():
    items = load_items()
    fresh = [b for b in items if is_fresh(b.file)]
    assert fresh and all(b.split == "test" for b in fresh)
    assert all(b.split in ("dev", "test1") for b in items if not is_fresh(b.file))
    dev_docs = {s.doc for b in items if b.split == "dev" for s in b.item.sources}
    ours = our_documents()
    for b in fresh:
        for s in b.item.sources:
            assert s.doc not in dev_docs, f"{b.file}:{b.item.id} cites a dev document: {s.doc}"
            if s.doc not in ours:  # a statute or a seed: it must be in the hash's test bucket
                assert split_of_key(s.doc) == "test", f"{b.file}:{b.item.id}: {s.doc} hashes into dev"
