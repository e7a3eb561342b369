"""Is an unknown question word a short form of something the library does use?

Researchers type clipped forms: 행안위 (행정안전위원회), 운영위 (의회운영위원회), 정보공개법
(공공기관의 정보공개에 관한 법률). Korean clips a name by keeping some of its syllables in
order, so a short form is a subsequence of its full form that starts with the same syllable.
A word that is such a short form of an indexed term or a document title is not "a topic the
library never mentions" (the refusal test in backend.compose), though it cannot be matched in a
passage either. Built once per index generation from the lexical vocabulary and the titles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

TITLE_WORD_BREAK = re.compile(r"[()\[\]「」『』〈〉《》<>·ㆍ,]")
# Korean names of national bodies drop this prefix when clipped: 대교협 of 한국대학교육협의회
NATIONAL_PREFIXES = ("한국", "대한", "국립")
MIN_SHORT = 3  # two syllables are too ambiguous to expand ("안산" fits hundreds of words)


class Abbreviations:
    def __init__(self, vocabulary: Iterable[str], titles: Iterable[str] = ()):
        self._by_first: dict[str, list[str]] = defaultdict(list)
        vocabulary = self._vocabulary = set(vocabulary)
        # two letters open an indexed word whose rest is indexed too: a short name the library
        # writes only with its suffix or inside a longer name (<시 이름>시, <동네>국민체육센터)
        self._extended: dict[str, list[str]] = defaultdict(list)
        for term in vocabulary:
            if len(term) > MIN_SHORT and _hangul(term):
                self._by_first[term[0]].append(term)
            if len(term) > 2 and _hangul(term) and _indexed_rest(term[2:], vocabulary):
                self._extended[term[:2]].append(term)
        self._title_words: dict[str, list[str]] = defaultdict(list)
        for title in titles:
            # a two-letter clip of one title word: the first letters of its first and last
            # indexed parts (<행정사무+감사> → 행감); checked against the vocabulary on expansion
            for word in TITLE_WORD_BREAK.sub(" ", title).split():
                if len(word) >= 4 and _hangul(word) and word not in self._title_words[word[0]]:
                    self._title_words[word[0]].append(word)
            # a short form clips the name from any of the title's words on (예결특위 of the
            # title word 예산결산특별위원회 after "<구>의회"), not only from its first; brackets
            # and dots part words too ("<보고서>(<위원회> 소관)")
            words = TITLE_WORD_BREAK.sub(" ", title).split()
            for i in range(len(words)):
                flat = "".join(words[i:])
                for full in (flat, national_prefix_dropped(flat)):
                    if len(full) > MIN_SHORT and _hangul(full[0]):
                        self._by_first[full[0]].append(full)

    def expand(self, short: str) -> str | None:
        """A longer indexed term or title `short` is a clipped form of, or None. Two letters are
        too ambiguous a clip of any word: a two-letter `short` expands only to the indexed word
        it opens with an indexed rest (the caller trusts that for proper names only), or to one
        title word whose first and last indexed parts it opens (행감 of 행정사무감사)."""
        if len(short) == 2 and _hangul(short):
            named = self._extended.get(short)
            if named:
                return min(named, key=len)
            return next((w for w in self._title_words.get(short[0], ()) if self._clips_parts(short, w)), None)
        if len(short) < MIN_SHORT or not _hangul(short):
            return None
        for full in self._by_first.get(short[0], ()):
            if len(full) > len(short) and is_clipped_form(short, full):
                return full
        return None

    def _clips_parts(self, short: str, word: str) -> bool:
        """Is the two-letter `short` the first letters of `word`'s first and last indexed parts?"""
        return any(word[i] == short[1] and word[i:] in self._vocabulary and _indexed_rest(word[:i], self._vocabulary)
                   for i in range(2, len(word) - 1))


def national_prefix_dropped(name: str) -> str:
    """"한국대학교육협의회법" → "대학교육협의회법"; "" when the name has no such prefix."""
    for p in NATIONAL_PREFIXES:
        if name.startswith(p) and len(name) > len(p) + MIN_SHORT:
            return name[len(p):]
    return ""


def is_clipped_form(short: str, full: str) -> bool:
    """"행안위" of "행정안전위원회": same first syllable, the rest in order."""
    if not short or short[0] != full[0]:
        return False
    it = iter(full[1:])
    return all(ch in it for ch in short[1:])


def _indexed_rest(rest: str, vocabulary: set[str]) -> bool:
    """Is `rest` an indexed word, or two or more of them written together?"""
    if rest in vocabulary:
        return True
    return any(rest[:i] in vocabulary and len(rest[:i]) >= 2 and _indexed_rest(rest[i:], vocabulary)
               for i in range(2, len(rest) - 1))


def _hangul(s: str) -> bool:
    return all("가" <= ch <= "힣" for ch in s)


MAX_GAP = 3  # syllables a clip drops between two it keeps ("문체위": 문(화)체(육관광)위)


def clipped_in(short: str, text: str) -> bool:
    """Does `text` (spaces removed) spell out the clipped `short` in one compact stretch: its
    syllables in order, starting at the first, at most MAX_GAP dropped between two kept ones
    ("실거래" in "실제거래가격")? A passage that writes the full form answers for the short one."""
    if len(short) < MIN_SHORT or not _hangul(short):
        return False
    start = text.find(short[0])
    while start >= 0:
        pos, ok = start, True
        for ch in short[1:]:
            nxt = text.find(ch, pos + 1, pos + 2 + MAX_GAP)
            if nxt < 0:
                ok = False
                break
            pos = nxt
        if ok:
            return True
        start = text.find(short[0], start + 1)
    return False
