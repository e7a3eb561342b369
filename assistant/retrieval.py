"""Hybrid retrieval: dense vectors (Chroma) and BM25 over morphemes, fused by reciprocal rank.

RRF needs no score calibration between the two retrievers, which matters because the dense
scores of the hashing default and of a neural model live on different scales.
After fusion, structure re-orders the pool (each step a small function with a test in
tests/test_retrieval_*.py): passages holding the asked kind of value (`wanted_value`), the law the
question names, the passage defining the term it asks about (`defined_term`/`defines`), the
places/organisations it names (`anchor_groups`: names a question coordinates for a comparison are
alternatives; `names_region`: 충북 names 충청북도); 부칙 below the body (`is_appendix`) unless asked (`asks_appendix`).
Before fusion, BM25 scores gain for the asked kind of value (`holds_value`), for a "label : value"
line stating the asked attribute (`states_asked_field`) and for naming the asked attribute in the
passage's own words rather than only in the title all passages of its document share (`holds_attribute`),
and for holding the question's terms close together (`proximity`); each question word weighs about
alike however many terms the analyser makes of it (`word_weights`), the law a question names
gains over its decree (`named_laws`, `is_named_act`) and, when none is named, an act over its own
decree in the pool (`acts_over_decrees`) unless it asks for a figure, period or date its decree
carries (`rule_asked`), and a penalty clause reads the words of the
article it says is violated (`inherited_share`). A compound the index never saw is looked up by the
indexed words it is built of (`known_parts`: 개소일 → 개소), a two-syllable clip by the title word it
was cut from (`title_clip_parts`: 행감 → 행정, 감사). For a figure question a table whose one
row and header hold the question gains (`row_lookup_share`: a lookup by row label × column header).
Speech says "올해"/"작년" where a question types the year: read from the document's date (`relative_years`);
an official's turn opening a passage reads the member's question ending the one before (`asked_before`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .answering.question import (
    APPENDIX_CUE, CONDITION_CUE, DATE_CUE, DEFINITION_CUE, MEASURE_NOUNS, QUOTED, abbreviates, answer_type,
    expected_unit, law_names, question_years,
)
from .embeddings import Embedder
from .index import IndexReader
from .korean import QUESTION_WORDS, KoreanAnalyzer
from .models import Chunk, Hit
from .regions import names_region
from .settings import Settings
from .thesaurus import Thesaurus, load_thesaurus


# 별표/별지 (schedules, forms) follow 부칙 in a statute's text but belong to its body
SCHEDULE = re.compile(r"^\s*[\[【<]?\s*별\s*[표지]")
# a question about when a provision comes into force asks for 부칙 ("이 조항은 언제부터 적용돼?")
COMMENCEMENT_CUE = re.compile(r"언제부터\s*시행|(?:부터|언제)\s*시행되|시행\s*(?:시기|날짜|일자)")


def is_appendix(chunk: Chunk | None) -> bool:
    """A passage of 부칙 proper: ranked below the body unless the question asks for it.
    Tables and 별표 that the chunker filed under 부칙 (they come after it) are body."""
    if chunk is None or not chunk.appendix:
        return False
    return not (chunk.kind == "table" or SCHEDULE.match(chunk.text) or SCHEDULE.match(chunk.caption or ""))


# "…은 누구를 가리키나요?", "…란 무엇인가": the question asks what a term means
MEANS_CUE = re.compile(r"(?:누구|무엇|뭘|어떤\s*[가-힣]+)[을를]?\s*(?:말|가리키|뜻하|의미하)|(?:이)?란\s*(?:뭐|무엇|누구)")
# the term of "X란 뭐야?", "X의 뜻/정의/의미", "X은/는 누구를 말해?" (when not in quotes)
_TERM_BEFORE_CUE = re.compile(
    r"([가-힣A-Za-z0-9ㆍ·]{2,20}?)(?:(?:이)?란\s*(?:뭐|무엇|누구)|의\s*(?:뜻|정의|의미|개념)|[은는이가]\s*(?:누구|무엇|뭘|어떤\s*[가-힣]+)[을를]?\s*(?:말|가리키|뜻하|의미하))"
)
_DOTS = str.maketrans({"·": "ㆍ", "‧": "ㆍ", "・": "ㆍ", "･": "ㆍ"})


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).translate(_DOTS)


def defined_term(query: str) -> str | None:
    """The term a question asks the meaning of, spaces removed: a term in quotes ("'녹지'의
    정의는?", "'공가'는 몇 달 …") or the subject of a definition question ("청년이란 뭐야?");
    None otherwise. Statutes define terms in quotes, so a quoted term is worth looking up."""
    quoted = QUOTED.findall(query)
    if quoted:
        return _compact(quoted[-1])
    if not (DEFINITION_CUE.search(query) or MEANS_CUE.search(query)):
        return None
    m = _TERM_BEFORE_CUE.search(query)
    return _compact(m.group(1)) if m else None


def defines(chunk: Chunk | None, term: str) -> bool:
    """Does the passage define `term` the way statutes and ordinances do: "X"란 / "X"이란 /
    "X"(이)라 함은 (any quote marks), or X(…을/를 말한다) where the term is first used?"""
    if chunk is None or not term:
        return False
    text = _compact(chunk.text)
    if re.search(r"[\"“”'‘’「]" + re.escape(term) + r"[\"“”'‘’」](?:이)?(?:란|라함은|라고함은)", text):
        return True
    # defined where it is first used: "외부강의(강의, 강연, 기고 등을 하는 것을 말한다)"
    return re.search(re.escape(term) + r"\([^()]{2,120}?[을를]말한다\)", text) is not None


def wanted_value(query: str) -> re.Pattern[str] | None:
    """The kind of value that answers the question, as a pattern a passage may hold: a date for
    "언제"/"시행일", a number in the asked unit for "몇 명"/"며칠"/"얼마(원)"; None otherwise."""
    if answer_type(query) == "date" or DATE_CUE.search(query):
        return DATE_VALUE
    unit = expected_unit(query)
    return re.compile(r"\d[\d,.]*\s*(?:[천만억조]\s*)?" + unit) if unit else None


def holds_value(chunk: Chunk | None, value: re.Pattern[str]) -> bool:
    """Does the passage hold a value of the asked kind? A table with number cells holds any
    number (its unit sits in the header or caption), not a date."""
    if chunk is None:
        return False
    if value.search(chunk.text):
        return True
    if value is DATE_VALUE:
        return False
    return chunk.kind == "table" or chunk.rows is not None or TABLE_NUMBER.search(chunk.text) is not None


def asks_appendix(query: str) -> bool:
    return bool(APPENDIX_CUE.search(query) or COMMENCEMENT_CUE.search(query))


# Answer-type match: dev R@1 .771→.801, R@5 .949→.955 at 0.2–0.5 (0.05: .786; tables must count
# as holding numbers — their unit is in the header — or table questions lose: R@1 .84→.68)
VALUE_BONUS = 0.3
# a deadline is as often a period counted from an event ("통보를 받은 날부터 2개월 이내", "만료되기 6개월
# 전까지") as a date: dev R@1 .841 → .843, val R@1 .720 → .734, R@5 .958 → .965, pass unchanged on both
DATE_VALUE = re.compile(
    r"(?:19|20)\d\d\s*[.년]\s*\d{1,2}\s*[.월]|\d{1,2}\s*월\s*\d{1,2}\s*일|\d+\s*일\s*(?:이내|전|후|까지|부터|이상)"
    r"|\d+\s*(?:주|주일|개월|년)\s*(?:이내|전|후|까지|부터)"
)
TABLE_NUMBER = re.compile(r"\|\s*[\d,.]+\s*(?:\||$)", re.M)
DEFINITION_POOL = 200  # passages carrying a definition question's term that are checked for "X"란


# "가. 위탁기간 : 2026. 1. 1. ~", "- 평가기관 : 외부 전문기관", "인 원 : 센터장 포함 7명": a line that
# states one attribute; the label is what it is about (a list marker before it is not)
FIELD_LINE = re.compile(
    r"^[ \t]*(?:[-–·•◦○ㅇ□■▪*※]|[가-하]\s*[.)]|\d{1,2}\s*[.)]|[(（]\d{1,2}[)）]|[①-⑳])?[ \t]*"
    r"([가-힣A-Za-z][가-힣A-Za-z ·ㆍ]{0,18}?)[ \t]*[:：][ \t]*\S",
    re.M,
)
# dev R@1 .807→.822, R@5 .964→.970, MRR .877→.890 at 0.3 (0.15: .825/.967; 0.5: .822/.970)
LABEL_BONUS = 0.3


def field_labels(text: str) -> list[str]:
    """The labels of a passage's "label : value" lines."""
    return [m.group(1).strip() for m in FIELD_LINE.finditer(text)]


def states_asked_field(chunk: Chunk | None, asked: set[str], analyzer: KoreanAnalyzer) -> bool:
    """Does the passage state the asked attribute as a field — a "label : value" line whose
    label's terms are all in the question ("계약기간은 언제" → "다. 계약기간 : 2027. 1. 1. ~ …";
    "어디가 심사했어" → "- 심사기관 : …")? Such a line answers the attribute directly, where
    other passages of the same document only mention it."""
    if chunk is None or not asked:
        return False
    for label in field_labels(chunk.text):
        toks = analyzer.tokens(label)
        # the analyser adds compounds beside their parts (평가, 기관, 평가기관): the parts decide
        compounds = {x + y for x, y in zip(toks, toks[1:])}
        terms = [t for t in toks if t not in QUESTION_WORDS and t not in compounds]
        if terms and any(len(t) >= 2 for t in terms) and set(terms) <= asked:
            return True
    return False


def own_text(chunk: Chunk) -> str:
    """A passage's own words, spaces removed: its text and its own heading (the last part of its
    section path) — not the document title and upper headings every passage of it shares."""
    leaf = chunk.section[-1] if chunk.section else ""
    return _compact(f"{leaf} {chunk.text}")


def asked_attribute(query: str, analyzer: KoreanAnalyzer) -> list[str]:
    """The terms of the attribute a question asks for (`KoreanAnalyzer.head_terms`, measure
    nouns aside): none for a commencement question (it asks for 부칙, whatever noun comes
    before "시행"), and never a word that names the kind of answer (요건, 조건, 자격, 경우)."""
    if COMMENCEMENT_CUE.search(query):
        return []
    return [t for t in analyzer.head_terms(query, MEASURE_NOUNS)
            if len(t) >= 2 and not CONDITION_CUE.fullmatch(t)]


def holds_attribute(chunk: Chunk | None, head: list[str]) -> bool:
    """Does the passage itself (text or own heading) name the asked attribute ("… 기간은?" →
    기간; "… 벌금 상한은?" → 벌금)? Passages of the same document share its title's words;
    the one that names what is asked is the one that can answer it."""
    if chunk is None or not head:
        return False
    own = own_text(chunk)
    return any(t in own for t in head)


def proximity(chunk: Chunk | None, weights: dict[str, float], window: int | None = None) -> float:
    """How close together the question's terms stand in the passage: the IDF-weighted share of
    the terms it holds that fit in one stretch of `window` letters (spaces ignored). A passage
    where "신청서 … 접수 … 14일 이내 … 통지" make one sentence answers; one that holds the
    same words scattered over its items mentions them."""
    if chunk is None or not weights:
        return 0.0
    window = PROXIMITY_WINDOW if window is None else window
    text = _compact(chunk.text)
    hits: list[tuple[int, str]] = []
    for t in weights:
        i = text.find(t)
        while i != -1:
            hits.append((i, t))
            i = text.find(t, i + 1)
    if not hits:
        return 0.0
    hits.sort()
    held = sum(weights[t] for t in {t for _, t in hits})
    inside: dict[str, int] = {}
    cur = best = 0.0
    lo = 0
    for pos, t in hits:  # a sliding window over the term occurrences, in text order
        if not inside.get(t):
            cur += weights[t]
        inside[t] = inside.get(t, 0) + 1
        while hits[lo][0] < pos - window:
            out = hits[lo][1]
            inside[out] -= 1
            if not inside[out]:
                cur -= weights[out]
            lo += 1
        best = max(best, cur)
    return best / held if held else 0.0


# Proximity: dev R@1 .843→.855, MRR .906→.912, R@5 .982 at window 80 / bonus 0.3 (window 60–100 and
# bonus 0.1–0.3 all .846–.855; window 30–50 no gain; as a share of all the question's terms, which
# favours passages repeating the title's words, R@1 fell to .80–.84)
PROXIMITY_WINDOW = 80
PROXIMITY_BONUS = 0.3


# Attribute match: dev R@1 .819→.837, R@5 .976→.979, MRR .890→.902 at 0.3 (0.1–0.2: .834, 0.5: .837,
# 1.0: .822; held in the document title only — the words every passage of it shares — does not count)
HEAD_BONUS = 0.3
EXPANSION_WEIGHT = 0.5  # a thesaurus term counts half a question term


def word_weights(words: list[tuple[str, ...]], alpha: float | None = None) -> dict[str, float]:
    """Query weight of each term: every word of the question counts about alike, however many
    terms the analyser makes of it. Kiwi splits a compound into its parts and the index adds the
    joined pairs beside them ("산림복지단지" → 산림, 복지, 단지, 산림복지, 복지단지: five terms), so
    unweighted a long compound outvotes the one-morpheme word that carries the question's point
    (폐업, 취소). A word of n terms gives each 1/n**alpha; a term in several words sums."""
    alpha = WORD_ALPHA if alpha is None else alpha
    out: dict[str, float] = {}
    for terms in words:
        if not terms:
            continue
        w = 1.0 / len(terms) ** alpha
        for t in terms:
            out[t] = out.get(t, 0.0) + w
    return out


# Measured together on the benchmark's dev split and a scratch set of 42 questions on statutes no
# benchmark item uses (R@1 / R@5; before: dev .855/.982, scratch .690/.929):
# - boosts re-rank the top LEXICAL_POOL BM25 passages, not only the `candidates` kept for fusion:
#   a long 정의 article whose raw score is 40th can be the one holding the asked value
#   (pool 60/100/200: dev R@1 .861 all, R@5 .985; p95 latency 42/55/80 ms)
# - ACT_BONUS, the law the question names over its 시행령 (0.3 and 0.6 alike: dev R@1 +.003)
# - WORD_ALPHA 0.35 with the two above: dev .867/.982, scratch .762/.929 (alpha 0.5: dev .855/.982,
#   scratch .786/.952; alpha 1.0 lost dev R@1 .780 — a law's or a centre's long name is the point too)
# Tried and dropped: a prior for documents whose title holds the question's rarer terms (×2: dev R@5
# .982 → .988, pass .795 → .803, scratch unchanged) — in a two-document library every title term "discriminates",
# and the seed core suite lost a passage to the other document's title (core .750 → .733).
# Ablation on the benchmark (2026-11-30; one switch off at a time; dev 677 / val 178 items written by
# others on documents nobody tuned for; R@1 and pass, before: dev .841 / 529, val .720 / 107). Every
# bonus that moved val helps there: VALUE_BONUS off val R@1 .706, HEAD_BONUS .664, PROXIMITY_BONUS
# .713, ACT_BONUS .706, the anchor order .699 (R@5 .958 → .930), the law order .713, the definition
# pool .713; LABEL/CELL/YEAR/TURN/ARTICLE_BONUS, colloquial verbs, suffix stems, compound parts and
# title clips moved val by nothing. What lost val R@1: FAMILY_BONUS (off: .741, pass 109, but dev pass
# 525; now off for value questions, `rule_asked`) and the thesaurus groups (off: .741; all thesaurus
# off .755, but dev pass 526 and the heldout suite .769 → .731). Sharing a word's expansion weight
# among its synonyms or EXPANSION_WEIGHT 0.25 raised dev pass (+2/+3) and lowered val R@1 or the core
# suite, so neither was kept.
LEXICAL_POOL = 100
ACT_BONUS = 0.3
WORD_ALPHA = 0.35
# the act over its own decree when the question names no law: dev R@1 .838→.844, R@5 .976, statutes2
# .784/.979 unchanged (0.05: statutes2 R@1 .773; 0.2: dev .846 but statutes2 R@5 .979→.959).
# Switched off altogether it raised val (R@1 .720 → .741, pass 107 → 109 of 178) but lost dev pass
# 529 → 525: for questions asking a value only (`rule_asked`) it is off.
FAMILY_BONUS = 0.1


# a law word that names no law alone: "<이름> 특별법" is the law, "특별법" any of dozens
GENERIC_LAW = re.compile(r"(?:특별법|특례법|기본법|법률|법)")
DECREE = re.compile(r"시행령|시행규칙")


def named_laws(query: str) -> list[str]:
    """The laws a question names, spaces removed; a generic law word typed apart from its name
    ("<이름> 특별법", "<이름> 특례법") is joined to the word before it, and alone names none."""
    out = []
    for name in law_names(query):
        compact = re.sub(r"\s+", "", name)
        if GENERIC_LAW.fullmatch(compact):
            m = re.search(r"([가-힣ㆍ·]{2,30})\s+" + re.escape(name), query)
            if m is None:
                continue
            compact = m.group(1) + compact
        out.append(compact)
    return out


def law_family(title: str) -> str:
    """A statute's title without its decree word and spaces: 「주택법」, 「주택법 시행령」 and 「주택법
    시행규칙」 are one family."""
    return re.sub(r"\s+", "", DECREE.split(title)[0])


def acts_over_decrees(titles: dict[str, str]) -> set[str]:
    """The documents among `titles` (doc → title) that are an act whose own 시행령/시행규칙 is there
    too. With no law named, the act states the rule and its decree the detail it delegates; a
    question naming neither is more often about the rule."""
    decreed = {law_family(t) for t in titles.values() if DECREE.search(t)}
    return {d for d, t in titles.items() if not DECREE.search(t) and law_family(t) in decreed}


def rule_asked(query: str, laws: list[str], value: re.Pattern[str] | None) -> bool:
    """Does the question ask for a rule an act states rather than a detail its decree holds
    (`acts_over_decrees` applies)? Not when it names a law or a decree (those decide), nor when it
    asks for a figure, a period or a date: an act leaves those to its decree ("대통령령으로 정하는
    기간 내에"), and the decree's article carrying it out states them ("법 제8조제1항에 따른 선정은 …
    2개월 이내에")."""
    return not laws and not DECREE.search(query) and value is None


def is_named_act(title: str, laws: list[str]) -> bool:
    """Is the document the law the question names itself — not its 시행령/시행규칙, unless the
    question names those? "주택법" is 「주택법」, not 「주택법 시행령」; a shortened name matches
    by letter order ("이해충돌방지법")."""
    title = re.sub(r"\s+", "", title)
    for n in laws:
        if DECREE.search(title) and not DECREE.search(n):
            continue
        if n in title or abbreviates(n, title):
            return True
    return False


# a cell holding a figure, not a label: "1,284", "△4,230", "12.5%", "국비 50%" is a label (words)
NUMBER_CELL = re.compile(r"[△▲\-+]?\s*[\d,.]+\s*(?:%|%p|[가-힣]{0,2})?")
# Row × column lookup, for questions asking a figure: dev R@1 .828→.838 (genres2 .729→.771), no
# item lost; without the figure gate a yes/no question ("… 실시 여부는?") went to a summary table
# and its pass was lost; without ROW_MIN over the whole question a row holding one generic word
# (기간) of a title-heavy question won (three items lost)
CELL_BONUS = 0.3
LABEL_CELL_MAX = 30  # letters (spaces aside) of a row label cell
ROW_MIN = 0.3  # share of the question's weight a row's labels must hold themselves to be the one asked


def row_lookup_share(chunk: Chunk | None, weights: dict[str, float], shared: str = "",
                     names: frozenset[str] | set[str] = frozenset()) -> float:
    """How well a table answers the question as a lookup by row × column: the weight share of the
    question's terms that one row's label cells and the header (with the caption) hold, for the
    best row that holds a figure and names, in short label cells, at least ROW_MIN of the question's
    whole weight (places aside) itself ("<사업> … <연도> 예산안" → the row <사업> under the
    column <연도> 예산안). Terms in `shared` (the document title, which
    every passage of it carries) are left out; a row naming only the question's places (`names`)
    is no lookup. 0 for a passage that is no table."""
    if chunk is None or not chunk.rows or len(chunk.rows) <= chunk.header_rows:
        return 0.0
    asked = {t: w for t, w in weights.items() if t not in shared}
    total = sum(asked.values())
    whole = sum(w for t, w in weights.items() if t not in names)  # the title's terms too
    if total <= 0:
        return 0.0
    header = _compact(" ".join(" ".join(r) for r in chunk.rows[: chunk.header_rows]) + " " + (chunk.caption or ""))
    best = 0.0
    for row in chunk.rows[chunk.header_rows:]:
        figures = [c for c in row if NUMBER_CELL.fullmatch(c.strip())]
        # a label is short: a cell of sentences ("주요 지적내용") is text laid out in a grid
        label = _compact(" ".join(c for c in row if c not in figures and len(_compact(c)) <= LABEL_CELL_MAX))
        # the row must name what is asked, not only the place a question names ("<구>" in
        # "<구>청소년수련관" is the district every row of its report belongs to)
        if not figures or sum(w for t, w in asked.items() if t in label and t not in names) < ROW_MIN * whole:
            continue
        best = max(best, sum(w for t, w in asked.items() if t in label or t in header) / total)
    return best


# Bound Sino-Korean suffixes of money and amounts: "보조금" is the money of 보조, and statutes often
# write the root as a verb ("경비를 보조받기 위해서는") where a question names the money
MONEY_SUFFIX = re.compile(r"^([가-힣]{2,})[금비료액]$")


def suffix_stems(tokens: list[str], known: Callable[[str], bool]) -> list[str]:
    """The roots of the question's money nouns ("보조금" → 보조) that the index knows."""
    out = []
    for t in tokens:
        m = MONEY_SUFFIX.match(t)
        if m and known(m.group(1)) and m.group(1) not in tokens:
            out.append(m.group(1))
    return list(dict.fromkeys(out))


def known_parts(term: str, known: Callable[[str], bool]) -> list[str]:
    """The indexed words an unindexed compound is made of, read as Korean compounds are built
    (right-headed): indexed words of two or more syllables, then at most one bound syllable
    ("개소일" → 개소 + 일, "상임위" → 상임 + 위). Kiwi reads such a compound wrongly as often as
    not ("개소일은" → 개 + 소일), and the index then matches nothing of it. A syllable left over
    before or between the words is no head ("금지법" is not 금 + 지법, "행안부" not 행 + 안부)."""
    if len(term) < 3 or known(term) or not all("가" <= ch <= "힣" for ch in term):
        return []
    for body in (term, term[:-1]):
        words = _split_known(body, known)
        if words:
            return words
    return []


def title_clip_parts(term: str, titles: list[str], known: Callable[[str], bool],
                     tokens: Callable[[str], list[str]]) -> list[str]:
    """The words a two-syllable clip the index never saw stands for, read from the document titles:
    "행감" is 행(정사무)감(사) — a title word whose first part starts with the clip's first syllable
    and a later part with its second ("행정사무감사" → 행정, 감사). Two syllables fit hundreds of
    indexed words (`abbreviations.MIN_SHORT`), so only title words are read, and a clip fitting
    more than one reading is left alone."""
    if len(term) != 2 or known(term) or not all("가" <= ch <= "힣" for ch in term):
        return []
    readings: set[tuple[str, str]] = set()
    for title in titles:
        for word in re.split(r"[\s_·ㆍ,()]+", title):
            if len(word) < 4 or not word.startswith(term[0]) or term[1] not in word[1:]:
                continue
            parts = [t for t in tokens(word) if len(t) >= 2]
            first = next((p for p in parts if word.startswith(p)), None)
            later = next((p for p in parts if p[0] == term[1] and word.find(p) > 0 and not word.startswith(p)), None)
            if first and later and known(first) and known(later):
                readings.add((first, later))
    return list(readings.pop()) if len(readings) == 1 else []


def _split_known(text: str, known: Callable[[str], bool]) -> list[str]:
    """`text` as a sequence of indexed words of two or more syllables (fewest words), or []."""
    best: list[list[str] | None] = [None] * (len(text) + 1)
    best[0] = []
    for i in range(len(text)):
        if best[i] is None:
            continue
        for j in range(i + 2, len(text) + 1):
            if known(text[i:j]) and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = best[i] + [text[i:j]]
    return best[-1] or []


# "제9조를 위반한 사람은 …", "제12조제1항을 위반하여 신고하지 아니한 자": a penalty or sanction names
# what is forbidden only by the number of an article of the same text ("법 제9조" or 「…」 제9조 point
# into another text and are not matched)
VIOLATED = re.compile(r"(?<![가-힣」)])(?<![가-힣」][ \t])제\s*(\d+)\s*조(?:\s*의\s*(\d+))?(?=[^.\n]{0,25}?위반)")
ARTICLE_HEAD = re.compile(r"^\s*제\s*(\d+)\s*조(?:\s*의\s*(\d+))?")
# dev R@5 .977→.979, statutes2 R@5 .969→.979, R@1 unchanged at 0.3–0.6 (1.0: dev R@1 −.003);
# inheriting from every article cited by number, not only a violated one, lost dev R@1 (.851→.848)
INHERIT_BONUS = 0.5


def article_no(chunk: Chunk) -> str | None:
    """The article a statute passage belongs to ("제5조의2(…)" → "5의2"), from its own heading."""
    m = ARTICLE_HEAD.match(chunk.section[-1]) if chunk.section else None
    return (m.group(1) + (f"의{m.group(2)}" if m.group(2) else "")) if m else None


# for a question asking which article ("…정한 조항은?"), the article itself over prose mentioning it:
# dev R@1 .846 → .852 with pass unchanged (0.3 gave .850)
ARTICLE_BONUS = 0.6


def is_article(chunk: Chunk | None) -> bool:
    """Is the passage an article of a statute, ordinance or bill (its own heading 제N조, or the
    chunker's article kind) — not prose that mentions one ("제N조제M항 중 '<말>'을 … 추가함")?"""
    return chunk is not None and (chunk.kind == "article" or article_no(chunk) is not None)


def violated_articles(chunk: Chunk) -> set[str]:
    """Articles of its own text a passage says are violated ("제9조를 위반한" → {"9"}), itself aside."""
    cited = {m.group(1) + (f"의{m.group(2)}" if m.group(2) else "") for m in VIOLATED.finditer(chunk.text)}
    return cited - {article_no(chunk)}


def inherited_share(chunk: Chunk, articles: dict[tuple[str, str], list[Chunk]], weights: dict[str, float]) -> float:
    """The share of the question's weight that a passage lacks and the articles it says are violated
    hold: "제9조를 위반한 사람은 2년 이하의 징역…" is about what 제9조 forbids (누설, 비밀), though it
    never says so. Only articles in the pool (`articles`, by document and number) are read."""
    total = sum(weights.values())
    cited = violated_articles(chunk) if total else set()
    if not cited:
        return 0.0
    own = _compact(chunk.text)
    held = " ".join(_compact(c.text) for no in cited for c in articles.get((chunk.doc_id, no), []))
    return sum(w for t, w in weights.items() if t not in own and t in held) / total


# the years speech names relative to the day it is spoken: minutes, answers to questions and press
# releases say "올해 9월 말 기준" where a question types 2025; statutes' 전년도/당해 are generic, not here
RELATIVE_YEAR = {"올해": 0, "금년": 0, "작년": -1, "지난해": -1, "내년": 1, "다음해": 1, "재작년": -2}
_RELATIVE = re.compile("|".join(sorted(RELATIVE_YEAR, key=len, reverse=True)))
# for a passage lacking the question's year that its relative words name: dev R@1 .846 (+1 −1: a
# press release's '올해 … 지난해 408곳' sentence passes its table), R@5 .976→.978 (genres2 R@1
# .786→.800, R@5 .957→.971); 0.15 changed nothing
YEAR_BONUS = 0.3


def relative_years(text: str, doc_date: str | None) -> set[str]:
    """The calendar years a passage's relative year words stand for, read from its document's date
    ("올해" in minutes of 2025-10-28 → 2025, "작년" → 2024); none without a dated document."""
    m = re.match(r"((?:19|20)\d\d)", doc_date or "")
    if m is None:
        return set()
    year = int(m.group(1))
    return {str(year + RELATIVE_YEAR[w]) for w in _RELATIVE.findall(text)}


# a speaker's turn in minutes: "○청년정책과장 류승민  …", "○배수진 위원  …"
TURN = re.compile(r"^[ \t]*[○◯◎]\s*[가-힣]", re.M)
# as INHERIT_BONUS; dev unchanged (the dev library holds one such pair and no dev item asks about it)
TURN_BONUS = 0.5


def asked_before(chunk: Chunk, prev: Chunk | None) -> str:
    """The question a passage opening with a speaker's turn answers: the last turn of the passage
    before it in the same minutes, when that turn asks ("…<사업> 계획이 있습니까?"); "" otherwise.
    An official's answer ("<연도>부터 <횟수> … 하겠습니다") seldom repeats the member's words."""
    if prev is None or prev.doc_id != chunk.doc_id or not TURN.match(chunk.text):
        return ""
    turns = list(TURN.finditer(prev.text))
    last = prev.text[turns[-1].start():] if turns else ""
    return last if last.rstrip().endswith("?") else ""


def answered_share(chunk: Chunk, question: str, weights: dict[str, float]) -> float:
    """The share of the question's weight the passage lacks and the member's question it answers
    (`asked_before`) holds."""
    total = sum(weights.values())
    if not question or not total:
        return 0.0
    own, asked = _compact(chunk.text), _compact(question)
    return sum(w for t, w in weights.items() if t not in own and t in asked) / total


# names typed side by side with a coordinating particle or mark: "<시>랑 <시>", "<시>광역시와
# <시>광역시 중", "<시> <센터>와 <도> …" (a few words may stand between name and particle)
_COORDINATOR = r"[가-힣\s]{0,24}?(?:(?:이랑|랑|하고|와|과)\s+|\s*[,ㆍ·/]\s*|\s+및\s+)"


def anchor_groups(query: str, anchors: list[str]) -> list[list[str]]:
    """The question's names grouped so that a passage must name one of each group: names the
    question coordinates are alternatives (a comparison of 울산 and 대전 is answered by each
    one's own document, and a statute listing every 광역시 names both), any other name is a
    group of its own."""
    groups: list[list[str]] = []
    for a in anchors:
        if groups and re.search(re.escape(groups[-1][-1]) + _COORDINATOR + re.escape(a), query):
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


def names_place(name: str, where: str, heading: str) -> bool:
    """Does a passage name `name`: in its title, section or text as typed, or as a region's short
    form its title or section writes in full (`names_region`)?"""
    return name in where or names_region(name, heading)


class Retriever:
    def __init__(
        self, index: IndexReader, embedder: Embedder, analyzer: KoreanAnalyzer, settings: Settings,
        thesaurus: Thesaurus | None = None,
    ):
        self.index = index
        self.embedder = embedder
        self.analyzer = analyzer
        self.settings = settings
        self.thesaurus = thesaurus or load_thesaurus()
        dense_weight = settings.dense_weight
        if dense_weight is None:
            # the hashing default adds no meaning BM25 lacks: on the benchmark's dev split (332
            # items, 551 documents) fusing it hurt at every weight (R@1 .545/.563/.611/.660 at
            # 0.5/0.25/0.1/0), so it is off unless a neural model is configured
            dense_weight = 0.0 if embedder.name.startswith("hash") else 1.0
        self.dense_weight = dense_weight

    def _documents(self) -> dict[str, tuple[str, str | None]]:
        """doc → (title, date) of the library, read once per index reader."""
        if getattr(self, "_doc_cache", None) is None or self._doc_cache[0] is not self.index:
            self._doc_cache = (self.index, {d.doc_id: (d.title, d.date) for d in self.index.documents()})
        return self._doc_cache[1]

    def _titles(self) -> list[str]:
        return [t for t, _ in self._documents().values()]

    def _lexical(self, query: str, tokens: list[str], expansion: list[str], n: int) -> list[tuple[str, float]]:
        """BM25 over morphemes, each question word weighing about alike (`word_weights`), over the
        top LEXICAL_POOL passages; then passages of the law the question names (not its decree) gain ACT_BONUS,
        holding the asked kind of value (a date for "언제", a number in the asked unit for "몇 명")
        VALUE_BONUS, stating the asked attribute as a "label : value" line LABEL_BONUS, naming it
        in their own text or heading HEAD_BONUS, holding the question's terms close together up to
        PROXIMITY_BONUS, and a penalty clause up to INHERIT_BONUS for the question's words held by the
        article it says is violated. The best `n` are kept."""
        terms = word_weights(self.analyzer.word_tokens(query))
        for t in expansion:
            terms[t] = terms.get(t, 0.0) + EXPANSION_WEIGHT
        ranked = self.index.lexical.search_weighted(terms, max(n, LEXICAL_POOL))
        if not ranked:
            return ranked
        value = wanted_value(query)
        asked = set(tokens)
        chunks = {c.chunk_id: c for c in self.index.chunks([cid for cid, _ in ranked])}
        head = asked_attribute(query, self.analyzer)
        names = set(self.analyzer.anchors(query))
        kind = answer_type(query)
        figure_asked = kind == "number"  # a row × column lookup returns a figure
        article_asked = kind == "article"  # "…정한 조항은?": the article itself answers
        weights = {t: self.index.lexical.idf(t) for t in dict.fromkeys(tokens)
                   if t not in QUESTION_WORDS and not t[:1].isdigit() and len(t) >= 2}
        laws = [] if DECREE.search(query) else named_laws(query)  # a decree asked for: no preference
        acts = {d for d in {c.doc_id for c in chunks.values()} if laws and is_named_act(self.index.title(d), laws)}
        # no law named and no decree asked: the act over its own decree, both in the pool
        prior = set() if not rule_asked(query, laws, value) else acts_over_decrees(
            {d: self.index.title(d) for d in {c.doc_id for c in chunks.values()}})
        # a pool passage opening with a speaker's turn reads the question turn just before it
        by_ord = self.index.chunks_at((c.doc_id, c.ord - 1) for c in chunks.values() if TURN.match(c.text))
        years = set(question_years(query))
        dates = self._documents() if years else {}
        articles: dict[tuple[str, str], list[Chunk]] = {}  # body articles of the pool, for `inherited_share`
        for c in chunks.values():
            no = article_no(c)
            if no and not c.appendix:
                articles.setdefault((c.doc_id, no), []).append(c)

        def boost(cid: str) -> float:
            c = chunks.get(cid)
            if c is None:
                return 1.0
            return ((1 + ACT_BONUS * (c.doc_id in acts)) * (1 + FAMILY_BONUS * (c.doc_id in prior))
                    * (1 + INHERIT_BONUS * inherited_share(c, articles, weights))
                    * (1 + ARTICLE_BONUS * (article_asked and is_article(c)))
                    * (1 + TURN_BONUS * answered_share(c, asked_before(c, by_ord.get((c.doc_id, c.ord - 1))), weights))
                    * (1 + YEAR_BONUS * bool(years and not any(y in c.text for y in years)
                                             and years & relative_years(c.text, dates.get(c.doc_id, ("", None))[1])))
                    * ((1 + VALUE_BONUS * holds_value(c, value)) if value is not None else 1.0)
                    * (1 + LABEL_BONUS * states_asked_field(c, asked, self.analyzer))
                    * (1 + HEAD_BONUS * holds_attribute(c, head)) * (1 + PROXIMITY_BONUS * proximity(c, weights))
                    * ((1 + CELL_BONUS * row_lookup_share(c, weights, _compact(self.index.title(c.doc_id)), names))
                       if figure_asked else 1.0))

        return sorted(((cid, s * boost(cid)) for cid, s in ranked), key=lambda kv: -kv[1])[:n]

    def search(self, query: str, k: int) -> list[Hit]:
        n = max(self.settings.candidates, k)
        tokens = self.analyzer.tokens(query)
        # a verb the per-word reading missed ("안 연" → 열다) counts as an expansion, with its paraphrases
        context = self.analyzer.context_terms(query)
        known: Callable[[str], bool] = lambda t: t in self.index.lexical.vocab
        expansion = list(dict.fromkeys(context + self.thesaurus.expand(tokens + context)
                                       + suffix_stems(tokens, known)
                                       + [p for t in tokens for p in known_parts(t, known) if p not in tokens]
                                       + [p for t in tokens for p in title_clip_parts(t, self._titles(), known,
                                                                                      self.analyzer.tokens)
                                          if p not in tokens]))
        lexical = self._lexical(query, tokens, expansion, n)
        # with dense ranking off, it still fills in when BM25 finds too little (a question in words
        # the library never uses still gets its closest passages), always below every BM25 hit
        dense_weight = self.dense_weight if self.dense_weight > 0 else 1e-6
        dense = (
            self.index.dense_search(self.embedder.embed_query(f"{query} {self.thesaurus.expand_text(tokens)}"), n)
            if self.dense_weight > 0 or len(lexical) < k else []
        )
        fused: dict[str, float] = {}
        dense_rank: dict[str, int] = {}
        lexical_rank: dict[str, int] = {}
        rrf = self.settings.rrf_k
        for rank, (cid, _) in enumerate(dense, 1):
            fused[cid] = fused.get(cid, 0.0) + dense_weight / (rrf + rank)
            dense_rank[cid] = rank
        for rank, (cid, _) in enumerate(lexical, 1):
            fused[cid] = fused.get(cid, 0.0) + self.settings.lexical_weight / (rrf + rank)
            lexical_rank[cid] = rank
        term = defined_term(query)
        if term:
            # the defining item of a long 정의 article is often far down a BM25 ranking: look for
            # it among the passages that carry the term, and give it a place in the pool
            wide = [cid for cid, _ in self.index.lexical.search(self.analyzer.tokens(term), DEFINITION_POOL)]
            for c in self.index.chunks(wide):
                if defines(c, term):
                    fused.setdefault(c.chunk_id, 0.0)
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        # the fused pool is small (≤ 2 × candidates): read its chunks once for every re-ranking below
        chunks = {c.chunk_id: c for c in self.index.chunks([cid for cid, _ in ranked])}
        anchors = self.analyzer.anchors(query)
        groups = anchor_groups(query, anchors)
        laws = named_laws(query)

        def names_all(cid: str) -> bool:
            c = chunks.get(cid)
            if c is None:
                return False
            heading = f"{self.index.title(c.doc_id)} {c.section_path}"
            where = f"{heading} {c.text}"
            return all(any(names_place(a, where, heading) for a in g) for g in groups)

        def of_law(cid: str) -> bool:
            c = chunks.get(cid)
            if c is None or not laws:
                return True
            title = re.sub(r"\s+", "", self.index.title(c.doc_id))
            return any(n in title or abbreviates(n, title) for n in laws)

        if anchors or laws or term:
            # passages of the law the question names (abbreviations match by letter order), then
            # the passage defining the term a definition question asks about, then passages that
            # name the question's places/organisations come first
            ranked = sorted(ranked, key=lambda kv: (
                not of_law(kv[0]), not (term and defines(chunks.get(kv[0]), term)), not names_all(kv[0]), -kv[1]))
        if not asks_appendix(query):
            # stable: body passages keep their order, 부칙 passages move below them
            head = ranked[: max(k * 3, 20)]
            head = sorted(head, key=lambda kv: is_appendix(chunks.get(kv[0])))
            ranked = head + ranked[len(head):]
        ranked = ranked[:k]
        return [
            Hit(chunks[cid], score, i, dense_rank.get(cid), lexical_rank.get(cid))
            for i, (cid, score) in enumerate(ranked, 1)
            if cid in chunks
        ]
