"""An `Answer` as JSON and back, whole: text, citations, retrieved passages (with their chunks)
and tool calls — so a stored conversation reopens exactly as it was shown.

Unknown keys are ignored and missing ones take the dataclass defaults, so rows written by an
older or newer version of the models still load.
"""

from __future__ import annotations

import json
from dataclasses import MISSING, asdict, fields, is_dataclass
from typing import Any, TypeVar

from ..models import Answer, Chunk, Citation, Hit, ToolCall

T = TypeVar("T")


def _build(cls: type[T], data: dict[str, Any], **nested: Any) -> T:
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    kw = {k: v for k, v in data.items() if k in known}
    kw.update(nested)
    missing = [n for n, f in known.items() if n not in kw and f.default is MISSING and f.default_factory is MISSING]
    for name in missing:  # a required field an old row lacks: a neutral value beats failing to load
        kw[name] = "" if "str" in str(known[name].type) else 0
    return cls(**kw)


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    assert is_dataclass(answer)
    return asdict(answer)


def answer_from_dict(data: dict[str, Any]) -> Answer:
    citations = [_build(Citation, c) for c in data.get("citations", [])]
    retrieved = []
    for h in data.get("retrieved", []):
        chunk_data = dict(h.get("chunk") or {})
        chunk_data["spans"] = [tuple(s) for s in chunk_data.get("spans") or []]
        retrieved.append(_build(Hit, h, chunk=_build(Chunk, chunk_data)))
    tool_calls = [_build(ToolCall, t) for t in data.get("tool_calls", [])]
    return _build(Answer, data, citations=citations, retrieved=retrieved, tool_calls=tool_calls)


def dumps(answer: Answer) -> str:
    return json.dumps(answer_to_dict(answer), ensure_ascii=False)


def loads(text: str) -> Answer:
    return answer_from_dict(json.loads(text))
