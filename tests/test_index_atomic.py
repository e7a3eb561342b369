"""Atomic generations: an error, an interrupt or a SIGKILL midway leaves the previous index
live and answering; half-built generations never become CURRENT and are collected later.
Readers keep working across swaps and pick up new generations; writers take turns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant import cli, index
from assistant.embeddings import make_embedder
from assistant.index import IndexBusyError, IndexWriter
from assistant.ingest import ingest
from assistant.korean import analyzer
from assistant.loaders import load_document
from assistant.chunking import chunk_document
from assistant.pipeline import Assistant
from tests.index_helpers import (
    indexed_corpus,
    TOPICS, assert_consistent, budget, current, doc_ids_in_stores, generations, write_doc,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTION = f"{TOPICS[0]} 2024년 예산은 얼마인가요?"


@pytest.fixture
def indexed(tmp_path):
    return indexed_corpus(tmp_path)


def answer_text(settings, question: str = QUESTION) -> str:
    assistant = Assistant(settings)
    try:
        answer = assistant.ask(question)
        assert answer.citations, answer.answer
        return answer.answer
    finally:
        assistant.index.close()


def writer(settings, **kw) -> IndexWriter:
    return IndexWriter(settings, make_embedder(), analyzer(), **kw)


def put_file(w: IndexWriter, path: Path) -> None:
    doc = load_document(path)
    w.put(doc, chunk_document(doc))


def test_error_inside_the_writer_block_keeps_the_previous_generation(indexed):
    before = (current(indexed), generations(indexed), answer_text(indexed), assert_consistent(indexed))
    new = write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    with pytest.raises(RuntimeError, match="boom"):
        with writer(indexed) as w:
            put_file(w, new)
            w.remove("doc0.txt")
            half_built = w._g.dir
            assert half_built.exists()
            raise RuntimeError("boom")
    assert not half_built.exists(), "the half-built generation was left behind"
    assert (current(indexed), generations(indexed), answer_text(indexed), assert_consistent(indexed)) == before


def test_non_ingest_error_from_a_loader_midway_aborts_the_batch_cleanly(indexed, monkeypatch):
    """A KeyboardInterrupt (Ctrl-C) is not a per-file error: the whole batch is abandoned."""
    import assistant.ingest as ingest_module

    for i in range(3, 6):
        write_doc(indexed.corpus_dir, f"doc{i}.txt", TOPICS[i])
    before = (current(indexed), generations(indexed), assert_consistent(indexed))
    calls = []

    def flaky_loader(path, **limits):
        calls.append(path.name)
        if len(calls) == 2:  # doc3 was already put into the new generation
            raise KeyboardInterrupt
        return load_document(path, **limits)

    monkeypatch.setattr(ingest_module, "load_document", flaky_loader)
    with pytest.raises(KeyboardInterrupt):
        ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert calls == ["doc3.txt", "doc4.txt"]
    assert (current(indexed), generations(indexed), assert_consistent(indexed)) == before
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt"}


def test_embedder_failure_and_progress_callback_errors_abort_cleanly(indexed, monkeypatch):
    write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    write_doc(indexed.corpus_dir, "doc4.txt", TOPICS[4])
    before = (current(indexed), generations(indexed))

    def stop(done, total, path, status):  # like Streamlit's rerun exception raised from a callback
        if done == 4:
            raise RuntimeError("rerun")

    with pytest.raises(RuntimeError, match="rerun"):
        ingest([indexed.corpus_dir], indexed, progress=stop, sync_folder=indexed.corpus_dir)
    assert (current(indexed), generations(indexed)) == before

    embedder = make_embedder()
    monkeypatch.setattr(type(embedder), "embed_documents", lambda self, texts: (_ for _ in ()).throw(MemoryError()))
    with pytest.raises(MemoryError):
        ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert (current(indexed), generations(indexed)) == before
    assert doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt"}


def test_ingest_after_a_failed_one_in_the_same_process(indexed):
    """Discarded generation folders are not reused by name (Chroma caches clients per path)."""
    new = write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    with pytest.raises(ValueError):
        with writer(indexed) as w:
            put_file(w, new)
            discarded = w._g.gen
            raise ValueError
    report = ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert report.added == ["doc3.txt"]
    assert current(indexed) != discarded and current(indexed) > discarded
    assert_consistent(indexed)
    assert budget(TOPICS[3]) in answer_text(indexed, f"{TOPICS[3]} 2024년 예산은 얼마인가요?")


def test_orphaned_generation_never_becomes_current_and_is_collected(indexed):
    live = current(indexed)
    # what a writer killed midway leaves: a newer, half-built copy that CURRENT does not name
    orphan = indexed.index_dir / "gen-000042"
    import shutil

    shutil.copytree(indexed.index_dir / live, orphan)
    (orphan / "lexical.npz").unlink()
    assert current(indexed) == live and answer_text(indexed)
    # a later ingest — even one that changes nothing — removes it and never builds on it
    report = ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert not report.changed and not orphan.exists() and current(indexed) == live
    write_doc(indexed.corpus_dir, "doc1.txt", TOPICS[1], version=2)
    ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert current(indexed) == "gen-000043", "generation numbers only grow"
    assert generations(indexed) == [live, "gen-000043"]
    assert_consistent(indexed)


def test_garbage_collection_keeps_the_live_generation_and_its_predecessor(indexed):
    for version in (2, 3, 4):
        write_doc(indexed.corpus_dir, "doc1.txt", TOPICS[1], version=version)
        previous = current(indexed)
        ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
        assert generations(indexed) == [previous, current(indexed)]
    assert budget(TOPICS[1], 4) in answer_text(indexed, f"{TOPICS[1]} 2024년 예산은 얼마인가요?")


SITECUSTOMIZE = '''
import os, time
if os.environ.get("SLOW_PUT_SECONDS"):
    import assistant.index as _index
    _put = _index.IndexWriter.put
    def _slow_put(self, doc, chunks):
        _put(self, doc, chunks)
        time.sleep(float(os.environ["SLOW_PUT_SECONDS"]))
    _index.IndexWriter.put = _slow_put
'''


def test_sigkill_midway_leaves_the_previous_generation_answering(indexed, tmp_path):
    live, before = current(indexed), answer_text(indexed)
    for i in range(40):
        write_doc(indexed.corpus_dir, f"extra{i:02d}.txt", TOPICS[3 + i % 3], version=2 + i)
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
    env = {**os.environ, "PYTHONPATH": str(hook), "SLOW_PUT_SECONDS": "0.3", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", "--index", str(indexed.index_dir),
         "--corpus", str(indexed.corpus_dir), "--model", "hash"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    try:
        added = 0
        deadline = time.monotonic() + 120
        while added < 3 and time.monotonic() < deadline:
            line = proc.stderr.readline()
            assert line or proc.poll() is None, "ingest ended before it could be killed"
            added += "추가" in line
        assert added >= 3
        half_built = [g for g in generations(indexed) if g != live]
        assert half_built and current(indexed) == live
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # the previous generation is live, complete and answering; the orphan is still on disk
    assert current(indexed) == live and answer_text(indexed) == before
    assert assert_consistent(indexed) and doc_ids_in_stores(indexed) == {"doc0.txt", "doc1.txt", "doc2.txt"}
    assert (indexed.index_dir / half_built[0]).exists()
    # the killed writer's lock died with it; the next ingest collects the orphan and completes
    report = ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert len(report.added) == 40 and not report.errors
    assert not (indexed.index_dir / half_built[0]).exists()
    assert generations(indexed) == [live, current(indexed)] and current(indexed) > half_built[0]
    assert len(doc_ids_in_stores(indexed)) == 43
    assert_consistent(indexed)


def test_open_reader_survives_swaps_and_ask_picks_up_the_new_generation(indexed):
    app = Assistant(indexed)  # what the Streamlit app holds for its lifetime
    first = app.index.generation
    assert budget(TOPICS[0]) in app.ask(QUESTION).answer
    assert not app.refresh()

    write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=2)
    assert cli.main(["ingest", "--quiet", "--index", str(indexed.index_dir), "--corpus", str(indexed.corpus_dir)]) == 0
    # the swap does not disturb the open reader; the next question is answered from the new one
    assert app.index.generation == first and app.index.is_stale()
    assert budget(TOPICS[0], 2) in app.ask(QUESTION).answer and app.index.generation == current(indexed)
    assert not app.refresh()

    # two more swaps: the generations the reader left are collected; it follows along
    for version in (3, 4):
        write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=version)
        assert cli.main(["ingest", "--quiet", "--index", str(indexed.index_dir), "--corpus", str(indexed.corpus_dir)]) == 0
    assert not (indexed.index_dir / first).exists()
    assert budget(TOPICS[0], 4) in app.ask(QUESTION).answer and not app.refresh()


def sidebar_texts(at) -> list[str]:
    """Markdown and expander labels of the sidebar (the document count is an expander label)."""
    return [m.value for m in at.sidebar.markdown] + [e.label for e in at.sidebar.expander]


def test_streamlit_chat_app_picks_up_a_cli_ingest(indexed, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from assistant.ui.state import get_assistant

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(indexed.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(indexed.corpus_dir))
    get_assistant.clear()
    try:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
        assert not at.exception
        assert any("문서 3건" in t for t in sidebar_texts(at))

        write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
        assert cli.main(["ingest", "--quiet", "--index", str(indexed.index_dir), "--corpus", str(indexed.corpus_dir)]) == 0

        at.chat_input[0].set_value(f"{TOPICS[3]} 2024년 예산은 얼마인가요?").run()
        assert not at.exception
        assert any("문서 4건" in t for t in sidebar_texts(at))
        assert any(budget(TOPICS[3]) in m.value for m in at.markdown), [m.value for m in at.markdown]
    finally:
        get_assistant.clear()


def test_second_writer_waits_for_the_first_and_no_update_is_lost(indexed):
    write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    write_doc(indexed.corpus_dir, "doc4.txt", TOPICS[4])
    holding = threading.Event()
    errors: list[BaseException] = []

    def first_writer():
        try:
            with writer(indexed) as w:
                put_file(w, indexed.corpus_dir / "doc3.txt")
                holding.set()
                time.sleep(1.0)
        except BaseException as exc:  # noqa: BLE001 — reported by the assertion below
            errors.append(exc)
            holding.set()

    t = threading.Thread(target=first_writer)
    t.start()
    assert holding.wait(30)
    t0 = time.monotonic()
    report = ingest([indexed.corpus_dir / "doc4.txt"], indexed)  # waits for the lock, then builds on doc3
    waited = time.monotonic() - t0
    t.join()
    assert not errors and report.added == ["doc4.txt"]
    assert waited > 0.3
    assert doc_ids_in_stores(indexed) == {f"doc{i}.txt" for i in range(5)}
    assert_consistent(indexed)


def test_second_writer_that_cannot_wait_fails_with_a_bilingual_message(indexed, monkeypatch, capsys):
    monkeypatch.setattr(index, "LOCK_WAIT_SECONDS", 0.2)
    write_doc(indexed.corpus_dir, "doc3.txt", TOPICS[3])
    gens = generations(indexed)
    with writer(indexed):
        with pytest.raises(IndexBusyError) as info:
            writer(indexed)
        msg = str(info.value)
        assert str(os.getpid()) in msg and str(indexed.index_dir) in msg
        assert "다른 색인 작업" in msg and "another ingest" in msg
        code = cli.main(["ingest", "--quiet", "--index", str(indexed.index_dir), "--corpus", str(indexed.corpus_dir)])
        assert code == 1 and "another ingest" in capsys.readouterr().err
    assert generations(indexed) == gens  # neither the holder (no change) nor the refused one wrote
    assert ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir).added == ["doc3.txt"]
