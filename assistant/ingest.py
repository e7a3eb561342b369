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
import os
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import chunk_document
from .embeddings import make_embedder
from .errors import IngestError
from .index import IndexWriter
from .korean import analyzer
from .limits import MiB, cap_chunks
from .loaders import SUPPORTED_SUFFIXES, load_document
from .metadata import MANIFEST
from .names import display_name, display_path
from .settings import Settings

Progress = Callable[[int, int, str, str], None]  # (done, total, file, status)


@dataclass
class Skipped:
    """A file or folder found in an ingested folder and deliberately not read."""

    path: str
    ko: str
    en: str

    def __str__(self) -> str:
        return f"{self.path}: {self.ko} / {self.en}"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    chunks: int = 0
    pages: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        return (
            f"추가 {len(self.added)} · 갱신 {len(self.updated)} · 변경없음 {len(self.unchanged)} · "
            f"삭제 {len(self.removed)} · 오류 {len(self.errors)} · "
            + (f"건너뜀 {len(self.skipped)} · " if self.skipped else "")
            + f"조각 {self.chunks}개 · {self.seconds:.1f}초"
        )


def discover(paths: Iterable[str | Path], follow_outside_symlinks: bool = False) -> list[Path]:
    """Expand folders into the supported files below them (sorted; see `scan` for what is skipped)."""
    return scan(paths, follow_outside_symlinks)[0]


def scan(paths: Iterable[str | Path], follow_outside_symlinks: bool = False) -> tuple[list[Path], list[Skipped]]:
    """Files to ingest, and every file or folder skipped on the way with the reason: hidden
    names (leading dot), unsupported types, things that are not regular files (FIFOs, sockets,
    devices — never opened: reading a FIFO blocks), broken links, folder links, and links that
    resolve outside the folder being ingested (unless `follow_outside_symlinks`). A path given
    by name is taken as is (the loader refuses what it cannot read)."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for p in map(Path, paths):
        if p.is_dir():
            _walk(p, follow_outside_symlinks, files, skipped)
        else:
            files.append(p)
    return files, skipped


def _walk(root: Path, follow_outside: bool, files: list[Path], skipped: list[Skipped]) -> None:
    base = root.resolve()
    found: list[Path] = []

    def skip(path: Path, ko: str, en: str) -> None:
        skipped.append(Skipped(display_path(path), ko, en))

    stack = [root]
    seen = {base}
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skip(folder, f"폴더를 읽을 수 없습니다({exc.strerror})", f"cannot read the folder ({exc.strerror})")
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                skip(path, "숨김 파일·폴더(이름이 .으로 시작)", "hidden (name starts with a dot)")
                continue
            try:
                st = path.stat()  # follows links
            except OSError:
                skip(path, "가리키는 대상이 없는 링크입니다", "broken link (its target does not exist)")
                continue
            if entry.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(base) and not follow_outside:
                    skip(path, f"폴더 밖을 가리키는 링크는 읽지 않습니다(→ {display_path(target)})",
                         f"link to outside the ingested folder refused (→ {display_path(target)}); "
                         "set follow_outside_symlinks = true to allow")
                    continue
                if stat.S_ISDIR(st.st_mode):
                    if target.is_relative_to(base) or target in seen:
                        skip(path, "폴더 링크는 따라가지 않습니다(실제 위치에서 읽음)",
                             "folder link not followed (its files are read where they are)")
                        continue
                    seen.add(target)
            if stat.S_ISDIR(st.st_mode):
                stack.append(path)
            elif not stat.S_ISREG(st.st_mode):
                kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
                skip(path, f"일반 파일이 아닙니다({kind})", f"not a regular file ({kind})")
            elif entry.name == MANIFEST:
                continue  # metadata for the other files, read by metadata.py
            elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
                skip(path, "지원하지 않는 파일 형식", f"unsupported file type ({', '.join(sorted(SUPPORTED_SUFFIXES))})")
            else:
                found.append(path)
    files.extend(sorted(found))


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
    found, skipped = scan(paths, settings.follow_outside_symlinks)
    files, first = [], {}
    for f in found:  # a file named twice (or reached through a link) counts once
        if f.resolve() in first:
            if f != first[f.resolve()]:
                skipped.append(Skipped(display_path(f), f"같은 파일을 이미 읽었습니다({display_path(first[f.resolve()])})",
                                       f"same file as {display_path(first[f.resolve()])}, already read"))
            continue
        first[f.resolve()] = f
        files.append(f)
    report = IngestReport(skipped=skipped)
    embedder = make_embedder(settings.embedding_model, settings.embedding_dim, settings.allow_model_download)
    # syncing a whole folder may rebuild a stale index: everything it should hold is re-read
    with IndexWriter(settings, embedder, analyzer(), rebuild_if_stale=rebuild or sync_folder is not None) as writer:
        seen: dict[str, Path] = {}
        for i, path in enumerate(files, 1):
            status = _ingest_one(path, writer, report, settings, seen)
            if progress:
                progress(i, len(files), str(path), status)
        if sync_folder is not None:
            present = {display_name(f.name) for f in discover([sync_folder], settings.follow_outside_symlinks)}
            for doc_id in sorted(writer.doc_ids() - present):
                writer.remove(doc_id)
                report.removed.append(doc_id)
    report.seconds = time.perf_counter() - t0
    return report


def _ingest_one(path: Path, writer: IndexWriter, report: IngestReport, settings: Settings, seen: dict[str, Path]) -> str:
    doc_id = display_name(path.name)  # non-UTF-8 names decoded once, the same way everywhere
    first = seen.setdefault(doc_id, path)
    if first != path:
        # without this the second file replaced the first, and every later ingest flipped back
        err = IngestError(
            display_path(path), f"같은 이름의 파일이 이미 있습니다({display_path(first)}) — 이름을 바꿔 주세요",
            f"another file with the same name was already ingested ({display_path(first)}); rename one of them",
        )
        report.errors.append(err)
        return f"오류: {err.ko}"
    max_bytes = int(settings.max_file_mib * MiB)
    try:
        known = writer.known_hash(doc_id)
        if known is not None and path.is_file() and path.stat().st_size <= max_bytes:
            if known == _file_hash(path):
                report.unchanged.append(doc_id)
                return "변경없음"
        doc = load_document(
            path, max_bytes=max_bytes, max_text_chars=int(settings.max_text_mib * MiB), max_blocks=settings.max_blocks
        )
        chunks = cap_chunks(chunk_document(doc), settings.max_chunk_chars)
    except IngestError as err:
        if err.path != display_path(err.path):  # a name Python could not decode: never print it raw
            err = IngestError(display_path(err.path), err.ko, err.en)
        report.errors.append(err)
        return f"오류: {err.ko}"
    except Exception as exc:  # noqa: BLE001 — a broken file must not stop the batch
        err = IngestError(display_path(path), f"읽는 중 오류가 났습니다({type(exc).__name__})", f"failed to read: {exc}")
        report.errors.append(err)
        return f"오류: {err.ko}"
    existed = writer.known_hash(doc_id) is not None
    writer.put(doc, chunks)
    (report.updated if existed else report.added).append(doc_id)
    report.chunks += len(chunks)
    report.pages += doc.pages or 0
    return "갱신" if existed else "추가"


def _file_hash(path: Path) -> str:
    """SHA-256 of the file, read in pieces (the file may be hundreds of MiB)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
