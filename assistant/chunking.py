"""Document → Chunks that follow the document's own structure.

Korean council reports mark structure with a small alphabet of markers — Ⅰ. / 1. / 가. /
1) / ◦ / - / ① / □ — and laws and ordinances with 제N편/장/절/관, 제N조 and 부칙. Text dumps
of PDFs additionally wrap every line (often with blank lines between) and flatten tables into
lines of numbers. Markdown statutes put the same structure in `#` headings (the loader turns
them into heading blocks) and add inline debris (`**①**`, `1\\.`) that display text leaves out.

The chunker:
1. turns line blocks into *units*: a paragraph (wrapped lines rejoined), a heading, a
   table (caption + rows), a list item, or an article;
2. keeps a section stack: a heading whose marker type is already on the stack replaces
   that level (siblings), a new marker type nests deeper, a roman numeral resets;
3. packs units into chunks: tables, articles (제N조 …) and enumerated lists (①–⑤) stay
   whole (a long article is split between its 항, never inside one); prose is packed per
   section up to a target size. Chunks under 부칙 are flagged `appendix`; tables carry their
   cells (`rows`), caption and unit note.
Every chunk keeps source offsets for each joined segment, so quotes map to exact spans; a
segment is always an exact copy of its source characters (debris is left between segments).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .models import Block, Chunk, Document
from .tables import (
    SENTENCE_END, UNIT_NOTE, explicit_cells, header_row_count, is_header_row, is_rule_line, is_table_row, is_unit_note, space_cells,
    speech_rows, text_table_rows, unit_of,
)

TARGET_CHARS = 700
MAX_CHARS = 1200
MAX_WHOLE_CHARS = 4000  # tables/lists longer than this are split by rows/items
# articles longer than this are split between their 항 (measured on the statute benchmark:
# recall@5 of 1,200-character pieces 0.856 vs 0.837 for whole articles up to 4,000)
ARTICLE_MAX_CHARS = 1200

HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# Markdown debris left out of display text: HTML tags, bold markers, backslash escapes ("1\\.")
MD_DEBRIS = re.compile(r"</?[a-zA-Z][^<>]*>|\*\*|\\(?=[!-/:-@\[-`{-~])")
WHOLE_FORMATS = ("docx", "hwpx", "hwp", "hwpml")  # every line block is a whole paragraph
PAGE_NUMBER = re.compile(r"^[-–—]\s*\d+\s*[-–—]$|^\d+\s*/\s*\d+$")
CAPTION = re.compile(
    r"^[<〈《＜‹]\s*.+?\s*[>〉》＞›]$"  # < 위탁기간 연도별 예산현황 >
    r"|^[\[［【]\s*(?:표|그림|도표|참고)\s*[\d\-.]*\s*[\]］】].{0,80}$"  # [표 1] 연도별 상담 실적 (단위: 건)
    r"|^(?:표|그림)\s*\d+(?:[-.]\d+)?[.:]?\s+\S.{0,80}$"  # 표 3. 예산 현황
)
FIELD = re.compile(r"\S\s*[:：]\s*\S")

# (marker type, regex) — order matters: more specific first.
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+|[IVX]{1,4})\s*[.．]\s*")),
    ("part", re.compile(r"^제\s*\d+\s*편(?:\s*의\s*\d+)?\s")),
    ("chapter", re.compile(r"^제\s*\d+\s*장(?:\s*의\s*\d+)?\s")),
    ("jeol", re.compile(r"^제\s*\d+\s*절(?:\s*의\s*\d+)?\s")),
    ("gwan", re.compile(r"^제\s*\d+\s*관(?:\s*의\s*\d+)?\s")),
    # 부칙 alone, or with its law and promulgation: "부칙(정부조직법) <제14839호,2017.7.26>"
    ("appendix", re.compile(r"^부\s*칙\s*(?:[(（][^)）]*[)）])?\s*(?:<[^<>]*>)?\s*$")),
    ("article", re.compile(r"^제\s*\d+\s*조(?:\s*의\s*\d+)?\s*(?:[(（][^)）]{1,40}[)）])")),
    ("square", re.compile(r"^[□■▣]\s*")),
    ("num", re.compile(r"^\d{1,2}\s*[.．]\s+")),
    # 가나다…하 only: "음." (a sentence's last syllable wrapped onto its own line) is no marker
    ("ganada", re.compile(r"^[가나다라마바사아자차카타파하]\s*[.．]\s*")),
    ("num_paren", re.compile(r"^\d{1,2}\s*\)\s*")),
    ("ganada_paren", re.compile(r"^[가나다라마바사아자차카타파하]\s*\)\s*")),
    ("paren_num", re.compile(r"^[(（]\d{1,2}[)）]\s*")),
    ("circled", re.compile(r"^(?:[①-⑳]|<\d{1,3}>(?=\s))\s*")),  # law.go.kr writes 항 21 on as "<21>"
    ("circle", re.compile(r"^[◦○ㅇ●◎]\s+")),
    ("diamond", re.compile(r"^[◇◆]\s*")),
    ("block", re.compile(r"^[∎▪▫■]\s*")),
    ("arrow", re.compile(r"^[▸▶►➢→]\s*")),
    ("dash", re.compile(r"^[-–—]\s+")),
    ("dot", re.compile(r"^[·․ㆍ•∙]\s*")),
    ("note", re.compile(r"^※\s*")),
    ("star", re.compile(r"^\*\s*")),
]
ALWAYS_STRUCTURAL = {"roman", "part", "chapter", "jeol", "gwan", "appendix", "square"}
MAY_BE_HEADING = {"num", "ganada", "num_paren", "ganada_paren", "paren_num", "circled", "circle", "diamond", "block"}
ARTICLE_CHILDREN = {"num", "ganada", "num_paren", "ganada_paren", "paren_num", "circled", "dash", "dot"}
HEADING_MAX = 40
# a heading (Markdown #, a DOCX/HWP heading style) that names a legal unit takes that unit's level
_LEGAL_NUM = r"제\s*\d+\s*{}(?:\s*의\s*\d+)?"
LEGAL_HEADINGS = [
    ("part", re.compile(r"^" + _LEGAL_NUM.format("편") + r"(?:\s|$)")),
    ("chapter", re.compile(r"^" + _LEGAL_NUM.format("장") + r"(?:\s|$)")),
    ("jeol", re.compile(r"^" + _LEGAL_NUM.format("절") + r"(?:\s|$)")),
    ("gwan", re.compile(r"^" + _LEGAL_NUM.format("관") + r"(?:\s|$)")),
    ("article", re.compile(r"^" + _LEGAL_NUM.format("조") + r"\s*(?:[(（].*[)）])?\s*(?:<[^<>]*>\s*)*$")),
    ("appendix", re.compile(r"^부\s*칙\s*(?:[(（][^)）]*[)）])?\s*(?:<[^<>]*>)?\s*$")),
]
ARTICLE_HEAD = re.compile(r"^(제\s*\d+\s*조(?:\s*의\s*\d+)?)(\s*)(?=[(（])")
REVISION_NOTE = re.compile(r"\s*<(?:개정|신설|전문개정|본조신설|제목개정|종전|이동|\d{4}\s*[.ㆍ])[^<>]*>")


# a particle glued to the closing parenthesis, or a 항/호 reference, marks a citation
ARTICLE_REFERENCE = re.compile(r"^(?:[에의를을이가은는와과로]|\s*제\s*\d+\s*[항호])")


def marker_of(text: str) -> str | None:
    first = text[:1]
    # fast path: most lines are prose starting with a syllable that no marker starts with
    if "가" <= first <= "힣" and first not in "제부" and text[1:2] not in (".", ")", "．", " ", ""):
        return None
    for name, rx in MARKERS:
        m = rx.match(text)
        if m:
            # "제2조(의회동의) 제1항에 따라 …" cites an article; it does not start one
            if name == "article" and ARTICLE_REFERENCE.match(text[m.end():]):
                return None
            return name
    return None


def line_parts(raw: str, base: int, markdown: bool = False) -> tuple[list[tuple[str, int, int]], list[str]]:
    """The visible pieces of a raw line with exact source offsets — ends stripped, HTML debris
    (and in Markdown `**` and backslash escapes) removed — and the joiner before each piece:
    a space where whitespace or a tag separated it from the previous piece, else nothing
    ("1\\." → "1" + "" + "."). Inner whitespace is kept so offsets inside a piece stay exact."""
    parts: list[tuple[str, int, int]] = []
    joins: list[str] = []
    ws = " \u3000\xa0\r\n"  # tabs separate cells: keep them
    pos = 0
    gap = False  # whitespace or a tag since the last piece
    for m in list((MD_DEBRIS if markdown else HTML_TAG).finditer(raw)) + [None]:
        end = m.start() if m else len(raw)
        piece = raw[pos:end]
        stripped = piece.strip(ws)
        if stripped.strip():
            lead = len(piece) - len(piece.lstrip(ws))
            s = base + pos + lead
            joins.append(" " if parts and (gap or lead) else "")
            parts.append((stripped, s, s + len(stripped)))
            gap = len(piece.rstrip(ws)) < len(piece)
        elif piece:
            gap = True
        if m is not None:
            gap = gap or m.group(0).startswith("<")
            pos = m.end()
    return parts, joins


def _article_parts(
    parts: list[tuple[str, int, int]], joins: list[str]
) -> tuple[list[tuple[str, int, int]], list[str]]:
    """An article line as statutes print it: "제3조 (정의)" reads "제3조(정의)", and a first
    항 written on the heading line ("제3조(설치) ① 시장은 …") starts a line of its own."""
    text, s, e = parts[0]
    m = ARTICLE_HEAD.match(text)
    if not m:
        return parts, joins
    close = _closing_paren(text, m.end())
    if close is None:
        return parts, joins
    head = [(m.group(1), s, s + m.end(1)), (text[m.end():close], s + m.end(), s + close)]
    head_joins = ["", ""]
    rest = text[close:]
    body = rest.lstrip(" ")
    if body:
        b = s + close + len(rest) - len(body)
        head.append((body, b, e))
        head_joins.append("\n" if "①" <= body[:1] <= "⑳" else (" " if body != rest else ""))
    return head + parts[1:], head_joins + joins[1:]


def _closing_paren(text: str, i: int) -> int | None:
    """Index just past the parenthesis opened at text[i] (nested ones balanced)."""
    depth = 0
    for j in range(i, min(len(text), i + 80)):
        if text[j] in "(（":
            depth += 1
        elif text[j] in ")）":
            depth -= 1
            if depth == 0:
                return j + 1
    return None


WRAP_END = re.compile(r"[·,、‧ㆍ(\[「『“‘]\s*$|(?:\s및|\s또는|하고|하여|이며|으로서)\s*$")


def _looks_like_title(text: str, trailing_space: bool = False) -> bool:
    """Short, no sentence ending, no 'label : value', and not visibly wrapping on."""
    if trailing_space or WRAP_END.search(text):
        return False
    body = text
    for _, rx in MARKERS:
        m = rx.match(text)
        if m:
            body = text[m.end():]
            break
    body = UNIT_NOTE.sub("", body).rstrip(" ([［<〈")  # "예산 현황 (단위: 천원)" is still a title
    return (
        0 < len(body) <= HEADING_MAX
        and not SENTENCE_END.search(body)
        and not FIELD.search(body)
        and not is_table_row(text)
    )


@dataclass
class Line:
    text: str  # the visible pieces joined by a space
    start: int
    end: int
    page: int | None
    trailing_space: bool
    marker: str | None
    parts: list[tuple[str, int, int]] = field(default_factory=list)
    style: str | None = None  # the format's own paragraph style (headingN, caption, footnote, title)
    ends_block: bool = True  # last physical line of its block
    joins: list[str] = field(default_factory=list)  # joiner before each part ("" for the first)
    whole: bool = False  # its block is a whole paragraph: it ends at a word boundary
    typed: bool = False  # plain text typed line by line (not a PDF dump): its breaks are deliberate


@dataclass
class Unit:
    kind: str  # heading | para | item | table | caption | article
    marker: str | None
    segments: list[tuple[str, int, int]] = field(default_factory=list)  # (text, src_start, src_end)
    page: int | None = None
    joiners: list[str] = field(default_factory=list)
    caption: str | None = None
    open: bool = True  # a paragraph that may still take continuation lines
    rows: list[list[str]] | None = None
    heading: bool = False  # came from a heading (Markdown #, a heading style)

    @property
    def text(self) -> str:
        out = ""
        for i, (t, _, _) in enumerate(self.segments):
            out += (self.joiners[i] if i else "") + t
        return out

    def add(self, text: str, start: int, end: int, joiner: str) -> None:
        self.joiners.append(joiner)
        self.segments.append((text, start, end))

    def add_line(self, line: "Line", joiner: str) -> None:
        for i, (text, start, end) in enumerate(line.parts):
            self.add(text, start, end, joiner if i == 0 else (line.joins[i] if i < len(line.joins) else " "))


def _joined(parts: list[tuple[str, int, int]], joins: list[str]) -> str:
    return "".join((joins[i] if i else "") + p for i, (p, _, _) in enumerate(parts))


def _lines(doc: Document) -> list[Line | Block]:
    out: list[Line | Block] = []
    markdown = doc.fmt == "md"
    for b in doc.blocks:
        if b.kind == "table":
            out.append(b)
            continue
        whole = doc.fmt in WHOLE_FORMATS or b.style == "paragraph" or bool(_style_marker(b.style, ""))
        physical = _split_physical(b.text, b.start)
        for i, (part_start, part) in enumerate(physical):
            parts, joins = line_parts(part, part_start, markdown)
            if not parts:
                continue
            if ARTICLE_HEAD.match(parts[0][0]):
                parts, joins = _article_parts(parts, joins)
            text = _joined(parts, joins).strip()
            if not text or PAGE_NUMBER.match(text):
                continue
            marker = _style_marker(b.style, text) or marker_of(text)
            out.append(
                Line(text, parts[0][1], parts[-1][2], b.page, part != part.rstrip(), marker, parts, b.style,
                     ends_block=i == len(physical) - 1, joins=joins, whole=whole,
                     typed=doc.fmt == "txt" and b.style == "paragraph")
            )
    return out


def _style_marker(style: str | None, text: str) -> str | None:
    """A heading style (DOCX/HWP/HWPX, or a Markdown `#`) is a marker type of its own
    ("heading2") unless it names a legal unit (제1장, 제3조, 부칙), which takes that unit's
    level. (A "title" paragraph is the document's name, already its metadata, so it is not
    a section level.)"""
    if not style or not re.fullmatch(r"heading\d", style):
        return None
    return next((name for name, rx in LEGAL_HEADINGS if rx.match(text)), style)


def _split_physical(raw: str, base: int) -> list[tuple[int, str]]:
    parts, pos = [], 0
    for piece in raw.split("\n"):
        parts.append((base + pos, piece))
        pos += len(piece) + 1
    return parts


def _units(doc: Document) -> list[Unit]:
    items = _lines(doc)
    units: list[Unit] = []
    # HWP/HWPX/DOCX paragraphs, Markdown and plain-text paragraphs are whole (Line.whole);
    # only text dumps (PDF, a PDF's text saved as .txt) wrap lines
    table: Unit | None = None  # the table currently taking lines
    caption_mode = False  # the table was opened by a caption: looser about what it takes
    aligned = 0  # cell count of a table aligned by runs of spaces (0: not such a table)

    def next_line(i: int) -> Line | None:
        j = i + 1
        return items[j] if j < len(items) and isinstance(items[j], Line) else None  # type: ignore[return-value]

    for i, it in enumerate(items):
        if isinstance(it, Block):  # a real table from a structured format
            table = None
            u = Unit("table", None, page=it.page, rows=it.rows, open=False)
            u.add(it.text, it.start, it.end, "")
            units.append(u)
            continue
        line = it
        text, m = line.text, line.marker
        nxt = next_line(i)
        prev = units[-1] if units else None
        joiner = " " if _prev_trailing(items, i) else ""
        whole_end = line.whole and line.ends_block
        # "제2조(의회동의) 제1항에 따라 …" inside an unfinished sentence is a reference, not an article
        if m == "article" and not line.style and prev is not None and prev.open and prev.kind in ("para", "item"):
            m = None

        if table is not None and CAPTION.match(text):
            table = None  # a new caption always starts a new table
        if table is not None and aligned:
            if m is None and len(space_cells(text)) == aligned and not speech_rows([space_cells(text)]):
                table.add_line(line, "\n")
                continue
            table, aligned = None, 0
        if table is not None:
            if is_rule_line(text) and table.segments:
                continue  # a Markdown rule under the header row: layout, not content
            if _table_takes(table, line, m, caption_mode):
                if is_header_row(text) and _has_value_rows(table):
                    table = Unit("table", None, page=line.page, open=False)
                    units.append(table)
                    caption_mode = False
                elif not table.segments:
                    units.append(table)
                table.add_line(line, "\n")
                continue
            table = None
        if line.whole and m is None and nxt is not None and _aligned_pair(text, nxt):
            # rows aligned by runs of spaces (a table typed in a text file)
            if table is None or table.segments:
                table = Unit("table", None, page=line.page, open=False)
            units.append(table)  # a caption's table enters the list with its first row
            table.add_line(line, "\n")
            aligned, caption_mode = len(space_cells(text)), False
            continue
        if m is None and (is_table_row(text) or is_header_row(text)):
            table = Unit("table", None, page=line.page, open=False)
            # column headings that wrapped onto their own line(s) just before the first row
            while units and _is_header_fragment(units[-1]):
                head = units.pop()
                for seg in head.segments:
                    table.add(*seg, "\n")
            table.add_line(line, "\n")
            units.append(table)
            caption_mode = False
            continue
        next_is_table_block = i + 1 < len(items) and isinstance(items[i + 1], Block)
        if line.style == "caption" or CAPTION.match(text) or (
            next_is_table_block and m is None and _looks_like_title(text)
        ):
            units.append(_caption(line))
            table, caption_mode = Unit("table", None, page=line.page, open=False), True
            continue

        if m is not None and m.startswith("heading"):
            u = Unit("heading", m, page=line.page, open=False)
            u.add_line(line, "")
            units.append(u)
            continue
        if m is not None:
            kind = _classify(line, m, nxt)
            if kind == "caption":
                units.append(_caption(line, m))
                continue
            u = Unit(kind, m, page=line.page, heading=bool(_style_marker(line.style, "")))
            u.add_line(line, "")
            u.open = kind in ("para", "item", "article") and not SENTENCE_END.search(text)
            u.open = u.open and not whole_end
            units.append(u)
            continue

        # an unmarked line: continuation of an open paragraph — also one that a floated
        # table interrupted — or a new paragraph
        target = _open_paragraph(units)
        if target is not None:
            target.add_line(line, joiner)
            target.open = not SENTENCE_END.search(text) and not whole_end
            continue
        if _looks_like_title(text, line.trailing_space) and nxt is not None and (
            is_header_row(nxt.text) or is_table_row(nxt.text)
        ):
            units.append(_caption(line))
            continue
        u = Unit("para", None, page=line.page)
        u.add_line(line, "")
        u.open = not SENTENCE_END.search(text) and not whole_end
        units.append(u)
    return units


def _aligned_pair(text: str, nxt: "Line") -> bool:
    """Two lines of one paragraph with the same 2+ cells separated by runs of spaces."""
    if nxt.marker is not None or not nxt.whole:
        return False
    if "  " not in text or "\t" in text or explicit_cells(text) is not None:
        return False  # tabs and pipes are explicit rows (is_table_row)
    a, b = space_cells(text), space_cells(nxt.text)
    return len(a) >= 2 and len(a) == len(b) and not any(
        len(c) == 1 and "가" <= c <= "힣" for c in a + b  # "합  계": letter spacing, not cells
    ) and not speech_rows([a, b])  # "○위원장 김도윤  개의하겠습니다.": speaker turns, not rows


def _caption(line: "Line", marker: str | None = None) -> Unit:
    u = Unit("caption", marker, page=line.page, open=False)
    u.add_line(line, "")
    return u


def _is_header_fragment(u: Unit) -> bool:
    return u.kind == "para" and u.marker is None and len(u.text) <= 40 and not SENTENCE_END.search(u.text)


def _open_paragraph(units: list[Unit]) -> Unit | None:
    """The paragraph an unmarked line continues: the last unit, or — when a table floated into
    the middle of a sentence that visibly breaks off ("… 사기사이트 적발·") — the one before it."""
    for i, u in enumerate(reversed(units[-3:])):
        if u.kind in ("para", "item", "article"):
            if not u.open:
                return None
            return u if i == 0 or WRAP_END.search(u.segments[-1][0]) else None
        if u.kind not in ("table", "caption"):
            return None
    return None


def _table_takes(table: Unit, line: Line, m: str | None, caption_mode: bool) -> bool:
    text = line.text
    has_rows = bool(table.segments)
    if m is None and (is_table_row(text) or is_header_row(text)):
        return True
    if m in ("note", "star"):
        return has_rows and len(text) <= 120
    if m is not None:
        return False
    if len(text) <= 30 and not SENTENCE_END.search(text):
        return True  # a label or a wrapped cell
    # a caption announced a table: long rows without a sentence ending are rows too
    return caption_mode and not SENTENCE_END.search(text) and len(text) <= 120


def _prev_trailing(items: list[Line | Block], i: int) -> bool:
    """Whether the previous line ended at a word boundary: it kept the space a layout wrapped
    at, or it belongs to a whole paragraph (a line break there is a space)."""
    for j in range(i - 1, -1, -1):
        if isinstance(items[j], Line):
            return items[j].trailing_space or items[j].whole  # type: ignore[union-attr]
    return True


def _has_value_rows(table: Unit) -> bool:
    return any(is_table_row(t) and not is_header_row(t) for t, _, _ in table.segments)


NUMBERED = {"num", "ganada", "num_paren", "ganada_paren", "paren_num", "circled"}


def _classify(line: Line, m: str, nxt: Line | None) -> str:
    """heading, caption (a table's title), article, or item (a bullet/list paragraph)."""
    if m == "article":
        return "article"
    if m == "square" and _is_sentence(line.text):
        return "item"  # a press release's "□ 올해 무더위쉼터는 … 늘었다.": a paragraph, not a title
    if m in ALWAYS_STRUCTURAL:
        return "heading"
    if nxt is None or not _looks_like_title(line.text):
        return "item"
    if nxt.marker is None and (is_table_row(nxt.text) or is_header_row(nxt.text)):
        return "heading" if m in NUMBERED else "caption"  # a table's title
    if m not in MAY_BE_HEADING:
        return "item"
    if nxt.marker is None and not CAPTION.match(nxt.text):
        # in a dump the line wraps on (a sentence, not a title); typed text breaks on purpose
        return "heading" if line.typed else "item"
    if nxt.marker == m:
        return "item"  # followed by its own sibling: a list, not a title
    return "heading"


def _is_sentence(text: str) -> bool:
    """A marked line that reads as prose: longer than any title and ending like a sentence."""
    return len(text) > HEADING_MAX and SENTENCE_END.search(text) is not None


def _heading_label(text: str) -> str:
    """A section label: one line, revision notes ("<개정 2007.8.3>") left out, and a 부칙's
    promulgation note spaced ("부칙 <제6704호, 2002.5.13>")."""
    label = re.sub(r"\s+", " ", REVISION_NOTE.sub("", text)).strip()
    if label.startswith("부") and re.match(r"^부\s*칙", label):
        label = re.sub(r"^부\s*칙\s*", "부칙", label)
        label = re.sub(r"\s*<(제[^<>,]*?),\s*([^<>]*)>", r" <\1, \2>", label)
    return label


def _article_label(text: str) -> str:
    """"제3조 (가맹금의 정의) …" → "제3조(가맹금의 정의)"; "제8조" (a deleted article) stays."""
    m = re.match(r"^제\s*(\d+)\s*조(?:\s*의\s*(\d+))?\s*", text)
    if not m:
        return _heading_label(text[:30])
    label = f"제{m.group(1)}조" + (f"의{m.group(2)}" if m.group(2) else "")
    rest = text[m.end():]
    if rest[:1] in "(（":
        close = _closing_paren(rest, 0)
        label += rest[:close] if close else ""
    return _heading_label(label)


@dataclass
class _Pending:
    section: list[str]
    units: list[Unit] = field(default_factory=list)
    kind: str = "text"
    caption: str | None = None
    appendix: bool = False


def chunk_document(doc: Document) -> list[Chunk]:
    units = _units(doc)
    stack: list[tuple[str, str]] = []  # (marker type, heading text)
    chunks: list[Chunk] = []
    pending_captions: list[Unit] = []
    buf: _Pending | None = None
    headers_seen: dict[str, str] = {}
    # marker types in order of first appearance: a document's own hierarchy (◦ above ∎, …)
    depth: dict[str, int] = {}

    # 부칙 sits at the level of 편 (directly under the law's title), closing chapters and articles
    fixed = {"roman": -4, "part": -3, "appendix": -3, "chapter": -2, "jeol": -1, "gwan": -0.5}
    fixed.update({f"heading{n}": -5 + n * 0.5 for n in range(1, 10)})  # heading1 above 편/장, deeper ones below

    def rank(marker: str) -> int:
        return fixed[marker] if marker in fixed else depth.setdefault(marker, len(depth))

    def close_deeper(marker: str, inclusive: bool) -> None:
        r = rank(marker)
        while stack and stack[-1][0] not in ("article",) and (
            rank(stack[-1][0]) > r or (inclusive and rank(stack[-1][0]) == r)
        ):
            stack.pop()

    def section() -> list[str]:
        return [h for _, h in stack] or ([doc.title] if doc.title else [])

    def body_under(heading: str, marker: str) -> None:
        """The first bullet under a heading is its body, whatever the document's earlier order
        of marker types said ("1. 개요" / "◦ …" and later "가. 박람회 준비 (15억원)" / "◦ …":
        ◦ came first, so it ranked above 가. and closed that heading, losing it from every
        passage's section path): the bullet's type moves just below the heading's — unless an
        enclosing heading has that type (then the bullet is a sibling of the enclosing one)."""
        if rank(marker) <= rank(heading) and marker not in (t for t, _ in stack):
            depth[marker] = rank(heading) + 0.5

    last_article: tuple[int, int] | None = None  # (N, k) of the last body article heading: 제N조의k

    def pending(units: list[Unit], kind: str = "text", caption: str | None = None) -> _Pending:
        return _Pending(section(), units, kind, caption, any(t == "appendix" for t, _ in stack))

    def flush() -> None:
        nonlocal buf
        if buf and buf.units:
            chunks.extend(_make_chunks(doc, buf, len(chunks)))
        buf = None

    fresh: str | None = None  # marker of a heading nothing has followed yet

    def push_heading(marker: str, text: str) -> None:
        types = [t for t, _ in stack]
        if marker == "roman":
            stack.clear()
            depth.clear()  # each part of a report may use its own bullet hierarchy
        elif marker in types:
            del stack[types.index(marker):]
        elif marker in fixed:  # 편/장/절 close articles and everything below them
            while stack and (stack[-1][0] == "article" or rank(stack[-1][0]) >= rank(marker)):
                stack.pop()
        else:
            close_deeper(marker, inclusive=True)
        rank(marker)
        stack.append((marker, _heading_label(text)))

    for idx, u in enumerate(units):
        in_article = bool(stack) and stack[-1][0] == "article"
        if u.kind == "heading" and in_article and u.marker in ARTICLE_CHILDREN:
            u.kind = "item"
        if u.kind == "heading":
            flush()
            pending_captions = []
            push_heading(u.marker or "", u.text)
            fresh = u.marker or ""
            continue
        if fresh is not None and u.marker and u.marker not in fixed and u.kind in ("item", "para"):
            body_under(fresh, u.marker)
        fresh = None
        if u.kind == "article":
            flush()
            # an article nested under a heading; a sibling article replaces the last one
            if stack and stack[-1][0] == "article":
                stack.pop()
            label = _article_label(u.text)
            if u.heading and not any(t == "appendix" for t, _ in stack):
                last_article = _branch_number(u, last_article)
                if last_article and last_article[1] > 1 and "의" not in label.split("(")[0]:
                    label = label.replace(f"제{last_article[0]}조", f"제{last_article[0]}조의{last_article[1]}", 1)
            stack.append(("article", label))
            buf = pending([u], "article")
            continue
        if in_article and u.kind in ("item", "para") and (u.marker in ARTICLE_CHILDREN or u.marker is None):
            if buf is None or buf.kind != "article":
                flush()
                buf = pending([], "article")
            buf.units.append(u)
            continue
        if in_article:
            stack.pop()  # anything else ends the article
            flush()
        if u.marker and u.kind in ("item", "para", "caption"):
            # a bullet at a shallower level than an open sub-heading closes that sub-heading
            before = len(stack)
            close_deeper(u.marker, inclusive=True)
            if len(stack) != before:
                flush()
        if u.kind == "caption":
            pending_captions.append(u)
            continue
        if u.kind == "table":
            flush()
            caption = _take_caption(units, idx, pending_captions)
            key = u.segments[0][0] if u.segments else ""
            if caption is None and key in headers_seen:
                caption = headers_seen[key] + " (계속)"
            if caption and key:
                headers_seen.setdefault(key, caption)
            buf = pending([u], "table", caption)
            flush()
            continue
        # enumerated lists (①②③… items with no body of their own) stay together
        if buf is not None and buf.kind == "list" and u.marker in ("circled", "star", "note"):
            buf.units.append(u)
            continue
        if u.kind == "item" and u.marker == "circled" and _starts_list(units, idx):
            flush()
            caption = pending_captions.pop(0).text if pending_captions else None
            buf = pending([u], "list", caption)
            continue
        if buf is not None and buf.kind != "text":
            flush()
        if buf is None:
            buf = pending([])
        # a □ paragraph opens a passage of its own (with the ○ points under it), as a heading would
        if buf.units and (u.marker == "square" or len("\n".join(x.text for x in buf.units)) + len(u.text) > TARGET_CHARS):
            flush()
            buf = pending([])
        buf.units.append(u)
    flush()
    return chunks


def _starts_list(units: list[Unit], idx: int) -> bool:
    nxt = units[idx + 1] if idx + 1 < len(units) else None
    return nxt is not None and nxt.marker == "circled"


def _take_caption(units: list[Unit], idx: int, pending: list[Unit]) -> str | None:
    # the caption right before the table wins; otherwise the oldest unclaimed one
    if idx > 0 and units[idx - 1].kind == "caption" and units[idx - 1] in pending:
        pending.remove(units[idx - 1])
        return units[idx - 1].text
    if pending:
        return pending.pop(0).text
    return None


def _branch_number(u: Unit, last: tuple[int, int] | None) -> tuple[int, int] | None:
    """Statute exports that drop "의N" from headings ("##### 제6조 (정보공개서의 등록 등)" right
    after 제6조) number branch articles 제6조의2, 제6조의3, … as the law does: the number is
    restored in the label and, between the source segments "제6조" and "(…)", in the text."""
    m = re.match(r"^제(\d+)조(?:의(\d+))?", u.text)
    if not m:
        return last
    n, k = int(m.group(1)), int(m.group(2) or 1)
    if m.group(2) is None and last is not None and last[0] == n and u.segments[0][0] == f"제{n}조":
        k = last[1] + 1
        if len(u.joiners) > 1:
            u.joiners[1] = f"의{k}"
    return n, k


def _article_parts_of(units: list[Unit]) -> list[list[Unit]]:
    """An article's units grouped per 항 (a circled paragraph with its 호 and 목); an article
    without 항 is grouped per 호. The heading stays with the first group."""
    split_at = "circled" if any(u.marker == "circled" for u in units[1:]) else "num"
    parts: list[list[Unit]] = []
    for i, u in enumerate(units):
        if not parts or (i > 0 and u.marker == split_at):
            parts.append([])
        parts[-1].append(u)
    return parts


def _table_cells(buf: _Pending) -> tuple[list[list[str]] | None, int, str | None]:
    """(rows, header_rows, unit) of a table: a loader's cells, or cells read from text lines.
    Unit notes ("(단위: 천원)") and notes below the table ("※ …") are not rows."""
    u = buf.units[0]
    lines = [t for t, _, _ in u.segments]
    unit = unit_of(buf.caption) if buf.caption else None
    for t in lines:
        if unit is None and is_unit_note(t):
            unit = unit_of(t)
    if u.rows is not None:
        return u.rows, header_row_count(u.rows), unit
    text = u.text.split("\n")
    body = [t for t in text if t.strip() and not is_unit_note(t) and not re.match(r"^\s*[※*]", t)]
    found = text_table_rows(body)
    return (found[0], found[1], unit) if found else (None, 1, unit)


def _make_chunks(doc: Document, buf: _Pending, first_ord: int) -> list[Chunk]:
    groups: list[list[Unit]] = [[]]
    limit = ARTICLE_MAX_CHARS if buf.kind == "article" else MAX_WHOLE_CHARS if buf.kind in ("table", "list") else MAX_CHARS
    size = 0
    # a long article is split between its 항 (never inside one), a long list between items
    pieces = _article_parts_of(buf.units) if buf.kind == "article" else [[u] for u in buf.units]
    for piece in pieces:
        n = sum(len(u.text) + 1 for u in piece)
        if groups[-1] and size + n > limit:
            groups.append([])
            size = 0
        groups[-1].extend(piece)
        size += n
    rows, header_rows, unit = _table_cells(buf) if buf.kind == "table" else (None, 1, None)
    out = []
    for gi, group in enumerate(groups):
        text, spans = "", []
        if buf.caption:
            text = buf.caption + ("" if gi == 0 else " (계속)") + "\n"
        for u in group:
            for si, (seg, s, e) in enumerate(u.segments):
                if si:
                    text += u.joiners[si]
                elif text and not text.endswith("\n"):
                    text += "\n"
                spans.append((len(text), s, e))
                text += seg
        starts = [s for _, s, _ in spans]
        ends = [e for _, _, e in spans]
        start, end = (min(starts), max(ends)) if spans else (0, 0)
        ordinal = first_ord + len(out)
        cid = hashlib.sha1(f"{doc.doc_id}|{doc.content_hash}|{ordinal}".encode()).hexdigest()[:16]
        pages = [u.page for u in group if u.page is not None]
        out.append(
            Chunk(
                chunk_id=cid,
                doc_id=doc.doc_id,
                ord=ordinal,
                text=text.strip("\n"),
                section=list(buf.section),
                start=start,
                end=end,
                kind=buf.kind,
                page=pages[0] if pages else None,
                caption=buf.caption,
                spans=spans,
                rows=rows,
                header_rows=header_rows,
                unit=unit,
                appendix=buf.appendix,
            )
        )
    return out
