"""Field match in retrieval: a passage stating the asked attribute as a "label : value" line."""

from __future__ import annotations

from assistant.korean import analyzer
from assistant.models import Chunk
from assistant.retrieval import field_labels, states_asked_field


def _chunk(text: str) -> Chunk:
    return Chunk("c", "d", 0, text, [], 0, len(text))


def test_field_labels_leave_list_markers_out():
    text = "다. 위탁기간 : 2026. 1. 1. ~ 2028. 12. 31.\n- 평가기관 : 외부 전문기관\n인 원 : 센터장 포함 7명\n회의는 10:30 시작"
    assert field_labels(text) == ["위탁기간", "평가기관", "인 원"]


def test_states_the_asked_field():
    a = analyzer()
    fields = _chunk("가. 점검 기간 : 2024. 10. 7. ~ 11. 29.\n나. 점검 대상 : 12개 사무")
    asked = set(a.tokens("노원구 2024년 하반기 민간위탁 지도점검 기간은?"))
    assert states_asked_field(fields, asked, a)
    # the same words in prose are no field; a field about something else is not the asked one
    prose = _chunk("점검 기간 중 12개 사무를 점검하였다.\n- 보고일 : 2025. 1. 14.")
    assert not states_asked_field(prose, asked, a)
    who = set(a.tokens("2023년 제3차 종합성과평가는 어느 기관이 평가했어?"))
    assert states_asked_field(_chunk("- 평가기관 : 외부 전문기관(재단법인 한국산업관계연구원)"), who, a)
    assert not states_asked_field(None, who, a) and not states_asked_field(fields, set(), a)
