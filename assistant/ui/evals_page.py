"""평가 page: pick a shipped suite (evals/) or upload one, run it with a progress bar, read the
summary and the chart by kind, inspect failing items (answer, gold, cited and retrieved passages
side by side) and download the report. pages/2_평가.py only calls `render()`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from ..evals.report import render as render_report
from ..evals.report import summary_frame
from ..evals.runner import EvalReport, ItemResult, run_suite
from ..evals.suite import KINDS, Suite, SuiteError, load_suite, parse_suite, shipped_suites
from ..settings import PROJECT_ROOT
from .render import doc_html, doc_text, highlight

EVALS_DIR = PROJECT_ROOT / "evals"
KIND_LABELS = {"fact": "사실", "number": "수치", "date": "날짜", "article": "근거 조항", "condition": "요건·단서",
               "definition": "정의", "table": "표", "compare": "비교", "rule": "규칙", "eligibility": "재계약 판정",
               "compute": "계산", "multi": "복합", "unanswerable": "답 없음"}


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v * 100:.1f}%"


def choose_suite(folder: Path) -> Suite | None:
    """The suite the user picked or uploaded; validation errors are shown, not raised."""
    source = st.radio("평가 세트", ["기본 제공 세트", "파일 올리기"], horizontal=True, key="eval_source")
    try:
        if source == "기본 제공 세트":
            paths = shipped_suites(folder)
            if not paths:
                st.info(f"{folder}에 평가 세트가 없습니다.")
                return None
            name = st.selectbox("세트", [p.name for p in paths], key="eval_suite")
            return load_suite(folder / name)
        up = st.file_uploader("평가 세트 파일 (JSONL 또는 YAML)", type=["jsonl", "yaml", "yml"], key="eval_upload")
        if up is None:
            return None
        return parse_suite(up.getvalue().decode("utf-8-sig"), up.name)
    except SuiteError as e:
        st.error("평가 세트를 읽을 수 없습니다.\n\n" + "\n".join(f"- {p}" for p in e.problems))
    except UnicodeDecodeError:
        st.error("UTF-8 텍스트 파일이 아닙니다.")
    return None


def run_with_progress(suite: Suite, assistant: Any, k: int) -> EvalReport:
    bar = st.progress(0.0, text=f"0/{len(suite)}")

    def progress(done: int, total: int, item_id: str) -> None:
        bar.progress(done / total, text=f"{done}/{total} · {item_id}")

    report = run_suite(suite, assistant, k=k, progress=progress)
    bar.empty()
    return report


def summary_table(report: EvalReport) -> pd.DataFrame:
    """The summary with Korean kind names and "–" where a measure does not apply (no "None" cells)."""
    df = summary_frame(report)
    df.index = [KIND_LABELS.get(str(k), str(k)) for k in df.index]
    df.index.name = "구분"
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        if col == "n":
            out[col] = df[col].map(lambda v: "–" if pd.isna(v) else f"{int(v)}")
        elif col == "MRR" or col.endswith("(s)"):  # a score and seconds, not rates
            out[col] = df[col].map(lambda v: "–" if pd.isna(v) else f"{v:.3f}")
        else:
            out[col] = df[col].map(lambda v: "–" if pd.isna(v) else f"{v * 100:.1f}%")
    return out


def show_summary(report: EvalReport) -> None:
    s = report.summary()["overall"]
    st.subheader(f"요약 — {', '.join(report.suites)} ({s['n']}문항, k={report.k})")
    cols = st.columns(6)
    for col, (label, key) in zip(cols, [("통과율", "pass_rate"), (f"recall@{report.k}", "recall_at_k"), ("MRR", "mrr"),
                                        ("인용 정밀도", "citation_precision"), ("인용 재현율", "citation_recall"),
                                        ("도구 정확도", "structured_accuracy")]):
        col.metric(label, _pct(s[key]) if key != "mrr" else ("-" if s[key] is None else f"{s[key]:.3f}"))
    st.caption(f"지연 중앙값 {s['latency_median_s']:.3f}s · p95 {s['latency_p95_s']:.3f}s · "
               f"오거절률 {_pct(s['false_refusal_rate'])}")
    st.dataframe(summary_table(report), width="stretch")
    by_kind = report.summary()["by_kind"]
    chart = pd.DataFrame(
        {"통과율": [v["pass_rate"] for v in by_kind.values()],
         f"recall@{report.k}": [v["recall_at_k"] or 0.0 for v in by_kind.values()]},
        index=[KIND_LABELS.get(k, k) for k in by_kind],
    )
    st.markdown("**종류별 통과율·검색 재현율**")
    st.bar_chart(chart, stack=False, horizontal=True)


def _passage_block(title: str, passages: list[dict[str, Any]], golds: list[dict[str, str]], label) -> None:
    from ..evals.metrics import passage_supports
    from ..evals.suite import Source

    st.markdown(f"**{title}**")
    if not passages:
        st.caption("없음")
    for p in passages:
        text = p.get("text") or p.get("quote") or ""
        hit = next((g for g in golds if passage_supports(text, p.get("doc"), Source(g["doc"], g["quote"]))), None)
        body = highlight(text, hit["quote"]) if hit else doc_html(text)
        color = "#1a7f37" if hit else "#c9d3e0"
        # one <div> around all of it: Markdown leaves an HTML block alone (an inline <small> first
        # would make the passage a Markdown paragraph, where a link in it would render)
        st.markdown(f"<div><small>{doc_text(label(p))} · {doc_text(p.get('doc', ''))}</small>"
                    f'<div style="border-left:3px solid {color};padding:2px 8px;margin:2px 0 10px;font-size:.85em">'
                    f"{body}</div></div>", unsafe_allow_html=True)


def show_item(r: ItemResult) -> None:
    st.markdown(f"**질문** {doc_text(r.question)}")
    left, right = st.columns(2)
    left.markdown("**답변**")
    left.text(r.answer or "(빈 답변)")
    right.markdown("**정답**")
    right.text(r.gold)
    for f in r.failures:
        st.caption(f"✘ {doc_text(f)}")
    gold_col, cite_col, ret_col = st.columns(3)
    with gold_col:
        st.markdown("**정답 근거**")
        for g in r.sources:
            st.markdown(f"<div><small>{doc_text(g['doc'])}</small><div style='border-left:3px solid #1a7f37;"
                        f"padding:2px 8px;font-size:.85em'>{doc_html(g['quote'])}</div></div>", unsafe_allow_html=True)
        if not r.sources:
            st.caption("근거 없음 — 거절해야 하는 질문")
    with cite_col:
        _passage_block("인용", r.citations, r.sources, lambda c: f"[{c.get('n')}]")
    with ret_col:
        _passage_block("검색 결과", r.retrieved, r.sources, lambda h: f"#{h.get('rank')}")
    if r.tool_calls:
        st.json([{"name": t.get("name"), "args": t.get("args"), "result": t.get("result")} for t in r.tool_calls],
                expanded=False)


def show_failures(report: EvalReport) -> None:
    failing = report.failures
    st.subheader(f"실패 항목 {len(failing)}건")
    kinds = [k for k in KINDS if any(r.kind == k for r in failing)]
    chosen = st.multiselect("종류", kinds, default=kinds, format_func=lambda k: KIND_LABELS.get(k, k), key="eval_kinds")
    for r in failing:
        if r.kind in chosen:
            with st.expander(f"✘ {doc_text(r.id)} · {KIND_LABELS.get(r.kind, r.kind)} · {doc_text(r.question)}"):
                show_item(r)


def downloads(report: EvalReport) -> None:
    stem = "eval-" + "-".join(Path(s).stem for s in report.suites)
    cols = st.columns(3)
    for col, (fmt, mime) in zip(cols, [("json", "application/json"), ("csv", "text/csv"), ("html", "text/html")]):
        data = render_report(report, fmt).encode("utf-8-sig" if fmt == "csv" else "utf-8")
        col.download_button(f"{fmt.upper()} 내려받기", data, file_name=f"{stem}.{fmt}", mime=mime, key=f"eval_dl_{fmt}")


def render() -> None:
    st.title("평가")
    st.caption("정답이 알려진 질문 세트를 실행해 답변 정확도, 검색·인용 품질, 규칙·계산 도구 결과를 잽니다.")
    suite = choose_suite(EVALS_DIR)
    k = st.number_input("k (검색·인용 평가 범위)", min_value=1, max_value=20, value=5, key="eval_k")
    if suite is not None:
        counts = pd.Series([i.kind for i in suite.items]).value_counts()
        st.caption(f"{suite.name}: {len(suite)}문항 · " + ", ".join(f"{KIND_LABELS.get(k, k)} {n}" for k, n in counts.items()))
    if st.button("평가 실행", type="primary", disabled=suite is None, key="eval_run"):
        from .state import get_assistant

        st.session_state["eval_report"] = run_with_progress(suite, get_assistant(), int(k))
    report: EvalReport | None = st.session_state.get("eval_report")
    if report is None:
        return
    show_summary(report)
    downloads(report)
    show_failures(report)
