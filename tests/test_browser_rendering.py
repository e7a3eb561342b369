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
