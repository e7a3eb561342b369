"""The kind of value a question asks for, and whether a passage holds one.

"얼마/몇 명" wants a number in the asked unit, "언제" a date or a statute's time limit, "누가/어디" an
organisation, a person or an address, "뜻은?" the definition of the asked term. The patterns are the
forms Korean administrative and legal text writes such values in — not any document's wording.
`answer_type_match` is one of the scorer's features (features.compute_features); `proximity` checks
that the value stands near the asked attribute in a long passage.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..tables import NUMBER
from .candidates import Candidate, clean
from .question import ARTICLE_REF, QuestionFrame, question_years
from .render import cell_unit


@lru_cache(maxsize=65536)
def flat(s: str) -> str:
    """Text without spaces or Markdown debris: Korean spacing varies, the letters do not."""
    return re.sub(r"\s+", "", clean(s))


DATE = re.compile(
    r"(?:19|20)\d\d\s*[년.\-/]\s*\d{1,2}\s*[월.\-/]\s*\d{1,2}|[’'‘]\d\d\s*\.\s*\d{1,2}\s*\.\s*\d{1,2}"
    r"|(?:19|20)\d\d\s*년\s*\d{1,2}\s*월|\d{1,2}\s*월\s*\d{1,2}\s*일"
    r"|(?:19|20)\d\d\s*\.\s*\d{1,2}\s*\.(?!\s*\d)"  # a month as reports write it: "2025. 10. 완료 예정"
    r"|[’'‘]\d\d\s*[.년]\s*\d{1,2}\s*월"  # a clipped year with its month: "’25.1월", "’25년 3월"
)
# a half or quarter of a named year ("<연도> 하반기", "’<yy>. N분기"): a time, if a coarse one
YEAR_PART = re.compile(r"(?:(?:19|20)\d\d|[’'‘]\d\d)\s*[년.]?\s*(?:상반기|하반기|[1-4]\s*분기|연말|연초|말|초)(?![가-힣])")
# a month alone ("10월까지 파기하고 11월에 점검"): a date, if a less precise one
MONTH = re.compile(r"(?<![\d.])\d{1,2}\s*월(?:\s*(?:중|말|초|까지|에|부터))")
# "언제까지?" in a statute is answered by a time limit relative to an event, not a calendar date
DEADLINE = re.compile(
    r"\d+\s*(?:일|개월|년|주|시간|영업일)\s*(?:이\s*)?(?:이내|안에|내에|전까지|전에|전|까지|이\s*지난|지난\s*날|후|부터|마다)"
    r"|지체\s*없이|즉시|매(?:년|월|분기|반기)\s*\d|다음\s*(?:달|해|연도|회계연도)|말일|\d+\s*월\s*말"
    # a time limit set by an event rather than a count: "정기국회 개시 전까지", "회기 시작 전날까지",
    # "공포 후 6개월이 경과한 날"
    r"|(?<![가-힣])[가-힣]{2,}\s*(?:전까지|전날까지|이전까지)"
    r"|\d+\s*(?:일|개월|년|주|시간)\s*(?:이\s*)?(?:경과|지나도록|넘도록|지난\s*때)"
    # the day of an event: "공포한 날부터 시행한다", "지정을 받은 날부터"
    r"|[가-힣](?:한|된|받은|있은)\s*날\s*(?:부터|까지|로부터|이후)"
    # the month or year an event falls in: "<사유>가 발생한 달부터", "<처분>이 있는 연도의 다음"
    r"|[가-힣](?:한|된|하는|되는|있는)\s*(?:달|해|연도|분기)\s*(?:부터|까지|의\s*(?:다음|말일|전)|로부터)"
)
# how often: "매년 1회 이상", "연 2회", "3년마다", "분기별로" — a cycle question's answer
CYCLE = re.compile(r"매\s*(?:년|월|분기|반기|주|일|회계연도)|(?<![가-힣])(?:연|월|분기|반기)\s*\d+\s*회"
                   r"|\d+\s*(?:년|개월|월|일|주)\s*(?:마다|단위|주기)|(?:분기|반기|월|연도|년도)\s*별")
# a sum set as a share or a multiple of another amount: "취득가액의 100분의 10", "합계액의 5배",
# "별표 2에 따른 금액의 100분의 70": statutes fix fines, fees and limits this way
SHARE_OF_AMOUNT = re.compile(r"(?:액|금|료|비|가격|금액)의\s*(?:\d+\s*분의\s*\d+|\d+(?:\.\d+)?\s*(?:퍼센트|%|배))"
                             r"|(?:\d+\s*분의\s*\d+|\d+(?:\.\d+)?\s*(?:퍼센트|%))\s*에\s*해당하는\s*금액")
# counts written in native words: "하나의 기관에는 하나의 협의회만", "두 곳", "세 명"
NATIVE_COUNT = re.compile(r"(?<![가-힣])(?<!어느\s)(?:하나|둘|셋|넷)(?=[의만씩를이가로\s]|$)"
                          r"|(?<![가-힣])(?:한|두|세|네|다섯)\s*(?:개|곳|명|건|사람|군데)(?![가-힣])")
COUNT_UNIT = re.compile(r"개|곳|명|건")
DEFINITION = re.compile(r"[”\"'’」](?:이?란|이라\s*함은)|(?:이?란|이라\s*함은)\s|을\s*말한다|를\s*말한다|말한다\.?$")
CONDITION = re.compile(r"경우|다만|때에는|요건|자격|갖춘|한하여|한정하여|아니하면|이상이어야|이내에|해당하는\s*(?:자|사람|기관|법인)"
                       # a statute lists requirements as items ending in "…일 것", "…아니할 것"
                       r"|(?:일|할|될|을)\s*것(?=\s*[.;,)\n]|\s*$)")
ORG = re.compile(r"[가-힣A-Za-z()]{2,}(?:기관|법인|협회|센터|재단|공단|공사|조합|위원회|연맹|대학교|학교|병원|회사|㈜|\(주\)|주식회사|본부|사무소|[부처청])(?![가-힣])")
# who decides in a statute is an office holder ("문화체육관광부장관", "시ㆍ도지사", "지방자치단체의 장"),
# and where a rule is set is the instrument delegated to ("시ㆍ도의 조례로 정한다", "대통령령으로 정한다")
OFFICE = re.compile(r"[가-힣ㆍ·]{1,20}(?:장관|청장|처장|시장|군수|구청장|도지사|교육감|위원장|의장)(?![가-힣])"
                    r"|[가-힣ㆍ·]{1,20}(?:장관|청장|처장|도지사|교육감)(?=[의이가은는에])|(?:단체|기관)의\s*장")
INSTRUMENT = re.compile(r"(?:조례|대통령령|총리령|[가-힣]+부령|규칙|정관|고시)(?:으로|로)\s*정"
                        # or a schedule of another instrument: "「…시행령」 별표 N에서 정하는 바에 따른다"
                        r"|(?:별표|별지|고시|기준)\s*\d*\s*(?:에서|에)\s*정(?:하는|한)\s*바")
# who a body is made of: "<회의체>는 누구로 구성하나?", "구성원은?"
# (asking who may set a body up is not asking what it is made of)
ASKS_MEMBERS = re.compile(r"(?:누구|어떤\s*사람)(?:로|으로|들로)\s*구성|구성원[은는이가]?\s*(?:누구|어떻게)")
# its members as statutes write them: a kind of person with a count ("<구성원> N명", "위원 N명 이내"),
# or the list they are drawn from ("다음 각 호의 위원으로 구성")
MEMBERS = re.compile(r"[가-힣]{2,}\s*\d+\s*(?:명|인)(?![가-힣])|\d+\s*(?:명|인)\s*(?:이상|이하|이내)?\s*의\s*[가-힣]*위원"
                     r"|각\s*호의\s*(?:위원|사람|자)(?:으로|로)\s*구성")
# a sanction as statutes set it: "2년 이하의 징역 또는 500만원 이하의 벌금에 처한다", "과태료를 부과한다"
PENALTY = re.compile(r"징역|금고|벌금|과료|과태료|과징금|에\s*처한다|벌한다")
ASKS_WHO_IS = re.compile(r"누구(?:야|인가|인지|냐|예요|에요|입니까|일까|죠)")
# a kind of person defined by a clause: "…하는 자", "…한 사람", "…되는 <시설>의 <임차>자"
PERSON_KIND = re.compile(r"[가-힣](?:는|은|한|된|할|던)\s+(?:[가-힣]+의\s+)?[가-힣]{0,4}(?:자|사람)"
                         r"(?=[\s,.)：:]|[은는이가의와과를을로]|$)")
# an address: a road and number, a floor, a district with its 동/읍/면/road, or a labelled 위치/주소
PLACE = re.compile(r"[가-힣]+(?:로|길)\s*\d+|\d+\s*층|[가-힣]+(?:시|구|군)\s+[가-힣]+(?:동|읍|면|리|로|길)(?![가-힣])|위\s*치\s*[:：]|소재지|주\s*소\s*[:：]")
# a web or mail address answers "누리집 주소는?" as a street address answers "주소는?"
WEB_ADDRESS = re.compile(r"(?:https?://)?[\w.-]+\.(?:go\.kr|or\.kr|re\.kr|ac\.kr|co\.kr|kr|com|net|org)(?:/\S*)?|[\w.-]+@[\w.-]+\.\w+")
# a Korean telephone or fax number ("02-2180-8427", "(051) 888-1234", "1588-0000")
PHONE = re.compile(r"(?<!\d)(?:\(?0\d{1,2}\)?[\s-]?\d{3,4}-\d{4}|1[5-9]\d\d-\d{4})(?!\d)")
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
# a column or row named as a rate or share: 집행률, 징수율, 비율, 비중, 점유율, "(%)"
RATE_NAME = re.compile(r"[율률](?![가-힣])|[율률]\s*[(（]|비율|비중|점유|[(（]\s*%\s*[)）]|퍼센트")
REVISION_NOTE = re.compile(r"<\s*(?:개정|신설|전문개정|본조신설|제목개정|타법개정|삭제|시행일)[^<>]{0,200}>")
# whether a thing may or must be done, in a statute's endings ("할 수 있다", "하여야 한다") and a
# report's ("위탁할 수 없으며", "선정하여야 함", "연장 불가")
OBLIGATION = re.compile(r"수\s*있다|수\s*(?:있|없)(?:음|으며|고|으나|습니다)|하여야|해야|필요|아니\s*된다|할\s*수\s*없다|받아야"
                        r"|(?<![가-힣])(?:불가|가능)(?:함|하다|하며|함\.|$|[\s.,)])")


def answer_type_match(frame: QuestionFrame, c: Candidate) -> float:
    """Does the candidate hold the kind of thing the question asks for? (Revision notes such as
    "<개정 2020.1.7>" are the text's history, not its content, and are not read.)"""
    text = REVISION_NOTE.sub(" ", c.value if c.kind == "cell" else c.text)
    t = frame.answer_type
    if t == "number":
        if frame.unit is not None and COUNT_UNIT.search(frame.unit) and NATIVE_COUNT.search(text):
            return 1.0  # "몇 개까지?" answered by "하나의 기관에는 하나의 협의회만"
        if frame.unit is not None and "마다" in frame.unit and CYCLE.search(text):
            return 1.0  # "주기는?" answered by "매년 1회 이상"
        if not NUMBER.search(_without_given(text, frame.text)):
            return 0.0  # the only numbers are the question's own (its year, 차수, article): no value
        if frame.unit is not None and "일" in frame.unit and DATE_RANGE.search(text):
            return 1.0  # "기간은?" answered by the span itself (2025. 7. 1. ~ 2028. 6. 30.)
        if frame.unit is None:
            return 1.0
        if "원" in frame.unit and SHARE_OF_AMOUNT.search(text):
            return 1.0  # "<금액 명사>은 얼마?" answered by "<기준액>의 100분의 N의 범위에서"
        # a calendar date is not a duration: "2025년 6월 30일" does not answer "임기는 몇 년?"
        bare = DATE.sub(" ", text) if "년" in frame.unit else text
        if re.search(r"\d[\d,.]*\s*(?:[십백천만억]{1,2}\s*)?" + frame.unit, bare):
            return 1.0
        if c.kind == "cell" and re.fullmatch(rf"(?:[천백십만억]*\s*)?{frame.unit}", cell_unit(c)):
            return 1.0  # a bare number whose column, row or unit note states the asked unit
        if "%" in frame.unit and c.kind in ("cell", "row"):
            # a rate asked of a table: a column named as a rate (…률, …율, 비율, 비중) holds it; a count
            # or an amount beside it ("집행 27" for "<사업> 집행률은?") is what the rate is taken of
            labels = [c.col_label, c.row_label] if c.kind == "cell" else [*(c.header or []), c.row_label]
            rates = [lab for lab in labels if RATE_NAME.search(lab or "")]
            if not rates:
                return 0.2
            # the asked rate's own column ("집행률" for "집행률은?"), not another rate of the same row
            asked = flat(frame.text)
            named = any(len(core := flat(re.sub(r"[(（][^)）]*[)）]", "", lab))) >= 2 and core in asked for lab in rates)
            return (1.0 if c.kind == "cell" else 0.8) if named else 0.5
        if c.kind in ("cell", "row") and not re.search(r"\d\s*[가-힣%]", text):
            return 0.8  # bare numbers in a table: the unit is in the caption
        if re.search(rf"[(（]\s*(?:단위\s*[:：]\s*)?{frame.unit}\s*[)）,]|단위\s*[:：]\s*{frame.unit}", c.context):
            return 0.8  # the caption or header states the unit: "(단위: 천원)", "인원(명)"
        return 0.2
    if t == "date":
        return (1.0 if DATE.search(text) else 0.9 if DEADLINE.search(text) else 0.8 if MONTH.search(text) or YEAR_PART.search(text)
                else 0.3 if question_years(text) else 0.0)
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
    if t == "contact":
        return 1.0 if PHONE.search(text) or WEB_ADDRESS.search(text) else 0.2
    if t == "place":
        return 1.0 if PLACE.search(text) or WEB_ADDRESS.search(text) else 0.2
    if t == "org":
        # an organisation the question itself names is the subject, not the answer
        asked = flat(frame.text)
        named = [m for m in ORG.findall(text) if flat(m) not in asked]
        titled = [m for m in TITLED.finditer(text) if flat(m.group()) not in asked]  # a quoted programme name
        offices = [m for m in OFFICE.findall(text) if flat(m) not in asked]
        if ASKS_MEMBERS.search(frame.text):
            # "<회의체>는 누구로 구성하나?" asks the members: a count of a kind of person ("<구성원> N명") names them;
            # the hand-over of the rest to the articles ("구성에 필요한 사항은 정관으로 정한다") does not
            return 1.0 if named or offices or MEMBERS.search(text) else 0.3
        # "<자격>은 누구?" in a statute is answered by a kind of person a clause defines ("…되는 <시설>의 <임차>자")
        # ("누구에게 <행위>?" asks the office addressed, which OFFICE reads)
        kind = ASKS_WHO_IS.search(frame.text) is not None and PERSON_KIND.search(text) is not None
        return 1.0 if named or titled or offices or kind or PERSON.search(text) or INSTRUMENT.search(text) else 0.3
    if t == "penalty":
        return 1.0 if PENALTY.search(text) else 0.3
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
    written = flat(text)
    terms = set(frame.quoted) | {t for t in frame.head if len(t) >= 2} | {t for t in frame.entities if len(t) >= 2}
    # "X"란 …, X이라 함은 …, X은 … 말한다; in a list of categories, "2. X : …" defines X too
    return any(re.search(re.escape(t) + r"[\"'”’」]?(?:이?란|이라함은|은[^.]{0,80}말한다|[:：])", written) for t in terms)


def _without_given(text: str, question: str) -> str:
    """The text without the numbers the question itself gives (its years, 차수, article numbers):
    a passage whose only number is the asked year holds no value."""
    given = {m.group().replace(",", ""): _unit_after(question, m.end()) for m in NUMBER.finditer(question)}
    if not given:
        return text

    def drop(m: re.Match[str]) -> str:
        n = m.group().replace(",", "")
        if n not in given:
            return m.group()
        # the same figure in another unit is a value: "하루(1일) 이용료" is answered by "1일 1만원"
        unit = _unit_after(text, m.end())
        return m.group() if unit and given[n] and unit != given[n] else " "

    return NUMBER.sub(drop, text)


def _unit_after(text: str, end: int) -> str:
    """The letter written right after a figure ("1만원" → 만, "2024년" → 년), "" when none."""
    m = re.match(r"[가-힣%]", text[end:end + 1])
    return m.group() if m else ""
