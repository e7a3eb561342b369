"""Evidence → answer text with [n] markers. Backends sit behind one small interface.

The default backend is extractive (no LLM): `assistant/answering/` reads the question once
(question.py), splits the retrieved passages into candidates — sentences, 항, fields, table
rows and cells (candidates.py) —, scores each over named features (features.py) with weights
that are data (scorer.py, data/answer_weights.toml), and grades the output: a direct answer,
"관련 근거", or a refusal (backend.py). LLM backends register in pipeline.make_backend.
"""

from __future__ import annotations

from typing import Protocol

from .answering.backend import ExtractiveBackend
from .models import Draft, Hit

__all__ = ["AnswerBackend", "ExtractiveBackend"]


class AnswerBackend(Protocol):
    name: str

    def compose(self, question: str, hits: list[Hit]) -> Draft: ...
