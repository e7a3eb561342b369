"""HWPX (OWPML, KS X 6101): a ZIP package whose Contents/section*.xml hold the body.

Body: <hp:p> paragraphs → <hp:run> → <hp:t> text; a <hp:tbl> (rows <hp:tr>, cells <hp:tc>
with <hp:cellAddr>) sits inside a run, as do text boxes (shapes with <hp:subList>) and
foot/endnotes (<hp:ctrl><hp:footNote>). Paragraphs keep their order within and across
sections (spine of Contents/content.hpf); tables become table blocks at their anchor;
notes follow the paragraph that references them. Elements are matched by local name, so
the 2011 and later namespace URIs both work.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..errors import IngestError
from ..models import Document
from . import unpack
from .builder import DocumentBuilder, heading_style
from .walk import Cell, CellText, Notes, Sink, grid
from .xmlsafe import local, parse_xml

SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
NOTES = {"footNote": "footnote", "endNote": "endnote"}


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (c for c in el if local(c) == name)


def _t_text(t: etree._Element) -> str:
    """<hp:t> holds text plus inline marks (<hp:tab/>, <hp:lineBreak/>, …) with text in their tails."""
    out = [t.text or ""]
    for child in t:
        name = local(child)
        out.append("\t" if name == "tab" else "\n" if name == "lineBreak" else " " if name in ("fwSpace", "nbSpace") else "")
        out.append(child.tail or "")
    return "".join(out)


def _sublists(el: etree._Element) -> Iterator[etree._Element]:
    """The outermost <hp:subList>s under a shape (text boxes); of a <hp:switch>, one branch only."""
    for child in el:
        name = local(child)
        if name == "subList":
            yield child
        elif name == "switch":
            branches = list(_children(child, "default")) or list(_children(child, "case"))[:1]
            for branch in branches:
                yield from _sublists(branch)
        else:
            yield from _sublists(child)


class Walker:
    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.notes = Notes()

    def paragraph(self, p: etree._Element, sink: Sink) -> None:
        buf: list[str] = []
        style = self.styles.get(p.get("styleIDRef", ""))

        def flush() -> None:
            if buf:
                sink.line("".join(buf), style=style)
                buf.clear()

        for run in _children(p, "run"):
            for el in run:
                name = local(el)
                if name == "t":
                    buf.append(_t_text(el))
                elif name == "tbl":
                    flush()
                    self.table(el, sink)
                elif name == "ctrl":
                    for note in el:
                        if local(note) in NOTES:
                            self.notes.add(NOTES[local(note)], self.plain(note))
                elif name not in ("secPr", "linesegarray"):
                    for sub in _sublists(el):  # text boxes and other shapes with text
                        flush()
                        for inner in _children(sub, "p"):
                            self.paragraph(inner, sink)
        flush()

    def plain(self, el: etree._Element) -> str:
        cell = CellText()
        for sub in _sublists(el):
            for p in _children(sub, "p"):
                self.paragraph(p, cell)
        return cell.text

    def table(self, tbl: etree._Element, sink: Sink) -> None:
        for caption in _children(tbl, "caption"):
            text = self.plain(caption)
            if text:
                sink.line(text, style="caption")
        cells: list[Cell] = []
        for r, tr in enumerate(_children(tbl, "tr")):
            for tc in _children(tr, "tc"):
                addr = next(_children(tc, "cellAddr"), None)
                row = _int(addr.get("rowAddr")) if addr is not None else None
                col = _int(addr.get("colAddr")) if addr is not None else None
                cells.append((r if row is None else row, col, self.plain(tc)))
        sink.table(grid(cells, _int(tbl.get("rowCnt")), _int(tbl.get("colCnt"))))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _styles(zf: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Paragraph style id → "headingN" for the outline styles (개요 N) of Contents/header.xml."""
    if "Contents/header.xml" not in zf.namelist():
        return {}
    root = parse_xml(unpack.read_member(zf, "Contents/header.xml", path), path, "Contents/header.xml")
    styles = ((st.get("id", ""), heading_style(st.get("engName", ""), st.get("name", ""))) for st in root.iter("{*}style"))
    return {sid: style for sid, style in styles if style}


def _section_names(zf: zipfile.ZipFile, path: Path) -> list[str]:
    """Sections in the order of the content.hpf spine; by number if there is no usable spine."""
    names = zf.namelist()
    by_number = sorted((n for n in names if SECTION.match(n)), key=lambda n: int(SECTION.match(n).group(1)))
    if "Contents/content.hpf" not in names:
        return by_number
    root = parse_xml(unpack.read_member(zf, "Contents/content.hpf", path), path, "Contents/content.hpf")
    hrefs = {it.get("id"): it.get("href", "") for it in root.iter("{*}item")}
    spine = [hrefs.get(ref.get("idref"), "") for ref in root.iter("{*}itemref")]
    spine = [h for h in spine if SECTION.match(h) and h in names]
    return spine if sorted(spine) == sorted(by_number) else by_number


def load(path: Path, data: bytes) -> Document:
    zf = unpack.open_zip(path, data)
    names = zf.namelist()
    if "META-INF/manifest.xml" in names and b"encryption-data" in unpack.read_member(zf, "META-INF/manifest.xml", path):
        raise IngestError(str(path), "암호화된 HWPX 문서는 읽을 수 없습니다", "encrypted HWPX document cannot be read")
    sections = _section_names(zf, path)
    if not sections:
        raise IngestError(str(path), "HWPX 본문(Contents/section*.xml)이 없습니다", "HWPX package has no Contents/section*.xml")
    b = DocumentBuilder(whole_paragraphs=True)
    walker = Walker(_styles(zf, path))
    for name in sections:
        root = parse_xml(unpack.read_member(zf, name, path), path, name)
        for p in _children(root, "p"):
            walker.paragraph(p, b)
            walker.notes.flush(b)
    return b.document(path, "hwpx")
