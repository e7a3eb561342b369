"""Files → index, incrementally: unchanged files are skipped by content hash, changed ones
replace their chunks, and (when a whole corpus folder is synced) removed files' chunks go.

A file that fails to load is reported with its cause and skipped; the rest of the batch goes
on (a changed file that now fails keeps its last good version in the index). The batch is
applied as one new index generation (see index.py), so an interrupted ingest leaves the
previous index untouched. The document id is the file name, so a second file with the same
name in one batch is refused rather than silently replacing the first.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import chunk_document
from .embeddings import make_embedder
from .errors import IngestError
from .index import IndexWriter
from .korean import analyzer
from .loaders import SUPPORTED_SUFFIXES, load_document
from .metadata import MANIFEST
from .settings import Settings

Progress = Callable[[int, int, str, str], None]  # (done, total, file, status)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    chunks: int = 0
    pages: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"추가 {len(self.added)} · 갱신 {len(self.updated)} · 변경없음 {len(self.unchanged)} · "
            f"삭제 {len(self.removed)} · 오류 {len(self.errors)} · 조각 {self.chunks}개 · {self.seconds:.1f}초"
        )


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the supported files below them (sorted, hidden files skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.name != MANIFEST and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and f.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            out.append(p)
    return out


def ingest(
    paths: Iterable[str | Path],
    settings: Settings,
    progress: Progress | None = None,
    sync_folder: Path | None = None,
    rebuild: bool = False,
) -> IngestReport:
    """Ingest files/folders. With `sync_folder`, documents from that folder that no longer
    exist there are removed from the index. With `rebuild` (or when syncing), an index built
    with another embedding model or tokenizer version is rebuilt from the given files."""
    t0 = time.perf_counter()
    if sync_folder is not None and not Path(sync_folder).is_dir():
        # syncing against a folder that is not there would remove every document
        raise IngestError(str(sync_folder), "동기화할 폴더가 없습니다", "folder to sync not found")
    files = list({f.resolve(): f for f in discover(paths)}.values())  # a file named twice counts once
    report = IngestReport()
    embedder = make_embedder(settings.embedding_model, settings.embedding_dim, settings.allow_model_download)
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    # syncing a whole folder may rebuild a stale index: everything it should hold is re-read
    with IndexWriter(settings, embedder, analyzer(), rebuild_if_stale=rebuild or sync_folder is not None) as writer:
        seen: dict[str, Path] = {}
        for i, path in enumerate(files, 1):
            status = _ingest_one(path, writer, report, max_bytes, seen)
            if progress:
                progress(i, len(files), str(path), status)
        if sync_folder is not None:
            present = {f.name for f in discover([sync_folder])}
            for doc_id in sorted(writer.doc_ids() - present):
                writer.remove(doc_id)
                report.removed.append(doc_id)
    report.seconds = time.perf_counter() - t0
    return report


def _ingest_one(path: Path, writer: IndexWriter, report: IngestReport, max_bytes: int, seen: dict[str, Path]) -> str:
    doc_id = path.name
    first = seen.setdefault(doc_id, path)
    if first != path:
        # without this the second file replaced the first, and every later ingest flipped back
        err = IngestError(
            str(path), f"같은 이름의 파일이 이미 있습니다({first}) — 이름을 바꿔 주세요",
            f"another file with the same name was already ingested ({first}); rename one of them",
        )
        report.errors.append(err)
        return f"오류: {err.ko}"
    try:
        if path.is_file() and writer.known_hash(doc_id) is not None:
            if writer.known_hash(doc_id) == hashlib.sha256(path.read_bytes()).hexdigest():
                report.unchanged.append(doc_id)
                return "변경없음"
        doc = load_document(path, max_bytes=max_bytes)
        chunks = chunk_document(doc)
    except IngestError as err:
        report.errors.append(err)
        return f"오류: {err.ko}"
    except Exception as exc:  # noqa: BLE001 — a broken file must not stop the batch
        err = IngestError(str(path), f"읽는 중 오류가 났습니다({type(exc).__name__})", f"failed to read: {exc}")
        report.errors.append(err)
        return f"오류: {err.ko}"
    existed = writer.known_hash(doc_id) is not None
    writer.put(doc, chunks)
    (report.updated if existed else report.added).append(doc_id)
    report.chunks += len(chunks)
    report.pages += doc.pages or 0
    return "갱신" if existed else "추가"
