"""Chat pieces for answer backends: ask with the conversation (streaming an LLM's tokens), and
under each answer the gate's badge, which backend answered, the standalone question a
follow-up was searched with, and the gate's notes.

Streaming: the pipeline runs in a worker thread and hands tokens over a queue to the script
thread (Streamlit calls stay there), which redraws the text so far in one placeholder. The
streamed text is the model's raw output, shown as "검증 전" and as text (`render.doc_html`: a
model echoing a document's `![x](http://…)` must not make the browser fetch it); when it is
done the placeholder is cleared and the page draws the gated answer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import streamlit as st

from ..grounding import FALLBACK, PARTIAL, VERIFIED
from ..models import Answer
from .render import doc_html, doc_text

BADGE = {VERIFIED: ("green", ":material/verified:"), PARTIAL: ("orange", ":material/warning:"),
         FALLBACK: ("blue", ":material/swap_horiz:")}
BACKEND_LABEL = {"extractive": "추출(오프라인)", "openai": "LLM·OpenAI 호환", "ollama": "LLM·Ollama"}


def history_of(messages: Sequence[dict[str, Any]]) -> list[Answer]:
    """Earlier turns of the chat, as the pipeline takes them (each Answer knows its question)."""
    return [m["answer"] for m in messages if m.get("role") == "assistant" and m.get("answer") is not None]


def ask_in_chat(assistant: Any, question: str, k: int, history: Sequence[Any]) -> Answer:
    """The answer to `question`; an LLM backend's tokens stream into the chat meanwhile."""
    backend = assistant.backend
    if not getattr(backend, "llm", False):
        with st.spinner("근거를 찾는 중…"):
            return assistant.ask(question, k=k, history=history)
    tokens: queue.Queue[str | None] = queue.Queue()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["answer"] = assistant.ask(question, k=k, history=history, on_token=tokens.put)
        except BaseException as err:  # re-raised in the script thread
            outcome["error"] = err
        finally:
            tokens.put(None)

    def stream() -> Iterator[str]:
        while (tok := tokens.get()) is not None:
            yield tok

    worker = threading.Thread(target=work, name="llm-answer", daemon=True)
    worker.start()
    live = st.empty()
    with live.container():
        st.caption(f"{BACKEND_LABEL.get(backend.name, backend.name)} · {getattr(backend, 'model', '')} — "
                   "생성 중 (검증 전) / generating, not yet checked")
        shown, text = st.empty(), ""
        for token in stream():
            text += token
            shown.markdown(f"<div>{doc_html(text)}</div>", unsafe_allow_html=True)
    worker.join()
    live.empty()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["answer"]


def render_answer_meta(answer: Answer) -> None:
    """Badge (검증됨 / 일부 미검증 / 추출 답변으로 대체), backend, standalone question, notes."""
    parts = []
    # "관련 근거" (mode evidence) is not an answer: a 검증됨 badge there would read as one
    if answer.status and getattr(answer, "mode", "answer") != "evidence":
        color, icon = BADGE.get(answer.status, ("gray", None))
        st.badge(answer.status, color=color, icon=icon)
    parts.append(f"답변: {BACKEND_LABEL.get(answer.backend, answer.backend)}")
    if answer.standalone_question and answer.standalone_question != answer.question:
        parts.append(f"검색한 질문: {doc_text(answer.standalone_question)}")
    st.caption(" · ".join(parts))
    for note in answer.notes:
        st.caption(f"※ {doc_text(note)}")
