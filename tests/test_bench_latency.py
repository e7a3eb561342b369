"""benchmarks/bench_latency.py: the ingest and ask runs on corpus/ and the before → after report.
Not timed here — the numbers are in benchmarks/latency_results.md."""

from __future__ import annotations

import json
import sys

from .conftest import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_latency  # noqa: E402


def test_ingest_ask_and_report_on_the_seed_corpus(tmp_path):
    items = tmp_path / "items"
    items.mkdir()
    seeds = (ROOT / "evals" / "benchmark" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [line for line in seeds if json.loads(line)["id"] in ("sd-0001", "sd-0035")]  # a fact, a rule (tool)
    (items / "seeds.jsonl").write_text("\n".join(picked) + "\n", encoding="utf-8")
    out, index = tmp_path / "out", tmp_path / "index"
    assert bench_latency.main(["ingest", "--label", "x", "--corpus", str(CORPUS), "--scratch", str(index), "--keep",
                               "--out", str(out)]) == 0
    ing = json.loads((out / "latency_ingest_x.json").read_text(encoding="utf-8"))
    assert ing["files"] == 2 and not ing["errors"] and ing["chunks"] > 0
    assert ing["pages"] == round(ing["chars"] / 1750) and ing["pages_per_s_wall"] > 0
    for label in ("a", "b"):
        assert bench_latency.main(["ask", "--label", label, "--index", str(index), "--corpus", str(CORPUS),
                                   "--items", str(items), "--out", str(out)]) == 0
    run = json.loads((out / "latency_ask_b.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in run["rows"]] == ["sd-0001", "sd-0035"]
    assert [r["tool"] for r in run["rows"]] == [False, True] and all(r["answer_sha"] for r in run["rows"])

    results = tmp_path / "latency_results.md"
    results.write_text("# notes kept\n\n" + bench_latency.START + "old" + bench_latency.END + "\n\nmore notes\n", encoding="utf-8")
    assert bench_latency.main(["report", "--labels", "a,b,x", "--out", str(out), "--results", str(results)]) == 0
    md = results.read_text(encoding="utf-8")
    assert md.startswith("# notes kept") and md.rstrip().endswith("more notes") and "old" not in md
    assert "| answered by a tool | 1 |" in md and "identical to a: 2 of 2 items" in md
    assert "Target p95 < 500 ms" in md and "| x (" in md


def test_report_counts_changed_answers_and_a_missed_target(tmp_path):
    def run(label: str, secs: list[float], shas: list[str]) -> None:
        rows = [{"id": f"i{k}", "split": "dev", "kind": "rule", "tool": True, "error": None, "wall_s": s, "cpu_s": s,
                 "answer_sha": h} for k, (s, h) in enumerate(zip(secs, shas))]
        info = {"kind": "ask", "label": label, "code": str(ROOT), "commit": "abc", "describe": "", "index": str(tmp_path),
                "cpus": 2, "python": "3", "started": "t", "load_start": [1.0], "load_end": [1.0], "open_s": 1,
                "tool_hook_s": 1, "documents": 3, "rows": rows}
        (tmp_path / f"latency_ask_{label}.json").write_text(json.dumps(info), encoding="utf-8")

    run("before", [0.1, 2.0, 3.0], ["x", "y", "z"])
    run("after", [0.1, 0.2, 0.9], ["x", "y", "changed"])
    results = tmp_path / "r.md"
    bench_latency.main(["report", "--out", str(tmp_path), "--results", str(results)])
    md = results.read_text(encoding="utf-8")
    assert "identical to before: 2 of 3 items" in md
    assert "**not met** (after: 830.0 ms)" in md  # p95 of 0.1, 0.2, 0.9 = 0.83 s
    assert "| kind rule | 3 | 2,000.0 / 2,900.0 / 3,000.0 | 200.0 / 830.0 / 900.0 | 200.0 / 830.0 |" in md
