"""Shared by the structured loaders: lines and tables → one text with exact block offsets.

Every block's `text` is exactly `Document.text[start:end]`; blocks are joined by "\\n"
(pages by a blank line), so the chunker sees the same text the document holds.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from pathlib import Path

from ..models import Block, Document

CELL_SEP = " | "
HEADING = re.compile(r"^(?:heading|outline|제목|개요)\s*(\d)$", re.I)


def heading_style(*names: str) -> str | None:
    """"headingN" for a heading/outline style name (Heading 1, 제목 1, Outline 1, 개요 1)."""
    for name in names:
        m = HEADING.match(name.strip())
        if m:
            return f"heading{m.group(1)}"
    return None


def clean_cell(value: object) -> str:
    """A cell on one line: wrapped cell text and runs of whitespace become single spaces."""
    return " ".join(str(value or "").split())


def table_text(rows: list[list[str]]) -> str:
    return "\n".join(CELL_SEP.join(row) for row in rows)


# (characters, blocks) one document may have, set by loaders.load_document from the settings
# for the duration of one load; (None, None) = no limit. Checked as the document is built, so
# a package of millions of tiny paragraphs stops while it is read, not after.
READ_LIMITS: ContextVar[tuple[int | None, int | None]] = ContextVar("read_limits", default=(None, None))


class LimitExceeded(Exception):
    """Raised by DocumentBuilder past READ_LIMITS; load_document turns it into an IngestError."""

    def __init__(self, blocks: int, chars: int):
        super().__init__(f"{blocks} blocks, {chars} characters")
        self.blocks, self.chars = blocks, chars


class DocumentBuilder:
    """`whole_paragraphs`: every line block is a complete paragraph (HWP, HWPX, DOCX), so it
    ends at a word boundary. Such boundaries keep one trailing space, the convention of text
    dumps that the chunker follows: it joins a line to the next with a space only then."""

    def __init__(self, whole_paragraphs: bool = False) -> None:
        self.whole_paragraphs = whole_paragraphs
        self._parts: list[str] = []
        self._len = 0
        self.blocks: list[Block] = []

    def _append(self, text: str, sep: str = "\n") -> tuple[int, int]:
        max_chars, max_blocks = READ_LIMITS.get()
        if (max_blocks is not None and len(self.blocks) >= max_blocks) or (
            max_chars is not None and self._len + len(text) > max_chars
        ):
            raise LimitExceeded(len(self.blocks) + 1, self._len + len(text))
        if self._parts:
            self._parts.append(sep)
            self._len += len(sep)
        start = self._len
        self._parts.append(text)
        self._len += len(text)
        return start, self._len

    def line(self, text: str, page: int | None = None, style: str | None = None, wrapped: bool = False) -> None:
        """`wrapped`: the layout broke this line at a space (a PDF line running to the margin)."""
        # In structured formats tables arrive as table blocks; a tab is layout (after a
        # bullet, before a page reference) and would make the chunker see a table row.
        text = text.replace("\t", " ").strip()
        # a line break inside a paragraph (Shift+Enter) also falls between words
        text = "\n".join(part.rstrip() + " " for part in text.split("\n"))[:-1]
        if text and (wrapped or self.whole_paragraphs):
            text += " "
        if text:
            start, end = self._append(text, "\n\n" if self._new_page(page) else "\n")
            self.blocks.append(Block("line", text, start, end, page=page, style=style))

    def table(self, rows: list[list[str]], page: int | None = None) -> None:
        rows = [[clean_cell(c) for c in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if rows:
            text = table_text(rows)
            start, end = self._append(text, "\n\n" if self._new_page(page) else "\n")
            self.blocks.append(Block("table", text, start, end, page=page, rows=rows))

    def _new_page(self, page: int | None) -> bool:
        return bool(self.blocks) and page is not None and self.blocks[-1].page != page

    def document(self, path: Path, fmt: str, pages: int | None = None, warnings: list[str] | None = None) -> Document:
        return Document(
            doc_id=path.name, path=str(path), text="".join(self._parts), blocks=self.blocks,
            content_hash="", pages=pages, fmt=fmt, warnings=list(warnings or []),
        )
