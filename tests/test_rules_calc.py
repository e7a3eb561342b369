"""Calculations: the documents' own numbers reproduced, and properties that hold for any input."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.rules import (
    achievement_rate,
    change,
    growth_rate,
    load_rules,
    recontract_eligibility,
    share,
    sum_over_years,
)

RULES = load_rules()
AS_OF = date(2025, 1, 1)

# 목표치, 실적치, 달성도 as printed in the 검토보고서 <연도별 성과지표 대비 실적> table
DOCUMENT_ROWS = [
    (87.8, 80.8, 92.03), (84.8, 81.8, 96.46), (85.9, 30.3, 35.27),
    (91.6, 89.1, 97.27), (91.6, 89.3, 97.49), (91.6, 89.6, 97.82),
    (49.7, 51.0, 102.62), (49.7, 51.2, 103.02), (49.7, 62.1, 124.95),
    (44564, 59830, 134.26), (62882, 56087, 89.19), (58891, 31658, 53.76),
    (139, 227, 163.31), (170, 225, 132.35), (196, 120, 61.22),
]


@pytest.mark.parametrize("target,actual,expected", DOCUMENT_ROWS)
def test_achievement_rate_reproduces_the_report(target, actual, expected):
    r = achievement_rate(actual, target)
    assert r["value"] == expected
    assert r["unit"] == "%"
    assert r["display"] == f"{expected:.2f}"
    assert r["formula"].endswith(f"= {expected:.2f}")


def test_achievement_formula_names_operands():
    assert achievement_rate(81.8, 84.8)["formula"] == "81.8 ÷ 84.8 × 100 = 96.46"
    assert achievement_rate("80.8", "87.8")["value"] == 92.03  # strings as written in documents


def test_change_growth_share_sum():
    assert change(519778, 533478, "천원") == {
        "value": 13700.0, "unit": "천원", "formula": "533,478 − 519,778 = 13,700", "display": "13,700",
        "inputs": {"before": 519778.0, "after": 533478.0},
    }
    assert growth_rate(519778, 533478)["value"] == 2.64
    assert growth_rate(8723, 6460)["value"] == -25.94
    assert share(4407, 8723)["value"] == 50.52
    s = sum_over_years({2022: 519778, 2023: 523783, 2024: 533478}, "천원")
    assert s["value"] == 1577039 and s["display"] == "1,577,039"
    assert s["formula"] == "519,778 + 523,783 + 533,478 = 1,577,039"


def test_rounding_is_half_up_not_bankers():
    assert achievement_rate(1, 8, decimals=2)["value"] == 12.5
    assert achievement_rate(0.00125, 1, decimals=3)["value"] == 0.125  # 0.125 stays
    assert achievement_rate(1, 800, decimals=3)["value"] == 0.125
    assert achievement_rate(1, 1600, decimals=3)["value"] == 0.063  # 0.0625 → 0.063 (half up)


@pytest.mark.parametrize("fn,args", [
    (achievement_rate, (1, 0)), (growth_rate, (0, 5)), (share, (1, 0)),
    (achievement_rate, ("abc", 1)), (achievement_rate, (float("inf"), 1)), (achievement_rate, (True, 1)),
])
def test_invalid_arithmetic_raises(fn, args):
    with pytest.raises(ValueError):
        fn(*args)


def test_sum_needs_values():
    with pytest.raises(ValueError):
        sum_over_years({})


# ---- properties ----------------------------------------------------------------------------

scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("1000000"), places=2)


@settings(max_examples=150, deadline=None)
@given(a=scores, b=scores)
def test_higher_eval_score_never_turns_eligible_into_excluded(a, b):
    lo, hi = sorted((float(a), float(b)))
    r_lo = recontract_eligibility(eval_score=lo, as_of=AS_OF, rules=RULES)
    r_hi = recontract_eligibility(eval_score=hi, as_of=AS_OF, rules=RULES)
    if r_lo["recontract_allowed"]:
        assert r_hi["recontract_allowed"]
    assert r_lo["recontract_allowed"] == (lo >= 75)


@settings(max_examples=100, deadline=None)
@given(a=scores, b=scores, q=scores)
def test_higher_qualification_score_is_monotone_too(a, b, q):
    lo, hi = sorted((float(a), float(b)))
    r_lo = recontract_eligibility(eval_score=float(q), qualification_score=lo, as_of=AS_OF, rules=RULES)
    r_hi = recontract_eligibility(eval_score=float(q), qualification_score=hi, as_of=AS_OF, rules=RULES)
    assert not (r_lo["recontract_allowed"] and not r_hi["recontract_allowed"])


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=0, max_value=50), m=st.integers(min_value=0, max_value=50))
def test_more_uncorrected_findings_never_help(n, m):
    lo, hi = sorted((n, m))
    r_lo = recontract_eligibility(uncorrected_findings=lo, as_of=AS_OF, rules=RULES)
    r_hi = recontract_eligibility(uncorrected_findings=hi, as_of=AS_OF, rules=RULES)
    if r_hi["recontract_allowed"]:
        assert r_lo["recontract_allowed"]
    assert ("③" in r_lo["excluded_by"]) == (lo >= 3)


@settings(max_examples=150, deadline=None)
@given(actual=positive, target=positive, k=st.integers(min_value=1, max_value=1000))
def test_achievement_rate_is_scale_invariant_and_correctly_rounded(actual, target, k):
    r = achievement_rate(actual, target)
    assert achievement_rate(actual * k, target * k)["value"] == r["value"]
    exact = actual / target * 100
    assert abs(Decimal(str(r["value"])) - exact) <= Decimal("0.005")
    assert (r["value"] >= 100) == (exact >= Decimal("99.995"))


@settings(max_examples=150, deadline=None)
@given(before=positive, after=positive)
def test_growth_rate_sign_follows_the_change(before, after):
    g = growth_rate(before, after)["value"]
    c = change(before, after)["value"]
    if after > before:
        assert g >= 0 and c > 0
    elif after < before:
        assert g <= 0 and c < 0
    else:
        assert g == 0 and c == 0


@settings(max_examples=100, deadline=None)
@given(parts=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=6))
def test_shares_of_a_total_are_bounded(parts):
    total = sum(parts)
    if total == 0:
        return
    values = [share(p, total)["value"] for p in parts]
    assert all(0 <= v <= 100 for v in values)
    assert abs(sum(values) - 100) <= 0.005 * len(parts) + 1e-9
    assert sum_over_years(dict(enumerate(parts)))["value"] == total
