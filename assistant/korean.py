"""Korean morpheme analysis for retrieval (kiwipiepy), cached per eojeol.

Whitespace tokens keep particles glued to nouns ("위탁금은", "위탁금을"), so recall collapses;
morphemes fix that. Kiwi is accurate but not fast on long texts, and report text repeats its
words heavily, so each distinct eojeol (whitespace word) is analysed once and cached. Queries
go through the same path, so documents and questions are always tokenised consistently.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

# Content-bearing tags: nouns, numerals, foreign words, roots, verb/adjective stems.
CONTENT_TAGS = {"NNG", "NNP", "NR", "SN", "SL", "SH", "XR", "VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I", "W_SERIAL"}
NOUNISH = {"NNG", "NNP", "XPN", "XR", "SL"}
# Question words and verbs of asking carry no topic.
QUESTION_WORDS = {
    "얼마", "무엇", "뭐", "언제", "어디", "누구", "몇", "어떻", "어떤", "왜", "있", "없", "알리", "알", "되", "하",
    "이", "그", "저", "주", "말", "경우", "관련", "대하", "내용", "대해", "여부", "가능", "인가", "건가", "해주",
    "어느", "무슨", "어떠", "나오", "보", "궁금", "설명", "정리", "요약", "좀", "혹시",
    # measure words ask for a number; the table rarely repeats them
    "건수", "금액", "액수", "규모", "수치", "숫자", "점수", "인원수", "점", "명", "개", "건", "원",
    # deixis and hedges: not the topic
    "이번", "지금", "정확히", "대략", "혹시", "같이", "전부", "모두", "그동안", "여기", "거기", "얼마나",
    "다음", "지난", "이전", "요즘", "현",
    # relative time, "when", counters: the year/number checks handle these
    "작년", "올해", "내년", "금년", "전년", "당해", "때", "당시", "일", "날", "곳", "군데",
    "전", "후", "앞", "뒤", "이후", "먼저",
}
# Generic head nouns ("누리집 주소", "근거 규정"): the informative word comes before them.
LIGHT_HEADS = {
    "주소", "내용", "현황", "기준", "규정", "조항", "조문", "근거", "방법", "방식", "이유", "결과", "정도", "일정",
    "시기", "날짜", "상황", "추세", "추이", "수준", "사항", "관련", "부분", "문제", "경우", "목록", "종류", "의견",
    "기준", "일자",
    # relational nouns: they ask about the topic ("… 원인은?", "… 이름은?") and a passage answers
    # without repeating them
    "원인", "배경", "이름", "명칭", "구성", "조건", "사안", "이익", "불이익", "효과", "영향", "차이", "특징",
}
_NOUN_READINGS = ("NN", "XR", "SL", "SH", "SN")  # a term the sentence reads as itself: no misreading
VERB_TAGS = {"VV", "VA", "VV-R", "VA-R", "VV-I", "VA-I"}
PREDICATE_TAGS = VERB_TAGS | {"XSV", "XSA", "VCP", "VCN", "VX", "EF"}
# Tables space out short labels ("합  계", "연  도", "기  타"); such runs are one word.
_SPACED_RUN = re.compile(r"(?<![가-힣])[가-힣](?: +[가-힣](?![가-힣]))+")
_NOT_SPACED_LABEL = {"및", "등", "그", "이", "저", "수", "것", "더", "중", "각", "약", "전", "후", "위", "또", "안", "못", "잘", "총"}
# ... but only where the run stands as a label, alone in its cell: after the line's start (a list
# marker aside), a tab, "|", "/" or two spaces, and before a ":", "|", "/", a tab, two spaces, the
# line's end or a figure ("합  계 519,778천원"). In prose and questions the same shape is words typed
# apart: "비 온 뒤에", "문을 안 연", "같은 법 제3조", "…를 한 자" (not 해진, 안연, 법제, 한자).
_LABEL_BEFORE = re.compile(
    r"(?:^|[\t|│/]|  )[ \t]*(?:[-–·•◦○ㅇ□■▪*※․]|[가-하]\s*[.)]|\d{1,2}\s*[.)]|[(（]\d{1,2}[)）]|[①-⑳])?[ \t]*$",
    re.M,
)
_LABEL_AFTER = re.compile(r"[ \t]*(?:[:：|│/]|$)|\t|  | \d", re.M)
_FIELD_COLON = re.compile(r"[ \t]*[:：]")
_GLUED_FIELD_AFTER = set(")]）」.,")
# Bump when tokenisation changes: indexes built with another version are rebuilt (index.py).
ANALYZER_VERSION = "ko-4"
_WORD = re.compile(r"\S+")
_MAX_CACHE = 500_000


class KoreanAnalyzer:
    def __init__(self) -> None:
        self._kiwi = None
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[str, ...]] = {}
        self.predicates: set[str] = set()  # eojeols that are predicates ("처리했어?", "구성돼?")
        self._proper_of: dict[str, frozenset[str]] = {}  # word → the proper nouns Kiwi read in it
        self._verbs_of: dict[str, frozenset[str]] = {}  # word → the verb/adjective stems Kiwi read in it
        # the token lists of the last batch: ingest tokenises each chunk text twice (the
        # hashing embedder, then the lexical index); the second call is a lookup
        self._last_batch: dict[str, tuple[str, ...]] = {}

    def _kiwi_instance(self):
        if self._kiwi is None:
            from kiwipiepy import Kiwi

            self._kiwi = Kiwi(num_workers=2)
        return self._kiwi

    def _analyse(self, words: list[str]) -> None:
        todo = [w for w in dict.fromkeys(words) if w not in self._cache]
        if not todo:
            return
        with self._lock:
            kiwi = self._kiwi_instance()
            if len(self._cache) + len(todo) > _MAX_CACHE:
                self._cache.clear()
                self._proper_of.clear()
                self._verbs_of.clear()
            for word, toks in zip(todo, kiwi.tokenize(todo)):
                morphs = [(t.form, t.tag) for t in toks]
                self._cache[word] = _word_terms(morphs)
                stems = frozenset(f for f, tag in morphs if tag in VERB_TAGS)
                if stems:
                    self._verbs_of[word] = stems
                names = frozenset(f.lower() for f, tag in morphs if tag == "NNP")
                if names:
                    self._proper_of[word] = names
                if any(tag in PREDICATE_TAGS for _, tag in morphs):
                    self.predicates.add(word)

    def word_terms(self, words: list[str]) -> list[tuple[str, ...]]:
        cache = self._cache
        try:
            return [cache[w] for w in words]  # the common case on ingest: every word seen before
        except KeyError:
            self._analyse(words)
            return [cache[w] for w in words]

    def tokens(self, text: str) -> list[str]:
        words = _WORD.findall(_join_spaced_labels(text))
        out: list[str] = []
        for terms in self.word_terms(words):
            out.extend(terms)
        return out

    def word_tokens(self, text: str) -> list[tuple[str, ...]]:
        """The terms of each whitespace word of the text, in order (`tokens` is their concatenation)."""
        return self.word_terms(_WORD.findall(_join_spaced_labels(text)))

    def tokens_batch(self, texts: Iterable[str]) -> list[list[str]]:
        texts = list(texts)
        last = self._last_batch
        if texts and all(t in last for t in texts):
            return [list(last[t]) for t in texts]
        word_lists = [_WORD.findall(_join_spaced_labels(t)) for t in texts]
        self._analyse([w for words in word_lists for w in words])
        out = []
        for words in word_lists:
            toks: list[str] = []
            for terms in self.word_terms(words):
                toks.extend(terms)
            out.append(toks)
        self._last_batch = {t: tuple(toks) for t, toks in zip(texts, out)}
        return out

    def context_terms(self, text: str) -> list[str]:
        """Verb stems the sentence read as a whole has and its words read alone lack. Words are
        analysed alone (cached per eojeol), which reads a short verb form as a noun: "안 연" alone
        is 연 (year), in its sentence 열다 (to hold a meeting). For questions only: documents keep
        the per-word reading the index was built with; this adds what a question means beside it."""
        words = _WORD.findall(_join_spaced_labels(text))
        alone = {t for terms in self.word_terms(words) for t in terms}
        with self._lock:
            morphs = [(t.form, t.tag) for t in self._kiwi_instance().tokenize(" ".join(words))]
        # verb stems only: the sentence reading also joins nouns across words (정부+위원회), which
        # the index never does
        verbs = [f for f, tag in morphs if tag in VERB_TAGS]
        return [t for t in dict.fromkeys(verbs) if t not in alone and t not in QUESTION_WORDS]

    def sentence_reading(self, text: str) -> dict[str, tuple[tuple[str, str], ...]]:
        """For each term a word read alone gives and the sentence read whole does not: the
        (form, tag) morphemes the sentence reading has over the same letters. Alone, a word is
        sometimes read as one unknown noun: "구성은?" as a name (구성 + 은 in its sentence), "꾸리는"
        as a noun 꾸리 (the verb 꾸리다 in its sentence). For questions only, like `context_terms`."""
        text = _join_spaced_labels(text)
        words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
        alone = self.word_terms([w for _, w in words])
        with self._lock:
            toks = [(t.form.lower(), t.tag, t.start, t.start + t.len) for t in self._kiwi_instance().tokenize(text)]
        out: dict[str, tuple[tuple[str, str], ...]] = {}
        for (start, word), terms in zip(words, alone):
            for term in terms:
                at = word.lower().find(term)
                if at < 0 or term in out:
                    continue
                lo, hi = start + at, start + at + len(term)
                over = tuple((f, tag) for f, tag, s, e in toks if s < hi and e > lo)
                if over and not any(f == term and tag.startswith(_NOUN_READINGS) for f, tag in over):
                    out[term] = over
        return out

    def focus_terms(self, question: str) -> list[str]:
        """The topic terms of a question: content morphemes minus question words."""
        return [t for t in self.tokens(question) if t not in QUESTION_WORDS]

    def anchors(self, text: str) -> list[str]:
        """Proper nouns of a question (place and organisation names): the evidence must name
        them too, or it is about another 센터/구/기관."""
        # a term is a name where the text's own word reads it as one: a process-wide set of every
        # term ever tagged NNP would make a question's reading depend on what was analysed before
        words = _WORD.findall(_join_spaced_labels(text))
        self.word_terms(words)
        names: set[str] = set()
        for w in words:
            names |= self._proper_of.get(w, frozenset())
        return [t for t in dict.fromkeys(self.tokens(text)) if t in names and len(t) >= 2 and t not in QUESTION_WORDS]

    def verb_terms(self, text: str) -> set[str]:
        """The verb and adjective stems of the text's own words (weaker topic signals than nouns).
        Read per word, like `anchors`: a process-wide set of every stem ever seen would make a
        question's reading depend on what the process analysed before (an ingest, other answers)."""
        words = _WORD.findall(_join_spaced_labels(text))
        self.word_terms(words)
        out: set[str] = set()
        for w in words:
            out |= self._verbs_of.get(w, frozenset())
        return out

    def predicate_terms(self, question: str) -> set[str]:
        """Terms only found in the question's closing predicate ("… 몇 건 처리했어?" → 처리)."""
        words = _WORD.findall(_join_spaced_labels(question))
        out: set[str] = set()
        for word, terms in reversed(list(zip(words, self.word_terms(words)))):
            if word not in self.predicates:
                break
            out.update(terms)
        return out

    def word_roles(self, question: str) -> list[str]:
        """What each whitespace word does in the question read as a whole sentence: "verbal" — a
        noun used as the predicate of a clause whose own subject or object is named before it
        ("인건비가 차지하는 비율", "위탁금을 비교하면"): the relation, while the argument is what is
        asked about; "adjunct" — a noun with a locative or dative particle ("상임위에서 어떻게",
        "국회에 내야", "처음에"): where, to whom or when, not what; else ""."""
        text = _join_spaced_labels(question)
        spans = [m.span() for m in _WORD.finditer(text)]
        with self._lock:
            morphs = [(t.form, t.tag, t.start) for t in self._kiwi_instance().tokenize(text)]
        per_word: list[list[tuple[str, str]]] = [[] for _ in spans]
        i = 0
        for form, tag, start in morphs:
            while i < len(spans) - 1 and start >= spans[i][1]:
                i += 1
            if tag not in _PUNCT_TAGS:
                per_word[i].append((form, tag))
        roles = []
        for k, ms in enumerate(per_word):
            tags = [t for _, t in ms]
            nounish = any(t in NOUNISH or t == "NNB" for t in tags)
            verbal = nounish and (any(a in NOUNISH and b in _LIGHT_VERB_TAGS for a, b in zip(tags, tags[1:]))
                                  # the analyser reads a closing "…하나?" as the numeral 하나 (one)
                                  or (k == len(spans) - 1 and len(ms) >= 2 and ms[-1] == ("하나", "NR") and tags[-2] in NOUNISH))
            # "…할 수 있어?": the verb before 수 있다/없다 is the question's own predicate, not a clause
            modal = k + 1 < len(per_word) and per_word[k + 1][:1] == [("수", "NNB")]
            if verbal and not modal and _argument_before(per_word[:k]):
                roles.append("verbal")
            elif nounish and _adjunct(ms) and not (k and per_word[k - 1][:1] and per_word[k - 1][0][0] in _ASKING_DETERMINERS):
                roles.append("adjunct")
            else:
                roles.append("")
        return roles

    def head_terms(self, question: str, measures: frozenset[str] | set[str] = frozenset(),
                   clauses: bool = False) -> list[str]:
        """The terms of the asked attribute: the last word that carries a noun
        ("… 운영기관은 어디야?" → 운영기관; "… 사업비 얼마야?" → 사업비). A measure noun names the
        kind of value, so the noun it measures is the attribute ("벌금 상한은?" → 벌금); a
        one-syllable noun is a counter or a misread verb when words are analysed alone ("몇 살",
        "갈 수 있어?"), never the attribute."""
        words = _WORD.findall(_join_spaced_labels(question))
        verbs = self.verb_terms(question)
        # with `clauses`, a noun used as a predicate (차지하는 비율 → not 차지) or as an adjunct
        # of place or means (상임위에서 어떻게 …, 추가로 정한 …) is passed over: the attribute asked
        # is a noun the question asks *about*, not the relation or the forum
        roles = self.word_roles(question) if clauses else [""] * len(words)
        trailing = True  # the closing predicate ("…처리했어?") is what is done, not what is asked
        for word, terms, role in reversed(list(zip(words, self.word_terms(words), roles))):
            if trailing and word in self.predicates:
                continue
            trailing = False
            if role:
                continue
            nouns = [t for t in terms if t not in QUESTION_WORDS and t not in verbs and not t[:1].isdigit()
                     and len(t) >= 2 and t not in measures]
            if nouns and not set(nouns) <= LIGHT_HEADS:
                return [t for t in nouns if t not in LIGHT_HEADS]
        return []


_PUNCT_TAGS = {"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW"}
# 하다/되다/시키다 (and adjectives in 하다) turn the noun before them into a predicate
_LIGHT_VERB_TAGS = {"XSV", "XSA"}
# particles of place, time point, means or direction: the noun they mark is an adjunct
# (not 로/으로: "수탁자로 어디가 뽑혔어?" names the capacity asked about)
_ADJUNCT_PARTICLES = {"에", "에서", "에게", "한테", "께", "에게서", "한테서", "에서부터"}
# an interrogative determiner makes the adjunct itself what is asked ("어느 기관에 맡겨?")
_ASKING_DETERMINERS = {"어떤", "무슨", "어느"}


def _adjunct(morphs: list[tuple[str, str]]) -> bool:
    """Does the word end in a noun with a locative or dative particle (JKB)? With a topic particle
    after it ("…에는", "…에서는") it is the question's topic, not an adjunct."""
    return (len(morphs) >= 2 and morphs[-1][1] == "JKB" and morphs[-1][0] in _ADJUNCT_PARTICLES
            and morphs[-2][1] in NOUNISH | {"NNB"})


def _argument_before(words: list[list[tuple[str, str]]]) -> bool:
    """Is the nearest word before that carries a noun marked as a subject or object (JKS, JKO)?"""
    for ms in reversed(words):
        if any(t in NOUNISH for _, t in ms):
            return bool(ms) and ms[-1][1] in ("JKS", "JKO")
    return False


# statutes write 시ㆍ도 with U+318D, people type 시·도 (U+00B7) or other middle dots: one form
_MIDDLE_DOTS = str.maketrans({"·": "ㆍ", "‧": "ㆍ", "・": "ㆍ", "･": "ㆍ"})


def _join_spaced_labels(text: str) -> str:
    """Middle dots in one form, and letter-spaced table labels as one word ("합  계" → 합계)."""
    text = text.translate(_MIDDLE_DOTS)

    def join(m: re.Match[str]) -> str:
        letters = m.group().split()
        if len(letters) > 6 or any(c in _NOT_SPACED_LABEL for c in letters[1:]) or not is_label_run(text, m):
            return m.group()
        return "".join(letters)

    return _SPACED_RUN.sub(join, text)


def is_label_run(text: str, m: re.Match[str]) -> bool:
    """Does the spaced run `m` stand alone in a cell or line of `text`, as a table label does?"""
    if not _LABEL_AFTER.match(text, m.end()):  # the cheap test first: prose runs mostly fail it
        return False
    before = text[m.start() - 1] if m.start() else "\n"
    if before in _GLUED_FIELD_AFTER and _FIELD_COLON.match(text, m.end()):
        return True  # a field glued to the one before it by a PDF dump: "(대표 : 홍길동)인 원 : 9명"
    line_start = text.rfind("\n", 0, m.start()) + 1
    return _LABEL_BEFORE.search(text, line_start, m.start()) is not None


def _word_terms(morphs: list[tuple[str, str]]) -> tuple[str, ...]:
    terms: list[str] = []
    for form, tag in morphs:
        if tag in CONTENT_TAGS or (tag == "NNB" and len(form) >= 2):  # 개소, 개월: counters that mean something
            form = form.lower()
            if tag == "SN":
                form = form.replace(",", "")
            terms.append(form)
    # compounds ("재"+"위탁" → 재위탁, "민간"+"위탁" → 민간위탁) keep precision that
    # splitting loses; they are added beside their parts
    for (f1, t1), (f2, t2) in zip(morphs, morphs[1:]):
        if t1 in NOUNISH and t2 in NOUNISH:
            terms.append((f1 + f2).lower())
    return tuple(terms)


_DEFAULT: KoreanAnalyzer | None = None


def analyzer() -> KoreanAnalyzer:
    """The process-wide analyzer (Kiwi loads once, ~1.5 s)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = KoreanAnalyzer()
    return _DEFAULT
