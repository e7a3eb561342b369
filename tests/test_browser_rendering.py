"""Document text is rendered as text, in a real browser: a document carrying a Markdown image,
a Markdown link, an HTML <img> and a bare URL — all pointing at a local HTTP server that
counts requests — is ingested, cited, shown among the closest passages, listed in the
sidebar and on the 문서함 page. No request reaches the server and no link to it renders.

Needs /usr/bin/chromium, like tests/test_browser.py (whose helpers this reuses).
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.ingest import ingest
from assistant.settings import load_settings

from .conftest import ROOT
from .test_browser import ANSWER_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, ask, serve_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (scripts/system_deps.sh)"),
]
PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7D6A4A20000000049454E44AE426082")


class Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 — http.server's name
        Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def trap():
    """A local server that records every request made to it."""
    Counter.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def hostile_doc(base: str) -> str:
    return (
        f"![x]({base}/title-img) [공식 안내]({base}/title-link) 한강수영장 운영 현황 보고\n\n"
        "1. 개요\n"
        f" ○ 한강수영장은 서울특별시가 민간위탁으로 운영하는 사업임. ![y]({base}/img) "
        f"자세한 사항은 [공식 안내]({base}/link) 참조.\n"
        f" ○ 2024년 한강수영장 예산은 1,234천원으로 편성됨. <img src=\"{base}/html-img\"> {base}/bare :red[빨강] $x^2$\n\n"
        "2. 문제점\n"
        f" ○ 한강수영장의 이용률은 41%로 목표에 미달함. <a href=\"{base}/html-link\">여기</a>\n"
    )


@pytest.fixture()
def hostile_app(trap, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "한강수영장.txt").write_text(hostile_doc(trap), encoding="utf-8")
    (corpus / "manifest.toml").write_text(  # a title as a careless or hostile upload could carry
        f'[[documents]]\nfile = "한강수영장.txt"\ntitle = "![x]({trap}/title-img) [공식 안내]({trap}/title-link) '
        f'한강수영장 보고"\nkind = "[보고]({trap}/kind)"\n',
        encoding="utf-8",
    )
    (corpus / "도서관.txt").write_text(
        "공공도서관 운영 보고\n\n1. 개요\n ○ 2024년 공공도서관 예산은 5,000천원으로 편성됨.\n", encoding="utf-8"
    )
    settings = load_settings(env={}, index_dir=tmp_path / "index", corpus_dir=corpus)
    report = ingest([corpus], settings, sync_folder=corpus)
    assert report.added and not report.errors
    from assistant.index import IndexReader

    reader = IndexReader(settings)
    try:  # the index really holds the raw Markdown: what follows tests the rendering
        assert any(f"]({trap}/link)" in c.text for c in reader.all_chunks())
    finally:
        reader.close()

    with serve_app(settings.index_dir, corpus, tmp_path) as url:
        yield url


def links_and_images_to(page, base: str) -> list[str]:
    return page.evaluate(
        """base => [...document.querySelectorAll('a[href], img[src], [style*="url("]')]
              .filter(e => (e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('style') || '').includes(base))
              .map(e => e.outerHTML.slice(0, 300) + ' IN ' + (e.closest('[data-testid]') || e).getAttribute('data-testid'))""",
        base,
    )


def test_markdown_in_documents_renders_as_text(hostile_app, trap, tmp_path):
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, locale="ko-KR")
            page.set_default_timeout(ANSWER_TIMEOUT_MS)
            page.goto(hostile_app, wait_until="domcontentloaded")

            # a cited answer quoting the passage with the image and the link
            reply = ask(page, "2024년 한강수영장 예산은 얼마인가요?", 0)
            panel = reply.get_by_test_id("stExpander").filter(has_text="출처").first
            panel.wait_for(state="visible")
            text = reply.inner_text()
            assert "1,234천원" in text
            assert f"<img src=\"{trap}/html-img\">" in text or f"{trap}/bare" in text, text

            # a refusal shows the closest passages (the other paragraph with a link)
            ask(page, "한강수영장 야간 개장은 몇 시부터 몇 시까지인가요?", 2)

            # the sidebar list of documents carries the title with the image and the link
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_text("색인:").first.click()
            page.wait_for_timeout(800)
            assert "[공식 안내]" in sidebar.inner_text(), sidebar.inner_text()

            chat_leaks = links_and_images_to(page, trap)

            # the 문서함 page: table, captions, warnings
            page.get_by_role("link", name="문서함").first.click()
            page.get_by_text("문서 2건").first.wait_for(state="visible")
            page.wait_for_timeout(1500)
            library_leaks = links_and_images_to(page, trap)
            body = page.inner_text("body")
            page.screenshot(path=str(tmp_path / "library.png"))
        finally:
            browser.close()
    assert not chat_leaks, chat_leaks
    assert not library_leaks, library_leaks
    assert Counter.hits == [], f"the browser fetched {Counter.hits}"
    assert "/work/" not in body and str(ROOT) not in body, "an absolute server path is shown"


def test_text_users_typed_renders_as_text(corpus_settings, assistant, trap, tmp_path):
    """Questions, conversation titles and draft titles are typed by users (or pasted from
    documents): a Markdown image, link, HTML and bare URL in them reach the page as text — in the
    chat, the sidebar's conversation list, the draft panel and the delete confirmations."""
    import copy

    from playwright import sync_api

    from assistant.workspace.store import Workspace

    hostile = f"![x]({trap}/q-img) [공식 안내]({trap}/q-link) <img src=\"{trap}/q-html\"> {trap}/q-bare 검토"
    db = tmp_path / "workspace.sqlite3"
    ws = Workspace(db)
    answer = copy.deepcopy(assistant.ask("2024년 전자상거래센터 민간위탁금은 얼마인가요?"))
    answer.question = hostile
    conv = ws.create_conversation("")
    ws.add_exchange("", conv.conv_id, hostile, answer)
    ws.rename_conversation("", conv.conv_id, f"![t]({trap}/title-img) 검토")
    draft = ws.create_draft("")
    ws.update_draft("", draft.draft_id, lambda d: (setattr(d, "title", f"[초안]({trap}/draft-link) ![d]({trap}/draft-img)"),
                                                   d.add(answer)))

    with serve_app(corpus_settings.index_dir, corpus_settings.corpus_dir, tmp_path,
                   COUNCIL_ASSISTANT_WORKSPACE_DB=str(db)) as url, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, locale="ko-KR")
            page.set_default_timeout(ANSWER_TIMEOUT_MS)
            page.goto(url, wait_until="domcontentloaded")
            page.get_by_test_id("stChatMessage").nth(1).wait_for()  # the saved conversation reopened
            ask(page, f"그럼 [여기]({trap}/typed-link) ![i]({trap}/typed-img) 2022년에는?", 2)
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_text("이 대화: 이름 바꾸기").first.click()
            sidebar.get_by_role("button", name="대화 삭제").click()
            sidebar.get_by_text("대화를 지웁니다").first.wait_for()
            sidebar.get_by_role("button", name="초안 삭제").click()
            sidebar.get_by_text("초안을 지웁니다").first.wait_for()
            page.wait_for_timeout(1500)
            # shown as typed, with an invisible WORD JOINER before "://" (ui/render.py)
            chat = "\n".join(page.get_by_test_id("stChatMessage").all_inner_texts()).replace("\u2060", "")
            side = sidebar.inner_text().replace("\u2060", "")
            leaks = links_and_images_to(page, trap)
            page.screenshot(path=str(tmp_path / "typed.png"), full_page=True)
        finally:
            browser.close()
    assert not leaks, leaks
    assert Counter.hits == [], f"the browser fetched {Counter.hits}"
    assert f"[공식 안내]({trap}/q-link)" in chat and f"[여기]({trap}/typed-link)" in chat, chat  # shown as typed
    assert side.count(f"![t]({trap}/title-img)") == 2, side  # the title (cut at 40) in the list and the warning
    assert f"[초안]({trap}/draft-link)" in side, side  # the draft title in its confirmation
    assert "1. ![x]" in side, side  # the draft item's heading


def test_streamed_llm_text_renders_as_text(corpus_settings, trap, tmp_path):
    """While an LLM streams, its raw text is on screen: a model repeating a Markdown image from the
    question (or a document) must not make the browser fetch it, before or after the gate."""
    from playwright import sync_api

    from .llm_server import ScriptedLLM

    with ScriptedLLM() as llm, serve_app(
        corpus_settings.index_dir, corpus_settings.corpus_dir, tmp_path,
        COUNCIL_ASSISTANT_WORKSPACE_DB=str(tmp_path / "workspace.sqlite3"),
        COUNCIL_ASSISTANT_ANSWER_BACKEND="openai", COUNCIL_ASSISTANT_LLM_BASE_URL=llm.openai_url,
        COUNCIL_ASSISTANT_LLM_MODEL="echo-question-slow",
    ) as url, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1100}, locale="ko-KR")
            page.set_default_timeout(ANSWER_TIMEOUT_MS)
            page.goto(url, wait_until="domcontentloaded")
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(state="visible")
            box.fill(f"2024년 민간위탁금은? ![s]({trap}/stream-img) [링크]({trap}/stream-link)")
            box.press("Enter")
            page.get_by_text("생성 중 (검증 전)").first.wait_for(state="visible")
            page.get_by_text(f"/stream-img)").first.wait_for()  # the raw stream, shown as text
            during = links_and_images_to(page, trap)
            page.wait_for_function("() => !document.body.innerText.includes('생성 중 (검증 전)')")
            page.wait_for_timeout(1000)
            after = links_and_images_to(page, trap)
        finally:
            browser.close()
    assert not during and not after, (during, after)
    assert Counter.hits == [], f"the browser fetched {Counter.hits}"
