"""What both protocol clients share: the endpoint policy, errors, the reply shape, and the
plain-HTTP plumbing (httpx, a hard deadline per request, the API key only in a header).

A client turns OpenAI-style chat messages (system/user/assistant/tool, `tool_calls` with JSON
arguments) into its protocol and back into a `ChatReply`. Everything above the client — the
prompt, the tool loop, the gate — is protocol-free (assistant/llm/backend.py).
"""

from __future__ import annotations

import ipaddress
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from ..errors import AssistantError
from ..settings import Settings

OnToken = Callable[[str], None]
Message = dict[str, Any]


class LLMError(AssistantError):
    """The endpoint failed (unreachable, timed out, malformed reply): the pipeline falls back
    to the extractive answer and shows `str(err)` as the note."""


class ToolsRejected(LLMError):
    """The endpoint refused the `tools` parameter (vLLM without --enable-auto-tool-choice, llama.cpp
    without --jinja, an Ollama model without tool support, a gateway): ask again without tools."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


# what such refusals say: vLLM '"auto" tool choice requires --enable-auto-tool-choice …' (400),
# Ollama '… does not support tools' (400), llama.cpp 'tools param requires --jinja flag' (500)
TOOLS_REFUSAL = re.compile(r"\btools?\b|tool[_ ]choice|function[ _-]?call", re.I)
TOOLS_REFUSAL_STATUS = (400, 422, 500, 501)


@dataclass
class ToolRequest:
    id: str
    name: str
    arguments: dict[str, Any] | None  # None: the model sent arguments that are not a JSON object
    raw_arguments: str = ""


@dataclass
class ChatReply:
    content: str
    tool_calls: list[ToolRequest] = field(default_factory=list)


@dataclass
class Check:
    """One line of `python -m assistant doctor`."""

    ok: bool
    what: str
    detail: str = ""


class ChatClient(Protocol):
    protocol: str
    base_url: str
    model: str

    def chat(self, messages: list[Message], tools: list[dict[str, Any]] | None = None,
             stream: bool = False, on_token: OnToken | None = None) -> ChatReply: ...

    def list_models(self) -> list[str]: ...


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def endpoint(settings: Settings, default: str) -> str:
    """The base URL to use, refusing a non-loopback endpoint unless `allow_remote_llm` is set."""
    url = (settings.llm_base_url or default).rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AssistantError(f"LLM 주소가 올바르지 않습니다 / invalid LLM base URL: {url!r} (예: http://127.0.0.1:8000/v1)")
    if not is_loopback(url) and not settings.allow_remote_llm:
        raise AssistantError(
            f"LLM 주소 {parts.hostname}은(는) 이 컴퓨터(루프백)가 아닙니다. 기관 내부 서버라면 allow_remote_llm = true "
            f"(환경 변수 COUNCIL_ASSISTANT_ALLOW_REMOTE_LLM=1)로 명시적으로 허용하세요 / the LLM endpoint "
            f"{parts.hostname} is not loopback; set allow_remote_llm to use a server on another machine"
        )
    return url


class HttpClientBase:
    """httpx with the settings' limits. Proxies from the environment are ignored for loopback
    (a corporate proxy must not see local traffic) and honoured for an allowed remote endpoint."""

    protocol = ""

    def __init__(self, settings: Settings, base_url: str):
        self.base_url = base_url
        self.model = settings.llm_model
        self.timeout_s = settings.llm_timeout_s
        self.max_tokens = settings.llm_max_tokens
        self.temperature = settings.llm_temperature
        self._api_key = settings.llm_api_key  # only ever put in the Authorization header
        self._http = httpx.Client(timeout=httpx.Timeout(self.timeout_s), trust_env=not is_loopback(base_url))

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _errors(self, what: str):
        return _ErrorContext(self, what)

    def _post_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._errors("POST " + path):
            r = self._http.post(self.base_url + path, json=body, headers=self._headers())
            _raise_for_status(r)
            try:
                data = r.json()
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                raise LLMError(f"LLM 응답이 JSON이 아닙니다 / the LLM reply is not valid JSON ({err})") from err
            if not isinstance(data, dict):
                raise LLMError("LLM 응답 형식이 맞지 않습니다 / unexpected LLM reply shape")
            return data

    def _get_json(self, path: str) -> Any:
        with self._errors("GET " + path):
            r = self._http.get(self.base_url + path, headers=self._headers())
            _raise_for_status(r)
            try:
                return r.json()
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                raise LLMError(f"LLM 서버 응답이 JSON이 아닙니다 / the LLM server reply is not JSON ({err})") from err

    def _stream_lines(self, path: str, body: dict[str, Any]) -> Iterator[str]:
        """Lines of a streamed reply, within one overall deadline (a server that trickles bytes
        forever must not hold the chat)."""
        deadline = time.monotonic() + self.timeout_s
        with self._errors("POST " + path):
            with self._http.stream("POST", self.base_url + path, json=body, headers=self._headers()) as r:
                if r.status_code >= 400:
                    r.read()
                    _raise_for_status(r)
                for line in r.iter_lines():
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("overall deadline")
                    yield line

    def close(self) -> None:
        self._http.close()


class _ErrorContext:
    """Translate transport failures into bilingual `LLMError`s (never echoing headers or the key)."""

    def __init__(self, client: HttpClientBase, what: str):
        self.client, self.what = client, what

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None or isinstance(exc, LLMError):
            return False
        url = self.client.base_url
        if isinstance(exc, httpx.TimeoutException):
            raise LLMError(f"LLM 응답 시간 초과({self.client.timeout_s:g}초) / the LLM did not answer within "
                           f"{self.client.timeout_s:g} s: {url}") from None
        if isinstance(exc, httpx.ConnectError):
            raise LLMError(f"LLM 서버에 연결할 수 없습니다 / cannot connect to the LLM server: {url}") from None
        if isinstance(exc, httpx.HTTPError):
            raise LLMError(f"LLM 통신 오류 / LLM transport error ({type(exc).__name__}): {url}") from None
        return False


def _raise_for_status(r: httpx.Response) -> None:
    if r.status_code < 400:
        return
    detail = r.text[:200].replace("\n", " ")
    if r.status_code in (401, 403):
        raise LLMError(f"LLM 서버가 인증을 거부했습니다(HTTP {r.status_code}); API 키를 확인하세요 / "
                       f"the LLM server refused the credentials (HTTP {r.status_code}): check the API key")
    if r.status_code in TOOLS_REFUSAL_STATUS and TOOLS_REFUSAL.search(r.text[:2000]):
        raise ToolsRejected(f"LLM 서버가 도구 호출(tools)을 받지 않습니다(HTTP {r.status_code}) / the LLM server "
                            f"rejected tool calling (HTTP {r.status_code}): {detail}", r.status_code)
    if r.status_code == 404:
        raise LLMError(f"LLM 서버에 이 경로나 모델이 없습니다(HTTP 404) / path or model not found on the LLM "
                       f"server: {detail}")
    raise LLMError(f"LLM 서버 오류(HTTP {r.status_code}) / LLM server error (HTTP {r.status_code}): {detail}")


def parse_arguments(raw: Any) -> tuple[dict[str, Any] | None, str]:
    """Tool-call arguments as a dict (OpenAI sends a JSON string, Ollama an object)."""
    if isinstance(raw, dict):
        return raw, json.dumps(raw, ensure_ascii=False)
    text = raw if isinstance(raw, str) else ""
    try:
        value = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        return None, text
    return (value if isinstance(value, dict) else None), text
