"""OpenAI-compatible `/v1/chat/completions` (vLLM, llama.cpp server, LM Studio, gateways).

Plain JSON or SSE streaming (`data: {...}` lines, `data: [DONE]`), with `tool_calls`
accumulated from streamed deltas by index.
"""

from __future__ import annotations

import json
from typing import Any

from ..settings import Settings
from .base import ChatReply, HttpClientBase, LLMError, Message, OnToken, ToolRequest, endpoint, parse_arguments

DEFAULT_URL = "http://127.0.0.1:8000/v1"


class OpenAIClient(HttpClientBase):
    protocol = "openai"

    def __init__(self, settings: Settings):
        super().__init__(settings, endpoint(settings, DEFAULT_URL))

    def _body(self, messages: list[Message], tools: list[dict[str, Any]] | None, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model, "messages": messages, "temperature": self.temperature,
            "max_tokens": self.max_tokens, "stream": stream,
        }
        if tools:
            body["tools"] = tools
            body["tool_choice"] = "auto"
        return body

    def chat(self, messages: list[Message], tools: list[dict[str, Any]] | None = None,
             stream: bool = False, on_token: OnToken | None = None) -> ChatReply:
        if stream:
            return self._chat_stream(messages, tools, on_token)
        data = self._post_json("/chat/completions", self._body(messages, tools, False))
        try:
            msg = data["choices"][0]["message"]
        except (KeyError, IndexError, TypeError) as err:
            raise LLMError("LLM 응답에 choices[0].message가 없습니다 / reply has no choices[0].message") from err
        calls = []
        for i, tc in enumerate(msg.get("tool_calls") or []):
            fn = tc.get("function") or {}
            args, raw = parse_arguments(fn.get("arguments"))
            calls.append(ToolRequest(tc.get("id") or f"call_{i}", fn.get("name", ""), args, raw))
        return ChatReply(msg.get("content") or "", calls)

    def _chat_stream(self, messages: list[Message], tools: list[dict[str, Any]] | None,
                     on_token: OnToken | None) -> ChatReply:
        content: list[str] = []
        partial: dict[int, dict[str, str]] = {}
        done = False
        for line in self._stream_lines("/chat/completions", self._body(messages, tools, True)):
            if not line.startswith("data:"):
                continue  # SSE comments, event names, keep-alives
            payload = line[5:].strip()
            if payload == "[DONE]":
                done = True
                break
            try:
                chunk = json.loads(payload)
                delta = chunk["choices"][0].get("delta") or {} if chunk.get("choices") else {}
            except (json.JSONDecodeError, KeyError, IndexError, TypeError, AttributeError) as err:
                raise LLMError(f"LLM 스트림의 조각이 JSON이 아닙니다 / malformed chunk in the LLM stream ({err})") from err
            if delta.get("content"):
                content.append(delta["content"])
                if on_token:
                    on_token(delta["content"])
            for tc in delta.get("tool_calls") or []:
                slot = partial.setdefault(int(tc.get("index", 0)), {"id": "", "name": "", "arguments": ""})
                slot["id"] = tc.get("id") or slot["id"]
                fn = tc.get("function") or {}
                slot["name"] += fn.get("name") or ""
                slot["arguments"] += fn.get("arguments") or ""
        if not done and not content and not partial:
            raise LLMError("LLM 스트림이 내용 없이 끝났습니다 / the LLM stream ended without content")
        calls = []
        for i in sorted(partial):
            args, raw = parse_arguments(partial[i]["arguments"])
            calls.append(ToolRequest(partial[i]["id"] or f"call_{i}", partial[i]["name"], args, raw))
        return ChatReply("".join(content), calls)

    def list_models(self) -> list[str]:
        data = self._get_json("/models")
        try:
            return [m["id"] for m in data["data"]]
        except (KeyError, TypeError) as err:
            raise LLMError("/models 응답 형식이 맞지 않습니다 / unexpected /models reply") from err
