"""Server mode against a real Chroma server (started with scripts/chroma_server.sh on a free port
and stopped by PID, also when the test fails)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest

from assistant.errors import IndexMissingError
from assistant.ingest import ingest
from assistant.pipeline import Assistant
from tests.index_helpers import assert_consistent, current, settings_for

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "chroma_server.sh"
REVIEW = "000_676e27cb4d6cfd79.txt"
QUESTION = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory):
    """One server for the module (starting one takes seconds); each test uses its own index folders."""
    data, port = tmp_path_factory.mktemp("chroma-data"), free_port()
    started = subprocess.run(["bash", str(SCRIPT), "start", str(data), str(port)], capture_output=True, text=True, timeout=90)
    pid = int(started.stdout.split()[0]) if started.returncode == 0 else None
    try:
        assert pid, f"Chroma server did not start: {started.stderr[-2000:]}"
        yield port
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", str(data)], capture_output=True, timeout=60)
        if pid and alive(pid):  # the script failed to stop it: do it here, by PID
            os.kill(pid, signal.SIGKILL)
        assert not (data / "chroma.pid").exists()


def collections(port: int) -> set[str]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False))
    try:
        return {getattr(c, "name", c) for c in client.list_collections()}
    finally:
        client.close()


def ask(settings, question: str = QUESTION):
    assistant = Assistant(settings)
    try:
        return assistant.ask(question)
    finally:
        assistant.index.close()


def edit_review(corpus: Path, figure: str) -> None:
    path = corpus / REVIEW
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split("합  계 519,778천원 523,783천원 ")[1].split("\n")[0], figure, 1), encoding="utf-8")


def test_ingest_ask_reingest_and_gc_in_a_chroma_server(chroma_port, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    settings = settings_for(tmp_path, corpus, chroma_host="127.0.0.1", chroma_port=chroma_port)

    report = ingest([corpus], settings, sync_folder=corpus)
    assert len(report.added) == 2 and not report.errors
    gen1 = current(settings)
    assert not (settings.index_dir / gen1 / "chroma").exists(), "vectors must live in the server"
    (first_collection,) = collections(chroma_port)
    assert first_collection.endswith(gen1)
    assert len(assert_consistent(settings)) == report.chunks

    answer = ask(settings)
    assert "533,478천원" in answer.answer
    assert answer.citations and answer.citations[0].doc == REVIEW and "533,478천원" in answer.citations[0].quote

    # a changed file: a new generation gets its own collection; the old one stays as predecessor
    edit_review(corpus, "600,001천원")
    report = ingest([corpus], settings, sync_folder=corpus)
    assert report.updated == [REVIEW]
    gen2 = current(settings)
    assert gen2 != gen1 and collections(chroma_port) == {first_collection, first_collection.replace(gen1, gen2)}
    assert_consistent(settings)
    answer = ask(settings)
    assert "600,001천원" in answer.answer and answer.citations[0].doc == REVIEW

    # one more change: GC drops the first generation's collection
    edit_review(corpus, "610,002천원")
    ingest([corpus], settings, sync_folder=corpus)
    gen3 = current(settings)
    assert collections(chroma_port) == {first_collection.replace(gen1, gen2), first_collection.replace(gen1, gen3)}
    assert not (settings.index_dir / gen1).exists()

    # a wiped server collection: readers refuse clearly; the next ingest recomputes the vectors
    import chromadb

    chromadb.HttpClient(host="127.0.0.1", port=chroma_port).delete_collection(first_collection.replace(gen1, gen3))
    with pytest.raises(IndexMissingError) as info:
        ask(settings)
    assert "다시 색인" in str(info.value) and "re-run ingest" in str(info.value)
    report = ingest([corpus], settings, sync_folder=corpus)  # no file changed: still repaired
    assert not report.changed and current(settings) != gen3
    assert len(assert_consistent(settings)) > 40
    assert "610,002천원" in ask(settings).answer
    gen4 = current(settings)
    assert not ingest([corpus], settings, sync_folder=corpus).changed and current(settings) == gen4  # healthy: no-op


def test_two_index_folders_share_one_server(chroma_port, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    a = settings_for(tmp_path / "a", corpus, chroma_host="127.0.0.1", chroma_port=chroma_port)
    b = settings_for(tmp_path / "b", corpus, chroma_host="127.0.0.1", chroma_port=chroma_port)
    others = collections(chroma_port)  # e.g. left by the previous test's index
    ingest([corpus], a, sync_folder=corpus)
    with_a = collections(chroma_port)
    ingest([corpus], b, sync_folder=corpus)
    b_only = collections(chroma_port) - with_a
    for version in ("700,001천원", "700,002천원", "700,003천원"):  # a's GC runs three times
        edit_review(corpus, version)
        ingest([corpus], a, sync_folder=corpus)
    now = collections(chroma_port)
    assert len(b_only) == 1 and b_only <= now and others <= now  # other indexes' collections untouched
    assert len(now - others - b_only) == 2  # a: live + predecessor
    assert "533,478천원" in ask(b).answer and "700,003천원" in ask(a).answer
    assert_consistent(a)
    assert_consistent(b)
