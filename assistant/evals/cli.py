"""`python -m assistant eval SUITE [SUITE...] [--k 5] [--out report.{csv,json,html}] [--min-pass 0.9]`
`python -m assistant eval --benchmark [--split dev|test|all] [--fast] [--out FILE.md|.json] [--shared DIR]
[--no-baselines]` — the multi-document benchmark (assistant/evals/benchmark.py)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _progress(done: int, total: int, item_id: str) -> None:
    print(f"\r[{done}/{total}] {item_id:<24}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def cmd_benchmark(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .bench_report import answer_table, retrieval_table, write
    from .bench_corpus import default_shared_dir
    from .benchmark import DEFAULT_CACHE, BenchOptions, run_benchmark
    from .suite import SuiteError

    for out in args.out or []:
        if not out.lower().endswith((".md", ".json")):
            print(f"--benchmark의 --out은 .md 또는 .json입니다 / benchmark report must be .md or .json: {out}",
                  file=sys.stderr)
            return 2
    if args.corpus:
        print("--benchmark는 벤치마크 말뭉치를 직접 만듭니다; --corpus는 쓰지 않습니다 / "
              "--corpus is ignored with --benchmark", file=sys.stderr)
    opts = BenchOptions(
        split=args.split, fast=args.fast, baselines=not args.no_baselines,
        shared_dir=Path(args.shared) if args.shared else default_shared_dir(),
        cache_dir=Path(args.cache) if args.cache else DEFAULT_CACHE,
        index_dir=Path(args.index) if args.index else None,
        config_file=args.config, embedding_model=args.model, k=args.k, progress=not args.quiet,
    )
    try:
        report = run_benchmark(opts)
    except SuiteError as e:
        print(str(e), file=sys.stderr)
        return 2
    for split, s in report.summary().items():
        print(f"\n== {split} (k={args.k}) ==\n{answer_table(s)}\n\n{retrieval_table(s, report.baselines)}")
    for out in args.out or []:
        print(f"보고서 / report: {write(report, out)}", file=sys.stderr)
    overall = report.summary()
    last = overall.get("all") or next(iter(overall.values()))
    if args.min_pass is not None and (last["all"]["pass_rate"] or 0.0) < args.min_pass:
        print(f"통과율 {last['all']['pass_rate']:.3f} < --min-pass {args.min_pass}", file=sys.stderr)
        return 1
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    if args.benchmark:
        if args.suites:
            print("--benchmark와 평가 세트 파일은 함께 줄 수 없습니다 / give suite files or --benchmark, not both",
                  file=sys.stderr)
            return 2
        return cmd_benchmark(args)
    if not args.suites:
        print("평가 세트 파일 또는 --benchmark가 필요합니다 / give suite files or --benchmark", file=sys.stderr)
        return 2
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
                             embedding_model=args.model, answer_backend=getattr(args, "backend", None),
                             llm_base_url=getattr(args, "llm_url", None), llm_model=getattr(args, "llm_model", None))
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
    backend = total.info.get("backend", "extractive")
    print(f"\n== {'전체' if len(suites) > 1 else suites[0].name} (k={args.k}, 답변 방식 / backend: {backend}) ==\n"
          f"{format_summary(total)}")
    for r in total.failures:
        print(f"  ✘ {r.suite}:{r.id} [{r.kind}] {r.question} — {r.failures[0] if r.failures else ''}")
    for out in args.out or []:
        print(f"보고서 / report: {write_report(total, out)}", file=sys.stderr)
    if args.min_pass is not None and total.pass_rate < args.min_pass:
        print(f"통과율 {total.pass_rate:.3f} < --min-pass {args.min_pass}", file=sys.stderr)
        return 1
    return 0


def register_cli(subparsers: Any, common: argparse.ArgumentParser) -> None:
    s = subparsers.add_parser("eval", parents=[common], help="평가 세트 실행 / run eval suites or the benchmark")
    s.add_argument("suites", nargs="*", help="평가 세트 파일 (.jsonl / .yaml)")
    s.add_argument("--k", type=int, default=5, help="검색·인용 평가에 쓰는 상위 k (기본 5)")
    s.add_argument("--out", action="append", help="항목별 보고서: .csv, .json 또는 .html (여러 번 가능); "
                   "--benchmark는 .md 또는 .json")
    b = s.add_argument_group("다문서 벤치마크 / multi-document benchmark (evals/benchmark/)")
    b.add_argument("--benchmark", action="store_true", help="다문서 벤치마크 실행 (기준선 검색기와 나란히)")
    b.add_argument("--split", choices=["dev", "val", "test", "test3", "test2", "test1", "all"], default="all",
                   help="dev | val (검증 세트) | test (새 시험 세트) | test3, test2, test1 (지난 시험 세트) | all (기본 all)")
    b.add_argument("--fast", action="store_true", help="CI용 고정 부분집합 (약 80문항, 법령 일부)")
    b.add_argument("--shared", help="공유 말뭉치 폴더 (기본 ../shared; dev-corpus/statutes/가 들어 있는 곳)")
    b.add_argument("--cache", help="벤치마크 말뭉치·색인 캐시 폴더 (기본 .cache/bench)")
    b.add_argument("--no-baselines", action="store_true", help="기준선(bm25s-kiwi, LangChain BM25) 생략")
    s.add_argument("--min-pass", type=float, default=None, help="전체 통과율이 이보다 낮으면 종료 코드 1")
    s.add_argument("--quiet", action="store_true", help="진행 표시 없이")
    s.set_defaults(func=cmd_eval)
