"""An answer as the chat shows it: the text with [n] links and the 근거 block as a list, a copy
button, the rule/calculation tool as a small table (JSON behind a toggle), and the sources —
document title, page / 제N조 제M항 / section, the table a quoted row belongs to, the passage with
the supporting span marked. A refusal shows the closest passages, readable and cut at a sentence.

Document text is shown as text: escaped for HTML and with Markdown punctuation turned into
entities, inside HTML blocks, so nothing in a document renders as a link, image or list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import streamlit as st

from ..export.layout import GROUNDS_LINE
from ..models import Answer, Citation, Hit
from ..sources import Location, article_of, excerpt, locate, plain
from .chrome import copy_button
from .render import escape_doc

_MARK = re.compile(r"\[(\d{1,3})\]")
_BULLET = re.compile(r"^\s*[-•·]\s+")


def safe(text: str) -> str:
    """HTML-escaped text in which no Markdown syntax survives (entities for its punctuation):
    the app's one escaping function, ui/render.escape_doc."""
    return escape_doc(text)


def _safe_multiline(text: str) -> str:
    return safe(text).replace("\n", "<br>")


def highlight(passage: str, quote: str) -> str:
    """The passage as safe HTML with the quote marked (whitespace-insensitive: PDF dumps wrap)."""
    span = None
    if quote:
        i = passage.find(quote)
        if i >= 0:
            span = (i, i + len(quote))
        else:
            pattern = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", quote))
            m = re.search(pattern, passage) if pattern else None
            span = (m.start(), m.end()) if m else None
    if not span:
        return _safe_multiline(passage)
    a, b = span
    return (
        _safe_multiline(passage[:a]) + "<mark>" + _safe_multiline(passage[a:b]) + "</mark>" + _safe_multiline(passage[b:])
    )


# ---- the answer text ----------------------------------------------------------------------
def _inline(text: str, key: str, titles: dict[int, str]) -> str:
    """A line of answer text: escaped, **bold** kept, [n] as links to the source below."""
    parts = re.split(r"\*\*(.+?)\*\*", text)
    out = []
    for i, part in enumerate(parts):
        piece = safe(part)
        piece = re.sub(
            r"&#91;(\d{1,3})&#93;",  # [n] after safe()
            lambda m: (
                f'<a class="cite-mark" href="#src-{key}-{m.group(1)}" '
                f'title="출처 {m.group(1)}: {html.escape(titles.get(int(m.group(1)), ""), quote=True)}">[{m.group(1)}]</a>'
            ),
            piece,
        )
        out.append(f"<b>{piece}</b>" if i % 2 else piece)
    return "".join(out)


def _grounds_item(text: str, key: str, titles: dict[int, str]) -> str:
    label, sep, rest = text.partition(":")
    if sep and 0 < len(label) <= 12:
        return f"<li><b>{safe(label.strip())}</b>: {_inline(rest.strip(), key, titles)}</li>"
    return f"<li>{_inline(text, key, titles)}</li>"


def answer_body_html(answer: Answer, key: str) -> str:
    """The answer text as HTML: paragraphs, bullet lists, the 근거 block as a boxed list."""
    titles = {c.n: c.title for c in answer.citations}
    blocks: list[str] = []
    items: list[str] = []
    in_grounds = False
    grounds_label = ""

    def flush() -> None:
        nonlocal items
        if items:
            blocks.append("<ul>" + "".join(items) + "</ul>")
            items = []

    for line in answer.answer.strip("\n").split("\n"):
        if not line.strip():
            continue
        g = GROUNDS_LINE.match(line)
        if g and not in_grounds:
            flush()
            in_grounds = True
            grounds_label = f"<b>근거</b>{': ' + _inline(g.group('rest'), key, titles) if g.group('rest') else ''}"
            blocks.append("\x00grounds")
            continue
        if _BULLET.match(line):
            body = _BULLET.sub("", line)
            items.append(_grounds_item(body, key, titles) if in_grounds else f"<li>{_inline(body, key, titles)}</li>")
            continue
        if items and in_grounds:  # a wrapped continuation of the previous item
            items[-1] = items[-1][:-5] + " " + _inline(line.strip(), key, titles) + "</li>"
            continue
        flush()
        blocks.append(f"<p>{_inline(line.strip(), key, titles)}</p>")
    flush()
    if "\x00grounds" in blocks:
        i = blocks.index("\x00grounds")
        body = "".join(blocks[i + 1:])
        blocks = blocks[:i] + [f'<div class="grounds">{grounds_label}{body}</div>']
    return '<div class="answer-body">' + "".join(blocks) + "</div>"


def copy_text(answer: Answer) -> str:
    """What "답 복사" puts on the clipboard: the answer, then its sources by number."""
    lines = [answer.answer.strip()]
    if answer.citations:
        lines.append("")
        lines.append("출처")
        for c in answer.citations:
            loc = locate(c).label()
            lines.append(f"[{c.n}] 「{c.title or c.doc}」" + (f" {loc}" if loc else "") + f" — “{plain(c.quote)}”")
    return "\n".join(lines)


# ---- tools ----------------------------------------------------------------------------------
def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_fmt(v) for v in value) or "—"
    return str(value)


# the rule engine's action names (assistant/rules/engine.py ACTIONS) as the chat says them
VALUE_LABELS = {"new": "신규 위탁", "change": "중요내용 변경", "reentrust": "재위탁", "recontract": "재계약"}
ARG_LABELS = {"eval_score": "종합성과평가 점수", "as_of": "기준일", "action": "행위", "important_change": "중요 변경",
              "before": "이전 값", "after": "이후 값", "unit": "단위", "metric": "지표", "year": "연도", "service": "사무"}


def tool_rows(call: Any) -> list[dict[str, str]]:
    """(항목, 내용) rows of one tool call: inputs, rule and version, result."""
    rows = []
    for k, v in call.args.items():
        if v is not None:
            shown = VALUE_LABELS.get(v, v) if isinstance(v, str) else v
            rows.append({"항목": f"입력 · {ARG_LABELS.get(k, k)}", "내용": _fmt(shown)})
    r = call.result or {}
    rule = " — ".join(str(r[k]) for k in ("rule_title", "basis") if r.get(k))
    if rule:
        rows.append({"항목": "규칙", "내용": rule})
    if r.get("rule_version"):
        rows.append({"항목": "규칙 버전", "내용": str(r["rule_version"])})
    if r.get("as_of") and "as_of" not in call.args:
        rows.append({"항목": "기준일", "내용": str(r["as_of"])})
    if r.get("verdict"):
        rows.append({"항목": "결과", "내용": str(r["verdict"])})
    else:
        scalars = {k: v for k, v in r.items() if isinstance(v, (int, float, str, bool)) and k not in
                   ("rule_title", "basis", "rule_version", "as_of", "rule_id")}
        if scalars:
            rows.append({"항목": "결과", "내용": ", ".join(f"{k} {_fmt(v)}" for k, v in scalars.items())})
    if call.citations:
        rows.append({"항목": "출처", "내용": ", ".join(f"[{n}]" for n in call.citations)})
    return rows


def render_tool_calls(answer: Answer, key: str) -> None:
    for i, call in enumerate(answer.tool_calls):
        with st.expander(f"규칙·계산 도구: {call.name}", expanded=False, icon=":material/calculate:"):
            st.table(tool_rows(call), border="horizontal")
            if st.toggle("JSON 보기", key=f"tool_json_{key}_{i}"):
                st.json({"args": call.args, "result": call.result, "citations": call.citations})


# ---- sources --------------------------------------------------------------------------------
def citation_html(c: Citation, key: str) -> str:
    loc = locate(c)
    label = Location(loc.page, loc.article, loc.paragraph, "").label()  # page / 제N조 제M항 only
    path = c.section
    parts = [f'<div id="src-{key}-{c.n}" class="src">',
             f'<span class="src-head">[{c.n}] {safe(c.title or c.doc)}</span>']
    if label:
        parts.append(f'<span class="src-loc">{safe(label)}</span>')
    if path:
        parts.append(f'<br><span class="src-path">{safe(path)}</span>')
    if c.caption or c.header:
        table = " · ".join(x for x in (f"표 {safe(c.caption)}" if c.caption else "",
                                         f"머리행: {safe(c.header)}" if c.header else "") if x)
        parts.append(f'<div class="src-table">{table}</div>')
    parts.append(f'<div class="passage">{highlight(plain(c.text), plain(c.quote))}</div></div>')
    return "".join(parts)


def hit_location(h: Hit) -> Location:
    article, paragraph = article_of(h.chunk.text, 0, h.chunk.section_path)
    return Location(h.chunk.page, article, paragraph, h.chunk.section_path)


def render_sources(answer: Answer, key: str, title_of: Callable[[str], str] | None = None) -> None:
    if answer.citations:
        with st.expander(f"출처 {len(answer.citations)}건", expanded=True):
            st.markdown("".join(citation_html(c, key) for c in answer.citations), unsafe_allow_html=True)
    elif answer.refused and answer.retrieved:
        title_of = title_of or (lambda d: d)
        with st.expander("가장 가까운 자료", expanded=False):
            rows = []
            for h in answer.retrieved[:5]:
                loc = hit_location(h)
                label = Location(loc.page, loc.article, loc.paragraph, "").label()
                rows.append(
                    f'<div class="src"><span class="src-head">{safe(title_of(h.chunk.doc_id))}</span>'
                    + (f'<span class="src-loc">{safe(label)}</span>' if label else "")
                    + (f'<br><span class="src-path">{safe(h.chunk.section_path)}</span>' if h.chunk.section_path else "")
                    + f'<div class="passage">{_safe_multiline(excerpt(h.chunk.text, 300))}</div></div>'
                )
            st.markdown("".join(rows), unsafe_allow_html=True)


def render_answer(answer: Answer, key: str, title_of: Callable[[str], str] | None = None) -> None:
    st.markdown(answer_body_html(answer, key), unsafe_allow_html=True)
    copy_button(copy_text(answer))
    render_tool_calls(answer, key)
    render_sources(answer, key, title_of)
