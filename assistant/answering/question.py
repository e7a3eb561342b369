"""A question, read once: what it is about, what kind of answer it wants, what it pins down.

Everything downstream (candidate scoring, grading, rendering) reads this frame instead of
re-parsing the question. The cues below are the interrogative forms of Korean questions
("얼마", "몇 명", "언제", "어느 조항") — properties of the language, not of any document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..korean import LIGHT_HEADS, KoreanAnalyzer

AnswerType = str  # "number" | "date" | "article" | "org" | "place" | "contact" | "definition" | "condition" | "penalty" | "yesno" | ""

YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d\d)(?!\d)"  # 2024, 2024년, 2025.1.1.
    r"|[’'‘](\d\d)(?!\d)"  # ’24년
    r"|(?<![\d.~∼\-–])(\d\d)\s*년(?!\s*(?:간|이상|이내|이하|미만|초과|동안|째|차|만에|가량))"  # 22년 (not 15년간)
)
YEAR_RANGE = re.compile(r"(?<![\d.])(\d\d)\s*[~∼\-–]\s*(\d\d)\s*년")
ARTICLE_REF = re.compile(r"제\s*(\d{1,3})\s*조(?:\s*의\s*(\d{1,2}))?")
CLAUSE_REF = re.compile(r"제\s*(\d{1,2})\s*항")
ORDINAL = re.compile(r"(?<![\d~∼])(\d{1,2})\s*차(?!례|이|원|량|로)")
LAW_NAME = re.compile(r"「([^」]{2,60})」|([가-힣ㆍ·\s]{2,40}?(?:법률|법|시행령|시행규칙|조례|규칙|규정|지침))(?=[\s은는이가의에을를도상]|$)")
# the kinds of law: a question naming one says where the answer is written, not what it is
LAW_KIND = re.compile(r"법률|법령|시행령|시행규칙|조례|규칙|조례안|개정안|법")
# measure nouns name the kind of value asked (a number in a unit), not a topic the passage must
# repeat: "추정가격 한도는?" is answered by "2천만원 이하" — the answer-type feature checks them
MEASURE_NOUNS = {"한도", "상한", "하한", "금액", "액수", "기간", "기한", "비율", "규모", "수치", "최대", "최소", "최고", "최저",
                 "인원", "인원수", "횟수", "건수", "개수", "비중", "점수", "이하", "이상", "미만", "초과", "이내",
                 "총액", "합계액", "주기", "직급", "시점", "시한",
                 # kinds of value too: a department ("소관 부서는?" → "소방재난본부"), a contact
                 "부서", "연락처", "전화번호",
                 # the set of things a rule covers ("지원 대상은?" → "다음 각 호의 어느 하나에 해당하는 사람")
                 "대상"}
# the measure nouns that name a quantity a passage states as such ("인 원 : 12명", "규모: 40㎡"):
# a passage naming it answers the asked measure even when the noun before it is a modifier
# ("상담 인원"); bounds (상한, 이하) are not among them — every statute has them
QUANTITY_NOUNS = {"인원", "인원수", "금액", "액수", "기간", "기한", "비율", "규모", "점수", "횟수", "건수", "개수", "비중"}
# nouns that only carry the question's grammar ("며칠 안에", "…인 걸"), never its topic
NON_TOPIC = {"며칠", "걸", "거", "것", "안", "내", "이내", "뭐", "때", "등", "중", "하나", "동안"}

# Measure words → the unit a number answer should carry. Order matters: the first match wins.
UNIT_CUES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"몇\s*점|점수"), r"점"),
    (re.compile(r"몇\s*(?:명|인)|인원|정원"), r"(?:명|인)"),
    (re.compile(r"몇\s*건|건수"), r"건"),
    (re.compile(r"몇\s*(?:살|세)|나이|연령"), r"(?:세|살)"),
    (re.compile(r"몇\s*시(?!간)|시각"), r"(?:시|:\d\d)"),
    (re.compile(r"몇\s*(?:미터|m|킬로미터|km|센티미터|cm)(?![a-z])"), r"(?:m|미터|킬로미터|km|센티미터|cm)"),
    (re.compile(r"몇\s*(?:개월|달)"), r"개월"),
    # "몇 년마다": a cycle, not any number of years; "몇 년": years; "기간/임기": any duration
    (re.compile(r"몇\s*(?:년|개월|달|일|주)\s*마다|주기"), r"(?:년|개월|월|일|주)\s*(?:마다|단위|주기)"),
    (re.compile(r"몇\s*(?:년|해)(?!도)|몇\s*년\s*(?:간|이내|동안)"), r"년"),
    (re.compile(r"기간은?|임기|얼마\s*(?:동안|오래)|얼마나\s*(?:오래|걸려|걸리)"), r"(?:년|개월|일|주|시간)"),
    (re.compile(r"며칠|몇\s*일"), r"일"),
    (re.compile(r"몇\s*급|직급"), r"급"),  # a civil service grade: "4급 공무원"
    (re.compile(r"몇\s*(?:퍼센트|%)|비율|[율률](?:은|는|이|가)?\s*(?:얼마|몇|[?？]|$)|퍼센트"), r"(?:%|퍼센트|분의)"),
    (re.compile(r"몇\s*(?:개|곳|개소)"), r"(?:개|곳|개소)"),
    # how much is taken off is said as a share or an amount ("100분의 50을 감면", "2천원 할인")
    (re.compile(r"얼마(?:나|만큼)?\s*(?:감면|할인|경감|인하|감액)|(?:감면|할인|경감)(?:율|률|폭)?(?:은|는|이|가)?\s*얼마"),
     r"(?:%|퍼센트|분의|원)"),
    # a money noun asked about: 금액, 예산, 한도, …금 / …비 / …료 / …액 (위탁금, 사업비, 수수료, 지원액)
    (re.compile(r"(?:금액|예산|한도|[가-힣](?:금|비|료|액))(?:은|는|이|가|을|를)?\s*(?:얼마|몇)"), r"(?:원|천원|백만원|억원|만원)"),
]
# "이사 수는?", "지점 수가 몇 개야?": a count asked by the noun 수
COUNT_CUE = re.compile(r"(?<![가-힣])수(?:는|가|를|도)?\s*(?:몇|얼마|[?？]|$)")
# "… 지원 금액은?", "… 한도는?": a question ending on a measure noun asks for a number
MEASURE_END = re.compile(r"(?:총액|금액|액수|한도|상한|하한|규모|비율|비중|점수|총점|인원|건수|횟수)(?:은|는|이|가)?\s*[?？]*\s*$")
# a compound ending in an institution's kind, with at least two letters of name before it
INSTITUTION = re.compile(r"[가-힣]{2,}(?:센터|재단|공단|공사|협회|도서관|복지관|본부|연구원|진흥원|지원단|의료원|문화원|수련관)$")
# a point or limit in time asked by its noun ("<사건> 시점은?", "<행위> 기한은?"): a date or a
# time limit answers it, unless the question counts it ("며칠", "몇 년")
TIME_NOUN_CUE = re.compile(r"시점|(?<![가-힣])기한|시한")
NUMBER_CUE = re.compile(r"얼마|몇|금액|액수|규모|한도|수치|이상|이하|기간|비율|점수|인원")
DATE_CUE = re.compile(r"언제|날짜|일자(?!리)|시기|시행일|언제부터|언제까지"
                      # a point asked by which month or year it is ("어느 달에", "몇 월에", "몇 년도에")
                      r"|어느\s*(?:달|해(?!당)|날|연도|때)|몇\s*월(?:달|에|부터|까지)?(?![가-힣])|몇\s*(?:년도|연도)"
                      # a question ending on a day noun derived from its event: 개소일은?, 지급일은?
                      r"|[가-힣]{2,}일(?:은|는|이|가)?\s*[?？]*\s*$")
ARTICLE_CUE = re.compile(r"근거(?:\s*조항|\s*조문|\s*규정|\s*법령|가|는|는\s*뭐|\s*[가-힣]*\s*(?:어디|뭐|무엇))|몇\s*조|어느\s*(?:조|조항|조문|규정|법)|무슨\s*(?:조|법|규정)|조항(?:은|이|을)?|조문(?:은|이|을)?")
# "<몫>은 어디서 정해?", "<요율>은 어디에 따라?": the instrument that sets it, not the figure
SOURCE_CUE = re.compile(r"어디(?:에|에서|서)?\s*(?:따르|따라|따른|정하|정해|정한|규정)")
CONTACT_CUE = re.compile(r"연락처|전화\s*번호|전화|이메일|메일\s*주소|팩스")
PLACE_CUE = re.compile(r"어디에\s*있|위치|소재지|주소")
# "<기관>은?" asks for the body; "<기관>이 <평가>에서 얻은 <점수>는?" only names it as the subject
ORG_CUE = re.compile(r"이름|명칭|어디(?:야|에서|서|인가|로|냐)?|누구|누가|어느\s*기관|기관(?:은|이)(?![가-힣])(?!.*(?:수\s*있|되나|돼\?|가능|해야|인가\?|맞아|맞나))|수탁(?:기관|자)(?:는|은|가|이)\s*(?:어디|누구|[?？]|$)|담당(?:자|부서)|소관")
# "…은 어디까지야?" asks how far a term reaches — what it covers, as its definition says
DEFINITION_CUE = re.compile(r"어디\s*까지|(?:이|가)?란\s*(?:뭐|무엇)|뜻|(?<![가-힣])정의|용어\s*정의|의미|개념|(?:무엇|누구)을?를?\s*말|어떤\s*[가-힣]+[을를]\s*말")
QUOTED = re.compile(r"[‘'\"“]([^’'\"”]{2,40})[’'\"”]")
# "어떤 경우에 …?" asks a condition; "<행위>한 경우 <X>은 어떻게 되나?" states one as its premise
# "<위반>의 처벌 수위는?": the sanction a statute sets for a breach
PENALTY_CUE = re.compile(r"벌칙|처벌|벌금|징역|형벌|제재")
CONDITION_CUE = re.compile(r"요건|조건|어떤\s*경우|경우(?:는|가|엔|에는|에만)?\s*(?:[?？]|$|뭐|무엇|어떤|언제)"
                           r"|언제\s*(?:가능|할\s*수)|단서|예외|자격")
YESNO_CUE = re.compile(r"(?:가능|해야|필요|되나|돼\?|되는지|되니|있나|있어\?|있는지|하나\?|인가\?|맞아|맞나|할\s*수\s*있)")
TOTAL_CUE = re.compile(r"총\s|총계|합계|합산|총액|전체\s*(?:건수|실적|규모|금액)|모두\s*합")
APPENDIX_CUE = re.compile(r"부칙|시행일|경과\s*조치|적용례")


@dataclass
class QuestionFrame:
    text: str
    weights: dict[str, float]  # topic term → weight (IDF-based)
    answer_type: AnswerType
    unit: str | None  # regex of the unit a number answer must carry, if the question names one
    years: list[str]
    entities: list[str]  # proper nouns and compounds built on them: evidence must name them
    laws: list[str]  # law/ordinance names the question spells out
    articles: list[tuple[str, str]]  # (조, 의) the question names
    clauses: list[str]  # 항 numbers the question names
    ordinals: list[str]  # 차수
    head: list[str]  # terms of the asked attribute ("… 수탁기관은?" → 수탁기관)
    asks_total: bool
    asks_appendix: bool
    unknown: list[str] = field(default_factory=list)  # topic nouns the corpus never uses
    quoted: list[str] = field(default_factory=list)  # phrases the question puts in quotes ('사적 접촉'), spaces removed
    event: list[str] = field(default_factory=list)  # a when-question's event ("언제 개관했어?" → 개관)
    quantity: list[str] = field(default_factory=list)  # the asked quantity noun ("상담 인원은?" → 인원)
    institutions: list[str] = field(default_factory=list)  # named bodies ("도시계획국", "청소년상담센터")

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values())


# native Korean words for short periods, read as the figures statutes write ("하루" → "1일",
# "한 달" → "1개월"): a question stating a period states a given, not a topic word
NATIVE_PERIODS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"하루(?![가-힣]*종일)"), "1일"), (re.compile(r"이틀"), "2일"), (re.compile(r"사흘"), "3일"),
    (re.compile(r"나흘"), "4일"), (re.compile(r"열흘"), "10일"), (re.compile(r"보름"), "15일"),
    (re.compile(r"일주일"), "1주"), (re.compile(r"(?<![가-힣])한\s*해(?![가-힣])"), "1년"),
    (re.compile(r"(?<![가-힣])(한|두|세|네|여섯)\s*달(?![가-힣]*(?:성|력))"), ""),
    (re.compile(r"반년"), "6개월"),
]
NATIVE_COUNT = {"한": "1", "두": "2", "세": "3", "네": "4", "여섯": "6"}


def spelled_periods(text: str) -> str:
    """The question with native period words written as figures ("하루·한 달" → "1일·1개월")."""
    for rx, figure in NATIVE_PERIODS:
        text = rx.sub(lambda m: figure or f"{NATIVE_COUNT[m.group(1)]}개월", text)
    return text


def question_years(text: str) -> list[str]:
    text = YEAR_RANGE.sub(lambda m: f"{m.group(1)}년 {m.group(2)}년", text)
    out = [m.group(1) or "20" + (m.group(2) or m.group(3)) for m in YEAR.finditer(text)]
    return list(dict.fromkeys(out))


def answer_type(question: str) -> AnswerType:
    """What kind of thing answers the question, from its interrogative form."""
    if ARTICLE_CUE.search(question):
        return "article"
    if DEFINITION_CUE.search(question):
        return "definition"
    if DATE_CUE.search(question) or (TIME_NOUN_CUE.search(question) and not re.search(r"몇|며칠|얼마", question)):
        return "date"
    if SOURCE_CUE.search(question):
        return "org"
    if (any(rx.search(question) for rx, _ in UNIT_CUES) or re.search(r"얼마|몇", question) or COUNT_CUE.search(question)
            or MEASURE_END.search(question)):
        return "number"
    if PENALTY_CUE.search(question):
        return "penalty"
    if CONTACT_CUE.search(question):
        return "contact"
    if PLACE_CUE.search(question):
        return "place"
    if ORG_CUE.search(question):
        return "org"
    if CONDITION_CUE.search(question):
        return "condition"
    if YESNO_CUE.search(question) and not re.search(r"어떻게|어떤|무엇|뭐|누가|어디", question):
        return "yesno"  # "…은 어떻게 되나요?" asks how, not whether
    return ""


def expected_unit(question: str) -> str | None:
    for rx, unit in UNIT_CUES:
        if rx.search(question):
            return unit
    return None


# common nouns that end like a law name ("방법", "불법") are not laws
NOT_LAW = re.compile(r"(?:방|불|위|적|입|해|기|문|합|편|용|수|요)법$|규정$")


def law_names(question: str) -> list[str]:
    out = []
    for m in LAW_NAME.finditer(question):
        name = (m.group(1) or m.group(2) or "").strip()
        if m.group(2):
            name = name.split()[-1] if not re.search(r"(?:시행령|시행규칙)$", name) else " ".join(name.split()[-2:])
            if NOT_LAW.search(name.split()[0]) or NOT_LAW.search(name):
                continue
        if len(re.sub(r"\s", "", name)) >= 3:
            out.append(name)
    return out


def read_question(
    question: str,
    analyzer: KoreanAnalyzer,
    idf: Callable[[str], float],
    related: Callable[[str], set[str]] = lambda t: set(),
    clipped: Callable[[str], str | None] = lambda t: None,
) -> QuestionFrame:
    question = spelled_periods(question)
    years = question_years(question)
    year_tokens = set(years) | {y[2:] for y in years}
    terms = [t for t in dict.fromkeys(analyzer.focus_terms(question)) if t not in year_tokens and t not in NON_TOPIC]
    reading = analyzer.sentence_reading(question)
    terms = _reread(terms, reading, idf)
    known = [idf(t) for t in terms if idf(t) > 0]
    unknown_weight = max(known, default=3.0) * 1.2  # a word the corpus never uses weighs most
    predicate = analyzer.predicate_terms(question)
    verbs = analyzer.verb_terms(question)

    def weight(t: str) -> float:
        if t[:1].isdigit():
            return 0.3 * idf(t) if idf(t) > 0 else 0.5  # a number in a question is a given, not a topic
        verb = 0.4 if t in predicate else 0.5 if t in verbs else 1.0
        if t in LIGHT_HEADS:
            verb = 0.3
        if idf(t) > 0:
            return verb * idf(t)
        syn = [idf(s) for s in related(t) if idf(s) > 0]
        if syn:
            return verb * max(syn)
        return 0.5 * unknown_weight if verb < 1 else unknown_weight

    weights = {t: weight(t) for t in terms}
    known_terms = {t for t in terms if idf(t) > 0}

    def indexed(part: str) -> bool:
        return len(part) >= 2 and idf(part) > 0

    for t in terms:
        if t not in known_terms and _composed_of(t, indexed):
            # "질병"+"휴직" → "질병휴직": a compound of known words the corpus writes apart
            weights[t] = 0.3 * max(idf(t[i:j]) for i in range(len(t)) for j in range(i + 2, len(t) + 1))
    # a proper noun the corpus never uses cannot be matched in evidence; the unknown-topic
    # check handles it (Kiwi also tags some rare common nouns as proper)
    proper = [p for p in analyzer.anchors(question) if idf(p) > 0]
    entities = [t for t in weights if idf(t) > 0 and any(t == p or (len(p) >= 2 and (t.startswith(p) or t.endswith(p))) for p in proper)]
    # a topic word the library never uses: not a word the analyser made by joining spaced single
    # letters ("안 산" → 안산), nor a clipped form of an indexed term or title (행안위, 정보공개법)
    written = question.lower()
    names = {p.lower() for p in analyzer.anchors(question)}
    for t in [t for t in weights if len(t) == 2 and idf(t) == 0 and t in written]:
        full = clipped(t)
        if full and not full.startswith(t):
            # a two-letter clip of a title word (행감): read as the word it clips, whose terms a
            # passage writes; the clip itself no passage writes
            for gone in (t, *t):  # the clip and the single letters the analyser split it into
                weights.pop(gone, None)
            for part in analyzer.tokens(full):
                if idf(part) > 0 and part not in weights:
                    weights[part] = idf(part)
    unknown = [
        t for t in weights
        if idf(t) == 0 and not t[:1].isdigit() and t not in verbs and t not in LIGHT_HEADS
        and not any(idf(r) > 0 for r in related(t)) and not _composed_of(t, indexed)
        and t in written and (len(t) < 3 or clipped(t) is None)  # a two-letter clip: a name only (below)
        and not _glossed(t, written, idf, analyzer) and not _clipped_word(t, written, terms, clipped)
        and not (t in names and _named_in(t, clipped)) and not _negated(reading.get(t, ()), idf)
    ]
    event = _event(question, analyzer, weights, verbs)
    return QuestionFrame(
        text=question,
        weights=weights,
        answer_type=answer_type(question),
        unit=expected_unit(question),
        years=years,
        entities=entities,
        laws=law_names(question),
        articles=ARTICLE_REF.findall(question),
        clauses=CLAUSE_REF.findall(question),
        ordinals=ORDINAL.findall(question),
        head=_head(question, analyzer, weights, event),
        event=event,
        quantity=[t for t in weights if t in QUANTITY_NOUNS],
        institutions=[t for t in weights if idf(t) > 0 and t not in entities and INSTITUTION.search(t) and t in question],
        asks_total=bool(TOTAL_CUE.search(question)),
        asks_appendix=bool(APPENDIX_CUE.search(question)),
        unknown=unknown,
        quoted=[re.sub(r"\s+", "", q) for q in QUOTED.findall(question)],
    )


def _head(question: str, analyzer: KoreanAnalyzer, weights: dict[str, float], event: list[str]) -> list[str]:
    """The asked attribute's terms (measure nouns excepted), and a when-question's event."""
    # the word after 몇 is the unit asked in ("몇 미터로", "몇 세대"), not the attribute
    # a head the analyser made up (미집행분 read as 미집행부 + ㄴ) is not in the question's letters
    written = re.sub(r"\s+", "", question).lower()
    # a noun ending in the counter the question asks in ("총점 몇 점", "일수는 며칠") is the
    # measure itself, as 금액 is: the noun it measures is the attribute
    counters = set(re.findall(r"몇\s*([가-힣])", question)) | ({"일"} if "며칠" in question else set())
    counted = {t for t in weights if len(t) >= 2 and t[-1] in counters}
    laws = {re.sub(r"\s+", "", n) for n in law_names(question)}
    def read(clauses: bool) -> list[str]:
        head = [t for t in analyzer.head_terms(question, MEASURE_NOUNS | counted, clauses=clauses) if t in weights
                and not re.search(rf"몇\s*{re.escape(t)}", question) and t in written]
        # the law a question names is where to look, not what is asked ("시행령상 비율은?"), and
        # so are the parts of its name (시행 of 시행규칙)
        source = [t for t in head if LAW_KIND.fullmatch(t) or t in laws]
        return [t for t in head if not any(t in s for s in source)]

    # a clause's relation or an adjunct is no head while the question names something else; when
    # it names nothing else (a bill "…은 본회의에서 가결됐나?") the last noun still is
    head = read(True) or ([] if event else read(False))
    return head + [t for t in event if t not in head]


def _event(question: str, analyzer: KoreanAnalyzer, weights: dict[str, float], verbs: set[str]) -> list[str]:
    """A when-question asks about the event its predicate names ("언제 개관했어?" → 개관): that
    noun must be in the answer too, however rare the subject's name beside it."""
    if answer_type(question) != "date":
        return []
    return [t for t in analyzer.predicate_terms(question)
            if t in weights and t not in verbs and not t[:1].isdigit()]


def abbreviates(short: str, full: str) -> bool:
    """"지방계약법" abbreviates "지방자치단체를당사자로하는계약에관한법률": its letters appear in order."""
    it = iter(full)
    return all(ch in it for ch in short)


def _composed_of(term: str, known: Callable[[str], bool]) -> bool:
    """Is `term` two or more known terms written together ("질병휴직" = 질병 + 휴직,
    "주민참여예산위원" = 주민참여 + 예산 + 위원)?"""
    # reachable[i]: term[:i] splits into known terms (at least one of them shorter than the term)
    reachable = [True] + [False] * len(term)
    for end in range(1, len(term) + 1):
        reachable[end] = any(reachable[start] and known(term[start:end])
                             for start in range(end) if end - start < len(term))
    return reachable[-1]


# morphemes a sentence reading may put where a word read alone saw one unknown noun: a particle,
# an ending, a verb stem (its inflection), or a noun the library uses
_GRAMMAR_TAGS = ("J", "E", "VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA")


def _reread(terms: list[str], reading: dict[str, tuple[tuple[str, str], ...]], idf: Callable[[str], float]) -> list[str]:
    """The question's terms with an analyser misreading undone: a noun the word read alone gives
    ("구성은?" as a name, "꾸리는" as a noun) that its sentence reads as a known noun and a particle
    (구성 + 은) or as an inflected verb (꾸리 + 는) is that noun, or no topic at all. A reading with
    anything else in it (a determiner, an affix, an unknown noun) is left as it was: 연서 read as
    연 + 서 is still a word the library may not use."""
    out: list[str] = []
    for t in terms:
        over = reading.get(t)
        # only a reading with grammar in it undoes a misreading; nouns alone are a compound the
        # analyser joined (창작+준비금), which keeps its own weight
        if idf(t) > 0 or not over or not any(tag.startswith(_GRAMMAR_TAGS) for _, tag in over) or not all(
                tag.startswith(_GRAMMAR_TAGS) or (tag.startswith("NN") and len(f) >= 2 and idf(f) > 0) for f, tag in over):
            out.append(t)
            continue
        out.extend(f for f, tag in over if tag.startswith("NN") and f not in terms)
    return list(dict.fromkeys(out))


# Sino-Korean prefixes that negate the noun they open (불합격, 미지급, 비회원, 무자격): a
# closed class of the language. A negated noun is about the noun; a passage saying who is not
# a 합격자 answers about the 불합격자. Other prefixes (준-, 재-, 신-) make another thing.
NEGATING_PREFIXES = {"불", "미", "비", "무"}


def _negated(over: tuple[tuple[str, str], ...], idf: Callable[[str], float]) -> bool:
    """Is the word, as its sentence reads it, a negating prefix on a noun the library uses?"""
    return (len(over) == 2 and over[0][1] == "XPN" and over[0][0] in NEGATING_PREFIXES
            and over[1][1].startswith("NN") and len(over[1][0]) >= 2 and idf(over[1][0]) > 0)


_BRACKETED = re.compile(r"([^\s()（）]+?)\s*[(（]([^()（）]{1,30})[)）]")


def _glossed(term: str, written: str, idf: Callable[[str], float], analyzer: KoreanAnalyzer) -> bool:
    """Does the question gloss the word itself, in brackets: "<긴 이름>(<약어>)", "동(洞)" — the
    word inside brackets right after a name the library uses, or the word before brackets holding one?"""
    for m in _BRACKETED.finditer(written):
        outside, inside = m.group(1), m.group(2)
        other = outside if term in inside else inside if term in outside else None
        if other is not None and any(idf(t) > 0 for t in analyzer.tokens(other) if len(t) >= 2 or not t.isascii()):
            return True
    return False


def _clipped_word(term: str, written: str, terms: list[str], clipped: Callable[[str], str | None]) -> bool:
    """Is the unknown term a piece of a written word that clips a longer indexed name? The
    analyser splits "<법 이름 줄임>법상" into nouns and a fragment ("…관제법", "…체법"); the word
    up to the fragment ("선박교통관제법") is the clip of the law's title, as is "<시설> 이름" without
    its middle ("소래체육센터" of "소래국민체육센터")."""
    for m in re.finditer(r"[가-힣]+", written):
        word = m.group()
        at = word.find(term)
        if at < 0:
            continue
        # the word up to where one of its terms ends: a clip keeps whole morphemes
        ends = {word.find(t) + len(t) for t in terms if t in word}
        for end in sorted((e for e in ends if e >= at + len(term)), reverse=True):
            if end >= 3 and word[:end] != term and clipped(word[:end]) is not None:
                return True
    return False


def _named_in(name: str, clipped: Callable[[str], str | None]) -> bool:
    """A short proper name (a place, a facility) the library writes only inside a longer indexed
    name: "<시 이름>" as "<시 이름>시", "<동네>" as "<동네>국민체육센터". Asked only for names: two common
    syllables extend into too many words."""
    full = clipped(name)
    return full is not None and full.startswith(name)
