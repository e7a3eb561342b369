"""Condition clauses of a question → the arguments of a verdict, with negation scope.

A researcher states the facts of a case in clauses before the question: "<A>는 N점인데 <B>에서
M점 나왔어. <verdict>?", "<X>를 받았지만 <Y>는 필요 없다고 봤다면 …", "<Z>이 없었다면 …",
"N점을 넘지 못했다면 …" (clause shapes, with the nouns left out). This module reads them:

- `split_clauses` cuts the question at clause ends (…면, …는데/인데, …지만, …고, …며, punctuation);
- `find_terms` finds a criterion's words and whether each is negated. A negator (않/안/못/없/아니,
  the prefixes 미·불 as in 미시정) negates the nearest content word on its left in the same clause,
  skipping light verbs and function words (받지, 했, 적이, 것은, 전혀 …): "처벌은 받지 않았다면" negates
  처벌, "<noun> 없이 N번 <verb> 안 했으면" negates the noun before 없이 and the verb before 안;
- `score_reading` / `count_reading` read "N점"/"N회" with the comparison a question puts on it
  ("75점 미만" → < 75, "75점을 넘지 못했다면" → ≤ 75, "80점 넘으면" → > 80) as a number or a `Range`;
- `read_criteria` fills every criterion of a rule version from its `ask` vocabulary in rules.toml.

Everything Korean here is grammar (clause ends, negators, comparison phrases); the words that name
a criterion's subject, event and predicate live in rules.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .rules.model import Criterion, Range, RuleVersion

# ---- clauses ---------------------------------------------------------------------------------

# a clause ends at a connective ending followed by a space, or at punctuation. "…다고/라고" (quotation)
# does not end a clause: "<Y>는 필요 없다고 봤다면" is one clause.
CLAUSE_END = re.compile(
    r"(?:(?:으|이|라|다|었|았|했|였)?면|는데|인데|은데|지만|(?<![다라])고|며|경우에?는?|때)(?=\s)"
    r"|[,;.?!]+(?=\s|$)|\n"
)


@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    end: int


def split_clauses(q: str) -> list[Clause]:
    """Clauses of a question in order; the last one holds the question's own predicate."""
    out, start = [], 0
    for m in CLAUSE_END.finditer(q):
        end = m.end()
        if q[start:end].strip():
            out.append(Clause(q[start:end], start, end))
        start = end
    if q[start:].strip():
        out.append(Clause(q[start:], start, len(q)))
    return out or [Clause(q, 0, len(q))]


def clause_at(clauses: list[Clause], pos: int) -> Clause:
    for c in clauses:
        if c.start <= pos < c.end:
            return c
    return clauses[-1]


# ---- negation scope ---------------------------------------------------------------------------

# an eojeol that negates what comes before it
NEGATOR = re.compile(
    r"^(?:않|없|아니|아닌|아냐|미달|"
    r"안(?:$|\s|했|한|하|해|받|됐|되|돼|봤|보|냈|내|넘|고쳤|고치)|"
    r"못(?:$|\s|했|한|하|해|받|넘|미|봤|냈|내|고))"
)
# "…하지 않", "…지 못" inside one eojeol ("시정하지않았다면", "필요없다면")
INNER_NEGATION = re.compile(r"(?:지\s*(?:않|못)|없|않|아니)")
# eojeols that sit between a word and its negator without carrying content of their own
LIGHT = re.compile(
    r"^(?:받|했|하|한|해|할|되|됐|된|돼|될|있|봤|보|본|봐|판단|결정|인정|처리|나왔|나오|당했|당하|"
    r"전혀|모두|아직|한번도|별로|딱히|결코|절대|그런)"
    r"|^(?:것|건|거|적|사실|일|바|까지|도|은|는|이|가|을|를|그|단)(?:은|는|이|가|을|를|도|까지는?)?$"
)
PREFIX_NEGATION = ("미", "불", "무")


@dataclass(frozen=True)
class TermHit:
    term: str
    start: int
    end: int
    negated: bool


def _eojeols(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(0), offset + m.start(), offset + m.end()) for m in re.finditer(r"\S+", text)]


def negated_at(q: str, start: int, end: int, clauses: list[Clause] | None = None) -> bool:
    """Is the word at q[start:end] negated within its clause?"""
    clauses = clauses or split_clauses(q)
    c = clause_at(clauses, start)
    words = _eojeols(c.text, c.start)
    i = next((k for k, (_, a, b) in enumerate(words) if a <= start < b), None)
    if i is None:
        return False
    word, wa, _ = words[i]
    before = word[: start - wa]
    if before and before[-1] in PREFIX_NEGATION and len(before) <= 2:
        return True
    rest = word[end - wa:]
    if INNER_NEGATION.search(rest):
        return True
    for w, _, _ in words[i + 1:]:
        if NEGATOR.match(w):
            return True
        if not LIGHT.match(w):
            return False
    return False


def find_terms(q: str, terms: list[str], clauses: list[Clause] | None = None) -> list[TermHit]:
    """Every occurrence of any of `terms` (longest first, no overlaps), with its negation."""
    clauses = clauses or split_clauses(q)
    taken: list[tuple[int, int]] = []
    out = []
    for t in sorted(set(terms), key=len, reverse=True):
        for m in re.finditer(re.escape(t), q):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(TermHit(t, m.start(), m.end(), negated_at(q, m.start(), m.end(), clauses)))
    return sorted(out, key=lambda h: h.start)


# ---- numbers with a comparison ----------------------------------------------------------------

KOREAN_COUNT = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
# what follows "N점"/"N회": (pattern, relation). Order matters: negated forms before plain ones.
COMPARISON_AFTER = [
    (re.compile(r"^\s*미만"), "<"),
    (re.compile(r"^\s*이하"), "<="),
    (re.compile(r"^\s*초과"), ">"),
    (re.compile(r"^\s*이상"), ">="),
    (re.compile(r"^\s*(?:을|를|이|가|은|는|도)?\s*(?:넘지\s*(?:못|않)|못\s*넘|안\s*넘)"), "<="),
    (re.compile(r"^\s*(?:에|이|가|도|은|는)?\s*(?:못\s*미(?:치|쳤|쳐)|미치지\s*(?:못|않)|미달|안\s*되|안\s*돼|못\s*되|모자라|부족)"), "<"),
    (re.compile(r"^\s*(?:을|를|이|가|은|는|도)?\s*(?:넘(?:었|으면|는|게|어|긴|으니|지)|웃돌)"), ">"),
    (re.compile(r"^\s*(?:보다|에서)\s*(?:낮|아래|밑|적|못)"), "<"),
    (re.compile(r"^\s*보다\s*(?:높|위|많|나)"), ">"),
    (re.compile(r"^\s*대(?!상)"), "decade"),  # 70점대
]
NOT_A_VALUE = re.compile(r"^\s*(?:만점|기준|척도|배점|차이|평균)")


def _range(value: float, rel: str) -> float | Range:
    if rel == "<":
        return Range(hi=value, hi_incl=False)
    if rel == "<=":
        return Range(hi=value, hi_incl=True)
    if rel == ">":
        return Range(lo=value, lo_incl=False)
    if rel == ">=":
        return Range(lo=value, lo_incl=True)
    if rel == "decade":
        return Range(lo=value, lo_incl=True, hi=value + 10, hi_incl=False)
    return value


def comparison_after(text: str) -> str | None:
    """The relation a question puts on a number from the words right after it."""
    for pat, rel in COMPARISON_AFTER:
        if pat.match(text):
            return rel
    return None


@dataclass(frozen=True)
class NumberMention:
    value: float | Range
    start: int
    end: int
    text: str


def numbers_with_unit(q: str, units: list[str]) -> list[NumberMention]:
    """'72점', '74.99점', '3회', '세 번', '75점 미만', '75점을 넘지 못했다면' → values or ranges."""
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    korean = "|".join(KOREAN_COUNT)
    out = []
    for m in re.finditer(rf"(?<![\d.,])(\d{{1,3}}(?:\.\d+)?|{korean})\s*(?:{alt})(?![가-힣]*(?:차|째))", q):
        tok = m.group(1)
        if tok in KOREAN_COUNT:
            if m.start() > 0 and not q[m.start() - 1].isspace():
                continue  # "다섯" inside a word
            value = float(KOREAN_COUNT[tok])
        else:
            value = float(tok)
        tail = q[m.end(): m.end() + 16]
        if NOT_A_VALUE.match(tail):
            continue
        rel = comparison_after(tail)
        out.append(NumberMention(_range(value, rel) if rel else value, m.start(), m.end(), m.group(0)))
    return out


# ---- reading criteria -------------------------------------------------------------------------

@dataclass
class CriteriaReading:
    """What the question says about each criterion of a rule version."""

    given: dict[str, Any] = field(default_factory=dict)  # input name → value (number, Range, bool)
    undetermined: dict[str, str] = field(default_factory=dict)  # input name → what the question leaves out
    evidence: dict[str, str] = field(default_factory=dict)  # input name → the clause that set it
    unbound: list[str] = field(default_factory=list)  # "만족도 85점": a score the rules cannot place
    positions: dict[str, int] = field(default_factory=dict)  # input name → where in the question it was stated

    @property
    def any(self) -> bool:
        return bool(self.given or self.undetermined)


def _groups_hit(q: str, groups: list[list[str]], clauses: list[Clause]) -> list[list[TermHit]] | None:
    """Hits of each word group, or None if some group has none."""
    hits = [find_terms(q, g, clauses) for g in groups]
    return hits if all(hits) else None


def _polarity(hits: list[list[TermHit]] | None) -> bool | None:
    """None: not stated; False: negated; True: affirmed. The last group carries the predicate."""
    if hits is None:
        return None
    if any(h.negated for g in hits for h in g):
        return False
    return True


def flag_reading(q: str, ask: dict[str, Any], clauses: list[Clause]) -> tuple[bool | None, str | None, str]:
    """(value, missing, clause) for an event+predicate criterion (④, ⑤): True when both are
    stated, False when either is negated, else None with what is missing."""
    event = _groups_hit(q, ask.get("event", []), clauses)
    pred = _groups_hit(q, ask.get("predicate", []), clauses)
    ev, pr = _polarity(event), _polarity(pred)
    where = _clause_of(q, event or pred, clauses)
    if ev is False or pr is False:
        negated = next(h for g in (pred or []) + (event or []) for h in g if h.negated)
        return False, None, clause_at(clauses, negated.start).text.strip()
    if ev and pr:
        both = dict.fromkeys(_clause_of(q, x, clauses) for x in (event, pred))
        return True, None, " … ".join(both)
    if ev:
        return None, ask.get("missing"), where
    if pr:
        return None, ask.get("missing_event"), where
    return None, None, ""


def _clause_of(q: str, hits: list[list[TermHit]] | None, clauses: list[Clause]) -> str:
    if not hits:
        return ""
    return clause_at(clauses, hits[0][0].start).text.strip()


def count_reading(q: str, ask: dict[str, Any], clauses: list[Clause]) -> tuple[float | Range | None, str | None, str]:
    """(count, missing, clause) for a criterion that holds when its predicate is negated (③):
    the event negated ("지적사항이 없었다면") or the predicate affirmed ("모두 시정했다면") → 0."""
    event = find_terms(q, [t for g in ask.get("event", []) for t in g], clauses)
    pred = find_terms(q, [t for g in ask.get("predicate", []) for t in g], clauses)
    if not event and not pred:
        return None, None, ""
    where = clause_at(clauses, (event or pred)[0].start).text.strip()
    if any(h.negated for h in event):
        return 0.0, None, where
    counts = numbers_with_unit(q, ask.get("count_units", []))
    if pred and all(not h.negated for h in pred):
        # "모두 시정했다면" speaks of findings only next to them ("시정 요구 처리 결과" alone does not)
        return (0.0, None, where) if event else (None, None, "")
    if pred and counts:
        return counts[0].value, None, where
    return None, ask.get("missing"), where


# what may stand right before a subject-less "N점" without naming another score: adverbs, a time,
# "받은/나온" (a score received), generic score nouns. Any other noun ("만족도 85점") names a score
# the rules do not know, so the number is left unbound rather than taken as the default criterion's.
NEUTRAL_BEFORE = re.compile(
    r"^(?:딱|만약|만일|혹시|정확히|겨우|약|대략|최종|총)$|(?:받은|나온|얻은|맞은|기록한|된|받아|받고|받았는데|받았고)$"
    r"|^\d+년(?:도)?(?:에|의|엔)?$|^(?:평가|점수|결과|평가점수|평가\s*점수|만점)(?:가|는|이|은|를|을|로|에서|에|은요|중)?$"
)


def _neutral_before(q: str, clause: Clause, pos: int) -> bool:
    before = q[clause.start:pos].split()
    return not before or bool(NEUTRAL_BEFORE.search(before[-1].strip(",.()")))


def score_readings(q: str, criteria: list[Criterion], clauses: list[Clause],
                   unbound: list[str] | None = None) -> dict[str, tuple[float | Range, str, int]]:
    """input name → (score, clause) for every "N점" in the question: it belongs to the criterion whose
    subject word comes last before it in its clause, or to the `bare_number` criterion when nothing
    but neutral words precede it (else its text goes to `unbound`)."""
    scored = [c for c in criteria if c.kind == "score"]
    units = sorted({c.unit for c in scored if c.unit}) or ["점"]
    out: dict[str, tuple[float | Range, str, int]] = {}
    for n in numbers_with_unit(q, units):
        clause = clause_at(clauses, n.start)
        # the subject may sit in an earlier clause of the same sentence ("<subject>에서 … N점 받았으면")
        window_start = max(0, min(clause.start, n.start - 30))
        best, best_pos = None, -1
        for c in scored:
            for h in find_terms(q[window_start:n.start], c.ask.get("subject", []), None):
                if h.start > best_pos:
                    best, best_pos = c, h.start
        if best is None:
            if not _neutral_before(q, clause, n.start):
                if unbound is not None:
                    unbound.append(n.text)
                continue
            best = next((c for c in scored if c.ask.get("bare_number")), None)
        if best is not None and best.input not in out:
            out[best.input] = (n.value, clause.text.strip(), n.start)
    return out


def read_criteria(q: str, rv: RuleVersion) -> CriteriaReading:
    """Fill the criteria of `rv` from what the question states."""
    clauses = split_clauses(q)
    r = CriteriaReading()
    for name, (value, where, pos) in score_readings(q, list(rv.criteria), clauses, r.unbound).items():
        r.given[name], r.evidence[name], r.positions[name] = value, where, pos
    for c in rv.criteria:
        if c.kind == "score" or not c.ask:
            continue
        if c.kind == "count" or c.ask.get("holds_when") == "predicate_negated":
            value, missing, where = count_reading(q, c.ask, clauses)
        else:
            value, missing, where = flag_reading(q, c.ask, clauses)
        if isinstance(value, float) and c.kind == "count" and value == int(value):
            value = int(value)
        if value is not None:
            r.given[c.input], r.evidence[c.input] = value, where
            r.positions[c.input] = q.find(where) if where else 0
        elif missing:
            r.undetermined[c.input] = missing
    return r


def read_actions(q: str, vocab: dict[str, list[str]]) -> list[str]:
    """Action types a question names, in rules-file order, leaving out negated ones ("변경 없이")."""
    clauses = split_clauses(q)
    out = []
    for action, words in vocab.items():
        hits = find_terms(q, words, clauses)
        if hits and not all(h.negated for h in hits):
            out.append(action)
    return out


def stated_consent(q: str, words: list[str], final: Clause | None = None) -> bool | None:
    """Whether a premise of the question says consent was obtained: "동의를 받지 않았다면" → False,
    "동의를 받았다면" → True; None when only the question itself mentions it."""
    clauses = split_clauses(q)
    final = final or clauses[-1]
    premise = [h for h in find_terms(q, words, clauses) if h.start < final.start]
    if not premise:
        return None
    if any(h.negated for h in premise):
        return False
    after = q[premise[-1].end: clause_at(clauses, premise[-1].start).end]
    return True if re.search(r"받(?:았|은|고|으면)", after) else None
