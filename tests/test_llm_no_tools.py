"""An endpoint started without tool calling (vLLM without --enable-auto-tool-choice, llama.cpp
without --jinja, an Ollama model without tools) refuses a request that offers `tools`. The backend
asks once more without tools; verdicts and calculations then come from the rule engine, and
every answer still passes the grounding gate. Against the real scripted HTTP server."""

from __future__ import annotations

import pytest

from assistant.cli import main
from assistant.grounding import FALLBACK, VERIFIED
from assistant.llm.backend import NO_TOOLS_NOTE
from assistant.llm.prompt import NO_TOOLS, SYSTEM

from .llm_server import ScriptedLLM
from .test_llm_backends import BUDGET_Q, GROWTH_Q, VERDICT_Q, with_backend

CASES = [("openai", "vllm", False), ("openai", "vllm", True), ("openai", "llama.cpp", False),
         ("openai", "llama.cpp", True), ("ollama", "ollama", False), ("ollama", "ollama", True)]


def ask_refusing(base, protocol: str, refusal: str, model: str, question: str, stream: bool = False):
    with ScriptedLLM() as llm:
        llm.reject_tools = refusal
        url = llm.openai_url if protocol == "openai" else llm.ollama_url
        a = with_backend(base, protocol, url, model)
        tokens: list[str] = []
        answer = a.ask(question, on_token=tokens.append if stream else None)
        return answer, llm.chat_requests(), tokens


@pytest.mark.parametrize("protocol,refusal,stream", CASES)
def test_rejected_tools_are_retried_once_without_them(assistant, protocol, refusal, stream):
    answer, requests, tokens = ask_refusing(assistant, protocol, refusal, "cited", BUDGET_Q, stream)
    assert [bool(r["body"].get("tools")) for r in requests] == [True, False]  # one retry, without tools
    assert "tool_choice" not in requests[1]["body"]
    system = requests[1]["body"]["messages"][0]["content"]
    assert system == SYSTEM + NO_TOOLS and requests[0]["body"]["messages"][0]["content"] == SYSTEM
    assert answer.backend == protocol and answer.status == VERIFIED  # the LLM's answer, through the gate
    assert "5억 3,347만 8천원" in answer.answer and "533,478천원" in answer.citations[0].quote
    assert answer.notes and answer.notes[0].startswith(NO_TOOLS_NOTE)
    assert (len(tokens) > 1) == stream


@pytest.mark.parametrize("model", ["verdict-no-tool", "echo"])
def test_without_tools_the_rule_engine_decides_verdicts(assistant, model):
    answer, requests, _ = ask_refusing(assistant, "openai", "vllm", model, VERDICT_Q)
    assert len(requests) == 2
    assert answer.status == FALLBACK and answer.backend == "extractive"
    assert "재계약이 가능합니다" not in answer.answer and answer.answer.startswith("재계약 배제 대상")
    assert answer.tool_calls and answer.tool_calls[0].name == "recontract_eligibility"
    assert answer.tool_calls[0].args["eval_score"] == 72 and answer.tool_calls[0].result["recontract_allowed"] is False
    assert answer.notes[0].startswith(NO_TOOLS_NOTE)


def test_without_tools_calculations_come_from_the_calculator(assistant):
    answer, _, _ = ask_refusing(assistant, "openai", "vllm", "echo", GROWTH_Q)
    assert answer.status == FALLBACK and answer.tool_calls
    assert {c.name for c in answer.tool_calls} & {"growth_rate", "change"}
    assert "2.64" in answer.answer


def test_a_400_that_is_not_about_tools_is_not_retried(assistant):
    answer, requests, _ = ask_refusing(assistant, "openai", "context", "cited", BUDGET_Q)
    assert len(requests) == 1 and requests[0]["body"].get("tools")
    assert answer.status == FALLBACK and answer.backend == "extractive" and "533,478천원" in answer.answer
    assert any("HTTP 400" in n and "context length" in n for n in answer.notes)
    assert not any(n.startswith(NO_TOOLS_NOTE) for n in answer.notes)


def test_doctor_warns_but_passes_when_tools_are_rejected(capsys):
    with ScriptedLLM() as llm:
        llm.reject_tools = "vllm"
        assert main(["doctor", "--backend", "openai", "--llm-url", llm.openai_url, "--llm-model", "cited"]) == 0
        out = capsys.readouterr().out
        assert "⚠ 대화는 되지만 도구 호출(tools)을 받지 않습니다" in out and "규칙 엔진" in out
        llm.reject_tools = "context"  # any other failure of the request with tools still fails the check
        assert main(["doctor", "--backend", "openai", "--llm-url", llm.openai_url, "--llm-model", "cited"]) == 1
