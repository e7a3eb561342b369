"""What a question asks for, read from its form: a verdict, the rule itself, a calculation, or a fact.

A rule or calculation tool answers only when the question *asks* for a verdict or a calculation.
Naming a criterion's topic is not asking: "<year> 점검 지적은 어떻게 처리됐어?" (what
happened), "<process> 대상 기관은 어디야?" (which one), "<training> 실시 여부는?" (was it done)
are facts for retrieval. The decision is a few small features of the question's last clause —
where a Korean question puts its predicate — and of its premises:

- `verdict_predicate`: a modal/deontic/classifying predicate (가능해? 되나? 할 수 있어? 해도 돼? 받아야 해?
  필요해? 대상이야? 해당돼? 배제야? 걸려?), not a past report (됐어? 처리됐어?);
- `wh_word`: a question word asking for an entity, time, place, amount or reason (어디, 언제, 누가,
  몇, 얼마, 왜, 무엇 …) — the question wants a fact, unless it asks *which criterion applies*;
- `bare_conditional` / `asks_what_happens`: "…68점이면?", "…면 어떻게 되나?" — a verdict on the premises;
- the rule's own words from rules.toml ([rules.ask]: 재계약/배제, 동의) say which rule, and the
  premises (`conditions.read_criteria`) say whether the question states a case.

`classify(question, rules)` combines them into an `Intent`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .conditions import Clause, read_criteria, split_clauses, stated_consent
from .rules.model import Rules

# ---- features of the question's form (Korean grammar; no rule wording) --------------------------

VERDICT_PREDICATE = re.compile(
    r"가능|불가|(?:을|할|될)\s*수\s*(?:있|없)|(?:해|되|돼|서)도\s*(?:돼|되|괜찮|될)|"
    r"되나|될까|되는지|되니|되냐|됩니까|되요|돼요|돼\s*[?？]|돼\s*$|안\s*(?:되|돼)|못\s*하|못해|"
    r"(?:해|받아|내|거쳐|있어|올려|제출해|해야)야|야\s*(?:해|하나|돼|되나|할까|하는지|합니까)|"
    r"필요(?:해|한가|하나|할까|한지|합니까|하니|없|하냐|\s*$|\s*[?？]|\s*여부)|"
    r"대상(?:이야|인가|이냐|인지|이에요|입니까|일까|이니|이지|이\s*되|이\s*돼|에\s*해당|\s*여부|\s*[?？]|\s*$)|"
    r"해당(?:해|하나|되나|돼|되는지|하는지|될까|합니까|하니|하냐|되냐|\s*여부|\s*[?？]|\s*$)|"
    r"(?:사유|기준)(?:야|인가|이야|이냐|인지|에\s*해당|에\s*걸)|걸려|걸리나|걸리는지|걸릴까|걸리니|"
    r"배제(?:야|인가|이야|돼|되나|되는지|될까|\s*[?？]|\s*$)"
)
WH = re.compile(r"어디|누구|누가|언제|무엇|뭐|뭘|무슨|몇|얼마|어느|왜|어떤|어떻게|이유|원인|배경|경위|현황|절차")
WH_WHICH = re.compile(r"(?:어떤|무슨|어느)\s*\S*\s*(?:사유|기준|항목|조건|요건|경우)")
WHAT_HAPPENS = re.compile(r"어떻게\s*(?:되|돼|될)")
PAST_REPORT = re.compile(r"(?:했|됐|되었|였|었|았|갔|왔)(?:어|나|니|는지|습니까|지|어요|나요|던가|냐)?\s*[?？.]*\s*$")
BARE_CONDITIONAL = re.compile(r"(?:면|경우|는데|인데|은데)\s*(?:요)?\s*[?？]+\s*$")
REQUEST = re.compile(r"알려|설명|정리|말해|보여|뭐야|뭔가|무엇인가|무엇입니까|뭐지|뭔지")
TOPIC_END = re.compile(r"(?:은|는)\s*[?？]*\s*$|[?？]\s*$")
NOT_CALC_WH = re.compile(r"이유|원인|배경|왜|누가|누구|언제|어디|경위")
# "<전체> 가운데 …하지 못한 <사람>은 몇 명?": the part the question negates is the rest of a stated whole
NEGATED_PART = re.compile(r"(?:중|가운데)(?:에서)?\s.*?(?:지\s*(?:못|않)|못\s)\S*\s+\S+?\s*(?:몇|얼마)")
# "<X>률/<X>율은?": a rate named by what it counts (불용률 = 불용액 ÷ 예산현액, 수납률 = 수납액 ÷ 징수결정액);
# the rate words of the specific tools (증가율, 달성률, 점유율) are theirs
RATE_ASKED = re.compile(r"[가-힣]{2,}[률율](?=\s*(?:은|는|이|가|을|를|도)?\s*(?:얼마|몇|\?|$|어떻게|어느))")
# "몇 명이 아직 받지 못했나": the asked count is what has not happened — a whole less its done part
NEGATED_ASKED = re.compile(r"(?:몇|얼마)[^?]{0,30}?(?:지\s*(?:않|못)|아직\s+안\s|미\S+(?:인|된|한)\s)")
# "몇 % 인상", "얼마나 많아": a rise or excess asked as an amount (the growth words of rules.toml aside)
RISE_ASKED = re.compile(r"(?:오르|올라|오른|인상|많은가|많나|많아|늘어나|늘리)")
HOW_MUCH = re.compile(r"몇|얼마")
# "<A>와 <B>를 합하면": two coordinated things added up
ADDED = re.compile(r"\S(?:와|과|랑|하고)\s+\S[^?]*?(?:합하면|합치면|더하면|합한|합친|더한)")
# "<A>와 <B>의 <측정값> 차이": two named things and the gap between their figures
DIFF_ASKED = re.compile(r"\S(?:와|과|랑|하고|및)\s+\S[^?]*?(?:차이|격차)(?:는|가|은)?\s*(?:얼마|몇|\?|$)")
# "<A> 대비 <B> (의) 비율": B ÷ A
RATIO_PAIR = re.compile(r"\S\s*대비\s+\S.*?비율")
# "(한|1|매) 건당 …", "1인당 …": an amount per counted unit
PER_UNIT = re.compile(r"(?:(?:한|1|매)\s*(?:건|인|명|곳|개소|개|대|회|가구|세대)|(?<![가-힣])(?:건|인|명|곳|개소|대|회|가구|세대))당(?![가-힣]*(?:시|초|국|사자))")
KPI_ATTRIBUTE = re.compile(r"^\S*\s*(?:[’'‘]?\d{2,4}\s*년?\S*\s*)?(?:목표치|실적치|목표|실적)")


def final_clause(q: str) -> Clause:
    """The question's last clause: where Korean puts the predicate the question asks about."""
    return split_clauses(q.strip())[-1]


def verdict_predicate(text: str) -> str | None:
    m = VERDICT_PREDICATE.search(text)
    return m.group(0) if m else None


def wh_word(text: str) -> str | None:
    """A question word asking for a fact; None for "어떤 사유에 해당?" (which criterion) and
    "어떻게 되나?" (what follows from the premises)."""
    for m in WH.finditer(text):
        if WH_WHICH.match(text, m.start()) or WHAT_HAPPENS.match(text, m.start()):
            continue
        return m.group(0)
    return None


def past_report(text: str) -> bool:
    """"…처리됐어?", "…재계약했나?": a question about what happened."""
    return bool(PAST_REPORT.search(text))


def bare_conditional(text: str) -> bool:
    """"<심의> N점이면?": the premise is the question."""
    return bool(BARE_CONDITIONAL.search(text))


def asks_what_happens(text: str) -> bool:
    return bool(WHAT_HAPPENS.search(text))


def has_any(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def years_in(q: str) -> list[int]:
    """Years a question names: 2023, 2023년, ’23, 23년; ranges 2022~2024 and 22~24년 expand."""
    rng = re.search(r"(?<!\d)((?:19|20)?\d{2})\s*년?\s*(?:[~∼\-–]|부터)\s*((?:19|20)?\d{2})\s*년", q) or re.search(
        r"(?<!\d)((?:19|20)\d{2})\s*년?\s*(?:[~∼\-–]|부터)\s*((?:19|20)\d{2})(?!\d)", q)
    if rng:
        a, b = (int(x) if len(x) == 4 else 2000 + int(x) for x in (rng.group(1), rng.group(2)))
        if a <= b and b - a <= 30:
            return list(range(a, b + 1))
    out: list[int] = []
    for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})(?!\d)|[’'‘](\d{2})(?!\d)|(?<![\d.])(\d{2})\s*년", q):
        y = int(m.group(1)) if m.group(1) else 2000 + int(m.group(2) or m.group(3))
        if y not in out:
            out.append(y)
    return out


def question_as_of(q: str) -> date | None:
    """"2010-01-01 기준 …": the date a verdict is asked for."""
    m = re.search(r"((?:19|20)\d{2})[.\-/년]\s*(\d{1,2})[.\-/월]\s*(\d{1,2})\s*일?\s*(?:기준|현재|시점)", q)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


# ---- the decision ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Intent:
    kind: str  # verdict | rule_text | calc | fact
    tool: str | None  # recontract | consent | achievement | growth | share | sum | column_sum | remainder | ratio | per_unit
    #   | row_rate | from_to | add | diff
    reason: str


FACT = "fact"


def _consent_intent(q: str, rules: Rules, as_of: date) -> Intent | None:
    rv = rules.get("council_consent", as_of) or next(iter(rules.versions_of("council_consent")), None)
    ask = rv.extra.get("ask", {}) if rv else {}
    if not ask:
        return None
    blanked = q
    for w in ask.get("not_decision", []):
        blanked = blanked.replace(w, " " * len(w))
    if not has_any(blanked, ask.get("decision", [])):
        return None
    actions = [w for ws in ask.get("actions", {}).values() for w in ws]
    if not (has_any(blanked, ask.get("context", [])) or has_any(blanked, actions)):
        return None
    fin = final_clause(q)
    wh = wh_word(fin.text)
    # "어떤 서류를 내야 해?", "예산은 언제 편성할 수 있어?": what the rule requires (its ③/⑤ topics)
    topical = has_any(q, ask.get("documents", []) + ask.get("budget", [])) and wh in ("어떤", "무슨", "무엇", "뭐", "뭘", "언제")
    if past_report(fin.text) or (wh and not topical):
        return Intent(FACT, None, "동의를 말하지만 사실(언제·무엇·과거)을 묻는 형태")
    pred = verdict_predicate(fin.text)
    premise = stated_consent(q, ask.get("decision", []), fin)
    if pred or (premise is not None and (asks_what_happens(fin.text) or bare_conditional(fin.text))):
        return Intent("verdict", "consent", f"의회 동의 판정을 묻는 술어({pred or '가정'})")
    return None


def _recontract_intent(q: str, rules: Rules, as_of: date) -> Intent | None:
    rv = rules.get("recontract_exclusion", as_of) or next(iter(rules.versions_of("recontract_exclusion")), None)
    if rv is None:
        return None
    ask = rv.extra.get("ask", {})
    fin = final_clause(q)
    text = fin.text
    named = has_any(text, ask.get("decision", []) + ask.get("outcome", []))
    if past_report(text):
        return None
    reading = read_criteria(q, rv)
    pred = verdict_predicate(text)
    wh = wh_word(text)
    # the rule itself: "<rule noun>는?", "<rule noun> 기준 점수 정리해줘", "<action> 안 되는 경우는?"
    # (the predicate only modifies the rule noun), "어떤 경우에 <action>이 안 돼?"
    nouns = "|".join(map(re.escape, ask.get("rule_nouns", [])))
    if named and nouns and not reading.given and (
            re.search(rf"(?:{nouns})(?:은|는|이|가|을|를)?\s*(?:뭐야|뭐지|무엇인가요?|뭐가\s*있어)?\s*[?？]*\s*$", text)
            or re.search(rf"(?:어떤|무슨|어느)\s*(?:{nouns})", q)):
        return Intent("rule_text", "recontract", "규칙 자체(어떤 경우에 배제되는지)를 묻는 형태")
    whole_wh = wh_word(q)
    if (has_any(q, ask.get("decision", []) + ask.get("outcome", [])) and has_any(q, ask.get("rule_nouns", []))
            and not reading.given and not pred and whole_wh in (None, "무엇", "뭐", "뭘", "어떤", "무슨", "어떻게")
            and (REQUEST.search(q) or TOPIC_END.search(text) or whole_wh)):
        return Intent("rule_text", "recontract", "규칙 자체(배제 사유·기준)를 묻는 형태")
    if wh:
        return None
    if named and pred:
        return Intent("verdict", "recontract", f"재계약 판정을 묻는 술어({pred})")
    # without the rule's words, the case must be stated as a premise before the question's own clause
    # ("<subject>에서 N점 받았으면 …?") or be the question ("<subject> N점이면?")
    premises = [k for k, pos in reading.positions.items() if pos < fin.start]
    if (premises and (pred or asks_what_happens(text))) or (reading.given and bare_conditional(text)):
        return Intent("verdict", "recontract", f"질문의 전제({', '.join(reading.given)})에 대한 판정")
    return None


def _calc_intent(q: str, rules: Rules) -> Intent | None:
    ask = rules.calc.get("ask", {})
    if NOT_CALC_WH.search(q):
        return None
    growth_words = [w for w in ask.get("growth", []) if w in q]
    m = PER_UNIT.search(q)
    if m:
        return Intent("calc", "per_unit", f"단위당 값을 묻는 말({m.group(0)})")
    if RATIO_PAIR.search(q) and not growth_words and any(w in q for w in ask.get("ratio", [])):
        return Intent("calc", "ratio", "두 값의 비율을 묻는 말(대비 … 비율)")
    m = DIFF_ASKED.search(q)
    if m:  # before the growth words: '증가분의 차이' asks a gap, not a change
        return Intent("calc", "diff", f"두 값의 차이를 묻는 말({m.group(0)})")
    for tool in ("achievement", "share", "sum", "growth", "remainder"):
        words = ask.get(tool, [])
        hits = [m for w in words for m in re.finditer(re.escape(w), q)]
        if not hits:
            continue
        if tool == "achievement" and all(KPI_ATTRIBUTE.match(q[m.end():]) for m in hits):
            continue  # "<indicator> 달성률 실적치": the indicator's name, asked for a table cell
        years = years_in(q)
        if tool == "sum" and len(years) < 2 and ADDED.search(q):
            return Intent("calc", "add", f"두 항목을 더한 값을 묻는 말({hits[0].group(0)})")
        if tool == "sum" and len(years) < 2:
            # one year's 합계 is a table cell the document states; only "N개 <items>의 합계" lists
            # rows to add up (the column of a table with no total row)
            if re.search(r"\d+\s*개", q):
                return Intent("calc", "column_sum", f"표의 열 합계를 묻는 말({hits[0].group(0)})")
            continue
        if tool == "growth" and len(years) < 2 and not re.search(r"전년|작년|전 해", q):
            if HOW_MUCH.search(q):  # no two years to compare: a change a sentence states 'N에서 M으로'
                return Intent("calc", "from_to", f"이전 값에서 나중 값으로의 변화를 묻는 말({hits[0].group(0)})")
            continue
        return Intent("calc", tool, f"계산을 묻는 말({hits[0].group(0)})")
    m = NEGATED_PART.search(q) or NEGATED_ASKED.search(q)
    if m:
        return Intent("calc", "remainder", f"전체 중 부분이 아닌 나머지를 묻는 말({m.group(0)})")
    m = RISE_ASKED.search(q)
    if m and HOW_MUCH.search(q):
        years = years_in(q)
        if len(years) == 2:
            return Intent("calc", "growth", f"두 해 사이의 증감을 묻는 말({m.group(0)})")
        # one year compared against, or none: a from→to sentence, the year columns, two years' sentences
        return Intent("calc", "from_to", f"이전 값에서 나중 값으로의 변화를 묻는 말({m.group(0)})")
    m = RATE_ASKED.search(q)
    if m and not any(m.group(0).startswith(w) or w.startswith(m.group(0)) for ws in ask.values() for w in ws):
        return Intent("calc", "row_rate", f"한 항목의 두 값 사이 비율을 묻는 말({m.group(0)})")
    return None


def classify(question: str, rules: Rules, as_of: date | None = None) -> Intent:
    """The question's intent. Verdict tools first (a consent question may name 재계약), then the
    rule text, then calculations; anything else is a fact for retrieval."""
    q = question.strip()
    as_of = as_of or question_as_of(q) or date.today()
    for step in (lambda: _consent_intent(q, rules, as_of), lambda: _recontract_intent(q, rules, as_of),
                 lambda: _calc_intent(q, rules)):
        it = step()
        if it is not None:
            return it
    return Intent(FACT, None, "판정·계산을 묻는 형태가 아님")
