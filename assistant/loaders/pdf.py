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
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import IngestError
from ..models import Document
from .builder import READ_LIMITS, DocumentBuilder, LimitExceeded
from .pdf_text import CID, Item, drop_running_lines, garbled

Box = tuple[float, float, float, float]


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


class _ReadBudget:
    """The builder's limits (READ_LIMITS) applied while pages are read, so a PDF whose text is
    over them stops at the page that proves it, not after parsing every page (pdfplumber takes
    ~0.1 s a page: a 300 MiB PDF is thousands of pages). Counted low: only non-empty lines and
    tables, no separators, and a page's first and last line not at all (drop_running_lines may
    remove them), so whatever is refused here the builder would refuse too."""

    def __init__(self) -> None:
        self.max_chars, self.max_blocks = READ_LIMITS.get()
        self.chars = self.blocks = 0

    def add(self, items: list[Item]) -> None:
        lines = [len(CID.sub("", it.text).strip()) for it in items if it.rows is None]
        lines = [n for n in lines if n]
        spare = lines[:1] + lines[1:][-1:]  # a possible running header and footer
        tables = sum(1 for it in items if it.rows and any(CID.sub("", c or "").strip() for row in it.rows for c in row))
        self.blocks += len(lines) - len(spare) + tables
        self.chars += sum(lines) - sum(spare)
        if (self.max_blocks is not None and self.blocks > self.max_blocks) or (
            self.max_chars is not None and self.chars > self.max_chars
        ):
            raise LimitExceeded(self.blocks, self.chars)


def _read_pages(path: Path, data: bytes, warnings: list[str]) -> tuple[list[list[Item]], int]:
    """Items of every page (empty for an unreadable page) and the number of scanned pages."""
    pdf = _open(path, data)
    try:
        pages = pdf.pages
    except Exception as e:  # a broken page tree (not closed: pdf.close() would trip over it again)
        raise _corrupt(path, e) from e
    out: list[list[Item]] = []
    scanned = 0
    budget = _ReadBudget()
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
            budget.add(items)
    return out, scanned


def load(path: Path, data: bytes) -> Document:
    warnings: list[str] = []
    pages, scanned = _read_pages(path, data, warnings)
    b = DocumentBuilder()
    unmapped = 0
    for n, items in enumerate(drop_running_lines(pages), start=1):
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
