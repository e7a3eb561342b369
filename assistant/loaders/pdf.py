"""PDF: text lines and ruled tables per page, in reading order (pdfplumber).

Tables found by their ruling lines become table blocks with rows; the characters inside a
table's box are left out of the line text so nothing is indexed twice. A page with images
but no characters is a scan, and glyphs whose font has no Unicode mapping come out as
"(cid:N)": both are dropped and reported in `Document.warnings`; a PDF with no text at all
is refused (OCR is out of scope). Running headers and footers (the same first or last
line on most pages) are dropped.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import IngestError
from ..models import Document
from .builder import DocumentBuilder

Box = tuple[float, float, float, float]
CID = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph with no Unicode mapping


class Item(NamedTuple):
    top: float
    text: str = ""
    rows: list[list[str]] | None = None  # set for tables
    at_edge: bool = False  # a line that runs to the right edge of the text: the layout wrapped it
    size: float = 0.0  # line height, about the font size


# Characters a Korean document hardly uses but a font without a Unicode map produces when
# its codes are read as Latin-1/CP1252: Latin-1 letters and signs (not ·×°±§), Latin
# Extended, spacing modifiers, private use.
_ODD = re.compile(r"[\u00a1-\u00a6\u00a8-\u00af\u00b2-\u00b6\u00b8-\u00d6\u00d8-\u024f\u02b0-\u02ff\ue000-\uf8ff]")


def garbled(text: str) -> bool:
    """Most likely mojibake: at least 5 odd characters making a fifth of the non-space text."""
    odd = len(_ODD.findall(text))
    return odd >= 5 and odd >= 0.2 * len("".join(text.split()))


def _inside(obj: dict, boxes: list[Box]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page: pdfplumber.page.Page) -> list[Item]:
    """Text lines and tables of one page, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    lines = text_page.extract_text_lines(return_chars=False)
    right = max((ln["x1"] for ln in lines), default=0.0)
    # within two character heights of the right edge counts as reaching it
    items = [
        Item(ln["top"], ln["text"], at_edge=ln["x1"] >= right - 2 * (ln["bottom"] - ln["top"]), size=ln["bottom"] - ln["top"])
        for ln in lines
    ]
    items += [Item(t.bbox[1], rows=t.extract()) for t in tables]
    items.sort(key=lambda it: it.top)  # stable: lines keep their order
    return items


def _add_page(b: DocumentBuilder, n: int, items: list[Item]) -> int:
    """Put one page's items into the builder; returns how many unmapped glyphs were dropped."""
    unmapped = 0
    for i, it in enumerate(items):
        if it.rows is not None:
            unmapped += sum(len(CID.findall(c or "")) for row in it.rows for c in row)
            b.table([[CID.sub("", c or "") for c in row] for row in it.rows], page=n)
            continue
        unmapped += len(CID.findall(it.text))
        continues = i + 1 < len(items) and items[i + 1].rows is None
        b.line(CID.sub("", it.text), page=n, wrapped=it.at_edge and continues)
    return unmapped


def _corrupt(path: Path, cause: object) -> IngestError:
    return IngestError(str(path), "손상되었거나 잘린 PDF입니다", f"corrupt or truncated PDF ({cause!r})")


def _open(path: Path, data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestError(
                str(path), "암호로 보호된 PDF입니다(암호를 해제한 뒤 올려 주세요)",
                "password-protected or encrypted PDF (remove the password first)",
            ) from e
        raise _corrupt(path, cause) from e
    except Exception as e:  # pdfminer raises many unrelated types on malformed input
        raise _corrupt(path, e) from e


def _read_pages(path: Path, data: bytes, warnings: list[str]) -> tuple[list[list[Item]], int]:
    """Items of every page (empty for an unreadable page) and the number of scanned pages."""
    pdf = _open(path, data)
    try:
        pages = pdf.pages
    except Exception as e:  # a broken page tree (not closed: pdf.close() would trip over it again)
        raise _corrupt(path, e) from e
    out: list[list[Item]] = []
    scanned = 0
    with pdf:
        for n, page in enumerate(pages, start=1):
            items: list[Item] = []
            try:
                items = _page_items(page)
                if not page.chars and page.images:
                    scanned += 1
                    warnings.append(f"p.{n}: 텍스트 레이어 없음 (text layer missing)")
            except Exception as e:  # one broken page should not cost the others
                warnings.append(f"p.{n}: 페이지를 읽을 수 없음 (unreadable page: {e!r})")
            finally:
                page.close()  # frees the page's parsed objects: memory stays flat on long PDFs
            out.append(items)
    return out, scanned


def _key(text: str) -> str:
    """What running lines share: the text, and in short lines the text with its numbers
    blanked ("- 3 -", "행정자치위원회 3"); long lines repeat only verbatim."""
    short = len(text.strip()) <= 24
    text = "".join(text.split())
    return re.sub(r"\d+", "#", text) if short else text


def _edge_lines(items: list[Item]) -> set[int]:
    """Indexes of the first and last text line of a page, if not in a larger type than the
    body (a heading opening every page is no running header)."""
    lines = [i for i, it in enumerate(items) if it.rows is None]
    if not lines:
        return set()
    body = statistics.median(items[i].size for i in lines)
    return {i for i in (lines[0], lines[-1]) if items[i].size <= body * 1.05}


def _drop_running_lines(pages: list[list[Item]]) -> list[list[Item]]:
    """Running headers and footers: a line that opens or closes at least half of the pages
    (and three or more) with the same text, page numbers aside. Indexed once per page they
    would only crowd out the body in retrieval."""
    edges = [_edge_lines(items) for items in pages]
    counts = Counter(k for items, idx in zip(pages, edges) for k in {_key(items[i].text) for i in idx})
    running = {k for k, c in counts.items() if c >= max(3, len(pages) / 2)}
    return [
        [it for i, it in enumerate(items) if not (i in idx and _key(it.text) in running)]
        for items, idx in zip(pages, edges)
    ]


def load(path: Path, data: bytes) -> Document:
    warnings: list[str] = []
    pages, scanned = _read_pages(path, data, warnings)
    b = DocumentBuilder()
    unmapped = 0
    for n, items in enumerate(_drop_running_lines(pages), start=1):
        first = len(b.blocks)
        lost = _add_page(b, n, items)
        if garbled("".join(blk.text for blk in b.blocks[first:])):
            warnings.append(f"p.{n}: 글자가 깨진 것으로 보임 (text looks garbled: font without a Unicode map?)")
        if lost:
            unmapped += lost
            warnings.append(f"p.{n}: 유니코드 정보가 없는 글자 {lost}개 제외 ({lost} glyphs without a Unicode mapping dropped)")
    if not b.blocks:
        if scanned:
            raise IngestError(str(path), "텍스트 레이어가 없는 스캔 PDF입니다(OCR 필요)", "scanned PDF without a text layer (needs OCR)")
        if unmapped:
            raise IngestError(str(path), "글꼴에 유니코드 정보가 없어 글자를 읽을 수 없습니다",
                              "the fonts have no Unicode mapping (ToUnicode): text cannot be extracted")
        raise IngestError(str(path), "PDF에서 텍스트를 찾지 못했습니다", "no text found in the PDF")
    return b.document(path, "pdf", pages=len(pages), warnings=sorted(warnings, key=_page_of))


def _page_of(warning: str) -> int:
    m = re.match(r"p\.(\d+):", warning)
    return int(m.group(1)) if m else 0
