"""A table answers a figure question as a lookup by row label × column header."""

from __future__ import annotations

import pytest

from assistant.models import Chunk
from assistant.retrieval import row_lookup_share

ROWS = [
    ["사업명", "소관", "2025년 본예산", "2026년 예산안", "증감"],
    ["전기자동차 구매 지원", "기후대기과", "42,350", "38,120", "△4,230"],
    ["수소전기버스 구매 지원", "기후대기과", "18,600", "31,000", "12,400"],
]
TABLE = Chunk("t", "d", 0, "…", ["검토보고서"], 0, 1, kind="table", caption="<표 2> 주요 사업 세출예산안", rows=ROWS)
WEIGHTS = {"수소전기버스": 9.0, "구매": 5.0, "지원": 2.0, "예산안": 6.0, "울산": 9.0}


def test_one_row_and_the_header_hold_the_question():
    # 울산 is in the title every passage carries: left out; the rest sit in one row + the header
    assert row_lookup_share(TABLE, WEIGHTS, shared="울산광역시환경국예산안검토보고서") == pytest.approx(1.0)
    assert row_lookup_share(TABLE, WEIGHTS) == pytest.approx(22 / 31)


def test_no_lookup_without_a_row_naming_what_is_asked():
    prose = Chunk("p", "d", 0, "수소전기버스 구매 지원 2026년 예산안", ["검토보고서"], 0, 1)
    assert row_lookup_share(prose, WEIGHTS) == 0.0  # no table
    assert row_lookup_share(TABLE, {"예산안": 6.0, "소관": 3.0, "청년": 5.0}) == 0.0  # header only
    # a row naming only the question's place is no lookup (every row of a district's report does)
    district = Chunk("n", "d", 0, "…", [], 0, 1, kind="table",
                     rows=[["사무명", "지적건수"], ["노원구청소년수련관", "4"]])
    assert row_lookup_share(district, {"노원구": 8.0, "지적": 5.0}, names={"노원구"}) == 0.0
    # a row of sentences and no figure is text laid out in a grid
    grid = Chunk("g", "d", 0, "…", [], 0, 1, kind="table",
                 rows=[["구분", "주요 내용"], ["주요 성과", "수소전기버스 구매 지원 사업을 통해 대기질이 크게 개선되었음"]])
    assert row_lookup_share(grid, WEIGHTS) == 0.0
