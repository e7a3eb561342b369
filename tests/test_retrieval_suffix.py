"""A money noun's root: statutes write "경비를 보조받기 위해서는" where a question names 보조금."""

from __future__ import annotations

from assistant.retrieval import suffix_stems


def test_money_nouns_give_their_root_when_the_index_knows_it():
    known = {"보조", "사용", "위탁"}.__contains__
    assert suffix_stems(["지방", "보조금", "받"], known) == ["보조"]
    assert suffix_stems(["사용료", "위탁금", "위탁"], known) == ["사용"]  # a root already asked adds nothing
    assert suffix_stems(["설계비"], known) == []  # a root the index never uses adds nothing
    assert suffix_stems(["금", "회비", "비용"], lambda t: True) == []  # one-letter roots and other nouns
