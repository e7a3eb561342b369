"""Incremental ingest: unchanged files are no-ops, changed files replace their chunks, removed
files lose theirs — and SQLite, Chroma and the lexical index always hold the same chunk ids."""

from __future__ import annotations

import json

import pytest

from assistant import cli
from assistant.errors import IngestError
from assistant.ingest import ingest
from assistant.pipeline import Assistant
from tests.index_helpers import (
    TOPICS, assert_consistent, budget, current, doc_ids_in_stores, generations, make_corpus, settings_for,
    write_doc,
)


@pytest.fixture
def indexed(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 3)
    settings = settings_for(tmp_path, corpus)
    report = ingest([corpus], settings, sync_folder=corpus)
    assert sorted(report.added) == ["doc0.txt", "doc1.txt", "doc2.txt"] and not report.errors
    return settings


def chunk_ids_of(settings, doc_id: str) -> set[str]:
    from assistant.index import IndexReader

    reader = IndexReader(settings)
    try:
        return {c.chunk_id for c in reader.doc_chunks(doc_id)}
    finally:
        reader.close()


def test_first_ingest_fills_all_three_stores(indexed):
    ids = assert_consistent(indexed)
    assert len(ids) >= 3
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt"}


def test_unchanged_reingest_creates_no_generation(indexed):
    before_gens, before_current = generations(indexed), current(indexed)
    before_ids = assert_consistent(indexed)
    report = ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert sorted(report.unchanged) == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert not report.changed
    assert generations(indexed) == before_gens and current(indexed) == before_current
    assert assert_consistent(indexed) == before_ids


def test_changed_file_replaces_its_chunks_everywhere(indexed):
    old_doc1 = chunk_ids_of(indexed, "doc1.txt")
    others = chunk_ids_of(indexed, "doc0.txt") | chunk_ids_of(indexed, "doc2.txt")
    write_doc(indexed.corpus_dir, "doc1.txt", TOPICS[1], version=2)

    report = ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)

    assert report.updated == ["doc1.txt"] and sorted(report.unchanged) == ["doc0.txt", "doc2.txt"]
    ids = assert_consistent(indexed)
    new_doc1 = chunk_ids_of(indexed, "doc1.txt")
    assert new_doc1 and not (old_doc1 & ids), "old chunks of the changed file are left somewhere"
    assert others <= ids and new_doc1 <= ids
    answer = Assistant(indexed).ask(f"{TOPICS[1]} 2024년 예산은 얼마인가요?")
    assert budget(TOPICS[1], 2) in answer.answer
    assert answer.citations and answer.citations[0].doc == "doc1.txt"


def test_sync_removes_a_deleted_files_chunks_everywhere(indexed):
    gone = chunk_ids_of(indexed, "doc2.txt")
    (indexed.corpus_dir / "doc2.txt").unlink()

    report = ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)

    assert report.removed == ["doc2.txt"]
    ids = assert_consistent(indexed)
    assert gone and not (gone & ids)
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt"}


def test_add_change_and_remove_in_one_batch(indexed):
    write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=3)
    (indexed.corpus_dir / "doc1.txt").unlink()
    gens_before = generations(indexed)

    report = ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)

    assert (report.added, report.updated, report.removed) == (["doc3.txt"], ["doc0.txt"], ["doc1.txt"])
    assert len(generations(indexed)) <= 2 and current(indexed) not in gens_before  # one new generation
    assert_consistent(indexed)
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc2.txt", "doc3.txt"}


def test_docs_rm_removes_from_all_stores(indexed, capsys):
    gone = chunk_ids_of(indexed, "doc0.txt")
    code = cli.main(["docs", "rm", "doc0.txt", "--index", str(indexed.index_dir), "--corpus", str(indexed.corpus_dir)])
    assert code == 0
    ids = assert_consistent(indexed)
    assert gone and not (gone & ids)
    assert "doc0.txt" not in doc_ids_in_stores(indexed)


def test_docs_rm_unknown_id_is_a_bilingual_error_and_no_change(indexed, capsys):
    gens = generations(indexed)
    code = cli.main(["docs", "rm", "nope.pdf", "--index", str(indexed.index_dir)])
    err = capsys.readouterr().err
    assert code == 1 and "nope.pdf" in err and "색인에 없는" in err and "not in the index" in err
    assert generations(indexed) == gens


def test_docs_list_json_and_table(indexed, capsys):
    assert cli.main(["docs", "list", "--json", "--index", str(indexed.index_dir)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["doc_id"] for r in rows] == ["doc0.txt", "doc1.txt", "doc2.txt"]
    assert all(r["n_chunks"] > 0 and r["ingested_at"] for r in rows)
    assert cli.main(["docs", "list", "--index", str(indexed.index_dir)]) == 0
    out = capsys.readouterr().out
    assert "doc1.txt" in out and TOPICS[1] in out


def test_docs_list_without_index_is_bilingual(tmp_path, capsys):
    assert cli.main(["docs", "list", "--index", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert "색인이 없습니다" in err and "no index" in err


def test_same_file_name_twice_in_one_batch_is_reported_not_flip_flopped(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_doc(a, "same.txt", TOPICS[0])
    write_doc(b, "same.txt", TOPICS[1])
    settings = settings_for(tmp_path, a)
    report = ingest([a, b], settings)
    assert report.added == ["same.txt"]
    assert len(report.errors) == 1 and str(b / "same.txt") in str(report.errors[0])
    assert "같은 이름" in report.errors[0].ko
    again = ingest([a, b], settings)
    assert again.unchanged == ["same.txt"] and not again.changed  # stable: no flip-flop between the two
    assert_consistent(settings)


def test_sync_with_a_missing_folder_removes_nothing(indexed, tmp_path):
    gens = generations(indexed)
    with pytest.raises(IngestError) as info:
        ingest([tmp_path / "typo"], indexed, sync_folder=tmp_path / "typo")
    assert "typo" in str(info.value) and "폴더" in info.value.ko
    assert generations(indexed) == gens
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt"}


def test_removing_an_unknown_document_creates_no_generation(indexed):
    from assistant.embeddings import make_embedder
    from assistant.index import IndexWriter
    from assistant.korean import analyzer

    gens = generations(indexed)
    with IndexWriter(indexed, make_embedder(), analyzer()) as writer:
        writer.remove("nope.txt")
    assert generations(indexed) == gens


def test_a_chunks_neighbour_is_read_by_its_position(indexed):
    from assistant.index import IndexReader

    reader = IndexReader(indexed)
    try:
        doc = reader.documents()[0].doc_id
        whole = reader.doc_chunks(doc)
        assert len(whole) >= 2
        got = reader.chunks_at([(doc, whole[1].ord), (doc, whole[0].ord), (doc, 10 ** 6), ("no-such-doc", 0)])
        assert set(got) == {(doc, whole[0].ord), (doc, whole[1].ord)}  # positions that exist, no others
        assert got[(doc, whole[1].ord)].chunk_id == whole[1].chunk_id
    finally:
        reader.close()
