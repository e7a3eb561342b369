"""Answers as a researcher sees them: text with clickable [n] markers, then the sources panel
(title, section path, page, and the passage with the supporting span highlighted)."""

from __future__ import annotations

import html
import re

import streamlit as st

from ..models import Answer

_MARK = re.compile(r"\[(\d{1,3})\]")


def highlight(passage: str, quote: str) -> str:
    """HTML of the passage with the quote marked (whitespace-insensitive, as PDF dumps wrap)."""
    if quote:
        i = passage.find(quote)
        if i < 0:  # fall back to a whitespace-insensitive search
            pattern = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", quote))
            m = re.search(pattern, passage)
            span = (m.start(), m.end()) if m else None
        else:
            span = (i, i + len(quote))
        if span:
            a, b = span
            return (
                html.escape(passage[:a]) + "<mark>" + html.escape(passage[a:b]) + "</mark>" + html.escape(passage[b:])
            ).replace("\n", "<br>")
    return html.escape(passage).replace("\n", "<br>")


def answer_html(answer: Answer, key: str) -> str:
    text = html.escape(answer.answer).replace("\n", "<br>")
    return _MARK.sub(lambda m: f'<a href="#src-{key}-{m.group(1)}" title="출처 {m.group(1)}">[{m.group(1)}]</a>', text)


def render_answer(answer: Answer, key: str) -> None:
    st.markdown(answer_html(answer, key), unsafe_allow_html=True)
    for call in answer.tool_calls:
        with st.expander(f"규칙·계산 도구: {call.name}", expanded=False, icon=":material/calculate:"):
            st.json({"args": call.args, "result": call.result, "citations": call.citations})
    if answer.citations:
        with st.expander(f"출처 {len(answer.citations)}건", expanded=True):
            for c in answer.citations:
                page = f" · {c.page}쪽" if c.page else ""
                st.markdown(
                    f'<div id="src-{key}-{c.n}"><b>[{c.n}] {html.escape(c.title)}</b>{page}<br>'
                    f"<small>{html.escape(c.section)} · {html.escape(c.doc)} · 위치 {c.start}–{c.end}</small></div>",
                    unsafe_allow_html=True,
                )
                st.markdown(
                    f'<div class="passage" style="border-left:3px solid #c9d3e0;padding:4px 10px;margin:4px 0 12px 0;'
                    f'font-size:0.9em">{highlight(c.text, c.quote)}</div>',
                    unsafe_allow_html=True,
                )
    elif answer.refused and answer.retrieved:
        with st.expander("가장 가까운 자료", expanded=False):
            for h in answer.retrieved[:5]:
                st.markdown(f"**{html.escape(h.chunk.doc_id)}** · {html.escape(h.chunk.section_path)}")
                st.caption(h.chunk.text[:400])
