"""Calculations whose inputs the documents hold outside the facts tables (issue 9, compute kind):
a table's cells (Chunk.rows) with a total row or none, figures listed in one sentence, an amount
stated for two years in two sentences, and a fee table cell under a reduction rule.

Small documents written here go through the real loader and chunker; `search` is a plain
keyword-overlap ranker so the tests do not depend on the retriever's tuning.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.facts import extract_facts, is_total_label, table_view, words
from assistant.loaders import load_document
from assistant.models import Hit
from assistant.rules import calc, load_rules
from assistant.toolrouter import propose, ungrounded_numbers

LIBRARY = """가나구 구립도서관 3개관 운영 민간위탁 검토보고서

□ 도서관별 현황
<도서관별 운영 현황>
도서관     개관연도   인원(명)   2024년 위탁금(천원)
동쪽도서관   2003      14         1,000,000
서쪽도서관   2011      9           600,000
남쪽도서관   2016      7           400,000

○ 2024년 위탁금 중 인건비 비중은 동쪽도서관 71.2%임.
"""

BUDGET = """# 2025년도 성북구 세출예산 사업명세서(복지과)

## 1. 단위사업별 예산 총괄

<표 1> 단위사업별 세출예산 (단위: 천원)

| 단위사업 | 2024년 예산 | 2025년 예산 | 증감 |
|---|---|---|---|
| 기초연금 지급 | 30,000 | 40,000 | 10,000 |
| 경로당 운영 | 5,000 | 6,000 | 1,000 |
| 복지관 운영 | 3,000 | 4,000 | 1,000 |
| 부서 계 | 38,000 | 50,000 | 12,000 |

## 2. 쉼터 현황

○ 올해 무더위쉼터는 1,000곳으로 늘었다.
○ 유형별로는 경로당 600곳, 주민센터 250곳, 도서관 150곳이다.

## 3. 결산

◯기획예산과장(홍길동) : 2024회계연도 일반회계 세입 결산액은 100억원입니다. 세출 불용액은 30억 2,000만원으로 예산현액 대비 3.0%입니다.
◯위원 : 늘었습니까?
◯기획예산과장(홍길동) : 2023회계연도 불용액은 25억 5,000만원이었습니다.
"""

FEES = """가나시 공공자전거 이용 조례 시행규칙

제4조(이용요금의 감면)
① 다음 각 호의 어느 하나에 해당하는 사람에게는 정기권 이용요금의 100분의 50을 감면한다.
1. 「장애인복지법」에 따른 장애인
2. 「국민기초생활 보장법」에 따른 수급자
② 만 15세 이상 만 18세 이하인 청소년에게는 일일권 이용요금의 100분의 30을 감면한다.

[별표 1] 공공자전거 이용요금
구분\t종류\t1시간 이용\t2시간 이용
일일권\t1일\t1,000원\t2,000원
정기권\t30일\t5,000원\t7,000원
정기권\t365일\t30,000원\t40,000원
비고 : 정기권 이용자도 기본 이용시간을 넘기면 추가요금을 낸다.

[별표 2] 분실·파손 변상금
구분\t변상금
자전거 분실\t250,000원
단말기 파손\t90,000원
"""


def keyword_search(chunks):
    def search(query: str, k: int) -> list[Hit]:
        ws = set(words(query))
        scored = [(sum(1 for w in ws if w in c.text or w in " ".join(c.section)), c) for c in chunks]
        scored = sorted((x for x in scored if x[0] > 0), key=lambda x: -x[0])[:k]
        return [Hit(c, float(s), i) for i, (s, c) in enumerate(scored)]
    return search


def tool_env(folder: Path, docs: tuple[tuple[str, str], ...]):
    """(search, facts, rules) over invented documents written to `folder`, through the real loader
    and chunker."""
    chunks = []
    for name, text in docs:
        p = Path(folder / name)
        p.write_text(text, encoding="utf-8")
        chunks += chunk_document(load_document(p))
    return keyword_search(chunks), extract_facts(chunks), load_rules()


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    return tool_env(tmp_path_factory.mktemp("docs"), (("library.txt", LIBRARY), ("budget.md", BUDGET), ("fees.txt", FEES)))


def ask(env, q):
    search, facts, rules = env
    p = propose(q, search, facts, rules)
    return None if p is None else p.draft


def check(d):
    """The Draft contract: exact quotes, markers that resolve, every number grounded, verdict first."""
    assert d is not None and d.evidence
    for e in d.evidence:
        assert e.chunk.text[e.lo:e.hi] == e.quote and e.quote
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", d.text)}
    assert markers and markers <= set(range(1, len(d.evidence) + 1))
    assert ungrounded_numbers(d) == []
    assert d.text.partition("\n\n")[2].startswith("근거")
    return d


def call(d, name):
    return next(c for c in d.tool_calls if c.name == name)


# ---- the arithmetic -------------------------------------------------------------------------------

def test_korean_amounts_read_and_written_in_place_units():
    assert calc.korean_amount("296억 5,800만원") == Decimal(29_658_000_000)
    assert calc.korean_amount("54억원") == Decimal(5_400_000_000)
    assert calc.korean_amount("1,271,500천원") == Decimal(1_271_500_000)
    assert calc.korean_won(5_465_000_000) == "54억 6,500만원"
    assert calc.korean_won(3000) == "3,000원"
    assert calc.korean_won(-100_000_000) == "-1억원"
    with pytest.raises(ValueError):
        calc.korean_amount("296억인데")
    ch = calc.amount_change(calc.korean_amount("241억 9,300만원"), calc.korean_amount("296억 5,800만원"))
    assert ch["display"] == "54억 6,500만원" and ch["formula"].endswith("= 54억 6,500만원")


def test_total_and_discount():
    t = calc.total_of([("경로당", 2874), ("주민센터", 425), ("금융기관", 318), ("도서관", 206), ("기타", 437)])
    assert t["value"] == 4260 and t["formula"] == "2,874 + 425 + 318 + 206 + 437 = 4,260"
    with pytest.raises(ValueError):
        calc.total_of([("a", 1)])
    assert calc.discounted(30000, 50)["display"] == "15,000"
    assert calc.discounted(1000, 30)["value"] == 700
    with pytest.raises(ValueError):
        calc.discounted(1000, 150)


def test_total_labels():
    assert all(is_total_label(x) for x in ("합계", "합  계", "총계", "계", "부서 계", "어르신복지과 계"))
    assert not any(is_total_label(x) for x in ("회계", "설계", "기초연금 지급", "체계 개선"))


def test_table_view_reads_header_and_row_lines(env):
    _, facts, _ = env
    t = next(v for v in map(table_view, facts.chunk_list) if v is not None and "부서 계" in v.chunk.text)
    assert t.columns == ["단위사업", "2024년 예산", "2025년 예산", "증감"]
    assert t.label(3) == "부서 계" and t.number(0, 2) == (40000.0, "")
    lo, hi = t.spans[0]  # type: ignore[misc]
    assert t.chunk.text[lo:hi] == "| 기초연금 지급 | 30,000 | 40,000 | 10,000 |"


# ---- shares -------------------------------------------------------------------------------------

def test_share_over_the_sum_of_a_column_without_a_total_row(env):
    d = check(ask(env, "가나구 도서관 3개관의 2024년 위탁금 중 동쪽도서관이 차지하는 비중은?"))
    assert call(d, "share").result["value"] == 50.0
    assert call(d, "total_of").result["value"] == 2_000_000  # 1,000,000 + 600,000 + 400,000
    assert "50.00%" in d.text.split("\n")[0]


def test_share_over_a_total_row_with_another_label(env):
    d = check(ask(env, "성북구 복지과 2025년 예산에서 기초연금이 차지하는 비중은?"))
    share = call(d, "share")
    assert share.args["total"] == 50000 and share.args["column"] == "2025년 예산"
    assert share.result["value"] == 80.0 and "부서 계" in d.text


@pytest.mark.parametrize("q", [
    "성북구 복지과 2023년 예산에서 기초연금이 차지하는 비중은?",  # no 2023 column: not another year's
    "성북구 복지과 예산에서 기초연금이 차지하는 비중은?",  # two year columns, no year asked
    "강남구 2025년 예산에서 기초연금이 차지하는 비중은?",  # another district: not this document's numbers
    "성북구 2025년 예산에서 장애인연금이 차지하는 비중은?",  # no such row
])
def test_share_needs_every_input_from_the_library(env, q):
    assert ask(env, q) is None


def test_a_row_named_in_several_words(env):
    """'운영' is in two rows; the question names one of them in full."""
    d = check(ask(env, "성북구 복지과 2024년 예산에서 경로당 운영이 차지하는 비중은?"))
    assert call(d, "share").args["part"] == 5000 and call(d, "share").result["value"] == 13.16


def test_share_of_figures_listed_in_one_sentence(env):
    d = check(ask(env, "성북구 무더위쉼터 중 경로당 비중은?"))
    assert call(d, "total_of").result["value"] == 1000  # 600 + 250 + 150
    assert call(d, "share").result["value"] == 60.0
    assert "1,000곳" in d.text  # the document's own total is cited beside the sum
    assert ask(env, "성북구 무더위쉼터 중 복지관 비중은?") is None  # not among the listed figures


# ---- an amount stated for two years -------------------------------------------------------------

def test_increase_of_an_amount_stated_in_two_sentences(env):
    d = check(ask(env, "성북구 2024회계연도 세출 불용액은 전년도보다 얼마나 늘었나?"))
    ch = call(d, "amount_change")
    assert ch.result["display"] == "4억 7,000만원"
    assert ch.args["before"] == "25억 5,000만원" and ch.args["after"] == "30억 2,000만원"
    assert "4억 7,000만원 증가" in d.text.split("\n")[0]


def test_no_change_when_a_year_is_missing(env):
    assert ask(env, "성북구 2025회계연도 세출 불용액은 전년도보다 얼마나 늘었나?") is None


# ---- a fee under a reduction rule ---------------------------------------------------------------

def test_discounted_fee_from_the_table_and_the_rule(env):
    d = check(ask(env, "장애인이 공공자전거 365일 1시간 정기권을 사면 얼마 내야 돼?"))
    c = call(d, "discounted")
    assert c.args["fee"] == 30000 and c.args["rate_percent"] == 50 and c.result["display"] == "15,000"
    assert "100분의 50" in " ".join(e.quote for e in d.evidence)


@pytest.mark.parametrize("q", [
    "청소년이 공공자전거 365일 1시간 정기권을 사면 얼마 내야 돼?",  # its reduction is for 일일권
    "공공자전거 365일 1시간 정기권 요금은 얼마야?",  # nobody named: the table answers (retrieval)
    "장애인은 공공자전거 정기권 감면율이 얼마야?",  # asks the rate, not a fee
    "장애인이 공공자전거 정기권을 사면 얼마 내야 돼?",  # which 정기권? the row is not named
    "장애인이 공공자전거 분실하면 변상금 얼마 내야 돼?",  # the rule reduces 정기권 fees, not a 변상금
])
def test_no_discount_unless_the_rule_and_the_cell_fit(env, q):
    assert ask(env, q) is None
