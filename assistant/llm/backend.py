"""The LLM answer backend: passages + tools → a Draft with [n] markers, for either protocol.

`compose()` asks the model with the top passages (stable ids) and the rule/calculation tools
(the LangChain StructuredTools of assistant/tools.py, offered as function schemas). Each tool
call is executed here, by the same pure functions the deterministic router uses; its result
becomes a citable passage with the next id, and its numbers are the only computed numbers
the gate will accept. A tool input number that is in no passage, tool result or the
question is flagged, and that call's numbers are not accepted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ..grounding import MARKER
from ..models import REFUSAL, Draft, Evidence, Hit, ToolCall
from ..quantities import BARE, SourceNumbers, normalise
from ..settings import Settings
from .base import ChatClient, ChatReply, LLMError, Message, OnToken, ToolsRejected
from .prompt import (NO_TOOLS, answer_messages, clean_condensed, condense_messages, refine_quotes, tool_chunk,
                     tool_message)

MAX_TOOL_ROUNDS = 4
NO_TOOLS_NOTE = ("LLM 서버가 도구 호출을 거부해 도구 없이 다시 물었습니다; 판정과 계산은 규칙 엔진이 합니다 / "
                 "the endpoint rejected tool calling: asked again without tools; verdicts and calculations "
                 "come from the rule engine")


def _numbers_of(value: Any, out: set[str]) -> None:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        out.add(normalise(f"{value:.10f}") if isinstance(value, float) else str(value))
    elif isinstance(value, str):
        out.update(normalise(m.group()) for m in BARE.finditer(value))
    elif isinstance(value, dict):
        for v in value.values():
            _numbers_of(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _numbers_of(v, out)


class LLMBackend:
    """An `AnswerBackend` (answer.py) over a chat endpoint; `llm = True` tells the pipeline to
    pass the conversation, stream tokens and run the strict gate."""

    llm = True

    def __init__(self, client: ChatClient, settings: Settings, title_of: Callable[[str], str],
                 tools: Callable[[], list[Any]]):
        self.client = client
        self.name = client.protocol
        self.model = client.model
        self.settings = settings
        self.title_of = title_of
        self._tools_factory = tools
        self._tools: list[Any] | None = None

    @property
    def tools(self) -> list[Any]:
        if self._tools is None:
            self._tools = self._tools_factory()
        return self._tools

    def tool_schemas(self) -> list[dict[str, Any]]:
        from langchain_core.utils.function_calling import convert_to_openai_tool

        return [convert_to_openai_tool(t) for t in self.tools]

    def condense(self, question: str, history: Sequence[Any]) -> str | None:
        reply = self.client.chat(condense_messages(question, history, self.settings.llm_history_turns))
        return clean_condensed(reply.content, question)

    def compose(self, question: str, hits: list[Hit], history: Sequence[Any] = (),
                on_token: OnToken | None = None) -> Draft:
        passages = hits[: self.settings.llm_passages]
        evidence = [Evidence(h.chunk, h.chunk.text, 0, len(h.chunk.text)) for h in passages]
        messages = answer_messages(question, passages, self.title_of, history, self.settings.llm_history_turns)
        offered = SourceNumbers.empty()
        for h in passages:
            offered.add_text(h.chunk.text)
        offered.add_text(question)
        calls: list[ToolCall] = []
        tool_numbers: set[str] = set()
        schemas = self.tool_schemas()
        notes: list[str] = []
        for _ in range(MAX_TOOL_ROUNDS + 1):
            try:
                reply = self.client.chat(messages, schemas or None, stream=on_token is not None, on_token=on_token)
            except ToolsRejected as err:
                if not schemas or calls:
                    raise
                schemas = []
                reply = self._without_tools(messages, on_token, notes, err)
            if not reply.tool_calls:
                draft = self._draft(reply.content, evidence, calls, tool_numbers)
                draft.notes = notes
                return draft
            messages.append({"role": "assistant", "content": reply.content or "", "tool_calls": [
                {"id": tc.id, "type": "function", "function": {"name": tc.name, "arguments": tc.raw_arguments or "{}"}}
                for tc in reply.tool_calls]})
            for tc in reply.tool_calls:
                messages.append(self._run_tool(tc, evidence, calls, tool_numbers, offered))
        raise LLMError(f"도구 호출이 {MAX_TOOL_ROUNDS}번을 넘었습니다 / more than {MAX_TOOL_ROUNDS} rounds of tool calls")

    def _without_tools(self, messages: list[Message], on_token: OnToken | None, notes: list[str],
                       err: ToolsRejected) -> ChatReply:
        """Ask once more with no tools offered (an endpoint started without tool calling). The
        model is told not to judge or compute; the pipeline lets the rule engine decide."""
        messages[0] = {**messages[0], "content": messages[0]["content"] + NO_TOOLS}
        notes.append(f"{NO_TOOLS_NOTE} (HTTP {err.status})")
        return self.client.chat(messages, None, stream=on_token is not None, on_token=on_token)

    def _run_tool(self, tc, evidence: list[Evidence], calls: list[ToolCall], tool_numbers: set[str],
                  offered: SourceNumbers) -> Message:
        tool = next((t for t in self.tools if t.name == tc.name), None)
        args = tc.arguments
        if tool is None:
            result: Any = {"error": f"없는 도구입니다 / unknown tool: {tc.name}"}
        elif args is None:
            result = {"error": "도구 인자가 JSON 객체가 아닙니다 / tool arguments are not a JSON object"}
        else:
            try:
                result = tool.invoke(args)
            except Exception as err:  # a validation error goes back to the model as data
                result = {"error": f"{type(err).__name__}: {str(err)[:300]}"}
        args = args or {}
        inputs: set[str] = set()
        _numbers_of(args, inputs)
        unsourced = sorted(n for n in inputs if n not in offered.written and n not in tool_numbers)
        if isinstance(result, dict) and unsourced:
            result = {**result, "unsourced_inputs": unsourced,
                      "경고": "입력값 일부가 자료·질문·이전 도구 결과에 없습니다; 이 결과의 숫자는 인정되지 않습니다"}
        elif result is None:
            result = {"found": False}
        chunk = tool_chunk(tc.name, args, result, len(calls) + 1)
        evidence.append(Evidence(chunk, chunk.text, 0, len(chunk.text)))
        n = len(evidence)
        shown = result if isinstance(result, dict) else {"result": result}
        calls.append(ToolCall(tc.name, json.loads(json.dumps(args, default=str)),
                              json.loads(json.dumps(shown, ensure_ascii=False, default=str)), [n]))
        if not unsourced and not (isinstance(result, dict) and "error" in result):
            found: set[str] = set()
            _numbers_of(args, found)
            _numbers_of(result, found)
            tool_numbers |= found
            for num in found:
                offered.add_value(num)
        return tool_message(tc.id, n, chunk)

    def _draft(self, text: str, evidence: list[Evidence], calls: list[ToolCall], tool_numbers: set[str]) -> Draft:
        text = text.strip()
        if not text:
            raise LLMError("LLM이 빈 답을 보냈습니다 / the LLM returned an empty answer")
        if REFUSAL in text and not MARKER.search(text):
            return Draft("", [], refused=True, tool_calls=calls)
        refine_quotes(text, evidence)
        return Draft(text, evidence, tool_calls=calls, tool_numbers=sorted(tool_numbers))
