"""Every quote in rules.toml is real text of the corpus document it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.loaders import load_document
from assistant.rules import load_rules
from assistant.toolrouter import find_span

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
RULES = load_rules()


def _sources():
    for v in RULES.versions:
        for c in v.criteria:
            for s in c.sources:
                yield f"{v.version}:{c.id}", s
        for c in v.clauses:
            for s in c.sources:
                yield f"{v.version}:{c.id}", s
        for s in v.extra.get("committee", {}).get("sources", ()):
            yield f"{v.version}:committee", s
        for x in v.extra.get("considerations", []):
            for s in x["sources"]:
                yield f"{v.version}:considerations", s
    for s in RULES.calc_sources:
        yield "calc", s


@pytest.fixture(scope="module")
def chunks_by_doc():
    out = {}
    for p in sorted(CORPUS.glob("*.txt")):
        out[p.name] = chunk_document(load_document(p))
    return out


@pytest.mark.parametrize("entry,source", list(_sources()), ids=lambda x: x if isinstance(x, str) else "")
def test_rule_source_quote_is_in_its_document(chunks_by_doc, entry, source):
    assert source.doc in chunks_by_doc, f"{entry}: {source.doc} is not in corpus/"
    assert any(find_span(c.text, source.quote) for c in chunks_by_doc[source.doc]), f"{entry}: quote not found"
