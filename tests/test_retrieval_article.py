"""A question asking which article is answered by the article itself, not by prose that mentions it."""

from assistant.models import Chunk
from assistant.retrieval import is_article


def chunk(text: str, kind: str = "text", section: list[str] | None = None) -> Chunk:
    return Chunk("c", "d", 1, text, section or [], 0, len(text), kind=kind)


def test_an_article_is_told_from_prose_that_cites_one() -> None:
    assert is_article(chunk("① 다음 각 호의 동물은 입소하지 아니할 수 있다.", kind="article", section=["제7조(입소 제한)"]))
    assert not is_article(chunk("◦ 제7조제1항 중 \"대형견\"을 입소 제외 대상에 추가함."))
    assert not is_article(None)
