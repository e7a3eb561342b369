"""Calculations of round 2 (issue 9, compute kind): a stated whole less its part, a score short of a
grade, '<A> 대비 <B> 비율' from two table rows, an amount per counted unit, and a column's sum in a
table without a total row. Invented documents go through the real loader and chunker; `search` is
the keyword-overlap ranker of tests/test_calc_sources.py. Each mechanism also has a case where an
input does not fill from the document, and the tool must stay silent (retrieval answers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.intent import classify
from assistant.rules import calc, load_rules
from tests.test_calc_sources import ask, check, tool_env

REVIEW = """# 가나시 2027년도 환경과 예산안 검토보고서

## 1. 신규사업

◦ 하천 수질 자동측정망 구축사업은 2027년부터 2028년까지 총사업비 30억 5,000만원 중 1차 연도분 12억 7,000만원을 편성하였음.
◦ 2025년 회원 3만 1,200명 중 실제 교육을 받은 회원이 9,450명에 그쳤음.

## 2. 공공자전거

◦ 2025년 대여건수는 820만 건입니다. 2025년 운영비는 96억원이며 요금 수입은 21억원입니다.

<표 1> 연도별 교육 실적

| 구분 | 2024년 | 2025년 |
|---|---|---|
| 교육 신청 인원(명) | 1,500 | 2,000 |
| 교육 수료 인원(명) | 1,200 | 1,700 |
"""

GRADES = """# 가나시 2025년도 출연기관 경영평가 요약

◦ 등급 : 갑(90점 이상), 을(80점 이상), 병(70점 이상), 정(70점 미만)

<표 1> 기관별 평가 결과

| 기관명 | 총점 | 등급 |
|---|---|---|
| 가나문화재단 | 83.5 | 을 |
| 가나체육재단 | 72.4 | 병 |

## 2. 위탁 사무

<표 2> 사무별 위탁금

| 연번 | 사무명 | 2026년 위탁금(백만원) | 점수 |
|---|---|---|---|
| 1 | 가나 청년센터 운영 | 1,200 | 81.0 |
| 2 | 가나 치매센터 운영 | 800 | 90.5 |
| 3 | 가나 생태공원 관리 | 450 | 66.0 |
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return tool_env(tmp_path_factory.mktemp("docs"), (("review.md", REVIEW), ("grades.md", GRADES)))


def test_calc_functions_name_their_formula():
    assert calc.remainder(80, 74.9, "점")["formula"] == "80 − 74.9 = 5.1"
    assert calc.amount_remainder(calc.korean_amount("30억 5,000만원"), calc.korean_amount("12억 7,000만원"))["display"] == "17억 8,000만원"
    assert calc.ratio(2000, 1700)["display"] == "85.00"
    assert calc.per_unit(9_600_000_000, 8_200_000, "원")["display"] == "1,171"
    assert calc.korean_number("3만 1,200") == Decimal(31200) and calc.korean_number("820만") == Decimal(8_200_000)
    with pytest.raises(ValueError):
        calc.remainder(10, 12)
    with pytest.raises(ValueError):
        calc.ratio(0, 5)
    rules = load_rules()
    for key in ("remainder_formula", "shortfall_formula", "ratio_formula", "per_unit_formula"):
        assert rules.calc.get(key)


def test_intent_reads_the_calculation_from_the_question_form():
    rules = load_rules()
    assert classify("<사업>에서 2027년 편성분을 뺀 나머지 사업비는?", rules).tool == "remainder"
    assert classify("2025년 회원 가운데 교육을 받지 못한 회원은 몇 명이야?", rules).tool == "remainder"
    assert classify("교육 신청 인원 대비 교육 수료 인원 비율은?", rules).tool == "ratio"
    assert classify("전년 대비 증가율은?", rules).tool == "growth"
    assert classify("대여 한 건당 운영비는 얼마야?", rules).tool == "per_unit"
    assert classify("담당 부서는 어디야?", rules).tool is None
    assert classify("해당 사업 예산은?", rules).tool is None


def test_stated_whole_less_its_part_in_the_documents_units(env):
    d = check(ask(env, "하천 수질 자동측정망 구축사업에서 2027년 편성분을 뺀 나머지 사업비는 얼마인가?"))
    assert "17억 8,000만원" in d.text.split("\n")[0]
    assert d.tool_calls[-1].name == "remainder"


def test_negated_part_of_a_stated_whole(env):
    d = check(ask(env, "2025년 회원 가운데 교육을 받지 못한 회원은 몇 명인가?"))
    assert "21,750명" in d.text.split("\n")[0]


def test_remainder_needs_the_asked_year_in_the_sentence(env):
    assert ask(env, "2023년 회원 가운데 교육을 받지 못한 회원은 몇 명인가?") is None


def test_score_short_of_a_grade_the_document_defines(env):
    d = check(ask(env, "가나체육재단 점수가 을등급 기준까지 몇 점 모자라?"))
    assert "7.6점" in d.text.split("\n")[0]
    assert ask(env, "가나문화재단 점수가 을등급 기준까지 몇 점 모자라?") is None  # already there
    assert ask(env, "가나체육재단 점수가 무등급 기준까지 몇 점 모자라?") is None  # no such grade


def test_ratio_of_two_table_rows_in_the_asked_year(env):
    d = check(ask(env, "2025년 교육 신청 인원 대비 교육 수료 인원 비율은?"))
    assert "85.00%" in d.text.split("\n")[0]
    assert "1,700 ÷ 2,000" in d.text
    assert ask(env, "2026년 교육 신청 인원 대비 교육 수료 인원 비율은?") is None  # no such column


def test_amount_per_counted_unit_from_two_sentences(env):
    d = check(ask(env, "2025년 대여 한 건당 운영비 얼마야?"))
    assert "1,171원" in d.text.split("\n")[0]
    assert ask(env, "2024년 대여 한 건당 운영비 얼마야?") is None  # neither figure stated for 2024


def test_column_sum_when_the_table_has_no_total_row(env):
    d = check(ask(env, "가나시 3개 사무의 2026년 위탁금 합계는?"))
    assert "2,450백만원" in d.text.split("\n")[0]
    assert ask(env, "가나시 5개 사무의 2026년 위탁금 합계는?") is None  # the table has three rows
    assert ask(env, "가나시 2026년 위탁금 합계는?") is None  # a total asked, not the listed rows: retrieval
