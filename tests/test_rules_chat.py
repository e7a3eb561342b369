"""Rule and calculation questions end to end — through Assistant.ask, the path the chat and
`ask --json` use: verdict first, a 근거 block, tool_calls with structured results, every number
either in a cited passage or in the tool result."""

import pytest

from assistant.grounding import numbers_in


def ask(assistant, q):
    ans = assistant.ask(q)
    assert not ans.refused, ans.answer
    cited = set().union(*(numbers_in(c.text) for c in ans.citations)) if ans.citations else set()
    tool = set().union(*(numbers_in(str(t.result) + " " + str(t.args)) for t in ans.tool_calls))
    assert numbers_in(ans.answer) <= cited | tool, "a number from nowhere"
    return ans


def result(ans, name):
    return next(t.result for t in ans.tool_calls if t.name == name)


def test_real_case_not_excluded_but_city_chose_open_recruitment(assistant):
    ans = ask(assistant, "전자상거래센터 수탁기관은 재계약 가능한가?")
    r = result(ans, "recontract_eligibility")
    assert r["recontract_allowed"] is True and "①" not in r.get("excluded_by", [])
    assert "83.44" in ans.answer and "근거" in ans.answer
    quotes = " ".join(c.quote for c in ans.citations)
    assert "83.44" in quotes and "관성적" in " ".join(c.text for c in ans.citations)  # both cited


@pytest.mark.parametrize(
    "question, excluded_by",
    [
        ("종합성과평가 72점이면 재계약 가능해?", "①"),
        ("적격자심의위원회 68점이면?", "②"),
        ("같은 지적사항을 3번 시정 안 했으면 재계약 돼?", "③"),
    ],
)
def test_exclusions(assistant, question, excluded_by):
    ans = ask(assistant, question)
    r = result(ans, "recontract_eligibility")
    assert r["recontract_allowed"] is False and excluded_by in r["excluded_by"]
    assert ans.answer.index("재계약") < ans.answer.index("근거")  # verdict first, then the working
    assert any("75점 미만" in c.quote or "70점 미만" in c.quote or "3회 이상" in c.quote for c in ans.citations)


def test_two_findings_is_not_exclusion_by_3(assistant):
    r = result(ask(assistant, "같은 지적사항을 2번 시정 안 했으면 재계약 배제야?"), "recontract_eligibility")
    assert "③" not in r.get("excluded_by", [])


def test_reentrust_needs_council_consent_under_article_4_3(assistant):
    ans = ask(assistant, "재위탁인데 의회 동의가 필요한가?")
    r = result(ans, "council_consent_required")
    assert r["consent_required"] is True and "제4조의3" in ans.answer
    assert any("재위탁을 하는 경우에는" in c.quote for c in ans.citations)


def test_monitoring_achievement_2023(assistant):
    ans = ask(assistant, "2023년 모니터링 달성도는?")
    assert "96.46" in ans.answer
    assert any(abs(t.result.get("value", 0) - 96.46) < 0.01 for t in ans.tool_calls)


def test_tool_calls_in_ask_json(assistant):
    data = assistant.ask("종합성과평가 72점이면 재계약 가능해?").to_json()
    call = data["tool_calls"][0]
    assert {"name", "args", "result", "citations"} <= set(call)
    assert call["args"]["eval_score"] == 72 and call["citations"]


def test_rule_answer_in_the_chat_shows_the_tool(corpus_settings, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from .conftest import ROOT

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(corpus_settings.index_dir))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    at.chat_input[0].set_value("종합성과평가 72점이면 재계약 가능해?").run()
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "재계약 배제 대상" in text and "근거" in text
    assert any("recontract_eligibility" in e.label for e in at.expander)
