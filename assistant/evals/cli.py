"""`python -m assistant eval SUITE [SUITE...] [--k 5] [--out report.{csv,json,html}] [--min-pass 0.9]`"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _progress(done: int, total: int, item_id: str) -> None:
    print(f"\r[{done}/{total}] {item_id:<24}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def cmd_eval(args: argparse.Namespace) -> int:
    from ..pipeline import Assistant, ensure_index
    from ..settings import load_settings
    from .report import format_summary, write_report
    from .runner import EvalReport, run_suite
    from .suite import SuiteError, load_suite

    try:
        suites = [load_suite(p) for p in args.suites]
    except SuiteError as e:
        print(str(e), file=sys.stderr)
        return 2
    for out in args.out or []:
        if not out.lower().endswith((".csv", ".json", ".html", ".htm")):
            print(f"--out은 .csv, .json, .html 중 하나여야 합니다 / unknown report format: {out}", file=sys.stderr)
            return 2
    settings = load_settings(config_file=args.config, index_dir=args.index, corpus_dir=args.corpus,
                             embedding_model=args.model)
    ensure_index(settings)
    assistant = Assistant(settings)
    reports = []
    for suite in suites:
        if not args.quiet:
            print(f"{suite.name}: {len(suite)}문항", file=sys.stderr)
        report = run_suite(suite, assistant, k=args.k, progress=None if args.quiet else _progress)
        reports.append(report)
        if len(suites) > 1:
            print(f"\n== {suite.name} ==\n{format_summary(report)}")
    total = EvalReport.merge(reports)
    print(f"\n== {'전체' if len(suites) > 1 else suites[0].name} (k={args.k}) ==\n{format_summary(total)}")
    for r in total.failures:
        print(f"  ✘ {r.suite}:{r.id} [{r.kind}] {r.question} — {r.failures[0] if r.failures else ''}")
    for out in args.out or []:
        print(f"보고서 / report: {write_report(total, out)}", file=sys.stderr)
    if args.min_pass is not None and total.pass_rate < args.min_pass:
        print(f"통과율 {total.pass_rate:.3f} < --min-pass {args.min_pass}", file=sys.stderr)
        return 1
    return 0


def register_cli(subparsers: Any, common: argparse.ArgumentParser) -> None:
    s = subparsers.add_parser("eval", parents=[common], help="평가 세트 실행 / run eval suites")
    s.add_argument("suites", nargs="+", help="평가 세트 파일 (.jsonl / .yaml)")
    s.add_argument("--k", type=int, default=5, help="검색·인용 평가에 쓰는 상위 k (기본 5)")
    s.add_argument("--out", action="append", help="항목별 보고서: .csv, .json 또는 .html (여러 번 가능)")
    s.add_argument("--min-pass", type=float, default=None, help="전체 통과율이 이보다 낮으면 종료 코드 1")
    s.add_argument("--quiet", action="store_true", help="진행 표시 없이")
    s.set_defaults(func=cmd_eval)
