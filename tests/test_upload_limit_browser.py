"""The upload limit in a real browser (Chromium against `streamlit run`, .streamlit/config.toml
as shipped): with max_file_mib = 1 the uploader says "파일당 최대 1 MiB" (not Streamlit's "MB"),
the browser refuses a 2.5 MB file with that number, and a 1.5 MiB file — past the browser's
whole-"MB" check — is refused by ours with the same limit. Nothing is saved."""

from __future__ import annotations

import pytest

from assistant.limits import MiB

from .test_browser import CHROMIUM, open_page, serve_app

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")]


def idle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_timeout(600)


def test_upload_limit_shown_and_enforced_in_mib(corpus_settings, tmp_path):
    files = {name: tmp_path / name for name in ("too-big.txt", "just-over.txt")}
    files["too-big.txt"].write_bytes(b"a" * 2_500_000)  # over the browser's 2 "MB" (2,000,000 bytes here)
    files["just-over.txt"].write_bytes(b"a" * int(1.5 * MiB))  # under it, over 1 MiB
    before = sorted(p.name for p in corpus_settings.corpus_dir.iterdir())
    with serve_app(corpus_settings.index_dir, corpus_settings.corpus_dir, tmp_path,
                   COUNCIL_ASSISTANT_MAX_FILE_MIB="1") as url, open_page(url, tmp_path) as page:
        page.wait_for_function("() => window.__councilUi === true")  # the page script (ui/chrome.py) is in
        page.get_by_test_id("stSidebarNavLink").filter(has_text="문서함").click()
        uploader = page.get_by_test_id("stFileUploader").first
        uploader.wait_for()
        idle(page)
        words = uploader.inner_text()
        assert "파일당 최대 1 MiB" in words, words
        assert "MB" not in words.replace("MiB", "") and "200" not in words, words

        uploader.locator('input[type="file"]').set_input_files(str(files["too-big.txt"]))
        page.get_by_text("파일이 너무 큽니다: 파일당 최대 1 MiB").first.wait_for()
        assert page.get_by_role("button", name="1개 파일 올리고 색인하기").count() == 0  # refused before upload

        uploader.locator('input[type="file"]').set_input_files(str(files["just-over.txt"]))
        button = page.get_by_role("button", name="1개 파일 올리고 색인하기")
        button.wait_for()
        button.click()
        page.get_by_text("1.5 MiB > 1.0 MiB").first.wait_for()
    assert sorted(p.name for p in corpus_settings.corpus_dir.iterdir()) == before
