"""Comparisons: each compared thing's value is asked, retrieved and cited on its own."""

from __future__ import annotations

import pytest

from assistant.answering.parts import split_parts


@pytest.mark.parametrize("question,parts", [
    # "A와 B 중 … 더 …": one question per compared thing, the compared attribute asked of each
    ("보훈심사위원회와 청소년정책협의회 중 위원 수 한도가 더 많은 쪽은?",
     ["보훈심사위원회 위원 수 한도는?", "청소년정책협의회 위원 수 한도는?"]),
    # the comparison wins over the clause connective: its second clause only repeats the ask
    ("김해시와 진주시 중 전기버스 1대당 보조금이 더 많은 곳은 어디고 각각 얼마야?",
     ["김해시 전기버스 1대당 보조금은?", "진주시 전기버스 1대당 보조금은?"]),
    ("A구와 B구 중 어디가 예산이 더 많아?", ["A구 예산은?", "B구 예산은?"]),
    # "A는 B보다 …"
    ("광명시는 안양시보다 청년수당 예산이 많아?", ["광명시 청년수당 예산은?", "안양시 청년수당 예산은?"]),
    ("광명시 예산은 안양시보다 적어?", ["광명시 예산은?", "안양시 예산은?"]),
    # "A랑 B, <속성> …": the comma ends the second conjunct; the attribute is asked of both
    ("보훈심사위원회랑 청소년정책협의회, 회의 개의 요건 어떻게 달라?",
     ["보훈심사위원회 회의 개의 요건 어떻게?", "청소년정책협의회 회의 개의 요건 어떻게?"]),
    # a parenthesis is part of its word; a body named with its own head noun stays with its conjunct
    ("보훈위원회 자문위원과 교원 심사위원회 민간위원(교수ㆍ법조인 등)의 임기를 비교하면?",
     ["보훈위원회 자문위원의 임기를?", "교원 심사위원회 민간위원(교수ㆍ법조인 등)의 임기를?"]),
])
def test_comparisons_ask_each_compared_thing(kiwi, question, parts):
    assert split_parts(question, kiwi) == parts


@pytest.mark.parametrize("question", [
    "이 조례는 법률보다 먼저 시행돼?",  # 먼저: an order in time, no amount of each
    "주차장 설치 기준은 건축법보다 조례가 우선해?",
])
def test_comparisons_without_a_compared_amount_stay_whole(kiwi, question):
    assert split_parts(question, kiwi) == [question]


def test_shared_modifier_stays_with_both_conjuncts(kiwi):
    # "<부서> 세출 규모와 전년 대비 증감률": the department is what both are asked of
    q = "2026년 예산안에서 기후대기과 세출 규모와 전년 대비 증감률은?"
    assert split_parts(q, kiwi) == ["2026년 예산안에서 기후대기과 세출 규모는?",
                                    "2026년 예산안에서 기후대기과 세출 전년 대비 증감률은?"]


def _hit(text: str, doc: str, rank: int = 1):
    from assistant.models import Chunk, Hit

    return Hit(Chunk(f"{doc}#{rank}", doc, rank, text, [], 0, len(text)), 1.0 / rank, rank)


def _backend_and_search(kiwi, passages):
    from assistant.answering.backend import ExtractiveBackend
    from assistant.models import Hit

    def search(q: str, k: int):
        # a tiny lexical search: passages sharing the most two-letter word starts with the part
        scored = sorted(passages, key=lambda h: -sum(w[:2] in h.chunk.text for w in q.split()))
        return [Hit(h.chunk, 1.0, i) for i, h in enumerate(scored[:k], 1)]

    return ExtractiveBackend(kiwi, lambda t: 2.0, lambda d: d), search


def test_a_comparison_answers_each_side_with_its_citation_and_says_which_is_larger(kiwi):
    a = _hit("보훈심사위원회는 위원장 1명을 포함한 20명 이내의 위원으로 구성한다.", "a.md")
    b = _hit("청소년정책협의회는 위원장 1명을 포함한 25명 이내의 위원으로 구성한다.", "b.md")
    backend, search = _backend_and_search(kiwi, [a, b])
    draft = backend.compose("보훈심사위원회와 청소년정책협의회 중 위원 수가 더 많은 쪽은?", [a], search=search)
    assert "20명" in draft.text and "25명" in draft.text and len(draft.evidence) == 2
    assert "비교: 청소년정책협의회 25명 > 보훈심사위원회 20명" in draft.text


def test_equal_amounts_are_said_to_be_equal(kiwi):
    a = _hit("보훈심사위원회 위원의 임기는 2년으로 하며, 한 차례만 연임할 수 있다.", "a.md")
    b = _hit("청소년정책협의회 위원의 임기는 2년으로 한다.", "b.md")
    backend, search = _backend_and_search(kiwi, [a, b])
    draft = backend.compose("보훈심사위원회랑 청소년정책협의회 위원 임기는 서로 다른가?", [a], search=search)
    assert "두 값이 같습니다" in draft.text


def test_no_verdict_between_amounts_of_different_kinds(kiwi):
    from assistant.answering.parts import comparison_line, compared_value

    values = [compared_value("위원은 20명 이내로 한다", None), compared_value("임기는 2년으로 한다", None)]
    assert comparison_line("A와 B 중 더 큰 쪽은?", ["A", "B"], values) is None
    # a calendar year and a date's day are no amounts; a limit is preferred over other counts
    assert compared_value("2024년 예산은 968,400천원이며 2025. 10. 31일까지 집행", None)[2] == "968,400천원"
    assert compared_value("위원장 1명을 포함한 15명 이내의 위원", None)[2] == "15명"


def test_a_difference_asked_is_not_split(kiwi):
    # "보다 얼마나/몇 % …" asks the change between them, which one passage states
    for q in ("광명시 예산은 안양시보다 얼마나 많아?", "올해 위탁금은 작년보다 몇 % 늘어?"):
        assert split_parts(q, kiwi) == [q]


def test_one_passage_answering_both_sides_gets_no_verdict(kiwi):
    # both parts answered by the same sentence: it states both amounts, no verdict is read from it
    both = _hit("시내버스 가운데 수소버스는 74대, 전기버스는 128대로 전환율은 19.9%이다.", "a.md")
    backend, search = _backend_and_search(kiwi, [both])
    draft = backend.compose("수소버스와 전기버스는 각각 몇 대인지 비교해줘", [both], search=search)
    assert "74대" in draft.text and "비교:" not in draft.text


def test_the_counter_after_myeot_picks_the_amount():
    from assistant.answering.parts import asked_counter, compared_value

    assert asked_counter("두 시의 수소버스는 몇 대야?") == "대"
    assert compared_value("수소버스 100대를 들이고 전환율은 27.3%", None, "대")[2] == "100대"
