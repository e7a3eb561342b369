"""The CLI with an LLM backend against the scripted server: `ask`, `doctor`, `eval` (the report
names the backend), and one real `python -m assistant` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.cli import main

from .conftest import ROOT
from .llm_server import ScriptedLLM, dead_url

BUDGET_Q = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"


@pytest.fixture(scope="module")
def llm():
    with ScriptedLLM() as server:
        yield server


def where(corpus_settings) -> list[str]:
    return ["--index", str(corpus_settings.index_dir), "--corpus", str(corpus_settings.corpus_dir)]


def test_ask_json_names_backend_and_status(corpus_settings, llm, capsys):
    code = main(["ask", BUDGET_Q, "--json", "--backend", "openai", "--llm-url", llm.openai_url,
                 "--llm-model", "cited", *where(corpus_settings)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["backend"] == "openai" and out["status"] == "검증됨"
    assert "5억 3,347만 8천원" in out["answer"] and out["standalone_question"] == BUDGET_Q


def test_ask_text_shows_status_and_fallback_note(corpus_settings, llm, capsys):
    main(["ask", BUDGET_Q, "--backend", "ollama", "--llm-url", llm.ollama_url, "--llm-model", "invented-number",
          *where(corpus_settings)])
    out = capsys.readouterr().out
    assert "[일부 미검증 · ollama]" in out and "※ " in out and "612,300" not in out
    main(["ask", BUDGET_Q, "--backend", "openai", "--llm-url", dead_url(), "--llm-model", "cited",
          *where(corpus_settings)])
    out = capsys.readouterr().out
    assert "[추출 답변으로 대체 · extractive]" in out and "연결할 수 없습니다" in out and "533,478천원" in out


def test_extractive_default_output_is_unchanged(corpus_settings, capsys):
    main(["ask", BUDGET_Q, *where(corpus_settings)])
    out = capsys.readouterr().out
    assert "533,478천원" in out and "검증됨" not in out and "※" not in out


def test_doctor(llm, capsys, monkeypatch):
    monkeypatch.setenv("COUNCIL_ASSISTANT_LLM_API_KEY", "sk-doctor-secret")
    assert main(["doctor", "--backend", "openai", "--llm-url", llm.openai_url, "--llm-model", "cited"]) == 0
    out = capsys.readouterr().out
    assert "✓ 서버에 연결됨, 모델 cited 있음" in out and "대화 요청(도구 포함) 성공" in out
    assert "설정됨" in out and "sk-doctor-secret" not in out
    assert main(["doctor", "--backend", "ollama", "--llm-url", llm.ollama_url, "--llm-model", "nonexistent"]) == 1
    assert "목록에 없습니다" in capsys.readouterr().out
    assert main(["doctor", "--backend", "openai", "--llm-url", dead_url(), "--llm-model", "cited"]) == 1
    assert "연결할 수 없습니다 / cannot connect" in capsys.readouterr().out
    assert main(["doctor", "--backend", "openai", "--llm-url", "http://192.0.2.10:8000/v1", "--llm-model", "m"]) == 1
    assert "allow_remote_llm" in capsys.readouterr().out
    monkeypatch.setenv("COUNCIL_ASSISTANT_ANSWER_BACKEND", "extractive")
    assert main(["doctor"]) == 0
    assert "extractive" in capsys.readouterr().out


def test_eval_report_names_the_backend(corpus_settings, llm, tmp_path, capsys):
    suite = tmp_path / "budget.jsonl"
    items = [
        {"id": "b24", "question": BUDGET_Q, "kind": "fact", "answer": "533,478천원",
         "must_match": ["533,478천원|5억 3,347만 8천원"], "sources": [{"doc": "000_676e27cb4d6cfd79.txt", "quote": "533,478천원"}]},
        {"id": "b23", "question": "2023년 전자상거래센터 민간위탁금은 얼마인가요?", "kind": "fact", "answer": "523,783천원",
         "must_match": ["523,783천원|5억 2,378만 3천원"], "sources": [{"doc": "000_676e27cb4d6cfd79.txt", "quote": "523,783천원"}]},
    ]
    suite.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    code = main(["eval", str(suite), "--quiet", "--backend", "openai", "--llm-url", llm.openai_url, "--llm-model", "cited",
                 "--out", str(report), *where(corpus_settings)])
    out = capsys.readouterr().out
    assert code == 0 and "backend: openai" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"]["backend"] == "openai"
    assert data["summary"]["overall"]["pass_rate"] == 1.0
    assert all(item["answer"].startswith(("2024년", "2023년")) and "억" in item["answer"] for item in data["items"])


def test_real_process_against_the_server(corpus_settings, llm):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCIL_ASSISTANT_")}
    env.update(COUNCIL_ASSISTANT_ANSWER_BACKEND="ollama", COUNCIL_ASSISTANT_LLM_BASE_URL=llm.ollama_url,
               COUNCIL_ASSISTANT_LLM_MODEL="verdict-tool", HF_HUB_OFFLINE="1")
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "전자상거래센터 종합성과평가 72점이면 재계약 가능해?", "--json",
         *where(corpus_settings)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["backend"] == "ollama" and out["status"] == "검증됨"
    assert out["tool_calls"][0]["name"] == "recontract_eligibility" and out["tool_calls"][0]["result"]["recontract_allowed"] is False
