"""The real app in a real browser with an LLM backend: `streamlit run` answering through the
scripted OpenAI-compatible server (tests/llm_server.py, started here on 127.0.0.1), driven
by headless Chromium — tokens stream in marked "검증 전", then the gated answer is drawn with
its badge and backend; a follow-up is condensed and the searched question shown.

Needs /usr/bin/chromium (scripts/system_deps.sh). Never `playwright install`.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from .conftest import ROOT
from .llm_server import ScriptedLLM
from .test_browser import CHROMIUM, CHROMIUM_ARGS, ANSWER_TIMEOUT_MS, ask, free_port, stop, wait_until_serving

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is not installed (scripts/system_deps.sh: apt-get install chromium fonts-nanum)",
    ),
]
BUDGET_Q = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"


@pytest.fixture()
def llm():
    with ScriptedLLM() as server:
        yield server


@pytest.fixture()
def app_url(corpus_settings, tmp_path, llm):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCIL_ASSISTANT_")}
    env.update(
        COUNCIL_ASSISTANT_INDEX=str(corpus_settings.index_dir),
        COUNCIL_ASSISTANT_CORPUS=str(corpus_settings.corpus_dir),
        COUNCIL_ASSISTANT_WORKSPACE_DB=str(tmp_path / "workspace.sqlite3"),
        COUNCIL_ASSISTANT_ANSWER_BACKEND="openai",
        COUNCIL_ASSISTANT_LLM_BASE_URL=llm.openai_url,
        COUNCIL_ASSISTANT_LLM_MODEL="cited-slow",
        HF_HUB_OFFLINE="1",
    )
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "streamlit"), "run", "streamlit_app.py",
             "--server.address", "127.0.0.1", "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, proc, log)
        yield url
    finally:
        stop(proc)


@pytest.fixture()
def page(app_url, tmp_path):
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 1100}, locale="ko-KR")
            pg.set_default_timeout(ANSWER_TIMEOUT_MS)
            pg.goto(app_url, wait_until="domcontentloaded")
            yield pg
        finally:
            try:
                pg.screenshot(path=str(tmp_path / "last.png"))
            except Exception:  # noqa: BLE001 — best effort, for debugging a failure
                pass
            browser.close()


def test_llm_answer_streams_then_is_gated_in_a_real_browser(page, llm):
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(state="visible")
    box.fill(BUDGET_Q)
    box.press("Enter")
    # while the model streams, its raw text is on screen, marked as not yet checked
    page.get_by_text("생성 중 (검증 전)").first.wait_for(state="visible")
    page.wait_for_function(
        """() => {
            const msgs = document.querySelectorAll('[data-testid="stChatMessage"]');
            return msgs.length >= 2 && !document.body.innerText.includes('생성 중 (검증 전)')
                && document.body.innerText.includes('검증됨')
                && !document.querySelector('[data-testid="stStatusWidget"]');
        }"""
    )
    reply = page.get_by_test_id("stChatMessage").nth(1)
    text = reply.inner_text()
    assert "5억 3,347만 8천원" in reply.get_by_test_id("stMarkdownContainer").first.inner_text()
    assert "검증됨" in text and "LLM·OpenAI 호환" in text
    panel = reply.get_by_test_id("stExpander").filter(has_text="출처").first
    assert "533,478천원" in "".join(panel.inner_text().split())

    llm.condensed = "2022년 전자상거래센터 민간위탁금은 얼마인가요?"
    ask(page, "그럼 2022년에는?", 2)
    page.wait_for_function(
        """() => document.body.innerText.includes('검색한 질문')
            && !document.body.innerText.includes('생성 중 (검증 전)')"""
    )
    follow_text = page.get_by_test_id("stChatMessage").nth(3).inner_text()
    assert "5억 1,977만 8천원" in follow_text and "검색한 질문" in follow_text
