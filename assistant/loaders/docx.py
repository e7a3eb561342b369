"""DOCX (python-docx): body paragraphs and tables in document order, heading styles, and
foot/endnotes after the paragraph that references them.

The body XML is walked directly so paragraphs and tables interleave as written, including
those inside block-level content controls (<w:sdt>, e.g. a table of contents).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.types import ProvidesStoryPart
from lxml import etree

from ..errors import IngestError
from ..models import Document
from . import unpack
from .builder import DocumentBuilder, heading_style
from .xmlsafe import parse_xml

NOTE_PARTS = {"footnotes": "footnote", "endnotes": "endnote"}


def _style(p: Paragraph) -> str | None:
    name = ((p.style.name if p.style is not None else "") or "").strip()
    if name.lower() in ("title", "제목"):
        return "title"
    if style := heading_style(name):
        return style
    lvl = p._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")  # an outline level set on the paragraph itself
    val = lvl.get(qn("w:val"), "") if lvl is not None else ""
    return f"heading{int(val) + 1}" if val.isdigit() and int(val) < 9 else None


def _blocks(parent: etree._Element, owner: ProvidesStoryPart) -> Iterator[Paragraph | Table]:
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, owner)
        elif child.tag == qn("w:tbl"):
            yield Table(child, owner)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content, owner)


def _cell_text(cell: _Cell) -> str:
    parts = []
    for item in _blocks(cell._tc, cell):
        if isinstance(item, Paragraph):
            parts.append(item.text)
        else:  # a nested table, flattened
            parts.extend(" ".join(row) for row in _rows(item))
    return " ".join(" ".join(parts).split())


def _rows(table: Table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        try:
            grid_cells = row.cells  # one per grid column; a vertically merged cell repeats its top cell
        except ValueError:  # a vertical merge with no cell above it: take the cells as written
            grid_cells = tuple(_Cell(tc, table) for tc in row._tr.tc_lst)
        cells, last = [""] * row.grid_cols_before, None
        for c in grid_cells:
            # merged across columns: text in the first grid column, the spanned ones stay empty
            cells.append("" if c._tc is last else _cell_text(c))
            last = c._tc
        rows.append(cells)
    return rows


def _notes(document: DocxDocument, path: Path) -> dict[tuple[str, str], str]:
    """(kind, id) → text of every foot- and endnote."""
    out = {}
    for rel in document.part.rels.values():
        kind = NOTE_PARTS.get(rel.reltype.rsplit("/", 1)[-1])
        if kind is None or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob, path, kind + "s.xml")
        for note in root.iter(qn(f"w:{kind}")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = "".join(t.text or "" for t in note.iter(qn("w:t")))
            if text.strip():
                out[(kind, note.get(qn("w:id"), ""))] = text
    return out


def _referenced(el: etree._Element, notes: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """(style, text) of the notes referenced inside `el`, taken out of `notes`."""
    out = []
    for ref in el.iter(qn("w:footnoteReference"), qn("w:endnoteReference")):
        kind = "footnote" if ref.tag == qn("w:footnoteReference") else "endnote"
        text = notes.pop((kind, ref.get(qn("w:id"), "")), None)
        if text is not None:
            out.append((kind, text))
    return out


def load(path: Path, data: bytes) -> Document:
    # declared sizes checked, then every member inflated once with running counts (python-docx
    # inflates the package itself, unbounded): a bomb stops at the first piece over a limit
    unpack.check_members(unpack.open_zip(path, data), path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises KeyError, ValueError, XMLSyntaxError, … on broken packages
        raise IngestError(str(path), "손상된 DOCX 문서입니다", f"corrupt DOCX document ({e!r})") from e
    b = DocumentBuilder(whole_paragraphs=True)
    notes = _notes(document, path)
    for item in _blocks(document.element.body, document._body):
        if isinstance(item, Paragraph):
            b.line(item.text, style=_style(item))
        else:
            b.table(_rows(item))
        # notes right after the paragraph or table that references them
        for style, text in _referenced(item._element, notes):
            b.line(text, style=style)
    for (kind, _), text in notes.items():  # never referenced: at the end
        b.line(text, style=kind)
    return b.document(path, "docx")
