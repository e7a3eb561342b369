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

# A value cell: a number with an optional unit suffix, or the ditto/empty marks. A change is
# signed the way Korean budget tables write it (△/▲/▽/▼ or -/+ before the number: "△1,754") and a
# change of a rate is in percentage points ("1.3%p").
VALUE_CELL = re.compile(
    r"^(?:(?:[△▲▽▼+\-−]\s?)?[’'‘]?\d[\d,.]*(?:%p|%|[가-힣㎡]{1,4})?[.)]?(?:\d+[가-힣]{0,2}\.?)?|〃|-|–|—)$"
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
    """Cells of a row whose format marks them: tabs (text dumps), " | " (table blocks from
    PDF, DOCX, HWP and HWPX are rendered that way) or a Markdown row "| a | b |"."""
    if "\t" in line:
        return [p.strip() for p in line.split("\t")]
    s = line.strip()
    piped = s.startswith("|") and s.endswith("|") and s.count("|") >= 3
    if " | " in line or piped:
        cells = [p.strip() for p in s.split("|")]
        if piped:
            cells = cells[1:-1]  # the outer pipes open and close the row
        return cells
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


# ---- cells of text tables --------------------------------------------------------------------

MD_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$|^\+[-=+]+\+$")
UNIT_NOTE = re.compile(r"단\s*위\s*[:：]\s*([^()\[\]［］<>〈〉]+?)\s*(?:[)\]］>〉]|$)")
_SPACED = re.compile(r" {2,}|\t")


def is_rule_line(line: str) -> bool:
    """A Markdown table rule ("|---|:---:|") or an ASCII grid line ("+-----+----+")."""
    return bool(MD_RULE.match(line.strip()))


def unit_of(text: str) -> str | None:
    """The unit a note names: "(단위: 천원)" → "천원", "[단위 : 백만원, %]" → "백만원, %"."""
    m = UNIT_NOTE.search(text)
    return m.group(1).strip() if m else None


def is_unit_note(line: str) -> bool:
    """A line that is only a unit note ("(단위: 천원)", "단위 : 건")."""
    s = line.strip()
    return bool(UNIT_NOTE.search(s)) and len(UNIT_NOTE.sub("", s).strip(" ()[]［］<>〈〉,")) == 0


def _unspace(cell: str) -> str:
    """Letter-spaced labels of text dumps ("합  계", "구 분") read as one word."""
    words = cell.split()
    if len(words) > 1 and all(len(w) == 1 and "가" <= w <= "힣" for w in words):
        return "".join(words)
    return " ".join(words)


def unspace(cell: str) -> str:
    """A header or label cell as one word when the dump letter-spaced it ("증  감" → "증감")."""
    return _unspace(cell)


def space_cells(line: str) -> list[str]:
    """Cells of a row aligned with runs of two or more spaces (or tabs)."""
    return [c for c in (p.strip() for p in _SPACED.split(line.strip())) if c]


def text_table_rows(lines: list[str]) -> tuple[list[list[str]], int] | None:
    """(rows, header_rows) of a table that arrived as text lines, or None when its cells cannot
    be told apart with confidence. Tried in turn: Markdown/pipe rows, tab-separated rows,
    rows aligned by 2+ spaces with one cell count, and "label value value …" rows of PDF dumps
    (a label alone is a group row: "피해구제" above 소계/환급 rows). The rows before a
    Markdown rule are the header; otherwise `header_row_count` decides."""
    rule_at = next((i for i, ln in enumerate(lines) if is_rule_line(ln)), None)
    body = [ln for ln in lines if ln.strip() and not is_rule_line(ln)]
    if len(body) < 2:
        return None
    rows: list[list[str]] | None = None
    explicit = [explicit_cells(ln) for ln in body]
    if all(e is not None for e in explicit):
        width = max(len(e) for e in explicit)  # type: ignore[arg-type]
        rows = [[_unspace(c) for c in e] + [""] * (width - len(e)) for e in explicit]  # type: ignore[union-attr]
    else:
        split = [split_cells(ln) for ln in body]
        width = 1 + len(split[0].cells)
        full = [r for r in split if 1 + len(r.cells) == width]
        aligned = [space_cells(ln) for ln in body]
        if width >= 3 and len(full) >= 2 and all(1 + len(r.cells) in (width, 1) for r in split):
            rows = [[_unspace(r.label)] + list(r.cells) + [""] * (width - 1 - len(r.cells)) for r in split]
        elif (
            len(aligned[0]) >= 2 and all(len(a) == len(aligned[0]) for a in aligned)
            and not any(len(c) == 1 and "가" <= c <= "힣" for a in aligned for c in a)  # "합  계": spacing
            and not speech_rows(aligned)
        ):
            rows = [[_unspace(c) for c in a] for a in aligned]
    if rows is None or max(len(r) for r in rows) < 2:
        return None
    header = rule_at if rule_at is not None and 0 < rule_at < len(lines) else header_row_count(rows)
    return rows, max(1, min(header, len(rows) - 1))


def speech_rows(rows: list[list[str]]) -> bool:
    """Speaker turns of minutes ("○위원장 김도윤  개의하겠습니다."), not a table: most cells after
    the first are whole sentences."""
    cells = [c for r in rows for c in r[1:]]
    said = [c for c in cells if len(c) >= 8 and SENTENCE_END.search(c)]
    return bool(cells) and len(said) * 2 >= len(cells)


def is_value_cell(cell: str) -> bool:
    """A number that is not a year (a header row holds none)."""
    return _is_value(cell)


def _is_value(cell: str) -> bool:
    c = cell.strip()
    return bool(c) and bool(VALUE_CELL.match(c)) and not YEAR_CELL.match(c) and c not in ("-", "–", "—", "〃")


def header_row_count(rows: list[list[str]]) -> int:
    """How many leading rows are headers: those with no value cell (a number that is not a
    year) after the label column, up to 3, when a later row has values; otherwise 1."""
    n = 0
    while n < min(3, len(rows) - 1) and not any(_is_value(c) for c in rows[n][1:]):
        n += 1
    has_values_below = any(_is_value(c) for r in rows[n:] for c in r[1:])
    return n if n >= 1 and has_values_below else 1
