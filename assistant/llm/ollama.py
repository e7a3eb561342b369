"""Ollama's native `/api/chat` (streams newline-delimited JSON; tools since Ollama 0.3).

Messages arrive in the OpenAI shape used everywhere else and are converted here: tool-call
arguments are objects, not JSON strings, and a tool result names its tool (`tool_name`).
"""

from __future__ import annotations

import json
from typing import Any

from ..settings import Settings
from .base import ChatReply, HttpClientBase, LLMError, Message, OnToken, ToolRequest, endpoint, parse_arguments

DEFAULT_URL = "http://127.0.0.1:11434"


def _to_ollama(messages: list[Message]) -> list[Message]:
    names: dict[str, str] = {}
    out = []
    for m in messages:
        if m.get("role") == "assistant" and m.get("tool_calls"):
            calls = []
            for tc in m["tool_calls"]:
                fn = tc["function"]
                names[tc.get("id", "")] = fn["name"]
                args, _ = parse_arguments(fn.get("arguments"))
                calls.append({"function": {"name": fn["name"], "arguments": args or {}}})
            out.append({"role": "assistant", "content": m.get("content") or "", "tool_calls": calls})
        elif m.get("role") == "tool":
            out.append({"role": "tool", "content": m["content"], "tool_name": names.get(m.get("tool_call_id", ""), "")})
        else:
            out.append({"role": m["role"], "content": m.get("content") or ""})
    return out


class OllamaClient(HttpClientBase):
    protocol = "ollama"

    def __init__(self, settings: Settings):
        super().__init__(settings, endpoint(settings, DEFAULT_URL))

    def _body(self, messages: list[Message], tools: list[dict[str, Any]] | None, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model, "messages": _to_ollama(messages), "stream": stream,
            "options": {"temperature": self.temperature, "num_predict": self.max_tokens},
        }
        if tools:
            body["tools"] = tools
        return body

    @staticmethod
    def _calls(msg: dict[str, Any], start: int) -> list[ToolRequest]:
        out = []
        for i, tc in enumerate(msg.get("tool_calls") or [], start):
            fn = tc.get("function") or {}
            args, raw = parse_arguments(fn.get("arguments"))
            out.append(ToolRequest(tc.get("id") or f"call_{i}", fn.get("name", ""), args, raw))
        return out

    def chat(self, messages: list[Message], tools: list[dict[str, Any]] | None = None,
             stream: bool = False, on_token: OnToken | None = None) -> ChatReply:
        if not stream:
            data = self._post_json("/api/chat", self._body(messages, tools, False))
            if "error" in data:
                raise LLMError(f"Ollama 오류 / Ollama error: {str(data['error'])[:200]}")
            msg = data.get("message")
            if not isinstance(msg, dict):
                raise LLMError("Ollama 응답에 message가 없습니다 / Ollama reply has no message")
            return ChatReply(msg.get("content") or "", self._calls(msg, 0))
        content: list[str] = []
        calls: list[ToolRequest] = []
        done = False
        for line in self._stream_lines("/api/chat", self._body(messages, tools, True)):
            if not line.strip():
                continue
            try:
                part = json.loads(line)
            except json.JSONDecodeError as err:
                raise LLMError(f"Ollama 스트림의 줄이 JSON이 아닙니다 / malformed line in the Ollama stream ({err})") from err
            if not isinstance(part, dict):
                raise LLMError("Ollama 스트림 형식이 맞지 않습니다 / unexpected Ollama stream item")
            if "error" in part:
                raise LLMError(f"Ollama 오류 / Ollama error: {str(part['error'])[:200]}")
            msg = part.get("message") or {}
            if msg.get("content"):
                content.append(msg["content"])
                if on_token:
                    on_token(msg["content"])
            calls += self._calls(msg, len(calls))
            if part.get("done"):
                done = True
                break
        if not done:
            raise LLMError("Ollama 스트림이 done 없이 끝났습니다 / the Ollama stream ended before done")
        return ChatReply("".join(content), calls)

    def list_models(self) -> list[str]:
        data = self._get_json("/api/tags")
        try:
            return [m.get("name") or m.get("model") for m in data["models"]]
        except (KeyError, TypeError, AttributeError) as err:
            raise LLMError("/api/tags 응답 형식이 맞지 않습니다 / unexpected /api/tags reply") from err
