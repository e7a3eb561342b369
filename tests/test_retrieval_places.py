"""Names in a question: a region's short form, and names coordinated for a comparison."""

from __future__ import annotations

from assistant.retrieval import anchor_groups, names_place, names_region


def test_a_region_is_named_by_its_short_form_in_the_title():
    assert names_region("충북", "2025년 충청북도 민간위탁사무 종합성과평가 결과")
    assert names_region("대구", "대구광역시 청년마음건강센터 운영 민간위탁 동의안 검토보고서")
    assert names_region("서울시", "서울특별시 공공자전거 이용 조례")
    assert names_region("강원", "강원특별자치도 출자·출연기관 경영평가")
    # another region, or a clip that drops more than the province/city suffix, is not named
    assert not names_region("충남", "충청북도 민간위탁")
    assert not names_region("대전", "대구광역시 검토보고서")
    assert not names_region("중구", "중랑구의회 행정사무감사")
    assert not names_region("대교협", "한국대학교육협의회법")


def test_a_name_typed_as_is_counts_anywhere_a_clip_only_in_headings():
    assert names_place("울산", "울산 수소버스 100대", "환경국 예산안 검토보고서")
    # in running text two syllables fit too many words: the clip is read only in the title/headings
    assert not names_place("충북", "충청북도 사무의 민간위탁 조례 제17조", "평가위원회 주요 의견")
    assert names_place("충북", "농식품 온라인장터", "충청북도 민간위탁 평가 결과 > 3. 평가위원회 주요 의견")


def test_coordinated_names_are_alternatives():
    assert anchor_groups("울산이랑 대전 2026년에 수소버스 각각 몇 대 들여와?", ["울산", "대전"]) == [["울산", "대전"]]
    assert anchor_groups("울산광역시와 대전광역시 중 지원액이 더 큰 곳은?", ["울산광역시", "대전광역시"]) == [
        ["울산광역시", "대전광역시"]]
    assert anchor_groups("대구 청년마음건강센터와 충북 청년창업지원센터의 위탁금은?", ["대구", "충북"]) == [["대구", "충북"]]
    # named in one breath but not coordinated: each must be named
    assert anchor_groups("대구 센터 점수를 충북 등급 기준에 넣으면?", ["대구", "충북"]) == [["대구"], ["충북"]]
    assert anchor_groups("노원구 지도점검 대상은?", ["노원구"]) == [["노원구"]]
    assert anchor_groups("질문", []) == []
