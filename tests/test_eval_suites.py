"""The shipped eval suites against the session index: thresholds from evals/thresholds.toml."""

from __future__ import annotations

import tomllib

import pytest

from assistant.evals import load_suite, run_suite
from assistant.evals.suite import SUITE_KINDS, unmatched_sources

from .conftest import ROOT

EVALS = ROOT / "evals"
CONFIG = tomllib.loads((EVALS / "thresholds.toml").read_text(encoding="utf-8"))
SUITES = CONFIG["suites"]


def test_every_shipped_suite_has_thresholds_and_the_suites_cover_every_kind():
    files = {p.name for p in EVALS.glob("*.jsonl")} - {"retrieval.jsonl"}
    assert files == {s["file"] for s in SUITES.values()}
    items = [i for s in SUITES.values() for i in load_suite(EVALS / s["file"]).items]
    assert len(items) >= 80
    assert {i.kind for i in items} == set(SUITE_KINDS)
    assert {i.kind for i in load_suite(EVALS / SUITES["heldout"]["file"]).items} == set(SUITE_KINDS)


@pytest.mark.parametrize("name", sorted(SUITES))
def test_gold_quotes_are_in_the_index(name, assistant):
    suite = load_suite(EVALS / SUITES[name]["file"])
    assert unmatched_sources(suite, assistant.index.all_chunks()) == []


@pytest.mark.parametrize("name", sorted(SUITES))
def test_suite_meets_thresholds(name, assistant):
    conf = {**CONFIG.get("defaults", {}), **SUITES[name]}
    report = run_suite(EVALS / conf["file"], assistant, k=int(conf.get("k", 5)))
    overall = report.summary()["overall"]
    below = []
    for key, limit in conf.items():
        if key.startswith("min_"):
            value = overall[key[4:]]
            if value is None or value < limit:
                below.append(f"{key[4:]} = {value} < {limit}")
        elif key.startswith("max_"):
            value = overall[key[4:]]
            if value is None or value > limit:
                below.append(f"{key[4:]} = {value} > {limit}")
    failing = [f"{r.id}: {r.question} → {r.failures[:1]}" for r in report.failures]
    assert not below, f"{name}: " + "; ".join(below) + "\nfailing items:\n" + "\n".join(failing)
