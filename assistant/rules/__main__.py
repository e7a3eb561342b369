"""`python -m assistant.rules` — look at the rules file and run a verdict from the shell.

    python -m assistant.rules show [--rules FILE] [--as-of YYYY-MM-DD]
    python -m assistant.rules recontract --eval-score 72 [--qualification-score 68] [--findings 3]
                                         [--misconduct] [--audit-sanction] [--as-of …] [--rules FILE]
    python -m assistant.rules consent reentrust [--important-change] [--as-of …] [--rules FILE]

Output is JSON (the same dict the Python functions return), except `show`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date

from .engine import ACTIONS, council_consent_required, recontract_eligibility
from .model import DEFAULT_RULES_FILE, RulesError, fmt_number, load_rules


def _show(rules, as_of: date | None) -> None:
    print(f"규칙 파일: {os.path.relpath(rules.path)} (data_version {rules.meta.get('data_version', '?')})")
    for v in sorted(rules.versions, key=lambda v: (v.id, v.effective_from)):
        span = f"{v.effective_from.isoformat()} ~ {v.effective_to.isoformat() if v.effective_to else ''}"
        mark = " *" if as_of and v.in_force(as_of) else ""
        print(f"\n{v.version}{mark}  {v.title}  [{span}]  {v.basis}")
        for c in v.criteria:
            thr = f"{fmt_number(c.threshold)}{c.unit} {c.comparison}" if c.threshold is not None else c.comparison
            print(f"  {c.id} {c.input:<28} {thr:<12} ← {c.sources[0].basis if c.sources else '출처 없음'}")
        for c in v.clauses:
            params = ", ".join(f"{k}={v_}" for k, v_ in c.params.items())
            print(f"  {c.id} {c.effect:<28} {params}  ← {c.sources[0].basis if c.sources else '출처 없음'}")
    if as_of:
        print(f"\n* = {as_of.isoformat()}에 적용되는 버전")


def _criterion_labels() -> dict[str, str]:
    """Option help from the packaged rules file's criteria (their wording lives only there)."""
    try:
        rules = load_rules(DEFAULT_RULES_FILE)
    except RulesError:
        return {}
    return {c.input: f"{c.id} {c.label}" for v in rules.versions_of("recontract_exclusion")[-1:] for c in v.criteria}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m assistant.rules", description="규칙 파일 보기·판정 / rules file and verdicts")
    p.add_argument("--rules", default=str(DEFAULT_RULES_FILE), help="규칙 파일 경로 (기본: 패키지의 rules.toml)")
    p.add_argument("--as-of", type=date.fromisoformat, default=None, help="판단 기준일 YYYY-MM-DD (기본: 오늘)")
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("show", help="규칙과 버전, 기준값, 근거 보기")
    r = sub.add_parser("recontract", help="재계약 배제 사유 판정")
    label = _criterion_labels()
    r.add_argument("--eval-score", type=float, help=label.get("eval_score"))
    r.add_argument("--qualification-score", type=float, help=label.get("qualification_score"))
    r.add_argument("--findings", type=int, help=label.get("uncorrected_findings"))
    r.add_argument("--misconduct", action="store_true", default=None, help=label.get("major_misconduct"))
    r.add_argument("--audit-sanction", action="store_true", default=None, help=label.get("audit_sanction_needs_action"))
    c = sub.add_parser("consent", help="의회 동의 필요 여부 (조례 제4조의3)")
    c.add_argument("action", choices=ACTIONS)
    c.add_argument("--important-change", action="store_true", help="재계약과 함께 중요내용 변경")
    a = p.parse_args(argv)
    try:
        rules = load_rules(a.rules)
    except RulesError as e:
        print(e, file=sys.stderr)
        return 2
    if a.cmd == "show":
        _show(rules, a.as_of or date.today())
        return 0
    if a.cmd == "recontract":
        out = recontract_eligibility(a.eval_score, a.qualification_score, a.findings, a.misconduct, a.audit_sanction,
                                     as_of=a.as_of, rules=rules)
    else:
        out = council_consent_required(a.action, a.important_change, a.as_of, rules)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
