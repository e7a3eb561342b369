"""Answers: cited, grounded (no invented numbers), and refused when the corpus has no answer."""

import re

import pytest

from assistant.grounding import finalize, numbers_in
from assistant.models import REFUSAL, Draft, Evidence

from .conftest import REVIEW


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def test_budget_question_gets_the_cell_with_a_citation(assistant):
    ans = assistant.ask("2024년 전자상거래센터 민간위탁금은 얼마인가요?")
    assert not ans.refused
    assert "533,478천원" in ans.answer and "[1]" in ans.answer
    c = ans.citations[0]
    assert c.doc == REVIEW.name and c.title.startswith("서울특별시 전자상거래센터")
    assert c.section.endswith("2. 전자상거래센터 운영 현황 및 성과")
    assert "533,478천원" in c.quote and c.quote in c.text
    # the offsets point at the quoted span in the source file
    source = REVIEW.read_text(encoding="utf-8")
    assert squash(source[c.start : c.end]) == squash(c.quote)


def test_year_selects_the_column(assistant):
    ans = assistant.ask("2022년 민간위탁금 예산은?")
    assert "519,778천원" in ans.answer and "533,478" not in ans.answer


@pytest.mark.parametrize(
    "question",
    [
        "서울시 청년수당 지급 대상은 누구야?",
        "2030년 전자상거래센터 민간위탁금은?",
        "전자상거래센터장 연봉은 얼마야?",
        "따릉이 대여소 몇 개야?",
    ],
)
def test_out_of_corpus_questions_are_refused_with_closest_passages(assistant, question):
    ans = assistant.ask(question)
    assert ans.refused, ans.answer
    assert ans.answer.startswith(REFUSAL) and not ans.citations
    assert ans.retrieved  # the closest passages are still shown


QUESTIONS = [
    "2024년 전자상거래센터 민간위탁금은 얼마인가요?",
    "2023년 상담 총계는?",
    "센터 근무 인원은 몇 명?",
    "종합성과평가 점수가 몇 점이었어?",
    "재계약 배제 사유는?",
    "2023년 3차 종합성과평가 평균 점수",
    "2023년 홈페이지 방문자수 실적",
    "위탁기간은 언제부터 언제까지?",
    "의안번호가 뭐야",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_number_in_an_answer_is_in_a_cited_passage(assistant, question):
    ans = assistant.ask(question)
    cited = set().union(*(numbers_in(c.text) for c in ans.citations)) if ans.citations else set()
    tool = set().union(*(numbers_in(str(t.result)) for t in ans.tool_calls)) if ans.tool_calls else set()
    assert numbers_in(ans.answer) <= cited | tool
    for c in ans.citations:
        assert f"[{c.n}]" in ans.answer


def _evidence(assistant, needle):
    chunk = next(c for c in assistant.index.all_chunks() if needle in c.text)
    lo = chunk.text.index(needle)
    return Evidence(chunk, needle, lo, lo + len(needle))


def test_grounding_drops_a_sentence_with_an_invented_number(assistant):
    ev = _evidence(assistant, "533,478천원")
    draft = Draft("민간위탁금은 533,478천원입니다 [1]. 2025년에는 700,000천원으로 늘어납니다 [1].", [ev])
    ans = finalize("q", draft, [])
    assert "533,478천원" in ans.answer and "700,000" not in ans.answer and not ans.refused


def test_grounding_refuses_when_nothing_grounded_remains(assistant):
    ev = _evidence(assistant, "533,478천원")
    ans = finalize("q", Draft("민간위탁금은 999,999천원입니다 [1].", [ev]), [])
    assert ans.refused and not ans.citations


def test_grounding_strips_invented_citation_markers_and_renumbers(assistant):
    a = _evidence(assistant, "533,478천원")
    b = _evidence(assistant, "(사)한국소비자연맹")
    ans = finalize("q", Draft("수탁기관은 (사)한국소비자연맹입니다 [2]. 근거 없는 말 [7].", [a, b]), [])
    assert ans.answer.count("[1]") == 1 and "[7]" not in ans.answer and "[2]" not in ans.answer
    assert [c.n for c in ans.citations] == [1] and ans.citations[0].quote == "(사)한국소비자연맹"


def test_grounding_accepts_numbers_a_tool_produced(assistant):
    ev = _evidence(assistant, "실적치 80.8 81.8 30.3")
    draft = Draft("달성도는 96.46%입니다 [1].", [ev], tool_numbers=["96.46"])
    assert "96.46" in finalize("q", draft, []).answer


def test_uncited_answer_is_a_refusal():
    ans = finalize("q", Draft("근거 없이 말합니다.", []), [])
    assert ans.refused
