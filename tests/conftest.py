"""Shared fixtures: an index built once per test session from corpus/ in a temp folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REVIEW = CORPUS / "000_676e27cb4d6cfd79.txt"  # 검토보고서 (전자상거래센터 민간위탁 동의안)
EVALUATION = CORPUS / "004_984b758faf68b4cd.txt"  # 2023 3차 종합성과평가 결과


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory):
    from assistant.ingest import ingest
    from assistant.settings import load_settings

    index_dir = tmp_path_factory.mktemp("index")
    settings = load_settings(env={}, index_dir=index_dir, corpus_dir=CORPUS)
    report = ingest([CORPUS], settings, sync_folder=CORPUS)
    assert not report.errors
    return settings


@pytest.fixture(scope="session")
def assistant(corpus_settings):
    from assistant.pipeline import Assistant

    return Assistant(corpus_settings)


@pytest.fixture(scope="session")
def kiwi():
    """The shared Korean analyser (Kiwi), loaded once."""
    from assistant.korean import analyzer

    return analyzer()


@pytest.fixture(autouse=True)
def _own_workspace(tmp_path, monkeypatch):
    """Each test starts with no saved conversations or drafts (the store would otherwise sit next
    to the session-wide index and carry one test's chat into the next)."""
    monkeypatch.setenv("COUNCIL_ASSISTANT_WORKSPACE_DB", str(tmp_path / "workspace.sqlite3"))
    monkeypatch.setenv("COUNCIL_ASSISTANT_USERS_FILE", str(tmp_path / "users.toml"))
