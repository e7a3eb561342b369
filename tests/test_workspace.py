"""The workspace store, login users and tokens, the bind-address check, the Answer codec and
the readable-source helpers — plain functions, no index needed."""

from __future__ import annotations

import io
import sqlite3
import threading
import zipfile

import pytest

from assistant.models import Answer, Chunk, Citation, Hit, ToolCall
from assistant.settings import load_settings
from assistant.sources import article_of, excerpt, locate, plain, table_context
from assistant.workspace import codec
from assistant.workspace.auth import (
    AuthError, add_user, authenticate, hash_password, load_users_file, make_token, read_token, remove_user,
    users_from_secrets, verify_password,
)
from assistant.workspace.export import conversation_file
from assistant.workspace.guard import is_loopback, refusal
from assistant.workspace.guard import main as guard_main
from assistant.workspace.store import NEW_TITLE, Workspace, WorkspaceError


def answer(question: str = "민간위탁금은?", text: str = "533,478천원입니다 [1].") -> Answer:
    chunk = Chunk("c1", "doc.txt", 0, "연 도 2024년\n합 계 533,478천원", ["Ⅴ. 검토의견", "2. 현황"], 10, 40,
                  kind="table", caption="∎ 예산현황", spans=[(0, 10, 40)])
    cit = Citation(1, "doc.txt", "검토보고", "Ⅴ. 검토의견 > 2. 현황", "합 계 533,478천원", chunk.text, 20, 36, "c1", page=3,
                   caption="∎ 예산현황", header="연 도 2024년")
    call = ToolCall("recontract_eligibility", {"eval_score": 72.0}, {"verdict": "재계약 배제 대상", "rule_version": "r@1"}, [1])
    return Answer(question, text, False, [cit], [Hit(chunk, 0.5, 1, 2, 1)], [call], 0.12)


@pytest.fixture()
def ws(tmp_path) -> Workspace:
    return Workspace(tmp_path / "workspace.sqlite3")


# ---- store -----------------------------------------------------------------------------------
def test_answer_survives_the_round_trip_whole():
    a = answer()
    assert codec.loads(codec.dumps(a)) == a
    # rows from an older/newer model: unknown keys ignored, missing ones defaulted
    data = codec.answer_to_dict(a)
    data["citations"][0]["future_field"] = 1
    del data["tool_calls"][0]["citations"]
    data["unknown"] = True
    back = codec.answer_from_dict(data)
    assert back.citations[0].quote == a.citations[0].quote and back.tool_calls[0].citations == []


def test_conversation_title_messages_and_isolation(ws):
    conv = ws.create_conversation("kim")
    assert conv.title == NEW_TITLE
    ws.add_exchange("kim", conv.conv_id, "2024년 전자상거래센터 민간위탁금은 얼마인가요? 자세히 알려 주세요 부탁", answer())
    got = ws.conversation("kim", conv.conv_id)
    assert got.title.startswith("2024년 전자상거래센터") and got.title.endswith("…") and len(got.title) <= 40
    msgs = ws.messages("kim", conv.conv_id)
    assert [m.role for m in msgs] == ["user", "assistant"] and msgs[1].answer == answer()
    # another user sees nothing of it and cannot touch it
    assert ws.conversations("lee") == [] and ws.messages("lee", conv.conv_id) == []
    assert ws.conversation("lee", conv.conv_id) is None
    with pytest.raises(WorkspaceError):
        ws.add_exchange("lee", conv.conv_id, "q", answer())
    with pytest.raises(WorkspaceError):
        ws.rename_conversation("lee", conv.conv_id, "탈취")
    assert ws.delete_conversation("lee", conv.conv_id) is False
    assert len(ws.messages("kim", conv.conv_id)) == 2


def test_rename_delete_and_search(ws):
    a = ws.create_conversation("kim", "예산 검토")
    b = ws.create_conversation("kim", "100%_달성 여부")
    ws.create_conversation("lee", "예산 검토")
    assert [c.title for c in ws.conversations("kim", "예산")] == ["예산 검토"]
    assert [c.title for c in ws.conversations("kim", "%_")] == ["100%_달성 여부"]  # LIKE wildcards are literal
    assert ws.conversations("kim", "없는 말") == []
    ws.rename_conversation("kim", a.conv_id, "  민간위탁\n동의안  ")
    assert ws.conversation("kim", a.conv_id).title == "민간위탁 동의안"
    with pytest.raises(WorkspaceError):
        ws.rename_conversation("kim", a.conv_id, "   ")
    ws.add_exchange("kim", a.conv_id, "질문", answer())
    assert ws.conversation("kim", a.conv_id).title == "민간위탁 동의안"  # a chosen title is kept
    assert ws.delete_conversation("kim", a.conv_id) is True
    assert ws.delete_conversation("kim", a.conv_id) is False  # twice: no error, nothing left
    with sqlite3.connect(ws.path) as db:  # its messages went with it
        assert db.execute("SELECT COUNT(*) FROM messages WHERE conv_id = ?", (a.conv_id,)).fetchone()[0] == 0
    with pytest.raises(WorkspaceError):
        ws.add_exchange("kim", a.conv_id, "q", answer())
    assert [c.conv_id for c in ws.conversations("kim")] == [b.conv_id]


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "workspace.sqlite3"
    conv = Workspace(path).create_conversation("kim")
    draft = Workspace(path).create_draft("kim")
    errors: list[BaseException] = []

    def session(n: int) -> None:
        ws = Workspace(path)  # its own handle, as each server thread/process has
        try:
            for i in range(15):
                ws.add_exchange("kim", conv.conv_id, f"s{n}-q{i}", answer(f"s{n}-q{i}"))
                ws.update_draft("kim", draft.draft_id, lambda d, i=i: d.add(answer(f"s{n}-q{i}")))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ws = Workspace(path)
    msgs = ws.messages("kim", conv.conv_id)
    assert len(msgs) == 90
    for n in range(3):  # each session's messages in its own order, each question followed by its answer
        qs = [m.content for m in msgs if m.role == "user" and m.content.startswith(f"s{n}-")]
        assert qs == [f"s{n}-q{i}" for i in range(15)]
    assert all(msgs[i].role == "user" and msgs[i + 1].answer.question == msgs[i].content for i in range(0, 90, 2))
    assert len(ws.draft("kim", draft.draft_id).draft.items) == 45


def test_drafts_per_user(ws):
    d = ws.create_draft("kim", "검토 메모")
    ws.update_draft("kim", d.draft_id, lambda doc: doc.add(answer()))
    ws.update_draft("kim", d.draft_id, lambda doc: doc.add(answer()))  # same answer twice: one item
    assert len(ws.draft("kim", d.draft_id).draft.items) == 1
    assert ws.drafts("lee") == [] and ws.draft("lee", d.draft_id) is None
    with pytest.raises(WorkspaceError):
        ws.update_draft("lee", d.draft_id, lambda doc: doc.add(answer()))
    assert ws.delete_draft("lee", d.draft_id) is False and ws.delete_draft("kim", d.draft_id) is True


def test_conversation_export_numbers_citations_across_answers(ws):
    conv = ws.create_conversation("kim")
    ws.add_exchange("kim", conv.conv_id, "첫 질문", answer("첫 질문"))
    ws.add_exchange("kim", conv.conv_id, "둘째 질문", answer("둘째 질문", "같은 출처입니다 [1]."))
    data, name = conversation_file(ws.conversation("kim", conv.conv_id), ws.messages("kim", conv.conv_id), "md")
    md = data.decode()
    assert name.endswith(".md") and "## 1. 첫 질문" in md and "## 2. 둘째 질문" in md
    assert md.count("- [1] 「검토보고」") == 1 and "[2]" not in md  # one passage, one number
    assert "  표 ∎ 예산현황 · 머리행: 연 도 2024년  \n  “합 계 533,478천원”" in md  # the row comes with its table
    import docx

    data, name = conversation_file(ws.conversation("kim", conv.conv_id), ws.messages("kim", conv.conv_id), "docx")
    paras = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert name.endswith(".docx") and "표 ∎ 예산현황 · 머리행: 연 도 2024년" in paras
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        notes = z.read("word/footnotes.xml").decode()
    assert "표 ∎ 예산현황 · 머리행: 연 도 2024년: “합 계 533,478천원”" in notes
    assert notes.count("<w:footnoteRef/>") == 1  # one source, one footnote, though cited twice


# ---- users and login tokens --------------------------------------------------------------------
def test_password_hashes():
    h = hash_password("correct horse")
    assert h.startswith("scrypt$") and "correct horse" not in h
    assert verify_password("correct horse", h) and not verify_password("correct hors", h)
    assert not verify_password("x", "plain-text") and not verify_password("x", "scrypt$bad")
    with pytest.raises(AuthError):
        hash_password("short")
    import base64
    import hashlib
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", b"pbkdf2 works", salt, 1000)
    enc = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")  # noqa: E731
    assert verify_password("pbkdf2 works", f"pbkdf2_sha256$1000${enc(salt)}${enc(digest)}")


def test_users_file_and_secrets(tmp_path):
    path = tmp_path / "users.toml"
    add_user(path, "kim", "password-kim", "김연구")
    add_user(path, "이연구", "password-lee")
    users = load_users_file(path)
    assert set(users) == {"kim", "이연구"} and users["kim"].label == "김연구"
    assert (path.stat().st_mode & 0o777) == 0o600
    assert authenticate(users, "kim", "password-kim").name == "kim"
    assert authenticate(users, "kim", "password-lee") is None and authenticate(users, "nobody", "x" * 8) is None
    with pytest.raises(AuthError):
        add_user(path, "bad name/../", "password-x")
    assert remove_user(path, "kim") and not remove_user(path, "kim")
    assert set(load_users_file(path)) == {"이연구"}
    secret_users = users_from_secrets({"auth": {"users": {"park": {"password": hash_password("password-park")}}}})
    assert authenticate(secret_users, "park", "password-park")
    with pytest.raises(AuthError):  # a password written in clear is refused, not used
        users_from_secrets({"auth": {"users": {"park": {"password": "password-park"}}}})


def test_login_tokens(tmp_path):
    ws = Workspace(tmp_path / "w.sqlite3")
    path = tmp_path / "users.toml"
    kim = add_user(path, "kim", "password-kim")
    users = load_users_file(path)
    key = ws.secret()
    assert ws.secret() == key  # made once
    token = make_token(key, kim, ws.session_epoch("kim"))
    assert read_token(key, token, users, ws.session_epoch).name == "kim"
    assert read_token(key, token[:-2] + "xx", users, ws.session_epoch) is None  # forged signature
    assert read_token(b"other key", token, users, ws.session_epoch) is None
    assert read_token(key, make_token(key, kim, 0, now=0), users, ws.session_epoch) is None  # expired
    ws.end_sessions("kim")  # 로그아웃: every earlier token stops working
    assert read_token(key, token, users, ws.session_epoch) is None
    fresh = make_token(key, kim, ws.session_epoch("kim"))
    add_user(path, "kim", "new-password")  # a new password ends old logins too
    assert read_token(key, fresh, load_users_file(path), ws.session_epoch) is None


def test_cli_users(tmp_path, monkeypatch, capsys):
    import io

    from assistant.cli import main
    idx = ["--index", str(tmp_path / "index")]
    monkeypatch.setattr("sys.stdin", io.StringIO("password-kim\n"))
    assert main(["users", "add", "kim", "--display-name", "김연구", "--password-stdin", *idx]) == 0
    assert main(["users", "list", *idx]) == 0
    assert "kim\t김연구" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "lee", "--password-stdin", *idx]) == 2
    assert main(["users", "remove", "kim", *idx]) == 0 and main(["users", "remove", "kim", *idx]) == 1
    assert load_users_file(tmp_path / "users.toml") == {}


# ---- bind-address check ----------------------------------------------------------------------
def test_guard(tmp_path, capsys, monkeypatch):
    settings = load_settings(env={}, index_dir=tmp_path / "index")
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.3.4.5")
    assert not is_loopback("0.0.0.0") and not is_loopback(None) and not is_loopback("") and not is_loopback("10.1.2.3")
    assert refusal("127.0.0.1", settings, {}) is None
    message = refusal("0.0.0.0", settings, {})
    assert message and "users add" in message and "--allow-anonymous" in message
    assert refusal(None, settings, {})  # Streamlit's default binds every interface
    assert refusal("0.0.0.0", settings.with_overrides(allow_anonymous=True), {}) is None
    add_user(tmp_path / "users.toml", "kim", "password-kim")
    assert refusal("0.0.0.0", settings, {}) is None
    # the command run.sh uses
    monkeypatch.setenv("COUNCIL_ASSISTANT_USERS_FILE", str(tmp_path / "no-users.toml"))
    args = ["--host", "0.0.0.0"]
    env_settings = tmp_path / "other"
    assert guard_main(args + ["--config", str(_config(env_settings))]) == 2
    assert "Refusing to serve 0.0.0.0" in capsys.readouterr().err
    assert guard_main(args + ["--config", str(_config(env_settings)), "--allow-anonymous"]) == 0
    assert guard_main(["--host", "127.0.0.1", "--config", str(_config(env_settings))]) == 0


def _config(folder):
    folder.mkdir(exist_ok=True)
    path = folder / "council.toml"
    path.write_text(f'index_dir = "{folder / "index"}"\n', encoding="utf-8")
    return path


# ---- readable sources ------------------------------------------------------------------------
STATUTE = (
    "제5조(공공기관의 청년 미취업자 고용 의무)\n"
    "① 공공기관은 매년 정원의 100분의 3 이상씩 청년 미취업자를 고용하여야 한다.\n"
    "② 「지방자치법」 제125조제5항에 따라 정하는 경우에는 그러하지 아니하다.\n"
    "**⑤** 정부는 제1항에 따른 고용 실적을 경영평가에 반영하여야 한다.\n"
    "제6조 (중소기업 지원)\n"
    "정부는 중소기업체를 지원할 수 있다."
)


@pytest.mark.parametrize("quote, want", [
    ("공공기관은 매년 정원의", ("제5조", "제1항")),
    ("그러하지 아니하다", ("제5조", "제2항")),  # a reference to 제125조 inside a sentence is not a heading
    ("**⑤** 정부는", ("제5조", "제5항")),
    ("중소기업체를 지원할", ("제6조", None)),
    ("제5조(공공기관의", ("제5조", None)),
])
def test_article_and_paragraph(quote, want):
    assert article_of(STATUTE, STATUTE.index(quote)) == want


def test_article_from_the_section_path_and_location_label():
    text = "② 다만, 재위탁의 경우에는 시의회의 동의를 받아야 한다."
    assert article_of(text, 4, "서울특별시 조례 > 제4조의3 (재위탁)") == ("제4조의3", "제2항")
    c = Citation(1, "d", "조례", "서울특별시 조례 > 제4조의3 (재위탁)", "재위탁의 경우에는", text, 0, 0, "x", page=12)
    assert locate(c).label() == "12쪽 · 제4조의3 제2항"
    c2 = Citation(1, "d", "보고", "Ⅴ. 검토의견 > 2. 운영 현황", "문장", "문장", 3925, 3983, "x")
    assert locate(c2).label() == "2. 운영 현황" and "3925" not in locate(c2).label()


def test_table_context_from_cells_and_from_text_lines():
    rows = Chunk("t", "d", 0, "…", [], 0, 0, kind="table", caption="< 위탁 연혁 >",
                 rows=[["수탁기간", "점수"], ["’22. 1월~’24.12월", "83.4점"]], header_rows=1)
    assert table_context(rows, "’22. 1월~’24.12월 83.4점") == ("< 위탁 연혁 >", "수탁기간 | 점수")
    assert table_context(rows, "수탁기간 점수\n’22. 1월~’24.12월 83.4점") == ("< 위탁 연혁 >", "")  # header quoted
    dump = Chunk("t", "d", 0, "< 위탁 연혁 >\n수탁기간 계약기간\n점수 평가주관\n’04. 5월~’05. 1월 8개월 86.0점\n’22. 1월~’24.12월 〃 83.4점",
                 [], 0, 0, kind="table", caption="< 위탁 연혁 >")
    assert table_context(dump, "’22. 1월~’24.12월 〃 83.4점") == ("< 위탁 연혁 >", "수탁기간 계약기간 / 점수 평가주관")
    years = Chunk("t", "d", 0, "∎ 예산\n연  도 2022년 2023년 ’24.08.12.\n합  계 519,778천원 523,783천원 1",
                  [], 0, 0, kind="table", caption="∎ 예산")
    assert table_context(years, "합  계 519,778천원")[1] == "연  도 2022년 2023년 ’24.08.12."
    assert table_context(Chunk("x", "d", 0, "본문", [], 0, 0), "본문") == ("", "")


def test_excerpt_cuts_at_sentences_not_inside_numbers():
    text = ("센터 문의는 대표전화로 합니다. 연락처는 02-2180-8888이며 평일에 받습니다. " * 8).strip()
    cut = excerpt(text, 60)
    assert cut.endswith("…") and "02-2180-8" not in cut.replace("02-2180-8888", "")
    assert cut.rstrip(" …").endswith(("다.", "니다.")), cut
    assert excerpt("짧은 글", 60) == "짧은 글"
    assert plain("##### 제5조 (목적)\n**①** 1\\. 항목") == "제5조 (목적)\n① 1. 항목"


def test_document_text_is_shown_as_text_in_the_source_panel():
    from assistant.ui.sources import citation_html, safe

    text = "안내는 [공식 안내](http://example.invalid/x) 참고 ![x](http://example.invalid/p.png) <img src=x onerror=alert(1)> **굵게**"
    c = Citation(1, "d.txt", "제목 [링크](http://e.invalid)", "1. 개요", "참고", text, 0, 0, "x")
    out = citation_html(c, "k")
    assert "<img" not in out and "<a " not in out and "](http" not in out and "**" not in out
    import html as html_lib

    assert "[공식 안내](http://example.invalid/x)" in html_lib.unescape(out) and "<mark>" in out  # shown as typed
    assert html_lib.unescape(safe("a_b*c`d|e<f>&")) == "a_b*c`d|e<f>&" and not set(safe("a_b*c`d|e<f>&")) & set("_*`|<>")


def test_answer_body_formats_the_grounds_block_as_a_list():
    from assistant.ui.sources import answer_body_html, tool_rows

    a = answer(text="재계약 배제 대상입니다 [1].\n근거\n- 입력: 72점 [1]\n- 결과: ① 해당\n  (이어지는 줄)")
    html = answer_body_html(a, "k")
    assert '<div class="grounds"><b>근거</b><ul><li><b>입력</b>: 72점 <a class="cite-mark" href="#src-k-1"' in html
    import html as html_lib

    assert "<li><b>결과</b>: ① 해당 (이어지는 줄)</li></ul></div>" in html_lib.unescape(html)  # continuation joined
    rows = tool_rows(a.tool_calls[0])
    assert {"항목": "입력 · 종합성과평가 점수", "내용": "72"} in rows
    assert {"항목": "결과", "내용": "재계약 배제 대상"} in rows and {"항목": "규칙 버전", "내용": "r@1"} in rows
    assert not any(r["내용"] in ("None", "") for r in rows)

