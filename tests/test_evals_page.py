"""The 평가 page, headless: pick a shipped suite, run it, see the summary, chart and failures."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import ROOT


@pytest.fixture()
def page(corpus_settings, monkeypatch):
    from assistant.ui.state import get_assistant

    monkeypatch.setenv("COUNCIL_ASSISTANT_INDEX", str(corpus_settings.index_dir))
    monkeypatch.setenv("COUNCIL_ASSISTANT_CORPUS", str(corpus_settings.corpus_dir))
    get_assistant.clear()  # another test may have cached an assistant on another index
    at = AppTest.from_file(str(ROOT / "pages" / "2_평가.py"), default_timeout=120)
    at.run()
    assert not at.exception
    yield at
    get_assistant.clear()


def test_run_shipped_suite_shows_summary_chart_and_failures(page):
    suites = page.selectbox(key="eval_suite")
    assert {"core.jsonl", "rules.jsonl", "unanswerable.jsonl", "heldout.jsonl"} <= set(suites.options)
    assert not page.metric  # nothing before a run
    suites.select("unanswerable.jsonl").run()
    assert any("20문항" in c.value for c in page.caption)
    page.button(key="eval_run").click().run()
    assert not page.exception
    assert page.subheader[0].value.startswith("요약 — unanswerable.jsonl (20문항")
    labels = [m.label for m in page.metric]
    assert labels[:2] == ["통과율", "recall@5"] and page.metric[0].value.endswith("%")
    assert len(page.dataframe) == 1
    assert page.get("arrow_vega_lite_chart") or page.get("vega_lite_chart")  # the chart by kind
    failing = page.subheader[1].value
    assert failing.startswith("실패 항목")
    n_failing = int(failing.split()[2].rstrip("건"))
    assert len(page.expander) == n_failing
    assert len(page.get("download_button")) == 3


def test_failing_items_side_by_side_and_kind_filter(page, tmp_path, monkeypatch):
    import json

    import assistant.ui.evals_page as evals_page

    items = [
        {"id": "ok", "question": "2024년 전자상거래센터 민간위탁금은 얼마인가요?", "kind": "table", "answer": "533,478천원",
         "must_match": [r"533,?478"], "sources": [{"doc": "000_676e27cb4d6cfd79.txt", "quote": "533,478천원"}]},
        {"id": "never", "question": "수탁기관 어디야", "kind": "fact", "answer": "-", "must_match": ["절대 나오지 않을 말"],
         "sources": [{"doc": "000_676e27cb4d6cfd79.txt", "quote": "(사)한국소비자연맹"}]},
    ]
    (tmp_path / "tiny.jsonl").write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), encoding="utf-8")
    monkeypatch.setattr(evals_page, "EVALS_DIR", tmp_path)
    page.run()
    assert page.selectbox(key="eval_suite").options == ["tiny.jsonl"]
    page.button(key="eval_run").click().run()
    assert page.metric[0].value == "50.0%"
    assert [e.label for e in page.expander] == ["✘ never · 사실 · 수탁기관 어디야"]
    text = "\n".join(m.value for m in page.markdown)
    assert "정답 근거" in text and "인용" in text and "검색 결과" in text and "<mark>" in text
    page.multiselect(key="eval_kinds").set_value([]).run()
    assert len(page.expander) == 0
