"""The act over its own decree when a question names no law (`acts_over_decrees`)."""

from assistant.retrieval import acts_over_decrees, law_family


def test_family_drops_decree_word_and_spaces() -> None:
    assert law_family("주택법 시행규칙") == law_family("주택법") == "주택법"
    assert law_family("도시공원 및 녹지 등에 관한 법률 시행령") == "도시공원및녹지등에관한법률"


def test_act_with_its_decree_in_the_pool_is_preferred() -> None:
    titles = {"a": "주택법", "b": "주택법 시행규칙", "c": "민법", "d": "지방재정투자사업 심사규칙"}
    # 민법 has no decree in the pool, a 규칙 that is no 시행규칙 is no decree: neither gains
    assert acts_over_decrees(titles) == {"a"}


def test_no_act_without_its_decree() -> None:
    assert acts_over_decrees({"a": "주택법", "b": "건축법 시행령"}) == set()
