"""Attribute match in retrieval: a passage naming the asked attribute in its own words."""

from __future__ import annotations

from assistant.korean import analyzer
from assistant.models import Chunk
from assistant.retrieval import asked_attribute, holds_attribute


def _chunk(text: str, section: list[str]) -> Chunk:
    return Chunk("c", "d", 0, text, section, 0, len(text))


def test_asked_attribute_is_the_asked_noun_not_the_kind_of_answer():
    a = analyzer()
    assert "중단" in asked_attribute("정당 보조금 지급이 중단되는 요건은 무엇인가요?", a)
    assert "요건" not in asked_attribute("정당 보조금 지급이 중단되는 요건은 무엇인가요?", a)
    assert "과태료" in asked_attribute("신고하지 않았다면 과태료 상한은 얼마인가?", a)  # 상한 measures it
    # a commencement question asks for 부칙, whatever noun stands before 시행
    assert asked_attribute("개정안의 제8조의2 재기 지원 규정은 언제부터 시행되나?", a) == []


def test_holds_attribute_reads_the_passage_and_its_own_heading_only():
    law = "정당에대한보조금의지급중단및감액에관한규정"
    stop = _chunk("중앙선거관리위원회는 … 다음 연도의 보조금의 지급을 중단한다.", [law, "제3조(보조금의 지급중단)"])
    cut = _chunk("제2조(보조금의 감액)\n① 중앙선거관리위원회는 … 감액하여 지급한다.", [law, "제2조(보조금의 감액)"])
    assert holds_attribute(stop, ["중단"])
    # the document title names 중단 for every passage of it: that is no reason to rank one first
    assert not holds_attribute(cut, ["중단"])
    # the own heading counts even when the text does not repeat it
    result = _chunk("- 채택(본회의에 부의하기로 의결)", ["불광천 청원 심사보고서", "5. 심사 결과"])
    outline = _chunk("- 청원번호 : 제53호", ["불광천 청원 심사보고서", "1. 청원 개요"])
    assert holds_attribute(result, ["심사"]) and not holds_attribute(outline, ["심사"])
    assert not holds_attribute(None, ["심사"]) and not holds_attribute(result, [])
