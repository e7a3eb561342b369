"""The strict grounding gate (LLM backends) and unit-aware numbers, on hand-built drafts."""

from __future__ import annotations

import pytest

from assistant.grounding import FALLBACK, PARTIAL, UNVERIFIED_MARK, VERIFIED, finalize, is_verdict
from assistant.models import Chunk, Draft, Evidence
from assistant.quantities import SourceNumbers, parse

BUDGET = "연  도 2022년 2023년 2024년\n합  계 519,778천원 523,783천원 533,478천원"
RATE = "2024년 민간위탁금은 전년 대비 2.64% 증가하였음"


def chunk(cid: str, text: str, kind: str = "table") -> Chunk:
    return Chunk(chunk_id=cid, doc_id=f"{cid}.txt", ord=0, text=text, section=["Ⅴ. 검토의견"], start=0,
                 end=len(text), kind=kind)


def draft(text: str, *texts: str, tool_numbers: list[str] | None = None, kinds: list[str] | None = None) -> Draft:
    kinds = kinds or ["table"] * len(texts)
    ids = [f"c{i}" if k != "tool" else f"tool:recontract_eligibility:{i}" for i, k in enumerate(kinds)]
    ev = [Evidence(chunk(cid, t, k), t, 0, len(t)) for cid, t, k in zip(ids, texts, kinds)]
    return Draft(text, ev, tool_numbers=tool_numbers or [])


@pytest.mark.parametrize("claim", ["533,478천원", "5억 3,347만 8천원", "533백만원", "533,478,000원", "약 5.3억원"])
def test_money_is_compared_by_value(claim):
    src = SourceNumbers.empty()
    src.add_text(BUDGET)
    assert src.supports(parse(claim)[0])


@pytest.mark.parametrize("claim", ["533,478원", "534백만원", "5.3억원", "533,000천원", "523,478천원"])
def test_wrong_unit_or_value_is_not_supported(claim):
    src = SourceNumbers.empty()
    src.add_text(BUDGET)
    assert not src.supports(parse(claim)[0])


def test_percent_spellings_and_unit_note():
    src = SourceNumbers.empty()
    src.add_text(RATE)
    assert src.supports(parse("2.64퍼센트")[0]) and src.supports(parse("2.64 %")[0])
    assert not src.supports(parse("2.46%")[0])
    table = SourceNumbers.empty()
    table.add_text("(단위: 천원)\n2024년 533,478")
    assert table.supports(parse("5억 3,347만 8천원")[0]) and not table.supports(parse("533,478원")[0])


def test_good_cited_answer_is_verified():
    d = draft("2024년 민간위탁금 합계는 5억 3,347만 8천원입니다 [1]. 전년 대비 2.64퍼센트 늘었습니다 [2].", BUDGET, RATE)
    a = finalize("q", d, [], strict=True)
    assert not a.refused and a.status == VERIFIED and not a.notes
    assert "5억 3,347만 8천원" in a.answer and [c.n for c in a.citations] == [1, 2]


def test_invented_citation_is_stripped_and_noted():
    d = draft("2024년 합계는 533,478천원입니다 [1][7].", BUDGET)
    a = finalize("q", d, [], strict=True)
    assert "[7]" not in a.answer and "[1]" in a.answer
    assert a.status == PARTIAL and "[7]" in a.notes[0]


def test_invented_number_sentence_is_removed():
    d = draft("2024년 합계는 533,478천원입니다 [1]. 2025년에는 600,000천원으로 늘어납니다 [1].", BUDGET)
    a = finalize("q", d, [], strict=True)
    assert "600,000" not in a.answer and "533,478천원" in a.answer
    assert a.status == PARTIAL and any("숫자" in n for n in a.notes)


def test_number_must_be_in_the_passage_that_sentence_cites():
    d = draft("전년 대비 2.64% 늘었습니다 [1]. 합계는 533,478천원입니다 [2].", BUDGET, RATE)
    a = finalize("q", d, [], strict=True)  # both numbers exist, but each cites the other passage
    assert a.refused


def test_uncited_sentence_is_marked_and_marker_after_full_stop_counts():
    d = draft("2024년 합계는 533,478천원입니다. [1] 이 사업은 소비자 보호에 중요합니다.", BUDGET)
    a = finalize("q", d, [], strict=True)
    assert a.answer.startswith("2024년 합계는 533,478천원입니다. [1]")
    assert a.answer.endswith(UNVERIFIED_MARK) and a.status == PARTIAL


def test_verdict_needs_a_rule_tool_result():
    text = "종합성과평가 72점이면 재계약이 가능합니다 [1]."
    assert is_verdict(text)
    a = finalize("q", draft(text, "종합성과평가 결과 72점"), [], strict=True)
    assert a.refused and any("판정" in n for n in a.notes)
    tool = "recontract_eligibility(eval_score=72) → 재계약 배제 대상입니다. 사유 ①"
    ok = finalize("q", draft("재계약 배제 대상입니다 [1].", tool, kinds=["tool"], tool_numbers=["72"]), [], strict=True)
    assert not ok.refused and ok.status == VERIFIED


def test_nothing_grounded_is_a_refusal_with_notes():
    a = finalize("q", draft("2025년 예산은 700억원입니다 [1].", BUDGET), [], strict=True)
    assert a.refused and a.notes and a.status == ""
    assert FALLBACK == "추출 답변으로 대체"  # the pipeline, not the gate, replaces failed answers


def test_non_strict_path_is_unchanged():
    d = draft("2024년 합계는 533,478천원입니다 [1].", BUDGET)
    a = finalize("q", d, [])
    assert a.status == VERIFIED and not a.notes and a.answer == "2024년 합계는 533,478천원입니다 [1]."
