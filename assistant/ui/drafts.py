"""The draft panel: answers collected with "초안에 담기", reordered, edited, exported with citations."""

from __future__ import annotations

import streamlit as st

from ..export import FORMATS, MIME_TYPES, DraftDocument, export_bytes, file_name
from ..models import Answer

KEY = "draft_json"
LABELS = {"docx": "Word(DOCX)", "md": "Markdown", "hwpx": "한/글(HWPX)"}


def current_draft() -> DraftDocument:
    if KEY not in st.session_state:
        st.session_state[KEY] = DraftDocument().dumps()
    return DraftDocument.from_json(st.session_state[KEY])


def save(draft: DraftDocument) -> None:
    st.session_state[KEY] = draft.dumps()


def add_to_draft(answer: Answer) -> None:
    draft = current_draft()
    draft.add(answer)
    save(draft)


def render_draft_panel() -> None:
    draft = current_draft()
    st.subheader(f"초안 ({len(draft.items)})")
    if not draft.items:
        st.caption("답 아래의 ‘초안에 담기’로 답을 모으면 출처를 유지한 채 내보낼 수 있습니다.")
        return
    title = st.text_input("초안 제목", draft.title, key="draft_title")
    if title != draft.title:
        draft.title = title
        save(draft)
    for i, item in enumerate(draft.items):
        with st.expander(f"{i + 1}. {item.question}", expanded=False):
            text = st.text_area("문장 (표시 [n]은 출처 번호)", item.text, key=f"draft_text_{item.item_id}", height=150)
            if text != item.text:
                draft.edit(item.item_id, text)
                save(draft)
            cols = st.columns(3)
            if cols[0].button("↑", key=f"up_{item.item_id}", disabled=i == 0):
                draft.move(item.item_id, -1)
                save(draft)
                st.rerun()
            if cols[1].button("↓", key=f"down_{item.item_id}", disabled=i == len(draft.items) - 1):
                draft.move(item.item_id, 1)
                save(draft)
                st.rerun()
            if cols[2].button("빼기", key=f"rm_{item.item_id}"):
                draft.remove(item.item_id)
                save(draft)
                st.rerun()
    for fmt in FORMATS:
        st.download_button(
            f"{LABELS.get(fmt, fmt)}로 내려받기", export_bytes(draft, fmt), file_name=file_name(draft, fmt),
            mime=MIME_TYPES[fmt], key=f"dl_{fmt}",
        )
