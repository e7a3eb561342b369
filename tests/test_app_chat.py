"""The Streamlit chat, driven headless with AppTest: question in, cited answer out."""

import os

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT


@pytest.fixture()
def app(corpus_settings, monkeypatch):
    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(corpus_settings.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(corpus_settings.corpus_dir))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def markdown_text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_chat_answers_with_citation_and_source_panel(app):
    app.chat_input[0].set_value("2024년 전자상거래센터 민간위탁금은 얼마인가요?").run()
    assert not app.exception
    text = markdown_text(app)
    assert "533,478천원" in text and 'href="#src-' in text
    assert "2. 전자상거래센터 운영 현황 및 성과" in text  # section path in the source panel
    assert "<mark>" in text  # the supporting line is highlighted
    assert any(e.label.startswith("출처") for e in app.expander)


def test_history_is_kept_and_refusal_shown(app):
    app.chat_input[0].set_value("의안번호가 뭐야").run()
    app.chat_input[0].set_value("서울시 청년수당 지급 대상은?").run()
    text = markdown_text(app)
    assert "2081" in text and "출처에서 확인되지 않습니다" in text
    assert [m.value for m in app.markdown if m.value in ("의안번호가 뭐야", "서울시 청년수당 지급 대상은?")]
