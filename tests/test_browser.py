"""The real app in a real browser: `streamlit run` as scripts/run.sh starts it, driven by
headless Debian Chromium through Playwright — chat input, cited answer, source panel with
the highlighted passage, refusal for a question the corpus cannot answer.

Needs /usr/bin/chromium (scripts/system_deps.sh installs it; scripts/test.sh runs that as
root). Never `playwright install`: it downloads a browser, which fails here.
The screenshots in docs/ are refreshed by tests/test_workspace_browser.py (UPDATE_SCREENSHOT=1).
"""

from __future__ import annotations

from contextlib import contextmanager

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is not installed (scripts/system_deps.sh: apt-get install chromium fonts-nanum)",
    ),
]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
QUESTION = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"
OUT_OF_CORPUS = "화성 탐사 로버의 배터리 용량은 얼마인가요?"
START_TIMEOUT = 120  # s: imports, Kiwi and the index load before the first page renders
ANSWER_TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"streamlit did not serve {url} within {START_TIMEOUT} s:\n{log.read_text(errors='replace')[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Stop the server and everything it started (its own process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextmanager
def serve_app(index_dir, corpus_dir, tmp_path, address: str = "127.0.0.1", **env_extra: str):
    """`streamlit run streamlit_app.py` on a free port over the given index, with a clean
    COUNCIL_ASSISTANT_* environment plus `env_extra`; yields its loopback URL, stops it after."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCIL_ASSISTANT_")}
    env.update(COUNCIL_ASSISTANT_INDEX=str(index_dir), COUNCIL_ASSISTANT_CORPUS=str(corpus_dir),
               HF_HUB_OFFLINE="1", **env_extra)
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "streamlit"), "run", "streamlit_app.py",
             "--server.address", address, "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, proc, log)
        yield url
    finally:
        stop(proc)


@contextmanager
def open_page(url: str, tmp_path):
    """A Chromium page on `url` (Korean locale, answer-length timeout); screenshot kept on exit."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 1100}, locale="ko-KR")
            pg.set_default_timeout(ANSWER_TIMEOUT_MS)
            pg.goto(url, wait_until="domcontentloaded")
            yield pg
        finally:
            try:
                pg.screenshot(path=str(tmp_path / "last.png"))
            except Exception:  # noqa: BLE001 — best effort, for debugging a failure
                pass
            browser.close()


@pytest.fixture()
def app_url(corpus_settings, tmp_path):
    with serve_app(corpus_settings.index_dir, corpus_settings.corpus_dir, tmp_path) as url:
        yield url


@pytest.fixture()
def page(app_url, tmp_path):
    with open_page(app_url, tmp_path) as pg:
        yield pg


def ask(page, question: str, n_messages_before: int):
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(state="visible")
    box.fill(question)
    box.press("Enter")
    # the user's message, then the assistant's; the app reruns after answering (to draw the
    # history with its buttons), so wait until the reply is drawn and the script is idle
    page.wait_for_function(
        """n => {
            const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
            if (msgs.length < n + 2) return false;
            const md = msgs[n + 1].querySelector('[data-testid="stMarkdownContainer"]');
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            return md && md.innerText.trim().length > 0 && !running
                && !document.body.innerText.includes('근거를 찾는 중');
        }""",
        arg=n_messages_before,
    )
    page.wait_for_timeout(500)
    return page.get_by_test_id("stChatMessage").nth(n_messages_before + 1)


def test_chat_in_a_real_browser(page, tmp_path):
    reply = ask(page, QUESTION, 0)
    answer = reply.get_by_test_id("stMarkdownContainer").first.inner_text()
    assert "533,478천원" in answer, answer
    assert "[1]" in answer, answer
    # the source panel: section path and the supporting passage with its highlighted line
    panel = reply.get_by_test_id("stExpander").filter(has_text="출처").first
    panel.wait_for(state="visible")
    assert "2. 전자상거래센터 운영 현황 및 성과" in panel.inner_text()
    mark = panel.locator("mark").first
    mark.wait_for(state="visible")
    assert mark.inner_text().strip(), "empty highlight"
    assert "533,478천원" in "".join(mark.inner_text().split()) or "533,478천원" in panel.inner_text()

    page.evaluate("document.fonts.ready.then(() => true)")  # icon font (Material Symbols) loaded
    page.wait_for_timeout(300)  # let the layout settle before the picture
    page.screenshot(path=str(tmp_path / "screenshot-chat.png"))  # for debugging a failure

    refusal = ask(page, OUT_OF_CORPUS, 2)
    text = refusal.get_by_test_id("stMarkdownContainer").first.inner_text()
    assert "출처에서 확인되지 않습니다" in text, text
