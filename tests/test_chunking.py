"""Structure-aware chunking of the seed documents (PDF text dumps with flattened tables)."""

import re

import pytest

from assistant.chunking import chunk_document
from assistant.loaders import load_document

from .conftest import EVALUATION, REVIEW


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.fixture(scope="module")
def review():
    doc = load_document(REVIEW)
    return doc, chunk_document(doc)


def only_chunk_with(chunks, *needles):
    found = [c for c in chunks if all(squash(n) in squash(c.text) for n in needles)]
    assert len(found) == 1, f"expected exactly one chunk with {needles}, got {len(found)}"
    return found[0]


def test_budget_table_is_one_chunk_with_its_caption_and_section(review):
    _, chunks = review
    c = only_chunk_with(chunks, "예산현황(민간위탁금)", "2022년 2023년 2024년", "519,778천원", "533,478천원")
    assert c.kind == "table"
    assert c.section[0].startswith("Ⅴ. 검토의견")
    assert c.section[-1] == "2. 전자상거래센터 운영 현황 및 성과"


def test_outsourcing_history_table_lands_whole(review):
    _, chunks = review
    c = only_chunk_with(chunks, "운영 위탁 연혁", "’04. 5월~’05. 1월", "86.0점", "’22. 1월~’24.12월", "83.4점")
    assert c.kind == "table"
    assert "2. 전자상거래센터 운영 현황 및 성과" in c.section
    assert all(f"{n}차" in c.text for n in range(1, 9))  # every 재계약 row is there


def test_article_4_3_is_one_chunk_under_its_ordinance(review):
    _, chunks = review
    c = only_chunk_with(chunks, "제4조의3(의회동의 및 보고)", "동의를 받아야 한다", "성과보고서", "재위탁의 경우는 예외로 한다")
    assert c.kind == "article"
    assert c.section[-1] == "제4조의3(의회동의 및 보고)"
    assert "◦ 서울특별시 행정사무의 민간위탁에 관한 조례" in c.section
    assert c.section[0] == "Ⅳ. 참고사항"


def test_exclusion_reasons_list_stays_together_with_caption(review):
    _, chunks = review
    c = only_chunk_with(chunks, "① 종합성과평가 결과가 75점 미만인 경우", "⑤ 법인 및 시설 종사자가")
    assert c.kind == "list"
    assert "재계약 배제" in (c.caption or "")


def test_wrapped_lines_are_rejoined(review):
    _, chunks = review
    # "민간" / "위탁사무로" were split over two lines in the dump
    assert any("민간위탁사무로 지속하여 추진해 왔음" in c.text for c in chunks)
    # a paragraph interrupted by a floated table continues after it
    assert any("사기사이트 적발·공지, 피해다발업체 명단 공개" in c.text for c in chunks)


def test_offsets_point_into_the_source(review):
    doc, chunks = review
    for c in chunks:
        assert 0 <= c.start < c.end <= len(doc.text)
        for pos, s, e in c.spans:
            # every joined segment is exactly the source text at its offsets
            assert c.text[pos : pos + (e - s)] == doc.text[s:e]


def test_quote_offsets_are_exact(review):
    doc, chunks = review
    c = only_chunk_with(chunks, "예산현황(민간위탁금)", "533,478천원")
    lo = c.text.index("533,478천원")
    start, end = c.source_span(lo, lo + len("533,478천원"))
    assert doc.text[start:end] == "533,478천원"


def test_evaluation_results_sections():
    chunks = chunk_document(load_document(EVALUATION))
    fintech = [c for c in chunks if "핀테크랩" in c.section_path]
    assert fintech and fintech[0].kind == "table"
    assert fintech[0].section == ["□ 사무별 주요성과 및 과제", "① 서울 핀테크랩 관리 및 운영"]
    assert "<ul" not in "".join(c.text for c in chunks)  # HTML debris from the export is gone
    result = next(c for c in chunks if "79.05점" in c.text)
    assert result.section == ["□ 평가결과"]


def test_ordinance_structure_generalises(tmp_path):
    text = (
        "서울특별시 예시 조례\n\n제1장 총칙\n\n제1조(목적) 이 조례는 예시를 정함을 목적으로 한다.\n\n"
        "제2조(정의) 이 조례에서 사용하는 용어의 뜻은 다음과 같다.\n1. \"위탁\"이란 맡기는 것을 말한다.\n"
        "2. \"수탁기관\"이란 맡는 기관을 말한다.\n\n제2장 위원회\n\n제3조(설치) ① 시장은 위원회를 둔다.\n"
        "② 위원회는 10명 이내로 구성한다.\n"
    )
    path = tmp_path / "ordinance.txt"
    path.write_text(text, encoding="utf-8")
    chunks = chunk_document(load_document(path))
    art2 = next(c for c in chunks if c.text.startswith("제2조"))
    assert "2. \"수탁기관\"" in art2.text and art2.section == ["제1장 총칙", "제2조(정의)"]
    art3 = next(c for c in chunks if c.text.startswith("제3조"))
    assert art3.section == ["제2장 위원회", "제3조(설치)"] and "② 위원회는 10명" in art3.text


def test_docx_heading_styles_paragraphs_and_table_caption(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("예시 센터 민간위탁 검토", level=1)
    d.add_heading("운영 현황", level=2)
    d.add_paragraph("센터는 2015년에 개소하였고 상담인력이 근무하며")  # no sentence ending, still a whole paragraph
    d.add_paragraph("예산은 매년 늘었습니다.")
    d.add_paragraph("연도별 예산 현황")
    t = d.add_table(rows=2, cols=3)
    for i, v in enumerate(["구분", "2023년", "2024년"]):
        t.rows[0].cells[i].text = v
    for i, v in enumerate(["예산", "1,000천원", "1,200천원"]):
        t.rows[1].cells[i].text = v
    d.add_heading("검토 의견", level=2)
    d.add_paragraph("재위탁이 타당함.")
    path = tmp_path / "center.docx"
    d.save(path)
    chunks = chunk_document(load_document(path))
    prose = next(c for c in chunks if "2015년" in c.text)
    assert prose.section == ["예시 센터 민간위탁 검토", "운영 현황"]
    assert "근무하며\n예산은" in prose.text  # paragraphs stay separate lines, not glued into one
    table = next(c for c in chunks if c.kind == "table")
    assert table.caption == "연도별 예산 현황" and "1,200천원" in table.text
    assert table.section == ["예시 센터 민간위탁 검토", "운영 현황"]
    last = next(c for c in chunks if "재위탁이 타당함" in c.text)
    assert last.section == ["예시 센터 민간위탁 검토", "검토 의견"]


def test_caption_after_a_table_starts_the_next_table(tmp_path):
    text = (
        "Ⅴ. 검토의견\n\n2. 운영 현황\n\n∎위탁기간: 2021.1.1. ~ 2023.12.31.(3년)\n\n∎ 연도별 민간위탁금\n\n"
        "연  도 2021년 2022년 2023년\n\n합  계 1,100,000천원 1,150,500천원 1,201,000천원\n\n"
        "< 위탁 연혁 >\n\n수탁기간 계약기간 수탁자 선정 방법 종합성과평가 점수\n"
        "’15. 1월~’17.12월 3년 (재)청년재단 공개모집 81.2점\n’18. 1월~’20.12월 3년 〃 재계약 77.9점\n"
    )
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    chunks = chunk_document(load_document(path))
    budget = next(c for c in chunks if "1,201,000천원" in c.text)
    history = next(c for c in chunks if "77.9점" in c.text)
    assert budget is not history and "위탁 연혁" not in budget.text
    assert history.kind == "table" and history.caption == "< 위탁 연혁 >" and "81.2점" in history.text
    assert not any("위탁기간" in c.text and "81.2점" in c.text for c in chunks)
