"""The research workspace in a real browser (headless Debian Chromium through Playwright, the
app served by `streamlit run` as scripts/run.sh does):

- ask → reload: the conversation (answer, sources) and the draft are still there;
- the source panel names the document by its title and the passage by 제N조 제M항;
- the uploader speaks Korean; the exported DOCX numbers footnotes as the 출처 list does;
- at 420 px the sidebar closes after navigating;
- two users logged in see only their own conversations; a reload keeps the login;
- bound to 0.0.0.0 without login users, the app refuses to serve.

Refresh the screenshots in docs/ (chat, source panel, library, eval page):
    UPDATE_SCREENSHOT=1 .venv/bin/pytest tests/test_workspace_browser.py
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from lxml import etree

from assistant.workspace.auth import add_user

from .conftest import ROOT
from .test_browser import CHROMIUM, CHROMIUM_ARGS, ask, serve_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (scripts/system_deps.sh)"),
]
BUDGET = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"
CONSENT = "재위탁하려면 시의회 동의가 필요해?"
REVIEW_TITLE = "서울특별시 전자상거래센터 운영 민간위탁 동의안 검토보고"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHOTS = os.environ.get("UPDATE_SCREENSHOT") == "1"


@contextmanager
def serve(corpus_settings, tmp_path: Path, address: str = "127.0.0.1", **env_extra: str):
    with serve_app(
        corpus_settings.index_dir, corpus_settings.corpus_dir, tmp_path, address,
        COUNCIL_ASSISTANT_WORKSPACE_DB=str(tmp_path / "workspace.sqlite3"),
        COUNCIL_ASSISTANT_USERS_FILE=str(tmp_path / "users.toml"),
        **env_extra,
    ) as url:
        yield url


@pytest.fixture()
def browser():
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def new_page(browser, url: str, width: int = 1280, height: int = 1100):
    page = browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR", accept_downloads=True,
                               permissions=["clipboard-read", "clipboard-write"]).new_page()
    page.set_default_timeout(90_000)
    page.goto(url, wait_until="domcontentloaded")
    return page


def settle(page, ms: int = 600) -> None:
    """Wait for the script to finish and the icon font, then let the layout settle."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(ms)


def shot(page, name: str, tmp_path: Path, **kw) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), **kw)
    if SHOTS:
        shutil.copyfile(path, ROOT / "docs" / name)


def messages(page) -> list[str]:
    return [m.inner_text() for m in page.get_by_test_id("stChatMessage").all()]


def shown(page) -> list[tuple[str, list[str]]]:
    """Each message's text and the sources under it, as a researcher reads them."""
    return [
        (m.get_by_test_id("stMarkdownContainer").first.inner_text(), [s.inner_text() for s in m.locator("div.src").all()])
        for m in page.get_by_test_id("stChatMessage").all()
    ]


def add_to_draft(page, n: int) -> None:
    page.get_by_role("button", name="초안에 담기").nth(n).click()
    page.get_by_text("초안에 담았습니다").first.wait_for()  # the toast
    settle(page)


def docx_footnotes(data: bytes) -> tuple[list[str], dict[str, str], list[str]]:
    """(footnote ids in body order, footnote id → text, the 출처 list's quotes in order)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    text = lambda el: "".join(t.text or "" for t in el.iter(f"{W}t"))  # noqa: E731
    ids = [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
    by_id = {fn.get(f"{W}id"): text(fn) for fn in notes.iter(f"{W}footnote") if fn.get(f"{W}type") is None}
    paras = [text(p) for p in body.iter(f"{W}p")]
    start = paras.index("출처")
    quotes = [p for p in paras[start + 1:] if p.startswith("“")]
    return ids, by_id, quotes


def test_workspace_survives_reload_and_reads_well(corpus_settings, tmp_path, browser):
    with serve(corpus_settings, tmp_path) as url:
        page = new_page(browser, url)
        reply = ask(page, BUDGET, 0)
        assert "533,478천원" in reply.inner_text()
        add_to_draft(page, 0)
        consent = ask(page, CONSENT, 2)
        add_to_draft(page, 1)
        settle(page)

        # the source panel: document title (not the file name), 제N조 제M항 (not offsets)
        panel = consent.get_by_test_id("stExpander").filter(has=page.locator("div.src")).first
        text = panel.inner_text()
        assert REVIEW_TITLE in text and "000_676e27cb4d6cfd79.txt" not in text
        assert "제4조의3 제1항" in text and "위치" not in text
        # hovering a marker highlights its source; the 근거 block is a list; the tool is a table
        consent.locator("a.cite-mark").first.hover()
        assert page.locator(".src-hl").count() == 1
        assert consent.locator(".grounds li").count() >= 3
        consent.get_by_text("규칙·계산 도구").first.click()
        assert consent.get_by_test_id("stTable").first.inner_text().count("규칙") >= 1
        consent.get_by_role("button", name="답 복사").click()  # the answer and its numbered sources
        consent.get_by_role("button", name="복사했습니다").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("재위탁에는") and f"[1] 「{REVIEW_TITLE}」 제4조의3 제1항" in copied, copied
        page.mouse.move(0, 0)
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stToast\"]')")  # toasts gone
        settle(page)
        shot(page, "screenshot-chat.png", tmp_path)
        panel.scroll_into_view_if_needed()
        shot(page, "screenshot-sources.png", tmp_path, clip=_clip(panel))

        # reload: the same conversation, its sources, and the draft
        before = shown(page)
        assert len(before) == 4 and len(before[3][1]) == 3
        page.reload(wait_until="domcontentloaded")
        page.get_by_test_id("stChatMessage").nth(3).wait_for()
        settle(page)
        assert shown(page) == before
        assert REVIEW_TITLE in page.get_by_test_id("stChatMessage").nth(3).locator("div.src").first.inner_text()
        assert page.get_by_text("초안 (2)").count() == 1
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_by_role("button", name=BUDGET).count() == 1  # listed by its first question

        # the draft as DOCX: footnote n is the 출처 list's [n]
        with page.expect_download() as dl:
            sidebar.get_by_role("button", name="Word(DOCX)로 내려받기").click()
        ids, notes, quotes = docx_footnotes(Path(dl.value.path()).read_bytes())
        assert ids == sorted(notes, key=int) and len(ids) == len(quotes) >= 2
        for fid, quote in zip(ids, quotes):
            assert notes[fid].endswith(quote), (notes[fid], quote)

        # the uploader speaks Korean
        page.get_by_test_id("stSidebarNavLink").filter(has_text="문서함").click()
        uploader = page.get_by_test_id("stFileUploader").first
        uploader.wait_for()
        settle(page, 1000)
        words = uploader.inner_text()
        assert "파일 선택" in words and "파일당 최대" in words, words
        assert not any(w in words for w in ("Upload", "Browse", "per file", "Drag and drop", "•")), words
        assert "None" not in page.get_by_test_id("stDataFrame").first.inner_text()
        shot(page, "screenshot-library.png", tmp_path, full_page=True)

        # the eval page: Korean kind names, no None cells
        page.get_by_test_id("stSidebarNavLink").filter(has_text="평가").click()
        page.get_by_role("button", name="평가 실행").click()
        page.get_by_text("실패 항목").first.wait_for()
        settle(page, 1000)
        table = page.get_by_test_id("stDataFrame").first.inner_text()
        assert "None" not in table and "unanswerable" not in table
        shot(page, "screenshot-evals.png", tmp_path, full_page=True)


def _clip(locator) -> dict:
    box = locator.bounding_box()
    return {"x": max(box["x"] - 8, 0), "y": max(box["y"] - 8, 0), "width": box["width"] + 16, "height": box["height"] + 16}


def test_narrow_screen_sidebar_closes_after_navigation(corpus_settings, tmp_path, browser):
    with serve(corpus_settings, tmp_path) as url:
        page = new_page(browser, url, width=420, height=900)
        ask(page, BUDGET, 0)
        settle(page)
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_attribute("data-collapsed") == "true"  # starts closed at this width
        assert page.evaluate("document.documentElement.scrollWidth") <= 420  # nothing sticks out

        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'")
        page.get_by_test_id("stSidebarNavLink").filter(has_text="문서함").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'")
        page.get_by_role("heading", name="문서함").wait_for()

        # choosing a saved conversation closes it too
        page.get_by_test_id("stSidebarNavLink").filter(has_text="질문하기").first.evaluate("a => a.click()")
        page.get_by_test_id("stChatMessage").first.wait_for()
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'")
        page.get_by_role("button", name="새 대화").click()
        settle(page)
        page.get_by_test_id("stSidebar").get_by_role("button", name=BUDGET).click()
        page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'")
        page.get_by_test_id("stChatMessage").nth(1).wait_for()


def test_two_users_see_only_their_own(corpus_settings, tmp_path, browser):
    users = tmp_path / "users.toml"
    add_user(users, "kim", "password-kim", "김연구")
    add_user(users, "lee", "password-lee", "이연구")
    with serve(corpus_settings, tmp_path) as url:
        def login(name: str, password: str):
            page = new_page(browser, url)
            page.get_by_label("사용자 이름").fill(name)
            page.get_by_label("비밀번호").fill(password)
            page.get_by_role("button", name="로그인").click()
            page.get_by_test_id("stChatInputTextArea").wait_for()
            settle(page)
            return page

        kim = login("kim", "password-kim")
        ask(kim, BUDGET, 0)
        lee = login("lee", "password-lee")
        assert lee.get_by_test_id("stChatMessage").count() == 0
        assert lee.get_by_test_id("stSidebar").get_by_role("button", name=BUDGET).count() == 0
        ask(lee, CONSENT, 0)
        settle(kim)
        kim.reload(wait_until="domcontentloaded")  # the login survives a reload (signed cookie)
        kim.get_by_test_id("stChatMessage").nth(1).wait_for()
        settle(kim)
        assert "로그인: 김연구" in kim.get_by_test_id("stSidebar").inner_text()
        assert kim.get_by_test_id("stSidebar").get_by_role("button", name=CONSENT).count() == 0
        assert [t.split("\n")[-1] for t in messages(kim)][:1] and BUDGET in messages(kim)[0]
        assert CONSENT in messages(lee)[0] and len(messages(lee)) == 2
        # a wrong password gets nowhere; the hint under the box being typed in is Korean too
        intruder = new_page(browser, url)
        intruder.get_by_label("사용자 이름").fill("kim")
        hint = intruder.get_by_test_id("InputInstructions").first
        hint.wait_for()
        intruder.wait_for_timeout(300)
        assert "Enter를 누르면 제출" in hint.inner_text() and "Press" not in hint.inner_text()
        intruder.get_by_label("비밀번호").fill("password-lee")
        intruder.get_by_role("button", name="로그인").click()
        intruder.get_by_text("맞지 않습니다").wait_for()
        assert intruder.get_by_test_id("stChatInputTextArea").count() == 0


def test_refuses_the_network_without_login(corpus_settings, tmp_path, browser):
    with serve(corpus_settings, tmp_path, address="0.0.0.0") as url:
        page = new_page(browser, url)
        page.get_by_text("Refusing to serve").wait_for()
        assert "users add" in page.inner_text("body")
        assert page.get_by_test_id("stChatInputTextArea").count() == 0
