"""Compound and comparative questions split by their syntax (stop 17): each part asks one
thing of one compared body, so it is retrieved, gated and answered on its own."""

from __future__ import annotations

import pytest

from assistant.answering.backend import _merge
from assistant.answering.parts import split_parts
from assistant.korean import analyzer as get_analyzer
from assistant.models import Draft


@pytest.fixture(scope="module")
def kiwi():
    return get_analyzer()


def test_value_asked_of_joint_subjects_is_asked_of_each(kiwi):
    # "어떻게"/"얼마" asks each conjunct's own value (how often both act together stays one question)
    assert split_parts("조합 이사 정수랑 감사 정수는 어떻게 정해져 있어?", kiwi) == [
        "조합 이사 정수는 어떻게 정해져 있어?", "감사 정수는 어떻게 정해져 있어?"]


def test_sameness_question_asks_each_value(kiwi):
    # "같아?" compares: each body's own value is asked, the sameness word stays with the whole
    parts = split_parts("도서관 민간위탁과 체육센터 민간위탁은 위탁기간이 끝나는 날이 같아?", kiwi)
    assert len(parts) == 2
    assert parts[0].startswith("도서관 민간위탁") and parts[1].startswith("체육센터 민간위탁")
    assert not any("같아" in p for p in parts)


def test_which_one_wins_words_stay_with_the_whole(kiwi):
    parts = split_parts("과학관과 미술관의 2027년 위탁금을 비교하면 어느 쪽이 얼마나 더 큰가?", kiwi)
    assert parts == ["과학관의 2027년 위탁금을?", "미술관의 2027년 위탁금을?"]


def test_compared_conjuncts_carrying_their_own_attribute(kiwi):
    # "A의 사업비와 B의 예산안 중 어느 쪽이 더 큰가?": nothing after 중 but the winner's words
    assert split_parts("동작구 돌봄 사업비와 강서구 방범 예산안 중 어느 쪽이 더 큰가?", kiwi) == [
        "동작구 돌봄 사업비는?", "강서구 방범 예산안은?"]


def test_connective_before_auxiliary_is_one_predicate(kiwi):
    # "정하고 있어?": -고 before the auxiliary 있다 is no second clause; the coordination splits
    assert split_parts("재단 소유 토지 중 팔 수 없는 토지는 법과 시행령에서 각각 어떻게 정하고 있어?", kiwi) == [
        "재단 소유 토지 중 팔 수 없는 토지는 법에서 어떻게 정하고 있어?",
        "재단 소유 토지 중 팔 수 없는 토지는 시행령에서 어떻게 정하고 있어?"]


def test_subjectless_second_clause_keeps_the_subject(kiwi):
    parts = split_parts("장학사업 실태조사는 몇 년마다 실시하며, 어떤 방법으로 하나요?", kiwi)
    assert parts[1] == "장학사업 실태조사 어떤 방법으로 하나요?"


def test_second_clause_joining_two_asks_gives_three_parts(kiwi):
    parts = split_parts("협의회는 몇 명으로 구성하고, 그중 민간위원은 몇 명이며 임기는 몇 년이야?", kiwi)
    assert len(parts) == 3
    assert parts[2].endswith("임기는 몇 년이야?")


def test_merge_labels_each_compared_answer():
    drafts = [Draft("위탁기간은 3년이다 [1].", [], mode="answer"), Draft("", [], refused=True, mode="refused")]
    merged = _merge(["과학관 위탁기간은?", "미술관 위탁기간은?"], drafts, ["과학관", "미술관"])
    assert merged is not None
    assert merged.text.startswith("과학관: 위탁기간은 3년이다 [1].")
    assert "미술관 위탁기간은" in merged.text  # the refused part says which one


def test_compared_names_are_noun_phrases(kiwi):
    from assistant.answering.parts import compared_names
    names = compared_names(["평가에서 가 등급을 받은 기관의 총점을?", "선정심사 1위 기관의 총점을?"], kiwi)
    assert not any("받은" in n for n in names)


def test_merge_does_not_repeat_a_line_an_earlier_part_shows():
    # two parts whose best is the same passage: the second shows only what it adds
    drafts = [Draft("포인트를 300원에서 500원으로 올린다 [1].", [], mode="answer"),
              Draft("포인트를 300원에서 500원으로 올린다 [1].\n지원 한도는 연 1천만원이다 [2].", [], mode="answer")]
    merged = _merge(["포인트는?", "한도는?"], drafts)
    assert merged is not None
    assert merged.text.count("500원으로") == 1
    assert "1천만원" in merged.text


def test_labels_only_for_compared_things_opening_their_parts(kiwi):
    from assistant.answering.backend import ExtractiveBackend
    be = ExtractiveBackend(kiwi, idf=lambda t: 1.0, title_of=lambda d: "")
    assert be._labels("과학관과 미술관의 위탁금을 비교하면?", ["과학관의 위탁금을?", "미술관의 위탁금을?"]) == ["과학관", "미술관"]
    # two clauses of one question differ in their asked attributes, not in a compared body
    assert be._labels("캠퍼스 교장은 누가 맡고, 교육과정은 본교랑 달라도 돼?",
                      ["캠퍼스 교장은 누가 맡고", "캠퍼스 교육과정은 본교랑 달라도 돼?"]) == []


def _hit(text: str, doc: str, rank: int = 1):
    from assistant.models import Chunk, Hit

    return Hit(Chunk(f"{doc}#{rank}", doc, rank, text, [], 0, len(text)), 1.0 / rank, rank)


def test_comparison_states_how_much_larger_in_the_amounts_unit():
    from decimal import Decimal

    from assistant.answering.parts import comparison_line
    same = comparison_line("A와 B를 비교하면?", ["A", "B"], [("won", Decimal(1486 * 10**6), "1,486백만원"),
                                                          ("won", Decimal(4820 * 10**6), "4,820백만원")])
    assert same == "비교: B 4,820백만원 > A 1,486백만원 — B 쪽이 3,334백만원 더 큽니다."
    mixed = comparison_line("A와 B를 비교하면?", ["A", "B"], [("won", Decimal(1486 * 10**6), "1,486,000천원"),
                                                           ("won", Decimal(4820 * 10**6), "48억 2,000만원")])
    assert mixed is not None and "33억 3,400만원 더 큽니다" in mixed


def test_the_computed_difference_survives_grounding(kiwi):
    from assistant.answering.backend import ExtractiveBackend
    from assistant.grounding import finalize
    from assistant.models import Hit

    a = _hit("보훈심사위원회는 위원장 1명을 포함한 20명 이내의 위원으로 구성한다.", "a.md")
    b = _hit("청소년정책협의회는 위원장 1명을 포함한 25명 이내의 위원으로 구성한다.", "b.md", 2)

    def search(q: str, k: int):
        first = a if "보훈" in q else b
        return [Hit(first.chunk, 1.0, 1), Hit((b if first is a else a).chunk, 0.5, 2)]

    backend = ExtractiveBackend(kiwi, lambda t: 2.0, lambda d: d)
    q = "보훈심사위원회와 청소년정책협의회 중 위원 수가 더 많은 쪽은?"
    answer = finalize(q, backend.compose(q, [a, b], search=search), [a, b])
    assert "5명 더 큽니다" in answer.answer


def test_conjuncts_with_their_own_relative_clauses(kiwi):
    # the right conjunct brings its own modifier (a relative clause), so the left one's modifiers
    # are the left one's; a relative clause's verb is not the question's predicate
    assert split_parts("규칙안에서 정한 학생 연령이랑 약정서에서 상담사가 따져야 하는 연령 같아?", kiwi) == [
        "규칙안에서 정한 학생 연령?", "약정서에서 상담사가 따져야 하는 연령?"]
    # a shared object before them stays with both
    parts = split_parts("센터의 평균 대기기간을 보고서의 작년 수치와 회의에서 답한 최근 수치로 비교하면?", kiwi)
    assert parts == ["센터의 평균 대기기간을 보고서의 작년 수치로?", "센터의 평균 대기기간을 회의에서 답한 최근 수치로?"]


def test_a_right_conjunct_without_its_own_source_shares_the_left_ones_modifiers(kiwi):
    # "지금까지 징수한 금액" names no source of its own: the subject before the left conjunct is shared
    parts = split_parts("중구 공유재산 사용료 체납 지적의 체납액과 지금까지 징수한 금액은?", kiwi)
    assert all(p.startswith("중구 공유재산") for p in parts)
