"""Page-wide behaviour the widgets do not offer, installed once per page by streamlit_app.py:

- Korean in Streamlit's own texts: the file uploader's "Upload", "315MB per file • PDF, …",
  "Drag and drop files here", "… files are not allowed", and "Press Enter to apply" under a text
  box (Streamlit has no option for them); the size in them is our limit in MiB from the settings
  (ui/uploads.py), not Streamlit's "MB", whose meaning depends on the viewer's OS;
- [n] markers: hovering or clicking one highlights its source in the panel below the answer;
- copy buttons (`copy_button`) put an answer on the clipboard;
- at narrow widths (≤ 768 px, where the sidebar lies over the page) the sidebar closes after a
  page or a conversation is chosen in it.

One small script with document-level listeners; the DOM it touches is found by Streamlit's
data-testid attributes. The script is ours (no document text in it), hence `unsafe_allow_javascript`.
"""

from __future__ import annotations

import html
import json

import streamlit as st

NARROW_PX = 768
TEXTS = [  # (pattern, replacement) for the uploader's English texts, matched on whole text nodes
    (r"^Upload$", "파일 선택"),
    (r"^Browse files$", "파일 선택"),
    (r"^Add files$", "파일 추가"),
    (r"^Upload directories$", "폴더 선택"),
    (r"^Drag and drop (files|a file) here$", "여기에 파일을 끌어다 놓으세요"),
    (r"^Drag and drop directories here$", "여기에 폴더를 끌어다 놓으세요"),
    (r"^(.+) per file$", "파일당 최대 $1"),
    (r"^(.+) files are not allowed\.?$", "$1 형식은 올릴 수 없습니다"),
    (r"^File must be (.+) or smaller\.?$", "파일은 $1 이하여야 합니다"),
    # the hint under a text box being edited
    (r"^Press Enter to submit form$", "Enter를 누르면 제출"),
    (r"^Press Enter to apply$", "Enter를 누르면 적용"),
    (r"^Press (.+)\+Enter to submit form$", "$1+Enter를 누르면 제출"),
    (r"^Press (.+)\+Enter to apply$", "$1+Enter를 누르면 적용"),
]

_CSS = """
<style>
.src-hl { background: #fff4c2 !important; box-shadow: 0 0 0 2px #f0c000; border-radius: 4px; transition: background .2s; }
div[id^="src-"]:target { background: #fff4c2; border-radius: 4px; }
a.cite-mark { text-decoration: none; font-weight: 600; padding: 0 1px; border-radius: 3px; }
a.cite-mark:hover { background: #fff4c2; }
button.council-copy { border: 1px solid rgba(49,51,63,.2); background: white; border-radius: 6px;
  padding: 2px 10px; font-size: .85rem; cursor: pointer; color: rgb(49,51,63); }
button.council-copy:hover { border-color: #ff4b4b; color: #ff4b4b; }
.grounds { border-left: 3px solid #1f3864; background: #f5f7fb; padding: 6px 12px; margin: 8px 0; border-radius: 2px; }
.grounds ul { margin: 4px 0 0 0; padding-left: 1.2em; }
.grounds li { margin: 2px 0; }
.src-head { font-weight: 600; }
.src-loc { color: #31333f; background: #eef1f6; border-radius: 4px; padding: 0 6px; margin-left: 4px; font-size: .85em; }
.src-path { color: #6b7280; font-size: .8em; }
.src-table { color: #374151; font-size: .85em; margin: 2px 0 0 0; }
.passage { border-left: 3px solid #c9d3e0; padding: 4px 10px; margin: 4px 0 12px 0; font-size: .9em; }
@media (max-width: 480px) { .src-path { display: block; } }
.st-key-council_chrome { display: none; }
/* the saved-conversation list: the open one marked quietly, titles left-aligned */
.st-key-conv_list [data-testid^="stBaseButton"] { justify-content: flex-start; text-align: left; }
.st-key-conv_list [data-testid="stBaseButton-primary"] { background: #e8edf6; color: #1f3864; border: 1px solid #b9c6dc; }
.st-key-conv_list [data-testid="stBaseButton-tertiary"] { padding: 4px 8px; border-radius: 6px; }
.st-key-conv_list [data-testid="stBaseButton-tertiary"]:hover { background: #f0f2f6; }
</style>
"""

_JS = r"""
<script>
(() => {
  if (window.__councilUi) return;
  window.__councilUi = true;
  const NARROW = %(narrow)d;
  const texts = %(texts)s.map(([p, r]) => [new RegExp(p), r]);
  const translate = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.nodeValue.trim();
      if (!t) continue;
      for (const [p, r] of texts) {
        if (p.test(t)) { n.nodeValue = t.replace(p, r); break; }
      }
      if (n.nodeValue.includes("•")) n.nodeValue = n.nodeValue.replace(/\s*•\s*/g, " · ");
    }
  };
  const fixUploaders = () => document.querySelectorAll(
    '[data-testid="stFileUploader"], [data-testid="InputInstructions"]').forEach(translate);
  new MutationObserver(fixUploaders).observe(document.body, {childList: true, subtree: true, characterData: true});
  fixUploaders();

  const target = (a) => document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
  document.addEventListener("mouseover", (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#src-"]');
    if (a) { const t = target(a); if (t) t.classList.add("src-hl"); }
  });
  document.addEventListener("mouseout", (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#src-"]');
    if (a) { const t = target(a); if (t && !t.dataset.flash) t.classList.remove("src-hl"); }
  });
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#src-"]');
    if (a) {
      const t = target(a);
      if (t) {
        e.preventDefault();
        const exp = t.closest("details");
        if (exp && !exp.open) exp.querySelector("summary").click();
        t.scrollIntoView({behavior: "smooth", block: "center"});
        t.classList.add("src-hl"); t.dataset.flash = "1";
        setTimeout(() => { delete t.dataset.flash; t.classList.remove("src-hl"); }, 2500);
      }
      return;
    }
    const copy = e.target.closest && e.target.closest("button.council-copy");
    if (copy) {
      const text = copy.dataset.copy || "";
      const done = () => { const old = copy.textContent; copy.textContent = "복사했습니다"; setTimeout(() => copy.textContent = old, 1500); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, () => fallback(text) && done());
      } else if (fallback(text)) { done(); }
      return;
    }
    if (window.innerWidth <= NARROW) {
      const nav = e.target.closest && e.target.closest('[data-testid="stSidebarNavLink"], .st-key-conv_list button');
      if (nav) setTimeout(closeSidebar, 150);
    }
  }, true);
  const fallback = (text) => {  // http:// on an office server: no Clipboard API there
    const ta = document.createElement("textarea");
    ta.value = text; ta.style.position = "fixed"; ta.style.opacity = "0";
    document.body.appendChild(ta); ta.select();
    let ok = false; try { ok = document.execCommand("copy"); } catch (err) {}
    ta.remove(); return ok;
  };
  const closeSidebar = () => {
    const bar = document.querySelector('[data-testid="stSidebar"]');
    if (!bar || bar.getAttribute("data-collapsed") !== "false") return;
    const btn = document.querySelector('[data-testid="stSidebarCollapseButton"] button')
      || document.querySelector('[data-testid="stSidebarCollapseButton"]');
    if (btn) btn.click();
  };
})();
</script>
"""


def texts(upload_limit: str | None) -> list[tuple[str, str]]:
    """TEXTS with the uploader's size texts saying `upload_limit` ("300 MiB") when it is known."""
    if not upload_limit:
        return TEXTS
    sized = {r"^(.+) per file$": f"파일당 최대 {upload_limit}",
             r"^File must be (.+) or smaller\.?$": f"파일이 너무 큽니다: 파일당 최대 {upload_limit}"}
    return [(p, sized.get(p, r)) for p, r in TEXTS]


def _upload_limit() -> str | None:
    from ..errors import AssistantError
    from ..settings import load_settings
    from .uploads import effective_mib, limit_text

    try:
        return limit_text(effective_mib(load_settings()))
    except AssistantError:  # a bad settings file is reported by the page that needs it
        return None


def install() -> None:
    """Once per script run, before anything else on the page."""
    st.html(_CSS)  # style only: Streamlit puts it where it takes no space
    with st.container(key="council_chrome", border=False):
        st.html(
            _JS % {"narrow": NARROW_PX, "texts": json.dumps(texts(_upload_limit()), ensure_ascii=False)},
            unsafe_allow_javascript=True,
        )


def copy_button(text: str, label: str = "답 복사") -> None:
    """A button that puts `text` on the clipboard (handled by the page script)."""
    st.html(
        f'<button class="council-copy" type="button" data-copy="{html.escape(text, quote=True)}" '
        f'title="답과 출처를 클립보드에 복사">{html.escape(label)}</button>'
    )
