"""Markdown: YAML front matter becomes metadata, ATX headings become heading blocks.

Statutes exported from law.go.kr (legalize-kr style) open with a front matter block
(제목, 법령구분, 소관부처, 공포일자, 시행일자, 법령ID, 출처, …), then `# 법령명`, `## 제1장 총칙`,
`##### 제3조 (가맹금의 정의)` and paragraphs such as `**①** …` or `  1\\. …`.

`Document.text` stays the whole decoded file, so every offset points at the characters the
file holds; the front matter is simply not covered by any block (it is metadata, not body).
A heading block starts after its `#`s, so its text is the heading itself. A paragraph
(consecutive non-blank lines) is one block with style "paragraph": it ends at a word
boundary, and a line break inside it is a space (Markdown's soft break). Inline debris
(`**`, backslash escapes) is left to the chunker, which drops it from display text while
keeping exact source offsets.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..models import Block, Document

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
HEADING_LINE = re.compile(r"^ {0,3}#{1,6}[ \t]+\S", re.M)
FENCE = re.compile(r"^ {0,3}(```|~~~)")
# the first key present wins; keys compared case-insensitively
TITLE_KEYS = ("제목", "title", "법령명", "명칭", "name")
KIND_KEYS = ("법령구분", "kind", "종류", "문서종류", "type")
DATE_KEYS = ("시행일자", "date", "일자", "작성일", "공포일자")
BILL_KEYS = ("의안번호", "bill_no")


def looks_like_markdown(text: str, suffix: str = "") -> bool:
    """Front matter, or at least two ATX headings; a .md/.markdown name with one heading also counts."""
    head = text[:200_000]
    if FRONT_MATTER.match(head) and front_matter(head)[0]:
        return True
    n = len(HEADING_LINE.findall(head, 0, 200_000))
    return n >= 2 or (n >= 1 and suffix.lower() in (".md", ".markdown"))


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """(fields, offset where the body starts). Empty fields and offset 0 when there is none."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, 0
    raw = m.group(1) or ""
    data: Any
    try:
        import yaml

        data = yaml.safe_load(raw)
    except Exception:  # noqa: BLE001 — not valid YAML: read simple "key: value" lines
        data = _simple_pairs(raw)
    if not isinstance(data, dict) or not data:
        return {}, 0
    fields = {str(k).strip(): _as_text(v) for k, v in data.items()}
    return {k: v for k, v in fields.items() if k and v}, m.end()


def _simple_pairs(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    key = None
    for line in raw.split("\n"):
        m = re.match(r"^([^\s:#][^:]*):\s*(.*)$", line)
        if m:
            key = m.group(1).strip()
            out[key] = m.group(2).strip().strip("'\"")
        elif key and line.strip().startswith("- "):
            item = line.strip()[2:].strip().strip("'\"")
            out[key] = f"{out[key]}, {item}" if out[key] else item
    return out


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(t for t in (_as_text(v) for v in value) if t)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_as_text(v)}" for k, v in value.items())
    return str(value).strip()


def _pick(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    lower = {k.lower(): v for k, v in fields.items()}
    for k in keys:
        if lower.get(k.lower()):
            return lower[k.lower()]
    return None


def blocks(text: str, start: int = 0) -> list[Block]:
    """Heading blocks (style "headingN", text after the #s) and paragraph blocks from `start` on."""
    out: list[Block] = []
    para: list[tuple[int, int]] = []  # (start, end) of the current paragraph's lines
    fenced = False

    def close() -> None:
        if para:
            s, e = para[0][0], para[-1][1]
            out.append(Block("line", text[s:e], s, e, style="paragraph"))
            para.clear()

    pos = start
    for line in text[start:].split("\n"):
        end = pos + len(line)
        if FENCE.match(line):
            fenced = not fenced
        m = None if fenced else HEADING.match(line)
        if m:
            close()
            s = pos + m.start(2)
            e = pos + m.end(2)
            if e > s:
                out.append(Block("line", text[s:e], s, e, style=f"heading{len(m.group(1))}"))
        elif not line.strip():
            close()
        else:
            para.append((pos, end))
        pos = end + 1
    close()
    return out


def load_text(path: Path, text: str) -> Document:
    """A Document from decoded Markdown text (newlines already normalised)."""
    fields, body = front_matter(text)
    doc = Document(
        doc_id=path.name, path=str(path), text=text, blocks=blocks(text, body), content_hash="", fmt="md",
        fields=fields,
    )
    doc.title = _pick(fields, TITLE_KEYS) or ""
    doc.kind = _pick(fields, KIND_KEYS) or ""
    doc.date = _pick(fields, DATE_KEYS)
    doc.bill_no = _pick(fields, BILL_KEYS)
    if not doc.title:  # the first level-1 heading names the document
        first = next((b for b in doc.blocks if b.style == "heading1"), None)
        doc.title = first.text.strip() if first else ""
    return doc
