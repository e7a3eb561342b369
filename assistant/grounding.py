"""The one place every answer passes through before a user sees it.

- Citation markers [n] must point at evidence the backend actually had; invented markers are
  stripped and the rest renumbered in order of first use.
- Every number stated must appear in a cited passage or in a tool's result. A sentence that
  breaks this is dropped; if nothing grounded is left, the answer becomes a refusal.
- An answer with no citation at all is a refusal: nothing is asserted without a source.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .models import REFUSAL, Answer, Citation, Draft, Hit
from .tables import SENTENCE_SPLIT

MARKER = re.compile(r"\[(\d{1,3})\]")
NUMBER = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?")
# "1.", "2)" list labels and circled numbers are structure, not claims
LIST_LABEL = re.compile(r"^\s*(?:\d{1,2}[.)]\s|[-•·◦]\s)")


def numbers_in(text: str) -> set[str]:
    """Numbers normalised for comparison: commas dropped, trailing zeros of decimals ignored."""
    out = set()
    for m in NUMBER.finditer(MARKER.sub(" ", text)):
        out.add(_norm(m.group()))
    return out


def _norm(num: str) -> str:
    num = num.replace(",", "")
    if "." in num:
        num = num.rstrip("0").rstrip(".")
    return num


def _sentences(text: str) -> list[list[str]]:
    # keep line structure (근거 blocks are line-based); split prose lines at sentence ends
    return [SENTENCE_SPLIT.split(line) for line in text.split("\n")]


def finalize(
    question: str,
    draft: Draft,
    retrieved: list[Hit],
    title_of: Callable[[str], str] = lambda doc_id: doc_id,
    latency_s: float = 0.0,
    backend: str = "extractive",
) -> Answer:
    if draft.refused or not draft.evidence:
        return refusal(question, retrieved, latency_s, backend, draft.tool_calls)
    order: dict[int, int] = {}  # backend evidence number → citation number
    for m in MARKER.finditer(draft.text):
        n = int(m.group(1))
        if 1 <= n <= len(draft.evidence) and n not in order:
            order[n] = len(order) + 1
    if not order:
        return refusal(question, retrieved, latency_s, backend, draft.tool_calls)

    def renumber(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[{order[n]}]" if n in order else ""

    text = MARKER.sub(renumber, draft.text)
    allowed = set()
    for n in order:
        allowed |= numbers_in(draft.evidence[n - 1].chunk.text)
    allowed |= {_norm(x) for x in draft.tool_numbers}
    lines = [" ".join(s for s in line if _grounded(s, allowed)) for line in _sentences(text)]
    text = "\n".join(line for line in lines if line.strip()).strip()
    if not MARKER.search(text):
        return refusal(question, retrieved, latency_s, backend, draft.tool_calls)
    used = {int(m.group(1)) for m in MARKER.finditer(text)}
    citations = []
    for ev_n, cit_n in sorted(order.items(), key=lambda kv: kv[1]):
        if cit_n not in used:
            continue
        ev = draft.evidence[ev_n - 1]
        start, end = ev.chunk.source_span(ev.lo, ev.hi)
        citations.append(
            Citation(
                n=cit_n, doc=ev.chunk.doc_id, title=title_of(ev.chunk.doc_id), section=ev.chunk.section_path,
                quote=ev.quote, text=ev.chunk.text, start=start, end=end, chunk_id=ev.chunk.chunk_id, page=ev.chunk.page,
            )
        )
    # renumber densely if some cited evidence was dropped with its sentence
    dense = {c.n: i for i, c in enumerate(citations, 1)}
    text = MARKER.sub(lambda m: f"[{dense[int(m.group(1))]}]" if int(m.group(1)) in dense else "", text)
    for c in citations:
        c.n = dense[c.n]
    tool_calls = draft.tool_calls
    for call in tool_calls:
        call.citations = [dense[order[n]] for n in call.citations if n in order and order[n] in dense]
    return Answer(question, text, False, citations, retrieved, tool_calls, latency_s, backend)


def _grounded(sentence: str, allowed: set[str]) -> bool:
    body = LIST_LABEL.sub("", sentence)
    return numbers_in(body) <= allowed


def refusal(question: str, retrieved: list[Hit], latency_s: float = 0.0, backend: str = "extractive", tool_calls=None) -> Answer:
    text = f"{REFUSAL}."
    if retrieved:
        text += " 가장 가까운 자료를 아래에 보여 드립니다."
    return Answer(question, text, True, [], retrieved, list(tool_calls or []), latency_s, backend)
