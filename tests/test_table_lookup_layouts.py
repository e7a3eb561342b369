"""A table question is a lookup by row label × column header, on layouts other councils use:
two-row headers (연도 over 예산/결산), units in the caption or the header, 구분 columns, row
groups with 소계/합계 and merged first columns, △ negatives and %p, tables with years as rows,
score tables (배점/득점) and rank columns. Every table here is invented."""

from __future__ import annotations

import pytest

from assistant.answering.backend import ExtractiveBackend
from assistant.answering.candidates import candidates_of
from assistant.korean import analyzer as get_analyzer
from assistant.models import Chunk, Hit
from assistant.tables import header_row_count, split_cells, text_table_rows

TITLE = "가상구 2025년 사업 현황 보고"


def idf(term: str) -> float:
    return 2.0


@pytest.fixture(scope="module")
def backend():
    return ExtractiveBackend(get_analyzer(), idf, lambda d: TITLE)


def table(rows: list[list[str]], caption: str = "", unit: str | None = None, rank: int = 1) -> Hit:
    """A table block as the DOCX/HWPX/PDF loaders hand it over: caption line, then " | " rows."""
    text = "\n".join(([caption] if caption else []) + [" | ".join(r) for r in rows])
    chunk = Chunk(f"t#{rank}", "t.docx", rank, text, [], 0, len(text), kind="table", caption=caption or None,
                  rows=rows, header_rows=header_row_count(rows), unit=unit)
    return Hit(chunk, 1.0 / rank, rank)


def ask(backend, q: str, *hits: Hit) -> str:
    draft = backend.compose(q, list(hits))
    assert draft.mode == "answer", draft.text
    return draft.text


# -- two-row header: 연도 over 예산/결산, the merged year cell blank or repeated ----------------------
@pytest.mark.parametrize("top", [
    ["구분", "2023년", "", "2024년", ""],
    ["구분", "2023년", "2023년", "2024년", "2024년"],
])
def test_two_row_header_year_over_budget_and_settlement(backend, top):
    h = table([top, ["", "예산", "결산", "예산", "결산"], ["운영비", "1,000", "950", "1,200", "1,100"],
               ["인건비", "500", "480", "650", "640"]], caption="<표 3> 연도별 예산·결산 (단위: 천원)", unit="천원")
    cols = {c.col_label for c in candidates_of(h) if c.kind == "cell"}
    assert cols == {"2023년 예산", "2023년 결산", "2024년 예산", "2024년 결산"}
    text = ask(backend, "2024년 운영비 결산액은 얼마야?", h)
    assert "1,100천원" in text and "1,200" not in text, text
    text = ask(backend, "2023년 인건비 예산은?", h)
    assert "500천원" in text and "480" not in text, text


# -- 구분 columns: the row is named by every label column, not the first alone -------------------
def test_label_columns_name_the_row_together(backend):
    h = table([["분야", "사업명", "2024년", "2025년"], ["복지", "노인돌봄", "100", "120"],
               ["복지", "아동급식", "80", "90"], ["문화", "작은도서관", "50", "55"]],
              caption="분야별 사업 예산 (단위: 백만원)", unit="백만원")
    text = ask(backend, "2025년 아동급식 예산은?", h)
    assert "90백만원" in text and "120" not in text, text


# -- row groups: a merged first column names the rows under it; 소계 is its group's total ------
def test_merged_group_column_and_subtotals(backend):
    h = table([["구분", "세부항목", "2025년 예산"], ["인건비", "기본급", "300"], ["", "수당", "100"],
               ["", "소계", "400"], ["운영비", "임차료", "200"], ["", "공공요금", "60"], ["", "소계", "260"],
               ["합계", "", "660"]], caption="세출 예산 (단위: 천원)", unit="천원")
    rows = {c.row_label for c in candidates_of(h) if c.kind == "cell"}
    assert "인건비 수당" in rows and "운영비 소계" in rows
    text = ask(backend, "인건비 소계는 얼마야?", h)
    assert "400천원" in text and "260" not in text, text
    text = ask(backend, "운영비 공공요금 예산은?", h)
    assert "60천원" in text, text


# -- △ negatives and %p ---------------------------------------------------------------------------
def test_triangle_negative_and_percent_point_cells_are_values():
    for line, cells in [("환경정책과 14,856 13,102 △1,754 △11.8%", ["14,856", "13,102", "△1,754", "△11.8%"]),
                        ("고용률 61.2% 62.5% 1.3%p", ["61.2%", "62.5%", "1.3%p"]),
                        ("세입 합계 1,200 1,150 -50", ["1,200", "1,150", "-50"])]:
        assert split_cells(line).cells == cells, line
    rows, head = text_table_rows(["구분 2025년 2026년", "환경정책과 14,856 13,102", "기후대기과 9,210 △9,950"])
    assert rows[2] == ["기후대기과", "9,210", "△9,950"] and head == 1


def test_negative_change_cell_keeps_its_sign_and_unit(backend):
    h = table([["부서", "2025년", "2026년", "증감"], ["환경정책과", "14,856", "13,102", "△1,754"],
               ["기후대기과", "9,210", "9,950", "740"]], caption="부서별 세출예산안 (단위: 백만원)", unit="백만원")
    text = ask(backend, "환경정책과 예산 증감액은?", h)
    assert "△1,754백만원" in text, text


# -- years as rows (a transposed table) ---------------------------------------------------------
def test_years_as_rows(backend):
    h = table([["연도", "예산", "결산", "집행률"], ["2023년", "1,000", "950", "95.0%"],
               ["2024년", "1,200", "1,100", "91.7%"]], caption="연도별 집행 현황 (단위: 천원)", unit="천원")
    text = ask(backend, "2024년 결산액은?", h)
    assert "1,100천원" in text and "950" not in text, text
    text = ask(backend, "2023년 집행률은 몇 %야?", h)
    assert "95.0%" in text and "91.7" not in text, text


# -- score tables: 배점 is the most a criterion gives, 득점 what was got -------------------------
def test_score_table_points_got_not_points_available(backend):
    h = table([["평가항목", "배점", "득점"], ["재무건전성", "20", "18"], ["사업성과", "50", "42.5"],
               ["합계", "100", "87.5"]], caption="종합성과평가 결과")
    text = ask(backend, "재무건전성 배점은?", h)
    assert "20점" in text and "18" not in text, text
    text = ask(backend, "사업성과는 몇 점 받았어?", h)
    assert "42.5점" in text and "50" not in text, text


def test_rank_column(backend):
    h = table([["기관", "점수", "순위"], ["가람센터", "91.2", "1"], ["나래센터", "85.0", "2"]],
              caption="기관별 평가 결과")
    text = ask(backend, "나래센터 순위는?", h)
    assert "2위" in text, text
    text = ask(backend, "나래센터 평가 점수는?", h)
    assert "85.0점" in text, text


# -- text dumps: a header of named columns aligned by spaces; a header left in the passage before --
def test_space_aligned_header_of_named_columns(backend):
    text = ("<부서별 평가 결과>\n부서            사업 수    평균 점수    우수    미흡\n"
            "가람국            6         84.1         2       1\n나래국            7         79.2         0       1\n"
            "계               13         81.5         2       2")
    h = Hit(Chunk("x#1", "x.txt", 1, text, [], 0, len(text), kind="table", caption="<부서별 평가 결과>"), 1.0, 1)
    cells = {(c.row_label, c.col_label): c.value for c in candidates_of(h) if c.kind == "cell"}
    assert cells[("나래국", "평균 점수")] == "79.2" and cells[("계", "사업 수")] == "13"
    text = ask(backend, "나래국 평균 점수는?", h)
    assert "79.2점" in text and "84.1" not in text, text


def test_values_are_never_column_names():
    text = "인 건 비   342,800   381,200   38,400\n사 업 비    90,500    98,900    8,400"
    rows = [["인 건 비", "342,800", "381,200", "38,400"], ["사 업 비", "90,500", "98,900", "8,400"]]
    h = Hit(Chunk("y#1", "y.txt", 1, text, [], 0, len(text), kind="table", rows=rows, header_rows=1), 1.0, 1)
    cands = candidates_of(h)
    assert not [c for c in cands if c.kind == "cell"]
    assert {c.row_label for c in cands if c.kind == "row"} == {"인 건 비", "사 업 비"}


def test_caption_unit_is_the_asked_unit(backend):
    from assistant.answering.answer_types import answer_type_match

    h = table([["구분", "2024년"], ["사업비", "362,500"]], caption="연도별 위탁금 (단위: 천원)", unit="천원")
    cell = [c for c in candidates_of(h) if c.kind == "cell"][0]
    assert answer_type_match(backend.frame("2024년 사업비는 얼마야?"), cell) == 1.0
    assert answer_type_match(backend.frame("2024년 사업비는 몇 명이야?"), cell) < 1.0


def test_total_row_does_not_answer_a_question_naming_another_row(backend):
    h = table([["부서", "사업 수", "평균 점수"], ["가람국", "6", "84.1"], ["나래국", "7", "79.2"], ["계", "13", "81.5"]],
              caption="부서별 평가 결과")
    text = ask(backend, "나래국 평균은?", h)
    assert "79.2" in text and "81.5" not in text, text
    text = ask(backend, "전체 평균 점수는?", h)
    assert "81.5" in text, text


def test_total_row_fits_less_when_the_question_names_another_row(backend):
    from assistant.answering import features as F
    from assistant.korean import analyzer as get

    h = table([["부서", "사업 수", "평균 점수"], ["가람국", "6", "84.1"], ["나래국", "7", "79.2"], ["계", "13", "81.5"]])
    total = [c for c in candidates_of(h) if c.kind == "cell" and c.row_label == "계"][0]
    assert F.row_fit(backend.frame("나래국 평균 점수는?"), total, get().tokens) < 1.0
    assert F.row_fit(backend.frame("전체 평균 점수는?"), total, get().tokens) == 1.0
