"""Eval suites: known Q&A pairs run through the assistant, scored for answer accuracy,
retrieval, citation quality, tool results and latency (see docs/evals.md).

    from assistant.evals import load_suite, run_suite, write_report
    report = run_suite("evals/core.jsonl", assistant, k=5)
    write_report(report, "report.html")

Heavy modules (pandas, the pipeline) load only when used, since the CLI imports this package
for every command.
"""

from __future__ import annotations

from .cli import register_cli
from .runner import EvalReport, ItemResult, run_items, run_suite, score_item, summarize
from .suite import KINDS, EvalItem, Source, Suite, SuiteError, load_suite, parse_suite, shipped_suites


def write_report(report: EvalReport, path):  # noqa: ANN001 — thin re-export
    from .report import write_report as _write

    return _write(report, path)


__all__ = [
    "KINDS", "EvalItem", "EvalReport", "ItemResult", "Source", "Suite", "SuiteError", "load_suite", "parse_suite",
    "register_cli", "run_items", "run_suite", "score_item", "shipped_suites", "summarize", "write_report",
]
