"""Draft model, draft-wide citation numbering, Markdown export and the export command."""

from __future__ import annotations

import json

import pytest

from assistant.export import (
    MIME_TYPES, DraftDocument, DraftItem, build_layout, export_bytes, export_command, file_name, to_markdown,
)
from assistant.export.layout import GROUNDS_LINE
from assistant.models import REFUSAL, Answer, Citation, ToolCall

REPORT = ("000_676e27cb4d6cfd79.txt", "서울특별시 전자상거래센터 운영 민간위탁 동의안 검토보고")
EVAL = ("004_984b758faf68b4cd.txt", "2023년 제3차 민간위탁 종합성과평가 결과 공개")
CONSENT = "재위탁을 하는 경우에는 서울특별시의회(이하 \"의회\"라 한다)의 동의를 받아야 한다."
OVERVIEW = "재위탁에 앞서 서울특별시의회의 동의를 받고자 제출됨."
BELOW_75 = "평가 결과 75점 미만은 해당 수탁기관과 재계약 배제 및 공개모집(관리지침)"
EXCLUSION = "종합성과평가 결과가 75점 미만인 경우"
AVERAGE = "평가점수 : 6개 민간위탁사무 평가 결과 평균 79.05점"
QUESTIONS = [
    "재위탁에 시의회 동의가 필요한가요?",
    "종합성과평가 72점이면 재계약할 수 있나요?",
    "2023년 제3차 평가의 평균 점수는?",
    "센터 직원 1인당 인건비는?",
]


def cite(n, src, section, quote, start, end, page=None) -> Citation:
    return Citation(n, src[0], src[1], section, quote, quote, start, end, f"{src[0]}#{start}", page)


def make_answers() -> list[Answer]:
    """Four answers: plain, rule verdict with 근거 block, one re-citing the verdict's passage, refused."""
    plain = Answer(
        QUESTIONS[0],
        "조례 제4조의3은 재위탁 시 의회 동의를 받도록 정합니다 [1].\n동의안은 그래서 제출되었습니다 [2].",
        False,
        [cite(1, REPORT, "Ⅳ. 참고사항 > 가. 관계법령", CONSENT, 2850, 2943, page=7),
         cite(2, REPORT, "Ⅴ. 검토의견 > 1. 동의안의 개요", OVERVIEW, 3220, 3253)],
        retrieved=[],
    )
    verdict = Answer(
        QUESTIONS[1],
        "재계약 배제 대상입니다 [1].\n\n근거\n- 입력: 종합성과평가 점수 72점\n"
        "- 규칙: 종합성과평가 결과 75점 미만이면 재계약 배제\n- 출처: [1], [2]",
        False,
        [cite(1, EVAL, "□ 평가결과", BELOW_75, 536, 578), cite(2, REPORT, "Ⅴ. 검토의견 > 3. 민간위탁의 적절성 여부", EXCLUSION, 8165, 8186)],
        retrieved=[],
        tool_calls=[ToolCall("recontract_eligibility", {"eval_score": 72, "qualification_score": None},
                             {"status": "excluded", "rule_title": "재계약 배제(재위탁 공개모집) 사유",
                              "basis": "「서울시 행정사무의 민간위탁 관리지침」"}, [1, 2])],
    )
    # cites the verdict's first passage again, as its own [2] and with different line wrapping
    again = Answer(
        QUESTIONS[2],
        "평균은 79.05점입니다 [1]. 75점 미만이면 재계약에서 배제됩니다 [2].",
        False,
        [cite(1, EVAL, "□ 평가결과", AVERAGE, 290, 322), cite(2, EVAL, "□ 평가결과", BELOW_75.replace(" 재계약", "\n재계약"), 536, 578)],
        retrieved=[],
    )
    refused = Answer(QUESTIONS[3], REFUSAL, True, [], retrieved=[])
    return [plain, verdict, again, refused]


def make_draft() -> DraftDocument:
    draft = DraftDocument(title="민간위탁 동의안 검토 메모", date="2024-08-20")
    for answer in make_answers():
        draft.add(answer)
    return draft


# --- numbering --------------------------------------------------------------------------


def test_references_are_numbered_across_the_draft_and_deduplicated():
    layout = build_layout(make_draft())
    quotes = [r.quote for r in layout.references]
    assert quotes == [CONSENT, OVERVIEW, BELOW_75, EXCLUSION, AVERAGE]
    assert [r.number for r in layout.references] == [1, 2, 3, 4, 5]
    # the third answer's [2] is the verdict's [1]: same document, same span → one number
    third = layout.sections[2].paras[0]
    assert third.plain() == "평균은 79.05점입니다 [5]. 75점 미만이면 재계약에서 배제됩니다 [3]."


def test_same_quote_without_span_gets_the_same_number():
    draft = make_draft()
    draft.items[2].citations[1].start = draft.items[2].citations[1].end = 0  # span unknown
    layout = build_layout(draft)
    assert len(layout.references) == 5
    assert layout.sections[2].paras[0].plain().endswith("배제됩니다 [3].")


def test_source_label_names_title_section_and_page():
    ref = build_layout(make_draft()).references[0]
    assert ref.source_label() == f"「{REPORT[1]}」 · Ⅳ. 참고사항 > 가. 관계법령 · 7쪽"
    assert ref.footnote_text().endswith(f"“{CONSENT}”")


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_has_a_section_per_answer_and_one_source_list():
    md = to_markdown(make_draft())
    assert md.startswith("# 민간위탁 동의안 검토 메모\n")
    assert "작성일: 2024-08-20 · 질의 4건 · 출처 5건" in md
    for i, q in enumerate(QUESTIONS, start=1):
        assert f"\n## {i}. {q}\n" in md
    assert "받도록 정합니다 [1].\n\n동의안은 그래서 제출되었습니다 [2]." in md
    assert "재계약 배제 대상입니다 [3]." in md
    sources = md.split("\n## 출처\n", 1)[1]
    for n, (title, quote) in enumerate(
        [(REPORT[1], CONSENT), (REPORT[1], OVERVIEW), (EVAL[1], BELOW_75), (REPORT[1], EXCLUSION), (EVAL[1], AVERAGE)],
        start=1,
    ):
        assert f"- [{n}] 「{title}」" in sources
        assert f"“{quote}”" in sources
    assert sources.count("- [") == 5  # the re-cited passage is listed once
    assert "· 7쪽" in sources


def test_markdown_keeps_the_grounds_block_of_a_verdict():
    md = to_markdown(make_draft())
    block = md.split("## 2.", 1)[1].split("## 3.", 1)[0]
    assert "> **근거**" in block
    assert "> - 입력: 종합성과평가 점수 72점\n> - 규칙: 종합성과평가 결과 75점 미만이면 재계약 배제\n> - 출처: [3], [4]" in block


def test_markdown_shows_refusals():
    md = to_markdown(make_draft())
    assert f"## 4. {QUESTIONS[3]}\n\n*{REFUSAL}*" in md


def test_edited_text_keeps_citations_and_flags_unknown_markers():
    draft = make_draft()
    item = draft.items[0]
    draft.edit(item.item_id, "동의가 필요합니다 [1]. 다른 근거도 있습니다 [9].")
    assert item.edited and item.unknown_markers() == [9]
    md = to_markdown(draft)
    assert "동의가 필요합니다 [1]. 다른 근거도 있습니다 [출처 미확인]." in md
    # [2] is no longer in the text but the source is kept, under 참고 출처
    assert "_참고 출처: [2]_" in md and f"“{OVERVIEW}”" in md
    draft.reset(item.item_id)
    assert not item.edited and "[출처 미확인]" not in to_markdown(draft)


def test_grounds_block_is_rebuilt_when_edited_away():
    draft = make_draft()
    draft.edit(draft.items[1].item_id, "재계약 배제 대상입니다 [1].")
    md = to_markdown(draft)
    assert "> **근거**" in md
    assert "> - 입력: eval_score=72 (recontract_eligibility)" in md
    assert "> - 규칙: 재계약 배제(재위탁 공개모집) 사유 — 「서울시 행정사무의 민간위탁 관리지침」" in md
    assert "> - 출처: [3], [4]" in md


def test_refusal_with_tool_calls_gets_no_grounds_block():
    draft = make_draft()
    draft.items[3].tool_calls = list(draft.items[1].tool_calls)  # tried a tool, still refused
    section = build_layout(draft).sections[3]
    assert [p.kind for p in section.paras] == ["refused"]


def test_listed_marks_are_told_from_marks_on_claims():
    layout = build_layout(make_draft())
    refs = lambda para: [(i.number, i.listed) for i in para.inlines if not hasattr(i, "text")]  # noqa: E731
    verdict = layout.sections[1].paras
    assert refs(verdict[0]) == [(3, False)]  # "재계약 배제 대상입니다 [1]."
    assert refs(verdict[-1]) == [(3, True), (4, True)]  # "- 출처: [1], [2]"
    assert refs(layout.sections[2].paras[0]) == [(5, False), (3, False)]


def test_markdown_does_not_turn_answer_lines_into_headings():
    draft = make_draft()
    draft.edit(draft.items[0].item_id, "# 제목 같은 줄 [1]\n> 인용 같은 줄")
    md = to_markdown(draft)
    assert "\n\\# 제목 같은 줄 [1]\n" in md and "\n\\> 인용 같은 줄\n" in md


@pytest.mark.parametrize("line", ["근거", "**근거**", "### 근거", "근거:", "■ 근거", "[근거]", "근거: 조례 제4조"])
def test_grounds_label_forms(line):
    assert GROUNDS_LINE.match(line)


@pytest.mark.parametrize("line", ["근거가 없으므로 판단하지 않습니다.", "근거 자료를 찾지 못했습니다", "법적 근거"])
def test_prose_mentioning_grounds_is_not_a_label(line):
    assert not GROUNDS_LINE.match(line)


# --- the draft object -------------------------------------------------------------------


def test_draft_json_round_trip():
    draft = make_draft()
    draft.edit(draft.items[0].item_id, "고친 문장 [1].")
    data = json.loads(json.dumps(draft.to_json(), ensure_ascii=False))
    again = DraftDocument.from_json(data)
    assert again == draft
    assert DraftDocument.from_json(draft.dumps()) == draft
    assert again.items[1].tool_calls[0].citations == [1, 2]
    assert again.items[0].original != again.items[0].text


def test_draft_editing_helpers():
    draft = DraftDocument()
    answers = make_answers()
    first = draft.add(answers[0])
    assert draft.add(answers[0]) is first  # a second click adds nothing
    second, third = draft.add(answers[1]), draft.add(DraftItem.from_answer(answers[2]))
    assert [i.question for i in draft.items] == QUESTIONS[:3]
    assert draft.move(third.item_id, -5) == 0
    assert draft.move(first.item_id, +1) == 2
    assert [i.item_id for i in draft.items] == [third.item_id, second.item_id, first.item_id]
    assert draft.remove(second.item_id) is second
    with pytest.raises(KeyError):
        draft.get(second.item_id)
    assert draft.title == "의정 리서치 초안" and len(draft.date) == 10


# --- export_command ---------------------------------------------------------------------


def _fake_ask(calls: list[str]):
    by_question = {a.question: a for a in make_answers()}

    def ask(question: str) -> Answer:
        calls.append(question)
        return by_question[question]

    return ask


def test_export_command_asks_each_question_and_writes_markdown(tmp_path):
    calls: list[str] = []
    out = export_command(QUESTIONS, "md", tmp_path / "sub" / "draft.md", _fake_ask(calls), title="검토 메모")
    assert calls == QUESTIONS
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 검토 메모\n") and "## 출처" in text and "[5]" in text


def test_export_command_writes_docx(tmp_path):
    out = export_command(QUESTIONS[:2], "DOCX", tmp_path / "draft.docx", _fake_ask([]), title=None)
    assert out.read_bytes()[:2] == b"PK"


def test_export_command_rejects_unknown_format_before_asking(tmp_path):
    calls: list[str] = []
    with pytest.raises(ValueError, match="지원하지 않는 내보내기 형식"):
        export_command(QUESTIONS, "pdf", tmp_path / "x.pdf", _fake_ask(calls), title=None)
    assert calls == []
    with pytest.raises(ValueError):
        export_command([], "md", tmp_path / "x.md", _fake_ask(calls), title=None)


def test_download_helpers_for_the_app():
    draft = make_draft()
    draft.title = "검토: 메모/초안?"
    assert file_name(draft, "DOCX") == "검토 메모 초안-2024-08-20.docx"
    assert export_bytes(draft, "md").decode("utf-8") == to_markdown(draft)
    for fmt in ("docx", "hwpx"):
        assert export_bytes(draft, fmt)[:2] == b"PK" and fmt in MIME_TYPES
