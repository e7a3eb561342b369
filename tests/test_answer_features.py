"""Each named feature of the answer scorer, and the graded backend, on small synthetic passages."""

from __future__ import annotations

import pytest

from assistant.answering import answer_types as T
from assistant.answering import features as F
from assistant.answering.backend import ExtractiveBackend
from assistant.answering.candidates import Candidate, candidates_of
from assistant.answering.question import answer_type, expected_unit, law_names, question_years, read_question
from assistant.korean import analyzer as get_analyzer
from assistant.models import Chunk, Hit

TITLES = {
    "law.md": "지방자치단체를 당사자로 하는 계약에 관한 법률 시행령",
    "a.txt": "강서구 청년센터 운영 민간위탁 동의안",
    "b.txt": "노원구 장애인센터 운영 민간위탁 동의안",
    "t.txt": "예산 현황",
}


def title_of(doc: str) -> str:
    return TITLES.get(doc, doc)


def idf(term: str) -> float:
    return 0.0 if term in {"부산시", "해운대"} else 2.0


@pytest.fixture(scope="module")
def kiwi():
    return get_analyzer()


def hit(text: str, doc: str = "a.txt", kind: str = "text", section: list[str] | None = None, rank: int = 1,
        caption: str | None = None, **extra) -> Hit:
    chunk = Chunk(f"{doc}#{rank}", doc, rank, text, section or [], 0, len(text), kind=kind, caption=caption)
    for k, v in extra.items():
        setattr(chunk, k, v)
    return Hit(chunk, 1.0 / rank, rank)


def frame(kiwi, q: str):
    return read_question(q, kiwi, idf)


# -- the question frame ------------------------------------------------------------------------------
@pytest.mark.parametrize("q,expected", [
    ("수의계약 한도는 얼마야?", "number"),
    ("센터 인원 몇 명이야?", "number"),
    ("조례 시행일은 언제야?", "date"),
    ("재위탁에 의회 동의가 필요한 근거 조항은?", "article"),
    ("'가맹금'이란 무엇을 말하나요?", "definition"),
    ("수탁기관은 어디야?", "org"),
    ("센터 수탁기관은?", "org"),
    ("센터 수탁기관이 종합성과평가에서 받은 총점은?", "number"),  # the body is the subject, not what is asked
    ("재계약 요건이 뭐야?", "condition"),
])
def test_answer_type_from_the_question_form(q, expected):
    assert answer_type(q) == expected


def test_expected_unit_follows_the_measure_word():
    assert expected_unit("몇 명이 근무해?") == r"(?:명|인)"
    assert expected_unit("평가 점수 몇 점?") == r"점"
    assert expected_unit("민간위탁금 얼마야?") is not None and "원" in expected_unit("민간위탁금 얼마야?")
    assert expected_unit("면적이 얼마나 돼?") is None  # "얼마" alone does not make it money


def test_years_and_law_names():
    assert question_years("’24년과 2023년, 22년 실적") == ["2024", "2023", "2022"]
    assert question_years("15년간 보관") == []
    assert any("지방재정법" in n for n in law_names("지방재정법 제33조는 뭐야?"))
    assert law_names("「지방자치법」에 따른 의회 동의") == ["지방자치법"]


def test_compound_of_known_words_is_not_an_unknown_topic(kiwi):
    fr = frame(kiwi, "질병휴직 기간 봉급은?")
    assert "질병휴직" not in fr.unknown


# -- features ----------------------------------------------------------------------------------------
def _cand(h: Hit, kind: str = "sentence", **kw) -> Candidate:
    return Candidate(h, 0, len(h.chunk.text), h.chunk.text, kind, **kw)


def test_term_coverage_credits_own_words_over_headings(kiwi):
    fr = frame(kiwi, "청년센터 상담 인원")
    own = _cand(hit("청년센터 상담 인원은 7명이다."))
    heading = _cand(hit("7명이다.", section=["청년센터 상담 인원"]))
    lay_own = F.layers_of(own, kiwi.tokens, title_of)
    lay_head = F.layers_of(heading, kiwi.tokens, title_of)
    c_own = {t: F.term_credit(t, lay_own, lambda t: set(), True) for t in fr.weights}
    c_head = {t: F.term_credit(t, lay_head, lambda t: set(), True) for t in fr.weights}
    assert F.term_coverage(fr, c_own) > F.term_coverage(fr, c_head) > 0


def test_answer_type_match_wants_the_asked_unit(kiwi):
    fr = frame(kiwi, "센터 근무 인원은 몇 명이야?")
    assert F.answer_type_match(fr, _cand(hit("근무 인원 : 센터장 포함 7명"))) == 1.0
    assert F.answer_type_match(fr, _cand(hit("예산은 533,478천원이다."))) < 0.5
    assert F.answer_type_match(fr, _cand(hit("센터는 상담을 한다."))) == 0.0


def test_entity_match_is_a_gate_on_named_places(kiwi):
    fr = frame(kiwi, "강서구 청년센터 인원은?")
    assert fr.entities, "강서 should be read as a proper noun"
    mine = _cand(hit("인원 : 7명", doc="a.txt"))
    other = _cand(hit("인원 : 24명", doc="b.txt"))
    for c, want in ((mine, 1.0), (other, 0.0)):
        lay = F.layers_of(c, kiwi.tokens, title_of)
        credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
        assert F.entity_match(fr, c, lay, credit) == want


def test_period_match_reads_the_column_year(kiwi):
    fr = frame(kiwi, "2023년 민간위탁금은?")
    h = hit("연 도 2022년 2023년\n합 계 519,778천원 523,783천원", kind="table")
    cells = [c for c in candidates_of(h) if c.kind == "cell"]
    by_year = {c.col_label: F.period_match(fr, c, F.layers_of(c, kiwi.tokens, title_of)) for c in cells}
    assert by_year == {"2022년": 0.0, "2023년": 1.0}
    assert F.period_match(frame(kiwi, "민간위탁금은?"), cells[0], F.layers_of(cells[0], kiwi.tokens, title_of)) < 1.0


def test_specifier_match_pins_article_and_paragraph(kiwi):
    fr = frame(kiwi, "제25조 제2항은 뭐야?")
    art = hit("① 첫째 항이다.\n② 둘째 항이다.", doc="law.md", kind="article", section=["법", "제25조(수의계약)"])
    paras = [c for c in candidates_of(art) if c.kind == "paragraph"]
    assert [F.specifier_match(fr, c, title_of) for c in paras] == [0.0, 1.0]
    other = hit("② 둘째 항이다.", doc="law.md", kind="article", section=["법", "제26조(계약)"])
    assert F.specifier_match(fr, candidates_of(other)[0], title_of) == 0.0


def test_law_match_gates_on_the_named_law(kiwi):
    fr = frame(kiwi, "지방계약법 시행령에서 수의계약 한도는?")
    home = _cand(hit("추정가격 2천만원 이하", doc="law.md"))
    away = _cand(hit("추정가격 2천만원 이하", doc="t.txt"))
    assert fr.laws
    assert F.law_match(fr, home, title_of) == 1.0  # an abbreviation matches the full name
    assert F.law_match(fr, away, title_of) == 0.0


def test_structure_ranks_appendix_below_body(kiwi):
    body = _cand(hit("① 본문이다.", kind="article"), "paragraph")
    appendix = _cand(hit("① 이 영은 공포한 날부터 시행한다.", kind="article", appendix=True), "paragraph")
    fr = frame(kiwi, "계약 보증금은?")
    assert F.structure(fr, appendix) == 0.0 < F.structure(fr, body)
    assert F.structure(frame(kiwi, "부칙의 시행일은?"), appendix) > 0


def test_retrieval_score_decreases_with_rank():
    assert F.retrieval_score(_cand(hit("가", rank=1))) > F.retrieval_score(_cand(hit("가", rank=3)))


# -- candidates and the graded backend -------------------------------------------------------------
def test_table_rows_travel_as_cells_by_row_and_column(kiwi):
    h = hit("구분 | 2023년 | 2024년\n상담 | 6,460 | 4,892\n구제 | 120 | 98", kind="table", caption="상담 실적",
            rows=[["구분", "2023년", "2024년"], ["상담", "6,460", "4,892"], ["구제", "120", "98"]], header_rows=1)
    cells = {(c.row_label, c.col_label): c.value for c in candidates_of(h) if c.kind == "cell"}
    assert cells[("구제", "2024년")] == "98"
    assert cells[("상담", "2023년")] == "6,460"
    backend = ExtractiveBackend(kiwi, idf, title_of)
    draft = backend.compose("2024년 구제 실적은?", [h])
    assert draft.mode == "answer" and "98" in draft.text and "4,892" not in draft.text


def test_statute_answer_names_law_and_article(kiwi):
    art = hit("① 지방자치단체의 장은 추정가격이 2천만원 이하인 경우 수의계약을 할 수 있다.\n② 다만, 예외가 있다.",
              doc="law.md", kind="article", section=[TITLES["law.md"], "제25조(수의계약에 의할 수 있는 경우)"])
    backend = ExtractiveBackend(kiwi, idf, title_of)
    draft = backend.compose("수의계약을 할 수 있는 추정가격 한도는 얼마야?", [art])
    assert draft.mode == "answer", draft.text
    assert "「지방자치단체를 당사자로 하는 계약에 관한 법률 시행령」 제25조 제1항" in draft.text
    assert "**" not in draft.text


def test_another_entitys_evidence_never_answers(kiwi):
    other = hit("인 원 : 센터장 포함 24명", doc="b.txt", section=["노원구 장애인센터 현황"])
    backend = ExtractiveBackend(kiwi, idf, title_of)
    draft = backend.compose("강서구 청년센터 인원은 몇 명이야?", [other])
    assert draft.mode == "refused"


def test_ambiguous_question_shows_each_candidate_with_its_source(kiwi):
    a = hit("인 원 : 센터장 포함 7명", doc="a.txt", rank=1, section=["센터 현황"])
    b = hit("인 원 : 센터장 포함 24명", doc="b.txt", rank=2, section=["센터 현황"])

    def library_idf(term: str) -> float:  # "센터" is in every title of this library; 인원 is not
        return 0.4 if term in {"센터", "운영", "민간", "위탁", "민간위탁", "동의안"} else 2.0

    backend = ExtractiveBackend(kiwi, library_idf, title_of)
    draft = backend.compose("센터 인원은 몇 명이야?", [a, b])
    assert draft.mode == "answer"
    assert "7명" in draft.text and "24명" in draft.text
    assert TITLES["a.txt"] in draft.text and TITLES["b.txt"] in draft.text


def test_unknown_topic_is_refused_not_answered(kiwi):
    h = hit("센터 예산은 533,478천원이다.")
    draft = ExtractiveBackend(kiwi, idf, title_of).compose("부산시 해운대 센터 예산은?", [h])
    assert draft.mode == "refused"


def test_weak_match_is_labelled_evidence_not_answer(kiwi):
    h = hit("위탁기간 만료 후 재계약 여부는 종합성과평가 결과에 따라 정한다.")
    backend = ExtractiveBackend(kiwi, idf, title_of)
    draft = backend.compose("재계약 심사 때 위원회 구성은 어떻게 돼?", [h])
    assert draft.mode in ("evidence", "refused")
    if draft.mode == "evidence":
        assert draft.text.startswith("질문에 딱 맞는 답은 확인하지 못했습니다")


def test_head_match_needs_the_asked_attribute_unless_the_document_is_it(kiwi):
    fr = frame(kiwi, "청년센터 수탁기관 대표는 누구야?")
    assert "대표" in fr.head
    c = _cand(hit("수탁기관 : (사)청년문화공간", doc="a.txt"), "field")
    lay = F.layers_of(c, kiwi.tokens, title_of)
    credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
    assert F.head_match(fr, credit, lay) == 0.0  # 대표 is nowhere: the passage does not answer
    fr2 = frame(kiwi, "동의안 언제 제출됐어?")
    c2 = _cand(hit("제출일자 : 2024년 8월 12일", doc="a.txt"), "field")
    lay2 = F.layers_of(c2, kiwi.tokens, title_of)
    credit2 = {t: F.term_credit(t, lay2, lambda t: set(), True) for t in fr2.weights}
    assert F.head_match(fr2, credit2, lay2) == 1.0  # the document is the 동의안 asked about


def test_version_control_conflict_markers_are_never_candidates():
    h = hit("<<<<<<< HEAD\n계약기간은 3년으로 한다.\n=======\n계약기간은 2년으로 한다.\n>>>>>>> other", kind="text")
    texts = [c.text for c in candidates_of(h)]
    assert texts == ["계약기간은 3년으로 한다.", "계약기간은 2년으로 한다."]


def test_report_outline_heading_is_not_a_law_name_and_article_heading_not_repeated(kiwi):
    from assistant.answering.render import law_name, render

    art = hit("제19조(센터의 설치)\n① 시장은 센터를 설치할 수 있다.", doc="t.txt", kind="article",
              section=["가. 관계법령", "제19조(센터의 설치)"])
    c = [x for x in candidates_of(art) if x.kind == "paragraph"][0]
    assert law_name(c, title_of) == ""
    line = render(c, [], title_of)
    assert line.startswith("제19조 제1항: 시장은") and line.count("제19조") == 1, line


def test_grounding_accepts_the_article_and_paragraph_numbers_of_the_cited_passage(kiwi):
    from assistant.grounding import finalize

    art = hit("제14조(기념일)\n① 매년 10월 10일을 기념일로 한다.", doc="law.md", kind="article",
              section=[TITLES["law.md"], "제14조(기념일)"])
    draft = ExtractiveBackend(kiwi, idf, title_of).compose("기념일은 언제야?", [art])
    ans = finalize("기념일은 언제야?", draft, [art], title_of)
    assert not ans.refused and "제14조 제1항" in ans.answer and "10월 10일" in ans.answer, ans.answer
    invented = finalize("q", type(draft)("제15조 제3항에 따르면 10월 10일입니다 [1].", draft.evidence), [art], title_of)
    assert invented.refused  # a 조/항 the passage does not hold is still an unsupported number


def test_middle_dot_variants_tokenise_alike(kiwi):
    assert kiwi.tokens("시·도지사") == kiwi.tokens("시ㆍ도지사")


def test_date_cue_is_a_word_not_a_substring():
    assert answer_type("노인일자리 사업 예산은 얼마야?") == "number"
    assert answer_type("회부일자는?") == "date"


def test_revision_notes_are_not_the_asked_number(kiwi):
    fr = frame(kiwi, "위원 임기는 몇 년이야?")
    assert F.answer_type_match(fr, _cand(hit("위원의 임기는 2년으로 한다."))) == 1.0
    assert F.answer_type_match(fr, _cand(hit("위원은 위촉한다. <개정 2020.1.7, 2021년 3월>"))) == 0.0
    assert F.answer_type_match(fr, _cand(hit("3학년 이상의 자녀"))) < 1.0


def test_place_questions_want_a_place(kiwi):
    fr = frame(kiwi, "센터는 어디에 있어?")
    assert fr.answer_type == "place"
    assert F.answer_type_match(fr, _cand(hit("위 치 : 서소문별관 1동 14층"))) == 1.0
    assert F.answer_type_match(fr, _cand(hit("수탁기관 : (사)에너지시민연대"))) < 0.5


def test_when_question_needs_the_event_it_names(kiwi):
    fr = frame(kiwi, "연맹은 언제 설립됐어?")
    assert "설립" in fr.head


def test_cell_takes_its_unit_from_the_column_header(kiwi):
    h = hit("도서관 | 2024년 위탁금(천원)\n천호 | 1,126,000", kind="table",
            rows=[["도서관", "2024년 위탁금(천원)"], ["천호", "1,126,000"]], header_rows=1)
    from assistant.answering.render import render

    cell = [c for c in candidates_of(h) if c.kind == "cell"][0]
    assert "1,126,000천원" in render(cell, [], title_of)


def test_a_cell_holding_two_values_names_each_by_its_header_part():
    from assistant.answering.render import paired_parts, render

    h = hit("기관명 | 2025년 실적(총점/등급)\n가나재단 | 83.4 / 다", kind="table",
            rows=[["기관명", "2025년 실적(총점/등급)"], ["가나재단", "83.4 / 다"]], header_rows=1)
    cell = [c for c in candidates_of(h) if c.kind == "cell"][0]
    assert "총점 83.4, 등급 다" in render(cell, [], title_of)
    assert paired_parts("총점/등급", "83.4") is None  # one value: nothing to pair
    assert paired_parts("비고", "1/2") is None


def test_two_documents_about_the_named_subject_are_not_ambiguous(kiwi):
    titles = {"p.txt": "노동권익센터 민간위탁 동의안", "q.txt": "노동권익센터 민간위탁 동의안 검토보고서"}
    a = hit("체불임금 회수액 : 2,406백만원", doc="p.txt", rank=1)
    b = hit("체불임금 회수액 : 2,400백만원 내외", doc="q.txt", rank=2)
    backend = ExtractiveBackend(kiwi, idf, lambda d: titles.get(d, d))
    draft = backend.compose("노동권익센터 체불임금 회수액은 얼마야?", [a, b])
    assert draft.mode == "answer" and "여러 문서" not in draft.text, draft.text


def test_quoted_phrase_must_be_in_the_candidate(kiwi):
    fr = frame(kiwi, "이 법에서 '사적 접촉'은 어떤 행위를 말해?")
    assert fr.quoted == ["사적접촉"] and fr.answer_type == "definition"
    yes = _cand(hit("사적 접촉(골프, 여행을 같이 하는 행위를 말한다)"))
    no = _cand(hit("공직자는 직무를 공정하게 수행하여야 한다."))
    assert F.quoted_match(fr, F.layers_of(yes, kiwi.tokens, title_of)) == 1.0
    assert F.quoted_match(fr, F.layers_of(no, kiwi.tokens, title_of)) == 0.0


def test_when_until_is_answered_by_a_time_limit(kiwi):
    # statutes answer "언제까지?" with a limit counted from an event, not a calendar date
    fr = frame(kiwi, "원사업자는 대금을 목적물 수령일부터 언제까지 지급해야 해?")
    limit = _cand(hit("원사업자는 목적물 수령일부터 60일 이내에 대금을 지급하여야 한다."))
    vague = _cand(hit("원사업자는 대금을 어음으로 지급할 수 있다."))
    assert F.answer_type_match(fr, limit) >= 0.8 > F.answer_type_match(fr, vague)


def test_measure_noun_points_the_head_at_what_it_measures(kiwi):
    # "과태료 상한은?": the answer must be about the 과태료, whatever bound it states
    assert frame(kiwi, "신고하지 않으면 과태료 상한은 얼마야?").head == ["과태료"]
    # a one-syllable word read alone ("줄 수 있어?", "몇 살") is a misread verb or a counter
    assert frame(kiwi, "예산성과금은 얼마까지 줄 수 있어?").head == ["예산성과금"]
    assert frame(kiwi, "청년은 몇 살부터 몇 살까지야?").head == ["청년"]
    assert expected_unit("청년은 몇 살부터야?") == "(?:세|살)"


def test_the_questions_own_numbers_are_not_an_answer(kiwi):
    # a title repeating the asked year holds no value; the span of a period does
    fr = frame(kiwi, "2024년 하반기 지도점검 기간은?")
    assert F.answer_type_match(fr, _cand(hit("2024년 하반기 민간위탁 사무 지도점검 결과 보고"))) == 0.0
    assert F.answer_type_match(fr, _cand(hit("가. 점검 기간 : 2024. 10. 7. ~ 11. 29."))) == 1.0


def test_who_questions_want_a_person_with_their_role(kiwi):
    fr = frame(kiwi, "검토보고서는 누가 썼어?")
    assert fr.answer_type == "org"
    assert F.answer_type_match(fr, _cand(hit("기획경제위원회 수석전문위원 정하윤"))) == 1.0
    assert F.answer_type_match(fr, _cand(hit("위원회는 위원장 1명을 포함한 15명 이내로 구성한다."))) < 0.5


def test_cycles_counts_and_durations_want_their_own_kind_of_number(kiwi):
    cycle = frame(kiwi, "종합계획은 몇 년마다 세워?")
    assert F.answer_type_match(cycle, _cand(hit("장관은 5년마다 종합계획을 수립하여야 한다."))) == 1.0
    assert F.answer_type_match(cycle, _cand(hit("전년도 9월 30일까지 종합계획을 수립해야 한다."))) < 0.5
    assert answer_type("수급자격심의위원회 위원 수는?") == "number"  # 수급"자격" is not a condition cue
    term = frame(kiwi, "위원 임기는 몇 년이야?")
    assert F.answer_type_match(term, _cand(hit("위원의 임기는 2년으로 한다."))) == 1.0
    assert F.answer_type_match(term, _cand(hit("협약기간이 2025년 6월 30일 만료됨에 따라"))) < 0.5  # a date, not a duration
    period = frame(kiwi, "사업제안서 제출 기간은?")
    assert F.answer_type_match(period, _cand(hit("사업제안서를 매년 3월 1일부터 4월 15일까지 제출한다."))) == 1.0


def test_focus_is_the_rarest_term_and_places_are_addresses(kiwi):
    def idf2(t: str) -> float:
        return 9.0 if t == "부의장" else 2.0
    fr = read_question("지방의회 부의장 임기는 몇 년이야?", kiwi, idf2)
    c = _cand(hit("지방의회의 의장은 명예퇴직수당의 지급신청을 받는다."))
    lay = F.layers_of(c, kiwi.tokens, title_of)
    credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
    assert F.focus_covered(fr, credit) == 0.0  # about the 의장, not the 부의장 asked
    where = frame(kiwi, "에너지드림센터는 어디에 있어?")
    assert F.answer_type_match(where, _cand(hit("서울시 에너지드림센터 운영 | 80.5 | B"))) < 0.5
    assert F.answer_type_match(where, _cand(hit("위치: 서울특별시 마포구 월드컵로 12"))) == 1.0


def test_an_acts_article_is_not_its_decrees(kiwi):
    TITLES["decree.md"] = "공직자의 이해충돌 방지법 시행령"
    TITLES["act.md"] = "공직자의 이해충돌 방지법"
    fr = frame(kiwi, "「공직자의 이해충돌 방지법」 제35조 내용은?")
    decree = _cand(hit("제35조(징계기준) 공공기관의 장은 세부 징계기준을 마련해야 한다.", doc="decree.md", kind="article"))
    act = _cand(hit("제35조(벌칙) 다음 각 호의 어느 하나에 해당하는 자는 …", doc="act.md", kind="article"))
    assert F.law_match(fr, decree, title_of) == 0.0 and F.law_match(fr, act, title_of) == 1.0
    # without an article the decree of the named act still answers about it
    assert F.law_match(frame(kiwi, "「공직자의 이해충돌 방지법」상 신고 기한은?"), decree, title_of) == 1.0


def test_clipped_forms_and_joined_letters_are_not_unknown_topics(kiwi):
    from assistant.answering.abbreviations import Abbreviations, is_clipped_form

    ab = Abbreviations(["문화체육관광위원회", "예산결산특별위원회"], ["하도급거래 공정화에 관한 법률"])
    assert ab.expand("문체위") == "문화체육관광위원회"
    assert ab.expand("예결특위") == "예산결산특별위원회"
    assert ab.expand("하도급법") == "하도급거래공정화에관한법률"
    assert ab.expand("청렴도") is None and not is_clipped_form("체문위", "문화체육관광위원회")

    def idf3(t: str) -> float:
        return 0.0 if t in {"문체위", "안산", "청렴도"} else 2.0
    fr = read_question("문체위 소관 추경 예산은 얼마야?", kiwi, idf3, clipped=ab.expand)
    assert fr.unknown == []  # a short form of a committee the library names
    assert read_question("권익위 청렴도 평가 등급은?", kiwi, idf3, clipped=ab.expand).unknown == ["청렴도"]
    # "안 산 주택" read as the place 안산 is the analyser joining spaced letters, not a topic
    assert "안산" not in read_question("아무도 안 산 주택은?", kiwi, idf3).unknown


def test_when_questions_need_their_event_and_halves_must_agree(kiwi):
    fr = frame(kiwi, "한국소비자연맹은 언제 설립됐어?")
    assert fr.event == ["설립"]
    c = _cand(hit("한국소비자연맹은 2004년 5월 공개모집으로 운영기관에 선정되었다."))
    lay = F.layers_of(c, kiwi.tokens, title_of)
    credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
    assert F.head_match(fr, credit, lay) == 0.0  # 선정, not 설립: the rare name alone does not date it
    half = frame(kiwi, "2024년 하반기 온라인 매출액은?")
    first = _cand(hit("2024년 상반기 온라인 판로 지원 실적: 매출액 2,385백만원"))
    assert F.specifier_match(half, first, title_of) == 0.0
    # a passage naming no part of a year states a whole year's (or an undated) figure (stop 17); one under
    # a heading naming the asked half answers
    assert F.specifier_match(half, _cand(hit("온라인 매출액 2,385백만원")), title_of) == 0.0
    assert F.specifier_match(half, _cand(hit("온라인 매출액 2,385백만원", section=["2024년 하반기 실적"])), title_of) == 1.0


def test_a_compound_written_apart_is_the_same_word(kiwi):
    # "평가대상" asked, "평가 대상 :" written: Korean spacing varies
    assert "평가대상" in frame(kiwi, "종합성과평가의 평가대상 사무 수는?").weights
    c = _cand(hit("평가 대상 : 8개 사무(위탁기간 만료 사무 21개 중 2차분)"), "field")
    lay = F.layers_of(c, kiwi.tokens, title_of)
    assert F.term_credit("평가대상", lay, lambda t: set(), True) > 0.8


def test_a_passage_naming_the_asked_quantity_fits(kiwi):
    # "운영 인원은?": 운영 is a modifier; "인 원 : 센터장 포함 12명" names the quantity asked
    fr = frame(kiwi, "노동권익센터의 운영 인원은 몇 명이야?")
    assert fr.quantity == ["인원"]
    c = _cand(hit("인원 : 센터장 포함 12명"), "field")
    lay = F.layers_of(c, kiwi.tokens, title_of)
    credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
    assert F.head_match(fr, credit, lay, F.label_of(c)) >= 0.8
    # a sentence merely using the quantity word ("비율") is not a label naming it
    fr2 = frame(kiwi, "1인가구 중 반려동물을 키우는 비율은?")
    s2 = _cand(hit("고립 위험군 비율은 60대 이상에서 14.2%로 가장 높았음."))
    lay2 = F.layers_of(s2, kiwi.tokens, title_of)
    credit2 = {t: F.term_credit(t, lay2, lambda t: set(), True) for t in fr2.weights}
    assert F.head_match(fr2, credit2, lay2, F.label_of(s2)) < 0.5


def test_figures_the_question_states_pick_the_row(kiwi):
    from assistant.answering.features import given_values

    assert given_values("공공자전거 180일 정기권 2시간짜리 얼마야?") == ["180일", "2시간"]
    assert given_values("2024년 민간위탁금은?") == []  # a year is the period feature's
    fr = frame(kiwi, "180일 정기권 2시간 요금은?")
    rows = {n: _cand(hit(f"정기권 | {n}일 | 15,000원 | 20,000원", caption="종류 기간 1시간 2시간"), "row") for n in (7, 180)}
    got = {n: F.given_match(fr, F.layers_of(c, kiwi.tokens, title_of)) for n, c in rows.items()}
    assert got[180] > got[7]


def test_evidence_must_name_the_questions_most_specific_term(kiwi):
    def idf4(t: str) -> float:
        return 7.0 if t in {"자전거도로", "폭"} else 2.0
    backend = ExtractiveBackend(kiwi, idf4, title_of)
    other = hit("완충녹지의 폭은 도로에 접한 부분부터 최소 10미터 이상이 되도록 할 것.")
    assert backend.compose("자전거도로 최소 폭은 몇 미터야?", [other]).refused
    own = hit("자전거도로의 폭은 최소 1.5미터 이상으로 한다.")
    assert not backend.compose("자전거도로 최소 폭은 몇 미터야?", [own]).refused


def test_a_value_far_from_the_asked_attribute_is_not_its_value(kiwi):
    fr = frame(kiwi, "위원 임기는 몇 년이야?")
    near = _cand(hit("위원의 임기는 2년으로 하며, 한 차례 연임할 수 있다."), "paragraph")
    far = _cand(hit("임기제공무원으로 임용된 경우에는 제6조에도 불구하고 다음 각 호의 구분에 따른 지방자치단체의 장이나 "
                    "지방의회의 의장에게 명예퇴직수당의 지급신청을 하여야 하며, 신청을 받은 기관의 장은 심사를 거쳐 "
                    "지급 여부를 정하되, 그 기간은 퇴직 전 2년 동안의 근무를 기준으로 한다."), "paragraph")
    assert F.proximity(fr, near) == 1.0
    assert F.proximity(fr, far) < 0.3


def test_a_contrasting_term_does_not_answer(kiwi):
    fr = frame(kiwi, "2024회계연도 특별회계 세입 결산액은?")
    general = _cand(hit("2024회계연도 일반회계 세입 결산액은 8,412억 3,500만원이다."))
    assert F.specifier_match(fr, general, title_of) == 0.0
    both = _cand(hit("2024회계연도 특별회계 세입 결산액은 1,204억원, 일반회계는 8,412억원이다."))
    assert F.specifier_match(fr, both, title_of) == 1.0


def test_a_category_list_defines_and_a_spelled_synonym_counts(kiwi):
    fr = frame(kiwi, "투자심사 결과 중 '조건부추진'은 어떤 경우를 말하나요?")
    assert T.defines(fr, "2. 조건부추진 : 사업 추진 과정에서 일부 조건을 이행하는 것을 전제로 추진하는 경우")
    assert not T.defines(fr, "적정 또는 조건부추진으로 판정된 사업에 한하여 지방채를 발행할 수 있다.")
    # "예외" asked, the statute's proviso "다만, … 그러하지 아니하다" answers: 다만 is an adverb,
    # not an indexed term, so the synonym is matched as written
    c = _cand(hit("보조금을 목적 외로 사용하여서는 아니 된다. 다만, 장의 승인을 얻은 경우에는 그러하지 아니하다."))
    lay = F.layers_of(c, kiwi.tokens, title_of)
    assert F.term_credit("예외", lay, lambda t: set(), True) == 0.0
    assert F.term_credit("예외", lay, lambda t: set(), True, lambda t: {"다만", "단서"}) >= F.HEAD_CREDIT


def test_relational_heads_names_and_totals(kiwi):
    # "… 원인은?", "… 불이익은?": the passage answers without repeating the relational noun
    assert "원인" not in frame(kiwi, "성동구 불용액이 늘어난 가장 큰 원인은?").head
    assert "불이익" not in frame(kiwi, "같은 지적이 2년 연속 나오면 어떤 불이익이 있어?").head
    fr = frame(kiwi, "직장맘지원센터의 법률상담 프로그램 이름은?")
    assert fr.answer_type == "org"  # a name is asked: an organisation, a person or a quoted title
    assert F.answer_type_match(fr, _cand(hit("점심시간 찾아가는 법률상담 '노동법 먹고 샌드위치 먹고' 교육을 운영했다."))) == 1.0
    assert F.answer_type_match(fr, _cand(hit("인 원 : 센터장 포함 7명"))) < 0.5
    assert frame(kiwi, "비용추계 총액은 얼마인가?").asks_total
    assert answer_type("'노인등'은 누구를 말하나요?") == "definition"


def test_a_neighbouring_paragraph_the_scorer_cannot_tell_apart_is_shown_too(kiwi):
    backend = ExtractiveBackend(kiwi, idf, title_of)
    art = hit("① 위원회는 위원장 1명을 포함하여 9명 이내의 위원으로 구성한다.\n"
              "② 위원회 위원은 관계 공무원 중에서 5명 이내의 위원으로 구성한다.",
              doc="law.md", kind="article", section=["지방자치단체를 당사자로 하는 계약에 관한 법률 시행령", "제8조(위원회)"])
    draft = backend.compose("위원회 위원은 몇 명으로 구성해?", [art])
    assert "9명" in draft.text and "5명" in draft.text  # two 항 that answer alike: both shown, each cited
    assert len(draft.evidence) == 2
    far = hit("① 위원회는 위원장 1명을 포함하여 9명 이내의 위원으로 구성한다.\n② 위원회의 사무는 간사가 처리한다.",
              doc="law.md", kind="article", section=["지방자치단체를 당사자로 하는 계약에 관한 법률 시행령", "제8조(위원회)"])
    assert "간사" not in backend.compose("위원회 위원은 몇 명으로 구성해?", [far]).text


def test_a_table_row_the_layout_wrapped_is_one_row_again(kiwi):
    text = ("< 시장감시 활동 현황 >\n구   분 2022년 2023년 2024년\n사기사이트 적발 42건 73건 31건\n"
            "피해주의보 발령\n4건 6건 2건\n")
    rows = [["구분", "2022년", "2023년", "2024년"], ["사기사이트 적발", "42건", "73건", "31건"],
            ["피해주의보 발령", "", "", ""], ["", "4건", "6건", "2건"]]
    h = hit(text, kind="table", caption="< 시장감시 활동 현황 >", rows=rows, header_rows=1)
    cells = {(c.row_label, c.col_label): c.value for c in candidates_of(h) if c.kind == "cell"}
    assert cells[("피해주의보 발령", "2023년")] == "6건"
    assert ("", "2023년") not in cells  # no value without the label it belongs to


def test_a_body_named_in_full_must_be_named_where_a_report_answers(kiwi):
    fr = frame(kiwi, "기후환경본부 2023회계연도 불용액은 얼마였어?")
    assert fr.institutions and all(t.endswith("환경본부") for t in fr.institutions)
    speech = _cand(hit("◯기획예산과장 : 2023회계연도 불용액은 241억 9,300만원이었습니다.", doc="t.txt"), "field")
    lay = F.layers_of(speech, kiwi.tokens, title_of)
    credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
    assert F.entity_match(fr, speech, lay, credit) == 0.0  # another body's 불용액
    # a statute names a body by the short form it defines: its articles are not held to the full name
    fr2 = frame(kiwi, "갈등관리심의위원회 위원 임기는?")
    art = _cand(hit("① 위원의 임기는 2년으로 한다.", doc="law.md", kind="article"), "paragraph")
    lay2 = F.layers_of(art, kiwi.tokens, title_of)
    credit2 = {t: F.term_credit(t, lay2, lambda t: set(), True) for t in fr2.weights}
    assert F.entity_match(fr2, art, lay2, credit2) == 1.0


def test_a_direct_answer_holds_the_figures_the_question_states(kiwi):
    backend = ExtractiveBackend(kiwi, idf, title_of)
    other = hit("③ 휴직 기간 중 9세 이상 12세 이하의 자녀를 양육하는 경우 최대 2년의 범위에서 지급한다.")
    draft = backend.compose("육아휴직은 자녀 1명당 최대 몇 년이야?", [other])
    assert draft.mode != "answer"  # "1명당" is nowhere: not a verified answer to this question
    mine = hit("③ 육아휴직 기간은 자녀 1명당 최대 3년으로 한다.")
    assert backend.compose("육아휴직은 자녀 1명당 최대 몇 년이야?", [mine]).mode == "answer"


def test_a_year_however_written_is_no_stated_figure():
    from assistant.answering.features import given_values

    assert given_values("24년 6월 기준 피해구제율 실적") == []
    assert given_values("10년 이상 근무하면?") == ["10년"]


def test_the_documents_title_vouches_more_than_a_section_heading(kiwi):
    # "마포구 청년일자리센터 … 자격은?": every field of the centre's own 동의안 is about the centre
    TITLES["m.txt"] = "마포구 청년일자리지원센터 관리·운영 민간위탁 동의안"
    field = _cand(hit("⑤ 신청 자격 : 비영리법인으로서 청년 고용 사업 실적이 2년 이상인 기관", doc="m.txt"), "field")
    lay = F.layers_of(field, kiwi.tokens, title_of)
    in_title = F.term_credit("마포구", lay, lambda t: set(), True)
    heading = _cand(hit("⑤ 신청 자격 : 비영리법인", doc="t.txt", section=["마포구 현황"]), "field")
    in_heading = F.term_credit("마포구", F.layers_of(heading, kiwi.tokens, title_of), lambda t: set(), True)
    assert in_title == F.LOCAL > in_heading == F.WHERE


# -- how questions word things the passages word otherwise (stop 15) ---------------------------------
def test_a_compound_of_three_indexed_words_is_no_unknown_topic(kiwi):
    indexed = {"주민참여", "예산", "위원", "해촉", "경우", "특허", "규제", "조항"}

    def idf3(t: str) -> float:
        return 2.0 if t in indexed else 0.0
    fr = read_question("주민참여예산위원은 어떤 경우에 해촉돼?", kiwi, idf3)
    assert "주민참여예산위원" not in fr.unknown and fr.weights.get("주민참여예산위원", 0) < 2.0
    # "괴물" is indexed nowhere: the word is no compound of the library's words
    assert "특허괴물" in read_question("특허괴물 규제 조항은?", kiwi, idf3).unknown


def test_a_clip_from_a_titles_later_word_and_a_clip_the_passage_writes_in_full(kiwi):
    from assistant.answering.abbreviations import Abbreviations, clipped_in

    ab = Abbreviations([], ["제9회 가나구의회 예산결산특별위원회 회의록"])
    assert ab.expand("예결특위") is not None and ab.expand("회결특위") is None
    assert clipped_in("실거래", "거래당사자는실제거래가격을신고") and clipped_in("문체위", "문화체육관광위원회")
    assert not clipped_in("실거래", "실시하는경우그밖의거래") and not clipped_in("실거래", "거래실제")
    lay = F.Layers(frozenset({"실제", "거래", "가격"}), frozenset(), frozenset(), frozenset(), "실제거래가격을신고", "", "")
    assert F.term_credit("실거래", lay, lambda t: set(), known=False) == pytest.approx(0.6)
    assert F.term_credit("실거래", lay, lambda t: set(), known=True) == 0.0  # a short indexed word must be written
    bus = F.Layers(frozenset({"수소", "전기", "버스"}), frozenset(), frozenset(), frozenset(), "수소전기버스100대", "", "")
    assert F.term_credit("수소버스", bus, lambda t: set(), known=True) == pytest.approx(0.6)  # a longer one may be clipped


def test_a_derived_measure_is_covered_by_its_noun(kiwi):
    lay = F.Layers(frozenset({"이용자", "만족"}), frozenset(), frozenset(), frozenset(), "이용자87%가만족", "", "")
    assert F.term_credit("만족도", lay, lambda t: set(), known=True) == pytest.approx(0.6)
    assert F.term_credit("정도", lay, lambda t: set(), known=True) == 0.0  # a one-syllable noun is no stem
    assert F.term_credit("만족감", lay, lambda t: set(), known=True) == 0.0


def test_native_period_words_are_given_figures(kiwi):
    from assistant.answering.question import spelled_periods

    assert spelled_periods("하루·한 달 최대 몇 시간까지야?") == "1일·1개월 최대 몇 시간까지야?"
    assert spelled_periods("이틀 안에, 두 달 뒤, 한 해 동안") == "2일 안에, 2개월 뒤, 1년 동안"
    assert spelled_periods("하루종일 한 달력") == "하루종일 한 달력"
    fr = frame(kiwi, "근무명령은 하루 최대 몇 시간이야?")
    assert "하루" not in fr.weights and "하루" not in fr.head
    lay = F.Layers(frozenset(), frozenset(), frozenset(), frozenset(), "1일에4시간을초과할수없다", "", "")
    assert F.given_match(fr, lay) == 1.0


def test_a_national_law_binds_a_named_local_government_its_ordinance_binds_only_its_own(kiwi):
    titles = {"law.md": "스마트도시 조성 및 산업진흥 등에 관한 법률", "ord.md": "서울특별시 마포구 주차장 설치 및 관리 조례"}

    def title2(doc: str) -> str:
        return titles[doc]

    def gate(q: str, doc: str) -> float:
        fr = read_question(q, kiwi, lambda t: 0.0 if t in {"강남구"} else 2.0)
        c = _cand(hit("① 구청장은 매년 3월 31일까지 실적을 제출하여야 한다.", doc=doc, kind="article"), "paragraph")
        lay = F.layers_of(c, kiwi.tokens, title2)
        credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
        return F.entity_match(fr, c, lay, credit)

    assert "서울시" in frame(kiwi, "서울시가 실적을 언제까지 내야 해?").entities
    assert gate("서울시가 실적을 언제까지 내야 해?", "law.md") == 1.0
    assert gate("부산시가 실적을 언제까지 내야 해?", "law.md") == 1.0
    assert gate("부산시가 실적을 언제까지 내야 해?", "ord.md") == 0.0  # 서울 마포구's own ordinance


def test_who_decides_is_an_office_holder_and_where_it_is_set_is_an_instrument(kiwi):
    who = frame(kiwi, "수익사업을 하려면 누구 승인이 필요해?")
    where = frame(kiwi, "대부료율은 어디에서 정하는가?")
    assert who.answer_type == where.answer_type == "org"
    match = T.answer_type_match
    assert match(who, _cand(hit("② 미리 문화체육관광부장관의 승인을 받아야 한다."))) == 1.0
    assert match(who, _cand(hit("② 지방자치단체의 장은 이를 공고하여야 한다."))) == 1.0
    assert match(who, _cand(hit("② 수익사업의 범위는 부동산 임대사업으로 한다."))) < 1.0
    assert match(where, _cand(hit("③ 연간 대부료율은 해당 시ㆍ도의 조례로 정한다."))) == 1.0
    assert match(where, _cand(hit("③ 연간 대부료는 평정가격의 1천분의 10 이상으로 한다."))) < 1.0


def test_a_compound_ending_in_the_asked_word_is_a_kind_of_it(kiwi):
    lay = F.Layers(frozenset({"바닥면적", "미만"}), frozenset(), frozenset(), frozenset(), "바닥면적이330제곱미터미만", "", "")
    assert F.term_credit("면적", lay, lambda t: set(), known=True) == pytest.approx(0.8)
    assert F.term_credit("바닥", lay, lambda t: set(), known=True) == 0.0  # the modifier is not what it is


def test_a_cycle_or_a_grade_is_the_kind_of_value_not_the_attribute(kiwi):
    fr = frame(kiwi, "종합계획 수립 주기는?")
    assert "주기" not in fr.head
    grade = frame(kiwi, "책임관으로 임명할 공무원의 직급은?")
    assert "직급" not in grade.head and grade.unit == r"급"
    assert T.answer_type_match(grade, _cand(hit("시ㆍ도는 3급 공무원을 책임관으로 임명한다."))) == 1.0
    assert T.answer_type_match(grade, _cand(hit("책임관은 3명으로 한다."))) < 1.0


def test_how_much_is_taken_off_is_a_share_or_an_amount():
    assert expected_unit("정기권 요금을 얼마나 감면받아?") == r"(?:%|퍼센트|분의|원)"
    assert expected_unit("할인은 얼마야?") == r"(?:%|퍼센트|분의|원)"
    assert expected_unit("정기권 요금은 얼마야?") == r"(?:원|천원|백만원|억원|만원)"  # the fee itself


def test_a_second_passage_answers_the_coordinated_item_the_best_leaves_out(kiwi):
    # the item left out is a small share of the question's words (under a quarter): still a second ask
    backend = ExtractiveBackend(kiwi, idf, title_of)
    first = hit("① 협의회는 사업계획과 예산안을 회계연도가 시작되기 20일 전에 교육부장관에게 제출하여야 한다.", rank=1)
    other = hit("① 협의회는 결산보고서를 다음 회계연도가 시작된 후 2개월 이내에 교육부장관에게 제출하여야 한다.", rank=2)
    q = "협의회가 교육부장관에게 사업계획과 예산안, 결산보고서를 제출하는 기한은?"
    draft = backend.compose(q, [first, other])
    assert draft.mode == "answer" and "20일" in draft.text and "2개월" in draft.text
    alone = backend.compose("협의회가 교육부장관에게 결산보고서를 제출하는 기한은?", [first, other])
    assert "2개월" in alone.text
    assert "20일" not in alone.text  # nothing left out: no second passage


def test_a_question_asking_what_must_be_done_prefers_the_rule_that_obliges(kiwi):
    must = frame(kiwi, "교육감이 폐교재산을 반드시 무상으로 대부하여야 하는 경우는?")
    obliges = _cand(hit("④ 교육감은 다음 각 호의 어느 하나에 해당하는 경우에는 무상으로 대부한다.\n1. 전부 기부한 자"))
    permits = _cand(hit("⑤ 교육감은 다음 각 호의 어느 하나에 해당하는 경우에는 무상으로 대부할 수 있다."))
    assert F.modality_match(must, obliges) == 1.0 and F.modality_match(must, permits) < 0.5
    plain = frame(kiwi, "교육감이 폐교재산을 무상으로 대부할 수 있는 경우는?")
    assert F.modality_match(plain, permits) == F.modality_match(plain, obliges) == 1.0
    backend = ExtractiveBackend(kiwi, idf, title_of)
    # retrieved alike, the rule that obliges answers
    draft = backend.compose(must.text, [hit(permits.text, doc="a.txt"), hit(obliges.text, doc="b.txt")])
    assert "대부한다" in draft.text.split("\n")[0]


def test_documents_that_only_share_common_words_are_no_ambiguity_but_no_answer(kiwi):
    # both passages state a width in metres, neither names the road the question is about
    a = hit("라. 완충녹지의 폭은 최소 10미터 이상이 되도록 할 것", doc="a.txt", rank=1)
    b = hit("2. 보행자전용도로의 폭은 최소 1.5미터 이상으로 할 것", doc="b.txt", rank=2)
    rarity = {"자전거도로": 5.0, "최소": 4.0, "폭": 4.0, "미터": 4.0}

    def library_idf(term: str) -> float:
        return rarity.get(term, 1.0)

    backend = ExtractiveBackend(kiwi, library_idf, title_of)
    q = "자전거도로 최소 폭은 몇 미터로 정해져 있어?"
    assert "미터" not in backend.frame(q).head  # the word after 몇 is the unit asked in
    assert backend.compose(q, [a, b]).mode == "refused"


def test_a_second_passage_does_not_make_a_first_half_of_a_passage_sharing_one_word(kiwi):
    rarity = {"교육경비": 8.0, "교육": 3.0, "경비": 4.6, "보조금": 5.0, "학교": 4.5, "연간": 6.0, "최대": 6.6}
    backend = ExtractiveBackend(kiwi, lambda t: rarity.get(t, 2.0), title_of)
    stray = hit("내년에 10곳으로 늘리면 연간 4억 3,800만원이 들 것으로 예상된다.", doc="a.txt", rank=1)
    rule = hit("② 교육경비 보조금을 교부받은 각급학교의 장은 「초ㆍ중등교육법」 제30조의2제1항에 따른 "
               "학교회계에 편입하여 보조금을 집행하여야 한다.", doc="b.txt", rank=2)
    draft = backend.compose("교육경비 보조금은 학교 한 곳당 연간 최대 얼마까지 줄 수 있어?", [stray, rule])
    assert draft.mode != "answer"  # "연간" alone makes no first half, whatever the second passage covers


def test_a_contact_question_wants_a_phone_number_and_a_department_question_an_organisation(kiwi):
    fr = frame(kiwi, "검토보고서 담당 입법조사관 연락처 좀")
    assert fr.answer_type == "contact" and "연락처" not in fr.head
    assert T.answer_type_match(fr, _cand(hit("입법조사관 오민서 (02-2180-8427)"))) == 1.0
    assert T.answer_type_match(fr, _cand(hit("입법조사관 오민서"))) < 1.0
    dept = frame(kiwi, "안전체험관 소관 부서는?")
    assert dept.answer_type == "org" and "부서" not in dept.head


def test_an_entity_the_question_clips_is_named_by_its_full_form(kiwi):
    titles = {"a.txt": "서울특별시 노동권익센터 운영 민간위탁 동의안", "b.txt": "부산광역시 노동권익센터 운영 민간위탁 동의안"}
    fr = read_question("서울시 노동권익센터 운영 인원은?", kiwi, lambda t: 2.0)
    assert "서울시" in fr.entities

    def gate(doc: str) -> float:
        c = _cand(hit("인 원 : 센터장 포함 12명", doc=doc), "field")
        lay = F.layers_of(c, kiwi.tokens, titles.get)
        return F.entity_match(fr, c, lay, {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights})

    assert gate("a.txt") == 1.0 and gate("b.txt") == 0.0
    titles["c.txt"] = "2025년 충청북도 민간위탁사무 종합성과평가 결과"
    fr = read_question("충북 민간위탁 동의안 제출 기한은?", kiwi, lambda t: 2.0)
    assert "충북" in fr.entities and gate("c.txt") == 1.0  # a province clipped to two syllables
    assert gate("a.txt") == 0.0


def test_a_month_as_reports_write_it_answers_when(kiwi):
    fr = frame(kiwi, "개인정보 파기 지적은 언제 조치 완료 예정이야?")
    assert T.answer_type_match(fr, _cand(hit("개인정보 파기 : 2025. 10. 완료 예정"))) == 1.0
    assert 0.5 < T.answer_type_match(fr, _cand(hit("10월까지 파기를 끝내고 11월에 확인 점검하겠습니다"))) < 1.0
    assert T.answer_type_match(fr, _cand(hit("개인정보 파기 지적 1건은 조치 중임"))) < 0.5


def test_a_columns_status_in_parentheses_is_no_unit():
    from assistant.answering.render import cell_unit

    def cell(col: str, unit: str | None = None) -> Candidate:
        h = hit("| 구분 | 2025년 | 2026년(안) |\n| 사업비 | 221,500 | 236,800 |", kind="table")
        h.chunk.unit = unit
        return Candidate(h, 0, 10, "236,800", "cell", row_label="사업비", col_label=col, value="236,800")

    assert cell_unit(cell("2026년(안)", "(단위: 천원)")) == "천원"  # the table's note, not "안"
    assert cell_unit(cell("인원(명)")) == "명" and cell_unit(cell("예산(천원)")) == "천원"


def test_an_article_quoted_in_a_report_on_a_bill_is_named_with_the_bill():
    from assistant.answering.render import render

    titles = {"r.docx": "가나광역시 반려동물 돌봄쉼터 설치 및 운영 조례안 심사보고서"}
    h = hit("② 부득이한 사유가 있는 경우에는 1회에 한하여 15일 이내에서 돌봄기간을 연장할 수 있다.", doc="r.docx",
            kind="article", section=["9. 수정 조례안", "제5조(돌봄기간)"])
    line = render(_cand(h, "paragraph"), [], titles.get)
    assert line.startswith("「가나광역시 반려동물 돌봄쉼터 설치 및 운영 조례안」 제5조 제2항:")
    titles["r.docx"] = "가나시 공동주택 관리 지원 조례 일부개정조례안"  # the bill itself
    assert render(_cand(h, "paragraph"), [], titles.get).startswith("「가나시 공동주택 관리 지원 조례 일부개정조례안」 제5조 제2항:")
    titles["r.docx"] = "가나구 청년센터 운영 민간위탁 동의안 검토보고서"  # no bill of law: the article alone
    assert render(_cand(h, "paragraph"), [], titles.get).startswith("제5조 제2항:")


def test_a_feature_that_does_not_apply_is_left_out_of_the_score_not_counted_as_one():
    from assistant.answering.scorer import ScorerConfig, score

    cfg = ScorerConfig(weights={"coverage": 1.0, "head": 1.0, "modality": 0.5}, gates=(), answer=0.5,
                       answer_coverage=0.5, evidence=0.5, ambiguity_margin=0.1)
    # without "modality" the two candidates differ by 0.25, as they would with no such feature at all
    assert score({"coverage": 1.0, "head": 0.5}, cfg) - score({"coverage": 0.5, "head": 0.5}, cfg) == pytest.approx(0.25)
    assert score({"coverage": 1.0, "head": 1.0, "modality": 0.0}, cfg) == pytest.approx(0.8)


def test_the_set_a_rule_covers_is_no_attribute_the_article_repeats(kiwi):
    fr = frame(kiwi, "보호시설 조례에서 대형견을 입소 제외 대상으로 정한 조항은?")
    assert "대상" not in fr.head and "대상" in fr.weights


def test_a_subject_named_just_before_the_quote_carries_over_and_another_passage_is_still_gated(kiwi):
    # an answer sheet names the body once, then states its figures in the next sentence
    text = "강서구 청년센터는 2023년에 문을 열었습니다. 2024년 이용자는 4,800명입니다."
    lo = text.index("2024년")
    h = hit(text, doc="t.txt")
    later = Candidate(h, lo, len(text), text[lo:], "sentence")
    first = Candidate(h, 0, lo - 1, text[:lo - 1], "sentence")
    alone = _cand(hit("2024년 이용자는 9,100명입니다.", doc="t.txt", rank=2))
    fr = frame(kiwi, "강서구 청년센터 2024년 이용자 수는?")

    def entity_and_coverage(c: Candidate) -> tuple[float, float]:
        lay = F.layers_of(c, kiwi.tokens, title_of)
        credit = {t: F.term_credit(t, lay, lambda t: set(), True) for t in fr.weights}
        return F.entity_match(fr, c, lay, credit), F.term_coverage(fr, credit)

    assert F.lead_in(later) == text[:lo] and F.lead_in(first) == ""
    (ent_later, cov_later), (ent_alone, cov_alone) = entity_and_coverage(later), entity_and_coverage(alone)
    assert ent_later == 1.0 and ent_alone == 0.0
    assert cov_later > cov_alone


def test_a_second_part_answered_just_before_the_best_is_still_found(kiwi):
    # the lead-in lends the best its subject, not the other part's answer
    from assistant.answering.scorer import rank

    text = ("라. 위탁기간 : 3년(2025.1.1.~2027.12.31.)\n마. 수탁자 선정방식 : 공개모집\n"
            "바. 소요예산 및 산출근거 : 637백만원(’25년 예산(안))\n※ 산출근거 : 별첨 예산 내부내역 참고")
    backend = ExtractiveBackend(kiwi, idf, title_of)
    fr = backend.frame("다음 위탁기간하고 소요예산은?")
    ranked = rank(backend.candidates(fr, [hit(text, doc="t.txt")]), backend.config)
    best = ranked[0]
    assert "637백만원" in best.text and best.credit["위탁기간"] == F.LEAD  # covered only by its lead-in
    second = backend._second(fr, best, ranked)
    assert second is not None and "3년" in second.text


def test_a_clipped_name_expands_inside_brackets_and_without_a_national_prefix():
    from assistant.answering.abbreviations import Abbreviations

    table = Abbreviations([], ["2025년도 추가경정예산안 검토보고(문화체육관광위원회 소관)", "한국대학교육협의회법"])
    assert table.expand("문체위").startswith("문화체육관광위원회")
    assert table.expand("대교협") == "대학교육협의회법"
    assert table.expand("체육회") is None  # 체 does not begin any title word
