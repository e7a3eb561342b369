"""The nouns of the domain, in one place.

Data flows: loader → `Document` (text + `Block`s) → chunking → `Chunk`s → index →
retrieval → `Hit`s → answer backend → `Draft` → grounding → `Answer` (with `Citation`s
and `ToolCall`s). Citations are data (chunk ids + spans), never strings glued into prose.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["line", "table"]


@dataclass
class Block:
    """One unit a loader found in the source: a text line/paragraph or a table.

    `start`/`end` are character offsets into `Document.text`. Tables from structured
    formats (PDF tables, HWPX, DOCX) carry their cells in `rows`; tables in text dumps
    arrive as lines and are recognised by the chunker.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    page: int | None = None
    rows: list[list[str]] | None = None
    style: str | None = None  # e.g. "heading1" when the format says so


@dataclass
class Document:
    doc_id: str  # the source file name; what citations call `doc`
    path: str
    text: str  # the loader's full text; all offsets point into it
    blocks: list[Block]
    content_hash: str
    title: str = ""
    kind: str = ""  # 검토보고서, 성과평가, 조례, 법률, ...
    date: str | None = None
    bill_no: str | None = None
    pages: int | None = None
    fmt: str = "txt"
    warnings: list[str] = field(default_factory=list)
    # the source's own metadata (YAML front matter: 소관부처, 공포일자, 시행일자, 법령ID, 출처, …)
    fields: dict[str, str] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("text")
        d.pop("blocks")
        return d


@dataclass
class Chunk:
    """A retrievable passage with its place in the document.

    `text` is the display text (wrapped lines rejoined, Markdown debris such as `**`, `#` and
    `\\.` left out). `spans` maps it back to the source: each entry is (offset in `text`, source
    start, source end) of one joined segment, so any quote inside the chunk has exact source offsets.

    Tables (`kind == "table"`) carry their cells in `rows` (header row(s) first; `header_rows`
    says how many), the caption above them in `caption` and a unit note such as "(단위: 천원)"
    in `unit` ("천원"). `appendix` marks 부칙 (supplementary provisions of a law), which rank
    below the body.
    """

    chunk_id: str
    doc_id: str
    ord: int
    text: str
    section: list[str]
    start: int
    end: int
    kind: str = "text"  # text | table | article | list
    page: int | None = None
    caption: str | None = None
    spans: list[tuple[int, int, int]] = field(default_factory=list)
    rows: list[list[str]] | None = None  # table cells, header row(s) first
    header_rows: int = 1  # how many leading `rows` are headers
    unit: str | None = None  # the table's unit note: "천원" from "(단위: 천원)"
    appendix: bool = False  # inside 부칙

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    def source_span(self, lo: int, hi: int) -> tuple[int, int]:
        """Source offsets of the chunk-text range [lo, hi)."""
        if not self.spans:
            return self.start, self.end
        s_start = s_end = None
        for i, (pos, src_start, src_end) in enumerate(self.spans):
            seg_len = src_end - src_start
            nxt = self.spans[i + 1][0] if i + 1 < len(self.spans) else len(self.text)
            if s_start is None and lo < nxt:
                s_start = src_start + min(max(lo - pos, 0), seg_len)
            if hi <= nxt or i == len(self.spans) - 1:
                s_end = src_start + min(max(hi - pos, 0), seg_len)
                break
        return (s_start if s_start is not None else self.start), (s_end if s_end is not None else self.end)


@dataclass
class Hit:
    """A chunk as retrieval ranked it."""

    chunk: Chunk
    score: float
    rank: int
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass
class Citation:
    n: int
    doc: str
    title: str
    section: str
    quote: str
    text: str
    start: int
    end: int
    chunk_id: str
    page: int | None = None
    # a quoted table row is read with its table's caption and header row(s); filled from the
    # chunk by assistant.sources.enrich (empty for text passages and for older answers)
    caption: str = ""
    header: str = ""


@dataclass
class ToolCall:
    name: str
    args: dict[str, Any]
    result: dict[str, Any]
    citations: list[int] = field(default_factory=list)  # numbers into Answer.citations


@dataclass
class Evidence:
    """What a backend may cite: a chunk and the supporting span inside it."""

    chunk: Chunk
    quote: str
    lo: int  # offsets of the quote inside chunk.text
    hi: int


@dataclass
class Draft:
    """A backend's answer before grounding: text with [n] markers into `evidence`."""

    text: str
    evidence: list[Evidence]
    refused: bool = False
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_numbers: list[str] = field(default_factory=list)  # numbers a tool produced
    mode: str = "answer"  # answer | evidence (관련 근거, not a verified answer) | refused
    notes: list[str] = field(default_factory=list)  # what the backend had to do differently (shown with the answer)


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation]
    retrieved: list[Hit]
    tool_calls: list[ToolCall] = field(default_factory=list)
    latency_s: float = 0.0
    backend: str = "extractive"
    mode: str = "answer"  # answer | evidence | refused (see Draft.mode)
    # the grounding gate's verdict: 검증됨 | 일부 미검증 | 추출 답변으로 대체 ("" for a refusal)
    status: str = ""
    notes: list[str] = field(default_factory=list)  # what the gate removed, marked or replaced
    standalone_question: str = ""  # the question retrieval ran with (a follow-up rewritten)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "mode": "refused" if self.refused else self.mode,
            "citations": [asdict(c) for c in self.citations],
            "retrieved": [
                {
                    "rank": h.rank,
                    "doc": h.chunk.doc_id,
                    "chunk_id": h.chunk.chunk_id,
                    "score": round(h.score, 6),
                    "section": h.chunk.section_path,
                    "page": h.chunk.page,
                    "text": h.chunk.text,
                }
                for h in self.retrieved
            ],
            "tool_calls": [asdict(t) for t in self.tool_calls],
            "latency_s": round(self.latency_s, 4),
            "backend": self.backend,
            "status": self.status,
            "notes": list(self.notes),
            "standalone_question": self.standalone_question or self.question,
        }


REFUSAL = "출처에서 확인되지 않습니다"
