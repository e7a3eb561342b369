"""Named features of an answer candidate, each a small pure function → [0, 1].

The scorer combines them with weights that are data (assistant/data/answer_weights.toml,
fitted on the benchmark's dev split by benchmarks/fit_answer_weights.py). Some features are
also *gates*: evidence about another entity, another year, another law or another article
never answers a question that names one, however well it scores otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..korean import KoreanAnalyzer
from ..tables import NUMBER, year_key
from .candidates import Candidate, cell_year, clean, field_label
from .question import ARTICLE_REF, QuestionFrame, abbreviates, question_years

DATE = re.compile(
    r"(?:19|20)\d\d\s*[년.\-/]\s*\d{1,2}\s*[월.\-/]\s*\d{1,2}|[’'‘]\d\d\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}"
    r"|(?:19|20)\d\d\s*년\s*\d{1,2}\s*월|\d{1,2}\s*월\s*\d{1,2}\s*일"
)
# "언제까지?" in a statute is answered by a time limit relative to an event, not a calendar date
DEADLINE = re.compile(
    r"\d+\s*(?:일|개월|년|주|시간|영업일)\s*(?:이\s*)?(?:이내|안에|내에|전까지|전에|전|까지|이\s*지난|지난\s*날|후|부터|마다)"
    r"|지체\s*없이|즉시|매(?:년|월|분기|반기)\s*\d|다음\s*(?:달|해|연도|회계연도)|말일|\d+\s*월\s*말"
)
DEFINITION = re.compile(r"[”\"'’」](?:이?란|이라\s*함은)|(?:이?란|이라\s*함은)\s|을\s*말한다|를\s*말한다|말한다\.?$")
CONDITION = re.compile(r"경우|다만|때에는|요건|자격|갖춘|한하여|한정하여|아니하면|이상이어야|이내에|해당하는\s*(?:자|사람|기관|법인)")
ORG = re.compile(r"[가-힣A-Za-z()]{2,}(?:기관|법인|협회|센터|재단|공단|공사|조합|위원회|연맹|대학교|학교|병원|회사|㈜|\(주\)|주식회사|본부|사무소|[부처청])(?![가-힣])")
# an address: a road and number, a floor, a district with its 동/읍/면/road, or a labelled 위치/주소
PLACE = re.compile(r"[가-힣]+(?:로|길)\s*\d+|\d+\s*층|[가-힣]+(?:시|구|군)\s+[가-힣]+(?:동|읍|면|리|로|길)(?![가-힣])|위\s*치\s*[:：]|소재지|주\s*소\s*[:：]")
# a web or mail address answers "홈페이지 주소는?" as a street address answers "주소는?"
WEB_ADDRESS = re.compile(r"(?:https?://)?[\w.-]+\.(?:go\.kr|or\.kr|re\.kr|ac\.kr|co\.kr|kr|com|net|org)(?:/\S*)?|[\w.-]+@[\w.-]+\.\w+")
# a name in quotes: a programme's, a campaign's, a document's ('…' 교육, 「…」)
# (「…」 is a law's name, and "X"란 defines a term: neither names the thing asked)
TITLED = re.compile(r"(?:‘([^’]{2,40})’|“([^”]{2,40})”|'([^']{2,40})')(?!\s*(?:이?란|이라|라고|라\s*한다))")
# a person named with the office or role they hold ("수석전문위원 정하윤", "김민수 의원")
_ROLE = r"(?:위원장|부위원장|전문위원|수석전문위원|입법조사관|조사관|의원|위원|의장|과장|팀장|국장|실장|센터장|원장|이사장|대표|대표자|청원인|소개의원|발의자|작성자|담당자|주무관)"
_NAME = r"[가-힣]{2}[가-힣](?<![은는이가을를의에서도와과로며고])"  # three syllables, not a word with its particle
PERSON = re.compile(rf"{_ROLE}\s*[:：]?\s*{_NAME}(?![가-힣])|(?<![가-힣]){_NAME}\s*{_ROLE}(?![가-힣])")
DATE_RANGE = re.compile(
    r"\d{2,4}\s*[.년]\s*\d{1,2}\s*[.월]\s*(?:\d{1,2}\s*[.일]?)?\s*[~∼\-–]\s*(?:\d{2,4}\s*[.년]\s*)?\d{1,2}\s*[.월]"
    r"|\d{1,2}\s*월\s*\d{1,2}\s*일\s*부터\s*(?:\d{2,4}\s*년\s*)?\d{1,2}\s*월\s*\d{1,2}\s*일\s*까지"
)
REVISION_NOTE = re.compile(r"<\s*(?:개정|신설|전문개정|본조신설|제목개정|타법개정|삭제|시행일)[^<>]{0,200}>")
OBLIGATION = re.compile(r"수\s*있다|하여야\s*한다|해야|필요|아니\s*된다|할\s*수\s*없다|받아야")
TOTAL_LABEL = re.compile(r"^(?:총계|합계|계|총|전체|소계)$")


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


OWN, LOCAL, WHERE = 1.0, 0.8, 0.5  # credit of a term found in each layer
HEAD_FIT = 0.8  # a candidate naming the asked quantity fits a direct answer (scorer answer_fit)
HEAD_CREDIT = 0.6 * LOCAL  # the asked attribute, or a thesaurus synonym of it, in the passage or its table/article context


def layers_of(c: Candidate, tokens: Callable[[str], list[str]], title_of: Callable[[str], str]) -> Layers:
    own_text = " ".join((c.row_label, c.col_label, c.value)) if c.kind == "cell" else c.text
    local = c.context
    if c.kind == "row" and c.header:
        local = f"{local} {' '.join(c.header)}"
    title = title_of(c.chunk.doc_id)
    where = f"{c.chunk.section_path} {title}"
    return Layers(
        frozenset(tokens(own_text)), frozenset(tokens(local)), frozenset(tokens(where)), frozenset(tokens(title)),
        _flat(own_text), _flat(local), _flat(where),
    )


@lru_cache(maxsize=65536)
def _flat(s: str) -> str:
    return re.sub(r"\s+", "", clean(s))


def term_credit(term: str, lay: Layers, related: Callable[[str], set[str]], known: bool,
                spelled: Callable[[str], set[str]] = lambda t: set()) -> float:
    """How well the candidate covers one question term: by layer; a thesaurus synonym counts
    0.6 of that — as an indexed term, or spelled out in the text when it is no content word
    ("예외" ~ "다만"); a term the corpus never indexed counts when it is part of a longer word."""
    best = 0.0
    syn = related(term)
    words = spelled(term)
    for toks, raw, w in ((lay.own, lay.own_raw, OWN), (lay.local, lay.local_raw, LOCAL), (lay.where, lay.where_raw, WHERE)):
        if term in toks:
            best = max(best, w)
        elif syn & toks or any(x in raw for x in words):
            best = max(best, 0.6 * w)
        elif (not known and len(term) >= 2 or len(term) >= 3) and term in raw:
            # Korean spacing varies: a compound written apart ("평가 대상") is the same word
            # ("평가대상"); a term the corpus never indexed counts inside a longer word
            best = max(best, 0.9 * w)
    return best


def term_coverage(frame: QuestionFrame, credit: dict[str, float]) -> float:
    """Share of the question's topic weight the candidate covers (credit-weighted)."""
    total = frame.total_weight
    return sum(frame.weights[t] * credit.get(t, 0.0) for t in frame.weights) / total if total > 0 else 0.0


def own_coverage(frame: QuestionFrame, lay: Layers) -> float:
    """Share of the topic weight in the candidate's own words (not its heading): what it adds."""
    total = frame.total_weight
    return sum(w for t, w in frame.weights.items() if t in lay.own) / total if total > 0 else 0.0


def head_match(frame: QuestionFrame, credit: dict[str, float], lay: Layers) -> float:
    """The asked attribute ("… 수탁기관은?") in the candidate or its table context. A section
    heading that merely mentions it does not count; the document's own title does when the
    attribute is what the document is ("이 동의안 언제 …?" is answered by the 동의안's fields).
    1.0 when the question names none."""
    if not frame.head:
        return 1.0
    def share(terms: list[str]) -> float:
        total = sum(frame.weights[t] for t in terms)
        got = sum(frame.weights[t] for t in terms if credit.get(t, 0.0) >= HEAD_CREDIT or t in lay.title)
        return got / total if total > 0 else 1.0

    # the event of a when-question counts on its own: a passage naming the subject but not
    # the event (선정, not 설립) does not date it
    head = share(frame.head)
    if head < HEAD_FIT and any(credit.get(t, 0.0) >= HEAD_CREDIT for t in frame.quantity):
        head = HEAD_FIT  # "운영 인원은?" answered by "인 원 : 12명": the asked quantity, named
    return min(head, share(frame.event)) if frame.event else head


def row_fit(frame: QuestionFrame, c: Candidate, tokens: Callable[[str], list[str]]) -> float:
    """A table row names what it holds: a row about something the question does not name
    (인건비 when 민간위탁금 is asked) answers less well than the total row or the named one."""
    if c.kind not in ("cell", "row") or not c.row_label.strip():
        return 1.0
    label = re.sub(r"\s", "", c.row_label)
    if TOTAL_LABEL.match(label):
        return 1.0
    words = [t for t in tokens(c.row_label) if not t[:1].isdigit()]
    if not words or any(t in frame.weights for t in words) or any(len(t) >= 2 and t in _flat(c.row_label) for t in frame.weights):
        return 1.0
    return 0.6


def answer_type_match(frame: QuestionFrame, c: Candidate) -> float:
    """Does the candidate hold the kind of thing the question asks for? (Revision notes such as
    "<개정 2020.1.7>" are the text's history, not its content, and are not read.)"""
    text = REVISION_NOTE.sub(" ", c.value if c.kind == "cell" else c.text)
    t = frame.answer_type
    if t == "number":
        if not NUMBER.search(_without_given(text, frame.text)):
            return 0.0  # the only numbers are the question's own (its year, 차수, article): no value
        if frame.unit is not None and "일" in frame.unit and DATE_RANGE.search(text):
            return 1.0  # "기간은?" answered by the span itself (2025. 7. 1. ~ 2028. 6. 30.)
        if frame.unit is None:
            return 1.0
        # a calendar date is not a duration: "2025년 6월 30일" does not answer "임기는 몇 년?"
        bare = DATE.sub(" ", text) if "년" in frame.unit else text
        if re.search(r"\d[\d,.]*\s*(?:[십백천만억]{1,2}\s*)?" + frame.unit, bare):
            return 1.0
        if c.kind in ("cell", "row") and not re.search(r"\d\s*[가-힣%]", text):
            return 0.8  # bare numbers in a table: the unit is in the caption
        if re.search(rf"[(（]\s*(?:단위\s*[:：]\s*)?{frame.unit}\s*[)）,]|단위\s*[:：]\s*{frame.unit}", c.context):
            return 0.8  # the caption or header states the unit: "(단위: 천원)", "인원(명)"
        return 0.2
    if t == "date":
        return 1.0 if DATE.search(text) else 0.9 if DEADLINE.search(text) else 0.3 if question_years(text) else 0.0
    if t == "article":
        if c.chunk.kind == "article" and c.kind == "paragraph":
            return 1.0
        return 0.6 if ARTICLE_REF.search(text) or c.chunk.kind == "article" else 0.1
    if t == "definition":
        if defines(frame, text):
            return 1.0
        return 0.5 if DEFINITION.search(text) else 0.2  # a definition, but of another term
    if t == "condition":
        return 1.0 if CONDITION.search(text) else 0.3
    if t == "place":
        return 1.0 if PLACE.search(text) or WEB_ADDRESS.search(text) else 0.2
    if t == "org":
        # an organisation the question itself names is the subject, not the answer
        asked = _flat(frame.text)
        named = [m for m in ORG.findall(text) if _flat(m) not in asked]
        titled = [m for m in TITLED.finditer(text) if _flat(m.group()) not in asked]  # '노동법 먹고 …' 교육
        return 1.0 if named or titled or PERSON.search(text) else 0.3
    if t == "yesno":
        return 1.0 if OBLIGATION.search(text) else 0.5
    return 1.0  # the question asks for no particular kind of value


NEAR, FAR = 25, 125  # characters between the asked attribute and a value: near counts fully, far not at all


def proximity(frame: QuestionFrame, c: Candidate) -> float:
    """In a long passage, is a value of the asked kind near the asked attribute? "임기는 2년으로
    한다" answers "임기는 몇 년?"; a paragraph naming 임기제공무원 in one clause and "2년" in
    another does not. 1.0 for labelled candidates (fields, cells) and for questions asking no
    number or date."""
    if c.kind in ("cell", "row", "field") or frame.answer_type not in ("number", "date"):
        return 1.0
    text = REVISION_NOTE.sub(" ", c.text)
    terms = [t for t in (frame.head + frame.event) if len(t) >= 2] or sorted(frame.weights, key=lambda t: -frame.weights[t])[:1]
    heads = [m.start() for t in terms for m in re.finditer(re.escape(t), text)]
    if frame.answer_type == "date":
        values = [m.start() for rx in (DATE, DEADLINE) for m in rx.finditer(text)]
    elif frame.unit:
        values = [m.start() for m in re.finditer(r"\d[\d,.]*\s*(?:[십백천만억]{1,2}\s*)?" + frame.unit, text)]
    else:
        values = [m.start() for m in NUMBER.finditer(_without_given(text, frame.text))]
    if not heads or not values:
        return 1.0  # nothing to measure: the other features decide
    d = min(abs(h - v) for h in heads for v in values)
    return 1.0 if d <= NEAR else max(0.0, 1.0 - (d - NEAR) / (FAR - NEAR))


def defines(frame: QuestionFrame, text: str) -> bool:
    """Does the text define a term the question asks about ("X"란 …, X이라 함은 …)? A 정의
    article defines many terms; the item defining the asked one answers."""
    flat = _flat(text)
    terms = set(frame.quoted) | {t for t in frame.head if len(t) >= 2} | {t for t in frame.entities if len(t) >= 2}
    # "X"란 …, X이라 함은 …, X은 … 말한다; in a list of categories, "2. X : …" defines X too
    return any(re.search(re.escape(t) + r"[\"'”’」]?(?:이?란|이라함은|은[^.]{0,80}말한다|[:：])", flat) for t in terms)


def _without_given(text: str, question: str) -> str:
    """The text without the numbers the question itself gives (its years, 차수, article numbers):
    a passage whose only number is the asked year holds no value."""
    given = {n.replace(",", "") for n in NUMBER.findall(question)}
    if not given:
        return text
    return NUMBER.sub(lambda m: " " if m.group().replace(",", "") in given else m.group(), text)


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


def entity_match(frame: QuestionFrame, lay: Layers, credit: dict[str, float]) -> float:
    """1 when every place/organisation the question names is in the candidate, its context,
    section or document title; 0 otherwise (a gate: another 센터's table never answers)."""
    if not frame.entities:
        return 1.0
    return 1.0 if all(credit.get(e, 0.0) > 0 or e in lay.where_raw for e in frame.entities) else 0.0


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
    found = set(question_years(f"{c.text} {c.context}"))
    if found:
        return 1.0 if found & set(frame.years) else 0.0
    around = set(question_years(f"{c.chunk.section_path} {lay.where_raw}"))
    if around:
        return 1.0 if around & set(frame.years) else 0.0
    return 0.5


def specifier_match(frame: QuestionFrame, c: Candidate, title_of: Callable[[str], str]) -> float:
    """제N조 / 제M항 / N차 the question names must be the candidate's own (a gate)."""
    where = f"{c.text} {c.context} {c.chunk.section_path}"
    for art, sub in frame.articles:
        pat = rf"제\s*{art}\s*조" + (rf"\s*의\s*{sub}" if sub else r"(?!\s*의\s*\d)")
        if not re.search(pat, where):
            return 0.0
    for n in frame.clauses:
        circled = chr(0x2460 + int(n) - 1) if 0 < int(n) <= 20 else "\0"
        if not re.match(rf"^\s*(?:{circled}|제\s*{n}\s*항)", c.text):
            return 0.0
    for n in frame.ordinals:
        if not re.search(rf"(?<![\d~∼]){n}\s*차", f"{where} {title_of(c.chunk.doc_id)}"):
            return 0.0
    # one of a set of mutually exclusive terms (상반기/하반기, 일반회계/특별회계, 세입/세출): a
    # passage naming only another member does not answer
    text = _flat(f"{where} {c.col_label} {c.row_label} {title_of(c.chunk.doc_id)}")
    asked = _flat(frame.text)
    for group in contrast_sets():
        named = {m for m in group if m in asked}
        if named and len(named) < len(group):
            found = {m for m in group if m in text}
            if found and not found & named:
                return 0.0
    return 1.0


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


def focus_covered(frame: QuestionFrame, credit: dict[str, float]) -> float:
    """How well the candidate covers the question's most specific term (the rarest word in the
    library): a passage missing it ("부의장" of "지방의회 의장·부의장 임기") is about something else."""
    topic = {t: w for t, w in frame.weights.items() if not t[:1].isdigit()}
    if not topic:
        return 1.0
    top = max(topic, key=lambda t: topic[t])
    return credit.get(top, 0.0)


GIVEN = re.compile(r"(?<![\d.,제])(\d+(?:\.\d+)?)\s*(일|시간|개월|년|세|명|회|점|분|%|퍼센트|배|호|권|곳|개|건|층|㎡|원)(?!\s*(?:마다|까지|이내))")


def given_values(question: str) -> list[str]:
    """Numbers with their counter that the question states as given ("180일 정기권", "2시간권",
    "70점 미만"), not years, article numbers or the asked quantity."""
    out = []
    for m in GIVEN.finditer(question):
        if m.group(2) == "년" and len(m.group(1)) == 4:
            continue  # a year: the period feature reads it
        out.append(m.group(1) + m.group(2))
    return out


def given_match(frame: QuestionFrame, lay: Layers) -> float:
    """Share of the question's stated figures ("180일", "2시간") the candidate or its labels
    hold: a fee table's 180-day row, not its 7-day row. 1.0 when the question states none."""
    given = given_values(frame.text)
    if not given:
        return 1.0
    raw = f"{lay.own_raw} {lay.local_raw}"
    return sum(g in raw for g in given) / len(given)


def law_match(frame: QuestionFrame, c: Candidate, title_of: Callable[[str], str]) -> float:
    """A law the question spells out must be the candidate's document (a gate)."""
    if not frame.laws:
        return 1.0
    home = _flat(f"{title_of(c.chunk.doc_id)} {c.chunk.section[0] if c.chunk.section else ''}")
    for law in frame.laws:
        name = _flat(law)
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


def compute_features(
    frame: QuestionFrame, c: Candidate, lay: Layers, credit: dict[str, float], analyzer: KoreanAnalyzer,
    title_of: Callable[[str], str],
) -> dict[str, float]:
    return {
        "coverage": term_coverage(frame, credit),
        "own_coverage": own_coverage(frame, lay),
        "head": head_match(frame, credit, lay) * row_fit(frame, c, analyzer.tokens),
        "answer_type": answer_type_match(frame, c),
        "entity": entity_match(frame, lay, credit),
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
        "unknown_covered": min((credit.get(t, 0.0) for t in frame.unknown), default=1.0),
    }
