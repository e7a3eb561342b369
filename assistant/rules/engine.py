"""Verdict functions: pure, deterministic, every threshold read from the rules data.

- `recontract_eligibility` — 「서울시 행정사무의 민간위탁 관리지침」 재계약 배제(재위탁 공개모집)
  사유 ①–⑤ (③·④·⑤ 해당 여부는 적격자심의위원회 심의).
- `council_consent_required` — 「서울특별시 행정사무의 민간위탁에 관한 조례」 제4조의3 ①·③·⑤.

Both take `as_of` (the date the verdict is made for; today if None) and name the rule
version they applied. Neither reads anything but the `Rules` object passed in (or the
packaged rules file, loaded once).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from .model import Criterion, Range, Rules, RuleVersion, default_rules, fmt_number

RECONTRACT_RULE = "recontract_exclusion"
CONSENT_RULE = "council_consent"
Action = Literal["new", "change", "reentrust", "recontract"]
ACTIONS: tuple[str, ...] = ("new", "change", "reentrust", "recontract")


def _no_rule(rule_id: str, as_of: date, rules: Rules) -> dict[str, Any]:
    known = ", ".join(f"{v.version}(~{v.effective_to.isoformat() if v.effective_to else ''})" for v in rules.versions_of(rule_id))
    return {
        "rule_id": rule_id,
        "rule_version": None,
        "as_of": as_of.isoformat(),
        "status": "no_rule",
        "verdict": f"{as_of.isoformat()} 시점에 적용되는 규칙 버전이 규칙 파일에 없습니다.",
        "notes": [f"규칙 파일의 버전: {known or '없음'}"],
    }


def _check_value(c: Criterion, value: Any) -> Any:
    if isinstance(value, Range):
        if c.kind == "flag":
            raise ValueError(f"{c.id} {c.input}: 참/거짓 값이 필요합니다 / expected a bool, got a range")
        for bound in (value.lo, value.hi):
            if bound is not None:
                _check_value(c, bound)
        return value
    if c.kind == "flag":
        if not isinstance(value, bool):
            raise ValueError(f"{c.id} {c.input}: 참/거짓 값이 필요합니다 / expected a bool, got {value!r}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{c.id} {c.input}: 숫자가 필요합니다 / expected a number, got {value!r}")
    if value != value or value < 0:
        raise ValueError(f"{c.id} {c.input}: 0 이상의 수가 필요합니다 / must be >= 0, got {value!r}")
    if c.kind == "score" and value > 100:
        raise ValueError(f"{c.id} {c.input}: 점수는 100점 이하입니다 / score above 100: {value!r}")
    if c.kind == "count" and float(value) != int(value):
        raise ValueError(f"{c.id} {c.input}: 횟수는 정수입니다 / count must be whole: {value!r}")
    return value


def recontract_eligibility(
    eval_score: float | Range | None = None,
    qualification_score: float | Range | None = None,
    uncorrected_findings: int | Range | None = None,
    major_misconduct: bool | None = None,
    audit_sanction_needs_action: bool | None = None,
    as_of: date | None = None,
    rules: Rules | None = None,
) -> dict[str, Any]:
    """May the current 수탁기관 be re-contracted? The 재계약 배제 사유 ①–⑤ of the rules file
    (criteria, thresholds and their legal basis are read from `rules`, never written here).

    The committee named in the rules file reviews the criteria it lists (`pending_committee_review`).
    None인 입력은 판단하지 않고 `not_assessed`에 남긴다. "미만"은 경계값을 포함하지 않고 "이상"은
    포함한다. A score or count may be a `Range` ("75점을 넘지 못했다면" = ≤ 75): when the verdict
    depends on where in the range the real value lies, the criterion is listed in `depends_on_value`
    and the status is "depends_on_value" unless another criterion already excludes.
    """
    rules = rules or default_rules()
    as_of = as_of or date.today()
    rv = rules.get(RECONTRACT_RULE, as_of)
    if rv is None:
        return dict(_no_rule(RECONTRACT_RULE, as_of, rules), recontract_allowed=None, excluded_by=[],
                    pending_committee_review=[], not_assessed=[], checks=[])
    inputs = {
        "eval_score": eval_score,
        "qualification_score": qualification_score,
        "uncorrected_findings": uncorrected_findings,
        "major_misconduct": major_misconduct,
        "audit_sanction_needs_action": audit_sanction_needs_action,
    }
    committee = rv.extra.get("committee", {})
    committee_name = committee.get("name", "적격자심의위원회")
    reviewed_by_committee = set(committee.get("reviews", []))
    checks, excluded, pending, not_assessed, notes, depends = [], [], [], [], [], []
    for c in rv.criteria:
        value = inputs.get(c.input)
        if value is None:
            not_assessed.append(c.id)
            continue
        value = _check_value(c, value)
        hit = c.applies(value)
        judged_by = committee_name if c.id in reviewed_by_committee else "규칙(기계 판정)"
        shown = value.describe(c.unit) if isinstance(value, Range) else (
            ("예" if value else "아니오") if isinstance(value, bool) else f"{fmt_number(value)}{c.unit}")
        checks.append({
            "id": c.id, "input": c.input, "value": value.as_dict() if isinstance(value, Range) else value,
            "value_text": shown, "threshold": c.threshold, "comparison": c.comparison,
            "unit": c.unit, "criterion": c.describe(), "applies": hit, "judged_by": judged_by,
        })
        if c.note:
            notes.append(c.note)
        if hit is None:
            depends.append(c.id)
        elif hit:
            excluded.append(c.id)
            if c.id in reviewed_by_committee:
                pending.append(c.id)
        if c.quote_disagrees():
            notes.append(f"규칙 파일의 {c.id} 기준값({fmt_number(c.threshold)}{c.unit})이 인용 원문과 다릅니다: "
                         f"규칙 파일 기준을 적용했습니다.")
    if excluded and pending == excluded:
        status, allowed = "excluded_pending_review", False
        verdict = rv.say("excluded_pending", ids="·".join(excluded), committee=committee_name)
    elif excluded:
        status, allowed = "excluded", False
        verdict = rv.say("excluded", ids="·".join(excluded))
        if pending:
            verdict += " " + rv.say("excluded_pending", ids="·".join(pending), committee=committee_name)
    elif depends:
        status, allowed = "depends_on_value", None
        verdict = rv.say("depends_on_value", ids="·".join(depends))
    elif checks:
        status, allowed = "not_excluded", True
        verdict = rv.say("not_excluded")
    else:
        status, allowed = "undetermined", None
        verdict = rv.say("no_input")
    if not_assessed and checks:
        notes.append(rv.say("not_assessed", ids="·".join(not_assessed)))
    considerations = [x["text"] for x in rv.extra.get("considerations", [])] if status == "not_excluded" else []
    if status == "not_excluded":
        notes.append(rv.say("discretion"))
    return {
        "recontract_allowed": allowed,
        "status": status,
        "excluded_by": excluded,
        "depends_on_value": depends,
        "pending_committee_review": pending,
        "committee": committee_name,
        "not_assessed": not_assessed,
        "checks": checks,
        "verdict": verdict,
        "considerations": considerations,
        "notes": notes,
        "rule_id": rv.id,
        "rule_version": rv.version,
        "rule_title": rv.title,
        "basis": rv.basis,
        "as_of": as_of.isoformat(),
    }


def _topic(word: str) -> str:
    """word + 은/는 by its last syllable (재계약 → 재계약은, 재위탁 → 재위탁은, 변경 → 변경은)."""
    last = word[-1] if word else ""
    if "가" <= last <= "힣":
        return word + ("은" if (ord(last) - 0xAC00) % 28 else "는")
    return word + "은(는)"


def _article(rv: RuleVersion) -> str:
    m = re.search(r"제\s*\d+\s*조(?:\s*의\s*\d+)?", rv.basis)
    return m.group(0) if m else rv.basis


def council_consent_required(
    action: Action,
    important_change: bool = False,
    as_of: date | None = None,
    rules: Rules | None = None,
    consent_obtained: bool | None = None,
) -> dict[str, Any]:
    """Does this 민간위탁 step need the Council's consent? The clauses ① (which steps), ③ (documents)
    and ⑤ (budget timing) of the consent rule in the rules file.

    `action`: "new" | "change" | "reentrust" | "recontract"; `important_change=True` with
    "recontract" means the re-contract also changes 중요내용 (→ ① applies as a change).
    `consent_obtained`: what the question states ("동의를 받지 않았다면" → False); None when unstated.
    With consent required and not obtained, `requirement_met` is False.
    """
    if action not in ACTIONS:
        raise ValueError(f"action은 {', '.join(ACTIONS)} 중 하나입니다 / unknown action: {action!r}")
    rules = rules or default_rules()
    as_of = as_of or date.today()
    rv = rules.get(CONSENT_RULE, as_of)
    if rv is None:
        return dict(_no_rule(CONSENT_RULE, as_of, rules), action=action, consent_required=None)
    labels = rv.extra.get("actions", {})
    label = labels.get(action, action)
    art = _article(rv)
    c1, c3, c5 = rv.clause("①"), rv.clause("③"), rv.clause("⑤")
    required = action in c1.params.get("actions", []) or (important_change and "change" in c1.params.get("actions", []))
    exceptions = c5.params.get("exceptions", [])
    budget_before = action in exceptions or not required
    documents = list(c3.params.get("documents", [])) if required else []
    clauses_applied = [c1.id] + ([c3.id] if required else []) + [c5.id]
    notes: list[str] = []
    if required:
        verdict = rv.say("required", action=label)
        if action not in c1.params.get("actions", []):
            verdict = rv.say("required", action=f"{label}(중요내용 변경 포함)")
        verdict += " " + rv.say("documents", documents=", ".join(documents))
        verdict += " " + (rv.say("budget_exception", action=label) if action in exceptions else rv.say("budget_after"))
    else:
        verdict = rv.say("not_required", action=label, action_topic=_topic(label))
        notes.append(rv.say("not_required_note"))
    requirement_met = None if consent_obtained is None else (bool(consent_obtained) or not required)
    consent_note = ""
    if consent_obtained is False:
        consent_note = rv.say("without_consent" if required else "without_consent_ok", action=label,
                              action_topic=_topic(label))
        verdict += " " + consent_note
    return {
        "action": action,
        "action_label": label,
        "important_change": important_change,
        "consent_required": required,
        "consent_obtained": consent_obtained,
        "requirement_met": requirement_met,
        "consent_note": consent_note,
        "basis": f"{art} {c1.id}",
        "law": rv.basis,
        "documents_required": documents,
        "documents_basis": f"{art} {c3.id}" if required else None,
        "budget_before_consent_allowed": budget_before,
        "budget_basis": f"{art} {c5.id}",
        "clauses_applied": clauses_applied,
        "verdict": verdict,
        "notes": notes,
        "rule_id": rv.id,
        "rule_version": rv.version,
        "rule_title": rv.title,
        "as_of": as_of.isoformat(),
    }
