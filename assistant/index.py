"""The local index: chunk store (SQLite) + dense vectors (ChromaDB) + lexical BM25, kept together.

Layout under `index_dir`:
    CURRENT            name of the live generation (replaced atomically)
    LAST_GENERATION    highest generation number ever issued (numbers are never reused)
    .lock              flock held by the one writer
    gen-000001/        one complete, consistent index
        store.sqlite   documents (with front-matter fields) and chunks (text, section path,
                       offsets, page, table cells, 부칙 flag)
        chroma/        ChromaDB PersistentClient (vectors; ids = chunk ids)
        lexical.*      BM25 term counts
        meta.json      embedding model, dimension, index id

Writing never touches the live generation: `IndexWriter` copies it aside, applies the changes,
and only then points CURRENT at the new one (os.replace is atomic). A crash or error midway
leaves the previous generation live and intact; the half-built copy is removed (or, if the
writer was killed, collected by the next writer).
In server mode (`chroma_host` set) vectors live in a Chroma server under one collection per
generation, named after a random index id kept in meta.json so that several index folders can
share one server; the rest stays local.

One writer at a time: `IndexWriter` holds an exclusive flock on `index_dir/.lock` from
construction to exit; a second writer waits up to LOCK_WAIT_SECONDS, then fails with a
bilingual `IndexBusyError`.

Readers pin the generation they use (a *lease*): a shared flock on `index_dir/leases/<gen>`,
held from opening to closing. Garbage collection keeps the live generation and its
predecessor, and removes any other generation only while holding an exclusive flock on that
generation's lease file — which it cannot get while any reader, in any process, holds a
lease. The kernel drops a dead reader's locks, so a crashed reader pins nothing (no PID files,
no heartbeats, no PID reuse to fool). A reader verifies after locking that its generation
still exists and otherwise reads CURRENT again. Where no lease can be taken (a read-only
index folder), `pipeline.Assistant` falls back to reopening and retrying the question.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .errors import AssistantError, IndexMissingError
from .korean import ANALYZER_VERSION
from .lexical import LexicalIndex
from .models import Chunk, Document
from .settings import Settings

LOCK_WAIT_SECONDS = 10.0  # how long a second writer waits for the first one
BATCH = 2000  # Chroma add/get page size
PUT_SLICE = 1000  # chunks embedded/tokenised/stored at a time by IndexWriter.put
LEASES = "leases"  # index_dir/leases/<gen>: readers hold a shared flock on it (see Lease)
# HNSW graph construction: a smaller candidate list builds faster; the dense ranking is one of
# two fused rankings, so a slightly coarser graph costs little (see docs/performance.md)
HNSW = {"hnsw:space": "cosine", "hnsw:construction_ef": 40}
# What a generation's store holds and how chunk text was indexed. A generation of another
# format is stale like one of another model: readers of it would miss columns, so it is rebuilt.
# 2: documents.fields; chunks.rows/header_rows/unit/appendix; Markdown structure, 항 per line.
# 3: long articles split between 항 at 1,200 characters.
# 4: a sentence-like □ line is a paragraph, not a heading; a bullet right under a heading is its body.
INDEX_FORMAT = 4
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, kind TEXT, date TEXT, bill_no TEXT,
    content_hash TEXT, pages INTEGER, fmt TEXT, n_chunks INTEGER, ingested_at REAL, warnings TEXT,
    fields TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT, ord INTEGER, text TEXT, section TEXT,
    start INTEGER, "end" INTEGER, kind TEXT, page INTEGER, caption TEXT, spans TEXT,
    rows TEXT, header_rows INTEGER, unit TEXT, appendix INTEGER
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
"""


class IndexBusyError(AssistantError):
    """Another writer holds the index lock."""


@dataclass
class DocRecord:
    doc_id: str
    path: str
    title: str
    kind: str
    date: str | None
    bill_no: str | None
    content_hash: str
    pages: int | None
    fmt: str
    n_chunks: int
    ingested_at: float
    warnings: list[str]
    fields: dict[str, str] = field(default_factory=dict)  # front matter: 소관부처, 시행일자, 출처, …


def index_text(chunk: Chunk, title: str = "") -> str:
    """What retrieval sees: the title and section path give a passage its context."""
    return "\n".join(p for p in (title, chunk.section_path, chunk.text) if p)


STORE_FILE = "store.sqlite"  # documents and chunks of one generation; it exists while the generation does


def current_generation(index_dir: Path) -> str | None:
    try:
        name = (index_dir / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None
    return name if name and (index_dir / name / STORE_FILE).exists() else None


def read_documents(settings: Settings) -> list[DocRecord]:
    """The live generation's documents from SQLite alone (no Chroma, no lexical matrix):
    cheap enough for every page load. Empty when there is no index yet."""
    leased = lease_current(settings.index_dir)
    if leased is None:
        return []
    gen, lease = leased
    try:
        db = _connect(settings.index_dir / gen / STORE_FILE, writable=False)
        try:
            return [_row_to_doc(r) for r in db.execute("SELECT * FROM documents ORDER BY doc_id")]
        finally:
            db.close()
    finally:
        lease.release()


class Lease:
    """A reader's pin on one generation: a shared flock on `index_dir/leases/<gen>`.

    Held until `release()` (or until the process dies: the kernel drops flocks). If the
    lease file cannot be created (read-only index folder) the lease is empty and pins
    nothing; readers then rely on reopen-and-retry (see pipeline.Assistant.ask)."""

    def __init__(self, root: Path, gen: str):
        self.gen = gen
        self._fh = None
        try:
            folder = root / LEASES
            folder.mkdir(exist_ok=True)
            fh = open(folder / gen, "a+")
        except OSError:
            return
        try:
            # blocking: the collector holds its exclusive lock only while deleting this generation
            fcntl.flock(fh, fcntl.LOCK_SH)
        except OSError:
            fh.close()
            return
        self._fh = fh

    @property
    def held(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is not None:
            try:
                fcntl.flock(fh, fcntl.LOCK_UN)
            finally:
                fh.close()


def lease_current(index_dir: Path, attempts: int = 20) -> tuple[str, Lease] | None:
    """The live generation, pinned; None when there is no index. Between reading CURRENT and
    locking, a writer may swap and collect that generation: then read CURRENT again."""
    for _ in range(attempts):
        gen = current_generation(index_dir)
        if gen is None:
            return None
        lease = Lease(index_dir, gen)
        if (index_dir / gen / STORE_FILE).exists():
            return gen, lease
        lease.release()
    raise IndexMissingError(
        f"색인 세대가 계속 바뀌어 열 수 없습니다({index_dir}) — 잠시 뒤 다시 시도하세요 / "
        f"the index at {index_dir} kept changing while opening it; try again in a moment"
    )


def missing_index_message(settings: Settings) -> str:
    return (
        f"색인이 없습니다: {settings.index_dir} — 먼저 `python -m assistant ingest`를 실행하세요 / "
        f"no index at {settings.index_dir}; run `python -m assistant ingest` first"
    )


def _connect(path: Path, writable: bool) -> sqlite3.Connection:
    # a proper file URI: index folders may contain spaces, '#', '?' or Hangul
    uri = path.resolve().as_uri() + ("" if writable else "?mode=ro")
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    db.row_factory = sqlite3.Row
    return db


def _read_meta(gen_dir: Path) -> dict:
    try:
        return json.loads((gen_dir / "meta.json").read_text())
    except FileNotFoundError:
        return {}


def _row_to_chunk(row: sqlite3.Row) -> Chunk:
    extra = _optional(row, "rows", "header_rows", "unit", "appendix")  # absent in format-1 stores
    return Chunk(
        chunk_id=row["chunk_id"], doc_id=row["doc_id"], ord=row["ord"], text=row["text"],
        section=json.loads(row["section"]), start=row["start"], end=row["end"], kind=row["kind"],
        page=row["page"], caption=row["caption"], spans=[tuple(s) for s in json.loads(row["spans"])],
        rows=json.loads(extra["rows"]) if extra["rows"] else None, header_rows=extra["header_rows"] or 1,
        unit=extra["unit"], appendix=bool(extra["appendix"]),
    )


def _optional(row: sqlite3.Row, *names: str) -> dict[str, Any]:
    keys = row.keys()
    return {n: (row[n] if n in keys else None) for n in names}


def _chroma_client(settings: Settings, gen_dir: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if not settings.chroma_host:
        return chromadb.PersistentClient(path=str(gen_dir / "chroma"), settings=chroma_settings)
    try:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    except Exception as exc:  # noqa: BLE001 — re-raised with what the user can do
        raise AssistantError(
            f"Chroma 서버({settings.chroma_host}:{settings.chroma_port})에 연결할 수 없습니다 — "
            f"scripts/chroma_server.sh start 로 서버를 켜세요 / cannot reach the Chroma server at "
            f"{settings.chroma_host}:{settings.chroma_port} ({exc}); start it with scripts/chroma_server.sh"
        ) from exc


def _collection_name(settings: Settings, gen: str, meta: dict) -> str:
    if not settings.chroma_host:
        return "chunks"  # one PersistentClient folder per generation
    uid = meta.get("index_uid")
    return f"chunks-{uid}-{gen}" if uid else f"chunks-{gen}"  # the latter: indexes made before index ids


def _close_client(client: Any) -> None:
    # Chroma caches one System per persistent path and process; closing releases it (memory,
    # file handles) so a long-running app does not keep every old generation loaded.
    try:
        client.close()
    except Exception:  # noqa: BLE001 — best effort; close() is idempotent
        pass


class _Generation:
    """Open handles on one generation folder."""

    def __init__(self, settings: Settings, gen: str, writable: bool):
        self.settings = settings
        self.gen = gen
        self.dir = settings.index_dir / gen
        self.client: Any = None
        self.db = _connect(self.dir / STORE_FILE, writable)
        try:
            if writable:
                self.db.executescript(SCHEMA)
            self.meta = _read_meta(self.dir)
            self.lexical = LexicalIndex.load(self.dir)
            self.collection_name = _collection_name(settings, gen, self.meta)
            self.client = _chroma_client(settings, self.dir)
            # embeddings are always computed by us and passed in; never let Chroma pick its
            # default embedding function (it downloads an ONNX model and fails offline)
            if writable:
                self.collection = self.client.get_or_create_collection(
                    self.collection_name, embedding_function=None, metadata=HNSW
                )
            else:  # a reader must not silently create an empty collection and answer from nothing
                self.collection = self._existing_collection()
        except BaseException:
            self.close()
            raise

    def _existing_collection(self) -> Any:
        try:
            return self.client.get_collection(self.collection_name, embedding_function=None)
        except Exception as exc:  # noqa: BLE001 — NotFoundError and friends
            where = f"{self.settings.chroma_host}:{self.settings.chroma_port}" if self.settings.chroma_host else self.dir
            raise IndexMissingError(
                f"벡터 컬렉션 {self.collection_name}이(가) 없습니다({where}) — `python -m assistant ingest`로 "
                f"다시 색인하세요 / vector collection {self.collection_name} not found at {where}; re-run ingest"
            ) from exc

    def close(self) -> None:
        self.db.close()
        if self.client is not None:
            _close_client(self.client)
            self.client = None


class IndexReader:
    """Read access to the live generation; cheap to keep open for the life of the app."""

    def __init__(self, settings: Settings):
        leased = lease_current(settings.index_dir)
        if leased is None:
            raise IndexMissingError(missing_index_message(settings))
        gen, self._lease = leased
        self.settings = settings
        self.generation = gen
        try:
            self._g = _Generation(settings, gen, writable=False)
        except BaseException:
            self._lease.release()
            raise
        self.lexical = self._g.lexical
        self.meta = self._g.meta
        self._chunk_cache: dict[str, Chunk] = {}
        self._count: int | None = None
        self._titles: dict[str, str] = {d.doc_id: d.title for d in self.documents()}

    def close(self) -> None:
        self._g.close()
        self._lease.release()

    def __del__(self) -> None:
        # a reader dropped without close() (e.g. replaced by Assistant.refresh while another
        # thread was still answering with it) releases its handles and its lease here
        if hasattr(self, "_g"):
            try:
                self.close()
            except Exception:  # noqa: BLE001 — interpreter shutdown
                pass

    def is_stale(self) -> bool:
        return current_generation(self.settings.index_dir) != self.generation

    def is_collected(self) -> bool:
        """The collector removed this generation. Its store file tells, not its folder: a Chroma
        client opened late recreates the folder (and its own) empty."""
        return not (self.settings.index_dir / self.generation / STORE_FILE).exists()

    def documents(self) -> list[DocRecord]:
        rows = self._g.db.execute("SELECT * FROM documents ORDER BY doc_id").fetchall()
        return [_row_to_doc(r) for r in rows]

    def title(self, doc_id: str) -> str:
        return self._titles.get(doc_id, doc_id)

    def chunks(self, ids: list[str]) -> list[Chunk]:
        missing = [i for i in ids if i not in self._chunk_cache]
        if missing:
            q = f"SELECT * FROM chunks WHERE chunk_id IN ({','.join('?' * len(missing))})"
            for row in self._g.db.execute(q, missing):
                self._chunk_cache[row["chunk_id"]] = _row_to_chunk(row)
        return [self._chunk_cache[i] for i in ids if i in self._chunk_cache]

    def all_chunks(self) -> list[Chunk]:
        rows = self._g.db.execute("SELECT * FROM chunks ORDER BY doc_id, ord").fetchall()
        return [_row_to_chunk(r) for r in rows]

    def chunks_at(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Chunk]:
        """The chunks at these (document id, position) pairs, those that exist: a passage's
        neighbour without reading its whole document."""
        out: dict[tuple[str, int], Chunk] = {}
        for doc_id, ord_ in set(keys):
            row = self._g.db.execute("SELECT * FROM chunks WHERE doc_id=? AND ord=?", (doc_id, ord_)).fetchone()
            if row is not None:
                out[(doc_id, ord_)] = _row_to_chunk(row)
        return out

    def doc_chunks(self, doc_id: str) -> list[Chunk]:
        rows = self._g.db.execute("SELECT * FROM chunks WHERE doc_id=? ORDER BY ord", (doc_id,)).fetchall()
        return [_row_to_chunk(r) for r in rows]

    def store_ids(self) -> dict[str, set[str]]:
        """Chunk ids as each store holds them; in a consistent index the three sets are equal."""
        sqlite_ids = {r[0] for r in self._g.db.execute("SELECT chunk_id FROM chunks")}
        return {"sqlite": sqlite_ids, "chroma": _collection_ids(self._g.collection), "lexical": set(self.lexical.ids)}

    def dense_search(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        if self._count is None:
            self._count = self._g.collection.count()  # a generation never changes once live
        count = self._count
        if count == 0:
            return []
        res = self._g.collection.query(query_embeddings=[vector.tolist()], n_results=min(n, count), include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]


def _row_to_doc(r: sqlite3.Row) -> DocRecord:
    return DocRecord(
        doc_id=r["doc_id"], path=r["path"], title=r["title"], kind=r["kind"], date=r["date"], bill_no=r["bill_no"],
        content_hash=r["content_hash"], pages=r["pages"], fmt=r["fmt"], n_chunks=r["n_chunks"],
        ingested_at=r["ingested_at"], warnings=json.loads(r["warnings"] or "[]"),
        fields=json.loads(_optional(r, "fields")["fields"] or "{}"),
    )


def _collection_ids(collection: Any) -> set[str]:
    ids: set[str] = set()
    for offset in range(0, collection.count(), BATCH):
        ids.update(collection.get(include=[], limit=BATCH, offset=offset)["ids"])
    return ids


class _WriteLock:
    """Exclusive flock on index_dir/.lock. The kernel drops it when the holder dies, so a
    killed ingest never leaves the index locked."""

    def __init__(self, root: Path, wait: float):
        root.mkdir(parents=True, exist_ok=True)
        self.path = root / ".lock"
        self._fh = open(self.path, "a+")
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._fh.close()
                    holder = self.path.read_text().strip() or "?"
                    raise IndexBusyError(
                        f"다른 색인 작업(PID {holder})이 {root}에 쓰는 중입니다 — 끝난 뒤 다시 시도하세요 / "
                        f"another ingest (PID {holder}) is writing the index at {root}; try again when it has finished"
                    ) from None
                time.sleep(0.1)
        self._fh.truncate(0)
        self._fh.write(f"{os.getpid()}\n")
        self._fh.flush()

    def release(self) -> None:
        if not self._fh.closed:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


class IndexWriter:
    """Applies a batch of changes to a copy of the live generation, then swaps it in.

    Use as a context manager; nothing is visible to readers until the `with` block exits
    without an exception. No copy is made if the batch changes nothing. The write lock is
    taken here (before the live generation is read, so no other writer's update is lost)
    and released on exit; `wait` is how long to wait for it (default LOCK_WAIT_SECONDS).
    """

    def __init__(
        self, settings: Settings, embedder: Any, analyzer: Any, wait: float | None = None, rebuild_if_stale: bool = False
    ):
        """`rebuild_if_stale`: when the live index was built with another embedding model or
        tokenizer version, start from an empty generation (the caller re-ingests everything)
        instead of refusing."""
        self.settings = settings
        self.embedder = embedder
        self.analyzer = analyzer
        self._g: _Generation | None = None
        self._hashes: dict[str, str] = {}
        self.changed = False
        self._needs_repair = False  # server mode: the live collection is missing or incomplete
        self._pending: list[tuple[str, Any, dict]] = []  # vectors queued for Chroma
        self._lock = _WriteLock(settings.index_dir, LOCK_WAIT_SECONDS if wait is None else wait)
        try:
            self.base = current_generation(settings.index_dir)
            self._base_meta: dict = {}
            if self.base and rebuild_if_stale and _stale(_read_meta(settings.index_dir / self.base), embedder):
                self.base = None  # rebuild: nothing is carried over from the stale generation
                self.changed = True
            if self.base:
                self._base_meta = _read_meta(settings.index_dir / self.base)
                self._check_model(self._base_meta)
                db = _connect(settings.index_dir / self.base / STORE_FILE, writable=False)
                try:
                    self._hashes = dict(db.execute("SELECT doc_id, content_hash FROM documents").fetchall())
                    n_chunks = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
                finally:
                    db.close()
                if settings.chroma_host:
                    self._needs_repair = not self._live_collection_complete(n_chunks)
                _collect_garbage(settings)  # half-built generations of writers that were killed
        except BaseException:
            self._lock.release()
            raise

    def _check_model(self, meta: dict) -> None:
        if _stale(meta, self.embedder):
            raise IndexMissingError(
                f"색인이 다른 임베딩 모델({meta.get('embedding')}), 형태소 분석 버전({meta.get('analyzer')}) 또는 "
                f"색인 형식({meta.get('format', 1)})으로 만들어졌습니다(현재 {self.embedder.name}, {ANALYZER_VERSION}, "
                f"{INDEX_FORMAT}). `python -m assistant ingest --rebuild`로 다시 만드세요 / index built with "
                f"{meta.get('embedding')} / analyzer {meta.get('analyzer')} / format {meta.get('format', 1)}; current: "
                f"{self.embedder.name} / {ANALYZER_VERSION} / {INDEX_FORMAT}: run `python -m assistant ingest --rebuild`"
            )

    def _live_collection_complete(self, n_chunks: int) -> bool:
        client = _chroma_client(self.settings, self.settings.index_dir)
        try:
            name = _collection_name(self.settings, self.base, self._base_meta)
            return client.get_collection(name, embedding_function=None).count() == n_chunks
        except Exception:  # noqa: BLE001 — NotFoundError: the server lost it
            return False
        finally:
            _close_client(client)

    def __enter__(self) -> "IndexWriter":
        return self

    def known_hash(self, doc_id: str) -> str | None:
        return self._hashes.get(doc_id)

    def doc_ids(self) -> set[str]:
        return set(self._hashes)

    def _open(self) -> _Generation:
        if self._g is not None:
            return self._g
        root = self.settings.index_dir
        gen = _next_generation_name(root)
        target = root / gen
        meta = dict(self._base_meta) or {
            "embedding": self.embedder.name, "dim": self.embedder.dim, "analyzer": ANALYZER_VERSION,
            "format": INDEX_FORMAT, "created": time.time(),
        }
        meta.setdefault("index_uid", uuid.uuid4().hex[:12])
        try:
            if self.base:
                # a reader's SQLite rollback journal / shared-memory file comes and goes while we
                # copy; it holds no committed data (SQLite recreates it), so it is not copied
                shutil.copytree(root / self.base, target, ignore=shutil.ignore_patterns("*-journal", "*-shm"))
            else:
                target.mkdir()
            (target / "meta.json").write_text(json.dumps(meta))
            if self.settings.chroma_host:  # never build on a stale collection of the same name
                _drop_collection(self.settings, _collection_name(self.settings, gen, meta))
            self._g = _Generation(self.settings, gen, writable=True)
            if self.base and self.settings.chroma_host:
                self._fill_collection(self._g)
        except BaseException:
            if self._g is not None:
                _discard(self._g, self.settings)
                self._g = None
            else:
                shutil.rmtree(target, ignore_errors=True)
            raise
        return self._g

    def _fill_collection(self, g: _Generation) -> None:
        """Server mode: start the new collection as a copy of the live one. If that is missing
        or incomplete (server wiped or replaced), recompute the vectors from the chunk store so
        that Chroma agrees with SQLite and the lexical index again."""
        expected = g.db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        _copy_collection(g.client, _collection_name(self.settings, self.base, self._base_meta), g.collection)
        if g.collection.count() == expected:
            return
        g.client.delete_collection(g.collection_name)
        g.collection = g.client.create_collection(
            g.collection_name, embedding_function=None, metadata=HNSW
        )
        titles = dict(g.db.execute("SELECT doc_id, title FROM documents").fetchall())
        chunks = [_row_to_chunk(r) for r in g.db.execute("SELECT * FROM chunks ORDER BY doc_id, ord")]
        self._add_vectors(g, chunks, [index_text(c, titles.get(c.doc_id, "")) for c in chunks])

    def _add_vectors(self, g: _Generation, chunks: list[Chunk], texts: list[str]) -> None:
        """Queue vectors; they reach Chroma in batches of BATCH across documents (one upsert per
        document was half of the ingest time). Chroma gets ids, vectors and metadata only: the
        chunk text lives in store.sqlite, and Chroma full-text-indexing it again cost time and disk."""
        if not chunks:
            return
        vectors = self.embedder.embed_documents(texts)
        for c, v in zip(chunks, vectors):
            self._pending.append((c.chunk_id, v, {"doc_id": c.doc_id, "ord": c.ord, "kind": c.kind, **({"page": c.page} if c.page else {})}))
        if len(self._pending) >= BATCH:
            self._flush_vectors(g)

    def _flush_vectors(self, g: _Generation) -> None:
        for lo in range(0, len(self._pending), BATCH):
            part = self._pending[lo : lo + BATCH]
            # upsert, not add: add silently skips ids that already exist
            g.collection.upsert(
                ids=[p[0] for p in part], embeddings=[p[1].tolist() for p in part], metadatas=[p[2] for p in part]
            )
        self._pending = []

    def remove(self, doc_id: str) -> None:
        if doc_id not in self._hashes:
            return  # nothing to remove: no new generation for it
        g = self._open()
        self._flush_vectors(g)  # the document's vectors may still be queued
        ids = [r[0] for r in g.db.execute("SELECT chunk_id FROM chunks WHERE doc_id=?", (doc_id,))]
        if ids:
            g.collection.delete(ids=ids)
        g.lexical.remove(set(ids))
        g.db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
        g.db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
        self._hashes.pop(doc_id, None)
        self.changed = True

    def put(self, doc: Document, chunks: list[Chunk]) -> None:
        """Add a document, replacing any earlier version with the same doc_id."""
        if doc.doc_id in self._hashes:
            self.remove(doc.doc_id)
        g = self._open()
        for lo in range(0, len(chunks), PUT_SLICE):  # a huge document in slices: bounded temporaries
            part = chunks[lo : lo + PUT_SLICE]
            texts = [index_text(c, doc.title) for c in part]
            self._add_vectors(g, part, texts)
            g.lexical.add([c.chunk_id for c in part], self.analyzer.tokens_batch(texts))
            g.db.executemany(
                'INSERT INTO chunks (chunk_id, doc_id, ord, text, section, start, "end", kind, page, caption, spans, '
                "rows, header_rows, unit, appendix) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (c.chunk_id, c.doc_id, c.ord, c.text, json.dumps(c.section, ensure_ascii=False), c.start, c.end,
                     c.kind, c.page, c.caption, json.dumps(c.spans),
                     json.dumps(c.rows, ensure_ascii=False) if c.rows is not None else None, c.header_rows, c.unit,
                     int(c.appendix))
                    for c in part
                ],
            )
        g.db.execute(
            "INSERT INTO documents (doc_id, path, title, kind, date, bill_no, content_hash, pages, fmt, n_chunks, "
            "ingested_at, warnings, fields) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.doc_id, doc.path, doc.title, doc.kind, doc.date, doc.bill_no, doc.content_hash, doc.pages, doc.fmt,
             len(chunks), time.time(), json.dumps(doc.warnings, ensure_ascii=False),
             json.dumps(doc.fields, ensure_ascii=False)),
        )
        self._hashes[doc.doc_id] = doc.content_hash
        self.changed = True

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None and self._needs_repair and self._g is None:
                self._open()  # a batch with no changes still rebuilds a lost server collection
                self.changed = True
            g = self._g
            if g is None:
                return
            if exc_type is not None or not self.changed:
                _discard(g, self.settings)
                return
            try:
                self._flush_vectors(g)
                g.db.commit()
                g.lexical.save(g.dir)
                for name in ("lexical.npz", "lexical.json", "meta.json"):
                    _fsync(g.dir / name)
                g.close()
            except BaseException:
                _discard(g, self.settings)
                raise
            _switch_current(self.settings.index_dir, g.gen)
            _collect_garbage(self.settings)
        finally:
            self._g = None
            self._lock.release()


def _gen_number(name: str) -> int | None:
    prefix, _, num = name.partition("-")
    return int(num) if prefix == "gen" and num.isdigit() else None


def _generations(root: Path) -> list[str]:
    """Generation folders, oldest first."""
    gens = [p.name for p in root.glob("gen-*") if p.is_dir() and _gen_number(p.name) is not None]
    return sorted(gens, key=_gen_number)


def _stale(meta: dict, embedder: Any) -> bool:
    """Built with another embedding model, tokenizer version or store format than the current one."""
    return bool(meta) and (
        meta.get("embedding") != embedder.name or meta.get("analyzer", "ko-0") != ANALYZER_VERSION
        or meta.get("format", 1) != INDEX_FORMAT
    )


def _next_generation_name(root: Path) -> str:
    """One more than any number issued before. Never reusing a name matters: Chroma caches
    clients per path within a process, and a server may still hold an old collection."""
    n = _last_generation_number(root) + 1
    (root / "LAST_GENERATION").write_text(f"{n}\n")  # before the folder exists: a crash may skip a number
    return f"gen-{n:06d}"


def _last_generation_number(root: Path) -> int:
    try:
        last = int((root / "LAST_GENERATION").read_text().strip())
    except (FileNotFoundError, ValueError):
        last = 0
    return max([last, *(_gen_number(g) or 0 for g in _generations(root))])


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _switch_current(root: Path, gen: str) -> None:
    tmp = root / "CURRENT.tmp"
    with open(tmp, "w") as fh:
        fh.write(gen)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / "CURRENT")  # the switch: atomic on POSIX
    _fsync(root)


def _discard(g: _Generation, settings: Settings) -> None:
    g.close()
    if settings.chroma_host:
        _drop_collection(settings, g.collection_name)
    shutil.rmtree(g.dir, ignore_errors=True)


def _drop_collection(settings: Settings, name: str) -> None:
    try:
        client = _chroma_client(settings, settings.index_dir)
    except AssistantError:
        return  # server unreachable: the stray collection is dropped by a later collection
    try:
        client.delete_collection(name)
    except Exception:  # noqa: BLE001 — it may not exist
        pass
    finally:
        _close_client(client)


def _collect_garbage(settings: Settings) -> None:
    """Keep the live generation, the newest one before it and every generation a reader holds
    a lease on; remove every other folder — older ones, and half-built ones newer than the
    live one (a writer was killed). In server mode also drop their collections and any stray
    collection of this index. Only call while holding the write lock."""
    root = settings.index_dir
    live = current_generation(root)
    if live is None:
        return
    gens = _generations(root)
    older = [g for g in gens if (_gen_number(g) or 0) < (_gen_number(live) or 0)]
    keep = {live, *older[-1:]}
    (root / "LAST_GENERATION").write_text(f"{_last_generation_number(root)}\n")  # remember what is removed
    for name in gens:
        if name in keep:
            continue
        if not _remove_unleased(settings, name):
            keep.add(name)  # a reader still uses it: collected by a later writer
    _drop_stale_leases(root, set(gens))
    if settings.chroma_host:
        _drop_stray_collections(settings, live, keep)


def _remove_unleased(settings: Settings, name: str) -> bool:
    """Delete generation `name` unless a reader holds its lease. The exclusive lock is held
    during the deletion, so a reader that locks meanwhile finds the folder gone afterwards."""
    root = settings.index_dir
    (root / LEASES).mkdir(exist_ok=True)
    lease_path = root / LEASES / name
    with open(lease_path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        meta = _read_meta(root / name)
        shutil.rmtree(root / name, ignore_errors=True)
        if settings.chroma_host:
            _drop_collection(settings, _collection_name(settings, name, meta))
        lease_path.unlink(missing_ok=True)
        return True


def _drop_stale_leases(root: Path, gens: set[str]) -> None:
    """Lease files of generations that no longer exist (left by a reader of a folder
    removed before leases existed, or by a crash between deletion and unlink)."""
    try:
        names = [p for p in (root / LEASES).iterdir() if p.name not in gens]
    except FileNotFoundError:
        return
    for p in names:
        if not (root / p.name).exists():
            p.unlink(missing_ok=True)


def _drop_stray_collections(settings: Settings, live: str, keep: set[str]) -> None:
    meta = _read_meta(settings.index_dir / live)
    if not meta.get("index_uid"):
        return
    prefix = f"chunks-{meta['index_uid']}-"
    wanted = {_collection_name(settings, g, _read_meta(settings.index_dir / g)) for g in keep}
    try:
        client = _chroma_client(settings, settings.index_dir)
    except AssistantError:
        return
    try:
        for col in client.list_collections():
            name = getattr(col, "name", col)
            if name.startswith(prefix) and name not in wanted:
                client.delete_collection(name)
    except Exception:  # noqa: BLE001 — best effort; retried by the next writer
        pass
    finally:
        _close_client(client)


def _copy_collection(client: Any, source_name: str, target: Any) -> None:
    try:
        src = client.get_collection(source_name, embedding_function=None)
    except Exception:  # noqa: BLE001 — nothing to copy from; the caller recomputes
        return
    total = src.count()
    for offset in range(0, total, BATCH):
        batch = src.get(include=["embeddings", "metadatas"], limit=BATCH, offset=offset)
        target.add(ids=batch["ids"], embeddings=batch["embeddings"], metadatas=batch["metadatas"])
