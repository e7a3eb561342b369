"""Reports: a summary table (overall + by kind), and the per-item report as CSV, JSON or HTML."""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path
from typing import Any

from .runner import EvalReport, ItemResult

COLUMNS = {  # summary key → column header
    "n": "n",
    "pass_rate": "통과율",
    "recall_at_k": "recall@k",
    "mrr": "MRR",
    "citation_precision": "인용 정밀도",
    "citation_recall": "인용 재현율",
    "structured_accuracy": "도구 정확도",
    "false_refusal_rate": "오거절률",
    "latency_median_s": "지연 중앙(s)",
    "latency_p95_s": "지연 p95(s)",
}
CSV_FIELDS = [
    "suite", "id", "kind", "pass", "refused", "recall_at_k", "mrr", "coverage_at_k", "citation_precision",
    "citation_recall", "structured", "latency_s", "question", "answer", "gold", "failures", "cited_chunks",
    "retrieved_chunks", "error",
]


def summary_rows(report: EvalReport) -> list[dict[str, Any]]:
    s = report.summary()
    rows = [{"구분": "전체", **{COLUMNS[k]: s["overall"][k] for k in COLUMNS}}]
    rows += [{"구분": kind, **{COLUMNS[k]: v[k] for k in COLUMNS}} for kind, v in s["by_kind"].items()]
    return rows


def summary_frame(report: EvalReport):
    """pandas DataFrame: one row for all items, then one per kind (k is in the recall column name)."""
    import pandas as pd

    df = pd.DataFrame(summary_rows(report)).set_index("구분").apply(pd.to_numeric)  # None → NaN
    return df.rename(columns={"recall@k": f"recall@{report.k}"})


def format_summary(report: EvalReport) -> str:
    import pandas as pd

    df = summary_frame(report)
    with pd.option_context("display.width", 200, "display.max_columns", 20, "display.float_format", "{:.3f}".format):
        return df.to_string(na_rep="-")


def _row(r: ItemResult) -> dict[str, Any]:
    return {
        "suite": r.suite, "id": r.id, "kind": r.kind, "pass": int(r.passed), "refused": int(r.refused),
        "recall_at_k": r.recall_at_k, "mrr": r.mrr, "coverage_at_k": r.coverage_at_k,
        "citation_precision": r.citation_precision, "citation_recall": r.citation_recall,
        "structured": r.structured, "latency_s": round(r.latency_s, 4), "question": r.question,
        "answer": r.answer, "gold": r.gold, "failures": " | ".join(r.failures),
        "cited_chunks": " ".join(c.get("chunk_id", "") for c in r.citations),
        "retrieved_chunks": " ".join(x.get("chunk_id", "") for x in r.retrieved), "error": r.error or "",
    }


def to_csv(report: EvalReport) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    w.writeheader()
    for r in report.items:
        w.writerow({k: ("" if v is None else v) for k, v in _row(r).items()})
    return buf.getvalue()


def to_json_text(report: EvalReport) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2)


# ---- HTML ---------------------------------------------------------------------------------------

CSS = """
body{font-family:"Noto Sans KR","NanumGothic","Malgun Gothic",sans-serif;margin:24px;color:#1d2733;max-width:1400px}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}table{border-collapse:collapse;margin:8px 0;font-size:.9em}
th,td{border:1px solid #d5dbe3;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f0f3f7}
td.num{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#1a7f37;font-weight:bold}.ng{color:#c62828;font-weight:bold}
.item{border:1px solid #d5dbe3;border-radius:6px;padding:8px 14px;margin:12px 0}.item.fail{border-left:5px solid #c62828}
.cols{display:grid;grid-template-columns:1fr 1fr 1fr;gap:12px}.cols>div{min-width:0}
.passage{border-left:3px solid #c9d3e0;padding:2px 8px;margin:4px 0 8px;font-size:.85em;white-space:pre-wrap}
.passage.hit{border-left-color:#1a7f37;background:#f3faf4}.muted{color:#66707a;font-size:.85em}pre{white-space:pre-wrap;margin:0}
"""


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}"
    return html.escape(str(v))


def _cell(key: str, v: Any) -> str:
    if key == "id" and isinstance(v, str):  # link to the item's details below
        return f'<a href="#item-{html.escape(v)}">{html.escape(v)}</a>'
    return _fmt(v)


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{html.escape(str(k))}</th>" for k in rows[0])
    body = "".join(
        "<tr>" + "".join(f'<td class="{"num" if isinstance(v, (int, float)) else ""}">{_cell(k, v)}</td>' for k, v in r.items()) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _passages(title: str, passages: list[dict[str, Any]], r: ItemResult, label: Any) -> str:
    from .metrics import passage_supports
    from .suite import Source

    golds = [Source(s["doc"], s["quote"]) for s in r.sources]
    parts = [f"<h4>{html.escape(title)}</h4>"]
    if not passages:
        parts.append('<p class="muted">없음</p>')
    for p in passages:
        text = p.get("text") or p.get("quote") or ""
        hit = any(passage_supports(text, p.get("doc"), g) for g in golds)
        parts.append(f'<div class="muted">{html.escape(str(label(p)))} · {html.escape(p.get("doc", ""))}</div>'
                     f'<div class="passage{" hit" if hit else ""}">{html.escape(text)}</div>')
    return "".join(parts)


def _item_html(r: ItemResult) -> str:
    status = '<span class="ok">통과</span>' if r.passed else '<span class="ng">실패</span>'
    gold = "".join(f'<div class="passage">{html.escape(s["quote"])}<div class="muted">{html.escape(s["doc"])}</div></div>'
                   for s in r.sources) or '<p class="muted">(근거 없음 — 거절해야 하는 질문)</p>'
    fails = "".join(f"<li>{html.escape(f)}</li>" for f in r.failures)
    tools = "".join(f"<pre>{html.escape(json.dumps({'name': t.get('name'), 'result': t.get('result')}, ensure_ascii=False)[:1500])}</pre>"
                    for t in r.tool_calls)
    return (
        f'<div class="item{"" if r.passed else " fail"}" id="item-{html.escape(r.id)}">'
        f"<p>{status} <b>{html.escape(r.id)}</b> · {html.escape(r.kind)} · {html.escape(r.suite)} · {r.latency_s:.2f}s</p>"
        f"<p><b>질문</b> {html.escape(r.question)}</p>"
        f"<p><b>답변</b></p><div class=\"passage\">{html.escape(r.answer)}</div>"
        f"<p><b>정답</b> {html.escape(r.gold)}</p>"
        + (f"<ul>{fails}</ul>" if fails else "")
        + (f"<details><summary>도구 호출 {len(r.tool_calls)}건</summary>{tools}</details>" if tools else "")
        + '<div class="cols">'
        + f"<div><h4>정답 근거</h4>{gold}</div>"
        + f"<div>{_passages('인용', r.citations, r, lambda c: '[' + str(c.get('n')) + ']')}</div>"
        + f"<div>{_passages('검색 결과', r.retrieved, r, lambda h: '#' + str(h.get('rank')))}</div>"
        + "</div></div>"
    )


def to_html(report: EvalReport) -> str:
    s = report.summary()
    meta = " · ".join(f"{k}: {s[k]}" for k in ("started", "duration_s", "backend", "embedding_model", "tool_engine") if k in s)
    items = [{"id": r.id, "suite": r.suite, "kind": r.kind, "통과": "✔" if r.passed else "✘",
              f"recall@{report.k}": r.recall_at_k, "MRR": r.mrr, "인용P": r.citation_precision,
              "인용R": r.citation_recall, "도구": r.structured, "지연(s)": round(r.latency_s, 3),
              "질문": r.question} for r in report.items]
    failing = [r for r in report.items if not r.passed]
    return (
        "<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">"
        f"<title>평가 보고서 — {html.escape(', '.join(report.suites))}</title><style>{CSS}</style></head><body>"
        f"<h1>평가 보고서 — {html.escape(', '.join(report.suites))}</h1><p class=\"muted\">{html.escape(meta)}</p>"
        f"<h2>요약 (k={report.k})</h2>{_table(summary_rows(report))}"
        f"<h2>항목별 결과</h2>{_table(items)}"
        f"<h2>실패 항목 {len(failing)}건</h2>{''.join(_item_html(r) for r in failing) or '<p>없음</p>'}"
        f"<h2>통과 항목</h2><details><summary>펼치기</summary>{''.join(_item_html(r) for r in report.items if r.passed)}</details>"
        "</body></html>"
    )


def render(report: EvalReport, fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt == "csv":
        return to_csv(report)
    if fmt == "json":
        return to_json_text(report)
    if fmt in ("html", "htm"):
        return to_html(report)
    raise ValueError(f"보고서 형식은 csv, json, html 중 하나입니다 / unknown report format: {fmt!r}")


def write_report(report: EvalReport, path: str | Path) -> Path:
    """Write the per-item report; the format comes from the extension (.csv / .json / .html)."""
    p = Path(path)
    text = render(report, p.suffix or "json")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8-sig" if p.suffix.lower() == ".csv" else "utf-8")  # BOM: Excel reads Hangul
    return p
