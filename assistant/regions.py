"""Korea's 17 top-level local governments, as people and titles write them.

One concept, read in three places: retrieval (a question's 충북 names a title's 충청북도), the answer
gates (a national law binds every 지방자치단체; a government's own ordinance only that government) and
the tool router (Seoul's verdict rules do not decide a question about another region).
"""

from __future__ import annotations

import re

from .answering.abbreviations import is_clipped_form

# short name → how people write it, full or short
REGIONS = {
    "서울": r"서울(?:특별)?시?", "부산": r"부산(?:광역)?시?", "대구": r"대구(?:광역)?시?", "인천": r"인천(?:광역)?시?",
    "광주": r"광주(?:광역)?시?(?!\s*[시군구]청)", "대전": r"대전(?:광역)?시?", "울산": r"울산(?:광역)?시?",
    "세종": r"세종(?:특별자치)?시?", "경기": r"경기도?", "강원": r"강원(?:특별자치)?도?", "충북": r"충북|충청북도",
    "충남": r"충남|충청남도", "전북": r"전북(?:특별자치도)?|전라북도", "전남": r"전남|전라남도", "경북": r"경북|경상북도",
    "경남": r"경남|경상남도", "제주": r"제주(?:특별자치)?도?",
}
# a province or metropolitan city as titles write it: 충청북도, 대구광역시, 서울특별시, 강원특별자치도
_FULL = r"[가-힣]{2,4}?(?:특별시|광역시|특별자치시|특별자치도)|경기도|강원도|충청북도|충청남도|전라북도|전라남도|경상북도|경상남도|제주도"
_REGION = re.compile(r"(?<![가-힣])([가-힣]{2,4}?)(?:특별시|광역시|특별자치시|특별자치도|도)")
# a title that opens with a top-level government's name: its own ordinance or rule ("서울특별시 마포구 …조례"),
# not a national law ("스마트도시 조성 … 법률")
LOCAL_TITLE = re.compile(rf"^\s*(?:{_FULL})\s")


def names_region(name: str, heading: str) -> bool:
    """Is `name` the short form of a province or metropolitan city the title or headings write in
    full: 대구 ~ 대구광역시, 충북 ~ 충청북도 (first and last syllables kept, in order), 서울시 ~
    서울특별시? Only that suffix may be dropped: 중구 is not 중랑구, 대교협 no region."""
    core = name[:-1] if len(name) > 2 and name[-1] in "시도" else name
    for m in _REGION.finditer(heading):
        stem = m.group(1)
        if core == stem or (core[-1] == stem[-1] and is_clipped_form(core, stem)):
            return True
    return False
