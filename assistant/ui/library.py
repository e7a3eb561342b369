"""문서함 (document library): what is indexed; upload, delete, re-index.

The first half is plain functions over the corpus folder and the index (tested directly; the
file uploader cannot be driven by AppTest); `render()` draws the page from them.

The corpus folder is kept as the source of truth for re-indexing: an upload that fails to
ingest is taken back out of the folder (or the file it replaced is put back), so a later
"다시 색인" does not trip over it again or lose the last good version.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..embeddings import make_embedder
from ..errors import AssistantError, IngestError
from ..index import DocRecord, IndexWriter, read_documents
from ..ingest import IngestReport, ingest
from ..korean import analyzer
from ..limits import MiB, mib
from .uploads import effective_mib, limit_text, widget_mb
from ..loaders import SUPPORTED_SUFFIXES, safe_name
from ..metadata import MANIFEST
from ..settings import PROJECT_ROOT, Settings, load_settings
from .render import display_path, doc_text

Progress = Callable[[int, int, str, str], None]
UPLOAD_TYPES = sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES)


@dataclass
class UploadOutcome:
    report: IngestReport | None  # None when no file got as far as the index
    refused: list[IngestError] = field(default_factory=list)  # not saved: name, type, size, empty

    @property
    def errors(self) -> list[IngestError]:
        """Every file that did not make it, each error naming its file."""
        return self.refused + (self.report.errors if self.report else [])


def document_rows(docs: list[DocRecord], root: Path | None = None) -> list[dict]:
    """Table rows (plain text cells). `root`: the corpus folder; paths are shown relative to it."""
    return [
        {  # the long title last, so the short columns stay visible on narrow screens
            "문서 ID": d.doc_id, "종류": d.kind, "형식": d.fmt, "쪽수": str(d.pages) if d.pages else "–", "조각 수": d.n_chunks,
            "경고": len(d.warnings), "색인 시각": time.strftime("%Y-%m-%d %H:%M", time.localtime(d.ingested_at)),
            **({"경로": display_path(d.path, root)} if root is not None else {}),
            "제목": d.title,
        }
        for d in docs
    ]


def corpus_file(settings: Settings, record: DocRecord) -> Path | None:
    """The document's file if it lies inside the corpus folder — the only place this page deletes from."""
    root = settings.corpus_dir.resolve()
    for candidate in (Path(record.path), root / record.doc_id):
        path = candidate.resolve()
        if path.is_file() and path.name == record.doc_id and path.is_relative_to(root):
            return path
    return None


def _checked_name(name: str, data: bytes, max_bytes: int) -> str:
    clean = safe_name(name)  # no separators, control characters or leading dots; raises IngestError
    if Path(clean).suffix.lower() not in SUPPORTED_SUFFIXES or clean == MANIFEST:
        # re-indexing only picks up these suffixes: anything else would vanish on the next sync
        raise IngestError(
            name, f"지원하지 않는 파일 형식입니다 ({', '.join(UPLOAD_TYPES)}만 가능)",
            f"unsupported file type (allowed: {', '.join(UPLOAD_TYPES)})",
        )
    if len(data) > max_bytes:
        raise IngestError(
            name, f"파일이 너무 큽니다({mib(len(data))} > {mib(max_bytes)})",
            f"file too large ({mib(len(data))} > limit {mib(max_bytes)})",
        )
    if not data.strip():
        raise IngestError(name, "빈 파일입니다", "empty file")
    return clean


def ingest_uploads(uploads: Iterable[tuple[str, bytes]], settings: Settings, progress: Progress | None = None) -> UploadOutcome:
    """Save uploaded (name, bytes) pairs into the corpus folder and ingest them as one batch.

    A file that cannot be saved or ingested is reported and the rest go on; such a file does
    not stay in the corpus folder (a file it was replacing is restored). If the whole batch
    fails (e.g. another ingest holds the index), every file is put back as it was.
    """
    folder = settings.corpus_dir
    folder.mkdir(parents=True, exist_ok=True)
    max_bytes = int(settings.max_file_mib * MiB)
    outcome = UploadOutcome(report=None)
    # hidden (skipped by discover) and on the same file system, so os.replace is atomic
    with tempfile.TemporaryDirectory(dir=folder, prefix=".upload-") as scratch:
        backups: dict[Path, Path | None] = {}  # saved file -> copy of what it replaced
        for name, data in uploads:
            try:
                target = folder / _checked_name(name, data, max_bytes)
                if target in backups:
                    raise IngestError(name, "같은 이름의 파일을 두 번 올렸습니다", "the same file name was uploaded twice")
                backup = None
                if target.exists():
                    backup = Path(scratch) / f"old-{len(backups)}"
                    shutil.copy2(target, backup)
                staged = Path(scratch) / f"new-{len(backups)}"
                staged.write_bytes(data)
                os.replace(staged, target)  # readers of the folder never see half a file
                backups[target] = backup
            except IngestError as err:
                outcome.refused.append(err)
            except OSError as exc:
                outcome.refused.append(IngestError(name, f"파일을 저장할 수 없습니다({exc.strerror})", f"cannot save the file: {exc}"))
        if not backups:
            return outcome
        try:
            report = ingest(list(backups), settings, progress=progress)
        except BaseException:
            _take_back(backups)
            raise
        failed = {Path(e.path).resolve() for e in report.errors}
        _take_back({t: b for t, b in backups.items() if t.resolve() in failed})
    outcome.report = report
    return outcome


def _take_back(backups: dict[Path, Path | None]) -> None:
    for target, backup in backups.items():
        if backup is None:
            target.unlink(missing_ok=True)
        else:
            os.replace(backup, target)


def delete_document(settings: Settings, doc_id: str, delete_file: bool) -> Path | None:
    """Remove a document from the index and, if asked, its file from the corpus folder.
    Returns the deleted file, if any."""
    record = next((d for d in read_documents(settings) if d.doc_id == doc_id), None)
    embedder = make_embedder(settings.embedding_model, settings.embedding_dim, settings.allow_model_download)
    with IndexWriter(settings, embedder, analyzer()) as writer:
        if doc_id not in writer.doc_ids():
            raise IngestError(doc_id, "색인에 없는 문서입니다", "not in the index")
        writer.remove(doc_id)
    path = corpus_file(settings, record) if (delete_file and record) else None
    if path is not None:
        path.unlink(missing_ok=True)
    return path


def reindex(settings: Settings, progress: Progress | None = None) -> IngestReport:
    """Re-ingest the corpus folder: new and changed files go in, files no longer there go out."""
    return ingest([settings.corpus_dir], settings, progress=progress, sync_folder=settings.corpus_dir)


# ---- the page -------------------------------------------------------------------------------

def render() -> None:
    import streamlit as st

    st.title("문서함")
    settings = load_settings()
    # folders relative to the project, never the server's absolute layout
    st.caption(f"말뭉치 폴더 / corpus: `{doc_text(display_path(settings.corpus_dir, PROJECT_ROOT))}` · "
               f"색인 / index: `{doc_text(display_path(settings.index_dir, PROJECT_ROOT))}`")
    for level, text in st.session_state.pop("library_flash", []):
        getattr(st, level)(text)

    docs = read_documents(settings)
    _render_table(st, docs, settings.corpus_dir)
    st.divider()
    _render_upload(st, settings)
    if docs:
        st.divider()
        _render_delete(st, settings, docs)
    st.divider()
    st.subheader("다시 색인 / Re-index")
    st.caption("말뭉치 폴더 전체를 다시 읽습니다: 바뀐 파일은 갱신, 새 파일은 추가, 사라진 파일은 색인에서 삭제.")
    if st.button("말뭉치 폴더 다시 색인", key="library_reindex"):
        _run(st, "다시 색인하는 중…", lambda progress: _report_messages(reindex(settings, progress), settings.corpus_dir))


def _render_table(st, docs: list[DocRecord], root: Path) -> None:
    if not docs:
        st.info("아직 색인된 문서가 없습니다 — 파일을 올리거나 다시 색인하세요 / no documents indexed yet")
        return
    st.write(f"문서 {len(docs)}건 · 조각 {sum(d.n_chunks for d in docs)}개")
    st.dataframe(document_rows(docs, root), hide_index=True)
    for d in docs:
        if d.warnings:
            with st.expander(f"⚠️ {doc_text(d.doc_id)} — 경고 {len(d.warnings)}건"):
                for w in d.warnings:
                    st.markdown("- " + doc_text(w))


def _render_upload(st, settings: Settings) -> None:
    st.subheader("파일 올리기 / Upload")
    round_ = st.session_state.setdefault("library_upload_round", 0)
    limit = effective_mib(settings)  # the same number in the label, the browser check and ours (ui/uploads.py)
    files = st.file_uploader(
        f"PDF · HWP · HWPX · DOCX · TXT (여러 개 가능, 파일당 최대 {limit_text(limit)})", type=UPLOAD_TYPES,
        accept_multiple_files=True, key=f"library_upload_{round_}", max_upload_size=widget_mb(limit),
    )
    if files and st.button(f"{len(files)}개 파일 올리고 색인하기", key="library_upload_go", type="primary"):
        def work(progress: Progress) -> list[tuple[str, str]]:
            outcome = ingest_uploads([(f.name, f.getvalue()) for f in files], settings, progress)
            refused = [("error", _error_text(e)) for e in outcome.refused]
            if refused:
                refused.insert(0, ("warning", f"올리지 못한 파일 {len(refused)}개 / {len(refused)} file(s) not saved"))
            return (_report_messages(outcome.report) if outcome.report else []) + refused

        st.session_state.library_upload_round = round_ + 1  # clears the uploader on the next run
        _run(st, "올린 파일을 색인하는 중…", work)


def _render_delete(st, settings: Settings, docs: list[DocRecord]) -> None:
    st.subheader("문서 삭제 / Delete")
    titles = {d.doc_id: d.title for d in docs}
    doc_id = st.selectbox(
        "삭제할 문서", list(titles), format_func=lambda i: f"{i} — {titles[i]}", key="library_delete_doc"
    )
    if st.button("삭제…", key="library_delete"):
        st.session_state.library_confirm = doc_id
    pending = st.session_state.get("library_confirm")
    if pending not in titles:
        return
    record = next(d for d in docs if d.doc_id == pending)
    path = corpus_file(settings, record)
    st.warning(f"**{doc_text(pending)}** ({doc_text(titles[pending])})을(를) 색인에서 삭제합니다. 계속할까요? / "
               "remove it from the index?")
    also_file = st.checkbox(
        "말뭉치 폴더의 파일도 삭제 / also delete the file from the corpus folder"
        + (f" ({doc_text(path.name)})" if path else " — 말뭉치 폴더에 파일이 없음 / no file in the corpus folder"),
        value=path is not None, disabled=path is None, key="library_delete_file",
    )
    confirm, cancel = st.columns(2)
    if cancel.button("취소 / Cancel", key="library_delete_cancel"):
        st.session_state.pop("library_confirm", None)
        st.rerun()
    if confirm.button("삭제 확인 / Delete", key="library_delete_confirm", type="primary"):
        st.session_state.pop("library_confirm", None)

        def work(progress: Progress) -> list[tuple[str, str]]:
            deleted = delete_document(settings, pending, also_file)
            if deleted:
                return [("success", f"삭제했습니다 / deleted: {doc_text(pending)} (파일도 삭제 / file removed: "
                                    f"{doc_text(deleted.name)})")]
            note = " — 파일이 말뭉치 폴더에 남아 있어 다시 색인하면 돌아옵니다 / the file is still in the corpus folder and comes back on re-index"
            return [("success", f"색인에서 삭제했습니다 / removed from the index: {doc_text(pending)}" + (note if path else ""))]

        _run(st, "삭제하는 중…", work)


def _run(st, label: str, work: Callable[[Progress], list[tuple[str, str]]]) -> None:
    """Run an index change with a progress bar; its messages survive the rerun that follows."""
    bar = st.progress(0.0, text=label)

    def progress(done: int, total: int, path: str, status: str) -> None:
        bar.progress(done / max(total, 1), text=f"[{done}/{total}] {doc_text(status)} · {doc_text(Path(path).name)}")

    try:
        messages = work(progress)
    except AssistantError as err:  # IngestError, IndexBusyError, …: already bilingual
        messages = [("error", _error_text(err))]
    st.session_state.library_flash = messages
    st.rerun()


def _report_messages(report: IngestReport, root: Path | None = None) -> list[tuple[str, str]]:
    """Summary, then every file that failed and every file skipped (with the reason), as text."""
    level = "success" if not report.errors else "warning"
    skipped = [("info", f"건너뜀 / skipped: **{doc_text(_shown(s.path, root))}** — {doc_text(s.ko)} / {doc_text(s.en)}")
               for s in report.skipped]
    return [(level, report.summary())] + [("error", _error_text(e, root)) for e in report.errors] + skipped


def _shown(path: str, root: Path | None) -> str:
    return display_path(path, root) if root is not None else Path(path).name


def _error_text(err: AssistantError, root: Path | None = None) -> str:
    """An error as text: the file relative to the corpus folder, the message in both languages
    (messages quote file names: nothing in them may render as Markdown)."""
    if isinstance(err, IngestError):
        return f"**{doc_text(_shown(err.path, root))}** — {doc_text(err.ko)} / {doc_text(err.en)}"
    return doc_text(str(err))
