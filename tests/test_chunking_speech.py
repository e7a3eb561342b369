"""Minutes: a speaker's turn ("○위원장 김도윤  개의하겠습니다.") is speech, not a two-column table row."""

from __future__ import annotations

from pathlib import Path

from assistant.chunking import chunk_document
from assistant.loaders import load_document
from assistant.tables import speech_rows

MINUTES = """제9회 가나시의회 복지위원회 회의록

출석 공무원
복지정책과장  홍길동
노인복지과장  김철수

○위원장 박영희  성원이 되었으므로 회의를 개의하겠습니다.
○복지정책과장 홍길동  올해 9월 말 기준 대기기간은 평균 19일까지 줄었습니다.
○이민수 위원  군 지역 청년에게 찾아가는 상담은 계획이 있습니까?
"""


def test_speaker_turns_are_text_and_an_attendance_list_stays_a_table(tmp_path: Path):
    path = tmp_path / "회의록.txt"
    path.write_text(MINUTES, encoding="utf-8")
    chunks = chunk_document(load_document(path))
    speech = [c for c in chunks if "19일까지 줄었습니다" in c.text]
    assert speech and all(c.kind != "table" for c in speech)
    roster = [c for c in chunks if "홍길동" in c.text and c.kind == "table"]
    assert roster and roster[0].rows and roster[0].rows[0] == ["복지정책과장", "홍길동"]


def test_speech_rows_are_whole_sentences_after_the_first_cell():
    assert speech_rows([["○위원장 박영희", "회의를 개의하겠습니다."], ["○이민수 위원", "계획이 있습니까?"]])
    assert not speech_rows([["사업비", "221,500", "236,800"], ["인건비", "310,000", "320,000"]])
    assert not speech_rows([["복지정책과장", "홍길동"], ["노인복지과장", "김철수"]])
