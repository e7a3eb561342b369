"""Plain-text line joining: a line break is a space, unless the text is a PDF dump whose layout
wrapped lines (blank line between them), where wrapped lines are rejoined as before."""

from __future__ import annotations

from assistant.chunking import chunk_document
from assistant.loaders import load_document
from assistant.loaders.text import is_pdf_dump

from .conftest import REVIEW

TYPED = (
    "서울특별시 청년센터 운영 민간위탁 동의안 검토보고\n"
    "의안번호 : 제2150호\n"
    "제출일자 : 2024. 9. 2.\n"
    "\n"
    "1. 검토의견\n"
    "센터는 2019년에 개소하였으며\n"
    "상담인력 12명이 근무하고 있음.\n"
)

# a PDF dump: a blank line between the layout's lines; "민간" / "위탁사무로" wrapped mid-word,
# "수탁기관은 " wrapped at a space (the dump keeps that space)
DUMP = (
    "Ⅰ. 검토의견\n\n"
    "서울특별시는 2010년부터 청년센터 운영을 전문성을 갖춘 법인에 맡겨 민간\n\n"
    "위탁사무로 지속하여 추진해 왔으며 그동안 상담 실적이 꾸준히 늘어 수탁기관은 \n\n"
    "종합성과평가에서 매년 80점 이상을 받아 왔음.\n\n"
    "1. 운영 현황\n\n"
    "◦ 센터는 청년의 진로와 일자리 상담을 맡고 있으며 상담인력 12명이 근무하고 있\n\n"
    "음.\n"
)


def chunks_of(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    return doc, chunk_document(doc)


def test_typed_text_lines_are_joined_with_a_space(tmp_path):
    doc, chunks = chunks_of(tmp_path, "report.txt", TYPED)
    assert not is_pdf_dump(doc.text)
    text = "\n".join(c.text for c in chunks)
    assert "검토보고 의안번호 : 제2150호 제출일자 : 2024. 9. 2." in text
    assert "개소하였으며 상담인력 12명" in text
    assert "검토보고의안번호" not in text and "제2150호제출일자" not in text


def test_blank_line_ends_a_paragraph_in_typed_text(tmp_path):
    _, chunks = chunks_of(tmp_path, "report.txt", TYPED)
    text = "\n".join(c.text for c in chunks)
    assert "2. 9. 2.1. 검토의견" not in text.replace("\n", "")  # not glued onto the next paragraph
    first = next(c for c in chunks if "의안번호" in c.text)
    assert "검토의견" not in first.text


def test_pdf_dump_rejoins_wrapped_lines(tmp_path):
    doc, chunks = chunks_of(tmp_path, "dump.txt", DUMP)
    assert is_pdf_dump(doc.text)
    text = "\n".join(c.text for c in chunks)
    assert "민간위탁사무로 지속하여" in text  # Korean wrapped mid-word: no space
    assert "수탁기관은 종합성과평가에서" in text  # wrapped at a space: one space
    assert "근무하고 있음." in text
    for c in chunks:
        for pos, s, e in c.spans:
            assert c.text[pos : pos + (e - s)] == doc.text[s:e]


def test_seed_dump_is_detected_as_a_dump():
    doc = load_document(REVIEW)
    assert is_pdf_dump(doc.text)
    assert any("민간위탁사무로 지속하여 추진해 왔음" in c.text for c in chunk_document(doc))


def test_markdown_soft_breaks_are_spaces(tmp_path):
    _, chunks = chunks_of(tmp_path, "note.md", "# 메모\n\n센터 인원은\n센터장 포함 7명임.\n\n다음 문단.\n")
    c = next(c for c in chunks if "센터 인원" in c.text)
    assert "센터 인원은 센터장 포함 7명임." in c.text and "다음 문단" not in c.text.split("\n")[0]
