"""Question form → intent: a tool answers only when a verdict or a calculation is asked.

The fact class: a question that names a criterion's topic (지도점검, 지적사항, 공개모집, 성희롱, 감사,
동의, 달성률 …) but asks what happened, which one, when, how many or why is a fact for retrieval.
Paraphrases below were written for these tests; none is keyed in the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from assistant.intent import (
    asks_what_happens,
    bare_conditional,
    classify,
    final_clause,
    past_report,
    question_as_of,
    verdict_predicate,
    wh_word,
    years_in,
)
from assistant.rules import load_rules

RULES = load_rules()
AS_OF = date(2025, 1, 1)


def kind(q: str) -> tuple[str, str | None]:
    it = classify(q, RULES, AS_OF)
    return it.kind, it.tool


# questions that mention a rule's topic but ask for a fact: retrieval answers
FACT_QUESTIONS = [
    "2023년 지도점검 지적사항은 어떻게 처리됐어?",
    "공개모집 대상 기관은 어디야?",
    "성희롱 예방교육 실시 여부는?",
    "2023년 지도점검 지적사항은?",
    "지적사항 시정 현황 알려줘",
    "지도점검에서 지적된 내용이 뭐야?",
    "감사 결과 환수 조치는 몇 건이야?",
    "횡령 사건은 어떻게 처리됐어?",
    "재계약 여부는 누가 결정해?",
    "전자상거래센터는 재계약 했어?",
    "재계약 횟수는?",
    "재계약은 몇 번 했어?",
    "3차 평가에서 재계약 배제된 사무 있어?",
    "재계약 배제 사유에 해당한 기관은 몇 곳이야?",
    "성과평가 75점 미만인 사무는 몇 개야?",
    "적격자심의위원회는 언제 열렸어?",
    "운영평가위원회가 제재가 필요하다고 본 사안은 뭐야?",
    "의회 동의는 언제 받았어?",
    "이 동의안은 언제 의회에 제출됐나?",
    "동의안 제출자는 누구야?",
    "공개모집은 언제 했어?",
    "재위탁 공개모집 공고 기간은?",
    "성평등활동지원센터 종합성과평가 점수는?",
    "전자상거래센터 종합성과평가 점수는?",
    "24년 6월까지 모니터링 달성률 실적치",
    "모니터링 달성률 2022년 목표치랑 실적치",
    "2023년 언론사 인용 목표가 몇 회였어",
    "민간위탁금이 증가한 이유는?",
    "피해구제율 달성도가 높은 원인은 뭐야?",
    "2024년 민간위탁금은?",
    "2023년 상담 합계는?",
    "경계선지능인 센터는 신규 위탁이야?",
    "센터 운영을 외부에 맡길 수 있다는 조항 뭐야?",
    "행정사무감사 시정·처리 요구 처리 결과를 의회에 보고해야 하는 근거 조항은?",
    "감사 지적사항을 시정해야 하는 기한은?",
    "지적사항을 시정 완료했는지 보고해야 해?",
]


@pytest.mark.parametrize("q", FACT_QUESTIONS)
def test_topic_mentions_are_facts(q):
    assert kind(q) == ("fact", None), classify(q, RULES, AS_OF).reason


VERDICTS = [
    # recontract — decision + verdict predicate
    ("종합성과평가 72점이면 재계약 되나?", "recontract"),
    ("전자상거래센터 현 수탁기관 재계약 배제 대상이야?", "recontract"),
    ("전자상거래센터 수탁기관은 재계약 가능한가?", "recontract"),
    ("평가 점수가 74.99점이면 재계약 할 수 있어?", "recontract"),
    ("지적사항 2번 시정 안 한 것도 재계약 배제 사유야?", "recontract"),
    ("성과평가 70점, 적격자심의 60점이면 어떤 배제 사유에 걸려?", "recontract"),
    ("2021년에 받은 80.4점이면 재계약 배제 기준에 걸려?", "recontract"),
    ("성희롱으로 벌금형을 받은 직원이 있으면 재계약 안 되나요?", "recontract"),
    ("위원회가 제재는 필요 없다고 봤다면 재계약 가능해?", "recontract"),
    ("지적사항이 없었다면 재계약 돼?", "recontract"),
    ("75점을 넘지 못했다면 재계약 가능한가요?", "recontract"),
    ("성과평가가 70점대면 재계약 배제 대상인가?", "recontract"),
    # recontract — the premises are the question
    ("적격자심의 68점이면?", "recontract"),
    ("종합성과평가 72점이면 어떻게 되나?", "recontract"),
    ("적격자 심사에서 70점 받았으면 배제 사유야?", "recontract"),
    ("감사에서 환수 처분을 받았고 운영평가위원회도 제재가 필요하다고 했다면 어떻게 돼?", "recontract"),
    # consent
    ("재위탁인데 의회 동의 필요해?", "consent"),
    ("재계약도 시의회 동의 받아야 돼?", "consent"),
    ("재위탁이면 의회 동의 전에 예산 먼저 편성해도 돼?", "consent"),
    ("신규 위탁 사업 예산은 의회 동의 전에 잡을 수 있어?", "consent"),
    ("재위탁 동의 받을 때 성과보고서도 내야 돼?", "consent"),
    ("중요 내용 변경 없이 재위탁만 하는 경우에도 의회 동의 거쳐야 해?", "consent"),
    ("재위탁하면서 의회 동의를 받지 않았다면 어떻게 되나?", "consent"),
    ("위탁 내용을 바꾸는 것도 의회 동의 대상인가요?", "consent"),
    ("재위탁 의회 동의 받을 때 어떤 서류를 내야 해?", "consent"),
]


@pytest.mark.parametrize("q,tool", VERDICTS)
def test_verdict_questions(q, tool):
    assert kind(q) == ("verdict", tool), classify(q, RULES, AS_OF).reason


@pytest.mark.parametrize("q", ["재계약 배제 사유는 무엇인가?", "재계약 배제 기준 알려줘", "재계약 요건이 뭐야?",
                               "재계약 배제 조건 정리해줘", "재계약 배제 기준 점수 정리해줘, 성과평가랑 적격자심의",
                               "재계약 안 되는 경우는?", "어떤 경우에 재계약이 안 돼?", "재계약 배제 사유가 뭐가 있어?"])
def test_rule_text_questions(q):
    assert kind(q) == ("rule_text", "recontract")


CALCS = [
    ("2023년 모니터링 달성도는?", "achievement"),
    ("실적 45, 목표 60이면 달성도 몇 %야?", "achievement"),
    ("2022년 홈페이지 방문자수 달성도 계산해줘", "achievement"),
    ("민간위탁금 2023년에서 2024년 얼마나 늘었어?", "growth"),
    ("사기사이트 적발 22년 대비 23년 몇 건 늘었어?", "growth"),
    ("2023년 상담 총건수는 전년보다 얼마나 줄었어?", "growth"),
    ("2022년과 2024년 사이 민간위탁금 증가율", "growth"),
    ("22~24년 민간위탁금 다 합치면?", "sum"),
    ("2022~2024년 민간위탁금 합계는?", "sum"),
    ("2023년 모니터링 업체 중 영업중 비중은?", "share"),
    ("2023년 상담 중 피해구제가 차지하는 비율은?", "share"),
]


@pytest.mark.parametrize("q,tool", CALCS)
def test_calculation_questions(q, tool):
    assert kind(q) == ("calc", tool), classify(q, RULES, AS_OF).reason


@pytest.mark.parametrize("q", ["민간위탁금 증가 추세야?", "상담 건수가 줄었어?", "1~3차 합치면?"])
def test_calculation_words_without_periods_are_not_calculations(q):
    """A calculation needs its periods: without two years (or 전년 + a year) it cannot fill."""
    assert kind(q)[0] == "fact"


# ---- the features, one by one ----------------------------------------------------------------

@pytest.mark.parametrize("text,pred", [
    ("재계약 가능해?", "가능"), ("재계약 되나요?", "되나"), ("재계약 할 수 있어?", "할 수 있"),
    ("예산 먼저 편성해도 돼?", "해도 돼"), ("의회 동의 받아야 해?", "받아야"), ("동의 필요한가?", "필요한가"),
    ("재계약 배제 대상이야?", "대상이야"), ("배제 사유에 해당돼?", "사유에 해당"), ("걸려?", "걸려"),
    ("공개모집 대상 기관은 어디야?", None), ("실시 여부는?", None), ("어떻게 처리됐어?", None),
    ("재계약 됐어?", None), ("해당 수탁기관은 어디?", None),
])
def test_verdict_predicate(text, pred):
    assert verdict_predicate(text) == pred


@pytest.mark.parametrize("text,wh", [
    ("대상 기관은 어디야?", "어디"), ("언제 제출됐나?", "언제"), ("몇 건이야?", "몇"), ("누가 결정해?", "누가"),
    ("증가한 이유는?", "이유"), ("어떤 배제 사유에 걸려?", None), ("72점이면 어떻게 되나?", None),
    ("재계약 가능해?", None),
])
def test_wh_word(text, wh):
    assert wh_word(text) == wh


@pytest.mark.parametrize("text,past", [
    ("어떻게 처리됐어?", True), ("재계약 했어?", True), ("언제 받았어?", True), ("재계약 돼?", False),
    ("재계약 가능한가?", False), ("의회 동의 필요해?", False),
])
def test_past_report(text, past):
    assert past_report(text) is past


def test_bare_conditional_and_what_happens():
    assert bare_conditional("적격자심의 68점이면?") and bare_conditional("이런 경우?")
    assert not bare_conditional("재계약 가능해?")
    assert asks_what_happens("72점이면 어떻게 되나?") and asks_what_happens("어떻게 돼?")
    assert not asks_what_happens("어떻게 처리됐어?")


def test_final_clause_is_the_question():
    assert final_clause("성과평가는 80점인데 적격자심의에서 65점 나왔어. 재계약 돼?").text.strip() == "재계약 돼?"
    assert final_clause("위원회가 제재는 필요 없다고 봤다면 재계약 가능해?").text.strip() == "재계약 가능해?"


@pytest.mark.parametrize("q,years", [
    ("2022~2024년 합계", [2022, 2023, 2024]), ("22~24년 민간위탁금", [2022, 2023, 2024]),
    ("’23년 대비 ’24년", [2023, 2024]), ("2023년 상담", [2023]), ("1~3차 합산", []),
    ("15~22년 평균", list(range(2015, 2023))),
])
def test_years_in(q, years):
    assert years_in(q) == years


def test_question_as_of():
    assert question_as_of("2010-01-01 기준 72점이면?") == date(2010, 1, 1)
    assert question_as_of("2024년 8월 12일 현재 재계약 가능?") == date(2024, 8, 12)
    assert question_as_of("2024년 재계약 가능?") is None
