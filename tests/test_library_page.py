"""The 문서함 page: list, delete and re-index driven through AppTest; upload handling (which
AppTest cannot drive) through `ingest_uploads` directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.embeddings import make_embedder
from assistant.index import IndexBusyError, IndexWriter
from assistant.ingest import ingest
from assistant.korean import analyzer
from assistant.loaders import load_document, safe_name
from assistant.ui.library import delete_document, ingest_uploads
from tests.index_helpers import (
    indexed_corpus,
    TOPICS, assert_consistent, budget, doc_ids_in_stores, doc_text, write_doc,
)

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "1_문서함.py")


@pytest.fixture
def indexed(tmp_path):
    return indexed_corpus(tmp_path)


@pytest.fixture
def page(indexed, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(indexed.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(indexed.corpus_dir))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def table(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


# ---- list, delete, re-index through the page ----------------------------------------------

def test_lists_documents_with_kind_pages_chunks_time_and_warnings(indexed, monkeypatch):
    doc = load_document(indexed.corpus_dir / "doc1.txt")
    doc.warnings = ["표 1개를 읽지 못했습니다 / 1 table could not be read"]
    with IndexWriter(indexed, make_embedder(), analyzer()) as w:
        w.put(doc, chunk_document(doc))
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(indexed.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(indexed.corpus_dir))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    rows = table(at)
    assert [r["문서 ID"] for r in rows] == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert set(rows[0]) >= {"제목", "종류", "형식", "쪽수", "조각 수", "색인 시각", "경고"}
    assert all(r["조각 수"] > 0 and r["색인 시각"].startswith("20") for r in rows)
    assert [r["경고"] for r in rows] == [0, 1, 0]
    warning_box = [e for e in at.expander if "doc1.txt" in e.label]
    assert warning_box and "읽지 못했습니다" in texts(warning_box[0].markdown)


def test_empty_index_shows_a_hint_not_an_error(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(tmp_path / "index"))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(tmp_path / "corpus"))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception and not at.dataframe
    assert "색인된 문서가 없습니다" in texts(at.info)


def test_delete_with_confirmation_removes_index_entry_and_file(page, indexed):
    page.selectbox(key="library_delete_doc").select("doc1.txt").run()
    page.button(key="library_delete").click().run()
    assert "doc1.txt" in texts(page.warning)  # asks first; nothing removed yet
    assert "doc1.txt" in doc_ids_in_stores(indexed)
    assert page.checkbox(key="library_delete_file").value is True

    page.button(key="library_delete_confirm").click().run()
    assert not page.exception
    assert "doc1.txt" in texts(page.success)
    assert [r["문서 ID"] for r in table(page)] == ["doc0.txt", "doc2.txt"]
    assert not (indexed.corpus_dir / "doc1.txt").exists()
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc2.txt"}
    assert_consistent(indexed)


def test_delete_can_keep_the_file_or_be_cancelled(page, indexed):
    page.selectbox(key="library_delete_doc").select("doc2.txt").run()
    page.button(key="library_delete").click().run()
    page.button(key="library_delete_cancel").click().run()
    assert not page.warning and doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt"}

    page.button(key="library_delete").click().run()
    page.checkbox(key="library_delete_file").uncheck().run()
    page.button(key="library_delete_confirm").click().run()
    assert "다시 색인하면 돌아옵니다" in texts(page.success)
    assert (indexed.corpus_dir / "doc2.txt").exists()
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt"}


def test_reindex_syncs_the_corpus_folder(page, indexed):
    write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=2)
    (indexed.corpus_dir / "doc2.txt").unlink()
    (indexed.corpus_dir / "broken.pdf").write_bytes(b"%PDF-1.7 not really")

    page.button(key="library_reindex").click().run()
    assert not page.exception
    assert "추가 1 · 갱신 1" in texts(page.warning) and "삭제 1" in texts(page.warning)  # warning: one file failed
    assert "broken.pdf" in texts(page.error)
    assert [r["문서 ID"] for r in table(page)] == ["doc0.txt", "doc1.txt", "doc3.txt"]
    assert_consistent(indexed)


def test_reindex_while_another_ingest_holds_the_lock_is_a_clear_error(page, indexed, monkeypatch):
    from assistant import index

    monkeypatch.setattr(index, "LOCK_WAIT_SECONDS", 0.2)
    write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    with IndexWriter(indexed, make_embedder(), analyzer()):
        page.button(key="library_reindex").click().run()
    assert not page.exception
    assert "다른 색인 작업" in texts(page.error) and "another ingest" in texts(page.error)
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt"}


# ---- upload handling ----------------------------------------------------------------------

def test_upload_batch_saves_ingests_and_reports_each_bad_file(indexed):
    calls = []
    outcome = ingest_uploads(
        [
            ("new1.txt", doc_text(TOPICS[3]).encode()),
            ("../../escape.txt", doc_text(TOPICS[4]).encode()),  # path separators are neutralised
            ("empty.txt", b"   "),
            ("program.exe", b"MZ\x90\x00"),
            ("fake.pdf", b"%PDF-1.7 broken"),
            ("new1.txt", doc_text(TOPICS[5]).encode()),  # same name twice in one batch
        ],
        indexed,
        progress=lambda *a: calls.append(a),
    )
    folder = indexed.corpus_dir
    escaped = safe_name("../../escape.txt")
    assert "/" not in escaped and sorted(outcome.report.added) == sorted(["new1.txt", escaped])
    assert (folder / "new1.txt").exists() and (folder / escaped).exists()
    assert not (folder.parent.parent / "escape.txt").exists()
    errors = {Path(e.path).name: e for e in outcome.errors}
    assert set(errors) == {"empty.txt", "program.exe", "fake.pdf", "new1.txt"}
    assert all(e.ko and e.en for e in errors.values())
    assert "두 번" in errors["new1.txt"].ko and "twice" in errors["new1.txt"].en
    # files that failed are not left in the corpus folder; the good ones are indexed
    assert not (folder / "fake.pdf").exists() and not (folder / "empty.txt").exists()
    assert not any(p.name.startswith(".upload-") for p in folder.iterdir())
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt", "new1.txt", escaped}
    assert calls and calls[-1][:2] == (3, 3)  # new1, escape, fake.pdf reached ingest
    assert_consistent(indexed)


def test_uploading_a_changed_version_replaces_it(indexed):
    from assistant.pipeline import Assistant

    outcome = ingest_uploads([("doc1.txt", doc_text(TOPICS[1], version=2).encode())], indexed)
    assert outcome.report.updated == ["doc1.txt"] and not outcome.errors
    assert budget(TOPICS[1], 2) in (indexed.corpus_dir / "doc1.txt").read_text(encoding="utf-8")
    answer = Assistant(indexed).ask(f"{TOPICS[1]} 2024년 예산은 얼마인가요?")
    assert budget(TOPICS[1], 2) in answer.answer
    assert_consistent(indexed)


def test_a_broken_replacement_keeps_the_last_good_file_and_index_entry(indexed):
    before = (indexed.corpus_dir / "doc1.txt").read_bytes()
    outcome = ingest_uploads([("doc1.txt", b"%PDF-1.7 broken")], indexed)
    assert [Path(e.path).name for e in outcome.errors] == ["doc1.txt"]
    assert (indexed.corpus_dir / "doc1.txt").read_bytes() == before
    assert "doc1.txt" in doc_ids_in_stores(indexed)


def test_upload_while_the_index_is_busy_leaves_the_folder_as_it_was(indexed, monkeypatch):
    from assistant import index

    monkeypatch.setattr(index, "LOCK_WAIT_SECONDS", 0.2)
    before = sorted(p.name for p in indexed.corpus_dir.iterdir())
    with IndexWriter(indexed, make_embedder(), analyzer()):
        with pytest.raises(IndexBusyError):
            ingest_uploads([("new.txt", doc_text(TOPICS[3]).encode())], indexed)
    assert sorted(p.name for p in indexed.corpus_dir.iterdir()) == before


def test_delete_document_never_touches_files_outside_the_corpus(indexed, tmp_path):
    outside = write_doc(tmp_path / "elsewhere", "outside.txt", TOPICS[4])
    ingest([outside], indexed)
    assert delete_document(indexed, "outside.txt", delete_file=True) is None
    assert outside.exists() and "outside.txt" not in doc_ids_in_stores(indexed)
    with pytest.raises(Exception) as info:
        delete_document(indexed, "outside.txt", delete_file=True)
    assert "not in the index" in str(info.value)
