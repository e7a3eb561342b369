"""`python -m assistant eval` as a user runs it: summary table, report file, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT


def run_cli(*args: str, index_dir) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "assistant", "eval", *args, "--index", str(index_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_eval_core_writes_report_and_fails_below_min_pass(corpus_settings, tmp_path):
    out = tmp_path / "tmp" / "report.json"
    proc = run_cli("evals/core.jsonl", "--out", str(out), "--min-pass", "1.01", "--quiet",
                   index_dir=corpus_settings.index_dir)
    assert proc.returncode == 1, proc.stderr
    assert "통과율" in proc.stdout and "전체" in proc.stdout and "fact" in proc.stdout  # pandas summary table
    assert "--min-pass 1.01" in proc.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["overall"]["n"] == len(data["items"]) == 60
    assert {"id", "kind", "pass", "answer", "citations", "retrieved", "recall_at_k"} <= set(data["items"][0])
    assert 0 < data["summary"]["overall"]["pass_rate"] < 1.01


def test_broken_suite_names_file_and_line(corpus_settings, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "question": "q", "kind": "fact", "answer": "a", "must_match": ["("]}\n', encoding="utf-8")
    proc = run_cli(str(bad), index_dir=corpus_settings.index_dir)
    assert proc.returncode == 2
    assert "bad.jsonl:1:" in proc.stderr and "sources" in proc.stderr
