"""Conversations and drafts per user, in one SQLite file next to the index.

Every call opens its own short connection (Streamlit runs each browser session in its own
thread; the CLI and a second server process may write too). Writes take the write lock up
front (`BEGIN IMMEDIATE`) and wait for each other (`busy_timeout`), so two sessions appending to
the same conversation or adding to the same draft both land — a draft is changed by a function
applied inside the transaction, never by writing back a copy read earlier.

Every query names the owner: a user reads and changes only their own rows. Anonymous use (no
login configured) is the owner "".
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import AssistantError
from ..export.draft import DEFAULT_TITLE as DEFAULT_DRAFT_TITLE
from ..export.draft import DraftDocument
from ..models import Answer
from ..settings import Settings
from . import codec

T = TypeVar("T")
NEW_TITLE = "새 대화"
TITLE_MAX = 40
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    conv_id TEXT PRIMARY KEY,
    owner   TEXT NOT NULL,
    title   TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_owner ON conversations(owner, updated);
CREATE TABLE IF NOT EXISTS messages (
    msg_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    conv_id TEXT NOT NULL REFERENCES conversations(conv_id) ON DELETE CASCADE,
    role    TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    answer  TEXT,            -- the Answer as JSON (assistant messages)
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_conv ON messages(conv_id, msg_id);
CREATE TABLE IF NOT EXISTS drafts (
    draft_id TEXT PRIMARY KEY,
    owner    TEXT NOT NULL,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL,  -- DraftDocument as JSON
    created  REAL NOT NULL,
    updated  REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_owner ON drafts(owner, updated);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS user_sessions (owner TEXT PRIMARY KEY, epoch INTEGER NOT NULL);
"""


class WorkspaceError(AssistantError):
    """A conversation or draft that is not there (deleted in another window, or not yours)."""


@dataclass
class Conversation:
    conv_id: str
    owner: str
    title: str
    created: float
    updated: float
    n_messages: int = 0


@dataclass
class Message:
    msg_id: int
    role: str
    content: str  # the question (user) or the answer text (assistant)
    answer: Answer | None
    created: float

    def as_chat(self) -> dict:
        """The shape the chat page keeps in `st.session_state.messages`."""
        if self.role == "assistant" and self.answer is not None:
            return {"role": "assistant", "answer": self.answer, "msg_id": self.msg_id}
        return {"role": self.role, "content": self.content, "msg_id": self.msg_id}


@dataclass
class DraftRecord:
    draft_id: str
    owner: str
    title: str
    draft: DraftDocument
    updated: float


def workspace_path(settings: Settings) -> Path:
    return Path(settings.workspace_db) if settings.workspace_db else Path(settings.index_dir).parent / "workspace.sqlite3"


def title_from(question: str) -> str:
    """A conversation title from its first question: one line, at most TITLE_MAX characters."""
    text = re.sub(r"\s+", " ", question).strip()
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1].rstrip() + "…"


def _like(query: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", query.strip()) + "%"


class Workspace:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        with self._connect() as db:
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if fresh:
            try:  # conversations may quote unpublished material: readable by the server user only
                os.chmod(self.path, 0o600)
            except OSError:
                pass

    @classmethod
    def for_settings(cls, settings: Settings) -> Workspace:
        return cls(workspace_path(settings))

    # ---- connections ----------------------------------------------------------------------
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA busy_timeout=30000")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # ---- conversations --------------------------------------------------------------------
    def create_conversation(self, owner: str, title: str = NEW_TITLE) -> Conversation:
        now = time.time()
        conv = Conversation(uuid.uuid4().hex, owner, title_from(title) or NEW_TITLE, now, now)
        with self._write() as db:
            db.execute(
                "INSERT INTO conversations VALUES (?, ?, ?, ?, ?)",
                (conv.conv_id, owner, conv.title, conv.created, conv.updated),
            )
        return conv

    def conversations(self, owner: str, query: str = "") -> list[Conversation]:
        """The owner's conversations, most recently used first; `query` filters by title."""
        sql = (
            "SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conv_id = c.conv_id) AS n "
            "FROM conversations c WHERE c.owner = ?"
        )
        args: list = [owner]
        if query.strip():
            sql += " AND c.title LIKE ? ESCAPE '\\'"
            args.append(_like(query))
        sql += " ORDER BY c.updated DESC, c.created DESC"
        with self._connect() as db:
            return [_conversation(r) for r in db.execute(sql, args)]

    def conversation(self, owner: str, conv_id: str) -> Conversation | None:
        with self._connect() as db:
            row = db.execute(
                "SELECT c.*, (SELECT COUNT(*) FROM messages m WHERE m.conv_id = c.conv_id) AS n "
                "FROM conversations c WHERE c.owner = ? AND c.conv_id = ?",
                (owner, conv_id),
            ).fetchone()
        return _conversation(row) if row else None

    def rename_conversation(self, owner: str, conv_id: str, title: str) -> Conversation:
        title = title_from(title)
        if not title:
            raise WorkspaceError("대화 제목이 비어 있습니다 / the title is empty")
        with self._write() as db:
            cur = db.execute(
                "UPDATE conversations SET title = ? WHERE owner = ? AND conv_id = ?", (title, owner, conv_id)
            )
            if cur.rowcount == 0:
                raise _gone()
        conv = self.conversation(owner, conv_id)
        assert conv is not None
        return conv

    def delete_conversation(self, owner: str, conv_id: str) -> bool:
        """Delete a conversation and its messages; False if there was none (already deleted)."""
        with self._write() as db:
            return db.execute("DELETE FROM conversations WHERE owner = ? AND conv_id = ?", (owner, conv_id)).rowcount > 0

    def add_message(self, owner: str, conv_id: str, role: str, content: str, answer: Answer | None = None) -> Message:
        """Append a message; the first question names a conversation still called "새 대화"."""
        now = time.time()
        body = codec.dumps(answer) if answer is not None else None
        with self._write() as db:
            row = db.execute(
                "SELECT title FROM conversations WHERE owner = ? AND conv_id = ?", (owner, conv_id)
            ).fetchone()
            if row is None:
                raise _gone()
            cur = db.execute(
                "INSERT INTO messages (conv_id, role, content, answer, created) VALUES (?, ?, ?, ?, ?)",
                (conv_id, role, content, body, now),
            )
            title = title_from(content) if role == "user" and row["title"] == NEW_TITLE else row["title"]
            db.execute("UPDATE conversations SET updated = ?, title = ? WHERE conv_id = ?", (now, title, conv_id))
        return Message(cur.lastrowid or 0, role, content, answer, now)

    def add_exchange(self, owner: str, conv_id: str, question: str, answer: Answer) -> None:
        """The question and its answer, in one transaction (a reload never sees half of it)."""
        now = time.time()
        with self._write() as db:
            row = db.execute(
                "SELECT title FROM conversations WHERE owner = ? AND conv_id = ?", (owner, conv_id)
            ).fetchone()
            if row is None:
                raise _gone()
            db.executemany(
                "INSERT INTO messages (conv_id, role, content, answer, created) VALUES (?, ?, ?, ?, ?)",
                [(conv_id, "user", question, None, now), (conv_id, "assistant", answer.answer, codec.dumps(answer), now)],
            )
            title = title_from(question) if row["title"] == NEW_TITLE else row["title"]
            db.execute("UPDATE conversations SET updated = ?, title = ? WHERE conv_id = ?", (now, title, conv_id))

    def messages(self, owner: str, conv_id: str) -> list[Message]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT m.* FROM messages m JOIN conversations c ON c.conv_id = m.conv_id "
                "WHERE c.owner = ? AND m.conv_id = ? ORDER BY m.msg_id",
                (owner, conv_id),
            ).fetchall()
        return [
            Message(r["msg_id"], r["role"], r["content"], codec.loads(r["answer"]) if r["answer"] else None, r["created"])
            for r in rows
        ]

    # ---- drafts ---------------------------------------------------------------------------
    def create_draft(self, owner: str, title: str = DEFAULT_DRAFT_TITLE) -> DraftRecord:
        now = time.time()
        draft = DraftDocument(title=title or DEFAULT_DRAFT_TITLE)
        rec = DraftRecord(uuid.uuid4().hex, owner, draft.title, draft, now)
        with self._write() as db:
            db.execute(
                "INSERT INTO drafts VALUES (?, ?, ?, ?, ?, ?)", (rec.draft_id, owner, draft.title, draft.dumps(), now, now)
            )
        return rec

    def drafts(self, owner: str) -> list[DraftRecord]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM drafts WHERE owner = ? ORDER BY updated DESC, created DESC", (owner,)).fetchall()
        return [_draft(r) for r in rows]

    def draft(self, owner: str, draft_id: str) -> DraftRecord | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM drafts WHERE owner = ? AND draft_id = ?", (owner, draft_id)).fetchone()
        return _draft(row) if row else None

    def update_draft(self, owner: str, draft_id: str, change: Callable[[DraftDocument], T]) -> T:
        """Apply `change` to the stored draft inside one write transaction and save it: changes from
        two sessions are applied one after the other, neither overwrites the other."""
        with self._write() as db:
            row = db.execute("SELECT body FROM drafts WHERE owner = ? AND draft_id = ?", (owner, draft_id)).fetchone()
            if row is None:
                raise WorkspaceError("초안이 없습니다(다른 창에서 삭제되었을 수 있습니다) / the draft is gone")
            draft = DraftDocument.from_json(row["body"])
            result = change(draft)
            db.execute(
                "UPDATE drafts SET title = ?, body = ?, updated = ? WHERE draft_id = ?",
                (draft.title, draft.dumps(), time.time(), draft_id),
            )
        return result

    def delete_draft(self, owner: str, draft_id: str) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM drafts WHERE owner = ? AND draft_id = ?", (owner, draft_id)).rowcount > 0

    # ---- login sessions (assistant/workspace/auth.py signs tokens with this) ---------------
    def secret(self) -> bytes:
        """A random key for signing login tokens, made once per workspace file."""
        with self._write() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'session_secret'").fetchone()
            if row is None:
                value = secrets.token_hex(32)
                db.execute("INSERT INTO meta VALUES ('session_secret', ?)", (value,))
            else:
                value = row["value"]
        return bytes.fromhex(value)

    def session_epoch(self, owner: str) -> int:
        with self._connect() as db:
            row = db.execute("SELECT epoch FROM user_sessions WHERE owner = ?", (owner,)).fetchone()
        return int(row["epoch"]) if row else 0

    def end_sessions(self, owner: str) -> None:
        """Log the user out everywhere: tokens signed with an older epoch stop working."""
        with self._write() as db:
            db.execute(
                "INSERT INTO user_sessions VALUES (?, 1) ON CONFLICT(owner) DO UPDATE SET epoch = epoch + 1", (owner,)
            )


def _gone() -> WorkspaceError:
    return WorkspaceError("대화가 없습니다(다른 창에서 삭제되었을 수 있습니다) / the conversation is gone")


def _conversation(r: sqlite3.Row) -> Conversation:
    return Conversation(r["conv_id"], r["owner"], r["title"], r["created"], r["updated"], r["n"])


def _draft(r: sqlite3.Row) -> DraftRecord:
    draft = DraftDocument.from_json(json.loads(r["body"]))
    return DraftRecord(r["draft_id"], r["owner"], r["title"], draft, r["updated"])
