"""Readers under generation swaps: a reader pins the generation it uses (index.Lease), the
garbage collector leaves pinned generations alone, and `Assistant.ask` / `ask --batch` move
to the live generation between questions — no question is lost however often a writer in
another process swaps generations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

from assistant import index
from assistant.index import IndexReader
from assistant.ingest import ingest
from assistant.pipeline import Assistant
from tests.index_helpers import TOPICS, budget, current, generations, indexed_corpus, write_doc

from .conftest import ROOT

QUESTION = f"{TOPICS[0]} 2024년 예산은 얼마인가요?"
N_QUESTIONS = 120

# A real ingest in another process, swapping generations as fast as it can: each round
# changes doc0.txt and syncs the corpus folder (one new generation per round).
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assistant.ingest import ingest
    from assistant.settings import load_settings
    from tests.index_helpers import TOPICS, write_doc

    index_dir, corpus, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    settings = load_settings(env={}, index_dir=index_dir, corpus_dir=corpus)
    for version in range(2, 2 + rounds):
        write_doc(corpus, "doc0.txt", TOPICS[0], version=version)
        report = ingest([corpus], settings, sync_folder=corpus)
        assert report.updated == ["doc0.txt"], report
        print("swapped", version, flush=True)
    """
)


def budgets(topic: str, versions: int) -> set[str]:
    return {budget(topic, v) for v in range(1, versions + 2)}


@pytest.fixture
def indexed(tmp_path):
    return indexed_corpus(tmp_path)


def start_writer(settings, rounds: int) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(settings.index_dir), str(settings.corpus_dir), str(rounds)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_ask_and_ask_batch_lose_no_question_while_another_process_swaps(indexed, tmp_path):
    rounds = 12
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        "".join(json.dumps({"id": f"q{i}", "question": QUESTION}, ensure_ascii=False) + "\n" for i in range(N_QUESTIONS)),
        encoding="utf-8",
    )
    app = Assistant(indexed)  # opened before the swaps start, never refreshed by hand
    writer = start_writer(indexed, rounds)
    batch = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ask", "--batch", str(questions), "--index", str(indexed.index_dir),
         "--corpus", str(indexed.corpus_dir), "--model", "hash"],
        cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        seen_generations, answered = set(), 0
        t0 = time.monotonic()
        # ask until the writer is done, and at least N_QUESTIONS times
        while answered < N_QUESTIONS or writer.poll() is None:
            answer = app.ask(QUESTION)
            assert any(b in answer.answer for b in budgets(TOPICS[0], rounds)), answer.answer
            seen_generations.add(app.index.generation)
            answered += 1
            assert time.monotonic() - t0 < 50, "the test ran too long"
        w_out, w_err = writer.communicate(timeout=30)
        b_out, b_err = batch.communicate(timeout=40)
    finally:
        for proc in (writer, batch):
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert writer.returncode == 0, w_err[-3000:]
    assert w_out.count("swapped") == rounds
    assert len(seen_generations) >= 3, seen_generations  # the reader really moved across swaps
    assert batch.returncode == 0, b_err[-3000:]
    lines = [json.loads(line) for line in b_out.splitlines()]
    assert [o["id"] for o in lines] == [f"q{i}" for i in range(N_QUESTIONS)]
    assert all(any(b in o["answer"] for b in budgets(TOPICS[0], rounds)) for o in lines)
    assert "Traceback" not in b_err
    # the latest version is what a fresh question answers
    assert budget(TOPICS[0], 1 + rounds) in app.ask(QUESTION).answer
    # old generations were collected once no reader held them
    app.index.close()
    write_doc(indexed.corpus_dir, "doc1.txt", TOPICS[1], version=9)
    ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert len(generations(indexed)) == 2


def test_a_pinned_generation_outlives_two_swaps_and_is_collected_after_release(indexed):
    reader = IndexReader(indexed)  # never refreshed: answers from its own generation
    pinned = reader.generation
    for version in (2, 3, 4):
        write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=version)
        ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert current(indexed) != pinned and (indexed.index_dir / pinned).exists()
    # every store of the pinned generation still answers: SQLite, Chroma, lexical
    ids = reader.store_ids()
    assert ids["sqlite"] == ids["chroma"] == ids["lexical"]
    assert reader.dense_search(_probe(indexed), 3)
    assert len(generations(indexed)) == 3  # live, its predecessor, and the pinned one
    reader.close()
    write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=5)
    ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert not (indexed.index_dir / pinned).exists() and len(generations(indexed)) == 2
    assert not (indexed.index_dir / index.LEASES / pinned).exists()


def _probe(settings):
    from assistant.embeddings import make_embedder

    return make_embedder(settings.embedding_model, settings.embedding_dim).embed_query(QUESTION)


def test_a_dead_reader_pins_nothing(indexed):
    """The kernel drops a killed reader's lock: its generation is collected as usual."""
    code = (
        "import sys, time; from assistant.index import IndexReader; from assistant.settings import load_settings\n"
        "r = IndexReader(load_settings(env={}, index_dir=sys.argv[1], corpus_dir=sys.argv[2]))\n"
        "print(r.generation, flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(indexed.index_dir), str(indexed.corpus_dir)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True,
    )
    try:
        pinned = proc.stdout.readline().strip()
        for version in (2, 3):
            write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=version)
            ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
        assert (indexed.index_dir / pinned).exists(), "a live reader's generation was collected"
    finally:
        proc.kill()
        proc.wait()
    write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=4)
    ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert not (indexed.index_dir / pinned).exists()


def test_without_leases_ask_reopens_and_retries(indexed, monkeypatch):
    """A read-only index folder gives no lease: a question that meets a collected generation
    is asked again on the live one instead of failing."""
    monkeypatch.setattr(index.Lease, "__init__", lambda self, root, gen: setattr(self, "_fh", None) or setattr(self, "gen", gen))
    app = Assistant(indexed)
    first = app.index.generation
    refreshes = []
    real_refresh = Assistant.refresh

    def refresh_only_after_a_failure(self):  # what a reader that missed the swap looks like
        if refreshes or not self.index.generation == first:
            return real_refresh(self)
        refreshes.append(1)
        return False

    monkeypatch.setattr(Assistant, "refresh", refresh_only_after_a_failure)
    for version in (2, 3, 4):
        write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=version)
        ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert not (indexed.index_dir / first).exists()
    attempts = []
    real_ask = Assistant._ask
    monkeypatch.setattr(Assistant, "_ask", lambda self, *a: attempts.append(self.index.generation) or real_ask(self, *a))
    answer = app.ask(QUESTION)
    assert attempts == [first, current(indexed)], "the first attempt should have failed on the collected generation"
    assert budget(TOPICS[0], 4) in answer.answer and app.index.generation == current(indexed)


def test_a_collected_generation_recreated_empty_by_a_late_chroma_client_is_still_collected(indexed, monkeypatch):
    """chromadb.PersistentClient recreates its folder (and so the generation's) when it is first
    opened after the collector removed it: that empty folder is no live generation."""
    monkeypatch.setattr(index.Lease, "__init__", lambda self, root, gen: setattr(self, "_fh", None) or setattr(self, "gen", gen))
    app = Assistant(indexed)
    first = app.index.generation
    refreshes = []
    real_refresh = Assistant.refresh

    def refresh_only_after_a_failure(self):
        if refreshes or not self.index.generation == first:
            return real_refresh(self)
        refreshes.append(1)
        return False

    monkeypatch.setattr(Assistant, "refresh", refresh_only_after_a_failure)
    for version in (2, 3):
        write_doc(indexed.corpus_dir, "doc0.txt", TOPICS[0], version=version)
        ingest([indexed.corpus_dir], indexed, sync_folder=indexed.corpus_dir)
    assert not (indexed.index_dir / first).exists()
    (indexed.index_dir / first / "chroma").mkdir(parents=True)  # what a late PersistentClient leaves
    attempts = []
    real_ask = Assistant._ask
    stale = object()  # the first attempt reads only what it holds in memory and succeeds

    def ask_once_from_memory(self, *a):
        attempts.append(self.index.generation)
        return stale if len(attempts) == 1 else real_ask(self, *a)

    monkeypatch.setattr(Assistant, "_ask", ask_once_from_memory)
    answer = app.ask(QUESTION)
    assert answer is not stale and attempts == [first, current(indexed)]
    assert budget(TOPICS[0], 3) in answer.answer
