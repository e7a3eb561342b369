"""Calculations over one row of a table (a 결산 table's row: its base amount and its parts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.facts import extract_facts
from assistant.intent import classify as classify_intent
from assistant.loaders import load_document
from assistant.rules import load_rules
from assistant.toolrouter import answer_with_tools, ungrounded_numbers
from tests.test_toolrouter import keyword_search

# an invented settlement report: amounts per project and per revenue item, one table stating its own rate
REPORT = """# 하늬군 2031회계연도 결산 요약

## 1. 세입 결산

<표 1> 과목별 세입 결산 (단위: 천원)

| 과목 | 예산현액 | 징수결정액 | 수납액 | 미수납액 |
| --- | --- | --- | --- | --- |
| 지방세수입 | 50,000 | 64,000 | 48,000 | 16,000 |
| 사용료수입 | 9,000 | 8,000 | 6,000 | 2,000 |

## 2. 사업별 불용

<표 2> 주요 불용 사업 (단위: 백만원)

| 사업명 | 예산현액 | 불용액 | 불용 사유 |
| --- | --- | --- | --- |
| 별빛정원 조성 | 4,000 | 500 | 공사 지연 |
| 숲길 정비 | 1,200 | 300 | 입찰 유찰 |

## 3. 부서별 집행

<표 3> 부서별 세출 결산 (단위: 백만원, %)

| 부서 | 예산현액 | 지출액 | 집행률 |
| --- | --- | --- | --- |
| 산림과 | 2,000 | 1,500 | 75.0 |
| 공원과 | 3,000 | 2,500 | 83.3 |
| 합계 | 5,000 | 4,000 | 80.0 |

## 5. 회계별 총괄

<표 4> 회계별 총괄 (단위: 백만원)

| 회계 | 예산현액 | 세출 지출액 |
| --- | --- | --- |
| 일반회계 | 5,000 | 4,000 |
| 기타특별회계 | 500 | 100 |

## 6. 최근 2년 비교

<표 5> 최근 2년 평가 결과 (단위: 점)

| 기관명 | 2030년 실적(총점/등급) | 2031년 실적(총점/등급) |
| --- | --- | --- |
| 하늬문화재단 | 70.5 / 라 | 78.0 / 다 |
| 하늬복지재단 | 88.0 / 나 | 85.5 / 나 |

## 7. 부서별 불용

<표 6> 부서별 불용 현황 (단위: 백만원)

| 부서 | 예산현액 | 불용액 |
| --- | --- | --- |
| 산림과 | 2,000 | 100 |
| 합계 | 5,000 | 400 |

## 4. 개정 내용

가. 공영주차장 월 정기권 요금을 주간 6만원에서 9만원으로, 야간 3만원에서 4만원으로 조정함.
다. 2032년 청사 관리 위탁금은 12억 5,000만원입니다. 이 중 인건비가 7억 5,000만원, 운영비가 5억원입니다.
라. 청년 상담 지원 비용은 5년간 연평균 2억 3천만원, 총 11억 5천만원으로 추계됨.
마. 상담사 교육비 증가분은 연 4,500만원으로 추계됨.
바. 2031년 도서 구입비는 3억 6,000만원으로 편성되었다. 2030년 도서 구입비는 3억원이었다.
나. 2032년 방범창 설치 목표 300가구 중 9월 말까지 120가구만 설치 완료함.
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    p = Path(tmp_path_factory.mktemp("calc")) / "하늬군_결산.md"
    p.write_text(REPORT, encoding="utf-8")
    chunks = chunk_document(load_document(p))
    return keyword_search(chunks), extract_facts(chunks), load_rules()


def ask(env, q):
    search, facts, rules = env
    return answer_with_tools(q, search, facts, rules)


def test_a_named_rate_divides_its_column_by_the_rows_base(env):
    assert classify_intent("하늬군 별빛정원 조성 사업 불용률은 얼마야?", env[2]).tool == "row_rate"
    d = ask(env, "하늬군 별빛정원 조성 사업 불용률은 얼마야?")
    assert d is not None and "12.5%" in d.text and not ungrounded_numbers(d)
    assert d.tool_calls[0].args["base"] == 4000 and d.tool_calls[0].args["other"] == 500
    # the row the question names outranks another table's total row (<표 6> 합계: 400 ÷ 5,000)


def test_the_base_named_before_daebi_and_the_column_the_rate_counts(env):
    d = ask(env, "하늬군 지방세수입의 징수결정액 대비 수납률은?")
    assert d is not None and "75%" in d.text  # 48,000 ÷ 64,000, not 미수납액 nor 예산현액
    d = ask(env, "하늬군 사용료수입의 예산현액 대비 미수납액 비율은?")
    assert d is not None and "22.22%" in d.text


def test_a_rate_the_table_states_is_not_recomputed(env):
    assert ask(env, "하늬군 산림과 집행률은?") is None


def test_a_change_a_sentence_states_from_one_figure_to_another(env):
    d = ask(env, "하늬군 야간 월 정기권 요금은 몇 % 오르나?")
    assert d is not None and "33.33%" in d.text and "1만원" in d.text and not ungrounded_numbers(d)
    d = ask(env, "하늬군 주간 월 정기권 요금은 몇 % 오르나?")
    assert d is not None and "50%" in d.text  # the pair its own lead-in names, not the night fee


def test_what_has_not_yet_happened_is_the_whole_less_its_done_part(env):
    q = "하늬군 방범창은 2032년 목표 대비 몇 가구가 아직 설치되지 않았나?"
    assert classify_intent(q, env[2]).tool == "remainder"
    d = ask(env, q)
    assert d is not None and "180가구" in d.text and not ungrounded_numbers(d)


def test_a_share_row_is_named_on_the_parts_side_of_jung(env):
    # 일반회계 before 중 qualifies the whole; the part is the department after it
    d = ask(env, "하늬군 일반회계 지출 중 공원과 비중은 몇 %야?")
    assert d is not None and "62.50%" in d.text and not ungrounded_numbers(d)


def test_a_part_stated_after_i_jung_of_the_whole_in_the_sentence_before(env):
    d = ask(env, "하늬군 청사 관리 2032년 위탁금 중 인건비가 차지하는 비율은?")
    assert d is not None and "60.00%" in d.text and not ungrounded_numbers(d)


def test_a_change_between_a_named_year_and_the_tables_other_year(env):
    d = ask(env, "하늬문화재단 총점은 2030년 실적보다 몇 점 올랐나?")
    assert d is not None and "7.5점" in d.text and not ungrounded_numbers(d)  # 78.0 − 70.5 (cells lead with the figure)


def test_two_things_added_are_each_the_figure_stated_right_after_them(env):
    q = "하늬군 청년 상담 지원 비용과 상담사 교육비 증가분을 합하면 연간 얼마인가?"
    assert classify_intent(q, env[2]).tool == "add"
    d = ask(env, q)
    assert d is not None and "2억 7,500만원" in d.text and not ungrounded_numbers(d)  # 2억 3천만원 + 4,500만원


def test_korean_amounts_with_thousands_inside_a_place():
    from assistant.rules import calc

    assert calc.korean_amount("6억 4천만원") == 640_000_000
    assert calc.korean_amount("1억 2천 5백만원") == 125_000_000
    assert calc.korean_amount("2천원") == 2000


def test_the_gap_between_two_named_rows_in_the_asked_years_column(env):
    q = "하늬문화재단과 하늬복지재단의 2031년 총점 차이는?"
    assert classify_intent(q, env[2]).tool == "diff"
    d = ask(env, q)
    assert d is not None and "7.5점" in d.text and not ungrounded_numbers(d)  # 78.0 vs 85.5


def test_the_gap_between_two_things_stated_in_sentences(env):
    d = ask(env, "하늬군 청년 상담 지원 비용과 상담사 교육비 증가분의 차이는 얼마인가?")
    assert d is not None and "1억 8,500만원" in d.text and not ungrounded_numbers(d)


def test_a_rate_of_the_whole_table_is_its_total_rows(env):
    d = ask(env, "하늬군 부서별 세출 결산의 지출률은?")  # no 지출률 column: 지출액 ÷ 예산현액 of 합계
    assert d is not None and "80%" in d.text


def test_a_prose_amount_compared_against_one_named_year(env):
    d = ask(env, "하늬군 도서 구입비는 2030년보다 얼마나 늘었나?")
    assert d is not None and "6,000만원" in d.text and "20.00%" in d.text and not ungrounded_numbers(d)
