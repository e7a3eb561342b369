"""Draft → a format-neutral layout: sections of paragraphs with numbered references.

This is the one place where citation numbers are decided, so Markdown, DOCX and HWPX
all print the same numbers. Each answer numbers its citations 1..k; a draft holds many
answers, so references are renumbered in order of first appearance across the draft and
de-duplicated: the same document with the same span (or the same quoted passage) gets one
number, whichever answers cite it. Citations an edited text no longer mentions are kept
under a "참고 출처" line, so exporting never drops a source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import Citation, ToolCall
from .draft import MARKER, DraftDocument, DraftItem, marker_numbers

UNKNOWN_MARK = "출처 미확인"
REFS_HEADING = "출처"
GROUNDS_LABEL = "근거"

# "근거", "**근거**", "### 근거", "[근거]", "■ 근거", "근거: …" — but not "근거가 없으므로 …"
GROUNDS_LINE = re.compile(
    r"^\s*(?:#{1,6}\s*|[■□◆▶●◦○]\s*)?(?:\*\*)?\[?근거\]?(?:\*\*)?\s*(?:[:：]\s*(?P<rest>.*))?$"
)
BULLET = re.compile(r"^(?P<indent>\s*)[-*•·◦ㆍ]\s+(?P<body>.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass
class Reference:
    """One numbered source in the draft's 출처 list."""

    number: int
    doc: str
    title: str
    section: str
    page: int | None
    quote: str
    article: str = ""  # "제5조 제2항" where the passage lies in an article the section path does not name
    caption: str = ""  # a quoted table row: its table's caption and header row(s)
    header: str = ""

    def source_label(self) -> str:
        """「제목」 · 섹션 경로 · 제N조 제M항 · N쪽 — the parts that are known."""
        parts = [f"「{self.title or self.doc}」"]
        if self.section:
            parts.append(self.section)
        if self.article:
            parts.append(self.article)
        if self.page is not None:
            parts.append(f"{self.page}쪽")
        return " · ".join(parts)

    def table_note(self) -> str:
        """"표 < 위탁 연혁 > · 머리행: 수탁기간 … 점수" — what a quoted table row needs to be read."""
        parts = [f"표 {self.caption}" if self.caption else "", f"머리행: {self.header}" if self.header else ""]
        return " · ".join(p for p in parts if p)

    def footnote_text(self, limit: int = 240) -> str:
        quote = self.quote if len(self.quote) <= limit else self.quote[: limit - 1].rstrip() + "…"
        note = self.table_note()
        if quote:
            return f"{self.source_label()} — " + (f"{note}: " if note else "") + f"“{quote}”"
        return self.source_label()


@dataclass
class Run:
    text: str
    bold: bool = False


@dataclass
class Ref:
    number: int | None  # None: the text names a citation the answer does not have
    # "출처: [3], [4]" — the marks are the content (a list of sources), not a note on a claim;
    # footnoted formats keep such numbers visible and add the footnote after them
    listed: bool = False


Inline = Run | Ref


@dataclass
class Para:
    inlines: list[Inline]
    kind: str = "body"  # body | grounds_label | grounds | refused | note
    bullet: bool = False
    indent: int = 0

    def plain(self) -> str:
        return "".join(i.text if isinstance(i, Run) else f"[{i.number or UNKNOWN_MARK}]" for i in self.inlines)


@dataclass
class Section:
    number: int
    question: str
    paras: list[Para]
    refused: bool = False


@dataclass
class Layout:
    title: str
    date: str
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _article(c: Citation) -> str:
    """제N조 (제M항) of the quoted passage, unless the section path already says it."""
    from ..sources import locate

    loc = locate(c)
    if not loc.article:
        return ""
    if _norm(loc.article) in _norm(c.section):  # "… > 제5조 (목적)": only the 항 is news
        return loc.paragraph or ""
    return f"{loc.article} {loc.paragraph}" if loc.paragraph else loc.article


class _Registry:
    """Global reference numbers; same doc + same span or same quote → same number."""

    def __init__(self) -> None:
        self.refs: list[Reference] = []
        self._keys: dict[tuple, int] = {}

    def number(self, c: Citation) -> int:
        quote = re.sub(r"\s+", " ", c.quote or c.text).strip()
        keys = [("q", c.doc, _norm(quote))]
        if c.end > c.start:
            keys.append(("s", c.doc, c.start, c.end))
        for k in keys:
            if k in self._keys:
                num = self._keys[k]
                break
        else:
            num = len(self.refs) + 1
            self.refs.append(Reference(num, c.doc, c.title, c.section, c.page, quote, _article(c),
                                       getattr(c, "caption", "") or "", getattr(c, "header", "") or ""))
        for k in keys:
            self._keys.setdefault(k, num)
        return num


def _inlines(text: str, resolve: Callable[[int], int | None]) -> list[Inline]:
    """Split a line into bold/plain runs and reference marks."""
    out: list[Inline] = []
    for i, piece in enumerate(BOLD.split(text)):  # odd pieces were inside **…**
        pos = 0
        for m in MARKER.finditer(piece):
            if m.start() > pos:
                out.append(Run(piece[pos:m.start()], bold=i % 2 == 1))
            out.extend(Ref(resolve(int(n))) for n in re.split(r"\s*[,，]\s*", m.group(1)))
            pos = m.end()
        if pos < len(piece):
            out.append(Run(piece[pos:], bold=i % 2 == 1))
    for j, inline in enumerate(out):
        if isinstance(inline, Ref) and j > 0:
            before = out[j - 1]
            if isinstance(before, Run):
                after_colon = before.text.rstrip().endswith((":", "："))
                between_listed = j > 1 and isinstance(out[j - 2], Ref) and out[j - 2].listed and not before.text.strip(" ,，")
                inline.listed = after_colon or between_listed
            else:
                inline.listed = before.listed
    return out


def _grounds_from_tools(tool_calls: list[ToolCall], known: set[int]) -> list[str]:
    """A 근거 block rebuilt from the tool calls (rule engine result keys: verdict, rule_title,
    basis), for texts whose block was edited away: a verdict is never exported without it."""
    lines = [GROUNDS_LABEL]
    for tc in tool_calls:
        inputs = ", ".join(f"{k}={v}" for k, v in tc.args.items() if v is not None)
        lines.append(f"- 입력: {inputs or '없음'} ({tc.name})")
        rule = " — ".join(str(tc.result[k]) for k in ("rule_title", "basis") if tc.result.get(k))
        if rule:
            lines.append(f"- 규칙: {rule}")
        cited = [n for n in tc.citations if n in known]
        if cited:
            lines.append("- 출처: " + ", ".join(f"[{n}]" for n in cited))
    return lines


def _section(number: int, item: DraftItem, registry: _Registry) -> Section:
    by_n = {c.n: c for c in item.citations}

    def resolve(n: int) -> int | None:
        return registry.number(by_n[n]) if n in by_n else None

    lines = item.text.strip("\n").split("\n")
    # a refusal may carry the tool calls it tried; there is no verdict to ground then
    if item.tool_calls and not item.refused and not any(GROUNDS_LINE.match(ln) for ln in lines):
        lines += [""] + _grounds_from_tools(item.tool_calls, set(by_n))

    paras: list[Para] = []
    in_grounds = False
    for line in lines:
        if not line.strip():
            continue
        g = GROUNDS_LINE.match(line)
        if g:
            # the rule engine puts its 근거 block last: everything after the label belongs to it
            in_grounds = True
            paras.append(Para([Run(GROUNDS_LABEL, bold=True)], kind="grounds_label"))
            if g.group("rest"):
                paras.append(Para(_inlines(g.group("rest").strip(), resolve), kind="grounds"))
            continue
        kind = "grounds" if in_grounds else ("refused" if item.refused else "body")
        b = BULLET.match(line)
        if b:
            paras.append(Para(_inlines(b.group("body"), resolve), kind, bullet=True, indent=len(b.group("indent")) // 2))
        else:
            paras.append(Para(_inlines(line.strip(), resolve), kind))

    cited = set(marker_numbers("\n".join(lines)))
    leftover = [c.n for c in item.citations if c.n not in cited]
    if leftover:
        paras.append(Para([Run("참고 출처: ")] + [Ref(resolve(n)) for n in leftover], kind="note"))
    return Section(number, item.question, paras, item.refused)


def build_layout(draft: DraftDocument) -> Layout:
    registry = _Registry()
    sections = [_section(i, item, registry) for i, item in enumerate(draft.items, start=1)]
    return Layout(draft.title, draft.date, sections, registry.refs)
