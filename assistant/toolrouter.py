"""Rule and calculation questions → a deterministic tool call → a cited Draft.

`answer_with_tools(question, search, facts, rules)` recognises four kinds of question:

- 재계약 가능/배제 (관리지침 재계약 배제 사유 ①–⑤) → `recontract_eligibility`
- 의회 동의 필요 여부 (조례 제4조의3) → `council_consent_required`
- 달성도 / 증감·증감률 / 비중 / 연도 합계 → `achievement_rate`, `change`+`growth_rate`, `share`, `sum_over_years`

and returns None for anything else (the normal retrieval answer is used). Arguments come
from the question ("72점이면?", "적격자심의 68점", "지적사항 3회 미시정", "재위탁인데 …") or,
when the question gives none, from the facts tables (the latest 종합성과평가 of the named
service, a KPI row for the year, …). The answer text is the verdict first, then a "근거" block:
inputs with [n] markers to their passages, the rule applied with its source cited [n] (found
via `search` or in the chunks; the rules file entry is cited instead when the source passage
is not indexed — the text says so), and the result. Every number in the text is in a cited
quote or in `Draft.tool_numbers`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .facts import TOTAL_LABELS, Fact, Facts, compact, tidy
from .models import Chunk, Draft, Evidence, Hit, ToolCall
from .rules import calc
from .rules.engine import council_consent_required, recontract_eligibility
from .rules.model import Rules, RuleVersion, Source, fmt_number

Search = Callable[[str, int], list[Hit]]
NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
MARKER = re.compile(r"\[\d+\]")

# ---- recognising questions -------------------------------------------------------------------
CONSENT_Q = re.compile(r"(?:시?의회|의회의?).{0,12}동의|동의.{0,12}(?:시?의회)|의회\s*동의")
RECONTRACT_Q = re.compile(
    r"재계약|재위탁\s*공개모집|공개모집\s*대상|적격자\s*심의|적격자심의|지적\s*사항|미시정|시정\s*조치|"
    r"비위|횡령|성희롱|성폭력|인권\s*침해|부당\s*노동|감사.{0,10}(?:징계|제재|환수)"
)
CONSENT_NEED_Q = re.compile(r"필요|받아야|받나|받는지|받아|대상|해야|거쳐야|요건|있어야|없이|생략")
VERDICT_Q = re.compile(
    r"가능|충족|되나|될까|되는지|되요|돼|배제|대상|할\s*수|못\s*하|못해|안\s*되|여부|해당|이면|라면|경우|받았|받으면|했으면|했다면|있었|어떻게"
)
SCORE_IF_Q = re.compile(r"(?:성과\s*평가|평가\s*점수).{0,20}\d{1,3}(?:\.\d+)?\s*점\s*(?:이면|이라면|인\s*경우|일\s*때|이면요|면)")
ACHIEVE_Q = re.compile(r"달성도|달성률|달성율")
GROWTH_Q = re.compile(r"증감률|증가율|감소율|변화율|증감|증가|감소|늘었|줄었|변화|차이")
SHARE_Q = re.compile(r"비중|차지(?:하는|한)?\s*(?:비율)?|점유율")
SUM_Q = re.compile(r"합계|합산|총액|누계|모두\s*더|총\s*합|합은")

QUAL_WORDS = ("적격자", "심사결과", "선정심사", "심사 결과", "심의위원회")
EVAL_WORDS = ("성과평가", "성과 평가", "종합")  # a bare "평가점수" is also ②'s wording: no signal
KOREAN_COUNT = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
MISCONDUCT = re.compile(r"성희롱|성폭력|인권\s*침해|횡령|부당\s*노동|비위|갑질")
PUNISHED = re.compile(r"행정\s*처분|벌금|처벌|징역|유죄|금고|형을")
AUDIT = re.compile(r"감사.{0,15}(?:징계|제재|환수)|(?:징계|제재|환수).{0,10}감사")
COMMITTEE_JUDGED = re.compile(r"운영평가위원회.{0,25}(?:필요|판단|인정|결정)")
NEGATION = re.compile(r"없|아니|않|무관")


def _years(q: str) -> list[int]:
    """Years a question names: 2023, 2023년, ’23, 23년; ranges 2022~2024 expand."""
    rng = re.search(r"((?:19|20)\d{2})\s*년?\s*(?:[~∼\-–]|부터)\s*((?:19|20)\d{2})", q)
    if rng:
        a, b = int(rng.group(1)), int(rng.group(2))
        if a <= b and b - a <= 30:
            return list(range(a, b + 1))
    out: list[int] = []
    for m in re.finditer(r"(?<!\d)((?:19|20)\d{2})(?!\d)|[’'‘](\d{2})(?!\d)|(?<![\d.])(\d{2})\s*년", q):
        y = int(m.group(1)) if m.group(1) else 2000 + int(m.group(2) or m.group(3))
        if y not in out:
            out.append(y)
    return out


def _question_as_of(q: str) -> date | None:
    m = re.search(r"((?:19|20)\d{2})[.\-/년]\s*(\d{1,2})[.\-/월]\s*(\d{1,2})\s*일?\s*(?:기준|현재|시점)", q)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


@dataclass
class RecontractArgs:
    eval_score: float | None = None
    qualification_score: float | None = None
    uncorrected_findings: int | None = None
    major_misconduct: bool | None = None
    audit_sanction_needs_action: bool | None = None
    # thresholds the question quotes ("75점 미만이면…"): (input name, value, comparison word)
    rule_mentions: list[tuple[str, float, str]] = field(default_factory=list)
    # criteria the question raises without the fact that decides them: input name → what is missing
    undetermined: dict[str, str] = field(default_factory=dict)

    INPUTS = ("eval_score", "qualification_score", "uncorrected_findings", "major_misconduct", "audit_sanction_needs_action")

    def given(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.INPUTS if getattr(self, k) is not None}

    @property
    def asks_rule(self) -> bool:
        return bool(self.rule_mentions or self.undetermined)


def parse_recontract_args(q: str) -> RecontractArgs:
    """Fill the verdict's arguments from the question's own words."""
    a = RecontractArgs()
    for m in re.finditer(r"(\d{1,3}(?:\.\d+)?)\s*점", q):
        ctx = q[max(0, m.start() - 30): m.start()]
        qual = max((ctx.rfind(w) for w in QUAL_WORDS), default=-1)
        ev = max((ctx.rfind(w) for w in EVAL_WORDS), default=-1)
        name = "qualification_score" if qual > ev else "eval_score"
        value = float(m.group(1))
        cmp_ = re.match(r"\s*(미만|이하|초과|이상|기준|만점)", q[m.end(): m.end() + 6])
        if cmp_:
            a.rule_mentions.append((name, value, cmp_.group(1)))
            continue
        setattr(a, name, value)
    for m in re.finditer(r"(\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:회|번|차례)", q):
        ctx = q[max(0, m.start() - 25): m.end() + 15]
        if re.search(r"지적|시정|미이행|이행하지|고치지", ctx):
            tok = m.group(1)
            a.uncorrected_findings = int(tok) if tok.isdigit() else KOREAN_COUNT[tok]
    mm = MISCONDUCT.search(q)
    if mm:
        tail = q[mm.end(): mm.end() + 12]
        if NEGATION.search(tail) and not PUNISHED.search(tail):
            a.major_misconduct = False
        elif PUNISHED.search(q):
            a.major_misconduct = not bool(re.search(r"처벌\S{0,4}\s*(?:없|않|받지)", q))
        else:
            a.undetermined["major_misconduct"] = "처벌(행정처분 또는 벌금 이상) 여부"
    am = AUDIT.search(q)
    if am:
        judged = COMMITTEE_JUDGED.search(q)
        if NEGATION.search(q[am.end(): am.end() + 8]):
            a.audit_sanction_needs_action = False
        elif judged:
            a.audit_sanction_needs_action = not bool(NEGATION.search(judged.group(0)))
        else:
            a.undetermined["audit_sanction_needs_action"] = "민간위탁운영평가위원회의 제재 필요 판단"
    return a


def parse_consent_actions(q: str) -> list[tuple[str, bool]]:
    """(action, important_change) pairs the question asks about; all four when it names none."""
    out: list[tuple[str, bool]] = []
    change = bool(re.search(r"변경", q))
    if "재위탁" in q:
        out.append(("reentrust", False))
    if "재계약" in q:
        out.append(("recontract", change))
    if re.search(r"신규|새로|처음|신설|새롭게", q):
        out.append(("new", False))
    if change and not any(a == "recontract" for a, _ in out):
        out.append(("change", False))
    return out or [("new", False), ("change", False), ("reentrust", False), ("recontract", False)]


# ---- evidence bookkeeping ---------------------------------------------------------------------

def find_span(text: str, quote: str) -> tuple[int, int] | None:
    """Offsets of `quote` in `text`, exact or ignoring whitespace (PDF line-wrap joins)."""
    i = text.find(quote)
    if i >= 0:
        return i, i + len(quote)
    idx = [k for k, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(text[k] for k in idx)
    cq = compact(quote)
    if not cq:
        return None
    j = flat.find(cq)
    if j < 0:
        return None
    return idx[j], idx[j + len(cq) - 1] + 1


def _numbers_in(obj: Any, out: set[str]) -> None:
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        out.add(fmt_number(obj))
        out.add(calc.grouped(obj) if float(obj) == float(obj) else str(obj))
        return
    if isinstance(obj, str):
        out.update(NUM.findall(obj))
        return
    if isinstance(obj, dict):
        for v in obj.values():
            _numbers_in(v, out)
        return
    if isinstance(obj, (list, tuple, set)):
        for v in obj:
            _numbers_in(v, out)
        return
    if isinstance(obj, Fact):
        _numbers_in(obj.raw or obj.value, out)
        _numbers_in(obj.year, out)


class _Builder:
    def __init__(self, search: Search, facts: Facts, rules: Rules):
        self.search, self.facts, self.rules = search, facts, rules
        self.evidence: list[Evidence] = []
        self.calls: list[ToolCall] = []
        self.numbers: set[str] = set()
        self.rules_file_cited = False

    # [n] for a span of a chunk (deduplicated)
    def cite(self, chunk: Chunk, lo: int, hi: int) -> int:
        for i, e in enumerate(self.evidence):
            if e.chunk.chunk_id == chunk.chunk_id and e.lo == lo and e.hi == hi:
                return i + 1
        self.evidence.append(Evidence(chunk, chunk.text[lo:hi], lo, hi))
        return len(self.evidence)

    def cite_fact(self, f: Fact) -> int:
        return self.cite(self.facts.chunk(f.chunk_id), f.lo, f.hi)

    def cite_header(self, f: Fact) -> int | None:
        if f.header is None or f.header_lo is None or f.header_hi is None:
            return None
        return self.cite(self.facts.chunk(f.chunk_id), f.header_lo, f.header_hi)

    def locate(self, quote: str, doc: str = "") -> tuple[Chunk, int, int] | None:
        """The passage holding `quote`: retrieval hits first, then every chunk; articles and the named doc preferred."""
        seen: dict[str, tuple[int, Chunk]] = {}
        try:
            hits = self.search(quote, 8)
        except Exception:  # a retrieval failure must not hide the rule: fall back to the chunks
            hits = []
        for rank, h in enumerate(hits):
            seen.setdefault(h.chunk.chunk_id, (rank, h.chunk))
        for c in self.facts.chunk_list:
            seen.setdefault(c.chunk_id, (10_000 + c.ord, c))
        best = None
        for rank, c in seen.values():
            span = find_span(c.text, quote)
            if span is None:
                continue
            key = (c.kind == "article", c.doc_id == doc, c.text[span[0]:span[1]] == quote, -rank)
            if best is None or key > best[0]:
                best = (key, c, span)
        return (best[1], *best[2]) if best else None

    def cite_source(self, src: Source, rv: RuleVersion | None, entry: str) -> int:
        """Cite a rule's source passage, or — when it is not in the index — the rules file entry."""
        found = self.locate(src.quote, src.doc)
        if found:
            return self.cite(*found)
        self.rules_file_cited = True
        version = rv.version if rv else "calc"
        text = f"{src.basis}: {src.quote}"
        chunk = Chunk(
            chunk_id=f"rules:{version}:{entry}", doc_id=Path(self.rules.path).name, ord=0, text=text,
            section=["규칙 파일", rv.title if rv else "계산"], start=0, end=len(text), kind="rule",
        )
        return self.cite(chunk, 0, len(text))

    def call(self, name: str, args: dict[str, Any], result: dict[str, Any], citations: list[int]) -> None:
        self.calls.append(ToolCall(name, _jsonable(args), _jsonable(result), sorted(set(citations))))
        _numbers_in(args, self.numbers)
        _numbers_in(result, self.numbers)

    def draft(self, lines: list[str]) -> Draft:
        text = "\n".join(lines).strip()
        if self.rules_file_cited:
            text += "\n※ 일부 규칙의 원문 구절이 색인에 없어 규칙 파일(rules.toml) 항목을 인용했습니다."
        return Draft(text=text, evidence=self.evidence, tool_calls=self.calls, tool_numbers=sorted(self.numbers))


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj, ensure_ascii=False, default=lambda o: o.isoformat() if hasattr(o, "isoformat") else str(o)))


def ungrounded_numbers(draft: Draft) -> list[str]:
    """Numbers in the text that are neither in a cited quote nor among the tool's numbers."""
    allowed = {n.replace(",", "") for n in draft.tool_numbers}
    for e in draft.evidence:
        allowed.update(n.replace(",", "") for n in NUM.findall(e.quote))
    return [n for n in NUM.findall(MARKER.sub("", draft.text)) if n.replace(",", "") not in allowed]


def _refs(ns: list[int | None]) -> str:
    return "".join(f"[{n}]" for n in dict.fromkeys(n for n in ns if n))


# ---- the recontract verdict -------------------------------------------------------------------

def _decision_sentence(b: _Builder, service: str | None, fact: Fact | None) -> tuple[Chunk, int, int] | None:
    """A sentence saying what the city actually chose (재계약 대신 공개모집 재위탁 …) for the service."""
    from .facts import sentence_spans

    keys = " ".join(b.facts.service_keys(service)) if service else ""
    try:
        hits = b.search(f"{keys} 재계약 대상 공개모집 재위탁 추진".strip(), 8)
    except Exception:
        hits = []
    chunks = [h.chunk for h in hits]
    if fact is not None:
        chunks.insert(0, b.facts.chunk(fact.chunk_id))
    doc = fact.doc if fact else None
    best = None
    seen = set()
    for c in chunks:
        if c.chunk_id in seen or c.kind in ("list", "article", "table"):
            continue
        seen.add(c.chunk_id)
        pos = 0
        for line in c.text.split("\n"):
            for a, z in sentence_spans(line):
                s = line[a:z]
                if not (re.search(r"공개\s*모집|재위탁", s) and re.search(r"추진|선정|결정|의견|시행", s)):
                    continue
                if re.search(r"지침|규정|조례|[①-⑤]", s):
                    continue
                score = 0
                if "재계약" in s and re.search(r"불구|에도|아닌|대신", s):
                    score += 3
                if re.search(r"서울시|시는|시장", s):
                    score += 2
                if re.search(r"우려|때문|위해|위하여", s):
                    score += 1
                if doc and c.doc_id == doc:
                    score += 1
                if fact is not None and c.chunk_id == fact.chunk_id and fact.quote in line:
                    score += 2
                if score >= 5 and (best is None or score > best[0]):
                    best = (score, c, pos + a, pos + z)
            pos += len(line) + 1
    return (best[1], best[2], best[3]) if best else None


INPUT_LABELS = {
    "eval_score": "종합성과평가",
    "qualification_score": "적격자심의위원회 심사결과",
    "uncorrected_findings": "정당한 사유 없이 시정하지 않은 동일 지적사항",
    "major_misconduct": "주요 비위로 행정처분 또는 벌금 이상의 처벌",
    "audit_sanction_needs_action": "감사기관 제재 결정 + 민간위탁운영평가위원회의 제재 필요 판단",
}


def _recontract(q: str, b: _Builder, as_of: date) -> Draft:
    args = parse_recontract_args(q)
    rv = b.rules.get("recontract_exclusion", as_of)
    given = args.given()
    service = b.facts.match_service(q)
    fact: Fact | None = None
    missing = None
    # "재계약 배제 사유는?" asks for the rule itself, not for a verdict on anyone
    asks_criteria = bool(re.search(r"사유|기준|요건|조건", q)) and not re.search(
        r"가능|충족|되나|될까|되는지|대상인가|대상이야|할\s*수|해당하나|해당되나|해당하는지", q)
    if not given and not args.asks_rule and not asks_criteria:  # nothing in the question: the facts decide
        unknown = None if service else b.facts.unknown_service(q)
        if unknown:
            missing = f"‘{unknown}’의 종합성과평가 점수는 출처에서 확인되지 않습니다."
        else:
            scored = sorted({f.service for f in b.facts.eval_history() if f.service})
            if service is None and len(scored) == 1:
                service = scored[0]
            fact = b.facts.latest_eval_score(service) if service else None
            if fact is not None:
                given["eval_score"] = float(fact.value)  # type: ignore[arg-type]
            else:
                missing = "질문한 위탁사무의 종합성과평가 점수는 출처에서 확인되지 않습니다."
    result = recontract_eligibility(**given, as_of=as_of, rules=b.rules)
    call_args: dict[str, Any] = dict(given, as_of=as_of.isoformat())
    if fact is not None:
        call_args["service"] = service
    if args.rule_mentions:
        call_args["question_thresholds"] = [{"input": n, "value": v, "comparison": w} for n, v, w in args.rule_mentions]
    if args.undetermined:
        call_args["undetermined"] = dict(args.undetermined)
    if rv is None:
        b.call("recontract_eligibility", call_args, result, [])
        return b.draft([result["verdict"], "", "근거", *[f"- 참고: {n}" for n in result["notes"]]])

    cites: list[int] = []
    by_input = {c.input: c for c in rv.criteria}

    def cite_criterion(cid: str, n_sources: int = 1) -> list[int]:
        crit = rv.criterion(cid)
        ns = [b.cite_source(s, rv, cid) for s in crit.sources[:n_sources]]
        cites.extend(ns)
        return ns

    # --- inputs
    inputs: list[str] = []
    fact_ref = None
    if fact is not None:
        fact_ref = b.cite_fact(fact)
        cites.append(fact_ref)
        src = "보고서 본문" if fact.extra.get("source") == "본문" else (fact.table or "표")
        when = f"{fact.year}년" if fact.year and not fact.extra.get("year_inferred") else "최근"
        inputs.append(f"- 입력: {service} 종합성과평가 {fact.raw} ({when}, {src}) {_refs([fact_ref])}")
        for other in fact.extra.get("corroborated_by", []):
            n = b.cite_fact(other)
            cites.append(n)
            inputs.append(f"  · {other.table or '표'}의 같은 기간 점수({other.raw})와 일치(반올림) {_refs([n])}")
    else:
        for k, v in given.items():
            unit = by_input[k].unit if k in by_input else ""
            shown = ("있음" if v else "없음") if isinstance(v, bool) else f"{fmt_number(v)}{unit}"
            inputs.append(f"- 입력: {INPUT_LABELS[k]} {shown} (질문에서 주어진 값)")

    # --- which criteria to show: the checked ones; else the ones the question raises; else all
    checked = [c["id"] for c in result["checks"]]
    raised = [by_input[n].id for n, *_ in args.rule_mentions if n in by_input]
    raised += [by_input[n].id for n in args.undetermined if n in by_input]
    shown_ids = checked or list(dict.fromkeys(raised)) or [c.id for c in rv.criteria]
    rules_lines: list[str] = []
    refs: dict[str, list[int]] = {}
    for crit in rv.criteria:
        if crit.id in shown_ids:
            refs[crit.id] = cite_criterion(crit.id, 2 if crit.id in checked else 1)
            rules_lines.append(f"- 적용 규칙: {rv.basis} 재계약 배제 사유 {crit.id} — {crit.describe()} {_refs(refs[crit.id])}")
    committee = rv.extra.get("committee", {})
    reviews = committee.get("reviews", [])
    if any(i in reviews for i in (result["pending_committee_review"] or shown_ids)):
        ns = [b.cite_source(s, rv, "committee") for s in committee.get("sources", ())[:1]]
        cites.extend(ns)
        rules_lines.append(f"- 심의: {'·'.join(reviews)} 해당 여부는 {committee.get('name', '적격자심의위원회')}에서 심의 {_refs(ns)}")
    rules_lines.append(f"- 규칙 버전: {result['rule_version']} (기준일 {result['as_of']})")

    # --- result lines
    results: list[str] = []
    for c in result["checks"]:
        if c["threshold"] is not None:
            rel = "해당" if c["applies"] else "해당하지 않음"
            results.append(f"- 결과: {c['id']} {fmt_number(c['value'])}{c['unit']} → 기준({fmt_number(c['threshold'])}"
                           f"{c['unit']} {c['comparison']}) {rel}")
        else:
            results.append(f"- 결과: {c['id']} {'해당' if c['value'] else '해당 없음'}")

    # --- the verdict, first
    status = result["status"]
    heads: list[str] = []
    if status == "undetermined":
        for name, value, word in args.rule_mentions:
            crit = by_input.get(name)
            if crit is None or crit.threshold is None:
                continue
            if value == crit.threshold and word in (crit.comparison, "기준"):
                heads.append(f"네, {crit.describe()}이면 재계약 배제 사유 {crit.id}에 해당합니다 {_refs(refs.get(crit.id, []))}: "
                             f"현 수탁기관과 재계약할 수 없고 재위탁(공개모집)으로 수탁자를 선정합니다.")
            else:
                heads.append(f"규칙상 기준은 {crit.describe()}입니다 {_refs(refs.get(crit.id, []))} "
                             f"(질문의 {fmt_number(value)}{crit.unit} {word}과 다릅니다).")
        for name, what in args.undetermined.items():
            crit = by_input.get(name)
            if crit is not None:
                heads.append(f"재계약 배제 사유 {crit.id}({crit.label})에 해당하는지는 {what}에 달려 있습니다 "
                             f"{_refs(refs.get(crit.id, []))}. 질문에 그 정보가 없어 판정하지 않았습니다.")
        if not heads and asks_criteria and not missing:
            heads.append(f"{rv.title}는 아래 {'·'.join(c.id for c in rv.criteria)}입니다({rv.basis}). "
                         f"하나라도 해당하면 현 수탁기관과 재계약하지 않고 재위탁(공개모집)으로 선정합니다.")
        if not heads:
            heads.append((missing or "판정에 필요한 값(종합성과평가 점수 등)이 질문과 출처에 없습니다.")
                         + " 재계약 배제 기준은 아래와 같습니다.")
    elif fact is not None and service:
        crit = rv.criterion(result["checks"][0]["id"])
        hit = result["checks"][0]["applies"]
        heads.append(f"{service}의 현 수탁기관은 종합성과평가 {fact.raw}으로 {_refs([fact_ref])} 재계약 배제 사유 "
                     f"{crit.id}({crit.describe()})에 " + ("해당합니다. " + result["verdict"] if hit else "해당하지 않아 재계약 대상입니다."))
    else:
        heads.append(result["verdict"])
    for name, what in ([] if status == "undetermined" else args.undetermined.items()):
        crit = by_input.get(name)
        if crit is not None:
            results.append(f"- 미판정: {crit.id}은(는) {what}이(가) 질문에 없어 판단하지 않았습니다 {_refs(cite_criterion(crit.id))}")

    if status == "not_excluded":
        cons = rv.extra.get("considerations", [])
        ns = [b.cite_source(s, rv, "considerations") for x in cons for s in x.get("sources", ())[:1]]
        cites.extend(ns)
        results.append(f"- 종합 검토: 관리지침은 지도·점검 내역, 종합성과평가, 감사결과 등을 종합적으로 검토하여 재계약 여부를 "
                       f"결정하며, 공신력·운영 능력에 하자가 있으면 재위탁으로 추진합니다 {_refs(ns)}. "
                       f"재계약 대상이어도 서울시는 공개모집 재위탁을 택할 수 있습니다.")
        if fact is not None:
            decision = _decision_sentence(b, service, fact)
            if decision:
                n = b.cite(*decision)
                cites.append(n)
                heads.append(f"다만 서울시는 재계약 대신 공개모집으로 재위탁을 추진했습니다 {_refs([n])}.")
                results.append(f"- 실제 추진: {decision[0].text[decision[1]:decision[2]]} {_refs([n])}")
    notes = [n for n in result["notes"] if n != rv.say("discretion")]
    b.call("recontract_eligibility", call_args, result, cites)
    return b.draft([" ".join(heads), "", "근거", *inputs, *rules_lines, *results, *[f"- 참고: {n}" for n in notes]])


def _consent(q: str, b: _Builder, as_of: date) -> Draft:
    rv = b.rules.get("council_consent", as_of)
    actions = parse_consent_actions(q)
    if rv is None:
        result = council_consent_required(actions[0][0], as_of=as_of, rules=b.rules)  # type: ignore[arg-type]
        b.call("council_consent_required", {"action": actions[0][0], "as_of": as_of.isoformat()}, result, [])
        return b.draft([result["verdict"], "", "근거", *[f"- 참고: {n}" for n in result["notes"]]])
    labels = rv.extra.get("actions", {})
    refs: dict[str, list[int]] = {}

    def ref(cid: str) -> list[int]:
        if cid not in refs:
            refs[cid] = [b.cite_source(s, rv, cid) for s in rv.clause(cid).sources[:1]]
        return refs[cid]

    heads, inputs, results = [], [], []
    used: list[str] = []
    for action, important_change in actions:
        result = council_consent_required(action, important_change=important_change, as_of=as_of, rules=b.rules)  # type: ignore[arg-type]
        cites = [n for cid in result["clauses_applied"] for n in ref(cid)]
        used += [c for c in result["clauses_applied"] if c not in used]
        label = result["action_label"] + (" (중요내용 변경 포함)" if important_change else "")
        first = result["verdict"].split(". ")[0].rstrip(".")
        basis = f"{result['law']} {rv.clause('①').id}" if len(actions) == 1 else result["basis"]
        heads.append(f"{first}({basis}) {_refs(ref('①'))}.")
        inputs.append(label)
        if result["consent_required"]:
            budget = ("동의 전 편성 가능(예외)" if result["budget_before_consent_allowed"] else "의회 동의 후 편성")
            results.append(f"- 결과({label}): 의회 동의 필요 {_refs(ref('①'))}; 제출 서류: "
                           f"{', '.join(result['documents_required'])} {_refs(ref('③'))}; 예산: {budget} {_refs(ref('⑤'))}")
        else:
            results.append(f"- 결과({label}): 의회 동의 불필요 — ①에 열거되지 않음 {_refs(ref('①'))}; "
                           f"예산: 동의 전 편성 제한의 예외 {_refs(ref('⑤'))}")
            results.extend(f"- 참고: {n}" for n in result["notes"])
        b.call("council_consent_required", {"action": action, "important_change": important_change,
                                            "as_of": as_of.isoformat()}, result, cites)
    art = re.search(r"제\s*\d+\s*조(?:\s*의\s*\d+)?", rv.basis)
    art_s = art.group(0) if art else ""
    c1, c3, c5 = rv.clause("①"), rv.clause("③"), rv.clause("⑤")
    rule_lines = [f"- 적용 규칙: {rv.basis} ① — "
                  f"{', '.join(labels.get(a, a) for a in c1.params.get('actions', []))}에는 의회 동의 필요 {_refs(ref('①'))}"]
    if "③" in used:
        rule_lines.append(f"- 적용 규칙: {art_s} ③ — 동의를 받을 때 {', '.join(c3.params.get('documents', []))} 함께 제출 "
                          f"{_refs(ref('③'))}")
    rule_lines.append(f"- 적용 규칙: {art_s} ⑤ — 예산은 의회 동의 후 편성, 다만 "
                      f"{'·'.join(labels.get(a, a) for a in c5.params.get('exceptions', []))}은 예외 {_refs(ref('⑤'))}")
    rule_lines.append(f"- 규칙 버전: {rv.version} (기준일 {as_of.isoformat()})")
    return b.draft([" ".join(heads), "", "근거", f"- 입력: 행위 유형 = {', '.join(inputs)} (질문에서)",
                    *rule_lines, *results])


# ---- calculations ---------------------------------------------------------------------------

def _explicit_pair(q: str, first: str, second: str) -> tuple[float, float] | None:
    a = re.search(rf"{first}\S{{0,3}}\s*[:=]?\s*(\d[\d,]*(?:\.\d+)?)", q)
    t = re.search(rf"{second}\S{{0,3}}\s*[:=]?\s*(\d[\d,]*(?:\.\d+)?)", q)
    if a and t:
        return float(a.group(1).replace(",", "")), float(t.group(1).replace(",", ""))
    return None


def _when(f: Fact) -> str:
    if f.partial and f.period:
        return f"{f.period} 기준"
    return f"{f.year}년" if f.year else (f.period or "")


def _achievement(q: str, b: _Builder, service: str | None) -> Draft | None:
    d = b.rules.decimals
    pair = _explicit_pair(q, r"실적(?:치)?", r"목표(?:치)?")
    if pair:
        actual, target = pair
        r = calc.achievement_rate(actual, target, d)
        # the documents do not state the formula; its basis is the report table it reproduces
        ns = [b.cite_source(s, None, "calc") for s in b.rules.calc_sources[:1]]
        b.call("achievement_rate", {"actual": actual, "target": target, "decimals": d}, r, ns)
        return b.draft([f"달성도는 {r['display']}%입니다.", "", "근거",
                        f"- 입력: 실적치 {calc.plain(actual)}, 목표치 {calc.plain(target)} (질문에서 주어진 값)",
                        f"- 산식: 달성도 = {b.rules.calc.get('achievement_formula', '실적치 ÷ 목표치 × 100')} "
                        f"(소수 {d}자리 반올림) — 보고서 성과지표 표의 달성도와 같은 산식 {_refs(ns)}",
                        f"- 결과: {r['formula']}%"])
    years = _years(q)
    if not years:
        kp = [f for f in b.facts.facts if f.kind == "kpi" and (service is None or f.service == service)]
        years = sorted({f.year for f in kp if f.year})
    heads, body = [], []
    for y in years:
        row = b.facts.kpi(q, y, service)
        if not row:
            continue
        actual, target, table_rate = row.get("실적치"), row.get("목표치"), row.get("달성도")
        any_f = actual or target or table_rate
        name = any_f.extra.get("indicator_name") or any_f.group  # type: ignore[union-attr]
        hn = b.cite_header(any_f)  # type: ignore[arg-type]
        if actual and target:
            r = calc.achievement_rate(actual.value, target.value, d)  # type: ignore[arg-type]
            na, nt = b.cite_fact(actual), b.cite_fact(target)
            cites = [x for x in (na, nt, hn) if x]
            agree = ""
            if table_rate is not None:
                nr = b.cite_fact(table_rate)
                cites.append(nr)
                same = abs(float(table_rate.value) - r["value"]) < 10 ** -d / 2 + 1e-9  # type: ignore[arg-type]
                agree = (f" — 표의 달성도({table_rate.raw})와 일치 {_refs([nr])}" if same
                         else f" — 표의 달성도({table_rate.raw})는 계산값과 다름 {_refs([nr])}")
            heads.append(f"{_when(actual)} ‘{name}’ 지표의 달성도는 {r['display']}%입니다"
                         f"(실적치 {actual.raw} ÷ 목표치 {target.raw}).")
            body += [f"- 입력({_when(actual)}{' ' + _refs([hn]) if hn else ''}): 실적치 {actual.raw} {_refs([na])}, "
                     f"목표치 {target.raw} {_refs([nt])}{' (단위 ' + actual.unit + ')' if actual.unit else ''}",
                     f"- 결과: {r['formula']}%{agree}"]
            b.call("achievement_rate", {"actual": actual.value, "target": target.value, "year": y, "indicator": name,
                                        "decimals": d}, r, cites)
        elif table_rate is not None:
            nr = b.cite_fact(table_rate)
            heads.append(f"{_when(table_rate)} ‘{name}’ 지표의 달성도는 {table_rate.raw}%입니다 {_refs([nr])}.")
            body.append(f"- 표의 달성도 {table_rate.raw} {_refs([nr, hn])} (목표치·실적치가 표에 없어 재계산하지 않음)")
    if not heads:
        return None
    body.append(f"- 산식: 달성도 = {b.rules.calc.get('achievement_formula', '실적치 ÷ 목표치 × 100')} (소수 {d}자리 반올림)")
    return b.draft([" ".join(heads), "", "근거", *body])


def _pair_for_years(b: _Builder, q: str, years: list[int], service: str | None) -> list[Fact]:
    metric = re.sub(r"(?:19|20)\d{2}\s*년?|[’'‘]\d{2}", " ", q)
    series = []
    top = None
    for y in years:
        top = b.facts.lookup(metric, y, service)
        if top:
            break
    if top is None:
        return []
    same = [f for f in b.facts.facts if f.kind == top.kind and f.chunk_id == top.chunk_id and f.label == top.label
            and f.group == top.group and f.table == top.table]
    for y in years:
        f = next((x for x in same if x.year == y), None)
        if f:
            series.append(f)
    if not years:
        series = sorted(same, key=lambda f: (f.year or 0, f.partial))
    return series


def _metric_name(f: Fact) -> str:
    return " ".join(tidy(x) for x in (f.table, f.group if f.kind != "kpi" else f.extra.get("indicator_name"), f.label) if x)


def _growth(q: str, b: _Builder, service: str | None) -> Draft | None:
    years = _years(q)
    if len(years) == 1 and re.search(r"전년", q):
        years = [years[0] - 1, years[0]]
    series = _pair_for_years(b, q, years if len(years) >= 2 else [], service)
    if len(series) < 2:
        return None
    f0, f1 = series[0], series[-1]
    d = b.rules.decimals
    ch = calc.change(f0.value, f1.value, f0.unit, d)  # type: ignore[arg-type]
    n0, n1 = b.cite_fact(f0), b.cite_fact(f1)
    hn = b.cite_header(f0)
    cites = [x for x in (n0, n1, hn) if x]
    name = _metric_name(f0)
    lines_body = [f"- 입력: {_when(f0)} {f0.raw} {_refs([n0])}, {_when(f1)} {f1.raw} {_refs([n1])} ({name}; 연도 {_refs([hn])})"]
    b.call("change", {"before": f0.value, "after": f1.value, "unit": f0.unit}, ch, cites)
    direction = "증가" if ch["value"] > 0 else ("감소" if ch["value"] < 0 else "변동 없음")
    head = f"{name}: {_when(f0)} 대비 {_when(f1)} {calc.grouped(abs(ch['value']))}{f0.unit} {direction}"
    lines_body.append(f"- 증감: {b.rules.calc.get('change_formula')} = {ch['formula']}{f0.unit}")
    if float(f0.value) != 0:  # type: ignore[arg-type]
        gr = calc.growth_rate(f0.value, f1.value, d)  # type: ignore[arg-type]
        b.call("growth_rate", {"before": f0.value, "after": f1.value}, gr, cites)
        head += f"(증감률 {gr['display']}%)"
        lines_body.append(f"- 증감률: {b.rules.calc.get('growth_formula')} = {gr['formula']}%")
    if f1.partial or f0.partial:
        lines_body.append("- 참고: 부분 연도 값이 포함되어 있습니다(표의 기준일 참조).")
    return b.draft([f"{head} {_refs([n0, n1])}.", "", "근거", *lines_body])


def _share(q: str, b: _Builder, service: str | None) -> Draft | None:
    years = _years(q) or [None]  # type: ignore[list-item]
    y = years[0]
    metric = re.sub(r"(?:19|20)\d{2}\s*년?|[’'‘]\d{2}", " ", q)
    ranked = b.facts.rank(metric, y, service)
    part = next((f for f in ranked if compact(f.label or "") not in TOTAL_LABELS - {"소계"} or f.group), None)
    if part is None:
        return None
    total = next((f for f in b.facts.facts if f.chunk_id == part.chunk_id and f.year == part.year and f.group is None
                  and compact(f.label or "") in TOTAL_LABELS and f is not part), None)
    if total is None:
        return None
    r = calc.share(part.value, total.value, b.rules.decimals)  # type: ignore[arg-type]
    np_, nt, hn = b.cite_fact(part), b.cite_fact(total), b.cite_header(part)
    cites = [x for x in (np_, nt, hn) if x]
    b.call("share", {"part": part.value, "total": total.value, "year": part.year}, r, cites)
    pname = " ".join(x for x in (part.group, part.label) if x)
    return b.draft([f"{_when(part)} {tidy(part.table)}에서 {pname}의 비중은 {r['display']}%입니다 {_refs([np_, nt])}.", "", "근거",
                    f"- 입력: {pname} {part.raw} {_refs([np_, hn])}, 전체({total.label}) {total.raw} {_refs([nt])}",
                    f"- 산식: {b.rules.calc.get('share_formula')} = {r['formula']}%"])


def _sum(q: str, b: _Builder, service: str | None) -> Draft | None:
    years = _years(q)
    series = _pair_for_years(b, q, years, service)
    if not years:
        series = [f for f in series if not f.partial]
    if len(series) < 2:
        return None
    unit = series[0].unit
    r = calc.sum_over_years({str(f.year): f.value for f in series}, unit, b.rules.decimals)  # type: ignore[misc]
    ns = [b.cite_fact(f) for f in series]
    hn = b.cite_header(series[0])
    cites = [x for x in ns + [hn] if x]
    b.call("sum_over_years", {"values": {str(f.year): f.value for f in series}, "unit": unit}, r, cites)
    name = _metric_name(series[0])
    span = f"{series[0].year}~{series[-1].year}년"
    inputs = ", ".join(f"{_when(f)} {f.raw}" for f in series)
    lines = [f"{name}의 {span} 합계는 {r['display']}{unit}입니다 {_refs(ns)}.", "", "근거",
             f"- 입력: {inputs} {_refs(ns + [hn])}",
             f"- 산식: {b.rules.calc.get('sum_formula')} = {r['formula']}{unit}"]
    if any(f.partial for f in series):
        lines.append("- 참고: 부분 연도 값이 포함되어 있습니다.")
    return b.draft(lines)


# ---- entry point ----------------------------------------------------------------------------

def classify(question: str) -> str | None:
    """Which tool a question calls for: consent | recontract | achievement | growth | share | sum | None."""
    q = question
    if CONSENT_Q.search(q) and CONSENT_NEED_Q.search(q) and not re.search(r"동의안", q):
        return "consent"
    if (RECONTRACT_Q.search(q) and VERDICT_Q.search(q)) or SCORE_IF_Q.search(q):
        return "recontract"
    if ACHIEVE_Q.search(q):
        return "achievement"
    if SHARE_Q.search(q):
        return "share"
    if SUM_Q.search(q) and len(_years(q)) != 1:
        return "sum"
    if GROWTH_Q.search(q) and (len(_years(q)) >= 2 or re.search(r"전년", q)):
        return "growth"
    return None


def answer_with_tools(question: str, search: Search, facts: Facts, rules: Rules, as_of: date | None = None) -> Draft | None:
    """Answer a rule/calculation question with a deterministic tool, or None when it is not one."""
    kind = classify(question)
    if kind is None:
        return None
    as_of = as_of or _question_as_of(question) or date.today()
    b = _Builder(search, facts, rules)
    if kind == "consent":
        return _consent(question, b, as_of)
    if kind == "recontract":
        return _recontract(question, b, as_of)
    service = facts.match_service(question)
    handler = {"achievement": _achievement, "growth": _growth, "share": _share, "sum": _sum}[kind]
    return handler(question, b, service)


def make_tool_hook(index: Any, settings: Any) -> Callable[[str, Search], Draft | None]:
    """The pipeline's hook: facts built once from every indexed chunk, rules loaded once from
    `settings.rules_file`; then `hook(question, search)` per question."""
    from .facts import extract_facts
    from .rules.model import load_rules

    facts = extract_facts(index.all_chunks(), index.documents())
    rules = load_rules(settings.rules_file)

    def hook(question: str, search: Search) -> Draft | None:
        return answer_with_tools(question, search, facts, rules)

    hook.facts = facts  # type: ignore[attr-defined]
    hook.rules = rules  # type: ignore[attr-defined]
    return hook
