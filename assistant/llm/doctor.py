"""`python -m assistant doctor`: is the configured LLM endpoint usable, and if not, why —
in Korean and English. The API key is reported as set or not, never shown."""

from __future__ import annotations

from ..errors import AssistantError
from ..settings import Settings
from . import BACKENDS, make_client
from .base import LLMError, ToolsRejected, is_loopback

PING = [{"role": "user", "content": "연결 확인입니다. '준비됨'이라고만 답하세요. / Reply with one word."}]
PING_TOOL = {"type": "function", "function": {
    "name": "ping", "description": "연결 확인용 도구 / connectivity check",
    "parameters": {"type": "object", "properties": {}, "required": []}}}


def doctor(settings: Settings, chat: bool = True) -> tuple[bool, list[str]]:
    lines: list[str] = []

    def say(ok: bool | None, ko: str, en: str) -> None:
        mark = {True: "✓", False: "✗", None: "⚠"}[ok]
        lines.append(f"{mark} {ko} / {en}")

    name = settings.answer_backend
    if name == "extractive":
        say(True, "답변 방식: extractive (오프라인, LLM 없음) — 점검할 LLM 연결이 없습니다",
            "backend: extractive (offline, no LLM) — nothing to check")
        lines.append("  LLM을 쓰려면 / to use an LLM: --backend openai|ollama --llm-url URL --llm-model NAME (docs/llm.md)")
        return True, lines
    if name not in BACKENDS:
        say(False, f"알 수 없는 답변 방식: {name} (extractive, openai, ollama 중 하나)",
            f"unknown backend: {name} (extractive, openai, ollama)")
        return False, lines
    try:
        client = make_client(name, settings)
    except AssistantError as err:
        lines.append(f"✗ {err}")
        return False, lines
    where = "이 컴퓨터(루프백)" if is_loopback(client.base_url) else "원격(allow_remote_llm 허용됨)"
    say(True, f"답변 방식 {name}, 주소 {client.base_url} — {where}",
        f"backend {name} at {client.base_url} ({'loopback' if is_loopback(client.base_url) else 'remote, allowed'})")
    say(True if settings.llm_api_key else None,
        "API 키: " + ("설정됨(값은 표시하지 않음)" if settings.llm_api_key else "없음 (키가 필요 없는 서버라면 괜찮습니다)"),
        "API key: " + ("set (not shown)" if settings.llm_api_key else "not set (fine if the server needs none)"))
    if not settings.llm_model:
        say(False, "모델 이름이 없습니다: llm_model / COUNCIL_ASSISTANT_LLM_MODEL / --llm-model",
            "no model name: set llm_model")
        return False, lines
    ok = True
    try:
        models = client.list_models()
        if settings.llm_model in models:
            say(True, f"서버에 연결됨, 모델 {settings.llm_model} 있음", f"server reachable, model {settings.llm_model} listed")
        else:
            shown = ", ".join(models[:8]) or "(없음)"
            say(None if name == "openai" else False,
                f"서버에 연결됨, 그러나 모델 {settings.llm_model}이(가) 목록에 없습니다 (있는 모델: {shown})",
                f"server reachable but model {settings.llm_model} is not listed (listed: {shown})")
            ok = name == "openai"  # llama.cpp/gateways may serve a model under another name
    except LLMError as err:
        say(False, "서버 연결 또는 모델 목록 확인 실패", f"cannot reach the server or list models: {err}")
        return False, lines
    if chat:
        try:
            client.chat(PING, [PING_TOOL])
            say(True, "대화 요청(도구 포함) 성공", "chat request with tools succeeded")
        except LLMError as err:
            try:
                client.chat(PING)
                if isinstance(err, ToolsRejected):  # answers are asked again without tools (docs/llm.md)
                    say(None, "대화는 되지만 도구 호출(tools)을 받지 않습니다 — 답은 도구 없이 쓰고, 판정·계산은 규칙 엔진이 "
                        "합니다(도구를 쓰려면 서버 설정을 확인하세요: vLLM --enable-auto-tool-choice, llama.cpp --jinja)",
                        f"chat works but the endpoint rejects tools: answers are written without tools, verdicts and "
                        f"calculations come from the rule engine: {err}")
                else:
                    say(False, "대화는 되지만 도구를 포함한 요청이 실패합니다", f"chat works but a request with tools fails: {err}")
                    ok = False
            except LLMError as err2:
                say(False, "대화 요청 실패", f"chat request failed: {err2}")
                ok = False
    client.close()
    return ok, lines
