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
    """Text with the 근거 block as a list, copy button, tool table, sources (assistant/ui/sources.py)."""
    from .sources import render_answer as render_parts
    from .state import get_assistant

    index = get_assistant().index
    render_parts(answer, key, title_of=index.title)
