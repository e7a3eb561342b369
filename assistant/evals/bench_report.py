"""The benchmark report as Markdown (tables per split × kind, baselines beside) or JSON (with every item)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..settings import PROJECT_ROOT
from .benchmark import BenchReport

SPLIT_TITLES = {
    "dev": "dev",
    "test": "test (새 시험 세트, 보고용 — 실패를 읽고 코드를 고치지 않습니다 / fresh, report only)",
    "val": "val (검증 세트, 집계만 봅니다 / validation, aggregates only)",
    "test3": "test3 (16차 시험 세트, 집계를 한 번 봄 / stop-16 test split, aggregates seen once)",
    "test2": "test2 (15차 시험 세트, 집계를 한 번 봄 / stop-15 test split, aggregates seen once)",
    "test1": "test1 (지난 시험 세트, 집계를 본 적 있음 / retired test split, aggregates seen)",
    "all": "all",
}
ANSWER_COLS = [  # summary key → header
    ("n", "n"), ("pass_rate", "pass"), ("false_refusal_rate", "false refusal"),
    ("unanswerable_refusal_rate", "unans. refused"), ("recall_at_1", "R@1"), ("recall_at_5", "R@5"),
    ("mrr", "MRR"), ("latency_p50_s", "p50 s"), ("latency_p95_s", "p95 s"),
    ("answer_precision", "direct-answer precision"),
]


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_fmt(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def answer_table(split_summary: dict[str, Any]) -> str:
    groups = [*split_summary["by_kind"].items(), ("**all**", split_summary["all"])]
    with_modes = any("modes" in s for _, s in groups)
    header = ["kind"] + [h for _, h in ANSWER_COLS] + (["answer / evidence / refused"] if with_modes else [])
    rows = []
    for kind, s in groups:
        row = [kind] + [s.get(key) for key, _ in ANSWER_COLS]
        if with_modes:
            m = s.get("modes") or {}
            row.append(" / ".join(_fmt(m.get(x)) for x in ("answer", "evidence", "refused")) if m else None)
        rows.append(row)
    return _table(header, rows)


def retrieval_table(split_summary: dict[str, Any], baselines: list[str]) -> str:
    systems = ["assistant"] + baselines
    header = ["kind", "n"] + [f"{s} {m}" for s in systems for m in ("R@1", "R@5", "MRR")]
    rows = []
    for kind, s in [*split_summary["by_kind"].items(), ("**all**", split_summary["all"])]:
        if not s["n_retrieval"]:
            continue
        row: list[Any] = [kind, s["n_retrieval"]]
        for name in systems:
            r = s if name == "assistant" else s["baselines"].get(name, {})
            row += [r.get("recall_at_1"), r.get("recall_at_5"), r.get("mrr")]
        rows.append(row)
    return _table(header, rows)


def _shown_path(path: str) -> str:
    """Inside the project: relative to it (reports are committed; absolute paths name one machine)."""
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return path


def header_lines(report: BenchReport) -> list[str]:
    i = report.info
    ing = i.get("ingest", {})
    pages = f", ≈{i['corpus_pages']:,} pages of {1750:,} chars" if i.get("corpus_pages") else ""
    return [
        f"- run {i.get('started')} · commit `{i.get('commit')}` · split {i.get('split')}"
        f"{' · **fast subset**' if i.get('fast') else ''} · {i.get('items')} items · {i.get('duration_s')} s",
        f"- corpus: {i.get('documents')} documents, {i.get('chunks'):,} chunks{pages} "
        f"(`{_shown_path(i.get('corpus_dir', ''))}`)",
        f"- ingest: {ing.get('added', 0)} added, {ing.get('updated', 0)} updated, {ing.get('unchanged', 0)} unchanged, "
        f"{ing.get('removed', 0)} removed, {len(ing.get('errors', []))} errors, {ing.get('seconds')} s",
        f"- answerer: backend {i.get('backend')}, embedding {i.get('embedding_model')}; retrieval k={i.get('k')}",
        f"- baselines: {', '.join(report.baselines) or 'none'} (fixed {500}-char windows, {100} overlap, same loader text)",
    ]


def to_markdown(report: BenchReport, dev_failures: bool = True) -> str:
    summary = report.summary()
    parts = ["# 다문서 벤치마크 / multi-document benchmark", "", *header_lines(report), "",
             "pass: every must_match matches and no must_not_match (unanswerable: refused). false refusal: "
             "answerable items refused. R@1/R@5/MRR (at k=5): a retrieved passage of the gold document "
             "holds the gold quote (whitespace ignored; baseline windows also when ≥ 60 % of the quote "
             "sits at an edge). Latency: wall time of a warm `Assistant.ask`."]
    for split, s in summary.items():
        parts += ["", f"## {SPLIT_TITLES.get(split, split)}", "", answer_table(s), "",
                  f"### retrieval — assistant vs baselines ({split})", "", retrieval_table(s, report.baselines)]
    failing = [r for r in report.rows if r.split == "dev" and not r.passed]
    if dev_failures and failing:
        parts += ["", f"## dev failures ({len(failing)})", "", "<details><summary>show</summary>", ""]
        for r in failing:
            answer = " ".join(r.answer.split())[:160]
            parts.append(f"- `{r.id}` [{r.kind}] {r.question} — {r.failures[0] if r.failures else ''} "
                         f"(rank {r.rank or '–'}) → {answer}")
        parts += ["", "</details>"]
    return "\n".join(parts) + "\n"


def to_json_text(report: BenchReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=1)


def write(report: BenchReport, path: str | Path) -> Path:
    """.md → Markdown, .json → JSON (every item with its answer and failure reasons)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".md", ".json"):
        raise ValueError(f"벤치마크 보고서는 .md 또는 .json입니다 / benchmark report must be .md or .json: {p}")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(to_markdown(report) if suffix == ".md" else to_json_text(report), encoding="utf-8")
    return p
