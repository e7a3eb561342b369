"""Short names a document defines for itself (`X(이하 "Y"라 한다)`) name the same entity as X."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answering import features as F
from assistant.answering.aliases import Alias, AliasBook, family_key, named_in, parse_aliases
from assistant.answering.candidates import candidates_of
from assistant.answering.question import read_question
from assistant.korean import analyzer as get_analyzer
from assistant.models import Chunk, Hit


@pytest.mark.parametrize("text,full,short", [
    ('효율적 운영을 위하여 산림복원특별회계(이하 "특별회계"라 한다)를 설치한다.', "산림복원특별회계", "특별회계"),
    ("「수목원진흥법」 제3조에 따른 한국수목원공단(이하 “공단”이라 한다)의 설립등기", "한국수목원공단", "공단"),
    ("서울특별시 청년활력센터(이하 '센터')는 구청장이 지정한다.", "청년활력센터", "센터"),
    ("청년활력센터(이하 센터)의 운영", "청년활력센터", "센터"),
    ('특별시ㆍ광역시ㆍ도(이하 "시ㆍ도"라 한다)', "특별시ㆍ광역시ㆍ도", "시ㆍ도"),
    ('협의체(이하 "협의체" 이라고 한다)와 산림조합중앙회(이하 "중앙회"라 하며, 지회를 포함한다)', "산림조합중앙회", "중앙회"),
])
def test_definition_forms(text, full, short):
    found = parse_aliases(text)
    assert Alias(full, short) in found, found


def test_no_definition_where_none_is_made():
    # a one-letter short name ("법") is found inside any word; "(이하 같다)" defines nothing;
    # a name defined as itself adds nothing
    assert parse_aliases("「수목원진흥법」(이하 \"법\"이라 한다) 제2조") == []
    assert parse_aliases("공단(이하 제53조 및 제54조에서 같다)") == []
    assert parse_aliases('협회(이하 "협회"라 한다)') == []


def test_scoped_definitions():
    (art,) = parse_aliases('심의기구(이하 이 조에서 "위원회"라 한다)를 둔다.', "법 > 제7조(심의)")
    assert art.section == "법 > 제7조(심의)" and art.local
    (chap,) = parse_aliases('지역협의체(이하 이 장에서 "협의체"라 한다)', "법 > 제3장")
    assert chap.section == "" and chap.local


def chunk(doc: str, ord_: int, text: str, section: list[str] | None = None, kind: str = "article") -> Chunk:
    return Chunk(f"{doc}#{ord_}", doc, ord_, text, section or [], 0, len(text), kind=kind)


TITLES = {
    "act": "산림복원사업에 관한 법률",
    "decree": "산림복원사업에 관한 법률 시행령",
    "other": "하천정비사업에 관한 법률",
}
CHUNKS = {
    "act": [
        chunk("act", 1, '산림청장은 산림복원특별회계(이하 "특별회계"라 한다)를 설치한다.', ["산림복원사업에 관한 법률", "제5조(회계)"]),
        chunk("act", 2, '장관은 평가단(이하 이 조에서 "단"이라 한다)과 자문기구(이하 이 조에서 "위원회"라 한다)를 둔다.',
              ["산림복원사업에 관한 법률", "제9조(평가)"]),
    ],
    "decree": [chunk("decree", 1, "특별회계의 회계처리는 국가회계기준에 따른다.", ["산림복원사업에 관한 법률 시행령", "제8조(회계처리)"])],
    "other": [
        chunk("other", 1, '하천정비특별회계(이하 "특별회계"라 한다)를 둔다.', ["하천정비사업에 관한 법률", "제4조(회계)"]),
        chunk("other", 2, "특별회계의 회계처리는 국가회계기준에 따른다.", ["하천정비사업에 관한 법률", "제6조(회계처리)"]),
    ],
}


def book() -> AliasBook:
    return AliasBook(lambda d: CHUNKS[d], lambda: TITLES.items())


def test_a_decree_uses_its_acts_short_names():
    assert family_key(TITLES["decree"]) == family_key(TITLES["act"]) != family_key(TITLES["other"])
    decree = book().of("decree")
    assert Alias("산림복원특별회계", "특별회계") in decree
    assert not any(a.full == "하천정비특별회계" for a in decree)  # another law's definition
    assert not any(a.short == "위원회" for a in decree)  # defined for one article of the act only


def test_an_article_scoped_short_name_holds_in_its_article_only():
    aliases = book().of("act")
    assert "자문기구" in named_in(aliases, "위원회의위원은…", "산림복원사업에 관한 법률 > 제9조(평가)")
    assert "자문기구" not in named_in(aliases, "위원회의위원은…", "산림복원사업에 관한 법률 > 제12조(위원)")


@pytest.fixture(scope="module")
def kiwi():
    return get_analyzer()


def entity_of(kiwi, doc: str, aliases) -> float:
    ch = CHUNKS[doc][-1]
    q = "산림복원특별회계의 회계처리 기준은?"
    fr = replace(read_question(q, kiwi, lambda t: 2.0), entities=["산림복원특별"])
    c = candidates_of(Hit(ch, 1.0, 1))[0]
    lay = F.layers_of(c, kiwi.tokens, TITLES.get, aliases)
    return F.entity_match(fr, c, lay, F.credit_of(fr, lay, lambda t: set(), lambda t: 2.0))


def test_the_entity_gate_reads_a_short_name_as_its_full_name(kiwi):
    b = book()
    assert entity_of(kiwi, "decree", ()) == 0.0  # the passage says only "특별회계"
    assert entity_of(kiwi, "decree", b.of("decree")) == 1.0  # …which its act defines as the asked one
    assert entity_of(kiwi, "other", b.of("other")) == 0.0  # another law's 특별회계 stays gated


def test_institutions_of_a_report_by_its_short_name(kiwi):
    text = "센터장은 매년 운영계획을 수립한다."
    c = candidates_of(Hit(chunk("r", 3, text, ["2. 운영"], kind="text"), 1.0, 1))[0]
    fr = replace(read_question("청년활력센터 운영계획은 누가 세워?", kiwi, lambda t: 2.0), entities=[], institutions=["청년활력센터"])
    aliases = parse_aliases("청년활력센터(이하 '센터')는 구청장이 지정한다.")
    for al, want in (((), 0.0), (aliases, 1.0)):
        lay = F.layers_of(c, kiwi.tokens, lambda d: "운영 현황 보고", al)
        assert F.entity_match(fr, c, lay, {}) == want


def test_generic_and_qualifying_law_names(kiwi):
    # "법과 시행령에서 각각" names the kinds of law text, not a law: no law gate
    c = candidates_of(Hit(chunk("decree", 1, "법 제10조에 따라 압류할 수 없는 건물은 다음과 같다."), 1.0, 1))[0]
    fr = read_question("향교 건물 압류 금지는 법과 시행령에서 각각 어떻게 정해?", kiwi, lambda t: 2.0)
    assert F.law_match(fr, c, TITLES.get) == 1.0
    # "「X법」에 따른 <대상>": another law citing X answers about what X defines; one not citing it does not
    fr = read_question("「산림보호법」에 따른 산림보호직 공무원의 정원 한도는?", kiwi, lambda t: 2.0)
    cites = candidates_of(Hit(chunk("other", 5, "「산림보호법」에 따른 산림보호직 공무원의 정원은 100명 이내로 한다."), 1.0, 1))[0]
    silent = candidates_of(Hit(chunk("other", 6, "산림보호직 공무원의 정원은 100명 이내로 한다."), 1.0, 1))[0]
    assert F.law_match(fr, cites, TITLES.get) == 1.0
    assert F.law_match(fr, silent, TITLES.get) == 0.0
