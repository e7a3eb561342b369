"""One-way paraphrases of legal drafting in the thesaurus data ("민간위원 -> 공무원이 아닌 위원")."""

from __future__ import annotations

from pathlib import Path

from assistant.korean import analyzer
from assistant.thesaurus import Thesaurus, load_thesaurus


def test_the_short_word_brings_in_the_drafting_phrase_one_way():
    a = analyzer()
    t = Thesaurus([], a, [("민간위원", "공무원이 아닌 위원"), ("알리다", "통보하다")])
    assert {"공무원", "위원"} - set(a.tokens("민간위원")) <= set(t.expand(a.tokens("민간위원 임기는?")))
    assert "공무원" in t.expand(a.tokens("민간위원 임기는?"))
    assert "통보" in t.expand(a.tokens("언제까지 알려줘야 돼?"))
    # the phrase's head alone does not mean the short word
    assert "민간위원" not in t.expand(a.tokens("위원 임기는?"))
    assert t.expand(a.tokens("공무원이 아닌 위원의 임기")) == []


def test_the_data_file_reads_paraphrase_lines(tmp_path: Path):
    f = tmp_path / "thesaurus.txt"
    f.write_text("# comment\n기간, 위탁기간\n민간위원 -> 공무원이 아닌 위원\n", encoding="utf-8")
    load_thesaurus.cache_clear()
    try:
        t = load_thesaurus(f)
        toks = analyzer().tokens("민간위원")
        assert "공무원" in t.expand(toks)
        assert "위탁기간" in t.expand(analyzer().tokens("기간"))
    finally:
        load_thesaurus.cache_clear()
