"""Saved conversations and drafts in the app, headless (AppTest): rename, delete, search, two
sessions writing to one conversation and one draft, a conversation deleted in another tab,
login and per-user isolation."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assistant.workspace.auth import add_user

from .conftest import ROOT

Q1 = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"
Q2 = "의안번호가 뭐야"
Q3 = "종합성과평가 72점이면 재계약 가능해?"


@pytest.fixture()
def env(corpus_settings, monkeypatch):
    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(corpus_settings.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(corpus_settings.corpus_dir))


def session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def questions(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value in (Q1, Q2, Q3)]


def conversation_buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button if b.key and b.key.startswith("conv_") and len(b.key) == 37]


def test_reopen_rename_search_delete(env):
    at = ask(session(), Q1)
    assert conversation_buttons(at) == [Q1]  # named after its first question
    # a new session (a reload) opens the most recent conversation with its answer and sources
    again = session()
    assert questions(again) == [Q1]
    assert "533,478천원" in "\n".join(m.value for m in again.markdown)
    assert any(e.label.startswith("출처") for e in again.expander)
    # rename
    title = next(t for t in again.text_input if t.key and t.key.startswith("conv_title_"))
    title.set_value("민간위탁금 검토").run()
    again.button(key="conv_rename").click().run()
    assert conversation_buttons(again) == ["민간위탁금 검토"]
    # a second conversation; search by title
    again.button(key="conv_new").click().run()
    assert questions(again) == []
    ask(again, Q2)
    assert conversation_buttons(again) == [Q2, "민간위탁금 검토"]
    again.text_input(key="conv_query").set_value("검토").run()
    assert conversation_buttons(again) == ["민간위탁금 검토"]
    again.text_input(key="conv_query").set_value("없는 제목").run()
    assert conversation_buttons(again) == []
    assert any("맞는 대화가 없습니다" in c.value for c in again.caption)
    again.text_input(key="conv_query").set_value("").run()
    # open the first one again, then delete it (asks first)
    next(b for b in again.button if b.label == "민간위탁금 검토").click().run()
    assert questions(again) == [Q1]
    again.button(key="conv_delete").click().run()
    assert any("되돌릴 수 없습니다" in w.value for w in again.warning)
    assert conversation_buttons(again) == [Q2, "민간위탁금 검토"]  # nothing gone yet
    again.button(key="conv_delete_yes").click().run()
    assert not again.exception
    assert conversation_buttons(again) == [Q2] and questions(again) == []
    assert conversation_buttons(session()) == [Q2]


def test_two_sessions_write_to_one_conversation_and_one_draft(env):
    a = ask(session(), Q1)
    b = session()  # opens the same (most recent) conversation
    assert questions(b) == [Q1]
    ask(b, Q2)
    ask(a, Q3)  # a's page was stale; its question lands after b's
    assert questions(a) == [Q1, Q2, Q3]
    assert questions(session()) == [Q1, Q2, Q3]
    # both add to the (one) draft: neither overwrites the other
    [x for x in a.button if x.label == "초안에 담기"][0].click().run()
    [x for x in b.button if x.label == "초안에 담기"][1].click().run()
    assert not a.exception and not b.exception
    assert any(s.value == "초안 (2)" for s in session().subheader)
    # the toast after "초안에 담기"
    assert any("초안에 담았습니다" in t.value for t in b.toast)


def test_conversation_deleted_in_another_session(env):
    a = ask(session(), Q1)
    b = session()
    b.button(key="conv_delete").click().run()
    b.button(key="conv_delete_yes").click().run()
    ask(a, Q2)  # a still shows the deleted conversation: the answer is kept in a new one
    assert questions(a) == [Q2]
    assert any("다른 창에서 삭제" in t.value for t in a.toast)  # and the user is told
    assert conversation_buttons(session()) == [Q2]


def test_login_and_each_user_sees_only_their_own(env, tmp_path):
    import os

    users = os.environ["COUNCIL_ASSISTANT_USERS_FILE"]
    add_user(__import__("pathlib").Path(users), "kim", "password-kim", "김연구")
    add_user(__import__("pathlib").Path(users), "lee", "password-lee", "이연구")

    def login(name: str, password: str) -> AppTest:
        at = session()
        assert not at.chat_input  # nothing but the login form
        at.text_input(key="login_name").set_value(name)
        at.text_input(key="login_password").set_value(password)
        at.button[0].click().run()
        assert not at.exception
        return at

    bad = login("kim", "wrong-password")
    assert any("맞지 않습니다" in e.value for e in bad.error) and not bad.chat_input
    kim = login("kim", "password-kim")
    ask(kim, Q1)
    assert conversation_buttons(kim) == [Q1]
    [x for x in kim.button if x.label == "초안에 담기"][0].click().run()
    lee = login("lee", "password-lee")
    assert conversation_buttons(lee) == [] and questions(lee) == []
    assert any(s.value == "초안 (0)" for s in lee.subheader)
    ask(lee, Q2)
    assert conversation_buttons(lee) == [Q2]
    assert conversation_buttons(login("kim", "password-kim")) == [Q1]
    # 로그아웃 ends the session
    kim.button(key="logout").click().run()
    assert not kim.chat_input and kim.text_input(key="login_name")


def test_closest_passages_name_documents_by_title_and_cut_at_sentences(env):
    import html
    import re

    at = ask(session(), "화성 탐사 로버의 배터리 용량은 얼마인가요?")
    closest = next(e for e in at.expander if e.label == "가장 가까운 자료")
    text = html.unescape("\n".join(m.value for m in closest.markdown))
    assert "서울특별시 전자상거래센터 운영 민간위탁 동의안 검토보고" in text or "2023년 제3차 민간위탁 종합성과평가" in text
    assert ".txt" not in text  # titles, not file names
    for passage in re.findall(r'<div class="passage">(.*?)</div>', text, flags=re.S):
        body = passage.replace("<br>", "\n").rstrip(" …")
        assert not re.search(r"\d[-,.]\d?$", body), body  # never cut inside a number
