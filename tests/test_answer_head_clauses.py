"""The asked attribute read from the question's syntax: a noun used as a predicate names the
relation, a noun with a place or dative particle names where, a noun built on the asked counter is
the measure, a law the question names is the source, and a range noun is met by a range."""

from __future__ import annotations

from assistant.answering import features as F
from assistant.answering.question import read_question

from .answer_helpers import sentence_candidate as cand


def head(kiwi, q: str) -> list[str]:
    return read_question(q, kiwi, lambda t: 2.0).head


def test_a_noun_used_as_a_predicate_is_the_relation_not_the_head(kiwi):
    # 차지하다 modifies the measure: the noun measured is the subject of the clause
    assert head(kiwi, "올해 예산에서 홍보비가 차지하는 비중은?") == ["홍보비"]
    # without an argument of its own the clause names which amount is asked: 환급한 금액
    assert "환급" in head(kiwi, "작년까지 환급한 금액은?")
    # "…할 수 있어?" is the question's own predicate
    assert "해임" in head(kiwi, "이사장은 어떤 때에 해임할 수 있어?")
    # comparing is what to do with the amounts, not what is asked
    assert "비교" not in head(kiwi, "두 센터의 운영비를 비교하면 어느 쪽이 더 커?")


def test_a_noun_with_a_place_or_dative_particle_is_an_adjunct(kiwi):
    assert head(kiwi, "도시정비 예산안 본회의에서 어떻게 처리됐어?") == ["예산안"]
    assert "국회" not in head(kiwi, "연차보고서는 언제까지 국회에 내야 해?")
    # ... unless an interrogative determiner asks for it
    assert "기관" in head(kiwi, "결과 보고서는 어느 기관에 제출해?")
    # capacity (…로 뽑혔어) is not an adjunct of place
    assert "수탁자" in head(kiwi, "공모에서 새 수탁자로 어디가 뽑혔어?")


def test_a_noun_built_on_the_asked_counter_is_the_measure(kiwi):
    h = head(kiwi, "심사에서 가온복지관 총점 몇 점이야?")
    assert "총점" not in h and "가온복지관" in h


def test_the_law_a_question_names_is_the_source_not_the_head(kiwi):
    assert not {"시행", "규칙", "시행규칙"} & set(head(kiwi, "위원 임기는 법률과 시행규칙이 어떻게 달라?"))
    assert "개정안" not in head(kiwi, "주차장 조례 개정안 의견은 언제까지 내?")


def test_a_range_noun_is_met_by_a_range_of_figures(kiwi):
    fr = read_question("보통 등급의 점수 구간은?", kiwi, lambda t: 2.0)
    assert "구간" in fr.head

    def fit(text: str) -> float:
        c = cand(text)
        lay = F.layers_of(c, kiwi.tokens, lambda d: "")
        return F.head_match(fr, F.credit_of(fr, lay, lambda t: set(), lambda t: 2.0), lay)

    assert fit("등급 기준 : 우수(80점 이상), 보통(70점 이상 80점 미만), 미흡(70점 미만)") == 1.0
    assert fit("등급 기준은 위원회가 매년 정하여 공고한다.") < 0.5


def test_a_dotted_coordination_is_the_word_typed_together(kiwi):
    fr = read_question("시도는 보고서를 언제까지 내야 해?", kiwi, lambda t: 2.0)
    lay = F.layers_of(cand("시ㆍ도지사는 매년 2월 말일까지 보고서를 제출하여야 한다."), kiwi.tokens, lambda d: "")
    assert F.credit_of(fr, lay, lambda t: set(), lambda t: 2.0).get("시도", 0) > 0.5


def test_an_adjunct_is_the_head_when_the_question_names_nothing_else(kiwi):
    # the bill is the source, not the head; with nothing else named, the forum still guards
    assert head(kiwi, "청년주거 조례안은 상임위에서 통과됐어?") == ["상임위"]
