"""Draft → HWPX (한/글), through python-hwpx.

HWPX is what council staff write 검토보고서 in. Hancom is strict about the package (the
header's font faces, character/paragraph shapes, styles and border fills must all agree
with the section), so we do not hand-write one: python-hwpx starts from a skeleton made
by Hancom (A4, 함초롬 fonts, 바탕글/각주 styles) and writes footnotes in the shape Hancom
renders. Layout mirrors the DOCX: title, a bold heading per question, body text with
footnotes, the 근거 block indented, and the 출처 list at the end.

One numbering scheme, as in the DOCX: one footnote per source, placed where the source is first
cited; sources are numbered by first citation (layout.py) and Hancom numbers footnotes in order,
so footnote n is the 출처 list's [n]. A later citation of the same source repeats that footnote's
number as "n)" — the shape the skeleton gives Hancom's own footnote marks (DIGIT, suffix ")", not
superscript) — instead of a new footnote.
"""

from __future__ import annotations

import io
from pathlib import Path

from .draft import DraftDocument
from .layout import REFS_HEADING, UNKNOWN_MARK, Layout, Para, Ref, Reference, build_layout

GREY = "#595959"
ACCENT = "#1F3864"


def _hwpx():
    try:
        from hwpx import HwpxDocument
    except ImportError as e:  # an optional format must not break the others
        raise RuntimeError("HWPX 내보내기에는 python-hwpx 패키지가 필요합니다(pip install python-hwpx)") from e
    return HwpxDocument


def _para(doc, para: Para, refs: dict[int, Reference], placed: set[int]) -> None:
    """`placed`: sources whose footnote exists already, across the document."""
    p = doc.add_paragraph("", include_run=False, inherit_style=False)
    grounds = para.kind in ("grounds", "grounds_label")
    indent = "    " * (para.indent + (1 if grounds else 0))
    if para.bullet or indent:
        p.add_run(indent + ("· " if para.bullet else ""))
    italic = para.kind == "refused"
    color = GREY if para.kind in ("refused", "note") else None
    prev_ref = False
    for i, inline in enumerate(para.inlines):
        if isinstance(inline, Ref):
            if inline.number is None:
                p.add_run(f"[{UNKNOWN_MARK}]", color="#C00000")
                prev_ref = False
                continue
            n = inline.number
            if inline.listed:  # "출처: [3]3), [4]" — lists of sources keep their visible numbers
                p.add_run(f"[{n}]")
                if n in placed:  # its footnote is up the page already
                    prev_ref = False
                    continue
            elif prev_ref:
                p.add_run(",")
            if n in placed:  # the footnote's number again, not a second footnote
                p.add_run(f"{n})")
            else:
                # python-hwpx puts the note at the end of the paragraph so far: right after this text
                p.add_footnote(refs[n].footnote_text())
                placed.add(n)
            prev_ref = True
            continue
        prev_ref = False
        text = inline.text
        nxt = para.inlines[i + 1] if i + 1 < len(para.inlines) else None
        if isinstance(nxt, Ref) and nxt.number is not None and not nxt.listed:
            text = text.rstrip()  # the mark sits on the word: "있습니다1)."
        if text:
            p.add_run(text, bold=inline.bold, italic=italic, color=color)


def build_hwpx(draft: DraftDocument):
    """The draft as a python-hwpx `HwpxDocument` (not yet saved)."""
    layout: Layout = build_layout(draft)
    doc = _hwpx().new()
    doc.page.set_header(text=f"{layout.title} · {layout.date}")
    doc.page.set_page_number(prefix="- ", suffix=" -")

    first = doc.paragraphs[0]  # the skeleton's empty first paragraph takes the title
    first.add_run(layout.title, bold=True, size=18, color=ACCENT)
    doc.add_paragraph("", include_run=False, inherit_style=False).add_run(
        f"작성일 {layout.date} · 질의 {len(layout.sections)}건 · 출처 {len(layout.references)}건", size=9, color=GREY
    )
    refs = {r.number: r for r in layout.references}
    placed: set[int] = set()
    for sec in layout.sections:
        doc.add_paragraph("", include_run=False, inherit_style=False)
        doc.add_paragraph("", include_run=False, inherit_style=False).add_run(
            f"{sec.number}. {sec.question}", bold=True, size=13, color=ACCENT
        )
        for para in sec.paras:
            _para(doc, para, refs, placed)
    if layout.references:
        doc.add_paragraph("", include_run=False, inherit_style=False)
        doc.add_paragraph("", include_run=False, inherit_style=False).add_run(REFS_HEADING, bold=True, size=13, color=ACCENT)
        for ref in layout.references:
            p = doc.add_paragraph("", include_run=False, inherit_style=False)
            p.add_run(f"[{ref.number}] ", bold=True)
            p.add_run(ref.source_label())
            if ref.quote:
                doc.add_paragraph("", include_run=False, inherit_style=False).add_run(f"    “{ref.quote}”", size=9, color=GREY)
    return doc


def to_hwpx(draft: DraftDocument, path: str | Path) -> Path:
    """Write the draft as a .hwpx file and return its path."""
    path = Path(path)
    path.write_bytes(to_hwpx_bytes(draft))
    return path


def to_hwpx_bytes(draft: DraftDocument) -> bytes:
    buf = io.BytesIO()
    build_hwpx(draft).save_to_stream(buf)
    return buf.getvalue()
