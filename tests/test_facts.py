"""Facts tables from the corpus: values with the exact line they came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.facts import extract_facts
from assistant.loaders import load_document
from assistant.rules import achievement_rate

ROOT = Path(__file__).resolve().parent.parent
REPORT = "000_676e27cb4d6cfd79.txt"
EVAL_RESULTS = "004_984b758faf68b4cd.txt"

# Another report with the same kinds of tables but other wording, other numbers, another center.
OTHER_REPORT = """
서울특별시 청년활동지원센터 운영 민간위탁 동의안

검 토 보 고

Ⅰ. 회부경위

1. 의안번호 : 제1234호

3. 제출일자 : 2023년 05월 10일

Ⅲ. 주요내용

 가. 위탁사무명 : 서울특별시 청년활동지원센터 운영(시설형)

 라. 민간위탁기간 : 3년(2024.1.1.~2026.12.31.)

 바. 소요예산 및 산출근거 : 1,250백만원(’24년 예산(안))

Ⅴ. 검토의견

2. 운영 현황

∎수탁기관: (재)청년재단(이사장: 홍길동)

∎위탁기간: 2021.1.1. ~ 2023.12.31.(3년)

∎ 연도별 민간위탁금

연  도 2021년 2022년 2023년

합  계 1,100,000천원 1,150,500천원 1,201,000천원

< 청년활동지원센터 위탁 연혁 >

수탁기간 계약기간 수탁자 선정 방법 종합성과평가 점수 평가주관
’15. 1월~’17.12월 3년 (재)청년재단 공개모집 81.2점 청년정책과
’18. 1월~’20.12월 3년 〃 재계약 77.9점 청년정책과
’21. 1월~’23.12월 3년 〃 재계약 72.5점 청년정책과

< 청년 상담 및 연계 현황 >

구   분 2021년 2022년 2023년
총   계 5,000 5,500 6,100
상담 3,000 3,200 3,600
연계 2,000 2,300 2,500

< 연도별 성과지표 대비 실적 >

성과지표 단위 구분 2021년 2022년 2023년
청년 참여자 만족도
점
목표치 80.0 82.0 84.0
실적치 83.0 80.5 86.1
달성도 103.75 98.17 102.50

 ◦ 한편 최근 종합성과평가 결과(72.5점)는 재계약 배제 기준에 미달하여 서울시는 공개모집으로 

재위탁을 추진하고자 함.
"""


def _chunks(*names: str):
    out = []
    for n in names:
        out += chunk_document(load_document(ROOT / "corpus" / n))
    return out


@pytest.fixture(scope="module")
def facts():
    return extract_facts(_chunks(REPORT, EVAL_RESULTS))


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    p = tmp_path_factory.mktemp("other") / "youth_center_report.txt"
    p.write_text(OTHER_REPORT, encoding="utf-8")
    return extract_facts(chunk_document(load_document(p)))


def test_every_fact_quotes_its_chunk_exactly(facts, other):
    for F in (facts, other):
        assert F.facts
        for f in F.facts:
            chunk = F.chunk(f.chunk_id)
            assert chunk.doc_id == f.doc
            assert chunk.text[f.lo:f.hi] == f.quote
            if f.header is not None:
                assert chunk.text[f.header_lo:f.header_hi] == f.header


def test_service_and_fields(facts):
    assert facts.services == ["서울특별시 전자상거래센터 운영"]
    assert facts.match_service("전자상거래센터 수탁기관은?") == "서울특별시 전자상거래센터 운영"
    assert facts.match_service("소셜벤처허브센터") is None
    assert facts.match_service("한국소비자연맹은 재계약 대상인가?") == "서울특별시 전자상거래센터 운영"
    assert facts.unknown_service("마포자원회수시설은 재계약 가능?") == "마포자원회수시설"
    assert facts.unknown_service("전자상거래센터는?") is None
    contractor = facts.field("수탁기관")
    assert "한국소비자연맹" in contractor.value and contractor.quote in facts.chunk(contractor.chunk_id).text
    assert facts.field("위탁기간").value.startswith("2022.1.1.")


def test_latest_eval_score_is_the_sentence_with_its_quote(facts):
    f = facts.latest_eval_score("서울특별시 전자상거래센터 운영")
    assert f.value == 83.44 and f.raw == "83.44점" and f.year == 2024
    assert "종합성과평가(83.44점)" in f.quote
    assert f.doc == REPORT
    # the contract-history table's rounded score for the same period corroborates it
    assert [x.value for x in f.extra["corroborated_by"]] == [83.4]
    assert facts.latest_eval_score() is f or facts.latest_eval_score().value == 83.44


def test_eval_history_from_table_and_sentences(facts):
    hist = facts.eval_history()
    table = [f for f in hist if f.extra["source"] == "표"]
    assert [f.value for f in table] == [86.0, 94.8, 92.5, 87.0, 90.5, 87.8, 88.4, 88.2, 90.4, 80.4, 83.4]
    assert table[-1].period == "’22. 1월~’24.12월" and table[-1].year == 2024
    assert table[1].extra["method"] == "재계약" and table[2].extra["method"] == "재계약"  # 〃 carried down
    assert table[-2].extra["method"].startswith("재위탁")
    sentences = {(f.value, f.year) for f in hist if f.extra["source"] == "본문"}
    assert sentences == {(83.44, 2024), (80.4, 2021)}
    df = facts.eval_scores
    assert {"doc", "chunk_id", "quote", "value", "year"} <= set(df.columns) and len(df) == 13


def test_thresholds_and_averages_are_not_scores(facts):
    # "75점 미만 재계약 배제", "평균 79.05점" in the 2023 evaluation results are not any service's score
    assert not [f for f in facts.eval_history() if f.doc == EVAL_RESULTS]


def test_budget_per_year(facts):
    f = facts.lookup("민간위탁금", 2024)
    assert f.value == 533478 and f.unit == "천원" and f.raw == "533,478천원"
    assert "533,478천원" in f.quote and "2024년" in f.header
    assert [(x.year, x.value) for x in facts.series("민간위탁금")] == [(2022, 519778), (2023, 523783), (2024, 533478)]
    proposed = facts.lookup("소요예산", 2025)
    assert proposed.value == 637 and proposed.unit == "백만원"
    assert set(facts.budget["year"]) == {2022, 2023, 2024, 2025}


def test_kpi_rows(facts):
    row = facts.kpi("모니터링 달성도", 2023)
    assert row["달성도"].value == 96.46 and row["목표치"].value == 84.8 and row["실적치"].value == 81.8
    assert row["달성도"].quote == "달성도 92.03 96.46 35.27"
    assert row["달성도"].extra["indicator_name"].endswith("모니터링 달성률")
    assert facts.lookup("모니터링 달성도", 2023).value == 96.46
    partial = facts.kpi("모니터링", 2024)["실적치"]
    assert partial.partial and partial.period == "’24.6월"


def test_kpi_grouping_is_right_everywhere(facts, other):
    """For every indicator and year, 실적치 ÷ 목표치 reproduces the table's own 달성도 —
    including the indicator whose 달성도 row continues in the table's '(계속)' chunk."""
    for F, n_expected in ((facts, 5 * 3), (other, 3)):
        groups = {}
        for f in F.facts:
            if f.kind == "kpi":
                groups.setdefault((f.group, f.year), {})[f.label] = f
        complete = [g for g in groups.values() if {"목표치", "실적치", "달성도"} <= set(g)]
        assert len(complete) == n_expected
        for g in complete:
            assert achievement_rate(g["실적치"].value, g["목표치"].value)["value"] == g["달성도"].value


def test_counts_table(facts):
    assert facts.lookup("상담 총계", 2023).value == 6460
    sub = facts.lookup("피해구제 소계", 2023)
    assert sub.value == 3276 and sub.group == "피해구제"
    counts = facts.counts
    assert len(counts) == 9 * 3 and set(counts["year"]) == {2022, 2023, 2024}
    assert facts.lookup("피해주의보 발령", 2023).value == 6  # label on the line above its values


def test_other_center_report_works_the_same(other):
    assert other.services == ["서울특별시 청년활동지원센터 운영"]
    latest = other.latest_eval_score()
    assert latest.value == 72.5 and latest.year == 2023
    assert [f.value for f in other.eval_history() if f.extra["source"] == "표"] == [81.2, 77.9, 72.5]
    assert other.lookup("민간위탁금", 2022).value == 1150500
    assert other.lookup("소요예산", 2024).value == 1250
    assert other.lookup("상담", 2023).value == 3600
    row = other.kpi("만족도", 2022)
    assert row["달성도"].value == 98.17 and row["목표치"].unit == "점"
    assert "청년재단" in other.field("수탁기관").value


def test_service_from_the_title_when_no_field_names_it(tmp_path):
    p = tmp_path / "labor.txt"
    p.write_text("서울시 노동권익센터 민간위탁 변경 동의안\n\n검 토 보 고\n\nⅤ. 검토의견\n\n"
                 " ◦ 2024년 종합성과평가(78.1점) 결과 등을 고려하여 재계약을 추진하고자 함.\n", encoding="utf-8")
    doc = load_document(p)
    F = extract_facts(chunk_document(doc), [doc])
    assert F.services == ["서울시 노동권익센터"]
    f = F.latest_eval_score("서울시 노동권익센터")
    assert (f.value, f.year, f.extra["year_inferred"]) == (78.1, 2024, False)


def test_chunks_holding_ignores_whitespace_and_never_joins_two_chunks():
    from assistant.facts import Facts
    from assistant.models import Chunk

    def chunk(i: int, text: str) -> Chunk:
        return Chunk(f"c{i}", "d", i, text, [], 0, len(text))

    cs = [chunk(0, "재계약 배제 및\n공개모집"), chunk(1, "공개모집 공개모집"), chunk(2, "평가 결과 75점"),
          chunk(3, "미만은 재계약 배제")]
    f = Facts([], cs, {})
    assert [c.chunk_id for c in f.chunks_holding("공개 모집")] == ["c0", "c1"]  # each chunk once, in order
    assert [c.chunk_id for c in f.chunks_holding("재계약배제")] == ["c0", "c3"]
    assert f.chunks_holding("75점 미만은") == []  # the end of one chunk + the start of the next
    assert f.chunks_holding("없는 구절") == []


def test_a_named_facility_is_not_matched_through_a_shared_place_word(tmp_path):
    # "마포" is a word of the known service, but the question names another facility outright
    p = tmp_path / "mapo.txt"
    p.write_text("마포구 청년일자리지원센터 민간위탁 동의안\n\n ◦ 2024년 종합성과평가(78.3점) 결과 재계약을 추진함.\n",
                 encoding="utf-8")
    doc = load_document(p)
    F = extract_facts(chunk_document(doc), [doc])
    assert F.match_service("마포구 청년일자리지원센터 재계약 가능해?") == F.services[0]
    assert F.match_service("동물복지지원센터(마포) 현 수탁기관이랑 재계약할 수 있어?") is None
    assert F.unknown_service("동물복지지원센터(마포) 재계약할 수 있어?") == "동물복지지원센터"
