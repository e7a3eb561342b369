"""Comparisons: each compared thing's value is asked, retrieved and cited on its own."""

from __future__ import annotations

import pytest

from assistant.answering.parts import split_parts
from assistant.korean import analyzer as get_analyzer


@pytest.fixture(scope="module")
def kiwi():
    return get_analyzer()


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
