"""Rule engine: verdicts at their exact boundaries, versions as of a date, data-only threshold edits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.rules import (
    DEFAULT_RULES_FILE,
    RulesError,
    council_consent_required,
    load_rules,
    recontract_eligibility,
)

AS_OF = date(2025, 1, 1)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


# (inputs, recontract_allowed, excluded_by, pending_committee_review)
RECONTRACT_CASES = [
    # ① 종합성과평가 75점 미만 — "미만" excludes the boundary itself
    ({"eval_score": 75.0}, True, [], []),
    ({"eval_score": 74.99}, False, ["①"], []),
    ({"eval_score": 83.44}, True, [], []),
    ({"eval_score": 0}, False, ["①"], []),
    ({"eval_score": 100}, True, [], []),
    # ② 적격자심의위원회 70점 미만
    ({"qualification_score": 70}, True, [], []),
    ({"qualification_score": 69.99}, False, ["②"], []),
    ({"qualification_score": 68}, False, ["②"], []),
    # ③ 동일 지적사항 3회 이상 미시정 — "이상" includes the boundary; the committee decides
    ({"uncorrected_findings": 2}, True, [], []),
    ({"uncorrected_findings": 3}, False, ["③"], ["③"]),
    ({"uncorrected_findings": 7}, False, ["③"], ["③"]),
    ({"uncorrected_findings": 0}, True, [], []),
    # ④ 주요 비위로 행정처분·벌금 이상
    ({"major_misconduct": True}, False, ["④"], ["④"]),
    ({"major_misconduct": False}, True, [], []),
    # ⑤ 감사 제재 + 민간위탁운영평가위원회 판단
    ({"audit_sanction_needs_action": True}, False, ["⑤"], ["⑤"]),
    ({"audit_sanction_needs_action": False}, True, [], []),
    # combinations
    ({"eval_score": 80, "qualification_score": 65}, False, ["②"], []),
    ({"eval_score": 70, "uncorrected_findings": 3}, False, ["①", "③"], ["③"]),
    ({"eval_score": 90, "qualification_score": 90, "uncorrected_findings": 1, "major_misconduct": False,
      "audit_sanction_needs_action": False}, True, [], []),
]


@pytest.mark.parametrize("inputs,allowed,excluded,pending", RECONTRACT_CASES)
def test_recontract_eligibility_table(rules, inputs, allowed, excluded, pending):
    r = recontract_eligibility(**inputs, as_of=AS_OF, rules=rules)
    assert r["recontract_allowed"] is allowed
    assert r["excluded_by"] == excluded
    assert r["pending_committee_review"] == pending
    assert r["rule_version"] == "recontract_exclusion@2024-08-12"
    assert r["basis"] == "「서울시 행정사무의 민간위탁 관리지침」"
    assert r["as_of"] == "2025-01-01"
    assert set(r["not_assessed"]) == {"①", "②", "③", "④", "⑤"} - {c["id"] for c in r["checks"]}


def test_committee_review_is_named_for_3_4_5(rules):
    r = recontract_eligibility(uncorrected_findings=3, as_of=AS_OF, rules=rules)
    assert r["status"] == "excluded_pending_review"
    assert "적격자심의위원회" in r["verdict"]
    assert r["checks"][0]["judged_by"] == "적격자심의위원회"
    r1 = recontract_eligibility(eval_score=60, as_of=AS_OF, rules=rules)
    assert r1["status"] == "excluded" and r1["checks"][0]["judged_by"] != "적격자심의위원회"


def test_eligible_verdict_states_what_is_still_weighed(rules):
    r = recontract_eligibility(eval_score=83.44, as_of=AS_OF, rules=rules)
    assert r["status"] == "not_excluded"
    text = " ".join(r["considerations"] + r["notes"])
    for word in ("지도·점검", "종합성과평가", "감사결과", "공개모집 재위탁"):
        assert word in text
    assert any("②·③·④·⑤" in n for n in r["notes"])  # what was not assessed is said


def test_no_input_is_undetermined(rules):
    r = recontract_eligibility(as_of=AS_OF, rules=rules)
    assert r["recontract_allowed"] is None and r["status"] == "undetermined"


@pytest.mark.parametrize("kwargs", [
    {"eval_score": 101}, {"eval_score": -1}, {"eval_score": "72"}, {"eval_score": True},
    {"qualification_score": float("nan")}, {"uncorrected_findings": 2.5}, {"major_misconduct": "yes"},
])
def test_bad_inputs_raise(rules, kwargs):
    with pytest.raises(ValueError):
        recontract_eligibility(**kwargs, as_of=AS_OF, rules=rules)


CONSENT_CASES = [
    # action, important_change, consent_required, documents, budget_before_consent_allowed
    ("new", False, True, ["민간위탁 성과보고서"], False),
    ("change", False, True, ["민간위탁 성과보고서"], False),
    ("reentrust", False, True, ["민간위탁 성과보고서"], True),
    ("recontract", False, False, [], True),
    ("recontract", True, True, ["민간위탁 성과보고서"], True),
]


@pytest.mark.parametrize("action,change,required,docs,budget", CONSENT_CASES)
def test_council_consent_table(rules, action, change, required, docs, budget):
    r = council_consent_required(action, important_change=change, as_of=AS_OF, rules=rules)
    assert r["consent_required"] is required
    assert r["basis"] == "제4조의3 ①"
    assert r["law"] == "「서울특별시 행정사무의 민간위탁에 관한 조례」 제4조의3"
    assert r["documents_required"] == docs
    assert r["budget_before_consent_allowed"] is budget
    assert r["budget_basis"] == "제4조의3 ⑤"
    assert r["rule_version"] == "council_consent@2024-08-12"


def test_council_consent_rejects_unknown_action(rules):
    with pytest.raises(ValueError):
        council_consent_required("sell", as_of=AS_OF, rules=rules)  # type: ignore[arg-type]


def test_recontract_wording_has_correct_particle(rules):
    r = council_consent_required("recontract", as_of=AS_OF, rules=rules)
    assert r["verdict"].startswith("재계약은 ")


# ---- versions and data edits -------------------------------------------------------------

OLDER_VERSION = """

[[rules]]
id = "recontract_exclusion"
title = "재계약 배제(재위탁 공개모집) 사유 — 시험용 이전 버전"
effective_from = 2020-01-01
effective_to = 2024-08-11
basis = "「서울시 행정사무의 민간위탁 관리지침」(시험용 이전 버전)"

[[rules.criteria]]
id = "①"
input = "eval_score"
kind = "score"
label = "종합성과평가 결과"
threshold = 70
comparison = "미만"
unit = "점"
"""


def _copy_rules(tmp_path: Path, text: str | None = None) -> Path:
    p = tmp_path / "rules.toml"
    p.write_text(text if text is not None else DEFAULT_RULES_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    return p


def test_as_of_picks_the_version_in_force(tmp_path):
    p = _copy_rules(tmp_path, DEFAULT_RULES_FILE.read_text(encoding="utf-8") + OLDER_VERSION)
    rules = load_rules(p)
    old = recontract_eligibility(eval_score=72, as_of=date(2023, 6, 1), rules=rules)
    new = recontract_eligibility(eval_score=72, as_of=date(2024, 8, 12), rules=rules)
    edge = recontract_eligibility(eval_score=72, as_of=date(2024, 8, 11), rules=rules)
    assert old["rule_version"] == "recontract_exclusion@2020-01-01" and old["recontract_allowed"] is True
    assert edge["rule_version"] == "recontract_exclusion@2020-01-01"  # effective_to is inclusive
    assert new["rule_version"] == "recontract_exclusion@2024-08-12" and new["excluded_by"] == ["①"]


def test_as_of_before_any_version_says_so(rules):
    r = recontract_eligibility(eval_score=50, as_of=date(2010, 1, 1), rules=rules)
    assert r["status"] == "no_rule" and r["recontract_allowed"] is None and r["rule_version"] is None
    assert "2010-01-01" in r["verdict"]
    c = council_consent_required("new", as_of=date(2010, 1, 1), rules=rules)
    assert c["consent_required"] is None


def test_one_line_threshold_edit_changes_the_verdict(tmp_path, rules):
    text = DEFAULT_RULES_FILE.read_text(encoding="utf-8")
    assert text.count("threshold = 75\n") == 1
    edited = load_rules(_copy_rules(tmp_path, text.replace("threshold = 75\n", "threshold = 80\n")))
    before = recontract_eligibility(eval_score=78, as_of=AS_OF, rules=rules)
    after = recontract_eligibility(eval_score=78, as_of=AS_OF, rules=edited)
    assert before["recontract_allowed"] is True
    assert after["recontract_allowed"] is False and after["excluded_by"] == ["①"]
    assert any("인용 원문과 다릅니다" in n for n in after["notes"])  # the quoted source still says 75


def test_one_line_count_threshold_edit(tmp_path, rules):
    text = DEFAULT_RULES_FILE.read_text(encoding="utf-8")
    assert text.count("threshold = 3\n") == 1
    edited = load_rules(_copy_rules(tmp_path, text.replace("threshold = 3\n", "threshold = 2\n")))
    assert recontract_eligibility(uncorrected_findings=2, as_of=AS_OF, rules=rules)["excluded_by"] == []
    assert recontract_eligibility(uncorrected_findings=2, as_of=AS_OF, rules=edited)["excluded_by"] == ["③"]


def test_overlapping_versions_are_rejected(tmp_path):
    overlapping = OLDER_VERSION.replace("effective_to = 2024-08-11", "effective_to = 2024-12-31")
    with pytest.raises(RulesError, match="겹칩니다"):
        load_rules(_copy_rules(tmp_path, DEFAULT_RULES_FILE.read_text(encoding="utf-8") + overlapping))


@pytest.mark.parametrize("bad,match", [
    ('comparison = "미만"', "comparison"),
    ('kind = "score"', "kind"),
])
def test_malformed_criteria_are_rejected(tmp_path, bad, match):
    text = DEFAULT_RULES_FILE.read_text(encoding="utf-8")
    broken = text.replace(bad, bad.replace('"미만"', '"below"').replace('"score"', '"grade"'), 1)
    with pytest.raises(RulesError, match=match):
        load_rules(_copy_rules(tmp_path, broken))


def test_missing_or_invalid_file(tmp_path):
    with pytest.raises(RulesError):
        load_rules(tmp_path / "nope.toml")
    with pytest.raises(RulesError):
        load_rules(_copy_rules(tmp_path, "[[rules]\nid="))


def test_every_rule_version_has_sources(rules):
    for v in rules.versions:
        for c in v.criteria:
            assert c.sources and c.sources[0].quote and c.sources[0].basis and c.sources[0].doc
        for c in v.clauses:
            assert c.sources and "제4조의3" in c.sources[0].basis


def test_functions_are_pure(rules):
    a = recontract_eligibility(eval_score=72, uncorrected_findings=3, as_of=AS_OF, rules=rules)
    b = recontract_eligibility(eval_score=72, uncorrected_findings=3, as_of=AS_OF, rules=rules)
    assert a == b
    assert recontract_eligibility(eval_score=72, as_of=AS_OF)["excluded_by"] == ["①"]  # default rules file


def test_command_line(capsys, tmp_path):
    import json

    from assistant.rules.__main__ import main

    assert main(["--as-of", "2025-01-01", "recontract", "--eval-score", "74.99"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["excluded_by"] == ["①"] and out["rule_version"] == "recontract_exclusion@2024-08-12"
    assert main(["--as-of", "2025-01-01", "consent", "recontract"]) == 0
    assert json.loads(capsys.readouterr().out)["consent_required"] is False
    assert main(["--as-of", "2025-01-01", "show"]) == 0
    shown = capsys.readouterr().out
    assert "recontract_exclusion@2024-08-12 *" in shown and "75점 미만" in shown
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rules]\n", encoding="utf-8")
    assert main(["--rules", str(bad), "show"]) == 2


def test_range_inputs_are_decided_only_when_the_whole_range_agrees(rules):
    from assistant.rules.model import Range

    below = recontract_eligibility(eval_score=Range(hi=75, hi_incl=False), as_of=AS_OF, rules=rules)
    assert below["excluded_by"] == ["①"] and below["checks"][0]["value_text"] == "75점 미만"
    upto = recontract_eligibility(eval_score=Range(hi=75), as_of=AS_OF, rules=rules)  # ≤ 75: 75 itself is not excluded
    assert upto["status"] == "depends_on_value" and upto["recontract_allowed"] is None and upto["depends_on_value"] == ["①"]
    above = recontract_eligibility(eval_score=Range(lo=75), as_of=AS_OF, rules=rules)
    assert above["status"] == "not_excluded"
    # another criterion that excludes decides regardless of the open one
    both = recontract_eligibility(eval_score=Range(hi=80), qualification_score=60, as_of=AS_OF, rules=rules)
    assert both["status"] == "excluded" and both["excluded_by"] == ["②"] and both["depends_on_value"] == ["①"]
    counts = recontract_eligibility(uncorrected_findings=Range(lo=3), as_of=AS_OF, rules=rules)
    assert counts["excluded_by"] == ["③"]
    with pytest.raises(ValueError):
        Range(lo=80, hi=70)
    with pytest.raises(ValueError):
        recontract_eligibility(eval_score=Range(hi=140), as_of=AS_OF, rules=rules)


def test_consent_obtained_premise(rules):
    r = council_consent_required("reentrust", as_of=AS_OF, rules=rules, consent_obtained=False)
    assert r["requirement_met"] is False and r["consent_note"] and r["consent_note"] in r["verdict"]
    r = council_consent_required("recontract", as_of=AS_OF, rules=rules, consent_obtained=False)
    assert r["requirement_met"] is True and "동의 대상이 아니므로" in r["consent_note"]
    assert council_consent_required("new", as_of=AS_OF, rules=rules)["requirement_met"] is None
