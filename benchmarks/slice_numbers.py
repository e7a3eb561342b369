"""The vertical slice's headline numbers on corpus/ with the default configuration:
index build time, recall@5 on evals/retrieval.jsonl, ask latency (warm, median and p95).

    .venv/bin/python benchmarks/slice_numbers.py
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from assistant.ingest import ingest
from assistant.pipeline import Assistant
from assistant.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    try:
        settings = load_settings(env={}, index_dir=tmp / "index", corpus_dir=ROOT / "corpus")
        t0 = time.perf_counter()
        report = ingest([settings.corpus_dir], settings)
        build_s = time.perf_counter() - t0
        assistant = Assistant(settings)
        gold = [json.loads(x) for x in (ROOT / "evals" / "retrieval.jsonl").read_text().splitlines() if x.strip()]
        found, rr = 0, 0.0
        for item in gold:
            hits = assistant.search(item["question"], 5)
            ranks = [h.rank for h in hits if h.chunk.doc_id == item["doc"] and squash(item["quote"]) in squash(h.chunk.text)]
            found += bool(ranks)
            rr += 1 / ranks[0] if ranks else 0
        for item in gold[:3]:
            assistant.ask(item["question"])  # warm caches (Kiwi, facts tables)
        lat = []
        for _ in range(3):
            for item in gold:
                t = time.perf_counter()
                assistant.ask(item["question"])
                lat.append(time.perf_counter() - t)
        lat.sort()
        print(f"index build (2 documents, {report.chunks} chunks, incl. model/Kiwi load): {build_s:.2f} s")
        print(f"retrieval recall@5: {found}/{len(gold)} = {found / len(gold):.2f}; MRR@5 {rr / len(gold):.2f}")
        print(f"ask latency warm: median {statistics.median(lat) * 1000:.0f} ms, p95 {lat[int(0.95 * len(lat))] * 1000:.0f} ms")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
