"""Saved conversations in the chat sidebar: new, open, rename, delete, search by title, export.

The open conversation is named in the URL (`?c=<id>`), so a reload reopens it; a fresh visit
opens the most recent one. Its messages are read from the workspace store on every run, so
what the page shows is what is saved (`st.session_state.messages` mirrors it for the page).
"""

from __future__ import annotations

import time

import streamlit as st

from ..models import Answer
from ..workspace.export import conversation_file
from ..workspace.store import Conversation, WorkspaceError
from .account import owner, workspace
from .render import doc_text  # titles are typed by users: shown as text, never as Markdown

CONV_KEY = "conv_id"
NEW_KEY = "conv_new_pending"  # "새 대화" pressed: show an empty chat until the first question


def current_conversation() -> Conversation | None:
    ws, me = workspace(), owner()
    wanted = st.session_state.get(CONV_KEY) or st.query_params.get("c")
    conv = ws.conversation(me, wanted) if wanted else None
    if wanted and conv is None:
        st.session_state["conv_toast"] = "열려 있던 대화를 찾을 수 없습니다(다른 창에서 삭제되었을 수 있습니다)"
    if conv is None and wanted is None and not st.session_state.get(NEW_KEY):
        recent = ws.conversations(me)
        conv = recent[0] if recent else None
    _select(conv)
    return conv


def _select(conv: Conversation | None) -> None:
    if conv is None:
        st.session_state.pop(CONV_KEY, None)
        if "c" in st.query_params:
            del st.query_params["c"]
    else:
        st.session_state[CONV_KEY] = conv.conv_id
        st.session_state.pop(NEW_KEY, None)
        if st.query_params.get("c") != conv.conv_id:
            st.query_params["c"] = conv.conv_id


def load_messages() -> list[dict]:
    """The open conversation's messages into `st.session_state.messages` (and returned)."""
    conv = current_conversation()
    msgs = [m.as_chat() for m in workspace().messages(owner(), conv.conv_id)] if conv else []
    st.session_state.messages = msgs
    return msgs


def record(question: str, answer: Answer) -> None:
    """Save a question and its answer in the open conversation (a new one if none is open)."""
    from ..sources import enrich
    from .state import get_assistant

    enrich(answer, get_assistant().index.chunks)  # table citations keep their caption and header row
    ws, me = workspace(), owner()
    conv = current_conversation()
    if conv is None:
        conv = ws.create_conversation(me)
    try:
        ws.add_exchange(me, conv.conv_id, question, answer)
    except WorkspaceError:  # deleted in another tab meanwhile: keep the answer in a new conversation
        conv = ws.create_conversation(me)
        ws.add_exchange(me, conv.conv_id, question, answer)
        st.session_state["conv_toast"] = "이 대화는 다른 창에서 삭제되어 새 대화에 저장했습니다"
    _select(conv)
    st.session_state.messages = [m.as_chat() for m in ws.messages(me, conv.conv_id)]


def _when(ts: float) -> str:
    days = (time.time() - ts) / 86400
    return time.strftime("%H:%M" if days < 1 else "%m-%d", time.localtime(ts))


def render_conversations() -> None:
    ws, me = workspace(), owner()
    current = current_conversation()
    if msg := st.session_state.pop("conv_toast", None):
        st.toast(msg, icon=":material/info:")
    st.subheader("대화")
    if st.button("새 대화", key="conv_new", icon=":material/add_comment:", width="stretch"):
        st.session_state[NEW_KEY] = True
        st.session_state.pop(CONV_KEY, None)
        if "c" in st.query_params:
            del st.query_params["c"]
        st.rerun()
    query = st.text_input("제목으로 찾기", key="conv_query", placeholder="제목으로 찾기", label_visibility="collapsed",
                          icon=":material/search:")
    found = ws.conversations(me, query)
    if not found:
        st.caption(f"‘{doc_text(query)}’와(과) 맞는 대화가 없습니다." if query.strip() else "저장된 대화가 없습니다. 질문하면 여기에 남습니다.")
    with st.container(key="conv_list", height="content" if len(found) <= 6 else 300, border=False):
        for c in found:
            is_current = current is not None and c.conv_id == current.conv_id
            if st.button(
                doc_text(c.title), key=f"conv_{c.conv_id}", type="primary" if is_current else "tertiary",
                help=f"{_when(c.updated)} · 메시지 {c.n_messages}개", width="stretch",
            ) and not is_current:
                _select(c)
                st.rerun()
    if current is not None:
        _render_manage(current)


def _render_manage(conv: Conversation) -> None:
    ws, me = workspace(), owner()
    with st.expander("이 대화: 이름 바꾸기 · 삭제 · 내보내기", icon=":material/edit_note:"):
        name = st.text_input("대화 이름", conv.title, key=f"conv_title_{conv.conv_id}")
        if st.button("이름 바꾸기", key="conv_rename", disabled=not name.strip() or name.strip() == conv.title):
            try:
                ws.rename_conversation(me, conv.conv_id, name)
            except WorkspaceError as err:
                st.error(str(err))
            else:
                st.rerun()
        messages = ws.messages(me, conv.conv_id)
        if any(m.answer is not None for m in messages):
            cols = st.columns(2)
            for col, (fmt, label) in zip(cols, [("docx", "Word(DOCX)"), ("md", "Markdown")]):
                data, name_ = conversation_file(conv, messages, fmt)
                col.download_button(label, data, file_name=name_, key=f"conv_dl_{fmt}", icon=":material/download:")
        if st.button("대화 삭제", key="conv_delete", icon=":material/delete:"):
            st.session_state["conv_confirm"] = conv.conv_id
        if st.session_state.get("conv_confirm") == conv.conv_id:
            st.warning(f"‘{doc_text(conv.title)}’ 대화를 지웁니다. 되돌릴 수 없습니다.")
            yes, no = st.columns(2)
            if yes.button("삭제 확인", key="conv_delete_yes", type="primary"):
                ws.delete_conversation(me, conv.conv_id)
                st.session_state.pop("conv_confirm", None)
                st.session_state[NEW_KEY] = True
                _select(None)
                st.rerun()
            if no.button("취소", key="conv_delete_no"):
                st.session_state.pop("conv_confirm", None)
                st.rerun()
