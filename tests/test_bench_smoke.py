"""Keeps benchmarks/ working: the generator and the benchmark on a tiny corpus. Not timed —
the numbers come from `benchmarks/bench.py` itself (docs/performance.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_corpus import generate  # noqa: E402


def test_generator_is_deterministic_and_varied(tmp_path):
    a = generate(40, tmp_path / "a", seed=3, n_questions=30)
    b = generate(40, tmp_path / "b", seed=3, n_questions=30)
    assert a == b and a["pages"] == 40
    files = sorted((tmp_path / "a").glob("gen_*.txt"))
    assert all(f.read_bytes() == (tmp_path / "b" / f.name).read_bytes() for f in files)
    meta = json.loads((tmp_path / "a" / "pages.json").read_text())["files"]
    assert all(5 <= m["pages"] <= 30 for m in meta.values())
    assert all(1300 <= m["chars"] / m["pages"] <= 2300 for m in meta.values())
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len(set(texts)) == len(texts)
    joined = "\n".join(texts)
    for shape in ("합  계 ", "연  도 ", "천원", "Ⅰ.", "◦ ", "제", "조(", "- 1 -"):
        assert shape in joined, shape
    # every question's answer is in the corpus, next to the service it asks about
    questions = [json.loads(line) for line in (tmp_path / "a" / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert questions
    flat = "".join(joined.split())
    for q in questions:
        assert "".join(q["answer"].split()) in flat and q["service"] in flat, q


def test_bench_runs_end_to_end_on_a_tiny_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    generate(12, corpus, seed=5, n_questions=12)
    results = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--corpus", str(corpus), "--sizes", "6,12",
         "--queries", "6", "--warmup", "2", "--lexical-chunks", "500", "--lexical-vocab", "2000",
         "--lexical-queries", "20", "--results", str(results), "--json", str(tmp_path / "r.json"),
         "--index-root", str(tmp_path / "indexes")],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    raw = json.loads((tmp_path / "r.json").read_text())
    assert [r["pages"] for r in raw["ingest"]][-1] == 12
    assert raw["query"]["queries"] == 6 and raw["query"]["search_p95_ms"] > 0
    assert raw["lexical"]["chunks"] == 500
    text = results.read_text(encoding="utf-8")
    assert "pages/s" in text and "recall@5" in text and "Load average" in text
