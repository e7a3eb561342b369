"""The Streamlit chat with an answer backend, driven headless by AppTest: streamed LLM answer
re-rendered after the gate with its badge and backend; follow-ups in both modes."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT
from .llm_server import ScriptedLLM

BUDGET_Q = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"
FOLLOW_UP = "그럼 2022년에는?"


@pytest.fixture(scope="module")
def llm():
    with ScriptedLLM() as server:
        yield server


def start_app(corpus_settings, monkeypatch, tmp_path, **env: str) -> AppTest:
    from assistant.ui.state import get_assistant

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(corpus_settings.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(corpus_settings.corpus_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_WORKSPACE_DB", str(tmp_path / "workspace.sqlite3"))
    for key, value in env.items():
        monkeypatch.setenv(f"COUNCIL_ASSISTANT_{key.upper()}", value)
    get_assistant.clear()  # the cached Assistant was built with other settings
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


@pytest.fixture(autouse=True)
def _fresh_cache():
    yield
    from assistant.ui.state import get_assistant

    get_assistant.clear()


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def say(at: AppTest, question: str) -> str:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return texts(at)


def test_llm_answer_is_gated_and_badged(corpus_settings, monkeypatch, tmp_path, llm):
    at = start_app(corpus_settings, monkeypatch, tmp_path, answer_backend="openai", llm_base_url=llm.openai_url,
                   llm_model="cited")
    shown = say(at, BUDGET_Q)
    assert "5억 3,347만 8천원" in shown and 'href="#src-' in shown  # the gated text, with its source links
    assert "검증됨" in shown and "LLM·OpenAI 호환" in shown
    assert "생성 중 (검증 전)" not in shown  # the raw stream is replaced by the checked answer
    streamed = [r for r in llm.chat_requests() if r["body"].get("stream")]
    assert streamed, "the chat asks the endpoint to stream"


def test_llm_fallback_is_visible(corpus_settings, monkeypatch, tmp_path, llm):
    at = start_app(corpus_settings, monkeypatch, tmp_path, answer_backend="ollama", llm_base_url=llm.ollama_url,
                   llm_model="only-invented")
    shown = say(at, BUDGET_Q)
    assert "추출 답변으로 대체" in shown and "533,478천원" in shown and "987,654" not in shown
    assert "추출(오프라인)" in shown


def test_llm_follow_up_is_condensed_and_shown(corpus_settings, monkeypatch, tmp_path, llm):
    at = start_app(corpus_settings, monkeypatch, tmp_path, answer_backend="openai", llm_base_url=llm.openai_url,
                   llm_model="cited")
    say(at, BUDGET_Q)
    llm.condensed = "2022년 전자상거래센터 민간위탁금은 얼마인가요?"
    try:
        shown = say(at, FOLLOW_UP)
    finally:
        llm.condensed = None
    assert "5억 1,977만 8천원" in shown and "검색한 질문" in shown
    condense = [r for r in llm.chat_requests() if not r["body"].get("tools")][-1]["body"]
    assert BUDGET_Q in condense["messages"][1]["content"]  # the earlier turn went to the model


def test_extractive_follow_up_in_the_chat(corpus_settings, monkeypatch, tmp_path):
    at = start_app(corpus_settings, monkeypatch, tmp_path)
    say(at, BUDGET_Q)
    shown = say(at, FOLLOW_UP)
    assert "519,778천원" in shown and "검색한 질문" in shown and "2022년 전자상거래센터 민간위탁금은 얼마인가요" in shown
    assert "검증됨" in shown
