"""Candidates → answer sentences with [n] markers; statutes named as statutes."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..models import Evidence
from ..tables import explicit_cells, split_cells, year_key
from .candidates import Candidate, clean

LAW_SUFFIX = re.compile(r"(?<!법)(?:법|법률|시행령|시행규칙|조례|규칙|규정|지침|령)$")  # not "관계법령"
OUTLINE_MARK = re.compile(r"^\s*(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+\.|\d{1,2}\.|[가-하]\.|[◇□■◦○-])")
# a bill ("… 조례 일부개정조례안", "… 법률안"), alone or as the subject of a report on it
BILL_IN_TITLE = re.compile(r"^(.+?(?:법률|법|시행령|시행규칙|조례|규칙)\s*(?:(?:일부|전부)개정|폐지)?(?:법률|조례|규칙)?안)"
                           r"(?:\s+\S*(?:심사|검토)\s*보고서?)?$")
ARTICLE_HEAD = re.compile(r"^(제\s*\d+\s*조(?:\s*의\s*\d+)?)")
BULLET = re.compile(r"^\s*(?:[◦○ㅇ●◎□■▣◇◆∎▪▸▶►➢※*·․ㆍ•∙-]|\d{1,2}\)\s)\s*")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def law_name(c: Candidate, title_of: Callable[[str], str]) -> str:
    """The law an article belongs to: the document title when it names a law, else the
    outermost section that does."""
    title = clean(title_of(c.chunk.doc_id)).strip()
    if LAW_SUFFIX.search(title):
        return title
    for s in c.chunk.section:
        s = clean(s).strip()
        if LAW_SUFFIX.search(s) and not ARTICLE_HEAD.match(s) and not OUTLINE_MARK.match(s):
            return s  # a report's outline heading ("가. 관계법령") names no law
    # a bill, or a report on one, quotes the bill's articles: "<…> 조례안 심사보고서" names the 조례안
    m = BILL_IN_TITLE.match(title)
    return m.group(1) if m else ""


def article_ref(c: Candidate) -> str:
    """"제117조 제3항" for a 항 of an article chunk ("" when the chunk is no article)."""
    if c.chunk.kind != "article" or not c.chunk.section:
        return ""
    m = next((ARTICLE_HEAD.match(clean(s).strip()) for s in reversed(c.chunk.section) if ARTICLE_HEAD.match(clean(s).strip())), None)
    if not m:
        return ""
    ref = re.sub(r"\s+", "", m.group(1))
    first = c.text.strip()[:1]
    if first in CIRCLED:
        ref += f" 제{CIRCLED.index(first) + 1}항"
    return ref


def josa(word: str, with_batchim: str, without: str) -> str:
    ch = word.strip()[-1:] if word.strip() else ""
    if "가" <= ch <= "힣":
        return with_batchim if (ord(ch) - 0xAC00) % 28 else without
    return with_batchim if ch.isdigit() and ch in "013678" else without


# a column's unit in parentheses: a counter or a currency, not a status ("2026년(안)", "(예산)")
HEADER_UNIT = re.compile(r"[(（]\s*((?:[천백십만억]*원|명|인|건|개소|개|곳|회|점|%|㎡|일|개월|년|세|시간|대|권|가구|세대|톤|배|천명))\s*[)）]\s*$")


# a column or row whose name says what its numbers count: points (배점, 득점, 점수, 총점, 평점),
# a place in a ranking (순위, 등수), a number of cases (건수); its bare numbers are in that unit
# whatever the table's unit note says of its money columns
NAMED_UNIT = ((re.compile(r"(?:배점|득점|점수|총점|평점|만점)$"), "점"), (re.compile(r"(?:순위|등수)$"), "위"),
              (re.compile(r"건수$"), "건"))
# a bare number as a table cell holds it: a sign of change (△, ▲, -, +) allowed, a rate in %p not
BARE_NUMBER = re.compile(r"[△▲▽▼+\-−]?\s?[\d,.]+")


def cell_unit(c: Candidate) -> str:
    """The unit of a bare-number cell: the column's "(천원)", the row label's, a column named by
    what it counts ("배점" → 점, "순위" → 위), or the table's "(단위: 천원)" note."""
    for label in (c.col_label, c.row_label):
        m = HEADER_UNIT.search(label or "")
        if m:
            return m.group(1)
    for label in (c.col_label, c.row_label):
        for rx, u in NAMED_UNIT:
            if rx.search(re.sub(r"\s", "", label or "")):
                return u
    unit = getattr(c.chunk, "unit", None) or ""
    u = re.sub(r"^[(（]?\s*단위\s*[:：]\s*|[)）]$", "", unit).strip()
    return u if len(u) <= 4 else ""


def cite(c: Candidate, evidence: list[Evidence]) -> int:
    lo = c.lo
    if c.kind in ("cell", "row") and c.header_lo is not None and c.header_lo < lo:
        between = c.chunk.text[c.header_lo:lo]
        if between.count("\n") <= 1:
            lo = c.header_lo  # quote the header with its row: a row alone means nothing
    for i, ev in enumerate(evidence, 1):
        if ev.chunk.chunk_id == c.chunk.chunk_id and ev.lo == lo and ev.hi == c.hi:
            return i
    evidence.append(Evidence(c.chunk, c.chunk.text[lo:c.hi], lo, c.hi))
    return len(evidence)


def _spaced(label: str) -> str:
    # "합  계" / "연 도": spaced-out short labels read as one word
    return re.sub(r"(?<=[가-힣]) +(?=[가-힣](?:\s|$))", "", label) if len(re.sub(r"\s", "", label)) <= 5 else label


def _title(s: str) -> str:
    s = re.sub(r"^\s*[\[［【<〈《＜]\s*(?:표|그림)?\s*[\d\-.]*\s*[\]］】>〉》＞]?|^\s*(?:표|그림)\s*\d+(?:[-.]\d+)?[.:]?\s", " ", clean(s))
    s = re.sub(r"[(（]\s*단위\s*[:：][^)）]*[)）]", " ", s)
    s = re.sub(r"[<〈《＜>〉》＞]", " ", s)
    s = BULLET.sub("", s.strip())
    return re.sub(r"\s+", " ", s).strip()


SLASHED_PARTS = re.compile(r"^(.*?)\s*[(（]?\s*([^()（）/]+?(?:\s*/\s*[^()（）/]+?)+)\s*[)）]?\s*$")


def paired_parts(col: str, value: str) -> tuple[str, str] | None:
    """A column that holds several values in one cell ("2025년 실적(총점/등급)" over "83.4 / 다"):
    the column without its parts, and each part named ("총점 83.4, 등급 다"); None when the cell does
    not split into as many parts as the header names."""
    m = SLASHED_PARTS.match(col.strip())
    if not m or "/" not in value:
        return None
    names = [x.strip() for x in m.group(2).split("/")]
    values = [x.strip() for x in value.split("/")]
    if len(names) != len(values) or not all(names) or not all(values):
        return None
    return m.group(1).strip(), ", ".join(f"{n} {v}" for n, v in zip(names, values))


def render(c: Candidate, evidence: list[Evidence], title_of: Callable[[str], str], counter: str = "") -> str:
    """One candidate as one answer line. `counter`: the counter word the question asked in
    ("몇 건" → 건), given to a bare count cell whose table names no unit."""
    n = cite(c, evidence)
    chunk = c.chunk
    if c.kind == "cell":
        subject = _title(chunk.caption or (chunk.section[-1] if chunk.section else ""))
        row, col = _spaced(c.row_label), _spaced(c.col_label)
        if year_key(row.strip()) and not year_key(col.strip()):
            row, col = f"{row} {col}", ""  # years as rows: "2024년 결산", not "결산 … 2024년"
        what = f"{subject}의 {row}" if subject else row
        value = c.value
        parts = paired_parts(col, value or "")
        if parts:
            return f"{parts[0] + ' ' if parts[0] else ''}{what}: {parts[1]} [{n}]."
        u = cell_unit(c)
        if BARE_NUMBER.fullmatch((value or "").strip()):
            value = f"{value}{u or counter}"
        return f"{col + ' ' if col else ''}{what}{josa(what, '은', '는')} {value}입니다 [{n}]."
    if c.kind == "row":
        subject = _title(chunk.caption or (chunk.section[-1] if chunk.section else ""))
        if c.header:
            cells = explicit_cells(c.text) or ([split_cells(c.text).label] + split_cells(c.text).cells)
            if len(cells) == len(c.header):
                pairs = ", ".join(f"{_spaced(h)} {v}" for h, v in zip(c.header[1:], cells[1:]) if v)
                return f"{subject + ' — ' if subject else ''}{_spaced(cells[0])}: {pairs} [{n}]."
        return f"{subject + ' — ' if subject else ''}{clean(c.text)} [{n}]."
    body = clean(c.text).strip() if c.kind == "paragraph" else BULLET.sub("", clean(c.text)).strip()
    ref = article_ref(c)
    if ref:
        law = law_name(c, title_of)
        head = f"「{law}」 {ref}" if law else ref
        lines = body.split("\n")
        if len(lines) > 1 and ARTICLE_HEAD.match(lines[0].strip()) and len(lines[0]) <= 60:
            body = "\n".join(lines[1:]).strip()  # the article's heading line: the reference says it
        body = re.sub(r"^[①-⑳]\s*", "", body)
        body = f"{head}: {body}"
    body = body.rstrip()
    if body.endswith((".", "。")):
        body = body[:-1]
    return f"{body} [{n}]."
