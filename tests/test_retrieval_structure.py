"""Retrieval mechanisms that read statute structure: definition items, 부칙 vs 별표."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.models import Chunk
from assistant.retrieval import asks_appendix, defined_term, defines, is_appendix

from .index_helpers import indexed_files

FRONT = "---\n제목: {title}\n법령구분: 법률\n소관부처:\n- 행정안전부\n시행일자: 2025-01-01\n---\n\n# {title}\n\n"


def _statute() -> str:
    """A law whose 정의 article is long (split into several chunks) and whose other articles
    repeat the defined term many times — the shape in which BM25 buries the definition."""
    items = [
        f'  {i}\\. "보조용어{i}"이란 이 법에 따른 사업을 수행하기 위하여 필요한 시설과 장비 및 그 밖의 '
        f"부대설비를 설치하고 관리하는 일련의 행위 중 대통령령으로 정하는 것을 말한다."
        for i in range(1, 22)
    ]
    # in the middle of the list: lands in a long middle chunk of the split article
    items.insert(10, '  11\\. "녹음공간"이란 주민의 휴식을 위하여 나무와 풀을 심어 가꾼 곳을 말한다.')
    body = "\n".join(items)
    articles = "\n\n".join(
        f"##### 제{n}조 (녹음공간의 {name})\n\n**①** 시장은 녹음공간을 {name}하여야 한다. 녹음공간의 {name}에 "
        f"필요한 사항은 녹음공간 {name} 계획으로 정하고, 녹음공간마다 관리인을 둔다."
        for n, name in ((3, "조성"), (4, "관리"), (5, "점검"), (6, "보수"), (7, "개방"))
    )
    return (
        FRONT.format(title="도시녹화 기본법")
        + "##### 제1조 (목적)\n\n이 법은 도시녹화에 관한 사항을 정한다.\n\n"
        + "##### 제2조 (정의)\n\n이 법에서 사용하는 용어의 뜻은 다음과 같다.\n\n" + body + "\n\n"
        + articles + "\n\n"
        + "## 부칙\n\n부칙 <제1호,2025.1.1>\n\n이 법은 2025년 1월 1일부터 시행한다.\n\n"
        + "[별표 1] 녹음공간 관리 수수료(제4조 관련)\n\n"
        + "| 구분 | 면적 | 수수료 |\n| --- | --- | --- |\n| 소형 | 1천제곱미터 미만 | 5만원 |\n"
        + "| 대형 | 1천제곱미터 이상 | 12만원 |\n"
    )


@pytest.fixture(scope="module")
def statute_assistant(tmp_path_factory):
    from assistant.pipeline import Assistant

    files = {"도시녹화기본법_법률.md": _statute()}
    for i, topic in enumerate(("하천", "도로", "주차장", "공원묘지", "체육시설")):
        # other laws: give the terms of the question their rarity
        files[f"시험법{i}_법률.md"] = (
            FRONT.format(title=f"{topic} 관리법") + f"##### 제1조 (목적)\n\n이 법은 {topic}의 관리에 관한 사항을 정한다.\n\n"
            + f"##### 제2조 (정의)\n\n이 법에서 사용하는 용어의 뜻은 다음과 같다.\n\n  1\\. \"{topic}\"이란 시장이 지정한 곳을 말한다.\n")
    a = Assistant(indexed_files(tmp_path_factory.mktemp("statute"), files))
    yield a
    a.index.close()


def test_definition_question_finds_the_defining_item(statute_assistant):
    hits = statute_assistant.search("도시녹화 기본법에서 '녹음공간'의 뜻은?", 5)
    assert '"녹음공간"이란' in hits[0].chunk.text


def test_definition_item_is_deep_in_a_split_article(statute_assistant):
    # guards the test above: the defining item is not the 정의 article's first chunk, and plain
    # BM25 does not put it first
    chunks = statute_assistant.index.all_chunks()
    defining = [c for c in chunks if '"녹음공간"이란' in c.text]
    tokens = statute_assistant.analyzer.tokens("도시녹화 기본법에서 '녹음공간'의 뜻은?")
    first = statute_assistant.index.lexical.search(tokens, 1)[0][0]
    assert first != defining[0].chunk_id


def test_schedule_after_appendix_is_not_demoted(statute_assistant):
    hits = statute_assistant.search("녹음공간 대형 관리 수수료 얼마야?", 5)
    assert "12만원" in hits[0].chunk.text
    assert hits[0].chunk.appendix  # filed under 부칙 by the chunker, ranked as body anyway


def test_defined_term():
    assert defined_term("「도시공원 및 녹지 등에 관한 법률」상 '공원녹지'의 정의는?") == "공원녹지"
    assert defined_term("하도급법에서 '주요 원재료'는 어떻게 정의돼 있나요?") == "주요원재료"
    assert defined_term("다문화가족지원법에서 ‘아동·청소년’은 몇 세 이하야?") == "아동ㆍ청소년"
    assert defined_term("청년이란 뭐야?") == "청년"
    assert defined_term("노인등은 누구를 말하나요?") == "노인등"
    assert defined_term("공원녹지의 뜻은?") == "공원녹지"
    assert defined_term("센터 인원은 몇 명이야?") is None


def _chunk(text: str, **kw) -> Chunk:
    return Chunk("c", "d", 0, text, [], 0, len(text), **kw)


def test_defines():
    assert defines(_chunk('3. "아동ㆍ청소년"이란 24세 이하인 사람을 말한다.'), "아동ㆍ청소년")
    assert defines(_chunk("1. “공원녹지” 란 쾌적한 도시환경을 …"), "공원녹지")
    assert defines(_chunk('"노인등"이라 함은 65세 이상의 노인을 말한다.'), "노인등")
    assert not defines(_chunk("공원녹지의 확충을 위하여 공원녹지기본계획을 수립한다."), "공원녹지")
    assert not defines(_chunk('"도시공원녹지"란 …'), "공원녹지")


def test_is_appendix():
    assert is_appendix(_chunk("이 법은 공포한 날부터 시행한다.", appendix=True))
    assert not is_appendix(_chunk("[별표 1] 수수료(제4조 관련)\n구분 | 금액", appendix=True))
    assert not is_appendix(_chunk("구분 | 금액\n소형 | 5만원", appendix=True, kind="table"))
    assert not is_appendix(_chunk("제3조(조성) 시장은 …"))


def test_asks_appendix():
    assert asks_appendix("제8조의2 개정규정은 언제부터 시행되나?")
    assert asks_appendix("부칙의 경과조치는?")
    assert not asks_appendix("시장이 시행하는 사업은 뭐야?")


def test_fixture_file_is_a_statute(tmp_path: Path):
    assert _statute().startswith("---\n제목: 도시녹화 기본법")
