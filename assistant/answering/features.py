"""Named features of an answer candidate, each a small pure function → [0, 1].

The scorer combines them with weights that are data (assistant/data/answer_weights.toml,
fitted on the benchmark's dev split by benchmarks/fit_answer_weights.py). Some features are
also *gates*: evidence about another entity, another year, another law or another article
never answers a question that names one, however well it scores otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..korean import KoreanAnalyzer
from ..tables import year_key
from ..regions import LOCAL_TITLE, names_region
from .abbreviations import clipped_in
from .aliases import Alias, named_in
from .answer_types import answer_type_match, flat as _flat, proximity
from .candidates import TOTAL_LABEL, Candidate, cell_year, field_label
from .question import QuestionFrame, abbreviates, question_years

# a local government's name as a question names it ("서울시", "마포구", "경기도"); its own ordinance's
# title is regions.LOCAL_TITLE
LOCAL_GOVERNMENT = re.compile(r"[가-힣]{2,}(?:특별시|광역시|특별자치시|특별자치도|시|도|구|군)$")


@dataclass(frozen=True)
class Layers:
    """A candidate's words where they stand, with how much they vouch for it."""

    own: frozenset[str]  # the quote itself (for a cell: row label + column header + value)
    local: frozenset[str]  # caption, header, article title
    where: frozenset[str]  # section path and document title
    title: frozenset[str]  # the document title alone
    own_raw: str
    local_raw: str
    where_raw: str
    title_raw: str = ""
    lead: frozenset[str] = frozenset()  # the passage's text just before the quote (lead_in)
    lead_raw: str = ""
    aliased: str = ""  # full names the passage calls by a short name its document defines (aliases)


OWN, LOCAL, WHERE = 1.0, 0.8, 0.5  # credit of a term found in each layer
LEAD = WHERE  # … and in the passage's lead-in (lead_in): the sentence before names the subject
# nouns that ask for a span of values, and the span as documents write it (spaces removed):
# "85점이상90점미만", "3~5년", "100만원초과"
RANGE_NOUNS = {"구간", "범위"}
RANGE = re.compile(r"\d[\d.,]*[가-힣%]{0,3}(?:이상|초과)\d[\d.,]*[가-힣%]{0,3}(?:이하|미만)|\d[\d.,]*[가-힣%]{0,3}[~∼]\d")
HEAD_FIT = 0.8  # a candidate naming the asked quantity fits a direct answer (scorer answer_fit)
HEAD_CREDIT = 0.6 * LOCAL  # the asked attribute, or a thesaurus synonym of it, in the passage or its table/article context


LEAD_IN = 400  # characters of the passage before a quote that may still speak of its subject


def lead_in(c: Candidate) -> str:
    """The passage's text before the quote, from the start of a line at most LEAD_IN characters
    back: a sentence's subject is often named in the one before it ("<기관>은 …. <연도> <수치 명사>는 …")."""
    if c.kind == "cell" or c.lo <= 0:
        return ""
    text = c.chunk.text[:c.lo]
    start = max(0, len(text) - LEAD_IN)
    if start:
        nl = text.find("\n", start)
        start = nl + 1 if nl >= 0 else len(text)
    return text[start:]


def layers_of(c: Candidate, tokens: Callable[[str], list[str]], title_of: Callable[[str], str],
              aliases: Sequence[Alias] = ()) -> Layers:
    own_text = " ".join((c.row_label, c.col_label, c.value)) if c.kind == "cell" else c.text
    local = c.context
    if c.kind == "row" and c.header:
        local = f"{local} {' '.join(c.header)}"
    title = title_of(c.chunk.doc_id)
    where = f"{c.chunk.section_path} {title}"
    lead = lead_in(c)
    own_raw, local_raw, where_raw, lead_raw = _flat(own_text), _flat(local), _flat(where), _flat(lead)
    aliased = named_in(aliases, f"{own_raw} {local_raw} {where_raw} {lead_raw}", c.chunk.section_path) if aliases else ""
    return Layers(
        frozenset(tokens(own_text)), frozenset(tokens(local)), frozenset(tokens(where)), frozenset(tokens(title)),
        own_raw, local_raw, where_raw, title, frozenset(tokens(lead)), lead_raw, aliased,
    )


def term_credit(term: str, lay: Layers, related: Callable[[str], set[str]], known: bool,
                spelled: Callable[[str], set[str]] = lambda t: set()) -> float:
    """How well the candidate covers one question term: by layer; a thesaurus synonym counts
    0.6 of that — as an indexed term, or spelled out in the text when it is no content word
    ("예외" ~ "다만"); a term the corpus never indexed counts when it is part of a longer word."""
    best = 0.0
    syn = related(term)
    words = spelled(term)
    for toks, raw, w in ((lay.own, lay.own_raw, OWN), (lay.local, lay.local_raw, LOCAL), (lay.where, lay.where_raw, WHERE), (lay.lead, lay.lead_raw, LEAD)):
        if term in toks:
            best = max(best, w)
        elif syn & toks or any(x in raw for x in words) or (_stem_of(term) in toks and term not in raw):
            # (a derived word written out in a longer one, 회부일 in 회부일자, is credited below)
            best = max(best, 0.6 * w)
        elif (not known and len(term) >= 2 or len(term) >= 3) and term in raw:
            # Korean spacing varies: a compound written apart ("평가 대상") is the same word
            # ("평가대상"); a term the corpus never indexed counts inside a longer word
            best = max(best, 0.9 * w)
        elif len(term) >= 2 and term not in raw and term in raw.translate(_NO_DOTS):
            # laws coordinate one-syllable nouns with a middle dot (시ㆍ도, 시ㆍ군ㆍ구); people type
            # them together (시도, 시군구)
            best = max(best, 0.9 * w)
        elif (not known or len(term) >= 4) and clipped_in(term, raw):
            best = max(best, 0.6 * w)  # a clipped form the passage writes in full (실거래 ~ 실제 거래)
        elif len(term) >= 2 and _headed_by(term, toks):
            best = max(best, 0.8 * w)  # Korean compounds are right-headed: a 바닥면적 is a 면적
        elif glossed_root_verb(term, raw):
            best = max(best, 0.6 * w)  # 겸직 asked, "겸(兼)할 수 없다" written
    if best < LOCAL and term in lay.title:
        best = LOCAL  # the document's own title: every passage of it is about what the title names
    return best


_NO_DOTS = str.maketrans("", "", "ㆍ·‧・")


# suffixes that derive a measure from a noun: 만족도 (degree), 응답률/이용율 (rate), 미집행분
# (portion), 사용량 (quantity), 결산액 (amount); a passage stating the measure often names only the noun
# ("87%가 만족"), so the noun counts for the derived word as a synonym does
# (likewise a date or a fee named by its event or service: 개소일 ~ "2022. 3. 2. 개소", 이용료 ~ "이용
# … 1만원")
DERIVING_SUFFIXES = ("도", "률", "율", "분", "량", "액", "일", "료")


def _stem_of(term: str) -> str:
    """"만족도" → "만족"; "" when the term is no such derived word (or its noun is one syllable)."""
    return term[:-1] if len(term) >= 3 and term.endswith(DERIVING_SUFFIXES) else ""


# statutes gloss a one-syllable Sino-Korean verb root with its Hanja ("겸(兼)할 수 없다", "과(科)한다"):
# the verb a two-syllable noun built on that root names (겸직, 겸임 ~ 겸하다)
GLOSSED_ROOT = re.compile(r"([가-힣])\([\u4e00-\u9fff]\)(?:하|할|한|해|함)")


def glossed_root_verb(term: str, raw: str) -> bool:
    """Is a two-syllable noun's first syllable written as a glossed one-syllable verb?"""
    return len(term) == 2 and any(m.group(1) == term[0] for m in GLOSSED_ROOT.finditer(raw))


def _headed_by(term: str, toks: frozenset[str]) -> bool:
    """Is there a compound in `toks` whose last word is `term` (바닥면적 for 면적)?"""
    return any(len(t) > len(term) and t.endswith(term) for t in toks)


def term_coverage(frame: QuestionFrame, credit: dict[str, float]) -> float:
    """Share of the question's topic weight the candidate covers (credit-weighted)."""
    total = frame.total_weight
    return sum(frame.weights[t] * credit.get(t, 0.0) for t in frame.weights) / total if total > 0 else 0.0


def own_coverage(frame: QuestionFrame, lay: Layers) -> float:
    """Share of the topic weight in the candidate's own words (not its heading): what it adds."""
    total = frame.total_weight
    return sum(w for t, w in frame.weights.items() if t in lay.own) / total if total > 0 else 0.0


def head_match(frame: QuestionFrame, credit: dict[str, float], lay: Layers, label: str = "") -> float:
    """The asked attribute ("… 수탁기관은?") in the candidate or its table context. A section
    heading that merely mentions it does not count; the document's own title does when the
    attribute is what the document is ("이 조례안은 언제 …?" is answered by the 조례안's fields).
    1.0 when the question names none."""
    if not frame.head:
        return 1.0
    def found(t: str) -> bool:
        # a range noun asked (RANGE_NOUNS) is met by a range of figures ("N점 이상 M점 미만")
        return credit.get(t, 0.0) >= HEAD_CREDIT or t in lay.title or (t in RANGE_NOUNS and bool(RANGE.search(lay.own_raw)))

    def share(terms: list[str]) -> float:
        # a part of a head compound the candidate covers is covered with it (개소일 → 소일)
        whole = [u for u in terms if found(u)]
        total = sum(frame.weights[t] for t in terms)
        got = sum(frame.weights[t] for t in terms if found(t) or any(t in u for u in whole))
        return got / total if total > 0 else 1.0

    # the event of a when-question counts on its own: a passage naming the subject but not
    # the event (선정, not 설립) does not date it
    head = share(frame.head)
    if head < HEAD_FIT and label and any(t in _flat(label) for t in frame.quantity):
        head = HEAD_FIT  # "상담 인원은?" answered by "인 원 : 9명": a label naming the asked quantity
    return min(head, share(frame.event)) if frame.event else head


def row_fit(frame: QuestionFrame, c: Candidate, tokens: Callable[[str], list[str]]) -> float:
    """A table row names what it holds: a row about something the question does not name
    (운영비 when the whole budget is asked) answers less well than the total row or the named one."""
    if c.kind not in ("cell", "row") or not c.row_label.strip():
        return 1.0
    label = re.sub(r"\s", "", c.row_label)
    if TOTAL_LABEL.match(label):
        # the total row answers a question about the whole table, not one naming another row
        asked = _flat(frame.text)
        return 0.6 if any(len(r) >= 2 and r in asked for r in c.table_rows) else 1.0
    words = [t for t in tokens(c.row_label) if not t[:1].isdigit()]
    if not words or any(t in frame.weights for t in words) or any(len(t) >= 2 and t in _flat(c.row_label) for t in frame.weights):
        return 1.0
    return 0.6


# a column that holds the scale or the aim, not the outcome: a score table's 배점/만점 is what a
# criterion can give, a 목표 column what was planned; a question that does not name it asks the
# result (득점, 실적) beside it
REFERENCE_COLUMN = re.compile(r"(?:배점|만점|목표치?)$")
# a question asking how much something grew or shrank names a table's change column
ASKS_CHANGE = re.compile(r"늘었|줄었|늘어|줄어|증가|감소|증감|차이|변동|올랐|내렸|떨어졌")
CHANGE_COLUMN = re.compile(r"증감|대비|차이|변동|증가|감소")


def column_core(header: str) -> str:
    """A column header without its year, period and unit ("2024년 결산(천원)" → "결산")."""
    h = re.sub(r"[(（][^)）]*[)）]", "", header)
    h = re.sub(r"(?:19|20)\d\d\s*년?도?|[’'‘]\d\d\s*년?|\d{1,2}\s*월|상반기|하반기|\d\s*분기", "", h)
    return _flat(h)


def column_named(frame: QuestionFrame, header: str) -> bool:
    """Does the question name this column? By a word of it (결산 in "결산액은?"), or — for a
    change column — by asking how much something grew or shrank."""
    core = column_core(header)
    if len(core) < 2:
        return False
    asked = _flat(frame.text)
    if core in asked or any(len(t) >= 2 and t in core for t in frame.weights):
        return True
    return bool(CHANGE_COLUMN.search(core)) and bool(ASKS_CHANGE.search(frame.text))


def column_fit(frame: QuestionFrame, c: Candidate) -> float:
    """A row × column lookup picks the column the question names: when it names one of the
    table's columns, the row's other cells answer less well; a reference column (배점, 목표) that
    it does not name is the scale beside the answer, not the answer."""
    if c.kind != "cell" or not c.header:
        return 1.0
    if column_named(frame, c.col_label):
        return 1.0
    if any(column_named(frame, h) for h in c.header[1:] if h != c.col_label):
        return 0.6
    return 0.5 if REFERENCE_COLUMN.search(column_core(c.col_label)) else 1.0


def label_of(c: Candidate) -> str:
    """A field's "라벨 :", a cell's or row's row and column labels; "" for prose."""
    if c.kind == "field":
        return field_label(c.text)
    if c.kind in ("cell", "row"):
        return f"{c.row_label} {c.col_label}"
    return ""


def label_match(frame: QuestionFrame, c: Candidate, tokens: Callable[[str], list[str]]) -> float:
    """Share of the topic weight in the candidate's *label*: a field's "라벨 :", a cell's row and
    column labels, a 항's article title. A label naming what is asked marks the value beside it
    as the answer (a "<X>일자 : …" field for a question asking when <X> happened)."""
    if c.kind == "field":
        label = field_label(c.text)
    elif c.kind in ("cell", "row"):
        label = f"{c.row_label} {c.col_label}"
    else:
        return 0.0  # an article title labels a whole article, not the one value asked for
    toks = set(tokens(label))
    raw = _flat(label)
    total = frame.total_weight
    got = sum(w for t, w in frame.weights.items() if t in toks or (len(t) >= 2 and t in raw))
    return got / total if total > 0 else 0.0


def entity_match(frame: QuestionFrame, c: Candidate, lay: Layers, credit: dict[str, float]) -> float:
    """1 when every place/organisation the question names is in the candidate, its context,
    section or document title — also by the short name its document defines for it
    (`aliases`: "특별회계" for 교도작업특별회계) —; 0 otherwise (a gate: another 센터's table never answers)."""
    national = c.chunk.kind == "article" and not LOCAL_TITLE.match(lay.title_raw)
    for e in frame.entities:
        # a region's short form (충북 ~ 충청북도) where the title or section writes it in full
        if (credit.get(e, 0.0) > 0 or e in lay.where_raw or e in lay.lead_raw or e in lay.aliased
                or names_region(e, f"{c.chunk.section_path} {lay.title_raw}")):
            continue  # named (also just before the quote), or named in full where the question clips it (서울시 ~ 서울특별시)
        if national and LOCAL_GOVERNMENT.search(e):
            continue  # a national law binds every 지방자치단체 without naming 서울시 or 마포구
        return 0.0
    # a body a report names in full ("도시계획국") must be named where a report answers; a
    # statute calls its bodies by the short name it defines ("위원회"), so articles are exempt
    if frame.institutions and c.chunk.kind != "article":
        raw = f"{lay.own_raw} {lay.local_raw} {lay.where_raw} {lay.lead_raw}"
        if not all(credit.get(e, 0.0) > 0 or e in raw or e in lay.aliased for e in frame.institutions):
            return 0.0
    return 1.0


def period_match(frame: QuestionFrame, c: Candidate, lay: Layers) -> float:
    """The year the question asks about: 1 when the candidate is about it, 0 when it is only
    about other years (a gate), 0.5 when the candidate names no year at all."""
    year = cell_year(c)
    if not frame.years:
        return 0.6 if year is not None else 1.0  # one year's cell answers a narrower question than asked
    if year is not None:
        return 1.0 if year in frame.years else 0.0
    header_years = {year_key(h.strip()) for h in (c.header or [])} - {None}
    if c.kind == "row" and header_years:
        # a year-by-year row holds the asked year's cell (the cell itself answers better)
        return 0.7 if header_years & set(frame.years) else 0.0
    if titled_other_year(frame, c, lay):
        return 0.0
    found = set(question_years(f"{c.text} {c.context}"))
    if found:
        return 1.0 if found & set(frame.years) else 0.0
    around = set(question_years(f"{c.chunk.section_path} {lay.where_raw}"))
    if around:
        return 1.0 if around & set(frame.years) else 0.0
    return 0.5


# "<연도>년(도) [<이름>] <명사>": a year bound to the noun it dates ("2024년도 가나구 결산검사")
YEAR_BOUND = r"((?:19|20)\d\d)\s*(?:년\s*도?|회계\s*연도)\s*(?:\([^)]{{0,6}}\)\s*)?(?:[가-힣]+\s+)?{noun}"
PARTICLE_END = re.compile(r"(?:은|는|이|가|을|를|의|에|에서|에는|도|와|과|로|으로)$")


def year_bound_nouns(text: str) -> list[tuple[str, str]]:
    """(year, noun) pairs a question binds: "2023년도 결산검사는" → ("2023", "결산검사")."""
    out = []
    for m in re.finditer(r"((?:19|20)\d\d)\s*(?:년\s*도?|회계\s*연도)\s*([가-힣]{2,})", text):
        noun = PARTICLE_END.sub("", m.group(2))
        if len(noun) >= 2:
            out.append((m.group(1), noun))
    return out


def titled_other_year(frame: QuestionFrame, c: Candidate, lay: Layers) -> bool:
    """The document's title binds another year to the noun the question dates ("2024년도 … 결산검사"
    for a question on the 2023년도 one) and neither the title nor the candidate binds the asked year to
    it: the whole document is about another year's <noun>, a date of the asked year in it notwithstanding."""
    for year, noun in year_bound_nouns(frame.text):
        pat = re.compile(YEAR_BOUND.format(noun=re.escape(noun)))
        in_title = {m.group(1) for m in pat.finditer(lay.title_raw)}
        if not in_title or year in in_title:
            continue
        if year in {m.group(1) for m in pat.finditer(f"{c.text} {c.context}")}:
            continue
        return True
    return False


def dated_elsewhere(frame: QuestionFrame, texts: list[str]) -> bool:
    """Do the texts (a document's retrieved passages and title) date the noun the question dates only
    to other years ("<연도 A> <명사>" and never "<연도 B> <명사>")? Then an undated passage of that document
    answers for those years, not the asked one."""
    for year, noun in year_bound_nouns(frame.text):
        pat = re.compile(YEAR_BOUND.format(noun=re.escape(noun)))
        bound = {m.group(1) for t in texts for m in pat.finditer(t)}
        if bound and year not in bound:
            return True
    return False


# a table's rows name members of one kind, written with one ending (부서: "…과", 자치구: "…구"); a
# question naming a member of that kind the table does not list is not answered by its rows
COMMON_GWA = re.compile(r"(?:결과|효과|성과|부과|통과|초과|경과|사과|학과|교과|전과)$")
NAME_PARTICLE = re.compile(r"(?:은|는|이|가|을|를|의|에서|에게|에|도|만|까지|부터)$")


def unlisted_member(frame: QuestionFrame, c: Candidate) -> bool:
    if c.kind not in ("cell", "row"):
        return False
    rows = {r for r in c.table_rows | {re.sub(r"\s", "", c.row_label)} if len(r) >= 2}
    if len(rows) < 3:
        return False
    endings: dict[str, int] = {}
    for r in rows:
        endings[r[-1]] = endings.get(r[-1], 0) + 1
    end, n = max(endings.items(), key=lambda kv: kv[1])
    if n < 0.6 * len(rows):
        return False
    table = _flat(c.chunk.text)
    for w in re.findall(r"[가-힣]{2,}", frame.text):
        w = NAME_PARTICLE.sub("", w) if not w.endswith(end) else w
        if (len(w) >= 3 and w.endswith(end) and not COMMON_GWA.search(w) and w not in rows
                and w not in table and not any(w in r or r in w for r in rows)):
            return True
    return False


# a numbered member of a series ("2급지", "3분기", "1순위", "2단계"): a passage naming only other
# members of the same series is about them, not the asked one
SERIES = re.compile(r"(?<![\d.,])(\d{1,2})\s*(급지|등급|급(?!지)|순위|단계|분기|권역|호선|학년|종(?![가-힣]))")


SERIES_SPAN = re.compile(r"(?<![\d.,])(\d{1,2})\s*(?:급지|등급|급|순위|단계|분기|권역|호선|학년|종)?\s*(?:[~∼\-–]|부터|에서)\s*(?:제\s*)?(\d{1,2})\s*(급지|등급|급(?!지)|순위|단계|분기|권역|호선|학년|종(?![가-힣]))")


def series_members(text: str) -> dict[str, set[str]]:
    """The numbered members of each series a text names; a span ("1~3등급", "1등급부터 3등급") names
    every member in it."""
    out: dict[str, set[str]] = {}
    for m in SERIES.finditer(text):
        out.setdefault(m.group(2), set()).add(m.group(1))
    for m in SERIES_SPAN.finditer(text):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo < hi <= lo + 20:
            out.setdefault(m.group(3), set()).update(str(n) for n in range(lo, hi + 1))
    return out


HALF_YEAR = re.compile(r"상반기|하반기")
PART_OF_YEAR = re.compile(r"반기|분기|\d{1,2}\s*월|\d{4}\s*\.\s*\d{1,2}\s*\.")


def specifier_match(frame: QuestionFrame, c: Candidate, title_of: Callable[[str], str]) -> float:
    """제N조 / 제M항 / N차 the question names must be the candidate's own (a gate)."""
    where = f"{c.text} {c.context} {c.chunk.section_path}"
    for art, sub in frame.articles:
        pat = rf"제\s*{art}\s*조" + (rf"\s*의\s*{sub}" if sub else r"(?!\s*의\s*\d)")
        if not re.search(pat, where):
            return 0.0
    for n in frame.clauses:
        circled = chr(0x2460 + int(n) - 1) if 0 < int(n) <= 20 else "\0"
        if not re.match(rf"^\s*(?:{circled}|제\s*{n}\s*항)", c.text) and not cites_clause(frame, c.text, n):
            return 0.0
    for n in frame.ordinals:
        if not re.search(rf"(?<![\d~∼]){n}\s*차", f"{where} {title_of(c.chunk.doc_id)}"):
            return 0.0
    if unlisted_member(frame, c):
        return 0.0
    asked_series = series_members(frame.text)
    if asked_series:
        has = series_members(f"{where} {c.col_label} {c.row_label} {' '.join(c.header or [])}")
        if any(has.get(k) and not has[k] & nums for k, nums in asked_series.items()):
            return 0.0
    # one of a set of mutually exclusive terms (상반기/하반기, 일반회계/특별회계, 세입/세출): a
    # passage naming only another member does not answer
    # (a table's header row stands with its cells: a 결산 table's 예산현액 column names 예산)
    text = _flat(f"{where} {c.col_label} {c.row_label} {' '.join(c.header or [])} {title_of(c.chunk.doc_id)}")
    asked = _flat(frame.text)
    # a half-year asked ("상반기"): a passage naming no part of a year at all (no 반기, 분기, 월) states a
    # whole year's or an undated figure
    if HALF_YEAR.search(asked) and not PART_OF_YEAR.search(text):
        return 0.0
    for group in contrast_sets():
        named = {m for m in group if m in asked}
        if named and len(named) < len(group):
            found = {m for m in group if m in text}
            if found and not found & named:
                return 0.0
    return 1.0


def cites_clause(frame: QuestionFrame, text: str, n: str) -> bool:
    """Does the passage name the asked 항 of an asked 조 itself ("제6조제2항의 개정규정은 …",
    "법 제9조제4항에 따라 …")? Then it is about that provision though it is another article's
    text (a 부칙 on when it takes effect, a decree carrying it out). A bare "제2항" is not enough:
    it may be any article's."""
    for art, sub in frame.articles:
        pat = rf"제\s*{art}\s*조" + (rf"\s*의\s*{sub}" if sub else r"(?!\s*의\s*\d)") + rf"\s*제\s*{n}\s*항"
        if re.search(pat, text):
            return True
    return False


@lru_cache(maxsize=1)
def contrast_sets() -> tuple[frozenset[str], ...]:
    path = Path(__file__).resolve().parent.parent / "data" / "contrasts.txt"
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append(frozenset(re.sub(r"\s+", "", w) for w in line.split(",") if w.strip()))
    return tuple(groups)


SUBORDINATE = re.compile(r"시행령|시행규칙")
# kinds of law text joined ("<법 종류>과 <법 종류>"): they name no law
GENERIC_LAW = re.compile(r"(?:법률?|시행령|시행규칙|조례|규칙|규정|지침|[과와및,ㆍ·]|그)+")


def focus_covered(frame: QuestionFrame, credit: dict[str, float]) -> float:
    """How well the candidate covers the question's most specific term (the rarest word in the
    library): a passage missing it ("감사" of "이사와 감사의 보수") is about something else."""
    topic = {t: w for t, w in frame.weights.items() if not t[:1].isdigit()}
    if not topic:
        return 1.0
    top = max(topic, key=lambda t: topic[t])
    return credit.get(top, 0.0)


GIVEN = re.compile(r"(?<![\d.,제])(\d+(?:\.\d+)?)\s*(일|시간|개월|년|세|명|회|점|분|%|퍼센트|배|호|권|곳|개|건|층|㎡|원)(?!\s*(?:마다|까지|이내))")


def given_values(question: str) -> list[str]:
    """Numbers with their counter that the question states as given ("90일 이용권", "3시간권",
    "60점 미만"), not years, article numbers or the asked quantity."""
    years = set(question_years(question))
    out = []
    for m in GIVEN.finditer(question):
        if m.group(2) == "년" and (m.group(1) in years or "20" + m.group(1) in years):
            continue  # a year ("2024년", "24년"): the period feature reads it
        out.append(m.group(1) + m.group(2))
    # a numbered member of a series ("2급지", "1순위") is stated as given too: a passage on the series
    # that does not name the asked member does not answer for it
    out += [n + k for k, nums in series_members(question).items() for n in sorted(nums) if n + k not in out]
    return out


def given_match(frame: QuestionFrame, lay: Layers) -> float:
    """Share of the question's stated figures ("90일", "3시간") the candidate or its labels
    hold: a fee table's 180-day row, not its 7-day row. 1.0 when the question states none."""
    given = given_values(frame.text)
    if not given:
        return 1.0
    raw = f"{lay.own_raw} {lay.local_raw}"
    return sum(_stated(g, raw) for g in given) / len(given)


# counters that count the same things: "18곳" of bodies is written "18개 기관"; "7인" is "7명"
SAME_COUNTER = {"곳": ("곳", "개", "개소"), "개": ("개", "곳", "개소"), "명": ("명", "인"), "회": ("회", "차례", "번")}


def _stated(given: str, raw: str) -> bool:
    """Is the stated figure in the text, with its counter or one counting the same things?"""
    m = re.fullmatch(r"([\d.]+)(.+)", given)
    if m is None:
        return given in raw
    return any(m.group(1) + unit in raw for unit in SAME_COUNTER.get(m.group(2), (m.group(2),)))


# a figure asked per unit ("톤당", "1인당", "가구당"): a passage stating it writes the unit with it
PER_UNIT = re.compile(r"(?:(?<=[\s\d])|^)(톤|kg|㎏|㎡|㎥|리터|ℓ|인|명|가구|세대|건|회|시간|대|개소|곳|km|㎞|평)\s*당")
SAME_UNIT = {"인": ("인", "명"), "명": ("명", "인"), "곳": ("곳", "개소", "개"), "개소": ("개소", "곳", "개"),
             "kg": ("kg", "㎏", "킬로그램"), "㎏": ("㎏", "kg", "킬로그램"), "km": ("km", "㎞"), "㎞": ("㎞", "km"),
             "톤": ("톤", "t"), "대": ("대", "대당")}


def per_unit_stated(frame: QuestionFrame, c: Candidate) -> bool:
    """Does the candidate write every unit the question asks a figure per ("톤당 몇 원") as a rate
    ("톤당", "1톤에", "1인 … 당")? A passage on the same charge that names no such unit states no rate."""
    text = f"{c.text} {c.context}"
    for m in PER_UNIT.finditer(frame.text):
        units = SAME_UNIT.get(m.group(1), (m.group(1),))
        if not any(re.search(rf"{re.escape(u)}\s*(?:당|에\s*대하여|마다)|1\s*{re.escape(u)}", text) for u in units):
            return False
    return True


def law_match(frame: QuestionFrame, c: Candidate, title_of: Callable[[str], str]) -> float:
    """A law the question spells out must be the candidate's document (a gate)."""
    laws = [law for law in frame.laws if not GENERIC_LAW.fullmatch(_flat(law))]
    if not laws:
        return 1.0
    home = _flat(f"{title_of(c.chunk.doc_id)} {c.chunk.section[0] if c.chunk.section else ''}")
    for law in laws:
        name = _flat(law)
        if name and re.search(re.escape(law) + r"」?\s*에\s*(?:따른|의한)", frame.text) and name in _flat(c.text):
            return 1.0  # "「X법」에 따른 <대상>" names what X defines; another law citing X may answer about it
        if not name or not (name in home or abbreviates(name, home)):
            continue
        # "「X법」 제35조" is the act's article, not its decree's: with an article named, the
        # decree or rule of the named act is another document
        if frame.articles and SUBORDINATE.search(home) and not SUBORDINATE.search(name):
            continue
        return 1.0
    return 0.0


def structure(frame: QuestionFrame, c: Candidate) -> float:
    """Where the candidate stands: 부칙 below the body unless asked; the total row for a
    total question; a 항 or field over a loose sentence."""
    if getattr(c.chunk, "appendix", False) and not frame.asks_appendix:
        return 0.0
    if frame.asks_total and c.kind in ("row", "cell"):
        return 1.0 if TOTAL_LABEL.match(re.sub(r"\s", "", c.row_label)) else 0.3
    return {"cell": 1.0, "field": 1.0, "paragraph": 0.9, "row": 0.8, "sentence": 0.7}.get(c.kind, 0.7)


# "…에 관하여 필요한 사항은 대통령령으로 정한다": a provision that hands a matter down to a decree,
# rule, ordinance or articles of association states no value of its own
DELEGATES = re.compile(
    r"^\s*(?:[①-⑳]\s*)?[^.]{0,120}?필요한\s*사항은\s*[^.]{0,40}?(?:대통령령|총리령|부령|조례|규칙|정관)(?:으로|로)\s*정한다")
# a question asking how or by what instrument a matter is set is answered by that hand-over
ASKS_INSTRUMENT = re.compile(r"정하|정해|정한|정할|위임")


def delegation(frame: QuestionFrame, c: Candidate) -> float | None:
    """0.0 for a candidate that only hands the matter down (DELEGATES) when the question asks a
    value, a list or a condition: the decree or rule it points to answers, and it stands among the
    candidates beside it (an act's "대통령령으로 정한다" vs the decree's "… 100분의 5 이내로 한다").
    None — left out of the score — otherwise: for a question asking who, which article, or by what
    instrument a matter is set, the hand-over is an answer."""
    if frame.answer_type in ("org", "article") or ASKS_INSTRUMENT.search(frame.text):
        return None
    return 0.0 if DELEGATES.match(c.text) else None


# "<조례>로 정하는 요건을 갖춘 <대상>", "<○○령>으로 정하는 <금액>": the attribute is named only as what
# another instrument sets; the provision states no value of its own for it
INSTRUMENT = r"((?:대통령령|총리령|[가-힣]{0,8}부령|[가-힣]{0,8}조례|[가-힣]{0,8}규칙|[가-힣]{0,8}고시|정관))"
HANDS_DOWN = INSTRUMENT + r"\s*(?:으로|로|이|에서)\s*정하는\s*(?:바에\s*따른\s*)?(?:[^\s.,\"“”]+\s+){0,2}?"
# the question asks by what, where or on what ground the matter is set: the hand-over answers it
ASKS_WHERE_SET = re.compile(r"무엇으로|무엇에서|어디서|어디에서|어느\s*(?:법|령|규정|조례)|(?:으로|로)\s*정하도록|위임|근거")


REFERENCE_NUMBERS = re.compile(r"제\s*\d+\s*(?:조(?:\s*의\s*\d+)?|항|호|목)|<[^>]*>|\d{4}\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}\.?|^\s*\d+\.\s", re.M)


def states_figure(text: str) -> bool:
    """A figure of its own (an age, an amount, a share) beyond article numbers, list marks and dates."""
    return bool(re.search(r"\d", REFERENCE_NUMBERS.sub("", text)))


def handed_down(frame: QuestionFrame, c: Candidate) -> str:
    """The instrument ("도조례", "대통령령") a provision hands the asked attribute down to — its head
    written as "<instrument>로 정하는 … <head>" — or "" (also when the question asks the instrument,
    who or which article, or when the phrase is quoted to be defined: '"<○○령>으로 정하는 <요건>"이란')."""
    if (c.chunk.kind != "article" or frame.answer_type in ("org", "article", "definition")
            or ASKS_WHERE_SET.search(frame.text) or states_figure(c.text)):
        return ""  # a definition, or a provision stating a figure of its own, hands only a part down
    for t in frame.head:
        if len(t) < 2:
            continue
        for m in re.finditer(HANDS_DOWN + re.escape(t), c.text):
            if re.match(r"[^\s\"“”]{0,6}\s*[\"”]", c.text[m.end():]) or re.search(r"[\"“]\s*$", c.text[:m.start()]):
                continue  # the handed-down term quoted to be defined: the decree defining it
            return m.group(1)
    return ""


def quoted_match(frame: QuestionFrame, lay: Layers) -> float:
    """Share of the phrases the question quotes ('사적 접촉') that the candidate's own words hold
    verbatim (spaces ignored); 1.0 when the question quotes nothing."""
    if not frame.quoted:
        return 1.0
    return sum(q in lay.own_raw or q in lay.local_raw for q in frame.quoted) / len(frame.quoted)


def retrieval_score(c: Candidate) -> float:
    return 1.0 / c.hit.rank


def credit_of(
    frame: QuestionFrame, lay: Layers, related: Callable[[str], set[str]], idf: Callable[[str], float],
    spelled: Callable[[str], set[str]] = lambda t: set(),
) -> dict[str, float]:
    """Per question term, how well the candidate covers it (see `term_credit`)."""
    return {t: term_credit(t, lay, related, idf(t) > 0, spelled) for t in frame.weights}


# a question asking what *must* be done ("반드시 <행위>해야 돼?") is answered by a rule that
# obliges ("… 대부한다", "… 취소하여야 한다"), not by one that permits ("… 할 수 있다")
MUST_ASKED = re.compile(r"반드시|꼭\s|의무적으로|의무가\s*있")
OBLIGES = re.compile(r"(?:하여야|해야|되어야)\s*한다|(?<!수\s)(?<!수)(?:한다|된다)(?=[.\s]*(?:<|\n|$|다만))")
PERMITS = re.compile(r"수\s*있다")


def modality_match(frame: QuestionFrame, c: Candidate) -> float:
    """1.0 when the question asks no obligation or the candidate states one; 0.3 when it only
    permits; 0.6 when it says neither."""
    if not MUST_ASKED.search(frame.text):
        return 1.0
    text = c.text
    if OBLIGES.search(text):
        return 1.0
    return 0.3 if PERMITS.search(text) else 0.6


def unknown_covered(frame: QuestionFrame, credit: dict[str, float]) -> float:
    """How well the candidate covers the topic words the library never uses (the least covered
    one); a part of such a word counts with it (개소일 read as 개 + 소일: 소일 is covered where
    개소일 is)."""
    def got(t: str) -> float:
        return max([credit.get(t, 0.0)] + [credit.get(u, 0.0) for u in frame.unknown if u != t and t in u])
    return min((got(t) for t in frame.unknown), default=1.0)


def compute_features(
    frame: QuestionFrame, c: Candidate, lay: Layers, credit: dict[str, float], analyzer: KoreanAnalyzer,
    title_of: Callable[[str], str],
) -> dict[str, float]:
    return {
        "coverage": term_coverage(frame, credit),
        "own_coverage": own_coverage(frame, lay),
        "head": head_match(frame, credit, lay, label_of(c)) * row_fit(frame, c, analyzer.tokens) * column_fit(frame, c),
        "answer_type": answer_type_match(frame, c),
        "entity": entity_match(frame, c, lay, credit),
        "period": period_match(frame, c, lay),
        "specifier": specifier_match(frame, c, title_of),
        "law": law_match(frame, c, title_of),
        "structure": structure(frame, c),
        "label": label_match(frame, c, analyzer.tokens),
        "quoted": quoted_match(frame, lay),
        "retrieval": retrieval_score(c),
        "focus": focus_covered(frame, credit),
        "given": given_match(frame, lay),
        "proximity": proximity(frame, c),
        "unknown_covered": unknown_covered(frame, credit),
        # only when the question asks what must be done (scorer.score leaves absent features out)
        **({"modality": modality_match(frame, c)} if MUST_ASKED.search(frame.text) else {}),
        # only for a provision that hands the asked matter down (a present 0 lowers the score)
        **({"delegation": d} if (d := delegation(frame, c)) is not None else {}),
    }
