"""One upload limit shown and enforced: `max_file_mib` in the uploader's label, the browser's
pre-check, Streamlit's server cap and our own check — the same number of MiB everywhere.
Unit checks, AppTest on the 문서함 page, and a real browser (Chromium) refusing an oversized file
with the Korean message that names the setting's limit."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assistant.limits import MiB
from assistant.settings import Settings
from assistant.ui.chrome import texts
from assistant.ui.library import ingest_uploads
from assistant.ui.uploads import effective_mib, limit_text, server_cap_mib, widget_mb
from tests.index_helpers import indexed_corpus

ROOT = Path(__file__).resolve().parent.parent
PAGE = str(ROOT / "pages" / "1_문서함.py")


@pytest.mark.parametrize("limit", [0.5, 1, 16, 200, 300, 300.5, 1024])
def test_browser_check_never_refuses_what_the_setting_accepts(limit):
    mb = widget_mb(limit)
    for base in (1000**2, 1024**2):  # Linux/macOS browsers, Windows browsers
        assert mb * base >= limit * MiB
    assert (mb - 1) * 1000**2 < limit * MiB  # the smallest such number: as tight as the unit allows
    cap = server_cap_mib(Settings(max_file_mib=limit))
    assert (cap - 1) * MiB >= mb * 1024**2  # the server cap leaves the largest browser-accepted file room for framing


def test_config_toml_cap_matches_the_default_setting():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == server_cap_mib(Settings()) == 316
    assert "assistant.ui.uploads" in (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")


def test_a_lower_server_cap_is_the_limit_shown():
    s = Settings(max_file_mib=300)
    assert effective_mib(s, 316) == 300 and effective_mib(s, 200) == 199 and effective_mib(s, None) == 300
    assert limit_text(300) == "300 MiB" and limit_text(0.5) == "0.5 MiB"


def test_uploader_texts_say_the_settings_limit():
    replaced = dict(texts("300 MiB"))
    assert replaced[r"^(.+) per file$"] == "파일당 최대 300 MiB"
    assert "300 MiB" in replaced[r"^File must be (.+) or smaller\.?$"]
    assert not any("MB" in r.replace("MiB", "") for r in replaced.values())


@pytest.mark.parametrize("env,label,mb", [(None, "파일당 최대 300 MiB", 315), ("1", "파일당 최대 1 MiB", 2)])
def test_library_page_uploader_label_and_browser_limit(tmp_path, monkeypatch, env, label, mb):
    from streamlit.testing.v1 import AppTest

    indexed = indexed_corpus(tmp_path)
    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(indexed.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(indexed.corpus_dir))
    if env:
        monkeypatch.setenv("COUNCIL_ASSISTANT_MAX_FILE_MIB", env)
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    (uploader,) = at.get("file_uploader")
    assert label in uploader.proto.label and "200" not in uploader.proto.label
    assert uploader.proto.max_upload_size_mb == mb


def test_our_check_refuses_just_over_the_limit_with_the_same_number(tmp_path):
    indexed = indexed_corpus(tmp_path)
    settings = indexed.with_overrides(max_file_mib=1)
    outcome = ingest_uploads([("big.txt", b"a" * (MiB + 1))], settings)
    (err,) = outcome.refused
    assert "1.0 MiB" in str(err) and not (settings.corpus_dir / "big.txt").exists()
