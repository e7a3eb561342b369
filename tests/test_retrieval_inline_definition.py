"""A statute may define a term where it first uses it: X(…을/를 말한다)."""

from __future__ import annotations

from assistant.models import Chunk
from assistant.retrieval import defines


def _chunk(text: str) -> Chunk:
    return Chunk("c", "d", 0, text, [], 0, len(text))


def test_inline_definition_defines_the_term():
    art = _chunk("① 공직자는 직무관련자인 소속 기관의 퇴직자와 사적 접촉(골프, 여행, 사행성 오락을 같이 하는 행위를 "
                 "말한다)을 하는 경우 소속기관장에게 신고하여야 한다.")
    assert defines(art, "사적접촉")
    # a later use of the term, or an abbreviation note, defines nothing
    assert not defines(_chunk("법 제15조제1항에 따른 신고를 하려는 공직자는 사적 접촉을 하기 전에 서면을 제출해야 한다."), "사적접촉")
    assert not defines(_chunk("이해충돌방지담당관(이하 \"담당관\"이라 한다)을 지정하여야 한다."), "이해충돌방지담당관")
    assert defines(_chunk('1. "공원녹지"란 쾌적한 도시환경을 조성하기 위한 다음 각 목의 것을 말한다.'), "공원녹지")
