"""Optional LLM answer backends behind the `AnswerBackend` seam (docs/llm.md).

    openai   any OpenAI-compatible /v1/chat/completions (vLLM, llama.cpp server, LM Studio, gateways)
    ollama   Ollama's native /api/chat

Off by default: with `answer_backend = "extractive"` nothing here is imported. Every LLM
answer passes the strict grounding gate (grounding.gate_sentences); an answer that fails as a
whole, or an endpoint that fails, is replaced by the extractive answer with a visible note.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import AssistantError
from ..grounding import FALLBACK, VERDICT_TOOLS, finalize, is_verdict
from ..models import Answer, Draft, Hit
from ..tables import SENTENCE_SPLIT
from .backend import NO_TOOLS_NOTE, LLMBackend
from .base import LLMError, OnToken

if TYPE_CHECKING:
    from ..pipeline import Assistant

BACKENDS = ("openai", "ollama")

__all__ = ["BACKENDS", "LLMBackend", "LLMError", "answer_with_llm", "is_llm", "make_client", "make_llm_backend"]


def make_client(name: str, settings: Any):
    if name == "openai":
        from .openai_compat import OpenAIClient

        return OpenAIClient(settings)
    if name == "ollama":
        from .ollama import OllamaClient

        return OllamaClient(settings)
    raise AssistantError(f"알 수 없는 LLM 방식입니다 / unknown LLM backend: {name} (available: {', '.join(BACKENDS)})")


def make_llm_backend(name: str, assistant: "Assistant") -> LLMBackend:
    settings = assistant.settings
    if not settings.llm_model:
        raise AssistantError(
            "LLM 모델 이름이 필요합니다: 설정 llm_model, 환경 변수 COUNCIL_ASSISTANT_LLM_MODEL 또는 --llm-model / "
            "an LLM backend needs a model name (llm_model)"
        )

    def tools() -> list[Any]:
        from ..tools import build_tools

        hook = assistant.tool_hook  # facts tables and rules, built once per index
        return build_tools(getattr(hook, "rules", None), getattr(hook, "facts", None))

    return LLMBackend(make_client(name, settings), settings, assistant.index.title, tools)


def is_llm(backend: Any) -> bool:
    return bool(getattr(backend, "llm", False))


def _unbacked_verdict(draft: Draft) -> bool:
    """The model decided a rule question without calling the rule tool."""
    if any(c.name in VERDICT_TOOLS for c in draft.tool_calls):
        return False
    return any(is_verdict(s) for line in draft.text.split("\n") for s in SENTENCE_SPLIT.split(line))


def _fallback(assistant: "Assistant", question: str, hits: list[Hit], k: int, t0: float, notes: list[str]) -> Answer:
    answer = assistant.answer_extractively(question, hits, k, t0, backend=assistant.extractive_backend)
    answer.status = FALLBACK
    answer.notes = notes + answer.notes
    return answer


def answer_with_llm(assistant: "Assistant", question: str, hits: list[Hit], k: int, history: Sequence[Any] = (),
                    on_token: OnToken | None = None, t0: float | None = None) -> Answer:
    """Compose with the LLM, gate strictly, fall back to the extractive answer when it fails."""
    t0 = time.perf_counter() if t0 is None else t0
    backend: LLMBackend = assistant.backend  # type: ignore[assignment]
    label = f"{backend.name} ({backend.model})"
    try:
        draft = backend.compose(question, hits, history=history, on_token=on_token)
    except LLMError as err:
        return _fallback(assistant, question, hits, k, t0, [
            f"{label} 답변을 받지 못해 추출 답변으로 대체했습니다 / no answer from {label}, extractive answer shown: {err}"])
    unbacked = _unbacked_verdict(draft)
    # an endpoint that refused tools: a rule or calculation question is decided by the rule engine
    without_tools = any(n.startswith(NO_TOOLS_NOTE) for n in draft.notes)
    if (unbacked or without_tools) and assistant.tool_hook is not None:
        tool_draft = assistant.tool_hook(question, assistant.search)
        if tool_draft is not None and (unbacked or tool_draft.tool_calls):
            answer = finalize(question, tool_draft, hits[:k], assistant.index.title, time.perf_counter() - t0,
                              assistant.extractive_backend.name)
            answer.status = FALLBACK
            answer.notes = list(draft.notes)
            if unbacked:
                answer.notes.append(f"{label}이(가) 규칙 도구 없이 판정을 내려, 규칙 도구의 판정으로 대체했습니다 / "
                                    f"{label} gave a verdict without the rule tool; the rule tool's verdict is shown")
            return answer
    answer = finalize(question, draft, hits[:k], assistant.index.title, time.perf_counter() - t0, backend.name,
                      strict=True)
    if answer.refused and not draft.refused:
        return _fallback(assistant, question, hits, k, t0, draft.notes + answer.notes + [
            f"{label}의 답에 검증된 문장이 없어 추출 답변으로 대체했습니다 / nothing in the {label} answer passed "
            "the grounding gate; extractive answer shown"])
    answer.notes = draft.notes + answer.notes
    return answer
