"""Rule wording lives only in rules.toml: the code of the rule path quotes no criterion text,
and editing the file's wording changes the answers."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from assistant.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
RULE_PATH = ["assistant/toolrouter.py", "assistant/intent.py", "assistant/conditions.py", "assistant/conflicts.py",
             "assistant/tools.py", "assistant/rules/engine.py", "assistant/rules/model.py", "assistant/rules/calc.py",
             "assistant/rules/__main__.py"]


def _rule_texts() -> list[str]:
    rules = load_rules()
    out: list[str] = []
    for v in rules.versions:
        for c in v.criteria:
            out += [c.label, c.note, c.ask.get("missing", ""), c.ask.get("missing_event", "")]
            out += [s.quote for s in c.sources]
            if " " in c.short:
                out.append(c.short)
        out += [s.quote for c in v.clauses for s in c.sources]
        out += list(v.wording.values()) + [x["text"] for x in v.extra.get("considerations", [])]
        practice = v.extra.get("practice", {})
        out += [practice.get("note", ""), practice.get("said", "")]
    return [t for t in out if len(t) >= 8]


def _string_literals(path: Path) -> list[str]:
    """String constants of a module, docstrings excluded (they document, they do not answer)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


@pytest.mark.parametrize("module", RULE_PATH)
def test_no_criterion_wording_in_code(module):
    literals = _string_literals(ROOT / module)
    for text in _rule_texts():
        for lit in literals:
            assert text not in lit, f"{module} hard-codes rules.toml wording: {text[:40]}"
    # thresholds are data too: no "75점"/"70점"/"3회" in the rule path's strings
    for lit in literals:
        # (100점 is the score scale the engine validates against, not a criterion's threshold)
        assert not re.search(r"(?<!\d)(?!100)\d+\s*(?:점|회)\s*(?:미만|이상|이하|초과)", lit), f"{module}: threshold: {lit[:40]}"


def test_editing_wording_and_vocabulary_changes_the_answer(tmp_path):
    """A criterion's short name, a wording template and a question word, changed in the file only."""
    from assistant.chunking import chunk_document
    from assistant.facts import extract_facts
    from assistant.loaders import load_document
    from assistant.toolrouter import answer_with_tools, classify

    src = (ROOT / "assistant/rules/rules.toml").read_text(encoding="utf-8")
    edited = src.replace('short = "적격자심의위원회 심사결과"', 'short = "선정 심사 점수"', 1)
    edited = edited.replace('subject = ["적격자", ', 'subject = ["선발점수", "적격자", ', 1)
    edited = edited.replace('not_excluded = "입력된 사항으로는 재계약 배제 사유에 해당하지 않습니다(재계약 대상)."',
                            'not_excluded = "배제 사유 없음(재계약 대상)."', 1)
    assert edited.count("선정 심사 점수") == 1 and "선발점수" in edited and "배제 사유 없음" in edited
    path = tmp_path / "rules.toml"
    path.write_text(edited, encoding="utf-8")
    rules = load_rules(path)
    chunks = chunk_document(load_document(ROOT / "corpus" / "000_676e27cb4d6cfd79.txt"))
    d = answer_with_tools("선발점수 85점이면 재계약 돼?", lambda q, k: [], extract_facts(chunks), rules,
                          as_of=date(2025, 1, 1))
    assert d.tool_calls[0].args["qualification_score"] == 85.0
    assert d.text.startswith("배제 사유 없음(재계약 대상).") and "입력: 선정 심사 점수 85점" in d.text
    assert classify("선발점수 85점이면?", rules) == "recontract"
    assert classify("선발점수 85점이면?", load_rules()) is None  # not a criterion word in the shipped file
