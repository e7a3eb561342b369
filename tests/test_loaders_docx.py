"""DOCX loader: headings, paragraphs and tables in document order, merged cells, footnotes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from assistant.chunking import chunk_document
from assistant.errors import IngestError
from assistant.loaders import load_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>지방자치법 제47조 참조.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:t>참조되지 않은 각주.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def with_footnotes(data: bytes) -> bytes:
    """python-docx cannot write footnotes: add the part, its relationship and content type."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                blob = blob.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                blob = blob.replace(b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
            dst.writestr(item, blob)
        dst.writestr("word/footnotes.xml", FOOTNOTES)
    return out.getvalue()


@pytest.fixture()
def docx_path(tmp_path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("서울특별시 청년 기본 조례 일부개정조례안 검토보고서", level=0)
    d.add_heading("Ⅰ. 제안 이유", level=1)
    para = d.add_paragraph("청년의 주거 안정을 위하여 월세 지원 대상을 확대하려는 것임.")
    ref = para.add_run()._r  # a footnote reference, as Word writes it
    ref.append(ref.makeelement(qn("w:footnoteReference"), {qn("w:id"): "1"}))
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["구분", "2024년", "2025년"], ["지원 인원", "2,000", "3,500"], ["합계", "", ""]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 0).merge(table.cell(2, 2)).text = "합계 5,500명"
    d.add_heading("Ⅱ. 검토 의견", level=1)
    d.add_paragraph("확대 규모가 적정한 것으로 판단됨.\t(붙임 참조)")
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "청년조례.docx"
    path.write_bytes(with_footnotes(buf.getvalue()))
    return path


def test_docx_blocks_in_order_with_styles(docx_path):
    doc = load_document(docx_path)
    assert doc.fmt == "docx"
    # paragraphs end at a word boundary: one trailing space, which the chunker reads as such
    assert all(b.text.endswith(" ") for b in doc.blocks if b.kind == "line")
    assert [(b.kind, b.style, b.text if b.rows else b.text.rstrip(" ")) for b in doc.blocks] == [
        ("line", "title", "서울특별시 청년 기본 조례 일부개정조례안 검토보고서"),
        ("line", "heading1", "Ⅰ. 제안 이유"),
        ("line", None, "청년의 주거 안정을 위하여 월세 지원 대상을 확대하려는 것임."),
        ("line", "footnote", "지방자치법 제47조 참조."),  # right after its reference
        ("table", None, "구분 | 2024년 | 2025년\n지원 인원 | 2,000 | 3,500\n합계 5,500명 |  | "),
        ("line", "heading1", "Ⅱ. 검토 의견"),
        ("line", None, "확대 규모가 적정한 것으로 판단됨. (붙임 참조)"),
        ("line", "footnote", "참조되지 않은 각주."),  # no reference in the body: at the end
    ]
    assert doc.blocks[4].rows[2] == ["합계 5,500명", "", ""]  # merged across columns: text once
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text


def test_docx_chunks_hold_text_and_table(docx_path):
    chunks = chunk_document(load_document(docx_path))
    tables = [c for c in chunks if c.kind == "table"]
    assert len(tables) == 1 and "지원 인원 | 2,000 | 3,500" in tables[0].text
    assert tables[0].section == ["Ⅰ. 제안 이유"]
    assert any("월세 지원 대상을 확대" in c.text for c in chunks)


def test_docx_corrupt_package(docx_path, tmp_path):
    data = docx_path.read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else blob)
    path = tmp_path / "broken.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "broken.docx" in str(e.value) and "DOCX" in e.value.ko and "corrupt" in e.value.en
