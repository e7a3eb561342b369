"""The asked attribute (head) matched the way documents write it: a day noun by its event, a
compound's parts with the compound, no head the analyser made up, a given figure in another unit."""

from __future__ import annotations

from dataclasses import replace

from assistant.answering import answer_types as T
from assistant.answering import features as F
from assistant.answering.question import answer_type, read_question

from .answer_helpers import sentence_candidate as cand


def head_of(kiwi, q: str, text: str) -> float:
    fr = read_question(q, kiwi, lambda t: 2.0)
    c = cand(text)
    lay = F.layers_of(c, kiwi.tokens, lambda d: "")
    credit = F.credit_of(fr, lay, lambda t: set(), lambda t: 2.0)
    return F.head_match(fr, credit, lay)


def test_a_day_noun_asks_a_date_and_is_met_by_its_event(kiwi):
    assert answer_type("센터의 개소일은?") == "date"
    assert answer_type("보수 지급일은?") == "date"
    assert head_of(kiwi, "센터의 개관일은?", "센터 현황 : 2022. 3. 2. 개관, 중구 소재") >= 0.5
    assert head_of(kiwi, "센터의 개관일은?", "센터 현황 : 중구 소재, 상담실 8실") < 0.5


def test_a_fee_noun_is_met_by_its_service(kiwi):
    assert head_of(kiwi, "쉼터 사용료는 얼마야?", "쉼터를 사용하는 사람에게 1일 1만원을 받는다.") >= 0.5


def test_parts_of_a_covered_head_compound_are_covered(kiwi):
    fr = replace(read_question("센터 개소일은?", kiwi, lambda t: 2.0), head=["소일", "개소일"],
                 weights={"센터": 2.0, "소일": 2.0, "개소일": 2.0})
    lay = F.layers_of(cand("2022. 3. 2. 개소"), kiwi.tokens, lambda d: "")
    assert F.head_match(fr, {"개소일": 0.6}, lay) == 1.0
    assert F.head_match(fr, {"소일": 0.6}, lay) == 0.5  # a part alone is not the compound


def test_a_head_must_be_written_in_the_question(kiwi):
    fr = read_question("사업비 중 강사비 미집행분은 얼마야?", kiwi, lambda t: 2.0)
    assert all(t in "사업비중강사비미집행분은얼마야" for t in fr.head)


def test_a_given_figure_in_another_unit_is_a_value(kiwi):
    fr = read_question("쉼터 하루 이용료 얼마까지 받을 수 있어?", kiwi, lambda t: 2.0)
    assert T.answer_type_match(fr, cand("이용자에게 실비를 1일 1만원의 범위에서 받을 수 있다.")) == 1.0
    # the question's own figure, in its own unit, is still no value
    assert T.answer_type_match(fr, cand("이용자에게 1일 단위로 실비를 받을 수 있다.")) == 0.0


def test_a_part_of_an_unknown_word_is_covered_with_it(kiwi):
    fr = replace(read_question("센터 개소일은?", kiwi, lambda t: 2.0), unknown=["소일", "개소일"])
    assert F.unknown_covered(fr, {"개소일": 0.6}) == 0.6
    assert F.unknown_covered(fr, {"소일": 0.6}) == 0.0  # the word itself is not covered by its part


def test_a_glossed_one_syllable_verb_names_the_noun_built_on_it(kiwi):
    assert head_of(kiwi, "원장이 의원을 겸직할 수 있어?", "원장은 국회의원 또는 정당의 간부를 겸(兼)할 수 없다.") == 1.0
    assert head_of(kiwi, "원장이 의원을 겸직할 수 있어?", "원장은 정관으로 정하는 바에 따라 임명한다.") == 0.0


def test_a_stated_figure_counts_with_a_counter_of_the_same_things(kiwi):
    fr = read_question("출자기관 18곳 평균 점수 몇 점이야?", kiwi, lambda t: 2.0)
    lay = lambda text: F.layers_of(cand(text), kiwi.tokens, lambda d: "")
    assert F.given_match(fr, lay("18개 기관 평균 82.7점")) == 1.0
    assert F.given_match(fr, lay("18년 평균 82.7점")) == 0.0


def test_a_derived_word_written_out_is_not_credited_as_its_stem(kiwi):
    fr = read_question("상임위 회부일은?", kiwi, lambda t: 2.0)
    lay = F.layers_of(cand("4. 회부일자 : 2024년 08월 14일"), kiwi.tokens, lambda d: "")
    assert F.credit_of(fr, lay, lambda t: set(), lambda t: 2.0)["회부일"] >= 0.9
