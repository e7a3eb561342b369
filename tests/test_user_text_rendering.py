"""Text users typed — questions, conversation titles, draft titles — is shown as typed, through the
same escaping as document text (ui/render.escape_doc): no Markdown link, image or HTML from it
reaches the page. AppTest here (what the page is given); tests/test_browser_rendering.py checks
the real browser (no request, no link)."""

from __future__ import annotations

import copy

from streamlit.testing.v1 import AppTest

from assistant.settings import load_settings
from assistant.ui.render import doc_lines, doc_text
from assistant.workspace.store import Workspace, title_from, workspace_path

from .conftest import ROOT

TRAP = "http://127.0.0.1:9"
HOSTILE = f"![x]({TRAP}/img) [공식 안내]({TRAP}/link) <img src=\"{TRAP}/html\"> {TRAP}/bare 민간위탁금은?"
RAW = ("](", "<img", "![", "http://")  # what must not reach a Markdown string raw


def seed(assistant, title: str = HOSTILE) -> None:
    """A saved conversation and a draft whose question and titles carry Markdown and HTML."""
    ws = Workspace(workspace_path(load_settings()))
    answer = copy.deepcopy(assistant.ask("2024년 전자상거래센터 민간위탁금은 얼마인가요?"))
    answer.question = HOSTILE
    conv = ws.create_conversation("")
    ws.add_exchange("", conv.conv_id, HOSTILE, answer)
    ws.rename_conversation("", conv.conv_id, title)
    draft = ws.create_draft("")

    def fill(d) -> None:
        d.title = title
        d.add(answer)

    ws.update_draft("", draft.draft_id, fill)


def clean(value: str) -> bool:
    return not any(r in value for r in RAW)


def test_escaping_keeps_the_text_and_drops_the_syntax():
    assert clean(doc_text(HOSTILE)) and clean(doc_lines(HOSTILE + "\n# 제목\n1. 항목"))
    assert "&#91;공식 안내&#93;" in doc_text(HOSTILE)
    assert doc_lines("첫 줄\n둘째 줄") == "첫 줄  \n둘째 줄"  # line breaks kept
    assert doc_lines("2024년 민간위탁금은?") == "2024년 민간위탁금은?"  # plain Korean untouched


def test_titles_and_questions_reach_the_page_escaped(corpus_settings, assistant, monkeypatch):
    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(corpus_settings.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(corpus_settings.corpus_dir))
    seed(assistant)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
    assert not at.exception, at.exception

    conv_buttons = [b.label for b in at.button if b.key and b.key.startswith("conv_") and len(b.key) == 37]
    assert conv_buttons == [doc_text(title_from(HOSTILE))] and clean(conv_buttons[0])  # the sidebar title
    user_msgs = [m.value for m in at.markdown if "공식 안내" in m.value]
    assert user_msgs and all(clean(v) for v in user_msgs)  # the question in the chat
    draft_items = [e.label for e in at.expander if "공식 안내" in e.label]
    assert draft_items == [f"1. {doc_text(HOSTILE)}"]  # the draft item's heading

    at.button(key="conv_delete").click().run()  # the confirmations name the titles
    at.button(key="draft_delete").click().run()
    warnings = [w.value for w in at.warning if "공식 안내" in w.value]
    assert len(warnings) == 2 and all(clean(w) for w in warnings), warnings

    at.text_input(key="conv_query").set_value(f"[없음]({TRAP}/q)").run()  # the search box's echo
    echoed = [c.value for c in at.caption if "없음" in c.value]
    assert echoed and all(clean(c) for c in echoed), echoed

    # a question typed now: the live echo and the saved message
    at.text_input(key="conv_query").set_value("").run()
    at.chat_input[0].set_value(f"그럼 [여기]({TRAP}/typed) ![i]({TRAP}/typed-img) 2022년에는?").run()
    assert not at.exception, at.exception
    typed = [m.value for m in at.markdown if "여기" in m.value]
    assert typed and all(clean(v) for v in typed), typed
