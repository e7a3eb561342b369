"""HWP 5.0 binary documents: an OLE compound file (read with olefile) holding

- FileHeader: signature "HWP Document File", version, property flags
  (bit 0 compressed, bit 1 password, bit 2 distribution/배포용, bit 4 DRM, bits 8/10 certificate);
- DocInfo: shared tables (we read only the paragraph style names);
- BodyText/Section0..N: the body as record streams, raw-deflate compressed when bit 0 is set.
  Distribution documents keep an encrypted copy under ViewText/ instead.

A paragraph is a PARA_HEADER record; its children are PARA_TEXT and one CTRL_HEADER per
extended control in the text. A table control ("tbl ") has a TABLE child (row/column
counts) followed by one LIST_HEADER per cell, each followed by that cell's paragraphs.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import olefile

from ..errors import IngestError
from ..models import Document
from . import unpack
from .builder import DocumentBuilder, heading_style
from .hwp_records import (
    CTRL_HEADER, LIST_HEADER, PARA_HEADER, PARA_TEXT, TABLE, Record, ctrl_id, para_text, read_records, style_names,
)
from .walk import CellText, Notes, Sink, grid

SIGNATURE = b"HWP Document File"
COMPRESSED, PASSWORD, DISTRIBUTION, DRM, CERT_ENCRYPTED, CERT_DRM = 1, 1 << 1, 1 << 2, 1 << 4, 1 << 8, 1 << 10
PROTECTED = PASSWORD | DISTRIBUTION | DRM | CERT_ENCRYPTED | CERT_DRM
NOTES = {"fn  ": "footnote", "en  ": "endnote"}
BLOCK_CONTROLS = {"tbl ", "gso "}  # controls whose content becomes blocks of their own


def _paragraphs_under(rec: Record) -> list[Record]:
    """PARA_HEADERs below a control in document order, not descending into paragraphs."""
    out = []
    for child in rec.children:
        if child.tag == PARA_HEADER:
            out.append(child)
        else:
            out.extend(_paragraphs_under(child))
    return out


class Walker:
    def __init__(self, styles: dict[int, str]) -> None:
        self.styles = styles
        self.notes = Notes()

    def paragraph(self, para: Record, sink: Sink) -> None:
        style = self.styles.get(para.data[10]) if len(para.data) > 10 else None
        text = next((c for c in para.children if c.tag == PARA_TEXT), None)
        controls = iter([c for c in para.children if c.tag == CTRL_HEADER])
        buf: list[str] = []
        for piece in para_text(text.data) if text else []:
            if isinstance(piece, str):
                buf.append(piece)
                continue
            ctrl = next(controls, None)  # the CTRL_HEADER of this extended control
            if ctrl is None:
                continue
            if ctrl_id(ctrl) in BLOCK_CONTROLS:  # text before a table stays before it
                sink.line("".join(buf), style=style)
                buf.clear()
            self.control(ctrl, sink)
        sink.line("".join(buf), style=style)
        for ctrl in controls:  # controls without a placeholder in the text, if any
            self.control(ctrl, sink)

    def control(self, ctrl: Record, sink: Sink) -> None:
        cid = ctrl_id(ctrl)
        if cid == "tbl ":
            self.table(ctrl, sink)
        elif cid in NOTES:
            self.notes.add(NOTES[cid], self.plain(_paragraphs_under(ctrl)))
        elif cid == "gso ":  # drawing objects: text boxes hold paragraphs
            for p in _paragraphs_under(ctrl):
                self.paragraph(p, sink)
        # other controls (section/column definitions, headers/footers, fields, page numbers) carry no body text

    def plain(self, paragraphs: list[Record]) -> str:
        cell = CellText()
        for p in paragraphs:
            self.paragraph(p, cell)
        return cell.text

    def table(self, ctrl: Record, sink: Sink) -> None:
        dims: tuple[int, int] | None = None
        caption: list[Record] = []  # paragraphs before the TABLE record
        cells: list[tuple[int | None, int | None, list[Record]]] = []
        for child in ctrl.children:
            if child.tag == TABLE and len(child.data) >= 8:
                dims = struct.unpack_from("<HH", child.data, 4)  # after the uint32 properties
            elif child.tag == LIST_HEADER and dims is not None:
                # a cell: paragraph count and flags (8 bytes), then its column and row address
                col, row = struct.unpack_from("<HH", child.data, 8) if len(child.data) >= 12 else (None, None)
                cells.append((row, col, []))
            # a list's paragraphs follow its LIST_HEADER as siblings (some writers nest them)
            paras = [child] if child.tag == PARA_HEADER else [c for c in child.children if c.tag == PARA_HEADER]
            (cells[-1][2] if cells else caption).extend(paras)
        cap = self.plain(caption)
        if cap:
            sink.line(cap, style="caption")
        n_rows, n_cols = dims or (None, None)
        sink.table(grid([(r, c, self.plain(ps)) for r, c, ps in cells], n_rows, n_cols))


def _protected(path: Path) -> IngestError:
    return IngestError(
        str(path), "암호화/배포용 문서는 읽을 수 없습니다",
        "encrypted or distribution-protected (배포용) HWP document cannot be read",
    )


def _streams(ole: olefile.OleFileIO, path: Path) -> tuple[int, list[list[str]]]:
    """(property flags, BodyText section stream paths in order)."""
    if not ole.exists("FileHeader"):
        raise IngestError(str(path), "지원하지 않는 OLE 문서입니다(HWP 아님, 예: 구형 DOC/XLS)",
                          "unsupported OLE compound file (not HWP, e.g. legacy DOC/XLS)")
    header = ole.openstream("FileHeader").read(40)
    if len(header) < 40 or header[:32].rstrip(b"\0") != SIGNATURE:
        raise IngestError(str(path), "HWP 파일 헤더가 올바르지 않습니다", "invalid HWP FileHeader signature")
    version, flags = struct.unpack_from("<II", header, 32)
    if version >> 24 != 5:
        raise IngestError(str(path), f"지원하지 않는 HWP 버전입니다({version >> 24}.x)", f"unsupported HWP version {version >> 24}.x")
    if flags & PROTECTED or any(e[0] == "ViewText" for e in ole.listdir()):
        raise _protected(path)
    sections = [e for e in ole.listdir() if len(e) == 2 and e[0] == "BodyText" and e[1].startswith("Section")]
    sections.sort(key=lambda e: int(e[1][7:]) if e[1][7:].isdigit() else 1 << 30)
    if not sections:
        raise IngestError(str(path), "HWP 본문(BodyText)이 없습니다", "HWP file has no BodyText sections")
    return flags, sections


def _body(ole: olefile.OleFileIO, path: Path) -> DocumentBuilder:
    flags, sections = _streams(ole, path)
    budget = unpack.LIMITS.max_total_bytes  # decompressed bytes, all streams together

    def stream(name: list[str]) -> bytes:
        nonlocal budget
        raw = ole.openstream(name).read()
        out = unpack.inflate(raw, path, "/".join(name), budget) if flags & COMPRESSED else raw
        budget -= len(out)
        return out

    styles = {}
    if ole.exists("DocInfo"):
        names = style_names(stream(["DocInfo"]))
        styles = {i: style for i, (local, eng) in enumerate(names) if (style := heading_style(local, eng))}
    b = DocumentBuilder(whole_paragraphs=True)
    walker = Walker(styles)
    for name in sections:
        for rec in read_records(stream(name)):
            if rec.tag == PARA_HEADER:
                walker.paragraph(rec, b)
                walker.notes.flush(b)
    return b


def load(path: Path, data: bytes) -> Document:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # olefile raises OSError, ValueError, OverflowError, … on damaged files
        raise IngestError(str(path), "손상된 HWP(OLE) 파일입니다", f"corrupt HWP/OLE compound file ({e!r})") from e
    with ole:
        try:
            b = _body(ole, path)
        except IngestError:
            raise
        except Exception as e:  # damaged sector chains (olefile) or records: the file is corrupt
            raise IngestError(str(path), "손상된 HWP 파일입니다", f"corrupt HWP file ({e!r})") from e
    return b.document(path, "hwp")
