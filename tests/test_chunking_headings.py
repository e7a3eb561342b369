"""Headings and bullets in reports and press releases: what becomes a section, what stays text."""

from __future__ import annotations

from assistant.chunking import chunk_document
from assistant.loaders import load_document


def _chunks(tmp_path, text: str, name: str = "report.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return chunk_document(load_document(path))


def test_a_sentence_after_a_square_is_a_paragraph_not_a_heading(tmp_path):
    chunks = _chunks(tmp_path, (
        "보도자료\n\n"
        "□ 서울시는 올여름 폭염 종합대책을 6월 1일부터 9월 30일까지 추진한다고 2일 밝혔다.\n\n"
        "□ 올해 무더위쉼터는 경로당, 주민센터, 은행, 도서관 등 4,260곳으로 지난해보다 318곳 늘었다.\n\n"
        "○ 유형별로는 경로당 2,874곳, 주민센터 425곳이다.\n\n"
        "□ 평가개요\n\n- 평가기간 : 6월 ~ 8월\n"
    ))
    shelters = next(c for c in chunks if "4,260곳으로" in c.text)
    # the fact is passage text (quotable, citable), and it opens its own passage with its ○ point
    assert shelters.text.startswith("□ 올해 무더위쉼터는") and "경로당 2,874곳" in shelters.text
    assert not any("4,260곳" in s for s in shelters.section)
    assert "종합대책" not in shelters.text
    # a short □ title is still a heading
    period = next(c for c in chunks if "평가기간" in c.text)
    assert period.section[-1] == "□ 평가개요"


def test_a_bullet_right_under_a_heading_is_its_body(tmp_path):
    # ◦ first appears under "1.", so by order of appearance it ranks above 가.; under
    # "가. …" the ◦ lines are still that heading's body, not its siblings
    chunks = _chunks(tmp_path, (
        "추경예산안 검토보고\n\n"
        "1. 개요\n\n◦ 세출 규모는 1조 5,684억원으로 늘었음.\n\n"
        "2. 주요 증액 사업 검토\n\n"
        "가. 서울국제정원박람회 개최 준비 (21,200백만원 증액)\n\n"
        "◦ 정원 조성비(148억원)와 운영 대행 용역비(64억원)를 편성한 것임.\n\n"
        "나. 공공도서관 개관 준비 (9,600백만원 증액)\n\n"
        "◦ 동대문도서관과 노원도서관의 장서 구입(52억원)임.\n\n"
        "3. 종합의견\n\n◦ 편성 사유를 들을 필요가 있음.\n"
    ))
    garden = next(c for c in chunks if "정원 조성비" in c.text)
    assert garden.section == ["2. 주요 증액 사업 검토", "가. 서울국제정원박람회 개최 준비 (21,200백만원 증액)"]
    library = next(c for c in chunks if "장서 구입" in c.text)
    assert library.section[-1].startswith("나. 공공도서관")
    closing = next(c for c in chunks if "편성 사유" in c.text)
    assert closing.section == ["3. 종합의견"]


def test_a_bullet_of_an_enclosing_headings_type_stays_its_sibling(tmp_path):
    chunks = _chunks(tmp_path, (
        "동의안\n\n2. 주요내용\n\n가. 위탁사무명 : 노동권익센터 운영\n\n나. 위탁사무 내용\n\n"
        "1) 노동 상담\n\n2) 그 밖에 시장이 필요하다고 인정하는 사업\n\n"
        "다. 위탁기간 : 2026. 1. 1. ~ 2028. 12. 31.(3년)\n"
    ))
    period = next(c for c in chunks if "위탁기간" in c.text)
    assert period.section == ["2. 주요내용"]
