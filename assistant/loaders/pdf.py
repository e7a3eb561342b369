"""PDF: text lines and ruled tables per page, in reading order (pdfplumber).

Tables found by their ruling lines become table blocks with rows; the characters inside a
table's box are left out of the line text so nothing is indexed twice. A page with images
but no characters is a scan: it is reported in `Document.warnings`, and a PDF with no text
at all is refused (OCR is out of scope).
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ..errors import IngestError
from ..models import Document
from .builder import DocumentBuilder

Box = tuple[float, float, float, float]


def _inside(obj: dict, boxes: list[Box]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page: pdfplumber.page.Page) -> list[tuple[float, str, object]]:
    """(top, kind, content) for each text line and table on the page, top to bottom.
    A line's content is (text, wrapped): wrapped lines run to the right edge of the text."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    text_page = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    lines = text_page.extract_text_lines(return_chars=False)
    right = max((ln["x1"] for ln in lines), default=0.0)
    items: list[tuple[float, str, object]] = [
        # within two character heights of the right edge: the line was broken by the layout
        (ln["top"], "line", (ln["text"], ln["x1"] >= right - 2 * (ln["bottom"] - ln["top"])))
        for ln in lines
    ]
    items += [(t.bbox[1], "table", t.extract()) for t in tables]
    items.sort(key=lambda it: it[0])  # stable: lines keep their order
    return items


def _open_error(path: Path, e: PdfminerException) -> IngestError:
    cause = e.args[0] if e.args else e
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return IngestError(
            str(path), "암호로 보호된 PDF입니다(암호를 해제한 뒤 올려 주세요)",
            "password-protected or encrypted PDF (remove the password first)",
        )
    return IngestError(str(path), "손상되었거나 잘린 PDF입니다", f"corrupt or truncated PDF ({cause!r})")


def load(path: Path, data: bytes) -> Document:
    b = DocumentBuilder()
    warnings: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as e:
        raise _open_error(path, e) from e
    except Exception as e:  # pdfminer raises many unrelated types on malformed input
        raise IngestError(str(path), "손상되었거나 잘린 PDF입니다", f"corrupt or truncated PDF ({e!r})") from e
    with pdf:
        try:
            pages = pdf.pages
        except Exception as e:
            raise IngestError(str(path), "손상되었거나 잘린 PDF입니다", f"corrupt or truncated PDF ({e!r})") from e
        for n, page in enumerate(pages, start=1):
            try:
                items = _page_items(page)
                scanned = not page.chars and bool(page.images)
            except Exception as e:  # one broken page should not cost the others
                warnings.append(f"p.{n}: 페이지를 읽을 수 없음 (unreadable page: {e!r})")
                continue
            finally:
                page.close()  # frees the page's parsed objects; keeps memory flat on long PDFs
            if scanned:
                warnings.append(f"p.{n}: 텍스트 레이어 없음 (text layer missing)")
            for i, (_, kind, content) in enumerate(items):
                if kind == "table":
                    b.table(content, page=n)  # type: ignore[arg-type]
                else:
                    text, at_edge = content  # type: ignore[misc]
                    continues = i + 1 < len(items) and items[i + 1][1] == "line"
                    b.line(text, page=n, wrapped=at_edge and continues)
        n_pages = len(pages)
    if not b.blocks:
        if any("text layer missing" in w for w in warnings):
            raise IngestError(str(path), "텍스트 레이어가 없는 스캔 PDF입니다(OCR 필요)", "scanned PDF without a text layer (needs OCR)")
        raise IngestError(str(path), "PDF에서 텍스트를 찾지 못했습니다", "no text found in the PDF")
    return b.document(path, "pdf", pages=n_pages, warnings=warnings)
