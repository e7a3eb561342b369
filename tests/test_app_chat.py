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


def test_draft_panel_collects_edits_reorders_and_exports(app):
    app.chat_input[0].set_value("2024년 전자상거래센터 민간위탁금은 얼마인가요?").run()
    app.chat_input[0].set_value("의안번호가 뭐야").run()
    add = [b for b in app.button if b.label == "초안에 담기"]
    assert len(add) == 2
    add[0].click().run()
    [b for b in app.button if b.label == "초안에 담기"][1].click().run()
    assert not app.exception
    assert any(s.value.startswith("초안 (2)") for s in app.subheader)
    # edit the first item's wording; its citation marker stays
    area = app.text_area[0]
    area.set_value("2024년 민간위탁금은 533,478천원이다 [1].").run()
    # move the second item up, then remove the (now second) budget item
    [b for b in app.button if b.label == "↑" and not b.disabled][0].click().run()
    titles = [e.label for e in app.expander if e.label[:2] in ("1.", "2.")]
    assert titles[0].startswith("1. 의안번호")
    [b for b in app.button if b.label == "빼기"][1].click().run()
    assert any(s.value.startswith("초안 (1)") for s in app.subheader)
    labels = [b.label for b in app.get("download_button")]
    assert any("DOCX" in lbl for lbl in labels) and any("Markdown" in lbl for lbl in labels)
