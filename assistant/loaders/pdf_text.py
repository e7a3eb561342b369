"""What a PDF text layer gets wrong, and the repairs: glyphs without a Unicode mapping
(pdfminer's "(cid:N)"), mojibake from fonts read as Latin-1, and running headers/footers.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import NamedTuple

CID = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph with no Unicode mapping


class Item(NamedTuple):
    """A text line or a table on a page."""

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


def drop_running_lines(pages: list[list[Item]]) -> list[list[Item]]:
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
