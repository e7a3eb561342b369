"""Both LLM backends against a real HTTP server speaking their protocols (tests/llm_server.py),
in plain JSON and streamed: every scripted reply lands as the grounding gate says."""

from __future__ import annotations

import copy
import json
import time

import pytest

from assistant.errors import AssistantError
from assistant.grounding import FALLBACK, PARTIAL, VERIFIED
from assistant.llm import make_client
from assistant.llm.prompt import SYSTEM
from assistant.pipeline import make_backend

from .llm_server import ScriptedLLM, dead_url

BUDGET_Q = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"
VERDICT_Q = "전자상거래센터 종합성과평가 72점이면 재계약 가능해?"
GROWTH_Q = "2022년 대비 2024년 전자상거래센터 민간위탁금 증감률은?"
MODES = [("openai", False), ("openai", True), ("ollama", False), ("ollama", True)]


@pytest.fixture(scope="module")
def llm():
    with ScriptedLLM() as server:
        yield server


def with_backend(base, protocol: str, url: str, model: str, **settings):
    """The session's Assistant (same index, tools, facts) answering through an LLM backend."""
    _ = base.tool_hook  # facts tables built once, shared by the copies
    a = copy.copy(base)
    a.settings = base.settings.with_overrides(answer_backend=protocol, llm_base_url=url, llm_model=model, **settings)
    a.__dict__.pop("extractive_backend", None)
    a.backend = make_backend(protocol, a)
    return a


def ask(base, llm, protocol, model, question, stream=False, **settings):
    url = llm.openai_url if protocol == "openai" else llm.ollama_url
    a = with_backend(base, protocol, url, model, **settings)
    tokens: list[str] = []
    answer = a.ask(question, on_token=tokens.append if stream else None)
    return answer, tokens


@pytest.mark.parametrize("protocol,stream", MODES)
def test_good_cited_answer_is_verified(assistant, llm, protocol, stream):
    answer, tokens = ask(assistant, llm, protocol, "cited", BUDGET_Q, stream)
    assert answer.status == VERIFIED and answer.backend == protocol and not answer.notes
    assert "5억 3,347만 8천원" in answer.answer and answer.answer.endswith("[1].")
    assert "533,478천원" in answer.citations[0].quote  # the supporting row, found by value
    assert (len(tokens) > 1) == stream  # streamed in pieces only when asked
    if stream:
        assert "".join(tokens).startswith("2024년 전자상거래센터")


@pytest.mark.parametrize("protocol,stream", MODES)
def test_invented_citation_is_stripped(assistant, llm, protocol, stream):
    answer, _ = ask(assistant, llm, protocol, "invented-citation", BUDGET_Q, stream)
    assert answer.status == PARTIAL and answer.backend == protocol
    assert [c.n for c in answer.citations] == [1] and "[2]" not in answer.answer
    assert any("근거 목록에 없는 출처 번호" in n for n in answer.notes)


@pytest.mark.parametrize("protocol,stream", MODES)
def test_invented_number_sentence_is_removed(assistant, llm, protocol, stream):
    answer, _ = ask(assistant, llm, protocol, "invented-number", BUDGET_Q, stream)
    assert answer.status == PARTIAL and "612,300" not in answer.answer and "5억 3,347만 8천원" in answer.answer
    assert any("숫자" in n for n in answer.notes)


@pytest.mark.parametrize("protocol,stream", MODES)
def test_answer_failing_as_a_whole_falls_back_to_extractive(assistant, llm, protocol, stream):
    answer, _ = ask(assistant, llm, protocol, "only-invented", BUDGET_Q, stream)
    assert answer.status == FALLBACK and answer.backend == "extractive"
    assert "533,478천원" in answer.answer and "987,654" not in answer.answer
    assert any("추출 답변으로 대체" in n for n in answer.notes)


@pytest.mark.parametrize("protocol,stream", MODES)
def test_verdict_without_tool_is_replaced_by_the_rule_tool(assistant, llm, protocol, stream):
    answer, _ = ask(assistant, llm, protocol, "verdict-no-tool", VERDICT_Q, stream)
    assert answer.status == FALLBACK and "재계약이 가능합니다" not in answer.answer
    assert answer.answer.startswith("재계약 배제 대상")
    assert answer.tool_calls and answer.tool_calls[0].name == "recontract_eligibility"
    assert any("규칙 도구 없이 판정" in n for n in answer.notes)


@pytest.mark.parametrize("protocol,stream", MODES)
def test_verdict_through_the_tool_call_is_verified(assistant, llm, protocol, stream):
    answer, _ = ask(assistant, llm, protocol, "verdict-tool", VERDICT_Q, stream)
    assert answer.status == VERIFIED and answer.backend == protocol
    call = answer.tool_calls[0]
    assert call.name == "recontract_eligibility" and call.args["eval_score"] == 72
    assert call.result["recontract_allowed"] is False and call.citations == [1]
    assert answer.citations[0].doc == "규칙·계산 도구"
    offered = {t["function"]["name"] for t in llm.chat_requests()[-1]["body"]["tools"]}
    assert {"recontract_eligibility", "council_consent_required", "change_and_growth_rate", "lookup_fact"} <= offered


@pytest.mark.parametrize("protocol,stream", MODES)
def test_computed_number_comes_from_the_tool(assistant, llm, protocol, stream):
    answer, _ = ask(assistant, llm, protocol, "growth-tool", GROWTH_Q, stream)
    assert answer.status == VERIFIED and "2.64퍼센트" in answer.answer
    assert answer.tool_calls[0].name == "change_and_growth_rate"
    assert answer.tool_calls[0].result["growth_rate"]["value"] == 2.64


def test_tool_inputs_not_in_the_sources_do_not_ground_numbers(assistant, llm):
    answer, _ = ask(assistant, llm, "openai", "growth-unsourced", "민간위탁금 증가율은?")
    assert "25퍼센트" not in answer.answer and answer.status == FALLBACK


@pytest.mark.parametrize("protocol,stream", MODES)
def test_malformed_reply_falls_back(assistant, llm, protocol, stream):
    answer, _ = ask(assistant, llm, protocol, "malformed", BUDGET_Q, stream)
    assert answer.status == FALLBACK and "533,478천원" in answer.answer
    assert any("JSON" in n for n in answer.notes)


@pytest.mark.parametrize("protocol,stream", [("openai", True), ("ollama", False)])
def test_timeout_falls_back_within_the_limit(assistant, llm, protocol, stream):
    t0 = time.monotonic()
    answer, _ = ask(assistant, llm, protocol, "slow", BUDGET_Q, stream, llm_timeout_s=1.0)
    assert time.monotonic() - t0 < 5
    assert answer.status == FALLBACK and any("시간 초과" in n for n in answer.notes)


@pytest.mark.parametrize("protocol", ["openai", "ollama"])
def test_dead_endpoint_falls_back(assistant, protocol):
    a = with_backend(assistant, protocol, dead_url(), "cited")
    answer = a.ask(BUDGET_Q)
    assert answer.status == FALLBACK and "533,478천원" in answer.answer
    assert any("연결할 수 없습니다" in n for n in answer.notes)


def test_api_key_goes_only_into_the_header(assistant, llm):
    secret = "sk-test-0123456789abcdef"
    answer, _ = ask(assistant, llm, "openai", "cited", BUDGET_Q, llm_api_key=secret)
    assert llm.chat_requests()[-1]["headers"]["Authorization"] == f"Bearer {secret}"
    a = with_backend(assistant, "openai", dead_url(), "cited", llm_api_key=secret)
    failed = a.ask(BUDGET_Q)
    shown = json.dumps([answer.to_json(), failed.to_json()], ensure_ascii=False) + repr(a.settings)
    assert secret not in shown


def test_endpoint_must_be_loopback_unless_allowed(corpus_settings):
    remote = corpus_settings.with_overrides(llm_base_url="http://10.20.30.40:8000/v1", llm_model="m")
    with pytest.raises(AssistantError, match="allow_remote_llm"):
        make_client("openai", remote)
    assert make_client("openai", remote.with_overrides(allow_remote_llm=True)).base_url.startswith("http://10.20.30.40")
    assert make_client("ollama", remote.with_overrides(llm_base_url="http://localhost:11434")).base_url
    with pytest.raises(AssistantError, match="올바르지"):
        make_client("openai", remote.with_overrides(llm_base_url="ftp://127.0.0.1/v1"))


def test_model_gets_system_rules_passages_with_ids_and_history_as_data(assistant, llm):
    a = with_backend(assistant, "ollama", llm.ollama_url, "cited")
    a.ask("그럼 2022년에는?", history=[{"question": BUDGET_Q, "answer": "합계는 533,478천원입니다 [1]."}])
    body = [r for r in llm.chat_requests() if r["body"].get("tools")][-1]["body"]
    system, user = body["messages"][0], body["messages"][1]
    assert system == {"role": "system", "content": SYSTEM}
    assert '<자료 id="1"' in user["content"] and "[이전 대화" in user["content"] and BUDGET_Q in user["content"]
    assert body["options"]["temperature"] == 0.0 and body["options"]["num_predict"] == 1024


def test_api_key_only_from_environment(tmp_path):
    from assistant.settings import load_settings

    toml = tmp_path / "council-assistant.toml"
    toml.write_text('answer_backend = "openai"\nllm_api_key = "sk-in-a-file"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="API 키"):
        load_settings(toml, env={})
    toml.write_text('answer_backend = "openai"\nllm_model = "m"\n', encoding="utf-8")
    s = load_settings(toml, env={"COUNCIL_ASSISTANT_LLM_API_KEY": "sk-env"})
    assert s.llm_api_key == "sk-env" and "sk-env" not in repr(s) and s.answer_backend == "openai"
