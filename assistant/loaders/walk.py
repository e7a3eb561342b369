"""What the HWP and HWPX walkers share: where they write (a Sink), cell text, notes, and
the placement of table cells into rows."""

from __future__ import annotations

from typing import Protocol

MAX_CELLS = 100_000  # a table grid larger than this is not trusted (corrupt addresses)


class Sink(Protocol):
    """Where a format walker puts what it finds: a DocumentBuilder, or a CellText for table cells."""

    def line(self, text: str, page: int | None = None, style: str | None = None) -> None: ...
    def table(self, rows: list[list[str]], page: int | None = None) -> None: ...


class CellText:
    """A sink that flattens whatever a table cell (or a note) holds into one string."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def line(self, text: str, page: int | None = None, style: str | None = None) -> None:
        self.parts.append(text)

    def table(self, rows: list[list[str]], page: int | None = None) -> None:
        self.parts.extend(" ".join(c for c in row if c) for row in rows)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


class Notes:
    """Foot- and endnotes met while walking. They are put right after the top-level paragraph
    (or table) that references them: near their context and in the same section."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, str]] = []  # (style, text)

    def add(self, style: str, text: str) -> None:
        self.pending.append((style, text))

    def flush(self, sink: Sink) -> None:
        for style, text in self.pending:
            sink.line(text, style=style)
        self.pending.clear()


Cell = tuple[int | None, int | None, str]  # (row, column, text) as the format states them


def grid(cells: list[Cell], n_rows: int | None, n_cols: int | None) -> list[list[str]]:
    """Cells placed by address (the area a merged cell spans stays empty). Where addresses
    are missing, clash or are absurd, rows come from the listed row numbers, or else from
    the listed order cut every `n_cols` cells."""
    if cells and all(r is not None and c is not None and r >= 0 and c >= 0 for r, c, _ in cells):
        rows = max(n_rows or 0, max(r for r, _, _ in cells) + 1)  # type: ignore[type-var]
        cols = max(n_cols or 0, max(c for _, c, _ in cells) + 1)  # type: ignore[type-var]
        if rows * cols <= MAX_CELLS and len({(r, c) for r, c, _ in cells}) == len(cells):
            out = [[""] * cols for _ in range(rows)]
            for r, c, text in cells:
                out[r][c] = text  # type: ignore[index]
            return out
    if any(r is not None for r, _, _ in cells):
        by_row: dict[int, list[str]] = {}
        for r, _, text in cells:
            by_row.setdefault(r or 0, []).append(text)
        return [by_row[k] for k in sorted(by_row)]
    texts = [t for _, _, t in cells]
    step = n_cols or len(texts) or 1
    return [texts[i:i + step] for i in range(0, len(texts), step)]
