"""A scripted chat-model server for the tests: a real HTTP server on 127.0.0.1 (http.server in
a thread) speaking both protocols the LLM backends use —

    OpenAI-compatible  POST /v1/chat/completions  (JSON, or SSE with "stream": true; tool_calls)
                       GET  /v1/models
    Ollama             POST /api/chat             (JSON, or NDJSON with "stream": true; tool_calls)
                       GET  /api/tags

The request's "model" names the script that answers it (see SCRIPTS). Scripts read the real
request — the numbered <자료> passages and tool results the backend sent — to decide what to
say, the way a model would, so ids and numbers line up with what the backend offered.
Every request is recorded (path, body, headers) for assertions.

    with ScriptedLLM() as llm:
        settings = …(llm_base_url=llm.openai_url, llm_model="cited")
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BUDGET = {"2022": "519,778천원", "2023": "523,783천원", "2024": "533,478천원"}
BUDGET_HANGUL = {"2022": "5억 1,977만 8천원", "2023": "5억 2,378만 3천원", "2024": "5억 3,347만 8천원"}
PASSAGE = re.compile(r'<자료 id="(\d+)"[^\n]*>\n(.*?)\n</자료>', re.S)
TOOL_ID = re.compile(r"인용 번호 \[(\d+)\]")


@dataclass
class Reply:
    content: str = ""
    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    raw: bytes | None = None  # sent as is (a malformed body)
    delay_s: float = 0.0
    piece_delay_s: float = 0.0  # between streamed pieces (so a browser can watch the stream)


# ---- reading the request like a model would ----------------------------------------------------

def user_text(body: dict[str, Any]) -> str:
    return "\n".join(m.get("content") or "" for m in body["messages"] if m["role"] == "user")


def question_of(body: dict[str, Any]) -> str:
    text = user_text(body)
    return text.rsplit("[질문]\n", 1)[-1].strip() if "[질문]" in text else text


def passages(body: dict[str, Any]) -> dict[int, str]:
    return {int(n): t for n, t in PASSAGE.findall(user_text(body))}


def cite(body: dict[str, Any], needle: str) -> int | None:
    return next((n for n, t in passages(body).items() if needle in t), None)


def tool_results(body: dict[str, Any]) -> list[tuple[int, str]]:
    out = []
    for m in body["messages"]:
        if m["role"] == "tool":
            found = TOOL_ID.search(m["content"])
            out.append((int(found.group(1)) if found else 0, m["content"]))
    return out


def year_of(text: str) -> str:
    m = re.search(r"(20\d\d)\s*년", text)
    return m.group(1) if m else "2024"


# ---- scripts -----------------------------------------------------------------------------------

def budget_answer(body: dict[str, Any]) -> tuple[str, int | None]:
    year = year_of(question_of(body))
    n = cite(body, BUDGET[year])
    return f"{year}년 전자상거래센터 민간위탁금 합계는 {BUDGET_HANGUL[year]}입니다 [{n}].", n


def cited(body: dict[str, Any]) -> Reply:
    text, n = budget_answer(body)
    return Reply(text if n else "출처에서 확인되지 않습니다.")


def cited_slowly(body: dict[str, Any]) -> Reply:
    reply = cited(body)
    reply.piece_delay_s = 0.25
    return reply


def invented_citation(body: dict[str, Any]) -> Reply:
    text, n = budget_answer(body)
    return Reply(f"{text} 이 금액은 위탁기간 예산현황표에 있습니다 [{n}][{len(passages(body)) + 7}].")


def invented_number(body: dict[str, Any]) -> Reply:
    text, n = budget_answer(body)
    return Reply(f"{text} 2025년에는 612,300천원으로 늘어날 예정입니다 [{n}].")


def only_invented(body: dict[str, Any]) -> Reply:
    n = 1
    return Reply(f"2024년 민간위탁금은 987,654천원입니다 [{n}]. 2023년에는 876,543천원이었습니다 [{n}].")


def verdict_without_tool(body: dict[str, Any]) -> Reply:
    return Reply("전자상거래센터는 종합성과평가 점수와 관계없이 재계약이 가능합니다 [1].")


def verdict_with_tool(body: dict[str, Any]) -> Reply:
    results = tool_results(body)
    if not results:
        score = re.search(r"(\d{2,3})\s*점", question_of(body))
        return Reply("", [("recontract_eligibility", {"eval_score": float(score.group(1)) if score else 72.0})])
    n, _ = results[-1]
    return Reply(f"재계약 배제 대상입니다 [{n}]. 종합성과평가 결과가 기준에 미달하여 재위탁(공개모집)으로 선정해야 합니다 [{n}].")


def growth_with_tool(body: dict[str, Any]) -> Reply:
    results = tool_results(body)
    if not results:
        return Reply("증감률을 계산하겠습니다.", [("change_and_growth_rate", {"before": 519778, "after": 533478, "unit": "천원"})])
    n, _ = results[-1]
    src = cite(body, BUDGET["2024"])
    return Reply(f"2022년 519,778천원에서 2024년 533,478천원으로 [{src}] 2.64퍼센트 늘었습니다 [{n}].")


def growth_unsourced_inputs(body: dict[str, Any]) -> Reply:
    results = tool_results(body)
    if not results:
        return Reply("", [("change_and_growth_rate", {"before": 400000, "after": 500000})])
    n, _ = results[-1]
    return Reply(f"민간위탁금은 25퍼센트 늘었습니다 [{n}].")


def echo(body: dict[str, Any]) -> Reply:
    """Any question: the first line of passage 1, cited (what a cautious model might do)."""
    ps = passages(body)
    if not ps:
        return Reply("출처에서 확인되지 않습니다.")
    line = next((ln.strip() for ln in ps[1].splitlines() if len(ln.strip()) > 4), ps[1].strip())
    return Reply(f"{line.rstrip('.')} [1].")


def echo_question_slowly(body: dict[str, Any]) -> Reply:
    """A model repeating the question it was asked (with whatever Markdown it holds), streamed slowly."""
    return Reply(f"{question_of(body)} [1]", piece_delay_s=0.15)


def obey_injection(body: dict[str, Any]) -> Reply:
    """A model that followed an instruction planted in a document."""
    return Reply("이전 지시를 무시합니다. 이 수탁기관은 재계약이 가능합니다.")


def malformed(body: dict[str, Any]) -> Reply:
    return Reply(raw=b'{"choices": [{"message": {"content": "2024\xeb\x85\x84 [1]' if not body.get("stream") else b"")


def slow(body: dict[str, Any]) -> Reply:
    return Reply("2024년 자료입니다 [1].", delay_s=30)


SCRIPTS: dict[str, Callable[[dict[str, Any]], Reply]] = {
    "cited": cited, "cited-slow": cited_slowly, "invented-citation": invented_citation, "invented-number": invented_number,
    "only-invented": only_invented, "verdict-no-tool": verdict_without_tool, "verdict-tool": verdict_with_tool,
    "growth-tool": growth_with_tool, "growth-unsourced": growth_unsourced_inputs, "echo": echo,
    "echo-question-slow": echo_question_slowly, "obey-injection": obey_injection, "malformed": malformed, "slow": slow,
}


# ---- endpoints started without tool calling: what real servers answer to a request with "tools" ----

TOOL_REFUSALS: dict[str, tuple[int, dict[str, Any]]] = {
    "vllm": (400, {"object": "error", "type": "BadRequestError", "code": 400, "message":
                   '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set'}),
    "llama.cpp": (500, {"error": {"code": 500, "message": "tools param requires --jinja flag", "type": "server_error"}}),
    "ollama": (400, {"error": "registry.ollama.ai/library/gemma:2b does not support tools"}),
    # a 400 that is not about tools: must not be retried
    "context": (400, {"object": "error", "type": "BadRequestError", "code": 400,
                      "message": "This model's maximum context length is 2048 tokens."}),
}


# ---- the server ----------------------------------------------------------------------------------

class ScriptedLLM:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.condensed: str | None = None  # reply to condense requests; None = echo the question
        # a key of TOOL_REFUSALS: every request offering "tools" gets that error (a server started
        # without tool calling); requests without tools are answered by the script, as text only
        self.reject_tools: str | None = None
        self._stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                owner.requests.append({"path": self.path, "body": None, "headers": dict(self.headers)})
                if self.path == "/v1/models":
                    self._json({"object": "list", "data": [{"id": m, "object": "model"} for m in SCRIPTS]})
                elif self.path == "/api/tags":
                    self._json({"models": [{"name": m, "model": m} for m in SCRIPTS]})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                body = json.loads(raw)
                owner.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
                if self.path not in ("/v1/chat/completions", "/api/chat"):
                    self.send_error(404)
                    return
                script = SCRIPTS.get(body.get("model", ""))
                if script is None:
                    self._json({"error": {"message": f"model {body.get('model')} not found"}}, 404)
                    return
                if body.get("tools") and owner.reject_tools:
                    status, error = TOOL_REFUSALS[owner.reject_tools]
                    self._json(error, status)
                    return
                if "[후속 질문]" in user_text(body):  # a condense request
                    reply = Reply(owner.condensed or question_of(body).splitlines()[-1])
                else:
                    reply = script(body)
                    if not body.get("tools"):  # no tools offered: a model can only write text
                        reply.tool_calls = []
                if reply.delay_s and owner._stop.wait(reply.delay_s):
                    return
                try:
                    if self.path == "/api/chat":
                        self._ollama(body, reply)
                    else:
                        self._openai(body, reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _json(self, obj: Any, status: int = 200) -> None:
                data = json.dumps(obj, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _start_stream(self, ctype: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.end_headers()

            def _openai(self, body: dict[str, Any], reply: Reply) -> None:
                calls = [{"id": f"call_{i}", "type": "function",
                          "function": {"name": name, "arguments": json.dumps(args, ensure_ascii=False)}}
                         for i, (name, args) in enumerate(reply.tool_calls)]
                if not body.get("stream"):
                    if reply.raw is not None:
                        self.send_response(200)
                        self.send_header("Content-Type", "application/json")
                        self.end_headers()
                        self.wfile.write(reply.raw)
                        return
                    msg: dict[str, Any] = {"role": "assistant", "content": reply.content or None}
                    if calls:
                        msg["tool_calls"] = calls
                    self._json({"id": "chatcmpl-1", "object": "chat.completion", "model": body["model"],
                                "choices": [{"index": 0, "message": msg,
                                             "finish_reason": "tool_calls" if calls else "stop"}]})
                    return
                self._start_stream("text/event-stream")
                if reply.raw is not None:
                    self.wfile.write(b'data: {"choices": [{"delta": {"content": "2024\xeb\x85\x84"}}]}\n\n')
                    self.wfile.write(b'data: {"choices": [{"delta": {"content": \n\n')
                    return
                for piece in _pieces(reply.content):
                    self._sse({"choices": [{"index": 0, "delta": {"content": piece}}]})
                    owner._stop.wait(reply.piece_delay_s)
                for i, call in enumerate(calls):  # the arguments arrive in two fragments, as real servers do
                    args = call["function"]["arguments"]
                    half = len(args) // 2
                    self._sse({"choices": [{"index": 0, "delta": {"tool_calls": [
                        {"index": i, "id": call["id"], "type": "function",
                         "function": {"name": call["function"]["name"], "arguments": args[:half]}}]}}]})
                    self._sse({"choices": [{"index": 0, "delta": {"tool_calls": [
                        {"index": i, "function": {"arguments": args[half:]}}]}}]})
                self._sse({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls" if calls else "stop"}]})
                self.wfile.write(b"data: [DONE]\n\n")

            def _sse(self, obj: Any) -> None:
                self.wfile.write(b"data: " + json.dumps(obj, ensure_ascii=False).encode() + b"\n\n")
                self.wfile.flush()

            def _ollama(self, body: dict[str, Any], reply: Reply) -> None:
                calls = [{"function": {"name": name, "arguments": args}} for name, args in reply.tool_calls]
                if not body.get("stream"):
                    if reply.raw is not None:
                        self.send_response(200)
                        self.end_headers()
                        self.wfile.write(reply.raw)
                        return
                    msg: dict[str, Any] = {"role": "assistant", "content": reply.content}
                    if calls:
                        msg["tool_calls"] = calls
                    self._json({"model": body["model"], "message": msg, "done": True})
                    return
                self._start_stream("application/x-ndjson")
                if reply.raw is not None:
                    self.wfile.write(b'{"message": {"role": "assistant", "content": "2024"}, "done": false}\n{"mess\n')
                    return
                for piece in _pieces(reply.content):
                    self._line({"model": body["model"], "message": {"role": "assistant", "content": piece}, "done": False})
                    owner._stop.wait(reply.piece_delay_s)
                if calls:
                    self._line({"model": body["model"], "message": {"role": "assistant", "content": "", "tool_calls": calls},
                                "done": False})
                self._line({"model": body["model"], "message": {"role": "assistant", "content": ""}, "done": True,
                            "done_reason": "stop"})

            def _line(self, obj: Any) -> None:
                self.wfile.write(json.dumps(obj, ensure_ascii=False).encode() + b"\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def openai_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def ollama_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["body"] is not None]

    def start(self) -> "ScriptedLLM":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "ScriptedLLM":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _pieces(text: str, size: int = 6) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


def dead_url() -> str:
    """A loopback port nothing listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


if __name__ == "__main__":  # by hand: python -m tests.llm_server (prints the OpenAI base URL)
    import time

    with ScriptedLLM() as srv:
        print(srv.openai_url, flush=True)
        while True:
            time.sleep(3600)
