"""Small builders for answer-layer unit tests."""

from __future__ import annotations

from assistant.answering.candidates import Candidate
from assistant.models import Chunk, Hit


def sentence_candidate(text: str) -> Candidate:
    """`text` as the one sentence candidate of a plain passage of document d.md."""
    chunk = Chunk("d#1", "d.md", 1, text, [], 0, len(text), kind="text")
    return Candidate(Hit(chunk, 1.0, 1), 0, len(text), text, "sentence")
