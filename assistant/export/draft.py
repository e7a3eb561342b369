"""The draft a researcher collects answers into before exporting them.

A `DraftItem` is one answer as the researcher keeps it: the question, the answer text
(editable — researchers trim and rephrase), and the answer's citations and tool calls
unchanged, so the [n] markers in the edited text still point at real sources. A
`DraftDocument` is the ordered list of items plus a title and a date.

Both round-trip through plain JSON (`to_json`/`from_json`), so the Streamlit draft
panel can keep a draft in `st.session_state` and the CLI can save one next to the file.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date as _date
from typing import Any

from ..models import Answer, Citation, ToolCall

# [1], [1][2], [1, 2] — only 1–3 digits, so "[2024]" in prose is never taken for a marker.
MARKER = re.compile(r"\[(\d{1,3}(?:\s*[,，]\s*\d{1,3})*)\]")

DEFAULT_TITLE = "의정 리서치 초안"


def marker_numbers(text: str) -> list[int]:
    """Citation numbers in the order the [n] markers appear in `text`."""
    return [int(n) for m in MARKER.finditer(text) for n in re.split(r"\s*[,，]\s*", m.group(1))]


def _new_id() -> str:
    return uuid.uuid4().hex[:10]


@dataclass
class DraftItem:
    """One answer in a draft. `text` is what gets exported; `original` is what the assistant said."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    refused: bool = False
    original: str = ""
    item_id: str = field(default_factory=_new_id)  # stable key for UI widgets across moves

    def __post_init__(self) -> None:
        if not self.original:
            self.original = self.text

    @classmethod
    def from_answer(cls, answer: Answer) -> DraftItem:
        return cls(
            question=answer.question,
            text=answer.answer,
            citations=list(answer.citations),
            tool_calls=list(answer.tool_calls),
            refused=answer.refused,
        )

    @property
    def edited(self) -> bool:
        return self.text != self.original

    def unknown_markers(self) -> list[int]:
        """[n] markers in the (edited) text that match none of this answer's citations.

        The exporters print these as "[출처 미확인]" instead of a number, because a stray
        "[7]" would silently point at whatever source ends up as number 7 in the draft.
        """
        known = {c.n for c in self.citations}
        return [n for n in marker_numbers(self.text) if n not in known]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DraftItem:
        return cls(
            question=data["question"],
            text=data["text"],
            citations=[Citation(**c) for c in data.get("citations", [])],
            tool_calls=[ToolCall(**t) for t in data.get("tool_calls", [])],
            refused=bool(data.get("refused", False)),
            original=data.get("original", ""),
            item_id=data.get("item_id") or _new_id(),
        )


@dataclass
class DraftDocument:
    """An ordered set of answers to export together; citations are numbered across all of them."""

    title: str = DEFAULT_TITLE
    date: str = field(default_factory=lambda: _date.today().isoformat())
    items: list[DraftItem] = field(default_factory=list)

    # --- editing helpers for the "초안에 담기" panel -------------------------------------
    def add(self, answer: Answer | DraftItem) -> DraftItem:
        """Append an answer; adding the same question+answer again returns the existing item
        (a double click on "초안에 담기" must not duplicate a section)."""
        item = answer if isinstance(answer, DraftItem) else DraftItem.from_answer(answer)
        for existing in self.items:
            if existing.question == item.question and existing.original == item.original:
                return existing
        self.items.append(item)
        return item

    def get(self, item_id: str) -> DraftItem:
        for item in self.items:
            if item.item_id == item_id:
                return item
        raise KeyError(item_id)

    def remove(self, item_id: str) -> DraftItem:
        item = self.get(item_id)
        self.items.remove(item)
        return item

    def move(self, item_id: str, offset: int) -> int:
        """Move an item up (offset < 0) or down (offset > 0), clamped to the list; returns its new index."""
        item = self.get(item_id)
        old = self.items.index(item)
        new = max(0, min(len(self.items) - 1, old + offset))
        self.items.insert(new, self.items.pop(old))
        return new

    def edit(self, item_id: str, text: str) -> DraftItem:
        """Replace an item's exported text (its citations stay; [n] still means the answer's n)."""
        item = self.get(item_id)
        item.text = text
        return item

    def reset(self, item_id: str) -> DraftItem:
        """Undo edits: back to the assistant's original answer text."""
        item = self.get(item_id)
        item.text = item.original
        return item

    # --- JSON round-trip ----------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "date": self.date, "items": [i.to_json() for i in self.items]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | str) -> DraftDocument:
        if isinstance(data, str):
            data = json.loads(data)
        return cls(
            title=data.get("title") or DEFAULT_TITLE,
            date=data.get("date") or _date.today().isoformat(),
            items=[DraftItem.from_json(i) for i in data.get("items", [])],
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)
