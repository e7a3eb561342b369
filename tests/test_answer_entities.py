"""Entity safety end to end: a one-page PDF about another centre, uploaded next to corpus/, must
not answer a question that names the seed document's centre; a question that names no centre
says it is ambiguous and shows both with their sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.ingest import ingest
from assistant.pipeline import Assistant
from assistant.settings import load_settings

from .conftest import ROOT

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
OTHER_BUDGET = "287,340천원"


def other_centre_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Nanum", str(FONT)))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Nanum", 11)
    lines = [
        "서울특별시 강서청년창업센터 운영 현황",
        "1. 센터 개요",
        "인 원 : 센터장 포함 4명",
        "2. 위탁기간 연도별 예산현황(민간위탁금)",
        "연 도 2022년 2023년 2024년",
        f"합 계 270,110천원 279,450천원 {OTHER_BUDGET}",
    ]
    for i, line in enumerate(lines):
        c.drawString(60, 780 - 22 * i, line)
    c.save()


@pytest.fixture(scope="module")
def two_centres(tmp_path_factory):
    if not FONT.exists():
        pytest.skip(f"{FONT} is not installed (scripts/system_deps.sh installs fonts-nanum)")
    tmp = tmp_path_factory.mktemp("entities")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    other_centre_pdf(corpus / "강서청년창업센터_현황.pdf")
    settings = load_settings(env={}, index_dir=tmp / "index", corpus_dir=corpus)
    report = ingest([corpus], settings, sync_folder=corpus)
    assert not report.errors and "강서청년창업센터_현황.pdf" in report.added
    return Assistant(settings)


def test_a_named_centre_is_answered_from_its_own_document(two_centres):
    ans = two_centres.ask("2024년 전자상거래센터 민간위탁금은 얼마인가요?")
    assert not ans.refused and "533,478천원" in ans.answer, ans.answer
    assert OTHER_BUDGET not in ans.answer
    assert all(c.doc != "강서청년창업센터_현황.pdf" for c in ans.citations)


def test_the_other_centre_is_answered_from_the_upload(two_centres):
    ans = two_centres.ask("강서청년창업센터 2024년 민간위탁금은?")
    assert not ans.refused and OTHER_BUDGET in ans.answer, ans.answer
    assert "533,478" not in ans.answer


def test_a_question_naming_no_centre_shows_both_with_sources(two_centres):
    ans = two_centres.ask("2024년 센터 민간위탁금은 얼마야?")
    assert not ans.refused, ans.answer
    assert "533,478천원" in ans.answer and OTHER_BUDGET in ans.answer, ans.answer
    assert {c.doc for c in ans.citations} >= {"강서청년창업센터_현황.pdf", "000_676e27cb4d6cfd79.txt"}
