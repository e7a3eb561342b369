"""Condition clauses → verdict arguments: negation scope, comparisons, counts, consent premises."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.conditions import (
    comparison_after,
    find_terms,
    negated_at,
    numbers_with_unit,
    read_actions,
    read_criteria,
    split_clauses,
    stated_consent,
)
from assistant.rules import load_rules
from assistant.rules.model import Range

RULES = load_rules()
RV = RULES.get("recontract_exclusion", date(2025, 1, 1))
CONSENT = RULES.get("council_consent", date(2025, 1, 1))


def given(q: str) -> dict:
    return read_criteria(q, RV).given


def undetermined(q: str) -> dict:
    return read_criteria(q, RV).undetermined


# ---- the brief's negated and counterfactual conditions --------------------------------------

@pytest.mark.parametrize("q,expected", [
    ("위원회가 제재는 필요 없다고 봤다면 재계약 가능해?", {"audit_sanction_needs_action": False}),
    ("감사에서 징계를 받았지만 운영평가위원회가 제재는 필요 없다고 봤다면 재계약 배제야?", {"audit_sanction_needs_action": False}),
    ("감사에서 환수 결정 받았고 운영평가위원회도 제재 필요하다고 봤으면", {"audit_sanction_needs_action": True}),
    ("운영평가위원회가 제재가 필요하지 않다고 판단했다면", {"audit_sanction_needs_action": False}),
    ("감사에서 징계를 받은 적이 없다면", {"audit_sanction_needs_action": False}),
    ("지적사항이 없었다면 재계약 돼?", {"uncorrected_findings": 0}),
    ("지적을 세 번 받았지만 모두 시정했다면", {"uncorrected_findings": 0}),
    ("같은 지적사항을 정당한 사유 없이 3번 시정 안 했으면", {"uncorrected_findings": 3}),
    ("지적사항 3회 미시정", {"uncorrected_findings": 3}),
    ("동일 지적을 네 차례나 이행하지 않았다면", {"uncorrected_findings": 4}),
    ("지적사항을 3회 이상 시정하지 않았다면", {"uncorrected_findings": Range(lo=3, lo_incl=True)}),
    ("성희롱 사건이 있었지만 처벌은 받지 않았다면", {"major_misconduct": False}),
    ("횡령이나 성희롱 같은 비위는 전혀 없었다면", {"major_misconduct": False}),
    ("직원이 사업비 횡령으로 벌금형 받았으면", {"major_misconduct": True}),
    ("부당노동행위로 행정처분을 받음", {"major_misconduct": True}),
    ("성폭력으로 처벌까지 받은 건 아니라면", {"major_misconduct": False}),
])
def test_negation_sets_flags_and_counts(q, expected):
    assert given(q) == expected


@pytest.mark.parametrize("q,expected", [
    ("75점을 넘지 못했다면 재계약 가능한가요?", Range(hi=75, hi_incl=True)),
    ("종합성과평가가 75점에 못 미쳤다면", Range(hi=75, hi_incl=False)),
    ("성과평가 75점 미만이면", Range(hi=75, hi_incl=False)),
    ("성과평가가 80점을 넘었다면", Range(lo=80, lo_incl=False)),
    ("성과평가 80점 이상이면", Range(lo=80, lo_incl=True)),
    ("성과평가 70점대면", Range(lo=70, hi=80, lo_incl=True, hi_incl=False)),
    ("성과평가 딱 75점이면", 75.0),
    ("평가 점수가 74.99점이면", 74.99),
])
def test_score_comparisons(q, expected):
    assert given(q) == {"eval_score": expected}


@pytest.mark.parametrize("q,expected", [
    ("성과평가는 80점인데 적격자심의에서 65점 나왔어. 재계약 돼?", {"eval_score": 80.0, "qualification_score": 65.0}),
    ("적격자심의 71점, 성과평가 74점", {"eval_score": 74.0, "qualification_score": 71.0}),
    ("종합평가 90점에 적격자심의 85점이면", {"eval_score": 90.0, "qualification_score": 85.0}),
    ("적격자심의위원회 심사결과 평가점수 65.5점이면", {"qualification_score": 65.5}),
    ("적격자 심사에서 70점 받았으면 배제 사유야?", {"qualification_score": 70.0}),
    ("2021년에 받은 80.4점이면", {"eval_score": 80.4}),  # no subject: the bare_number criterion (①)
    ("100점 만점에 72점이면", {"eval_score": 72.0}),  # "100점 만점" is a scale, not a score
])
def test_scores_bind_to_their_subject(q, expected):
    assert given(q) == expected


@pytest.mark.parametrize("q,name", [
    ("성희롱 사건이 있었는데 재계약 가능한가?", "major_misconduct"),
    ("감사에서 환수 제재를 받았는데 재계약 되나?", "audit_sanction_needs_action"),
    ("벌금형 처벌을 받았다면", "major_misconduct"),  # punished — but for a 주요 비위?
    ("지적사항이 5건 있었는데", "uncorrected_findings"),  # uncorrected without good reason?
])
def test_what_the_question_leaves_out_is_named(q, name):
    r = read_criteria(q, RV)
    assert name in r.undetermined and name not in r.given and r.undetermined[name]


def test_topic_words_without_a_case_fill_nothing():
    for q in ("2023년 지도점검 지적사항은 어떻게 처리됐어?", "공개모집 대상 기관은 어디야?"):
        assert given(q) == {}


# ---- the parts ---------------------------------------------------------------------------------

def test_split_clauses_keeps_quotations_whole():
    parts = [c.text.strip() for c in split_clauses("감사에서 환수 결정 받았고 위원회가 제재는 필요 없다고 봤다면 재계약 돼?")]
    assert parts == ["감사에서 환수 결정 받았고", "위원회가 제재는 필요 없다고 봤다면", "재계약 돼?"]
    parts = [c.text.strip() for c in split_clauses("성과평가는 80점인데 적격자심의에서 65점 나왔어. 재계약 돼?")]
    assert parts == ["성과평가는 80점인데", "적격자심의에서 65점 나왔어.", "재계약 돼?"]


@pytest.mark.parametrize("q,word,negated", [
    ("처벌은 받지 않았다면", "처벌", True),
    ("처벌을 받았다면", "처벌", False),
    ("제재는 필요 없다고 봤다면", "필요", True),
    ("제재가 필요하다고 봤다면", "필요", False),
    ("제재가 필요하다고 판단하지 않았다면", "필요", True),
    ("정당한 사유 없이 3번 시정 안 했으면", "시정", True),
    ("정당한 사유 없이 3번 시정 안 했으면", "사유", True),
    ("같은 지적사항을 정당한 사유 없이", "지적", False),  # 없이 negates 사유, not 지적사항
    ("지적사항 3회 미시정", "시정", True),
    ("지적사항이 없었다면", "지적", True),
    ("벌금형까지는 안 받았어", "벌금", True),
    ("안전 점검 지적사항", "지적", False),  # 안전 is a word, not 안
])
def test_negation_scope(q, word, negated):
    i = q.index(word)
    assert negated_at(q, i, i + len(word)) is negated


def test_find_terms_prefers_longer_terms():
    hits = find_terms("부당 노동행위와 인권 침해", ["부당 노동", "노동", "인권 침해", "인권"])
    assert [h.term for h in hits] == ["부당 노동", "인권 침해"]


@pytest.mark.parametrize("tail,rel", [
    (" 미만", "<"), (" 이하", "<="), ("을 넘지 못했다면", "<="), ("에 못 미쳤다면", "<"), ("을 넘었다면", ">"),
    (" 넘으면", ">"), ("보다 낮으면", "<"), ("대면", "decade"), ("이면", None), (" 받았으면", None),
])
def test_comparison_after(tail, rel):
    assert comparison_after(tail) == rel


def test_numbers_with_unit():
    ns = numbers_with_unit("지적 세 번, 상담 4,234건, 3차 평가, 2회", ["회", "번", "건"])
    assert [n.value for n in ns] == [3.0, 2.0]  # "4,234건" is not "234건"; "3차" is an ordinal


@pytest.mark.parametrize("q,actions", [
    ("재위탁인데 의회 동의가 필요한가?", ["reentrust"]),
    ("중요 내용 변경 없이 재위탁만 하는 경우에도 의회 동의 거쳐야 해?", ["reentrust"]),
    ("재계약하면서 위탁내용을 변경하면 의회 동의 받아야 하나?", ["change", "recontract"]),
    ("새로 민간위탁 하려면 의회 동의 받아야 해?", ["new"]),
    ("위탁 내용이 바뀌면 동의 필요?", ["change"]),
])
def test_read_actions(q, actions):
    assert sorted(read_actions(q, CONSENT.extra["ask"]["actions"])) == sorted(actions)


@pytest.mark.parametrize("q,obtained", [
    ("재위탁하면서 의회 동의를 받지 않았다면 어떻게 되나?", False),
    ("의회 동의 없이 재위탁했다면 문제가 돼?", False),
    ("의회 동의를 받았다면 예산 편성해도 돼?", True),
    ("재위탁인데 의회 동의가 필요한가?", None),  # the question, not a premise
    ("의회 동의 전에 예산 먼저 편성해도 돼?", None),
])
def test_stated_consent(q, obtained):
    assert stated_consent(q, CONSENT.extra["ask"]["decision"]) is obtained
