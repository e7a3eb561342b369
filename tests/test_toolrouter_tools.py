"""The same rule and calculation functions as LangChain tools (for an LLM backend)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("langchain_core")

from assistant.chunking import chunk_document  # noqa: E402
from assistant.facts import extract_facts  # noqa: E402
from assistant.loaders import load_document  # noqa: E402
from assistant.rules import load_rules, recontract_eligibility  # noqa: E402
from assistant.tools import build_tools  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tools():
    facts = extract_facts(chunk_document(load_document(ROOT / "corpus" / "000_676e27cb4d6cfd79.txt")))
    return {t.name: t for t in build_tools(load_rules(), facts)}


def test_tool_names_and_schemas(tools):
    assert set(tools) == {"recontract_eligibility", "council_consent_required", "achievement_rate",
                          "change_and_growth_rate", "share", "sum_over_years", "latest_eval_score", "lookup_fact"}
    props = tools["recontract_eligibility"].args_schema.model_json_schema()["properties"]
    assert {"eval_score", "qualification_score", "uncorrected_findings", "major_misconduct",
            "audit_sanction_needs_action", "as_of"} <= set(props)
    assert "관리지침" in tools["recontract_eligibility"].description
    assert "제4조의3" in tools["council_consent_required"].description


def test_tools_give_the_same_results_as_the_functions(tools):
    r = tools["recontract_eligibility"].invoke({"eval_score": 74.99, "as_of": "2025-01-01"})
    assert r == recontract_eligibility(eval_score=74.99, as_of=__import__("datetime").date(2025, 1, 1))
    c = tools["council_consent_required"].invoke({"action": "reentrust", "as_of": "2025-01-01"})
    assert c["consent_required"] and c["budget_before_consent_allowed"]
    assert tools["achievement_rate"].invoke({"actual": 81.8, "target": 84.8})["value"] == 96.46
    g = tools["change_and_growth_rate"].invoke({"before": 519778, "after": 533478, "unit": "천원"})
    assert g["change"]["value"] == 13700 and g["growth_rate"]["value"] == 2.64
    assert tools["share"].invoke({"part": 4407, "total": 8723})["value"] == 50.52
    assert tools["sum_over_years"].invoke({"values": {"2022": 1, "2023": 2}})["value"] == 3


def test_fact_tools_return_their_source(tools):
    f = tools["latest_eval_score"].invoke({"service": "전자상거래센터"})
    assert f["value"] == 83.44 and "83.44점" in f["quote"] and f["chunk_id"]
    b = tools["lookup_fact"].invoke({"metric": "민간위탁금", "year": 2024})
    assert b["value"] == 533478 and b["as_written"] == "533,478천원"


def test_schema_rejects_bad_arguments(tools):
    with pytest.raises(Exception):
        tools["recontract_eligibility"].invoke({"eval_score": 140})
    with pytest.raises(Exception):
        tools["council_consent_required"].invoke({"action": "sell"})
