"""Follow-up questions become standalone questions before retrieval — the extractive rule and the
LLM condensing — through the library, the CLI (`ask --history`) and against corpus/."""

from __future__ import annotations

import copy
import json

import pytest

from assistant.cli import main
from assistant.followup import Turn, read_history, rewrite
from assistant.korean import analyzer
from assistant.pipeline import make_backend

from .llm_server import ScriptedLLM, dead_url

BUDGET_Q = "2024년 전자상거래센터 민간위탁금은 얼마인가요?"
BUDGET_A = "2024년 위탁기간 연도별 예산현황(민간위탁금)의 합계는 533,478천원입니다 [1]."
STANDALONE_2022 = "2022년 전자상거래센터 민간위탁금은 얼마인가요?"


@pytest.mark.parametrize("question,expected", [
    ("그럼 2022년에는?", STANDALONE_2022),
    ("2023년은요?", "2023년 전자상거래센터 민간위탁금은 얼마인가요?"),
    ("’22년은?", STANDALONE_2022),
    ("그럼 위탁기간은?", "2024년 전자상거래센터 위탁기간은?"),
    ("그럼?", BUDGET_Q),
    ("서울시 청년수당 지급 대상은?", "서울시 청년수당 지급 대상은?"),  # a new question is left alone
    ("의안번호가 뭐야", "의안번호가 뭐야"),
])
def test_extractive_rule_carries_subject_and_period(question, expected):
    assert rewrite(question, [Turn(BUDGET_Q, BUDGET_A)], analyzer()) == expected


def test_amount_only_follow_up_swaps_the_amount(assistant):
    verdict_q = "전자상거래센터 종합성과평가 72점이면 재계약 가능해?"
    assert rewrite("그럼 80점이면?", [Turn(verdict_q, "…")], analyzer()) == "전자상거래센터 종합성과평가 80점이면 재계약 가능해?"
    answer = assistant.ask("그럼 80점이면?", history=[{"question": verdict_q, "answer": "재계약 배제 대상입니다."}])
    assert answer.tool_calls and answer.tool_calls[0].args["eval_score"] == 80  # the rule tool decides again


def test_rule_chains_over_several_turns():
    turns = [Turn(BUDGET_Q, BUDGET_A), Turn("그럼 2022년에는?", "…")]
    assert rewrite("그럼 2023년은?", turns, analyzer()) == "2023년 전자상거래센터 민간위탁금은 얼마인가요?"
    assert rewrite("그럼 2023년은?", [], analyzer()) == "그럼 2023년은?"


def test_follow_up_gives_the_2022_figure_from_corpus(assistant):
    answer = assistant.ask("그럼 2022년에는?", history=[{"question": BUDGET_Q, "answer": BUDGET_A}])
    assert answer.question == "그럼 2022년에는?" and answer.standalone_question == STANDALONE_2022
    assert "519,778천원" in answer.answer and "533,478천원" not in answer.answer
    assert answer.to_json()["standalone_question"] == STANDALONE_2022
    alone = assistant.ask(BUDGET_Q)
    assert alone.to_json()["standalone_question"] == BUDGET_Q  # without history: the question itself


def test_cli_history_file(corpus_settings, tmp_path, capsys):
    history = tmp_path / "turns.jsonl"
    history.write_text(json.dumps({"question": BUDGET_Q, "answer": BUDGET_A}, ensure_ascii=False) + "\n", encoding="utf-8")
    args = ["ask", "그럼 2022년에는?", "--history", str(history), "--index", str(corpus_settings.index_dir),
            "--corpus", str(corpus_settings.corpus_dir)]
    assert main(args + ["--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["standalone_question"] == STANDALONE_2022 and "519,778천원" in out["answer"]
    assert main(args) == 0
    assert f"(검색한 질문 / searched as: {STANDALONE_2022})" in capsys.readouterr().out


def test_cli_batch_with_history_file_and_per_line_history(corpus_settings, tmp_path, capsys):
    history = tmp_path / "turns.jsonl"
    history.write_text(json.dumps({"question": BUDGET_Q, "answer": BUDGET_A}, ensure_ascii=False) + "\n", encoding="utf-8")
    verdict_q = "전자상거래센터 종합성과평가 72점이면 재계약 가능해?"
    lines = [
        {"id": "shared", "question": "그럼 2022년에는?"},  # --history applies
        {"id": "own", "question": "그럼 80점이면?", "history": [{"question": verdict_q, "answer": "…"}]},
        {"id": "none", "question": "그럼 2022년에는?", "history": []},  # its own (empty) history wins
    ]
    batch = tmp_path / "qs.jsonl"
    batch.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    assert main(["ask", "--batch", str(batch), "--history", str(history), "--index", str(corpus_settings.index_dir),
                 "--corpus", str(corpus_settings.corpus_dir)]) == 0
    out = {x["id"]: x for x in map(json.loads, capsys.readouterr().out.splitlines())}
    assert out["shared"]["standalone_question"] == STANDALONE_2022 and "519,778천원" in out["shared"]["answer"]
    assert out["own"]["standalone_question"] == "전자상거래센터 종합성과평가 80점이면 재계약 가능해?"
    assert out["own"]["tool_calls"][0]["args"]["eval_score"] == 80
    assert out["none"]["standalone_question"] == "그럼 2022년에는?"


def test_bad_history_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"answer": "x"}\n', encoding="utf-8")
    with pytest.raises(Exception, match="question"):
        read_history(bad)


def _llm_assistant(base, url: str, model: str):
    _ = base.tool_hook
    a = copy.copy(base)
    a.settings = base.settings.with_overrides(answer_backend="openai", llm_base_url=url, llm_model=model)
    a.__dict__.pop("extractive_backend", None)
    a.backend = make_backend("openai", a)
    return a


def test_llm_condenses_the_follow_up(assistant):
    with ScriptedLLM() as llm:
        llm.condensed = STANDALONE_2022
        answer = _llm_assistant(assistant, llm.openai_url, "cited").ask(
            "그럼 2022년에는?", history=[{"question": BUDGET_Q, "answer": BUDGET_A}])
        condense = llm.chat_requests()[0]["body"]
    assert answer.standalone_question == STANDALONE_2022 and "5억 1,977만 8천원" in answer.answer
    assert "tools" not in condense and BUDGET_Q in condense["messages"][1]["content"]


def test_unreachable_llm_still_rewrites_by_rule(assistant):
    answer = _llm_assistant(assistant, dead_url(), "cited").ask(
        "그럼 2022년에는?", history=[{"question": BUDGET_Q, "answer": BUDGET_A}])
    assert answer.standalone_question == STANDALONE_2022 and "519,778천원" in answer.answer
    assert answer.status == "추출 답변으로 대체"
