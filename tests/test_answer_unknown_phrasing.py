"""The unknown-word veto on words the library does use, written another way.

A question word with no IDF vetoes a direct answer (backend.compose). These words are the
library's own, only written differently: an analyser misreading of a word read alone, a fragment
of a clipped law name, an acronym the question glosses, a short place name the library writes
with its suffix. Words the library really never uses stay unknown.
"""

from assistant.answering.abbreviations import Abbreviations
from assistant.answering.question import read_question


def idf_without(*missing: str):
    return lambda t: 0.0 if t in missing else 2.0


def test_a_word_misread_alone_is_read_in_its_sentence(kiwi):
    # alone, "구성은?" is read as one name; in its sentence it is 구성 + a particle
    fr = read_question("자문단 구성은?", kiwi, idf_without("구성은"))
    assert fr.unknown == [] and "구성" in fr.weights and "구성은" not in fr.weights
    # alone, "꾸리는" is read as a noun; in its sentence it is the verb 꾸리다: no topic
    fr = read_question("협의회를 꾸리는 주체는 누구야?", kiwi, idf_without("꾸리"))
    assert fr.unknown == [] and "꾸리" not in fr.weights
    # a noun its sentence reads as itself stays unknown
    assert read_question("연서 요건은?", kiwi, idf_without("연서")).unknown == ["연서"]


def test_a_fragment_of_a_clipped_law_name_is_not_unknown(kiwi):
    # the analyser splits the clipped name into nouns and a fragment (관제 + 법 → 관제법)
    q = "해양안전관제법상 관제구역은?"
    table = Abbreviations([], ["해양안전관제에 관한 법률"])
    assert read_question(q, kiwi, idf_without("관제법"), clipped=table.expand).unknown == []
    # no such law in the library: the fragment is unknown
    assert read_question(q, kiwi, idf_without("관제법"), clipped=Abbreviations([], []).expand).unknown == ["관제법"]


def test_an_acronym_the_question_glosses_is_not_unknown(kiwi):
    assert read_question("도시철도체계(LRT) 노선 수는?", kiwi, idf_without("lrt")).unknown == []
    assert read_question("LRT 노선 수는?", kiwi, idf_without("lrt")).unknown == ["lrt"]


def test_a_short_place_name_the_library_writes_with_its_suffix(kiwi):
    table = Abbreviations(["춘천시", "시", "연서로", "로"])
    assert table.expand("춘천") == "춘천시"
    assert read_question("춘천 주민참여예산 한도는?", kiwi, idf_without("춘천"), clipped=table.expand).unknown == []
    # only a proper name extends so: a common two-letter noun stays unknown
    assert read_question("연서 요건은?", kiwi, idf_without("연서"), clipped=table.expand).unknown == ["연서"]
    # and only into an indexed word whose rest is indexed
    assert Abbreviations(["춘천닭갈비"]).expand("춘천") is None


def test_a_negated_noun_is_about_the_noun(kiwi):
    # 불- negates a noun the library uses: not an unknown topic
    assert read_question("불합격자 명단 공개 기한은?", kiwi, idf_without("불합격자")).unknown == []
    # another prefix makes another thing, which the library may never name
    assert read_question("준공영제 지원금 기준은?", kiwi, idf_without("준공영", "준공영제")).unknown != []


def test_a_two_letter_clip_of_a_title_word_reads_as_that_word(kiwi):
    # two letters: the first of the title word's first and last indexed parts
    table = Abbreviations(["예산결산", "심사"], ["2025년도 가나구의회 예산결산심사 보고서"])
    assert table.expand("예심") == "예산결산심사"
    fr = read_question("가나구의회 예심 지적 건수는?", kiwi, idf_without("예심"), clipped=table.expand)
    assert fr.unknown == [] and "예심" not in fr.weights and {"예산결산", "심사"} <= set(fr.weights)
    # the second letter must open the word's last indexed part
    assert table.expand("예산") is None and table.expand("예결") is None
    assert Abbreviations(["예산결산", "심사"], ["예산결산 심사"]).expand("예심") is None  # no one word
