"""The fast benchmark subset through the CLI, as CI runs it: both splits, both baselines beside the
assistant, and the floors of evals/benchmark/thresholds.toml.

Needs the shared statute corpus (../shared/dev-corpus/statutes/); the corpus and index live in
.cache/bench/fast/ and are reused between runs (ingest is incremental).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pytest

from assistant.evals.bench_corpus import default_shared_dir
from assistant.evals.benchmark import DEFAULT_CACHE, STATUTES_SUBDIR

from .conftest import ROOT

SHARED = default_shared_dir()
THRESHOLDS = ROOT / "evals" / "benchmark" / "thresholds.toml"
BASELINES = {"bm25s-kiwi", "langchain-bm25"}

pytestmark = pytest.mark.skipif(
    not (SHARED / STATUTES_SUBDIR).is_dir(),
    reason=f"공유 법령 말뭉치가 없어 벤치마크를 건너뜁니다 / shared statute corpus not found: "
           f"{SHARED / STATUTES_SUBDIR} (the benchmark needs ../shared next to the repository)",
)


@pytest.fixture(scope="module")
def fast_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    md, js = out / "fast.md", out / "fast.json"
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "eval", "--benchmark", "--fast", "--split", "all",
         "--shared", str(SHARED), "--cache", str(DEFAULT_CACHE), "--out", str(md), "--out", str(js)],
        cwd=ROOT, env=dict(os.environ, HF_HUB_OFFLINE="1"), capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc, md.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8"))


def test_fast_report_has_both_splits_and_both_baselines(fast_run):
    proc, md, data = fast_run
    assert set(data["baselines"]) == BASELINES
    assert {"dev", "test1"} <= set(data["summary"])
    assert "test" not in data["summary"]  # the fresh test split stays out of CI logs
    for split in ("dev", "test1"):
        s = data["summary"][split]["all"]
        assert s["n"] > 0 and s["n_retrieval"] > 0
        assert set(s["baselines"]) == BASELINES
        assert all(s["baselines"][b]["recall_at_5"] is not None for b in BASELINES)
        assert f"## {split}" in md
    assert all(b in md for b in BASELINES)
    assert 60 <= data["info"]["items"] <= 110 and data["info"]["fast"]
    assert {r["split"] for r in data["items"]} == {"dev", "test1"}
    assert all({"answer", "failures", "pass", "rank", "baseline_ranks"} <= set(r) for r in data["items"])
    assert "ask" in proc.stderr  # the progress bar
    assert "== dev" in proc.stdout and "== test1" in proc.stdout  # summary tables on stdout


def violations(data: dict, floors: dict) -> list[str]:
    """Every min_/max_ key of the floors file (per split, and per baseline) the report misses."""
    out = []
    for split, conf in floors.items():
        summary = data["summary"][split]["all"]
        checks = [(f"{split}.{k}", summary, k, v) for k, v in conf.items() if k.startswith(("min_", "max_"))]
        for name, bconf in conf.get("baselines", {}).items():
            checks += [(f"{split}.{name}.{k}", summary["baselines"][name], k, v) for k, v in bconf.items()
                       if k.startswith(("min_", "max_"))]
        for label, s, key, limit in checks:
            value = s.get(key[4:])
            if value is None:
                continue  # e.g. no unanswerable item in a split
            if (key.startswith("min_") and value < limit) or (key.startswith("max_") and value > limit):
                out.append(f"{label}: {value:.3f} vs {limit}")
    return out


def test_fast_run_meets_the_floors(fast_run):
    _, _, data = fast_run
    floors = tomllib.loads(THRESHOLDS.read_text(encoding="utf-8"))["fast"]
    assert {"dev", "test1"} <= set(floors)
    assert not violations(data, floors)
    raised = {"dev": {"min_recall_at_5": 1.01, "baselines": {"bm25s-kiwi": {"min_mrr": 1.01}}}}
    assert len(violations(data, raised)) == 2  # the check can fail
