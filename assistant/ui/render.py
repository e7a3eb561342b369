"""Answers as a researcher sees them: text with clickable [n] markers, then the sources panel
(title, section path, page, and the passage with the supporting span highlighted).

Document text is shown as text. Streamlit renders Markdown almost everywhere — st.markdown,
captions, alerts, toasts, progress texts, expander and widget labels — so a document holding
`![x](http://…)` made every viewer's browser fetch that address, and `[공식 안내](http://…)`
became a live link. Every string that comes from a document (or a file name) — and every
string a user typed that is shown again (questions, conversation and draft titles) — passes
`doc_text` (inline), `doc_lines` (a multi-line question) or `doc_html` (a multi-line passage
inside an HTML block) before it is drawn, all built on the one escaping function
`escape_doc`; no page escapes on its own.
Errors are shown by `friendly_errors`: a short bilingual message with the details behind a
toggle, never a raw traceback.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from ..errors import AssistantError
from ..models import Answer

# Characters that start Markdown or HTML syntax, as numeric character references: the page
# shows them, nothing interprets them. & < > " ' for HTML; [ ] ! for links and images;
# * _ ` ~ | \\ for emphasis, code, tables, escapes; : for autolinks (http://), emoji and
# Streamlit's :material/…: and :red[…]; $ for LaTeX; @ for e-mail autolinks. A heading, list
# or rule marker (# + - = or "1.") matters only at the start of a line: escaped there.
_INERT = {c: f"&#{ord(c)};" for c in "&<>\"'[]!*_`~|\\:$@"}
_WWW = re.compile(r"(?i)(www)\.")  # GFM autolinks "www.x.y" without a scheme
# Streamlit turns bare URLs and e-mail addresses into links after character references are
# decoded (measured in Chromium: "http&#58;//…" still became a link), so outside HTML blocks
# an invisible WORD JOINER goes before "://", after "www" and before "@": shown the same, never linked.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(?=://)|(?<=\bwww)(?=\.)|(?<=[\w.+-])(?=@[\w-])")
_LINE_START = re.compile(r"(?m)^(\s*)([#+=-]|\d+\.)")


def escape_doc(text: object) -> str:
    """The one escaping function: every character that could start Markdown or HTML syntax as
    a character reference, whitespace untouched. Safe in st.markdown with or without
    unsafe_allow_html; the page shows the string exactly as written."""
    out = "".join(_INERT.get(ch, ch) for ch in str(text))
    out = _WWW.sub(r"\1&#46;", out)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + f"&#{ord(m.group(2)[-1])};", out)


def doc_text(text: object) -> str:
    """A document-derived string on one line for places Streamlit renders as Markdown
    (captions, alerts, labels): whitespace runs and line breaks become single spaces, bare
    URLs and e-mail addresses are kept from becoming links, then `escape_doc`."""
    return escape_doc(_AUTOLINK.sub(WORD_JOINER, " ".join(str(text).split())))


def doc_lines(text: object) -> str:
    """A multi-line string for Markdown places (a question typed in the chat): each line as
    `doc_text` would show it, line breaks kept as Markdown hard breaks."""
    return "  \n".join(escape_doc(_AUTOLINK.sub(WORD_JOINER, line)) for line in str(text).splitlines())


def doc_html(text: object) -> str:
    """A multi-line document passage as inert HTML (spaces kept, lines joined by <br>). Put it
    inside an element (e.g. <div>) so Markdown treats the whole as one HTML block."""
    return "<br>".join(escape_doc(line) for line in str(text).split("\n"))


def display_path(path: str | Path, root: str | Path) -> str:
    """A path as the UI shows it: relative to `root` (the corpus folder) when inside it, else
    only its last part — never the server's absolute layout."""
    p, r = Path(path), Path(root)
    for candidate, base in ((p, r), (p.resolve(), r.resolve())):
        try:
            return str(candidate.relative_to(base))
        except ValueError:
            continue
    return p.name


def render_doc_list(docs: Iterable) -> None:
    """The sidebar's document list: title and kind of each indexed document, as text."""
    for d in docs:
        st.caption("• " + doc_text(f"{d.title or d.doc_id} ({d.kind})"))


def show_error(exc: BaseException) -> None:
    """A short bilingual message; the details (type, message, traceback) behind a toggle."""
    if isinstance(exc, AssistantError):
        message = str(exc)  # already bilingual and actionable
    else:
        message = "처리 중 문제가 생겼습니다. 잠시 뒤 다시 시도해 주세요 / something went wrong; please try again"
    st.error(doc_text(message), icon=":material/error:")
    with st.expander("자세히 / details"):
        st.code("".join(traceback.format_exception(exc)), language=None)


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Run a block; on an error show `show_error` and stop this page run (the rest of the page
    would only fail again). Streamlit's own rerun/stop signals pass through untouched."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 — shown to the user instead of a traceback
        show_error(exc)
        st.stop()


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
            return doc_html(passage[:a]) + "<mark>" + doc_html(passage[a:b]) + "</mark>" + doc_html(passage[b:])
    return doc_html(passage)


def render_answer(answer: Answer, key: str) -> None:
    """Text with the 근거 block as a list, copy button, tool table, sources (assistant/ui/sources.py)."""
    from .sources import render_answer as render_parts
    from .state import get_assistant

    index = get_assistant().index
    render_parts(answer, key, title_of=index.title)
