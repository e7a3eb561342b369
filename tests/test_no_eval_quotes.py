"""No code comment or docstring quotes a benchmark or suite question (issue 9: "no comment quoting an
eval question"): a rule written for one item shows itself this way. A line of assistant/ sharing a
run of 12 letters (spaces ignored, at least 10 of them Hangul) with any question fails, naming the
line (never the question). The sample export data (assistant/export/sample.py) is data, not a comment."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = 12


def question_runs() -> set[str]:
    runs: set[str] = set()
    for path in (ROOT / "evals").rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            q = re.sub(r"\s+", "", json.loads(line).get("question", ""))
            runs.update(q[i:i + N] for i in range(len(q) - N + 1))
    return {r for r in runs if len(re.findall(r"[가-힣]", r)) >= N - 2}


def test_no_line_of_the_package_quotes_an_eval_question():
    runs = question_runs()
    assert len(runs) > 1000  # the questions were read
    found = []
    for path in sorted((ROOT / "assistant").rglob("*.py")):
        if path.name == "sample.py" and path.parent.name == "export":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            flat = re.sub(r"\s+", "", line)
            if any(flat[i:i + N] in runs for i in range(len(flat) - N + 1)):
                found.append(f"{path.relative_to(ROOT)}:{n}")
    assert not found, "lines quoting an eval question: " + ", ".join(found)
