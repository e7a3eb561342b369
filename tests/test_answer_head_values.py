"""The kind of value asked, matched the way documents write it (answer_types.answer_type_match).

Synthetic passages only: each test states a Korean writing pattern (a cycle as "매년 1회", a fine as
a share of an amount, a count in native words, a time limit set by an event, a clipped year).
"""

from __future__ import annotations

from assistant.answering import answer_types as T
from assistant.answering.question import read_question

from .answer_helpers import sentence_candidate as cand


def fit(kiwi, q: str, text: str) -> float:
    return T.answer_type_match(read_question(q, kiwi, lambda t: 2.0), cand(text))


def test_a_cycle_is_written_as_times_per_period(kiwi):
    q = "시설 현황을 조사하는 주기는?"
    assert fit(kiwi, q, "관리청은 시설의 현황을 매년 1회 이상 조사하여야 한다.") == 1.0
    assert fit(kiwi, q, "점검은 분기별로 실시한다.") == 1.0
    assert fit(kiwi, q, "관리청은 시설의 현황을 조사하여야 한다.") < 0.5


def test_a_sum_set_as_a_share_of_another_amount_answers_how_much(kiwi):
    q = "허가 목적대로 쓰지 않으면 이행강제금은 얼마야?"
    assert fit(kiwi, q, "토지 취득가액의 100분의 10의 범위에서 대통령령으로 정하는 금액의 이행강제금을 부과한다.") == 1.0
    assert fit(kiwi, q, "자본금과 적립금 합계액의 5배를 초과하지 아니하는 범위에서 발행할 수 있다.") == 1.0
    # a share of no amount (a quorum) is no sum of money
    assert fit(kiwi, q, "재적위원 3분의 2 이상의 찬성으로 의결한다.") < 0.5


def test_a_count_written_in_native_words(kiwi):
    q = "협의회는 한 기관에 몇 개까지 둘 수 있어?"
    assert fit(kiwi, q, "하나의 기관에는 하나의 협의회만을 설립할 수 있다.") == 1.0
    assert fit(kiwi, q, "다음 각 호의 어느 하나에 해당하는 기관에 협의회를 둔다.") == 0.0


def test_a_time_limit_set_by_an_event_answers_when(kiwi):
    q = "보고서를 국회에 언제 내야 해?"
    assert fit(kiwi, q, "정부는 보고서를 정기국회 개시 전까지 국회에 제출하여야 한다.") >= 0.9
    assert fit(kiwi, q, "이 영은 공포 후 6개월이 경과한 날부터 시행한다.") >= 0.9
    assert fit(kiwi, q, "정부는 보고서를 국회에 제출하여야 한다.") < 0.5


def test_clipped_years_and_parts_of_a_year_are_times(kiwi):
    q = "센터는 언제 개소했어?"
    assert fit(kiwi, q, "’25.1월 개소 예정") == 1.0
    assert fit(kiwi, q, "2025년 하반기 개소 예정") >= 0.8
    assert fit(kiwi, q, "2025년 예산은 3억원이다.") < 0.5


def test_the_day_of_an_event_answers_when(kiwi):
    assert fit(kiwi, "이 법은 언제부터 시행돼?", "이 법은 공포한 날부터 시행한다.") >= 0.9
    assert fit(kiwi, "이 법은 언제부터 시행돼?", "이 법은 국민의 권리를 보호한다.") < 0.5


def test_requirements_listed_as_items_ending_in_geot(kiwi):
    q = "전기자전거가 되려면 어떤 요건을 갖춰야 해?"
    assert fit(kiwi, q, "부착된 장치의 무게를 포함한 자전거의 전체 중량이 30킬로그램 미만일 것") == 1.0
    assert fit(kiwi, q, "전기자전거의 보급을 위하여 노력한다.") < 0.5


def test_a_point_or_limit_in_time_asked_by_its_noun_wants_a_date(kiwi):
    from assistant.answering.question import answer_type
    assert answer_type("반납하지 않은 자전거를 분실로 보는 시점은?") == "date"
    assert answer_type("보고서 제출 기한은?") == "date"
    assert answer_type("처리 기한은 며칠이야?") == "number"  # counted: a number of days
    q = "반납하지 않은 자전거를 분실로 보는 시점은?"
    assert fit(kiwi, q, "대여 후 72시간이 지나도록 반납하지 아니한 때에는 분실로 본다.") >= 0.9
    assert "시점" not in read_question(q, kiwi, lambda t: 2.0).head


def test_how_long_asks_a_duration_and_during_is_no_topic(kiwi):
    q = "빈집은 얼마 동안 아무도 안 산 주택이야?"
    fr = read_question(q, kiwi, lambda t: 2.0)
    assert "동안" not in fr.weights and "동안" not in fr.head
    assert fit(kiwi, q, "1년 이상 아무도 거주 또는 사용하지 아니하는 주택을 말한다.") == 1.0
    assert fit(kiwi, q, "주택 3채를 정비한다.") < 0.5


def test_how_far_a_term_reaches_is_asked_of_its_definition(kiwi):
    from assistant.answering.question import answer_type
    assert answer_type("조례에서 반려동물은 어디까지야?") == "definition"
    assert answer_type("수탁기관은 어디야?") == "org"
    q = "조례에서 반려동물은 어디까지야?"
    assert fit(kiwi, q, '1. "반려동물"이란 「동물보호법」에 따른 반려동물 중 개와 고양이를 말한다.') == 1.0
    assert fit(kiwi, q, "시장은 반려동물 돌봄쉼터를 설치할 수 있다.") < 0.5
