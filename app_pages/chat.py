"""Chat page: question in, cited answer out (history per browser session, draft panel in the sidebar)."""

from __future__ import annotations

import streamlit as st

from assistant.ui.drafts import add_to_draft, render_draft_panel
from assistant.ui.llm_view import ask_in_chat, history_of, render_answer_meta
from assistant.ui.render import doc_lines, friendly_errors, render_answer, render_doc_list
from assistant.ui.sidebar import load_messages, record, render_conversations
from assistant.ui.state import get_assistant

st.title("의정 리서치 어시스턴트")
st.caption("서울특별시의회 입법조사 자료에서 근거와 함께 답합니다. 출처에 없는 내용은 답하지 않습니다.")

with friendly_errors():  # e.g. the Chroma server is down: a short message, details behind a toggle
    assistant = get_assistant()
    if assistant.refresh():
        st.toast("색인이 갱신되어 다시 불러왔습니다.")

with st.sidebar:
    render_conversations()  # saved conversations: new, open, rename, delete, search, export
    st.divider()
    docs = assistant.index.documents()
    with st.expander(f"색인: 문서 {len(docs)}건 · 조각 {sum(d.n_chunks for d in docs)}개", icon=":material/database:"):
        render_doc_list(docs)  # titles come from documents: shown as text, never as Markdown
    k = st.slider("근거 수 (k)", 1, 10, assistant.settings.k)
    st.divider()
    render_draft_panel()

load_messages()  # the open conversation, from the workspace store

for i, msg in enumerate(st.session_state.messages):
    with st.chat_message(msg["role"]):
        if msg["role"] == "user":
            st.markdown(doc_lines(msg["content"]))  # typed text shown as typed: no links or images
        else:
            render_answer(msg["answer"], key=str(i))
            render_answer_meta(msg["answer"])  # gate badge, backend, standalone question
            if not msg["answer"].refused and st.button("초안에 담기", key=f"add_{i}"):
                add_to_draft(msg["answer"])
                st.rerun()

question = st.chat_input("질문을 입력하세요 (예: 2024년 전자상거래센터 민간위탁금은 얼마인가요?)")
if question:
    st.session_state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(doc_lines(question))
    with st.chat_message("assistant"):
        # follow-ups are rewritten from the earlier turns; an LLM backend streams its tokens here
        with friendly_errors():
            answer = ask_in_chat(assistant, question, k, history_of(st.session_state.messages))
        key = str(len(st.session_state.messages))
        render_answer(answer, key=key)
    record(question, answer)  # saved with its sources and tool results
    st.rerun()  # redraw through the history loop, which carries the "초안에 담기" buttons
