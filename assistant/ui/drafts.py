"""The draft panel: answers collected with "초안에 담기", reordered, edited, exported with citations.

Drafts live in the workspace store (assistant/workspace/store.py), per user, saved as edited: a
reload, a second tab or a server restart shows the same draft. Every change is applied to the
stored draft inside one transaction, so two tabs adding to one draft both land.
"""

from __future__ import annotations

import streamlit as st

from ..export import FORMATS, MIME_TYPES, DraftDocument, export_bytes, file_name
from ..models import Answer
from ..workspace.store import DraftRecord, WorkspaceError
from .account import owner, workspace
from .render import doc_text  # questions and titles are typed by users: shown as text (selectbox and
# text boxes show plain text already)

LABELS = {"docx": "Word(DOCX)", "md": "Markdown", "hwpx": "한/글(HWPX)"}
DRAFT_KEY = "draft_id"


def current_record(create: bool = False) -> DraftRecord | None:
    """The draft this session works on: the one chosen, else the user's most recent one."""
    ws, me = workspace(), owner()
    chosen = st.session_state.get(DRAFT_KEY)
    rec = ws.draft(me, chosen) if chosen else None
    if rec is None:
        drafts = ws.drafts(me)
        rec = drafts[0] if drafts else (ws.create_draft(me) if create else None)
    if rec is not None:
        st.session_state[DRAFT_KEY] = rec.draft_id
    return rec


def current_draft() -> DraftDocument:
    rec = current_record()
    return rec.draft if rec else DraftDocument()


def change(fn) -> None:
    """Apply `fn(draft)` to the current draft in the store (creating one if needed)."""
    rec = current_record(create=True)
    assert rec is not None
    try:
        workspace().update_draft(owner(), rec.draft_id, fn)
    except WorkspaceError:  # deleted in another tab: start a new one with this change
        st.session_state.pop(DRAFT_KEY, None)
        rec = current_record(create=True)
        workspace().update_draft(owner(), rec.draft_id, fn)


def add_to_draft(answer: Answer) -> None:
    change(lambda d: d.add(answer))
    st.session_state["draft_toast"] = "초안에 담았습니다"


def render_draft_panel() -> None:
    ws, me = workspace(), owner()
    if msg := st.session_state.pop("draft_toast", None):
        st.toast(msg, icon=":material/note_add:")
    records = ws.drafts(me)
    rec = current_record()
    draft = rec.draft if rec else DraftDocument()
    st.subheader(f"초안 ({len(draft.items)})")
    if len(records) > 1:
        ids = [r.draft_id for r in records]
        names = {r.draft_id: f"{r.title} ({len(r.draft.items)})" for r in records}
        picked = st.selectbox("초안 고르기", ids, index=ids.index(rec.draft_id) if rec else 0,
                              format_func=names.get, key="draft_pick")
        if rec is None or picked != rec.draft_id:
            st.session_state[DRAFT_KEY] = picked
            st.rerun()
    if not draft.items:
        st.caption("답 아래의 ‘초안에 담기’로 답을 모으면 출처를 유지한 채 내보낼 수 있습니다.")
        return
    assert rec is not None
    title = st.text_input("초안 제목", draft.title, key=f"draft_title_{rec.draft_id}")
    if title != draft.title:
        change(lambda d: setattr(d, "title", title))
    for i, item in enumerate(draft.items):
        with st.expander(f"{i + 1}. {doc_text(item.question)}", expanded=False):
            text = st.text_area("문장 (표시 [n]은 출처 번호)", item.text, key=f"draft_text_{item.item_id}", height=150)
            if text != item.text:
                change(lambda d, iid=item.item_id: d.edit(iid, text))
            cols = st.columns(3)
            if cols[0].button("↑", key=f"up_{item.item_id}", disabled=i == 0, help="위로"):
                change(lambda d, iid=item.item_id: d.move(iid, -1))
                st.rerun()
            if cols[1].button("↓", key=f"down_{item.item_id}", disabled=i == len(draft.items) - 1, help="아래로"):
                change(lambda d, iid=item.item_id: d.move(iid, 1))
                st.rerun()
            if cols[2].button("빼기", key=f"rm_{item.item_id}"):
                change(lambda d, iid=item.item_id: d.remove(iid))
                st.rerun()
    for fmt in FORMATS:
        st.download_button(
            f"{LABELS.get(fmt, fmt)}로 내려받기", export_bytes(draft, fmt), file_name=file_name(draft, fmt),
            mime=MIME_TYPES[fmt], key=f"dl_{fmt}",
        )
    cols = st.columns(2)
    if cols[0].button("새 초안", key="draft_new", icon=":material/add:"):
        st.session_state[DRAFT_KEY] = ws.create_draft(me).draft_id
        st.rerun()
    if cols[1].button("초안 삭제", key="draft_delete", icon=":material/delete:"):
        st.session_state["draft_confirm"] = rec.draft_id
    if st.session_state.get("draft_confirm") == rec.draft_id:
        st.warning(f"‘{doc_text(draft.title)}’ 초안을 지웁니다. 되돌릴 수 없습니다.")
        yes, no = st.columns(2)
        if yes.button("삭제 확인", key="draft_delete_yes", type="primary"):
            ws.delete_draft(me, rec.draft_id)
            st.session_state.pop(DRAFT_KEY, None)
            st.session_state.pop("draft_confirm", None)
            st.rerun()
        if no.button("취소", key="draft_delete_no"):
            st.session_state.pop("draft_confirm", None)
            st.rerun()
