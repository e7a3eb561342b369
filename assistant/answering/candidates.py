"""Retrieved passages → answer candidates: sentences, 항 (with their 호), "라벨 : 값" fields,
table rows and single table cells (row label × column header).

A candidate carries its quote (exact offsets into the chunk text) and its *context layers*:
what the candidate means where it stands (table caption, column header, row label, article
title) and where it stands (section path, document title). Features read the layers; the
renderer reads the cell coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Hit
from ..tables import (
    SENTENCE_SPLIT, explicit_cells, is_header_row, is_table_row, is_value_cell, space_cells, split_cells, unspace,
    year_key,
)

ITEM_LINE = re.compile(r"^\s*(?:\d{1,3}(?:의\d+)?\.\s|[가-하]\.\s|\d{1,2}\)\s|[가-하]\)\s)")
PARAGRAPH_LINE = re.compile(r"^\s*[①-⑳]")
ARTICLE_HEADING = re.compile(r"^제\s*\d+\s*조(?:\s*의\s*\d+)?\s*(?:\([^)]{0,40}\))?$")
FIELD = re.compile(r"^\s*(?:[^\w\s(]\s*)?(?:\d{1,2}\.\s*)?([^:：]{1,24}?)\s*[:：]\s*\S")
TOTAL_LABEL = re.compile(r"^(?:총계|합계|계|총|전체|소계)$")  # a table's total row
MARKUP = re.compile(r"\*\*|\\(?=[.\-*_#()\[\]])|^#{1,6}\s+")


@dataclass
class Candidate:
    hit: Hit
    lo: int  # quote offsets inside hit.chunk.text
    hi: int
    text: str
    kind: str  # sentence | paragraph | field | row | cell
    context: str = ""  # caption, header, row label, article title
    row_label: str = ""
    table_rows: frozenset[str] = frozenset()  # a table candidate's table: its other row labels (no totals, spaces removed)
    col_label: str = ""
    value: str = ""  # a cell's value
    header: list[str] | None = None
    header_lo: int | None = None  # where the header row stands in the chunk text (for a quote with it)
    features: dict[str, float] = field(default_factory=dict)
    credit: dict[str, float] = field(default_factory=dict)  # per question term (features.credit_of)
    score: float = 0.0

    @property
    def chunk(self):
        return self.hit.chunk

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.chunk.chunk_id, self.lo, self.hi)


def clean(text: str) -> str:
    """Display text without Markdown debris (bold marks, backslash escapes, heading hashes)."""
    return MARKUP.sub("", text)


def field_label(text: str) -> str:
    """The label of a "라벨 : 값" line ("3. 제출일자 : …" → "제출일자"), "" if it is none."""
    m = FIELD.match(text)
    return m.group(1) if m else ""


CONFLICT_MARK = re.compile(r"^(?:<{7}|={7}|>{7})(?:\s|$)")  # version-control debris, never content


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        lead = len(line) - len(line.lstrip())
        stripped = line.strip()
        if CONFLICT_MARK.match(stripped):
            stripped = ""
        out.append((pos + lead, pos + len(line.rstrip()), stripped))
        pos += len(line) + 1
    return out


def candidates_of(hit: Hit) -> list[Candidate]:
    chunk = hit.chunk
    if chunk.kind == "table" or getattr(chunk, "rows", None):
        cands = _table_candidates(hit)
        if cands:
            names = frozenset(n for c in cands if c.kind in ("row", "cell")
                              if (n := re.sub(r"\s", "", c.row_label)) and not TOTAL_LABEL.match(n))
            for c in cands:
                c.table_rows = names
            return cands
    if chunk.kind == "article":
        return _article_candidates(hit)
    return _prose_candidates(hit)


def _prose_candidates(hit: Hit) -> list[Candidate]:
    chunk = hit.chunk
    caption = (chunk.caption or "").strip()
    out: list[Candidate] = []
    for lo, hi, s in _lines(chunk.text):
        if not s or (caption and s == caption):
            continue
        if FIELD.match(s) and len(s) <= 160:
            out.append(Candidate(hit, lo, hi, s, "field", caption))
            continue
        if is_table_row(s) and not explicit_cells(s):
            out.append(Candidate(hit, lo, hi, s, "row", caption, row_label=split_cells(s).label))
            continue
        start = 0
        line = chunk.text[lo:hi]
        for m in list(SENTENCE_SPLIT.finditer(line)) + [None]:
            end = m.start() if m else len(line)
            piece = line[start:end]
            sent = piece.strip()
            if len(sent) >= 4:
                s_lo = lo + start + (len(piece) - len(piece.lstrip()))
                out.append(Candidate(hit, s_lo, s_lo + len(sent), sent, "sentence", caption))
            start = m.end() if m else start
    return out


def _article_candidates(hit: Hit) -> list[Candidate]:
    """A 항 is one candidate with its 호 (a proviso "다만, …" is never quoted without its 항);
    an article without 항 is one candidate."""
    chunk = hit.chunk
    title = chunk.section[-1] if chunk.section else ""
    out: list[Candidate] = []
    cur: list[tuple[int, int, str]] = []

    def close() -> None:
        if cur:
            lo, hi = cur[0][0], cur[-1][1]
            out.append(Candidate(hit, lo, hi, chunk.text[lo:hi], "paragraph", title))
            cur.clear()

    lines = [x for x in _lines(chunk.text) if x[2]]
    if len(lines) > 1 and ARTICLE_HEADING.match(lines[0][2]):
        lines = lines[1:]  # the heading is the article's title (candidate context), not its text
    for lo, hi, s in lines:
        if PARAGRAPH_LINE.match(s):
            close()
        cur.append((lo, hi, s))
    close()
    # single items are candidates too: "제3호" questions and long item lists
    for lo, hi, s in _lines(chunk.text):
        if s and ITEM_LINE.match(s) and len(s) >= 8:
            out.append(Candidate(hit, lo, hi, s, "sentence", title))
    return out


def _table_candidates(hit: Hit) -> list[Candidate]:
    chunk = hit.chunk
    caption = (chunk.caption or "").strip()
    unit = getattr(chunk, "unit", None) or ""
    rows = getattr(chunk, "rows", None)
    lines = [x for x in _lines(chunk.text) if x[2]]
    out: list[Candidate] = []
    if rows:
        n_head = max(1, int(getattr(chunk, "header_rows", 1) or 1))
        header: list[str] | None = joined_header(rows[:n_head])
        header_line = _find_row_line(lines, rows[0])
        body = _mended_rows(rows[n_head:], len(header))
        if any(is_value_cell(c) for c in rows[0][1:]):
            # the header line stayed behind in the passage before: the first row holds values,
            # and numbers are no column names
            header, header_line = None, None
            body = _mended_rows(rows, len(rows[0]))
        for row, label in zip(body, row_labels(body)):
            where = _find_row_line(lines, row)
            if where is None:
                continue
            lo, hi, s = where
            cells = [clean(c) for c in row]
            out.extend(_row_and_cells(hit, lo, hi, s, cells, header, header_line[0] if header_line else None, caption, unit,
                                      label=label))
        if out:
            return out
    # a table in a text dump: rows recognised by their value cells, the header by its year cells;
    # label lines between rows name the rows below them (a row group, e.g. an indicator's name)
    header = None
    header_lo = None
    head_lines: list[str] = []
    head_at: list[int] = []
    labels: list[str] = []
    group = ""
    seen_row = False
    for lo, hi, s in lines:
        if caption and s.startswith(caption):
            continue
        explicit = explicit_cells(s)
        if is_header_row(s) or (explicit and header is None and not re.search(r"\d", s)):
            row = split_cells(s)
            header = explicit if explicit else [row.label] + row.cells
            header_lo = lo
            continue
        if is_table_row(s) or explicit:
            row = split_cells(s)
            if header is None and not seen_row and head_lines and not explicit:
                # a header of named columns aligned by spaces ("기관명   사업 수   평균 점수"): as
                # many cells as the first row, none of them a number
                named = space_cells(head_lines[-1])
                if len(named) == 1 + len(row.cells) and not any(is_value_cell(c) for c in named[1:]):
                    header = [unspace(c) for c in named]
                    header_lo = head_at[-1]
                    head_lines.pop()
            seen_row = True
            if labels:
                group, labels = " ".join(labels), []
            words = row.label.split()
            if len(words) >= 3 and not explicit:
                group = " ".join(words[:-1])  # "… 처리율 % 목표치": the indicator heads the rows below
            cells = explicit if explicit else [row.label] + row.cells
            ctx = " ".join(p for p in (caption, " ".join(head_lines), group) if p)
            out.extend(_row_and_cells(hit, lo, hi, s, cells, header, header_lo, ctx, unit))
        elif not seen_row:
            head_lines.append(s)
            head_at.append(lo)
        elif len(s) > 40 and not labels:
            out.append(Candidate(hit, lo, hi, s, "sentence", caption))
        else:
            labels.append(s)
    return out


def joined_header(head_rows: list[list[str]]) -> list[str]:
    """One header from a table's header rows: a merged cell spanning several columns arrives
    once and blanks beside it ("2024년 | (blank)" over "예산 | 결산"), so a blank top cell takes
    the one to its left when a lower row splits the span; lower rows append to the cell above
    ("2024년 결산")."""
    width = max(len(r) for r in head_rows)
    grid = [[clean(c).strip() for c in r] + [""] * (width - len(r)) for r in head_rows]
    for i, r in enumerate(grid[:-1]):
        for j in range(2, width):
            if not r[j] and r[j - 1] and any(lower[j] for lower in grid[i + 1:]):
                r[j] = r[j - 1]
    header = grid[0]
    for extra in grid[1:]:
        header = [f"{h} {e}".strip() if e and e != h else h for h, e in zip(header, extra)]
    return header


def _is_text(cell: str) -> bool:
    c = cell.strip()
    return bool(c) and not re.fullmatch(r"[△▲▽▼+\-−]?\s?[\d,.]+\s*%?p?|[-–—〃]", c)


def row_labels(body: list[list[str]]) -> list[str]:
    """Each body row's label. A first column whose cells repeat or are left blank under a
    merged cell ("인건비 | 기본급", " | 수당", " | 소계") groups the rows of the text column
    beside it: the row is named by both ("인건비 수당", "인건비 소계"); otherwise by its first cell."""
    firsts = [clean(r[0]).strip() if r else "" for r in body]
    seconds = [clean(r[1]).strip() if len(r) > 2 else "" for r in body]
    grouped = (
        len(body) >= 2
        and any(not f or (i and f == firsts[i - 1]) for i, f in enumerate(firsts) if seconds[i])
        and all(not s or _is_text(s) for s in seconds) and sum(map(bool, seconds)) >= 2
    )
    if not grouped:
        return firsts
    out, group = [], ""
    for f, s in zip(firsts, seconds):
        if f:
            group = f
        out.append(" ".join(p for p in ((f or group), s) if p))
    return out


def _mended_rows(rows: list[list[str]], width: int) -> list[list[str]]:
    """Rows as a text layout broke them: a label whose values the line wrap moved to the next
    row ("피해주의보 발령" / "| 4건 | 6건 | 2건") is one row again; a row whose values stayed in
    its label cell ("피해다발업체 공개 15개 업체 11개 업체 7개 업체") is split into its cells."""
    out: list[list[str]] = []
    pending: str | None = None
    for row in rows:
        cells = list(row) + [""] * max(0, width - len(row))
        label_only = bool(cells[0].strip()) and not any(c.strip() for c in cells[1:])
        if label_only:
            parts = split_cells(cells[0])
            if len(parts.cells) == width - 1 and parts.label:
                out.append([parts.label, *parts.cells])
                pending = None
                continue
            if pending is not None:
                out.append([pending] + [""] * (width - 1))
            pending = cells[0]
            continue
        if pending is not None and not cells[0].strip():
            cells[0] = pending  # the values row of the label line above it
        elif pending is not None:
            out.append([pending] + [""] * (width - 1))
        pending = None
        out.append(cells)
    if pending is not None:
        out.append([pending] + [""] * (width - 1))
    return out


def _find_row_line(lines: list[tuple[int, int, str]], row: list[str]) -> tuple[int, int, str] | None:
    wanted = [re.sub(r"\s+", "", clean(c)) for c in row if c and c.strip()]

    def holds(text: str) -> bool:
        flat = re.sub(r"\s+", "", text)
        pos = 0
        for w in wanted:
            i = flat.find(w, pos)
            if i < 0:
                return False
            pos = i + len(w)
        return bool(wanted)

    for lo, hi, s in lines:
        if holds(s):
            return lo, hi, s
    # a row the layout wrapped: its label on one line, its values on the next
    for (lo, _, a), (_, hi, b) in zip(lines, lines[1:]):
        if holds(f"{a} {b}"):
            return lo, hi, f"{a} {b}"
    return None


def _row_and_cells(
    hit: Hit, lo: int, hi: int, line: str, cells: list[str], header: list[str] | None, header_lo: int | None,
    caption: str, unit: str, label: str | None = None,
) -> list[Candidate]:
    """The row as one candidate and each of its cells as one. `label`: the row's name when more
    than its first cell names it (row_labels); cells named by the label are not values then."""
    first = cells[0] if cells else ""
    label = label or first
    skip = 1 if label == first else 2
    context = " ".join(p for p in (caption, unit, " ".join(header or [])) if p)
    out = [Candidate(hit, lo, hi, line, "row", context, row_label=label, header=header, header_lo=header_lo)]
    if header and len(header) == len(cells):
        for h, c in zip(header[skip:], cells[skip:]):
            if c and c not in ("-", "〃"):
                out.append(Candidate(
                    hit, lo, hi, line, "cell", " ".join(p for p in (caption, unit) if p),
                    row_label=label, col_label=h, value=c, header=header, header_lo=header_lo,
                ))
    return out


def cell_year(c: Candidate) -> str | None:
    return year_key(c.col_label) if c.col_label else None


SECTION_ARTICLE = re.compile(r"^제\s*(\d+)\s*조(?:\s*의\s*(\d+))?")
SUBORDINATE_TITLE = re.compile(r"\s*(시행령|시행규칙)$")
# how a decree names its act and a rule its act or decree: "법 제9조제4항에 따라", "영 제19조제1항에 따른"
PARENT_CITE = re.compile(r"(?<![가-힣])(법|영)\s*제\s*(\d+)\s*조(?:\s*의\s*(\d+))?")


def article_number(c: Candidate) -> tuple[str, str] | None:
    """The candidate's article as (조, 의) from its section path ("제4조의6(…)" → ("4", "6"))."""
    for s in reversed(c.chunk.section or []):
        m = SECTION_ARTICLE.match(s.strip())
        if m:
            return m.group(1), m.group(2) or ""
    return None


def carries_out(c: Candidate, parent: Candidate, title_of) -> bool:
    """Is `c` a passage of a decree or rule that carries out `parent`'s article ("법 제12조제1항에 따른
    …" in the act's 시행령 for the act's 제12조; "영 제19조" in the 시행규칙 for the decree's 제19조)?
    The act states the rule and the decree its detail (the count, the list of papers, the body it
    is entrusted to): the two are one provision read at two levels."""
    if c.chunk.kind != "article" or parent.chunk.kind != "article":
        return False
    own, home = title_of(c.chunk.doc_id).strip(), title_of(parent.chunk.doc_id).strip()
    level = SUBORDINATE_TITLE.search(own)
    if level is None or SUBORDINATE_TITLE.sub("", own) != SUBORDINATE_TITLE.sub("", home):
        return False
    parent_level = SUBORDINATE_TITLE.search(home)
    art = article_number(parent)
    if art is None:
        return False
    for m in PARENT_CITE.finditer(c.text):
        cited_level = "" if m.group(1) == "법" else "시행령"
        if cited_level == (parent_level.group(1) if parent_level else "") and (m.group(2), m.group(3) or "") == art:
            return True
    return False
