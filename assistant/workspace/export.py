"""A whole conversation as a file: every question with its answer and citations, numbered across
the conversation like a draft (DOCX footnotes, Markdown [n]) — the export module does the layout."""

from __future__ import annotations

from ..export import DraftDocument, DraftItem, export_bytes, file_name
from .store import Conversation, Message


def conversation_draft(conversation: Conversation, messages: list[Message]) -> DraftDocument:
    """The conversation's answers in order, refused ones included (what the sources could not answer
    is part of the record)."""
    draft = DraftDocument(title=conversation.title)
    for m in messages:
        if m.role == "assistant" and m.answer is not None:
            draft.items.append(DraftItem.from_answer(m.answer))  # not draft.add: a repeated question stays
    return draft


def conversation_file(conversation: Conversation, messages: list[Message], fmt: str) -> tuple[bytes, str]:
    """(file bytes, download name) of the conversation as `fmt` ("docx", "md" or "hwpx")."""
    draft = conversation_draft(conversation, messages)
    return export_bytes(draft, fmt), file_name(draft, fmt)
