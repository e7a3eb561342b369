"""A report in another layout than the seeds (numbered headings, "○" bullets, a tab-separated
table with a "[표 1] … (단위: 건)" caption, dotted dates): the same pipeline must answer it."""

import shutil
from pathlib import Path

import pytest

from assistant.ingest import ingest
from assistant.pipeline import Assistant
from assistant.settings import load_settings

FIXTURE = Path(__file__).parent / "fixtures" / "other_layout_report.txt"


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    root = tmp_path_factory.mktemp("other")
    (root / "corpus").mkdir()
    shutil.copy(FIXTURE, root / "corpus" / FIXTURE.name)
    settings = load_settings(env={}, index_dir=root / "index", corpus_dir=root / "corpus")
    assert not ingest([root / "corpus"], settings).errors
    return Assistant(settings)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("청소년상담복지센터 수탁기관은?", "(재)서울청소년재단"),
        ("2022년 집단상담 건수는?", "1,330"),
        ("긴급구조 실적 추이", "2023년 121"),
        ("2025년 소요예산은?", "1,245백만원"),
        ("센터 상담인력은 몇 명?", "24명"),
        ("위탁기간 언제까지야?", "2028. 3. 31."),
    ],
)
def test_answers_from_another_layout(other, question, expected):
    ans = other.ask(question)
    assert not ans.refused and expected in ans.answer, ans.answer
    assert ans.citations and ans.citations[0].doc == FIXTURE.name


def test_table_caption_and_section(other):
    table = next(c for c in other.index.all_chunks() if c.kind == "table")
    assert table.caption.startswith("[표 1] 연도별 상담 실적")
    assert table.section == ["3. 검토의견", "가. 운영 현황"]


def test_refuses_what_this_report_does_not_say(other):
    assert other.ask("2024년 집단상담 건수는?").refused
    assert other.ask("센터장 이름이 뭐야?").refused
