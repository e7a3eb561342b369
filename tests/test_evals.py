"""Eval metrics on hand-made answers, suite validation errors, the runner and the report formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from assistant.evals import EvalItem, EvalReport, Source, SuiteError, parse_suite, run_items, score_item
from assistant.evals import metrics
from assistant.evals.report import render, summary_frame, write_report
from assistant.models import REFUSAL

R = "000_676e27cb4d6cfd79.txt"
BUDGET = "연  도 2022년 2023년 2024년\n합  계 519,778천원 523,783천원 533,478천원"
OTHER = "라. 민간위탁기간 : 3년(2025.1.1.~2027.12.31.)\n바. 소요예산 및 산출근거 : 637백만원"


def budget_item(**kw) -> EvalItem:
    base = dict(id="b1", question="2024년 위탁금?", kind="table", answer="533,478천원",
                must_match=[r"533,?478\s*천\s*원"], sources=[Source(R, "합 계 519,778천원 523,783천원 533,478천원")])
    base.update(kw)
    return EvalItem(**base)


def answer(text="2024년 민간위탁금은 533,478천원입니다 [1].", refused=False, cited=(BUDGET,), retrieved=(OTHER, BUDGET),
           tool_calls=(), doc=R) -> dict:
    return {
        "answer": text, "refused": refused,
        "citations": [{"n": i + 1, "doc": doc, "quote": t.splitlines()[-1], "text": t, "chunk_id": f"c{i}"}
                      for i, t in enumerate(cited)],
        "retrieved": [{"rank": i + 1, "doc": doc, "chunk_id": f"r{i}", "text": t} for i, t in enumerate(retrieved)],
        "tool_calls": list(tool_calls), "latency_s": 0.25,
    }


# ---- metrics ------------------------------------------------------------------------------------

def test_correct_answer_scores_everywhere():
    r = score_item(budget_item(), answer(), k=5)
    assert r.passed and not r.failures
    assert (r.recall_at_k, r.mrr, r.coverage_at_k) == (1.0, 0.5, 1.0)
    assert (r.citation_precision, r.citation_recall) == (1.0, 1.0)
    assert r.structured is None and r.latency_s == 0.25


def test_wrong_value_fails_with_the_regex_named():
    r = score_item(budget_item(), answer(text="2024년 위탁금은 523,783천원입니다 [1]."), k=5)
    assert not r.passed and "533" in r.failures[0]


def test_wrong_citation_lowers_precision_and_recall():
    r = score_item(budget_item(), answer(cited=(OTHER,)), k=5)
    assert r.citation_precision == 0.0 and r.citation_recall == 0.0
    r = score_item(budget_item(), answer(cited=(BUDGET, OTHER)), k=5)
    assert r.citation_precision == 0.5 and r.citation_recall == 1.0


def test_citation_in_another_document_does_not_count():
    r = score_item(budget_item(), answer(doc="999_other.txt"), k=5)
    assert r.citation_precision == 0.0 and r.recall_at_k == 0.0


def test_retrieval_outside_top_k_is_a_miss():
    assert score_item(budget_item(), answer(), k=1).recall_at_k == 0.0
    assert score_item(budget_item(), answer(), k=2).mrr == 0.5


def test_quote_matching_ignores_whitespace_and_line_wraps():
    assert metrics.holds_quote("피해구제율을 제외한 나머지 지표\n에서는 매년", "나머지 지표에서는  매년")
    assert metrics.holds_quote(BUDGET, "합계 519,778천원")
    assert not metrics.holds_quote(BUDGET, "합계 519,779천원")
    assert not metrics.holds_quote(BUDGET, "   ")


def test_refusals():
    refusal = answer(text=REFUSAL, refused=True, cited=())
    r = score_item(budget_item(), refusal, k=5)
    assert not r.passed and r.refused and r.citation_precision is None and r.citation_recall == 0.0
    unanswerable = EvalItem(id="u", question="부산시 예산?", kind="unanswerable", answer=REFUSAL, must_match=[], sources=[])
    assert score_item(unanswerable, refusal, k=5).passed
    wrong = score_item(unanswerable, answer(), k=5)
    assert not wrong.passed and wrong.recall_at_k is None and wrong.citation_precision is None


def test_must_not_match_catches_the_opposite_verdict():
    item = budget_item(kind="eligibility", must_match=[r"배제"], must_not_match=[r"해당하지\s*않"])
    assert score_item(item, answer(text="재계약 배제 대상입니다 [1]."), k=5).passed
    assert not score_item(item, answer(text="재계약 배제 사유에 해당하지 않습니다 [1]."), k=5).passed


def call(name: str, **result) -> dict:
    return {"name": name, "args": {}, "result": result, "citations": [1]}


def test_structured_result_within_and_outside_tolerance():
    item = budget_item(kind="compute", expected={"value": 92.03, "unit": "%", "tolerance": 0.01})
    assert score_item(item, answer(tool_calls=[call("achievement_rate", value=92.034, unit="%")]), k=5).structured == 1.0
    off = score_item(item, answer(tool_calls=[call("achievement_rate", value=92.05, unit="%")]), k=5)
    assert off.structured == 0.0 and "92.03" in off.failures[-1]
    assert score_item(item, answer(tool_calls=[]), k=5).structured == 0.0


def test_structured_lists_are_sets_and_bools_are_strict():
    item = budget_item(kind="eligibility", expected={"recontract_allowed": False, "excluded_by": ["①", "②"]})
    ok = call("recontract_eligibility", recontract_allowed=False, excluded_by=["②", "①"])
    assert score_item(item, answer(tool_calls=[ok]), k=5).structured == 1.0
    partial = call("recontract_eligibility", recontract_allowed=False, excluded_by=["①"])
    assert score_item(item, answer(tool_calls=[partial]), k=5).structured == 0.0
    zero = call("recontract_eligibility", recontract_allowed=0, excluded_by=["①", "②"])
    assert score_item(item, answer(tool_calls=[zero]), k=5).structured == 0.0


def test_structured_list_of_expectations_and_tool_name():
    item = budget_item(kind="compute", expected=[{"value": 9695, "tolerance": 0.5}, {"tool": "growth_rate", "value": 1.85}])
    calls = [call("change", value=9695.0), call("growth_rate", value=1.85)]
    assert score_item(item, answer(tool_calls=calls), k=5).structured == 1.0
    calls = [call("change", value=9695.0), call("share", value=1.85)]
    assert score_item(item, answer(tool_calls=calls), k=5).structured == 0.0


def test_percentile_and_mean():
    assert metrics.percentile([1, 2, 3, 4], 50) == 2.5
    assert metrics.percentile([0.1] * 19 + [2.0], 95) == pytest.approx(0.195)
    assert metrics.mean([None, 1.0, 0.0]) == 0.5 and metrics.mean([None]) is None


# ---- suite validation -----------------------------------------------------------------------------

GOOD = {"id": "a", "question": "q?", "kind": "fact", "answer": "x", "must_match": ["x"], "sources": [{"doc": R, "quote": "x"}]}


def jsonl(*objs) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs)


def problems(text: str, name: str = "s.jsonl") -> list[str]:
    with pytest.raises(SuiteError) as e:
        parse_suite(text, name)
    return e.value.problems


def test_valid_suite_with_comments_and_blank_lines():
    s = parse_suite(jsonl("# comment", GOOD, "", dict(GOOD, id="b", kind="unanswerable", must_match=[], sources=[])), "s.jsonl")
    assert [i.id for i in s.items] == ["a", "b"] and s.items[0].line == 2 and s.items[1].line == 4


def test_errors_name_file_and_line():
    text = jsonl(GOOD, "{broken", dict(GOOD, id="a"), dict(GOOD, id="c", kind="opinion"),
                 dict(GOOD, id="d", must_match=["(unclosed"]), dict(GOOD, id="e", sources=[]),
                 dict(GOOD, id="f", kind="unanswerable"), dict(GOOD, id="g", expected={"value": 1, "tolerance": -1}),
                 dict(GOOD, id="h", colour="red"), {"id": "i", "kind": "fact"})
    ps = problems(text, "core.jsonl")
    assert any(p.startswith("core.jsonl:2:") and "JSON" in p for p in ps)
    assert any(p.startswith("core.jsonl:3:") and "중복" in p for p in ps)
    assert any(p.startswith("core.jsonl:4:") and "kind" in p for p in ps)
    assert any(p.startswith("core.jsonl:5:") and "(unclosed" in p for p in ps)
    assert any(p.startswith("core.jsonl:6:") and "sources" in p for p in ps)
    assert any(p.startswith("core.jsonl:7:") and "unanswerable" in p for p in ps)
    assert any(p.startswith("core.jsonl:8:") and "tolerance" in p for p in ps)
    assert any(p.startswith("core.jsonl:9:") and "colour" in p for p in ps)
    assert any(p.startswith("core.jsonl:10:") and "question" in p for p in ps)


def test_hypothetical_compute_item_may_have_no_sources_but_needs_regexes():
    ok = dict(GOOD, kind="compute", sources=[], expected={"value": 75.0})
    assert parse_suite(jsonl(ok), "s.jsonl").items[0].expectations() == [{"value": 75.0}]
    assert any("must_match" in p for p in problems(jsonl(dict(ok, must_match=[]))))


def test_empty_suite_is_an_error():
    assert problems("\n# nothing\n") == ["s.jsonl: 항목이 없습니다 / the suite has no items"]


def test_yaml_suite_with_line_numbers():
    text = (
        "items:\n"
        "  - id: y1\n    question: 위탁금?\n    kind: table\n    answer: 533,478천원\n"
        "    must_match: ['533,?478']\n    sources: [{doc: a.txt, quote: '533,478천원'}]\n"
        "  - id: y2\n    question: 부산?\n    kind: nonsense\n    answer: '-'\n"
    )
    ps = problems(text, "s.yaml")
    assert ps and ps[0].startswith("s.yaml:8:") and "kind" in ps[0]
    s = parse_suite(text.replace("nonsense", "unanswerable"), "s.yaml")
    assert [i.line for i in s.items] == [2, 8] and s.items[0].must_match == ["533,?478"]
    assert problems("- id: [unclosed\n", "bad.yml")[0].startswith("bad.yml:")


# ---- runner and reports ---------------------------------------------------------------------------

class FakeAssistant:
    def __init__(self, answers: dict[str, dict]):
        self.answers = answers

    def ask(self, question: str, k: int | None = None) -> dict:
        if question not in self.answers:
            raise RuntimeError("boom")
        return self.answers[question]


def small_report() -> EvalReport:
    items = [budget_item(), budget_item(id="b2", question="다시?"),
             EvalItem(id="u1", question="부산?", kind="unanswerable", answer=REFUSAL, must_match=[], sources=[])]
    fake = FakeAssistant({"2024년 위탁금?": answer(), "부산?": answer(text=REFUSAL, refused=True, cited=())})
    seen = []
    report = run_items(items, fake, k=5, progress=lambda d, t, i: seen.append((d, t, i)), suite="t.jsonl")
    assert seen[-1] == (3, 3, "u1")
    return report


def test_runner_records_errors_and_summarizes_by_kind():
    report = small_report()
    bad = report.items[1]
    assert not bad.passed and bad.error == "RuntimeError: boom" and bad.failures[0].startswith("오류")
    s = report.summary()
    assert s["overall"]["n"] == 3 and s["overall"]["pass_rate"] == pytest.approx(2 / 3)
    assert s["by_kind"]["unanswerable"]["pass_rate"] == 1.0 and s["by_kind"]["table"]["pass_rate"] == 0.5
    assert s["overall"]["errors"] == 1
    df = summary_frame(report)
    assert list(df.index) == ["전체", "table", "unanswerable"] and "recall@5" in df.columns


def test_report_formats(tmp_path):
    report = small_report()
    data = json.loads(write_report(report, tmp_path / "r.json").read_text(encoding="utf-8"))
    assert set(data) == {"summary", "items"}
    first = data["items"][0]
    for key in ("id", "kind", "pass", "answer", "citations", "retrieved", "recall_at_k", "citation_precision",
                "citation_recall", "latency_s"):
        assert key in first
    rows = list(csv.DictReader(io.StringIO(write_report(report, tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == ["b1", "b2", "u1"] and rows[0]["pass"] == "1"
    page = write_report(report, tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "실패 항목 1건" in page and "533,478천원" in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]  # self-contained
    with pytest.raises(ValueError):
        render(report, "xlsx")
