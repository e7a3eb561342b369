"""An act over its own decree only for a rule: a figure, period or date is the decree's detail."""

from __future__ import annotations

import pytest

from assistant.retrieval import rule_asked, wanted_value

from .index_helpers import FILLER_REPORTS, indexed_files

FRONT = "---\n제목: {title}\n법령구분: {kind}\n---\n\n# {title}\n\n"
ACT = (
    "##### 제8조 (숲관리자의 지정)\n\n"
    "**①** 시장ㆍ군수는 마을숲마다 숲관리자를 지정하여 숲의 관리를 맡길 수 있다.\n\n"
    "**②** 숲관리자 지정의 절차와 기간, 그 밖에 필요한 사항은 대통령령으로 정한다.\n\n"
    "##### 제9조 (숲관리자의 의무)\n\n"
    "숲관리자는 마을숲을 깨끗하게 관리하여야 한다.\n"
)
DECREE = (
    "##### 제5조 (지정 절차)\n\n"
    "법 제8조제1항에 따른 숲관리자의 지정은 신청을 받은 날부터 2개월 이내에 끝내야 한다.\n\n"
    "##### 제6조 (관리 기록)\n\n"
    "시장ㆍ군수는 관리 기록을 보관한다.\n"
)


def test_rule_asked():
    rule = "숲관리자는 누가 지정해?"
    assert rule_asked(rule, [], wanted_value(rule))
    deadline = "숲관리자 지정은 언제까지 해야 돼?"
    assert not rule_asked(deadline, [], wanted_value(deadline))
    assert not rule_asked(rule, ["마을숲조성법"], None)  # a named law decides
    assert not rule_asked("시행령상 숲관리자는 누가 지정해?", [], None)


@pytest.fixture(scope="module")
def garden(tmp_path_factory):
    from assistant.pipeline import Assistant

    settings = indexed_files(tmp_path_factory.mktemp("decree"), {
        "마을숲조성법_법률.md": FRONT.format(title="마을숲 조성법", kind="법률") + ACT,
        "마을숲조성법_시행령.md": FRONT.format(title="마을숲 조성법 시행령", kind="대통령령") + DECREE,
        **FILLER_REPORTS,
    })
    a = Assistant(settings)
    yield a
    a.index.close()


def test_a_period_question_reaches_the_decree_article(garden):
    # the act's article names the subject and leaves the period to the decree; before, the act's
    # prior and a deadline read only as a date or a count of days put the act first
    hits = garden.search("숲관리자 지정은 언제까지 해야 돼?", 3)
    assert "2개월 이내" in hits[0].chunk.text

