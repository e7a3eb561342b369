"""PDF loader: Korean text per page, tables as rows, scans, encryption, corruption."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.errors import IngestError
from assistant.loaders import load_document

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
pytestmark = pytest.mark.skipif(
    not FONT.exists(), reason="NanumGothic missing: apt-get install -y fonts-nanum (Korean PDFs need it)"
)

# one sentence long enough to wrap over three lines
PARAGRAPH = (
    "서울특별시 공공도서관 운영 조례 일부개정조례안은 도서관의 개관 시간을 연장하고 야간 열람실 운영에 "
    "필요한 인력과 예산을 확보하며 시민의 이용 편의를 높이기 위하여 관련 규정을 정비하려는 것으로서 "
    "검토 결과 입법 취지와 내용이 타당한 것으로 판단됩니다."
)
ROWS = [["구분", "2024년", "2025년"], ["도서관 운영비", "1,200", "1,350"], ["시설 개선비", "300", "450"]]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def korean_pdf(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    head = ParagraphStyle("h", fontName="NanumGothic", fontSize=16, leading=20)
    body = ParagraphStyle("b", fontName="NanumGothic", fontSize=10, leading=14)
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), "NanumGothic"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story = [
        Paragraph("Ⅰ. 검토 개요", head),
        Paragraph(PARAGRAPH, body),
        PageBreak(),
        Paragraph("Ⅱ. 예산 현황", head),
        Table(ROWS, style=grid),
        Paragraph("위 표와 같이 도서관 예산이 증가하였습니다.", body),
    ]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory) -> Path:
    return korean_pdf(tmp_path_factory.mktemp("pdf") / "검토보고서.pdf")


def test_pdf_text_pages_and_table(pdf_path):
    doc = load_document(pdf_path)
    assert doc.fmt == "pdf" and doc.pages == 2 and doc.warnings == []
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text  # offsets index into Document.text
        assert b.page in (1, 2)
    wrapped = [b for b in doc.blocks if b.text.endswith(" ")]
    assert len(wrapped) == 2 and all(b.page == 1 for b in wrapped)  # the paragraph's first two lines
    page1 = squash("".join(b.text for b in doc.blocks if b.page == 1))
    assert squash("Ⅰ. 검토 개요") in page1 and squash(PARAGRAPH) in page1
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].page == 2
    assert [[squash(c) for c in row] for row in tables[0].rows] == [[squash(c) for c in row] for row in ROWS]
    assert "도서관 운영비 | 1,200 | 1,350" in tables[0].text
    # the table's characters are not repeated as line blocks
    assert not any("1,350" in b.text for b in doc.blocks if b.kind == "line")
    order = [b.kind for b in doc.blocks if b.page == 2]
    assert order == ["line", "table", "line"]  # heading, table, sentence after it


def test_pdf_chunks_keep_pages_and_table(pdf_path):
    doc = load_document(pdf_path)
    chunks = chunk_document(doc)
    table_chunks = [c for c in chunks if c.kind == "table"]
    assert len(table_chunks) == 1 and table_chunks[0].page == 2
    assert "시설 개선비 | 300 | 450" in table_chunks[0].text
    prose = [c for c in chunks if PARAGRAPH in c.text]
    assert len(prose) == 1 and prose[0].page == 1
    assert PARAGRAPH in prose[0].text  # wrapped lines rejoined with their spaces
    assert {c.page for c in chunks} == {1, 2}


def test_pdf_scanned_page_is_reported(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    scan = ImageReader(Image.new("L", (40, 40), 128))
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.setFont("NanumGothic", 12)
    c.drawString(72, 720, "제1조(목적) 이 조례는 도서관 운영에 필요한 사항을 정한다.")
    c.showPage()
    c.drawImage(scan, 72, 72, 400, 600)  # page 2: only an image, like a scanned page
    c.showPage()
    c.save()
    doc = load_document(path)
    assert doc.pages == 2
    assert doc.warnings == ["p.2: 텍스트 레이어 없음 (text layer missing)"]
    assert all(b.page == 1 for b in doc.blocks)

    only_scan = tmp_path / "only_scan.pdf"
    c = canvas.Canvas(str(only_scan))
    c.drawImage(scan, 72, 72, 400, 600)
    c.save()
    with pytest.raises(IngestError) as e:
        load_document(only_scan)
    assert "only_scan.pdf" in str(e.value) and "OCR" in e.value.ko and "text layer" in e.value.en


def test_pdf_fonts_without_unicode_mapping(pdf_path, tmp_path):
    # hide the font's ToUnicode map (same length: the xref offsets stay valid); pdfminer then
    # gives "(cid:N)" for some glyphs and Latin-1 mojibake for others
    path = tmp_path / "nomap.pdf"
    path.write_bytes(pdf_path.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    doc = load_document(path)
    assert "(cid:" not in doc.text
    assert any(w.startswith("p.1:") and "Unicode mapping dropped" in w for w in doc.warnings)
    assert any(w.startswith("p.1:") and "garbled" in w for w in doc.warnings)


def test_garbled_detector():
    from assistant.loaders.pdf_text import garbled

    assert garbled("ƒ„ …†‡ ˆ‰ Š‹Œ  Ž ‘ ’Ž“ ”• – — ˜™š ›œ")
    assert not garbled("※ 예산 증감률: 12.5% (± 0.3%p), 온도 25°C, 3×4 행렬 · 제3조 § 1 … “인용” — 끝")
    assert not garbled("Café résumé naïve")  # a few accented letters are not mojibake


def test_pdf_running_header_and_footer_dropped(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    path = tmp_path / "running.pdf"
    c = canvas.Canvas(str(path))
    for n in range(1, 5):
        c.setFont("NanumGothic", 9)
        c.drawString(72, 800, "서울특별시의회 행정자치위원회")
        c.drawString(280, 40, f"- {n} -")
        c.setFont("NanumGothic", 14)
        c.drawString(72, 740, f"{n}. 검토 의견")  # a heading opening every page stays
        c.setFont("NanumGothic", 11)
        c.drawString(72, 700, f"제{n}조(정의) 이 조례에서 사용하는 용어의 뜻은 다음과 같다.")
        c.showPage()
    c.save()
    doc = load_document(path)
    assert [(b.page, b.text) for b in doc.blocks] == [
        (n, text) for n in range(1, 5) for text in (f"{n}. 검토 의견", f"제{n}조(정의) 이 조례에서 사용하는 용어의 뜻은 다음과 같다.")
    ]
    assert "행정자치위원회" not in doc.text


def test_pdf_templated_body_lines_are_not_running_lines(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    path = tmp_path / "template.pdf"
    c = canvas.Canvas(str(path))
    for n in range(1, 5):
        c.setFont("NanumGothic", 11)
        c.drawString(72, 720, f"{n}번 안건에 대한 위원회의 검토 의견은 다음과 같습니다.")
        c.drawString(72, 700, f"위 안건은 원안대로 가결하는 것이 타당하다고 판단됩니다. ({n}-1)")
        c.showPage()
    c.save()
    assert len(load_document(path).blocks) == 8  # same text but numbers, yet long: body, kept


def test_pdf_password_protected(pdf_path, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=pdf_path)
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    with pytest.raises(IngestError) as e:
        load_document(locked)
    assert "locked.pdf" in str(e.value) and "암호" in e.value.ko and "password" in e.value.en


def test_pdf_owner_password_only_still_reads(pdf_path, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=pdf_path)
    writer.encrypt("", owner_password="owner")  # opens without a password, like many official PDFs
    path = tmp_path / "restricted.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert squash("Ⅱ. 예산 현황") in squash(load_document(path).text)


@pytest.mark.parametrize("cut", [0.5, 0.05])
def test_pdf_truncated(pdf_path, tmp_path, cut):
    data = pdf_path.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "truncated.pdf" in str(e.value) and "손상" in e.value.ko and "corrupt" in e.value.en


def test_pdf_garbage_after_header(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "fake.pdf" in str(e.value)


def test_pdf_in_memory_roundtrip_matches_file(pdf_path):
    # loaders take bytes: the same content under another name gives the same text
    from assistant.loaders import pdf

    doc = pdf.load(Path("copy.pdf"), pdf_path.read_bytes())
    assert doc.doc_id == "copy.pdf" and doc.text == load_document(pdf_path).text


def test_pdf_page_reaches_the_cited_answer(pdf_path, tmp_path):
    """The page a passage is on travels from the loader to `ask --json` citations (1-based)."""
    from assistant.ingest import ingest
    from assistant.pipeline import Assistant
    from assistant.settings import load_settings

    settings = load_settings(env={}, index_dir=tmp_path / "index", corpus_dir=pdf_path.parent)
    assert not ingest([pdf_path], settings).errors
    answer = Assistant(settings).ask("2025년 도서관 운영비는 얼마야?").to_json()
    assert not answer["refused"] and "1,350" in answer["answer"]
    assert answer["citations"][0]["page"] == 2 and answer["citations"][0]["doc"] == pdf_path.name
    prose = Assistant(settings).ask("도서관 개관 시간을 연장하는 조례안 검토 결과는?").to_json()
    assert prose["citations"] and prose["citations"][0]["page"] == 1


def many_pages_pdf(path: Path, pages: int, lines: int = 30, header: bool = False) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    c = canvas.Canvas(str(path))
    for n in range(1, pages + 1):
        c.setFont("NanumGothic", 9)
        if header:
            c.drawString(72, 810, "서울특별시의회 행정자치위원회")
            c.drawString(280, 30, f"- {n} -")
        for i in range(lines):
            c.drawString(72, 780 - 24 * i, f"제{n}조 제{i + 1}항 이 조례에서 사용하는 용어의 뜻은 다음과 같다.")
        c.showPage()
    c.save()
    return path


def test_pdf_over_the_limits_stops_while_reading(tmp_path, monkeypatch):
    """A PDF over max_blocks (or the text limit) is refused at the page that proves it, not after
    parsing every page (pdfplumber's cost is per page: a 300 MiB PDF has thousands)."""
    from assistant.loaders import pdf

    path = many_pages_pdf(tmp_path / "long.pdf", pages=40)
    read = []
    real = pdf._page_items
    monkeypatch.setattr(pdf, "_page_items", lambda page: read.append(page.page_number) or real(page))
    with pytest.raises(IngestError, match="문단·줄·표가 너무 많습니다"):
        load_document(path, max_blocks=100)  # 30 lines a page: over during page 4
    assert len(read) <= 5, read
    read.clear()
    with pytest.raises(IngestError, match="추출된 텍스트가 너무 깁니다"):
        load_document(path, max_text_chars=5000)  # ~40 characters a line: over during page 5
    assert len(read) <= 6, read


def test_pdf_read_budget_never_refuses_what_the_builder_keeps(tmp_path):
    """Counted low: running headers and footers the loader drops do not count against the limit."""
    path = many_pages_pdf(tmp_path / "headed.pdf", pages=6, lines=10, header=True)  # 72 lines, 60 kept
    doc = load_document(path, max_blocks=60)
    assert len(doc.blocks) == 60 and "행정자치위원회" not in doc.text
    with pytest.raises(IngestError, match="너무 많습니다"):
        load_document(path, max_blocks=59)
