"""The real app in a real browser with an LLM backend: `streamlit run` answering through the
scripted OpenAI-compatible server (tests/llm_server.py, started here on 127.0.0.1), driven
by headless Chromium — tokens stream in marked "검증 전", then the gated answer is drawn with
its badge and backend; a follow-up is condensed and the searched question shown.

Needs /usr/bin/chromium (scripts/system_deps.sh). Never `playwright install`.
"""

from __future__ import annotations


import pytest

from .llm_server import ScriptedLLM
from .test_browser import CHROMIUM, ask, open_page, serve_app

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
    with serve_app(
        corpus_settings.index_dir, corpus_settings.corpus_dir, tmp_path,
        COUNCIL_ASSISTANT_WORKSPACE_DB=str(tmp_path / "workspace.sqlite3"),
        COUNCIL_ASSISTANT_ANSWER_BACKEND="openai",
        COUNCIL_ASSISTANT_LLM_BASE_URL=llm.openai_url,
        COUNCIL_ASSISTANT_LLM_MODEL="cited-slow",
    ) as url:
        yield url


@pytest.fixture()
def page(app_url, tmp_path):
    with open_page(app_url, tmp_path) as pg:
        yield pg


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
