"""Reading tables that PDF/HWP text dumps flattened into lines.

A flattened row looks like "합  계 519,778천원 523,783천원 533,478천원": a label, then value
cells. A header row looks like "연  도 2022년 2023년 ’24.08.12.". Tab-separated lines are
rows with explicit cells. These helpers are shared by the chunker (is this line a row?),
the answerer (which cell answers the question?) and fact extraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A value cell: a number with an optional unit suffix, or the ditto/empty marks.
VALUE_CELL = re.compile(
    r"^(?:[’'‘]?\d[\d,.]*(?:%|[가-힣㎡]{1,4})?[.)]?(?:\d+[가-힣]{0,2}\.?)?|〃|-|–|—)$"
)
YEAR_CELL = re.compile(r"^(?:(?:19|20)\d\d(?:년|\.\d{1,2}\.?(?:\d{1,2}\.?)?)?|[’'‘]\d\d(?:년|\.\d{1,2}\.?(?:\d{1,2}\.?)?|\.\d{1,2}월)?)(?:\([^)]{1,8}\))?$")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Reports end sentences in 음/함/임/됨 (period optional); "…된다 하겠음" shows 다 alone is not an end.
SENTENCE_END = re.compile(r"(?:[음함임됨]|것)\s*[.。]?\s*$|(?<!\d)[.。!?]\s*$")
# where prose sentences may be split: after an ending, never inside "2025. 4. 1." or "3.6"
SENTENCE_SPLIT = re.compile(r"(?<=[가-힣A-Za-z)\]」』”’%][.。!?])\s+(?=\S)")


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]
    line: str


def explicit_cells(line: str) -> list[str] | None:
    """Cells of a row whose format marks them: tabs (text dumps) or " | " (table blocks from
    PDF, DOCX, HWP and HWPX are rendered that way)."""
    if "\t" in line:
        return [p.strip() for p in line.split("\t")]
    if " | " in line:
        return [p.strip() for p in line.split("|")]
    return None


@lru_cache(maxsize=65536)  # pure; the chunker asks about the same line several times
def split_cells(line: str) -> Row:
    """Split a row into its label and trailing value cells."""
    parts = explicit_cells(line)
    if parts is not None:
        return Row(parts[0], parts[1:], line)
    tokens = line.split()
    i = len(tokens)
    while i > 0 and VALUE_CELL.match(tokens[i - 1]):
        i -= 1
    return Row(" ".join(tokens[:i]), tokens[i:], line)


@lru_cache(maxsize=65536)
def is_header_row(line: str) -> bool:
    """A header: a label then at least two year/period cells (연 도 2022년 2023년 ...)."""
    s = line.strip()
    row = split_cells(s)
    years = [c for c in row.cells if YEAR_CELL.match(c.strip())]
    return len(years) >= 2 and len(years) >= len(row.cells) - 1 and len(row.label) <= 40


@lru_cache(maxsize=65536)
def is_table_row(line: str) -> bool:
    s = line.strip()
    if explicit_cells(s) is not None:
        return True
    if SENTENCE_END.search(s) and not NUMBER.search(s[-6:]):
        return False
    row = split_cells(s)
    # at least two value cells, and the label reads like a label (not prose, not "항목 : 값")
    return len(row.cells) >= 2 and len(row.label) <= 40 and not re.search(r"[:：]", row.label)


def year_key(cell: str) -> str | None:
    """Normalise a header cell to a 4-digit year where possible ('’24.6월' → '2024')."""
    m = re.match(r"^((?:19|20)\d\d)", cell)
    if m:
        return m.group(1)
    m = re.match(r"^[’'‘](\d\d)", cell)
    if m:
        return "20" + m.group(1)
    return None
