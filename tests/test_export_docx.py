"""DOCX export: structure, real footnotes, the 출처 list, Korean page setup, and re-ingest."""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile

import docx
import pytest
from docx.shared import Mm
from lxml import etree

from assistant.export import build_layout, export_command, to_docx, to_docx_bytes

from .test_export import (
    AVERAGE, BELOW_75, CONSENT, EVAL, EXCLUSION, OVERVIEW, QUESTIONS, REPORT, make_draft,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "draft.docx"
    return to_docx(make_draft(), path)


def _xml(path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _footnotes(path) -> dict[str, str]:
    root = _xml(path, "word/footnotes.xml")
    return {fn.get(f"{W}id"): _text(fn) for fn in root.iter(f"{W}footnote") if fn.get(f"{W}type") is None}


def test_headings_title_and_header(exported):
    d = docx.Document(str(exported))
    heads = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert heads == [f"{i}. {q}" for i, q in enumerate(QUESTIONS, start=1)] + ["출처"]
    assert d.paragraphs[0].style.name == "Title" and d.paragraphs[0].text == "민간위탁 동의안 검토 메모"
    assert d.sections[0].header.paragraphs[0].text == "민간위탁 동의안 검토 메모 · 2024-08-20"
    assert d.core_properties.title == "민간위탁 동의안 검토 메모"


def test_a4_and_korean_fonts(exported):
    d = docx.Document(str(exported))
    s = d.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(1) and abs(s.page_height - Mm(297)) < Mm(1)
    styles = _xml(exported, "word/styles.xml")
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    fonts = normal.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "맑은 고딕" and fonts.get(f"{W}asciiTheme") is None
    heading = styles.find(f"{W}style[@{W}styleId='Heading1']/{W}rPr/{W}rFonts")
    assert heading.get(f"{W}eastAsia") == "맑은 고딕" and heading.get(f"{W}eastAsiaTheme") is None
    table = _xml(exported, "word/fontTable.xml")
    malgun = table.find(f"{W}font[@{W}name='맑은 고딕']")
    assert "NanumGothic" in malgun.find(f"{W}altName").get(f"{W}val")
    assert malgun.find(f"{W}charset").get(f"{W}val") == "81"  # Hangul


def test_footnote_part_is_wired(exported):
    with zipfile.ZipFile(exported) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/footnotes.xml"' in types and "footnotes+xml" in types
    assert re.search(r'Type="[^"]+/relationships/footnotes" Target="footnotes.xml"', rels)
    settings = _xml(exported, "word/settings.xml")
    pr = settings.find(f"{W}footnotePr")
    assert [f.get(f"{W}id") for f in pr] == ["-1", "0"]
    assert pr.getnext().tag == f"{W}compat"  # schema order
    separators = [fn.get(f"{W}type") for fn in _xml(exported, "word/footnotes.xml").iter(f"{W}footnote")][:2]
    assert separators == ["separator", "continuationSeparator"]


def test_every_citation_mark_is_a_footnote_naming_its_source(exported):
    body = _xml(exported, "word/document.xml")
    ref_ids = [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
    notes = _footnotes(exported)
    # one numbering: one footnote per source, where it is first cited, so Word's footnote n
    # (numbered by occurrence) is the 출처 list's [n]; markers: [1][2] in the first answer,
    # [3] + 근거 "출처: [3], [4]" in the verdict, [5][3] in the third
    assert ref_ids == sorted(notes, key=int) and len(ref_ids) == 5
    expected = [(REPORT, CONSENT), (REPORT, OVERVIEW), (EVAL, BELOW_75), (REPORT, EXCLUSION), (EVAL, AVERAGE)]
    for text, ((_, title), quote) in zip([notes[i] for i in ref_ids], expected):
        assert text.startswith(f" 「{title}」 · ") and text.endswith(f"“{quote}”")
    assert "· 7쪽 —" in notes[ref_ids[0]]
    # a later citation of source 3 is a cross-reference showing footnote number 3, not a new footnote
    instr = [t.text for t in body.iter(f"{W}instrText")]
    assert instr == [" NOTEREF _RefSource3 \\f \\h "]
    marks = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert marks == [f"_RefSource{n}" for n in range(1, 6)]
    # every footnote starts with Word's auto number
    for fn in _xml(exported, "word/footnotes.xml").iter(f"{W}footnote"):
        if fn.get(f"{W}type") is None:
            assert fn.find(f".//{W}footnoteRef") is not None


def test_marks_sit_on_the_word_in_prose(exported):
    d = docx.Document(str(exported))
    para = next(p for p in d.paragraphs if p.text.startswith("조례 제4조의3"))
    assert para.text == "조례 제4조의3은 재위탁 시 의회 동의를 받도록 정합니다."
    runs = para.runs
    i = next(i for i, r in enumerate(runs) if r._r.find(f"{W}footnoteReference") is not None)
    assert runs[i - 1].text.endswith("정합니다") and runs[i + 1].text == "."


def test_sources_list_and_grounds_block(exported):
    d = docx.Document(str(exported))
    paras = d.paragraphs
    start = next(i for i, p in enumerate(paras) if p.style.name == "Heading 1" and p.text == "출처")
    items = [p.text for p in paras[start + 1:] if p.style.name == "출처 항목"]
    quotes = [p.text for p in paras[start + 1:] if p.style.name == "출처 인용"]
    assert [t.split("\t")[0] for t in items] == ["[1]", "[2]", "[3]", "[4]", "[5]"]
    assert items[0] == f"[1]\t「{REPORT[1]}」 · Ⅳ. 참고사항 > 가. 관계법령 · 7쪽"
    assert quotes == [f"“{q}”" for q in (CONSENT, OVERVIEW, BELOW_75, EXCLUSION, AVERAGE)]
    grounds = [p.text for p in paras if p.style.name == "근거 블록"]
    assert grounds == ["근거", "· 입력: 종합성과평가 점수 72점", "· 규칙: 종합성과평가 결과 75점 미만이면 재계약 배제",
                       "· 출처: [3], [4]"]
    refused = next(p for p in paras if p.text == "출처에서 확인되지 않습니다")
    assert refused.runs[0].italic


def test_docx_bytes_open_as_a_document():
    data = to_docx_bytes(make_draft())
    d = docx.Document(io.BytesIO(data))
    assert d.paragraphs[0].text == "민간위탁 동의안 검토 메모"


def test_reingest_keeps_questions_quotes_and_titles(exported):
    if importlib.util.find_spec("assistant.loaders.docx") is None:
        pytest.skip("DOCX loader (assistant/loaders/docx.py) not there yet")
    from assistant.chunking import chunk_document
    from assistant.loaders import load_document

    doc = load_document(exported)
    assert doc.fmt == "docx"
    chunks = chunk_document(doc)
    # questions are exported as headings: they live in the section paths (indexed with every chunk)
    text = re.sub(r"\s+", "", " ".join(c.section_path + " " + c.text for c in chunks))
    for q in QUESTIONS:
        assert re.sub(r"\s+", "", q) in text
    for ref in build_layout(make_draft()).references:
        assert re.sub(r"\s+", "", ref.quote) in text
        assert re.sub(r"\s+", "", ref.title) in text
    assert "근거" in text and "출처" in text


def test_export_command_end_to_end_with_the_assistant(assistant, tmp_path):
    """Real answers from the indexed corpus → DOCX → every cited quote is in the file."""
    questions = ["2023년 제3차 종합성과평가 평균 점수는?", "전자상거래센터 민간위탁 소요예산은 얼마인가요?"]
    answers = []

    def ask(q):
        answers.append(assistant.ask(q))
        return answers[-1]

    out = export_command(questions, "docx", tmp_path / "e2e.docx", ask, title="실제 답변")
    cited = [c for a in answers for c in a.citations]
    assert cited, "the corpus should answer at least one of these"
    notes = " ".join(_footnotes(out).values())
    body = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for c in cited:
        assert c.quote.split()[0] in notes
        assert re.sub(r"\s+", " ", c.quote).strip() in body
