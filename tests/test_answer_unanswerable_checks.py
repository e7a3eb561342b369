"""Unanswerable questions a careful reader refuses: the provision hands the asked value down to an
instrument the library lacks (features.handed_down → a cited refusal), the passage names another member
of a numbered series (features.series_members), or the document's title dates the asked noun to
another year (features.titled_other_year)."""

from __future__ import annotations

from assistant.answering import features as F
from assistant.answering.backend import ExtractiveBackend
from assistant.answering.candidates import candidates_of
from assistant.answering.question import read_question
from assistant.grounding import finalize
from assistant.models import REFUSAL, Chunk, Hit

ACT = "가나특별법"
HANDS = "① 도지사는 투자를 유치하기 위하여 도조례로 정하는 요건을 갖춘 구역을 가나진흥구역으로 지정할 수 있다."
DEFINES = '법 제9조제1항에서 "도조례로 정하는 요건을 갖춘 구역"이란 다음 각 호의 구역을 말한다.'


def _frame(kiwi, q: str):
    return read_question(q, kiwi, lambda t: 2.0)


def _article(doc: str, section: list[str], text: str, rank_: int = 1, kind: str = "article") -> Hit:
    chunk = Chunk(f"{doc}#{rank_}", doc, rank_, text, section, 0, len(text), kind=kind)
    return Hit(chunk, 1.0 / rank_, rank_)


def test_a_provision_naming_the_asked_attribute_as_what_an_ordinance_sets_hands_it_down(kiwi):
    fr = _frame(kiwi, "가나진흥구역으로 지정되는 구역의 요건은 뭐야?")
    c = candidates_of(_article("act.md", [ACT, "제9조(가나진흥구역의 지정)"], HANDS))[0]
    assert F.handed_down(fr, c) == "도조례"
    # the decree defining the handed-down phrase states it: no hand-over
    d = candidates_of(_article("decree.md", [ACT + " 시행령", "제5조(요건)"], DEFINES))[0]
    assert F.handed_down(fr, d) == ""
    # a question asking by what instrument the matter is set is answered by the hand-over
    assert F.handed_down(_frame(kiwi, "가나진흥구역 지정 요건은 무엇으로 정하도록 돼 있어?"), c) == ""


def test_the_hand_over_is_a_cited_refusal_saying_where_the_value_is_left(kiwi):
    titles = {"act.md": ACT}
    backend = ExtractiveBackend(kiwi, lambda t: 2.0, lambda d: titles.get(d, d))
    q = "가나진흥구역으로 지정되는 구역의 요건은 뭐야?"
    hits = [_article("act.md", [ACT, "제9조(가나진흥구역의 지정)"], HANDS)]
    draft = backend.compose(q, hits)
    assert draft.refused and "도조례로 정하도록 위임" in draft.text and "제9조" in draft.text
    answer = finalize(q, draft, hits, lambda d: titles.get(d, d))
    assert answer.refused and answer.answer.startswith(REFUSAL) and answer.citations


def test_another_member_of_a_numbered_series_does_not_answer(kiwi):
    fr = _frame(kiwi, "다라동 공영 주차장의 2급지 1시간 주차비는?")
    one = candidates_of(_article("n.md", ["입법예고"], "공영 주차장 1급지 주차비를 1시간 2,400원으로 정함.", kind="list"))[0]
    two = candidates_of(_article("n.md", ["입법예고"], "공영 주차장 2급지 주차비를 1시간 1,800원으로 정함.", kind="list"))[0]
    span = candidates_of(_article("n.md", ["입법예고"], "공영 주차장 1급지부터 3급지까지 주차비를 1시간 600원 올림.", kind="list"))[0]
    assert F.specifier_match(fr, one, lambda d: d) == 0.0
    assert F.specifier_match(fr, two, lambda d: d) == 1.0
    assert F.specifier_match(fr, span, lambda d: d) == 1.0
    assert "2급지" in F.given_values(fr.text)


def test_a_title_dating_the_asked_noun_to_another_year_gates_its_document(kiwi):
    fr = _frame(kiwi, "가나구의회가 2025년도 행정사무감사를 시작하는 날짜는?")
    hit = _article("r.md", ["처리결과 보고"], "2025. 3. 14.", kind="list")
    c = candidates_of(hit)[0]
    title = "2024년도 가나구 행정사무감사 시정·처리요구사항 처리결과 보고"
    lay = F.layers_of(c, kiwi.tokens, lambda d: title)
    assert F.titled_other_year(fr, c, lay)
    assert F.period_match(fr, c, lay) == 0.0
    same = F.layers_of(c, kiwi.tokens, lambda d: "2025년도 가나구 행정사무감사 결과보고")
    assert not F.titled_other_year(fr, c, same)


def test_a_document_dating_the_asked_noun_to_other_years_only(kiwi):
    fr = _frame(kiwi, "가나센터 2029년 운영비는 얼마로 정해졌어?")
    assert F.dated_elsewhere(fr, ["2027년 운영비는 12억원, 2028년 운영비(안)는 13억원임.", "가나센터 운영 동의안"])
    assert not F.dated_elsewhere(fr, ["2028년 운영비는 13억원, 2029년 운영비는 14억원임."])
    assert not F.dated_elsewhere(fr, ["운영비는 인건비와 사업비로 나뉨."])  # no year at all: nothing to say


def test_a_table_of_departments_not_listing_the_asked_one_does_not_answer(kiwi):
    text = "부서 | 시정 | 건의\n가나정책과 | 2 | 1\n다라복지과 | 3 | 2\n마바관리과 | 1 | 0\n합계 | 6 | 3"
    hit = _article("t.md", ["감사 결과"], text, kind="table")
    cells = [c for c in candidates_of(hit) if c.kind in ("cell", "row")]
    assert cells
    fr = _frame(kiwi, "감사에서 사아도시과가 받은 시정 건수는?")
    assert all(F.unlisted_member(fr, c) for c in cells)
    listed = _frame(kiwi, "감사에서 다라복지과가 받은 시정 건수는?")
    assert not any(F.unlisted_member(listed, c) for c in cells)
    # a common noun with the same ending is no member ("결과")
    assert not any(F.unlisted_member(_frame(kiwi, "감사 처리결과에서 시정 건수 합계는?"), c) for c in cells)


def test_a_figure_asked_per_unit_needs_a_passage_writing_the_unit(kiwi):
    fr = _frame(kiwi, "가나강 정화부담금은 톤당 얼마씩 내?")
    general = candidates_of(_article("a.md", ["가나법", "제9조(부담금)"], "② 취수하는 자는 대통령령으로 정하는 바에 따라 정화부담금을 낸다."))[0]
    rate = candidates_of(_article("a.md", ["가나법 시행령", "제7조(부과율)"], "정화부담금의 부과율은 1톤당 170원으로 한다."))[0]
    assert not F.per_unit_stated(fr, general)
    assert F.per_unit_stated(fr, rate)
    # a person is counted by 인 or 명 alike
    per_head = _frame(kiwi, "가나수당은 1인당 얼마야?")
    assert F.per_unit_stated(per_head, candidates_of(_article("b.md", ["가나규정", "제3조"], "가나수당은 1명당 월 10만원으로 한다."))[0])


def test_a_provision_stating_a_figure_or_a_definition_hands_only_a_part_down(kiwi):
    fr = _frame(kiwi, "가나지원 대상 청년의 연령 요건은 뭐야?")
    part = ('1. "대상청년"이란 34세 이하의 사람으로서 대통령령으로 정하는 연령 요건을 갖춘 사람을 말한다.')
    c = candidates_of(_article("a.md", ["가나법", "제2조(정의)"], part))[0]
    assert F.handed_down(fr, c) == ""
    assert F.states_figure(part) and not F.states_figure(HANDS)
    definition = _frame(kiwi, "가나법에서 대상청년이란 누구를 말하나요?")
    assert F.handed_down(definition, c) == ""


def test_a_half_year_asked_is_not_answered_by_a_passage_naming_no_part_of_a_year(kiwi):
    fr = _frame(kiwi, "가나약국의 2025년 상반기 방문 건수는?")
    whole = candidates_of(_article("p.md", ["현황"], "지난해 가나약국 방문은 2만 1,000건이었다.", kind="list"))[0]
    half = candidates_of(_article("p.md", ["현황"], "2025년 상반기 가나약국 방문은 9,800건이었다.", kind="list"))[0]
    assert F.specifier_match(fr, whole, lambda d: d) == 0.0
    assert F.specifier_match(fr, half, lambda d: d) == 1.0
