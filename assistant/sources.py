"""How a cited source reads to a researcher: where the passage is (page, 제N조 제M항 or section,
never character offsets), the table a quoted row belongs to (caption and header row), and
readable excerpts (Markdown debris removed, cut at a sentence boundary, never mid-number).

Pure functions over `Chunk`/`Citation`; the chat (assistant/ui/sources.py), the exporters and
the CLI use them alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Answer, Chunk, Citation

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# an article heading at the start of a line ("제5조(목적)", "##### 제12조의2 (…)"), not a
# reference inside a sentence ("「지방자치법」 제125조제5항에 따라")
_ARTICLE_HEAD = re.compile(r"^[# \t*]*(제\s*\d+\s*조(?:\s*의\s*\d+)?)(?=\s*[(（]|\s*$|\s+\S)", re.M)
_ARTICLE_IN_SECTION = re.compile(r"^\s*(제\s*\d+\s*조(?:\s*의\s*\d+)?)")
_PARAGRAPH_HEAD = re.compile(rf"^[ \t*]*([{CIRCLED}])", re.M)
# Markdown debris in statute text: **bold**, heading #s, backslash escapes ("1\.")
_MD_BOLD = re.compile(r"\*\*|__")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# sentence ends in Korean administrative prose: "…한다." "…함." "…임" "…음." and ?!; a period
# between digits ("83.4점") is not an end
_SENTENCE_END = re.compile(r"(?:[다함음임됨요][.。]?|(?<!\d)[.。?!](?!\d))(?=\s|$)")
_YEARISH = re.compile(r"^(?:(?:19|20)\d\d\s*년?|[’'‘]\d\d(?:[.\s]*\d{1,2}(?:\.\d{1,2})?[.\s]*월?\.?)?|\d{1,2}\s*월)$")


def _clean_article(s: str) -> str:
    return re.sub(r"\s+", "", s)


def plain(text: str) -> str:
    """Text without Markdown markup (statutes arrive as Markdown): what the document says."""
    text = _MD_HEADING.sub("", text)
    text = _MD_BOLD.sub("", text)
    return _MD_ESCAPE.sub(r"\1", text)


def article_of(text: str, pos: int, section: str = "") -> tuple[str | None, str | None]:
    """(제N조, 제M항) of the character position `pos` in a chunk's `text`, from the nearest article
    heading and ①-style paragraph number before it; the section path names the article when the
    chunk starts inside one."""
    article = None
    head_end = 0
    for m in _ARTICLE_HEAD.finditer(text):
        if m.start() > pos:
            break
        article, head_end = _clean_article(m.group(1)), m.start()
    if article is None:
        for part in reversed([p for p in section.split(" > ") if p]):
            m = _ARTICLE_IN_SECTION.match(part)
            if m:
                article = _clean_article(m.group(1))
                break
    if article is None:
        return None, None
    paragraph = None
    for m in _PARAGRAPH_HEAD.finditer(text, head_end):
        if m.start() > pos:  # matches start at a line start: this line begins after the quote
            break
        paragraph = f"제{CIRCLED.index(m.group(1)) + 1}항"
    return article, paragraph


def _find(text: str, quote: str) -> int:
    if not quote:
        return 0
    i = text.find(quote)
    if i >= 0:
        return i
    pattern = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", quote)[:40])
    m = re.search(pattern, text) if pattern else None
    return m.start() if m else 0


@dataclass
class Location:
    page: int | None
    article: str | None
    paragraph: str | None
    section: str

    def label(self) -> str:
        """'12쪽 · 제5조 제5항' — the most precise parts known; the section path when there is
        neither page nor article."""
        parts = []
        if self.page:
            parts.append(f"{self.page}쪽")
        if self.article:
            parts.append(f"{self.article} {self.paragraph}" if self.paragraph else self.article)
        if not parts and self.section:
            parts.append(self.section.split(" > ")[-1])
        return " · ".join(parts)


def locate(citation: Citation) -> Location:
    pos = _find(citation.text, citation.quote)
    article, paragraph = article_of(citation.text, pos, citation.section)
    return Location(citation.page, article, paragraph, citation.section)


def _has_only_yearish_numbers(line: str) -> bool:
    tokens = [t for t in re.split(r"\s+", line.strip()) if re.search(r"\d", t)]
    return bool(tokens) and all(_YEARISH.match(t) for t in tokens)


def table_context(chunk: Chunk, quote: str = "") -> tuple[str, str]:
    """(caption, header) a quoted row of a table chunk needs to be read; ("", "") otherwise.

    With cells (`chunk.rows`, header rows first) the header is exact. A table that reached us as
    text lines (a PDF text dump) has no cells: then the header is the lines under the caption up
    to and including the first line whose only numbers are years/months ("연 도 2022년 2023년"),
    stopping at the first data line — at most four lines."""
    if chunk.kind != "table":
        return "", ""
    caption = (chunk.caption or "").strip()
    header_rows = getattr(chunk, "header_rows", 1)
    rows = getattr(chunk, "rows", None)
    if rows:
        n = header_rows if isinstance(header_rows, int) else 1
        header_lines = [" | ".join(c.strip() for c in row) for row in rows[: max(n, 0)]]
    else:
        lines = [ln.strip() for ln in chunk.text.split("\n") if ln.strip()]
        if lines and caption and lines[0] == caption:
            lines = lines[1:]
        header_lines = []
        for ln in lines[:4]:
            if not re.search(r"\d", ln):
                header_lines.append(ln)
            elif _has_only_yearish_numbers(ln):
                header_lines.append(ln)
                break
            else:
                break
        if not header_lines and lines:
            header_lines = lines[:1]
    header = " / ".join(h for h in header_lines if h)
    squash = lambda t: re.sub(r"[\s|]+", "", t)  # noqa: E731 — cells joined by " | " or by spaces
    if quote and header and (squash(quote) in squash(header) or squash(header) in squash(quote)):
        header = ""  # the quote is (or contains) the header itself
    return caption, header


def enrich(answer: Answer, chunks: Callable[[list[str]], Iterable[Chunk]]) -> Answer:
    """Fill `caption`/`header` of the answer's table citations from their chunks (looked up by id
    with `chunks`, e.g. `IndexReader.chunks`). Returns the same answer."""
    wanted = [c.chunk_id for c in answer.citations if c.chunk_id and not (c.caption or c.header)]
    if not wanted:
        return answer
    try:
        by_id = {ch.chunk_id: ch for ch in chunks(wanted)}
    except Exception:  # noqa: BLE001 — an index swapped away mid-way: the answer stays as it was
        return answer
    for c in answer.citations:
        ch = by_id.get(c.chunk_id)
        if ch is not None and not (c.caption or c.header):
            c.caption, c.header = table_context(ch, c.quote)
    return answer


def excerpt(text: str, limit: int = 300) -> str:
    """The start of a passage, at most about `limit` characters, ending at a sentence (or at
    least a word) boundary — never inside a number like "02-2180-8…"."""
    text = re.sub(r"[ \t]+", " ", plain(text)).strip()
    if len(text) <= limit:
        return text
    window = text[: limit + 1]
    ends = [m.end() for m in _SENTENCE_END.finditer(window) if m.end() >= limit // 3]
    nl = window.rfind("\n")
    cut = max(ends + ([nl] if nl >= limit // 3 else []), default=0)
    if not cut:
        space = window.rfind(" ")
        cut = space if space >= limit // 3 else limit
        return text[:cut].rstrip(" ,·") + " …"
    return text[:cut].rstrip() + (" …" if cut < len(text) else "")
