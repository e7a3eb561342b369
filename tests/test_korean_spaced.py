"""Letter-spaced table labels are one word; single letters typed apart in prose and questions are not."""

from __future__ import annotations

from assistant.korean import _join_spaced_labels, analyzer


def test_table_labels_are_joined():
    assert _join_spaced_labels("연  도 2022년 2023년\n합  계 519,778천원 523,783천원") == (
        "연도 2022년 2023년\n합계 519,778천원 523,783천원")
    assert _join_spaced_labels("(대표 : 강정화)\n․인 원 : 센터장 포함 7명") == "(대표 : 강정화)\n․인원 : 센터장 포함 7명"
    assert _join_spaced_labels("구 분\t주 요 내 용") == "구분\t주요내용"
    assert _join_spaced_labels("인 건 비         342,800\n2. 제 출 자 : 서울특별시장") == (
        "인건비         342,800\n2. 제출자 : 서울특별시장")
    # a PDF dump glues one field to the next: a run before a colon right after ")" is still a label
    assert _join_spaced_labels("(대표 : 문지호)인 원 : 센터장 포함 9명") == "(대표 : 문지호)인원 : 센터장 포함 9명"
    toks = analyzer().tokens("인 원 : 센터장 포함 7명")
    assert "인원" in toks


def test_words_typed_apart_stay_apart():
    a = analyzer()
    assert "해진" not in a.tokens("해 진 뒤에도 행정대집행 할 수 있는 경우가 뭐야?")
    assert "안연" not in a.tokens("1년 넘게 회의를 안 연 정부 위원회는 어떻게 돼?")
    # statute prose: "같은 법 제3조", "…를 한 자" at a line's end are not 법제 (legislation) or 한자
    assert _join_spaced_labels("같은 법 제3조에 따른") == "같은 법 제3조에 따른"
    assert _join_spaced_labels("법 제10조제1항에 따라") == "법 제10조제1항에 따라"
    assert _join_spaced_labels("이를 행하도록 한 자\n2. 제33조") == "이를 행하도록 한 자\n2. 제33조"
    assert _join_spaced_labels("(이하 \"상담기관\"이라 한다)의 장\n2.") == "(이하 \"상담기관\"이라 한다)의 장\n2."
