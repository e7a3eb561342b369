"""Table cells travel in Chunk.rows (header row(s) first), with caption and unit, from every
format's table blocks and from tables the chunker reads out of text; the index keeps them."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.loaders import load_document
from assistant.tables import header_row_count, text_table_rows, unit_of

from .conftest import REVIEW

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")


def tables_of(path: Path):
    return [c for c in chunk_document(load_document(path)) if c.kind == "table"]


def test_docx_table_rows_header_first(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("연도별 예산 현황 (단위: 천원)")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["구분", "2023년", "2024년"], ["운영비", "1,000", "1,200"], ["인건비", "500", "650"]]):
        for c, v in enumerate(row):
            t.rows[r].cells[c].text = v
    path = tmp_path / "budget.docx"
    d.save(path)
    (table,) = tables_of(path)
    assert table.rows == [["구분", "2023년", "2024년"], ["운영비", "1,000", "1,200"], ["인건비", "500", "650"]]
    assert table.header_rows == 1 and table.caption == "연도별 예산 현황 (단위: 천원)" and table.unit == "천원"


def test_hwpx_table_rows(tmp_path):
    from .test_loaders_hwpx import hwpx_bytes

    path = tmp_path / "report.hwpx"
    path.write_bytes(hwpx_bytes())
    (table,) = tables_of(path)
    assert table.rows == [["구분", "2024년", "2025년"], ["운영비", "1,200", "1,350"], ["합계 2,550", "", ""]]
    assert table.header_rows == 1 and table.caption == "<표 1> 예산 현황"


def test_hwp_table_rows(tmp_path):
    from .test_loaders_hwp import ROWS, hwp_bytes

    path = tmp_path / "report.hwp"
    path.write_bytes(hwp_bytes())
    (table,) = tables_of(path)
    assert table.rows == ROWS and table.header_rows == 1


@pytest.mark.skipif(not FONT.exists(), reason="NanumGothic missing: apt-get install -y fonts-nanum")
def test_pdf_table_rows(tmp_path):
    from .test_loaders_pdf import ROWS, korean_pdf

    (table,) = tables_of(korean_pdf(tmp_path / "report.pdf"))
    squash = lambda rows: [["".join(c.split()) for c in r] for r in rows]  # noqa: E731 — pdf may wrap cells
    assert squash(table.rows) == squash(ROWS) and table.header_rows == 1 and table.page == 2


def test_text_tables_tab_pipe_and_aligned(tmp_path):
    path = tmp_path / "tables.txt"
    path.write_text(
        "[표 1] 연도별 상담 실적 (단위: 건)\n구분\t2022년\t2023년\n개인상담\t13,102\t14,877\n\n"
        "< 인력 현황 >\n이름  소속  직위\n홍길동  서울시청  주무관\n김영희  구청  팀장\n\n",
        encoding="utf-8",
    )
    tabbed, aligned = tables_of(path)
    assert tabbed.rows == [["구분", "2022년", "2023년"], ["개인상담", "13,102", "14,877"]]
    assert tabbed.unit == "건" and tabbed.caption == "[표 1] 연도별 상담 실적 (단위: 건)"
    assert aligned.rows == [["이름", "소속", "직위"], ["홍길동", "서울시청", "주무관"], ["김영희", "구청", "팀장"]]
    assert aligned.caption == "< 인력 현황 >"


def test_markdown_pipe_table_with_rule(tmp_path):
    path = tmp_path / "table.md"
    path.write_text(
        "# 예산\n\n(단위: 백만원)\n\n| 구분 | 2024 | 2025 |\n|---|---:|---:|\n| 운영비 | 1,200 | 1,350 |\n",
        encoding="utf-8",
    )
    (table,) = tables_of(path)
    assert table.rows == [["구분", "2024", "2025"], ["운영비", "1,200", "1,350"]]
    assert table.header_rows == 1 and "---" not in table.text and table.unit == "백만원"


def test_pdf_dump_flattened_table_rows_from_the_seed():
    budget = next(c for c in tables_of(REVIEW) if "533,478천원" in c.text)
    assert budget.rows == [["연도", "2022년", "2023년", "2024년"], ["합계", "519,778천원", "523,783천원", "533,478천원"]]
    assert budget.header_rows == 1 and "예산현황" in (budget.caption or "")


def test_unreadable_text_table_has_no_rows():
    # a header that wrapped over lines cannot be told apart into cells: no guessing
    assert text_table_rows(["수탁기간 계약기간 수탁자 선정 방법", "종합성과평가", "’04. 5월~’05. 1월 8개월 공개모집 86.0점"]) is None


def test_header_rows_and_units():
    rows = [["구분", "2024년", "2024년"], ["", "예산", "결산"], ["운영비", "1,200", "1,100"]]
    assert header_row_count(rows) == 2
    assert header_row_count([["구분", "주요 내용"], ["성과", "상담 확대"]]) == 1
    assert unit_of("< 연도별 예산 > (단위 : 백만원)") == "백만원" and unit_of("예산 현황") is None


def test_rows_and_metadata_survive_the_index(tmp_path):
    from assistant.index import IndexReader
    from assistant.ingest import ingest
    from assistant.settings import load_settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "t.md").write_text(
        "---\n제목: 예시 조례\n법령구분: 조례\n소관부처: 서울특별시\n시행일자: 2024-01-01\n---\n\n# 예시 조례\n\n"
        "| 구분 | 2024 |\n|---|---|\n| 운영비 | 1,200 |\n\n## 부칙\n\n이 조례는 공포한 날부터 시행한다.\n",
        encoding="utf-8",
    )
    settings = load_settings(env={}, index_dir=tmp_path / "index", corpus_dir=corpus)
    assert not ingest([corpus], settings).errors
    reader = IndexReader(settings)
    try:
        (doc,) = reader.documents()
        assert doc.fields["소관부처"] == "서울특별시" and doc.kind == "조례" and doc.date == "2024-01-01"
        chunks = reader.doc_chunks("t.md")
        table = next(c for c in chunks if c.kind == "table")
        assert table.rows == [["구분", "2024"], ["운영비", "1,200"]] and table.header_rows == 1
        assert [c.appendix for c in chunks if "시행한다" in c.text] == [True]
        assert reader.meta["format"] >= 2
    finally:
        reader.close()
