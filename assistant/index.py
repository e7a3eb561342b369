"""The local index: chunk store (SQLite) + dense vectors (ChromaDB) + lexical BM25, kept together.

Layout under `index_dir`:
    CURRENT            name of the live generation (replaced atomically)
    gen-000001/        one complete, consistent index
        store.sqlite   documents and chunks (text, section path, offsets, page)
        chroma/        ChromaDB PersistentClient (vectors; ids = chunk ids)
        lexical.*      BM25 term counts
        meta.json      embedding model, dimension

Writing never touches the live generation: `IndexWriter` copies it aside, applies the changes,
and only then points CURRENT at the new one (os.replace is atomic). A crash or error midway
leaves the previous generation live and intact; the half-built copy is removed.
In server mode (`chroma_host` set) vectors live in a Chroma server under one collection per
generation; the rest stays local.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import IndexMissingError
from .lexical import LexicalIndex
from .models import Chunk, Document
from .settings import Settings

KEEP_GENERATIONS = 2  # the live one and its predecessor (an app may still be reading it)
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT, title TEXT, kind TEXT, date TEXT, bill_no TEXT,
    content_hash TEXT, pages INTEGER, fmt TEXT, n_chunks INTEGER, ingested_at REAL, warnings TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT, ord INTEGER, text TEXT, section TEXT,
    start INTEGER, "end" INTEGER, kind TEXT, page INTEGER, caption TEXT, spans TEXT
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
"""


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


def index_text(chunk: Chunk, title: str = "") -> str:
    """What retrieval sees: the title and section path give a passage its context."""
    return "\n".join(p for p in (title, chunk.section_path, chunk.text) if p)


def current_generation(index_dir: Path) -> str | None:
    try:
        name = (index_dir / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None
    return name if (index_dir / name / "store.sqlite").exists() else None


def _row_to_chunk(row: sqlite3.Row) -> Chunk:
    return Chunk(
        chunk_id=row["chunk_id"], doc_id=row["doc_id"], ord=row["ord"], text=row["text"],
        section=json.loads(row["section"]), start=row["start"], end=row["end"], kind=row["kind"],
        page=row["page"], caption=row["caption"], spans=[tuple(s) for s in json.loads(row["spans"])],
    )


def _chroma_client(settings: Settings, gen_dir: Path):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    return chromadb.PersistentClient(path=str(gen_dir / "chroma"), settings=chroma_settings)


def _collection_name(settings: Settings, gen: str) -> str:
    return f"chunks-{gen}" if settings.chroma_host else "chunks"


class _Generation:
    """Open handles on one generation folder."""

    def __init__(self, settings: Settings, gen: str, writable: bool):
        self.settings = settings
        self.gen = gen
        self.dir = settings.index_dir / gen
        uri = f"file:{self.dir / 'store.sqlite'}" + ("" if writable else "?mode=ro")
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        if writable:
            self.db.executescript(SCHEMA)
        self.meta = json.loads((self.dir / "meta.json").read_text()) if (self.dir / "meta.json").exists() else {}
        self.lexical = LexicalIndex.load(self.dir)
        self.client = _chroma_client(settings, self.dir)
        # embeddings are always computed by us and passed in; never let Chroma pick its
        # default embedding function (it downloads an ONNX model and fails offline)
        self.collection = self.client.get_or_create_collection(
            _collection_name(settings, gen), embedding_function=None, metadata={"hnsw:space": "cosine"}
        )


class IndexReader:
    """Read access to the live generation; cheap to keep open for the life of the app."""

    def __init__(self, settings: Settings):
        gen = current_generation(settings.index_dir)
        if gen is None:
            raise IndexMissingError(
                f"색인이 없습니다: {settings.index_dir} — 먼저 `python -m assistant ingest`를 실행하세요 / "
                f"no index at {settings.index_dir}; run `python -m assistant ingest` first"
            )
        self.settings = settings
        self.generation = gen
        self._g = _Generation(settings, gen, writable=False)
        self.lexical = self._g.lexical
        self.meta = self._g.meta
        self._chunk_cache: dict[str, Chunk] = {}
        self._titles: dict[str, str] = {d.doc_id: d.title for d in self.documents()}

    def is_stale(self) -> bool:
        return current_generation(self.settings.index_dir) != self.generation

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

    def doc_chunks(self, doc_id: str) -> list[Chunk]:
        rows = self._g.db.execute("SELECT * FROM chunks WHERE doc_id=? ORDER BY ord", (doc_id,)).fetchall()
        return [_row_to_chunk(r) for r in rows]

    def dense_search(self, vector: np.ndarray, n: int) -> list[tuple[str, float]]:
        count = self._g.collection.count()
        if count == 0:
            return []
        res = self._g.collection.query(query_embeddings=[vector.tolist()], n_results=min(n, count), include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]


def _row_to_doc(r: sqlite3.Row) -> DocRecord:
    return DocRecord(
        doc_id=r["doc_id"], path=r["path"], title=r["title"], kind=r["kind"], date=r["date"], bill_no=r["bill_no"],
        content_hash=r["content_hash"], pages=r["pages"], fmt=r["fmt"], n_chunks=r["n_chunks"],
        ingested_at=r["ingested_at"], warnings=json.loads(r["warnings"] or "[]"),
    )


class IndexWriter:
    """Applies a batch of changes to a copy of the live generation, then swaps it in.

    Use as a context manager; nothing is visible to readers until the `with` block exits
    without an exception. No copy is made if the batch changes nothing.
    """

    def __init__(self, settings: Settings, embedder: Any, analyzer: Any):
        self.settings = settings
        self.embedder = embedder
        self.analyzer = analyzer
        self.base = current_generation(settings.index_dir)
        self._g: _Generation | None = None
        self._hashes: dict[str, str] = {}
        self.changed = False
        if self.base:
            base = _Generation(settings, self.base, writable=False)
            self._check_model(base.meta)
            self._hashes = dict(base.db.execute("SELECT doc_id, content_hash FROM documents").fetchall())
            base.db.close()

    def _check_model(self, meta: dict) -> None:
        if meta and meta.get("embedding") != self.embedder.name:
            raise IndexMissingError(
                f"색인은 임베딩 모델 {meta.get('embedding')}로 만들어졌습니다(현재 {self.embedder.name}). "
                f"색인 폴더를 지우고 다시 만드세요 / index built with {meta.get('embedding')}, "
                f"current model is {self.embedder.name}: rebuild the index (delete {self.settings.index_dir})"
            )

    def __enter__(self) -> "IndexWriter":
        return self

    def known_hash(self, doc_id: str) -> str | None:
        return self._hashes.get(doc_id)

    def doc_ids(self) -> set[str]:
        return set(self._hashes)

    def _open(self) -> _Generation:
        if self._g is None:
            root = self.settings.index_dir
            root.mkdir(parents=True, exist_ok=True)
            gen = _next_generation_name(root)
            if self.base:
                shutil.copytree(root / self.base, root / gen, ignore=shutil.ignore_patterns("*.lock"))
            else:
                (root / gen).mkdir()
                (root / gen / "meta.json").write_text(
                    json.dumps({"embedding": self.embedder.name, "dim": self.embedder.dim, "created": time.time()})
                )
            self._g = _Generation(self.settings, gen, writable=True)
            if self.base and self.settings.chroma_host:
                _copy_collection(self._g.client, _collection_name(self.settings, self.base), self._g.collection)
        return self._g

    def remove(self, doc_id: str) -> None:
        g = self._open()
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
        texts = [index_text(c, doc.title) for c in chunks]
        if chunks:
            vectors = self.embedder.embed_documents(texts)
            metas = [{"doc_id": c.doc_id, "ord": c.ord, "kind": c.kind, **({"page": c.page} if c.page else {})} for c in chunks]
            for lo in range(0, len(chunks), 2000):
                hi = lo + 2000
                g.collection.add(
                    ids=[c.chunk_id for c in chunks[lo:hi]], embeddings=vectors[lo:hi].tolist(),
                    documents=[c.text for c in chunks[lo:hi]], metadatas=metas[lo:hi],
                )
            g.lexical.add([c.chunk_id for c in chunks], self.analyzer.tokens_batch(texts))
        g.db.executemany(
            'INSERT INTO chunks (chunk_id, doc_id, ord, text, section, start, "end", kind, page, caption, spans) '
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (c.chunk_id, c.doc_id, c.ord, c.text, json.dumps(c.section, ensure_ascii=False), c.start, c.end,
                 c.kind, c.page, c.caption, json.dumps(c.spans))
                for c in chunks
            ],
        )
        g.db.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.doc_id, doc.path, doc.title, doc.kind, doc.date, doc.bill_no, doc.content_hash, doc.pages, doc.fmt,
             len(chunks), time.time(), json.dumps(doc.warnings, ensure_ascii=False)),
        )
        self._hashes[doc.doc_id] = doc.content_hash
        self.changed = True

    def __exit__(self, exc_type, exc, tb) -> None:
        g = self._g
        if g is None:
            return
        root = self.settings.index_dir
        if exc_type is not None or not self.changed:
            _discard(g, self.settings)
            return
        g.db.commit()
        g.lexical.save(g.dir)
        g.db.close()
        tmp = root / "CURRENT.tmp"
        tmp.write_text(g.gen)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, root / "CURRENT")  # the switch: atomic on POSIX
        _collect_garbage(self.settings, keep=g.gen)


def _next_generation_name(root: Path) -> str:
    nums = [int(p.name.split("-")[1]) for p in root.glob("gen-*") if p.name.split("-")[1].isdigit()]
    return f"gen-{max(nums, default=0) + 1:06d}"


def _discard(g: _Generation, settings: Settings) -> None:
    g.db.close()
    if settings.chroma_host:
        try:
            g.client.delete_collection(_collection_name(settings, g.gen))
        except Exception:  # noqa: BLE001 — best effort cleanup of an unused collection
            pass
    shutil.rmtree(g.dir, ignore_errors=True)


def _collect_garbage(settings: Settings, keep: str) -> None:
    root = settings.index_dir
    gens = sorted(p.name for p in root.glob("gen-*"))
    live_and_recent = set(gens[-KEEP_GENERATIONS:]) | {keep}
    for name in gens:
        if name not in live_and_recent:
            shutil.rmtree(root / name, ignore_errors=True)
            if settings.chroma_host:
                try:
                    _chroma_client(settings, root / name).delete_collection(_collection_name(settings, name))
                except Exception:  # noqa: BLE001 — the collection may already be gone
                    pass


def _copy_collection(client: Any, source_name: str, target: Any) -> None:
    try:
        src = client.get_collection(source_name, embedding_function=None)
    except Exception:  # noqa: BLE001 — nothing to copy from
        return
    total = src.count()
    for offset in range(0, total, 2000):
        batch = src.get(include=["embeddings", "documents", "metadatas"], limit=2000, offset=offset)
        target.add(ids=batch["ids"], embeddings=batch["embeddings"], documents=batch["documents"], metadatas=batch["metadatas"])
