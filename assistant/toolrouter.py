"""Rule and calculation questions → a deterministic tool call → a cited, scored proposal.

A tool answers only when the question asks for a verdict or a calculation (`assistant.intent`)
AND the tool's arguments fill from the question (`assistant.conditions`: "N점이면", "<X>이
없었다면", "<Y>는 필요 없다고 봤다면", "N점을 넘지 못했다면") or from the facts tables (the
named service's 종합성과평가, a KPI row for the year, …). Otherwise `propose` returns None and
retrieval answers. Tools:

- 재계약 배제 사유 (rules.toml `recontract_exclusion`) → `recontract_eligibility`
- 의회 동의 (rules.toml `council_consent`) → `council_consent_required`
- 달성도 / 증감·증감률 / 비중 / 연도 합계 → `achievement_rate`, `change`+`growth_rate`, `share`, `sum_over_years`
- 나머지·모자라는 점수 / A 대비 B 비율 / 단위당 금액 / 합계 행 없는 표의 열 합계 → `remainder`, `ratio`,
  `per_unit`, `total_of` (inputs from one document's sentences or table cells)

A proposal is `ToolProposal(draft, confidence, reason)`: the pipeline's hook (`make_tool_hook`)
answers with the draft when the confidence reaches `ACCEPT`; `hook.propose` gives the proposal
itself to a caller that wants to weigh it against the retrieval answer. The draft is the verdict
first, then a "근거" block: inputs with [n] markers to their passages, the rule applied with its
source cited [n] (the rules file entry when the passage is not indexed — the text says so), the
result; when documents disagree about an input (`assistant.conflicts`), both values with sources
and dates and which one decided. Every number in the text is in a cited quote or in
`Draft.tool_numbers`. All criterion wording comes from rules.toml.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .conditions import read_actions, read_criteria, stated_consent
from .conflicts import Choice, choose_eval_score, source_label, value_label
from .facts import (TOTAL_LABELS, Fact, Facts, TableView, compact, is_total_label, parse_number, sentence_spans,
                    table_view, tidy, words)
from .intent import Intent, classify as classify_intent, question_as_of, years_in
from .models import Chunk, Draft, Evidence, Hit, ToolCall
from .regions import REGIONS
from .rules import calc
from .rules.engine import council_consent_required, recontract_eligibility
from .rules.model import Range, Rules, RuleVersion, Source, default_rules, fmt_number

Search = Callable[[str, int], list[Hit]]
NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
MARKER = re.compile(r"\[\d+\]")

ACCEPT = 0.5  # a proposal at or above this answers in place of retrieval
RECONTRACT_RULE, CONSENT_RULE = "recontract_exclusion", "council_consent"
FACTS_INPUT = "eval_score"  # the criterion input the facts tables hold per service (종합성과평가)


@dataclass
class ToolProposal:
    """A tool's answer with how sure the router is that the tool should answer at all."""

    draft: Draft
    confidence: float  # 0–1
    reason: str
    intent: Intent | None = None


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
        for c in self.facts.chunks_holding(quote):  # the only other chunks find_span can match
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

def _practice_sentence(b: _Builder, rv: RuleVersion, service: str | None, fact: Fact | None) -> tuple[Chunk, int, int] | None:
    """A sentence saying what the city actually chose for the service (rules.toml [rules.practice])."""
    spec = rv.extra.get("practice", {})
    if not spec:
        return None
    keys = " ".join(b.facts.service_keys(service)) if service else ""
    try:
        hits = b.search(f"{keys} {spec.get('query', '')}".strip(), 8)
    except Exception:
        hits = []
    chunks = [h.chunk for h in hits]
    if fact is not None:
        chunks.insert(0, b.facts.chunk(fact.chunk_id))
    has = [re.compile(p) for p in spec.get("has", [])]
    not_ = re.compile(spec["not"]) if spec.get("not") else None
    weights = {f["name"]: (re.compile(f["pattern"]) if f.get("pattern") else None, float(f.get("weight", 0)))
               for f in spec.get("features", [])}
    best, seen = None, set()
    for c in chunks:
        if c.chunk_id in seen or c.kind in ("list", "article", "table"):
            continue
        seen.add(c.chunk_id)
        pos = 0
        for line in c.text.split("\n"):
            for a, z in sentence_spans(line):
                s = line[a:z]
                if not all(p.search(s) for p in has) or (not_ and not_.search(s)):
                    continue
                score = sum(w for name, (p, w) in weights.items() if p is not None and p.search(s))
                if fact is not None and c.doc_id == fact.doc:
                    score += weights.get("same_document", (None, 0.0))[1]
                if fact is not None and c.chunk_id == fact.chunk_id and fact.quote in line:
                    score += weights.get("same_line_as_input", (None, 0.0))[1]
                if score >= float(spec.get("min_score", 0)) and (best is None or score > best[0]):
                    best = (score, c, pos + a, pos + z)
            pos += len(line) + 1
    return (best[1], best[2], best[3]) if best else None


def _obj(word: str) -> str:
    """word + 을/를 by its last syllable (60.00점 → 60.00점을)."""
    last = word[-1] if word else ""
    if "가" <= last <= "힣":
        return word + ("을" if (ord(last) - 0xAC00) % 28 else "를")
    return word + "을(를)"


def _shown(value: Any, unit: str) -> str:
    if isinstance(value, Range):
        return value.describe(unit)
    if isinstance(value, bool):
        return "예" if value else "아니오"
    return f"{fmt_number(value)}{unit}"


def _args_json(given: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.as_dict() if isinstance(v, Range) else v) for k, v in given.items()}


def _scored_services(facts: Facts) -> list[str]:
    return sorted({f.service for f in facts.eval_history() if f.service})


def _recontract(q: str, b: _Builder, as_of: date, intent: Intent) -> ToolProposal | None:
    rv = b.rules.get(RECONTRACT_RULE, as_of)
    if rv is None:  # no version in force: say so (a verdict on another version would be wrong)
        result = recontract_eligibility(as_of=as_of, rules=b.rules)
        b.call("recontract_eligibility", {"as_of": as_of.isoformat()}, result, [])
        return ToolProposal(b.draft([result["verdict"], "", "근거", *[f"- 참고: {n}" for n in result["notes"]]]),
                            0.6, "기준일에 적용되는 규칙 버전 없음", intent)
    reading = read_criteria(q, rv)
    given: dict[str, Any] = dict(reading.given)
    by_input = {c.input: c for c in rv.criteria}
    listing = intent.kind == "rule_text"
    service = b.facts.match_service(q)
    choice: Choice | None = None
    if not listing and not given and reading.unbound:
        return None  # the question states a score the rules cannot place ("만족도 85점"): no verdict on another
    if not listing and not given and not reading.undetermined:
        # the question states no case: the named service's own score decides, if the facts have it
        if service is None:
            if b.facts.unknown_service(q):
                return None  # another service's score must not answer for this one
            scored = _scored_services(b.facts)
            if len(scored) != 1:
                return None  # which service? retrieval (and its ambiguity handling) answers
            service = scored[0]
        years = [y for y in years_in(q) if not question_as_of(q)]
        choice = choose_eval_score(b.facts, service, years[0] if len(years) == 1 else None)
        if choice is None:
            return None
        given[FACTS_INPUT] = float(choice.fact.value)  # type: ignore[arg-type]
    result = recontract_eligibility(**given, as_of=as_of, rules=b.rules)
    call_args: dict[str, Any] = dict(_args_json(given), as_of=as_of.isoformat())
    if choice is not None:
        call_args["service"] = service
        call_args["input_source"] = {"doc": choice.fact.doc, "doc_date": b.facts.doc_meta(choice.fact.doc).date,
                                     "year": choice.fact.year}
    if reading.undetermined:
        call_args["undetermined"] = dict(reading.undetermined)

    cites: list[int] = []

    def cite_criterion(cid: str, n_sources: int = 1) -> list[int]:
        ns = [b.cite_source(s, rv, cid) for s in rv.criterion(cid).sources[:n_sources]]
        cites.extend(ns)
        return ns

    # --- inputs
    inputs: list[str] = []
    heads: list[str] = []
    fact_ref = None
    if choice is not None:
        fact = choice.fact
        fact_ref = b.cite_fact(fact)
        cites.append(fact_ref)
        crit = by_input[FACTS_INPUT]
        src = "보고서 본문" if fact.extra.get("source") == "본문" else (fact.table or "표")
        when = f"{fact.year}년" if fact.year and not fact.extra.get("year_inferred") else "최근"
        inputs.append(f"- 입력: {service} {crit.name} {fact.raw} ({when}, {src}) {_refs([fact_ref])}")
        latest = b.facts.latest_eval_score(service)
        for other in (latest.extra.get("corroborated_by", []) if latest is not None and latest.chunk_id == fact.chunk_id else []):
            n = b.cite_fact(other)
            cites.append(n)
            inputs.append(f"  · {other.table or '표'}의 같은 기간 점수({other.raw})와 일치(반올림) {_refs([n])}")
        if choice.conflict:
            heads_note, lines, conflict_args = _conflict_lines(b, rv, choice, service, cites, as_of)
            inputs.extend(lines)
            call_args["conflicting_values"] = conflict_args
    else:
        for k, v in given.items():
            crit = by_input.get(k)
            shown = _shown(v, crit.unit if crit else "")
            inputs.append(f"- 입력: {crit.name if crit else k} {shown} (질문에서: “{reading.evidence.get(k, '')}”)")

    # --- which criteria to show: the checked ones; else the ones the question raises; else all
    checked = [c["id"] for c in result["checks"]]
    raised = [by_input[n].id for n in reading.undetermined if n in by_input]
    shown_ids = checked or raised or [c.id for c in rv.criteria]
    rules_lines: list[str] = []
    refs: dict[str, list[int]] = {}
    for crit in rv.criteria:
        if crit.id in shown_ids:
            refs[crit.id] = cite_criterion(crit.id, 2 if crit.id in checked else 1)
            rules_lines.append(f"- 적용 규칙: {rv.basis} {rv.title} {crit.id} — {crit.describe()} {_refs(refs[crit.id])}")
    committee = rv.extra.get("committee", {})
    reviews = committee.get("reviews", [])
    if any(i in reviews for i in (result["pending_committee_review"] or shown_ids)):
        ns = [b.cite_source(s, rv, "committee") for s in committee.get("sources", ())[:1]]
        cites.extend(ns)
        rules_lines.append(f"- 심의: {'·'.join(reviews)} 해당 여부는 {committee.get('name', '')}에서 심의 {_refs(ns)}")
    rules_lines.append(f"- 규칙 버전: {result['rule_version']} (기준일 {result['as_of']})")

    # --- result lines
    results: list[str] = []
    for c in result["checks"]:
        rel = {True: "해당", False: "해당하지 않음", None: "값에 따라 다름"}[c["applies"]]
        if c["threshold"] is not None:
            results.append(f"- 결과: {c['id']} {c['value_text']} → 기준({fmt_number(c['threshold'])}{c['unit']} "
                           f"{c['comparison']}) {rel}")
        else:
            results.append(f"- 결과: {c['id']} {'해당' if c['value'] else '해당 없음'}")

    # --- the verdict, first
    status = result["status"]
    for c in result["checks"]:  # a range stated in the question: say what it means for the criterion
        value = given.get(c["input"])
        if isinstance(value, Range) and c["applies"] is not None:
            crit = by_input[c["input"]]
            key = "range_all" if c["applies"] else "range_none"
            heads.append(rv.say(key, given=f"{crit.name} {c['value_text']}", id=crit.id, criterion=crit.describe())
                         + f" {_refs(refs.get(crit.id, []))}")
    if status == "depends_on_value":
        for cid in result["depends_on_value"]:
            crit = rv.criterion(cid)
            heads.append(rv.say("depends_detail", given=_shown(given[crit.input], crit.unit), criterion=crit.describe(),
                                id=cid) + f" {_refs(refs.get(cid, []))}")
    elif status == "undetermined":
        for name, what in reading.undetermined.items():
            crit = by_input.get(name)
            if crit is not None:
                heads.append(rv.say("undetermined_criterion", id=crit.id, criterion=crit.label, missing=what,
                                    refs=_refs(refs.get(crit.id, []))))
        if not heads:
            heads.append(rv.say("listing", title=rv.title, ids="·".join(c.id for c in rv.criteria), basis=rv.basis))
    elif choice is not None and service:
        crit = rv.criterion(result["checks"][0]["id"])
        key = "service_excluded" if result["checks"][0]["applies"] else "service_not_excluded"
        heads.append(rv.say(key, service=service, input=crit.name, value=choice.fact.raw, refs=_refs([fact_ref]),
                            id=crit.id, criterion=crit.describe()))
        if choice.conflict:  # right after the verdict it qualifies
            heads.append(heads_note)
        if result["checks"][0]["applies"]:
            heads.append(result["verdict"])
    else:
        heads.append(result["verdict"])
    for name, what in ([] if status == "undetermined" else reading.undetermined.items()):
        crit = by_input.get(name)
        if crit is not None:
            results.append(f"- 미판정: {crit.id}은(는) {what}이(가) 질문에 없어 판단하지 않았습니다 {_refs(cite_criterion(crit.id))}")

    if status == "not_excluded":
        practice = rv.extra.get("practice", {})
        for x in rv.extra.get("considerations", []):
            ns = [b.cite_source(s, rv, "considerations") for s in x.get("sources", ())[:1]]
            cites.extend(ns)
            results.append(f"- 종합 검토: {rv.basis}에 따르면 {x['text']} {_refs(ns)}. {practice.get('note', '')}".rstrip())
        if choice is not None:
            decision = _practice_sentence(b, rv, service, choice.fact)
            if decision:
                n = b.cite(*decision)
                cites.append(n)
                heads.append(f"{practice.get('said', '')} {_refs([n])}.")
                results.append(f"- {practice.get('label', '')}: {decision[0].text[decision[1]:decision[2]]} {_refs([n])}")
    notes = [n for n in result["notes"] if n != rv.say("discretion")]
    b.call("recontract_eligibility", call_args, result, cites)
    draft = b.draft([" ".join(heads), "", "근거", *inputs, *rules_lines, *results, *[f"- 참고: {n}" for n in notes]])
    if listing:
        return ToolProposal(draft, 0.6, f"{intent.reason}; 규칙의 배제 사유 목록", intent)
    if status == "undetermined":
        return ToolProposal(draft, 0.6, f"{intent.reason}; 판정에 필요한 사실 일부가 질문에 없음", intent)
    if choice is not None:
        conf = 0.55 if choice.same_period else (0.65 if choice.conflict else 0.8)
        return ToolProposal(draft, conf, f"{intent.reason}; 입력은 사실표({service})에서", intent)
    return ToolProposal(draft, 0.9, f"{intent.reason}; 입력은 질문에서({', '.join(given)})", intent)


def _conflict_lines(b: _Builder, rv: RuleVersion, choice: Choice, service: str | None, cites: list[int],
                    as_of: date, verdicts: bool = True) -> tuple[str, list[str], list[dict[str, Any]]]:
    """The head note and 근거 lines for documents that disagree about the input, and the other
    values' verdicts when they would differ."""
    crit = next(c for c in rv.criteria if c.input == FACTS_INPUT)
    chosen = choice.fact
    values = [chosen, *choice.others]
    refs = {id(f): b.cite_fact(f) for f in values}
    cites.extend(refs.values())
    listed = ", ".join(f"{value_label(f)} {source_label(b.facts, f)} {_refs([refs[id(f)]])}" for f in values)
    head = (f"※ 문서마다 {service}의 {crit.name} 점수가 다릅니다: {listed}. 판정에는 {_obj(chosen.display())} "
            f"썼습니다 — {choice.reason}.")
    lines = [f"- 판정에 쓴 값: {value_label(chosen)} {source_label(b.facts, chosen)} {_refs([refs[id(chosen)]])} — {choice.reason}"]
    mine = recontract_eligibility(**{FACTS_INPUT: float(chosen.value)}, as_of=as_of, rules=b.rules)  # type: ignore[arg-type]
    out_args = []
    for f in choice.others:
        other = recontract_eligibility(**{FACTS_INPUT: float(f.value)}, as_of=as_of, rules=b.rules)  # type: ignore[arg-type]
        flips = other["recontract_allowed"] != mine["recontract_allowed"]
        tail = (f" — 이 값이면 판정이 달라집니다: {other['verdict']}" if flips else " — 이 값이어도 판정은 같습니다."
                ) if verdicts else ""
        lines.append(f"- 다른 문서의 값: {value_label(f)} {source_label(b.facts, f)} {_refs([refs[id(f)]])}{tail}")
        out_args.append({"value": f.value, "year": f.year, "doc": f.doc, "doc_date": b.facts.doc_meta(f.doc).date,
                         "verdict_if_used": other["status"]})
    if choice.same_period:
        lines.append("- 참고: 같은 연도의 평가에 대해 문서의 값이 서로 다르므로 원문(평가 결과 통보 등) 확인이 필요합니다.")
    return head, lines, out_args


def _eval_score_conflict(q: str, b: _Builder, as_of: date, intent: Intent) -> ToolProposal | None:
    """A fact question about a service's 종합성과평가 when documents disagree: both values, sourced."""
    rv = b.rules.get(RECONTRACT_RULE, as_of) or next(iter(b.rules.versions_of(RECONTRACT_RULE)), None)
    crit = next((c for c in rv.criteria if c.input == FACTS_INPUT), None) if rv else None
    if crit is None or not any(w in q for w in crit.ask.get("subject", [])) or not re.search(r"점수|몇\s*점|얼마|결과", q):
        return None
    service = b.facts.match_service(q)
    if service is None:
        return None
    years = years_in(q)
    choice = choose_eval_score(b.facts, service, years[0] if len(years) == 1 else None)
    if choice is None or not choice.conflict:
        return None
    cites: list[int] = []
    head, lines, conflict_args = _conflict_lines(b, rv, choice, service, cites, as_of, verdicts=False)  # type: ignore[arg-type]
    head = head.replace("판정에는", "답에는")
    lines[0] = lines[0].replace("판정에 쓴 값", "답에 쓴 값")
    b.call("eval_score_lookup", {"service": service, "year": years[0] if len(years) == 1 else None},
           {"value": choice.fact.value, "year": choice.fact.year, "doc": choice.fact.doc,
            "doc_date": b.facts.doc_meta(choice.fact.doc).date, "reason": choice.reason,
            "conflicting_values": conflict_args}, cites)
    return ToolProposal(b.draft([head, "", "근거", *lines]), 0.7, "문서 간 값이 다른 사실을 묻는 질문", intent)


# ---- council consent ----------------------------------------------------------------------------

def parse_consent_actions(q: str, rules: Rules | None = None, as_of: date | None = None) -> list[tuple[str, bool]]:
    """(action, important_change) pairs the question asks about; all four when it names none.
    The words are rules.toml's [rules.ask.actions]; a negated one ("중요 내용 변경 없이") is left out."""
    rules = rules or default_rules()
    rv = rules.get(CONSENT_RULE, as_of or date.today()) or next(iter(rules.versions_of(CONSENT_RULE)), None)
    vocab = rv.extra.get("ask", {}).get("actions", {}) if rv else {}
    named = read_actions(q, vocab)
    change = "change" in named
    out: list[tuple[str, bool]] = []
    for action in named:
        if action == "change":
            continue
        out.append((action, change and action == "recontract"))
    if change and not any(a == "recontract" for a, _ in out):
        out.append(("change", False))
    return out or [(a, False) for a in vocab] or [("new", False), ("change", False), ("reentrust", False), ("recontract", False)]


def _consent(q: str, b: _Builder, as_of: date, intent: Intent) -> ToolProposal:
    rv = b.rules.get(CONSENT_RULE, as_of)
    actions = parse_consent_actions(q, b.rules, as_of)
    if rv is None:
        result = council_consent_required(actions[0][0], as_of=as_of, rules=b.rules)  # type: ignore[arg-type]
        b.call("council_consent_required", {"action": actions[0][0], "as_of": as_of.isoformat()}, result, [])
        return ToolProposal(b.draft([result["verdict"], "", "근거", *[f"- 참고: {n}" for n in result["notes"]]]),
                            0.6, "기준일에 적용되는 규칙 버전 없음", intent)
    ask = rv.extra.get("ask", {})
    obtained = stated_consent(q, ask.get("decision", []))
    labels = rv.extra.get("actions", {})
    refs: dict[str, list[int]] = {}

    def ref(cid: str) -> list[int]:
        if cid not in refs:
            refs[cid] = [b.cite_source(s, rv, cid) for s in rv.clause(cid).sources[:1]]
        return refs[cid]

    heads, inputs, results = [], [], []
    used: list[str] = []
    for action, important_change in actions:
        result = council_consent_required(action, important_change=important_change, as_of=as_of,  # type: ignore[arg-type]
                                          rules=b.rules, consent_obtained=obtained)
        cites = [n for cid in result["clauses_applied"] for n in ref(cid)]
        used += [c for c in result["clauses_applied"] if c not in used]
        label = result["action_label"] + (" (중요내용 변경 포함)" if important_change else "")
        first = result["verdict"].split(". ")[0].rstrip(".")
        basis = f"{result['law']} {rv.clause('①').id}" if len(actions) == 1 else result["basis"]
        heads.append(f"{first}({basis}) {_refs(ref('①'))}.")
        if result["consent_note"]:
            heads.append(result["consent_note"])
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
                                            "consent_obtained": obtained, "as_of": as_of.isoformat()}, result, cites)
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
    stated = "(질문에서)" if read_actions(q, ask.get("actions", {})) else "(질문이 행위를 특정하지 않아 모든 유형)"
    premise = [] if obtained is None else [f"- 입력: 의회 동의 {'받음' if obtained else '받지 않음'} (질문의 전제)"]
    draft = b.draft([" ".join(heads), "", "근거", f"- 입력: 행위 유형 = {', '.join(inputs)} {stated}", *premise,
                     *rule_lines, *results])
    named = bool(read_actions(q, ask.get("actions", {})))
    return ToolProposal(draft, 0.9 if named else 0.6, intent.reason + ("" if named else "; 행위 유형 미지정 — 유형별로 답함"),
                        intent)


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
    years = years_in(q)
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
    # a change runs forward in time whatever order the question names the years in
    # ("<later> 예산안에서 <earlier>보다 몇 % 늘어나나" is measured from the earlier year)
    years = sorted(years_in(q))
    if len(years) == 1 and re.search(r"전년|작년|전 해", q):
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
    years = years_in(q) or [None]  # type: ignore[list-item]
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
    years = years_in(q)
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


# ---- calculations read from the documents themselves (table cells, listed figures, sentences) -----
# The handlers below answer only when every input fills from one document that names what the
# question names (its proper nouns, its year); otherwise None, and retrieval answers.

SHARE_WORD = re.compile(r"비중|점유율|비율|차지")
PART_BEFORE = re.compile(r"(\S+?)(?:이|가|의)?\s*(?:차지하는\s*)?(?:비중|점유율|비율)")
WHOLE_BEFORE = re.compile(r"(\S+?)\s*(?:중(?:에서)?|가운데)\s|(\S+?)(?:에서|의)\s")
YEAR_WORD = re.compile(r"((?:19|20)\d{2})\s*(?:년|회계\s*연도|연도)")
SHORT_YEAR_IN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)|[’'‘](\d{2})(?!\d)")
AMOUNT = r"(?=\d)(?:\d[\d,]*(?:\.\d+)?\s*[조억만]\s*)*(?:\d[\d,]*(?:\.\d+)?\s*)?(?:천원|백만원|만원|억원|원)"
FIGURE = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*([가-힣㎡]{1,3})")
RATE = re.compile(r"100\s*분의\s*(\d{1,3})|(\d{1,3}(?:\.\d+)?)\s*(?:%|퍼센트)")
PREVIOUS_YEAR = re.compile(r"전년|작년|전 해|지난해")


def _stem(word: str) -> str:
    ws = words(word)
    return ws[-1] if ws else ""


def _hit_chunks(b: _Builder, q: str, k: int = 8) -> list[Chunk]:
    try:
        return [h.chunk for h in b.search(q, k)]
    except Exception:  # retrieval failing must not break the question: no tool answer
        return []


def _near_chunks(b: _Builder, q: str, docs: int = 3) -> list[Chunk]:
    """The retrieved chunks, then every chunk of the first `docs` retrieved documents."""
    hits = _hit_chunks(b, q)
    out, seen = [], set()
    for c in hits + [x for d in list(dict.fromkeys(c.doc_id for c in hits))[:docs] for x in b.facts.doc_chunks(d)]:
        if c.chunk_id not in seen:
            seen.add(c.chunk_id)
            out.append(c)
    return out


def _names_what_q_names(b: _Builder, q: str, doc: str) -> bool:
    """Every proper noun of the question (성북구, 강동구) is in the document: no other entity's numbers."""
    from .korean import analyzer

    text = b.facts.doc_text(doc)
    return all(compact(a) in text for a in analyzer().anchors(q))


def _years_of(text: str) -> set[int]:
    return {int(m.group(1)) if m.group(1) else 2000 + int(m.group(2)) for m in SHORT_YEAR_IN.finditer(text)}


def _doc_says_year(b: _Builder, c: Chunk, y: int) -> bool:
    """The chunk's own text, caption or section names the year, or the document is dated in it."""
    if y in _years_of(" ".join([c.text, c.caption or "", *c.section])):
        return True
    when = b.facts.doc_meta(c.doc_id).date or ""
    return when[:4] == str(y)


def _share_words(q: str) -> tuple[str, str]:
    """(part, whole) the question names: '… 사업비 중 A관이 차지하는 비중' → ('A관', '사업비')."""
    m = PART_BEFORE.search(q)
    part = _stem(m.group(1)) if m else ""
    head = q[: m.start()] if m else q
    wm = list(WHOLE_BEFORE.finditer(head + " "))
    whole = _stem(next((g for g in (wm[-1].group(1), wm[-1].group(2)) if g), "")) if wm else ""
    return part, whole


def _value_column(b: _Builder, t: TableView, y: int | None, whole: str, q: str) -> int | None:
    """The column of the asked value: its header names the asked year (a table with year columns
    and no year asked is ambiguous), then the header sharing the question's words."""
    qc = compact(q)
    scored = []
    year_cols = any(_years_of(h) for h in t.columns[1:])
    for i, head in enumerate(t.columns[1:], start=1):
        nums = [t.number(r, i) for r in range(len(t.body))]
        if sum(n is not None for n in nums) < max(2, len(t.body) // 2):
            continue
        hy = _years_of(head)
        if year_cols and (y is None or y not in hy):
            continue
        hc = compact(head)
        score = (3 if whole and compact(whole) in hc else 0) + sum(len(w) for w in words(head) if w in qc)
        scored.append((score, i))
    if not scored:
        return None
    if y is not None and not year_cols and not _doc_says_year(b, t.chunk, y):
        return None  # the asked year is nowhere near this table
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def _continued_total(b: _Builder, t: TableView, col: int) -> tuple[Chunk, int, int, float] | None | bool:
    """A total row the chunker put in the next chunk ("합  계 - 5,250 … 2,387,700"): (chunk, lo, hi, value);
    False when the table goes on with more data rows (its rows here are not all of it)."""
    from .tables import split_cells

    chunks = b.facts.doc_chunks(t.chunk.doc_id)
    idx = next((i for i, c in enumerate(chunks) if c.chunk_id == t.chunk.chunk_id), None)
    if idx is None or idx + 1 >= len(chunks):
        return None
    nxt = chunks[idx + 1]
    if nxt.kind != "table" or nxt.section != t.chunk.section or (nxt.caption and "(계속)" not in nxt.caption):
        return None
    pos = 0
    for line in nxt.text.split("\n"):
        row = split_cells(line.strip())
        if len(row.cells) == len(t.columns) - 1:
            if not is_total_label(row.label):
                return False
            got = parse_number(row.cells[col - 1])
            if got is None:
                return None
            lead = len(line) - len(line.lstrip())
            return nxt, pos + lead, pos + len(line.rstrip()), got[0]
        pos += len(line) + 1
    return None


def _where(b: _Builder, t: TableView) -> tuple[str, int | None]:
    """How the answer names the table: its caption (cited, so its numbers are grounded) or its section."""
    cap = tidy(t.chunk.caption)
    first = t.chunk.text.split("\n", 1)[0]
    if cap and compact(first) == compact(t.chunk.caption or ""):
        return cap, b.cite(t.chunk, 0, len(first.rstrip()))
    return (t.chunk.section[-1] if t.chunk.section else "표"), None


def _share_request(q: str) -> tuple[int | None, str, str] | None:
    """(year, part, whole) of a share question, or None when it names several years or no part."""
    years = years_in(q)
    if len(years) > 1:
        return None
    part, whole = _share_words(q)
    if len(part) < 2:
        return None
    return (years[0] if years else None), part, whole


WHOLE_PIVOT = re.compile(r"\S\s*(?:중(?:에서)?|가운데)\s")


def _stated_share(q: str, b: _Builder) -> Draft | None:
    """Share of a part a sentence states of a whole stated just before it: '<whole> N … 중 <part> M'
    in one sentence, or '<whole>은 N입니다. 이 중 <part>가 M' (the whole in the sentence before
    '이 중'): M ÷ N × 100, both figures in the sentences' own units. None unless one pair fits."""
    asked = _share_request(q)
    if asked is None:
        return None
    y, part, whole = asked
    pc, wc = compact(part), compact(whole)
    if len(wc) < 2:
        return None
    found = []
    for doc in _docs_for(b, q):
        sents = list(_sentences(b.facts.doc_chunks(doc)))
        for i, (c, lo, hi, sent) in enumerate(sents):
            qs = _quantities(sent)
            cands = []  # (whole qty, its span, text where the part is named)
            for k, x in enumerate(qs):
                pv = PIVOT.match(sent, x.end)
                if pv and wc in compact(sent[:x.start]):
                    cands.append((x, (c, lo, hi), sent[pv.end():], qs[k + 1:]))
            if ANAPHOR_PIVOT.match(sent) and i > 0 and sents[i - 1][0].chunk_id == c.chunk_id:
                pc_, plo, phi, prev = sents[i - 1]
                for x in _quantities(prev):
                    if wc in compact(prev[:x.start]):
                        cands.append((x, (pc_, plo, phi), sent, qs))
            for x, wspan, rest, later in cands:
                m = re.search(re.escape(part), rest) if part else None
                if m is None:
                    continue
                p = next((v for v in later if v.unit == x.unit and sent.find(rest) + m.end() <= v.start
                          <= sent.find(rest) + m.end() + 12), None)
                if p is None or not 0 < p.value <= x.value:
                    continue
                wsent = wspan[0].text[wspan[1]:wspan[2]]
                if y is not None and str(y) not in wsent + sent:
                    continue
                found.append((x, p, wspan, (c, lo, hi)))
    if len({(f[0].value, f[1].value) for f in found}) != 1:
        return None
    x, p, wspan, pspan = found[0]
    nw, np_ = b.cite(*wspan), b.cite(*pspan)
    res = calc.share(p.value, x.value, b.rules.decimals)
    b.call("share", {"part": p.written, "total": x.written, "year": y}, res, [nw, np_])
    return b.draft([f"{whole} {x.written} 중 {part} {p.written}의 비중은 {res['display']}%입니다 {_refs([nw, np_])}.",
                    "", "근거", f"- 입력: 전체({whole}) {x.written} {_refs([nw])}, 부분({part}) {p.written} {_refs([np_])}",
                    f"- 산식: {b.rules.calc.get('share_formula')} = {res['formula']}%"])


ANAPHOR_PIVOT = re.compile(r"\s*(?:이|그)\s*(?:중|가운데)(?:에서)?\s")


def _table_share(q: str, b: _Builder) -> Draft | None:
    """Share of a row in a table read from its cells (Chunk.rows): part ÷ the table's total row
    (합계·총계·계·'<부서> 계', also one the chunker split off), else ÷ the sum of the column's rows."""
    asked = _share_request(q)
    if asked is None:
        return None
    y, part, whole = asked
    pc = compact(part)
    found = []
    for c in _near_chunks(b, q):
        t = table_view(c)
        if t is None or not _names_what_q_names(b, q, c.doc_id):
            continue
        labels = [(i, compact(t.label(i))) for i in range(len(t.body)) if not is_total_label(t.label(i))]
        # a row the question names in full ("청소년 상담 지원"), else the one holding the part's word ("상담");
        # in '<whole> 중 <part>' only on the part's side (a word before 중 qualifies the whole: 일반회계 지출 중)
        pivot = WHOLE_PIVOT.search(q)
        side = compact(q[pivot.end():] if pivot else q)
        rows = [i for i, lc in labels if len(lc) >= 2 and lc in side] or [i for i, lc in labels if pc in lc]
        if len(rows) != 1:
            continue
        context = compact(" ".join([c.text, c.caption or "", *c.section]))
        if whole and compact(whole) not in context:
            continue
        col = _value_column(b, t, y, whole, q)
        if col is None or t.number(rows[0], col) is None:
            continue
        found.append((t, rows[0], col))
    if len({(t.label(r), t.columns[col], t.number(r, col)) for t, r, col in found}) != 1:
        return None  # nothing fits, or two different tables fit: retrieval shows them
    t, r, col = found[0]
    pval, punit = t.number(r, col)  # type: ignore[misc]
    totals = [i for i in range(len(t.body)) if is_total_label(t.label(i)) and t.number(i, col) is not None]
    grand = [i for i in totals if compact(t.label(i)) in TOTAL_LABELS - {"소계"}] or totals
    d = b.rules.decimals
    hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
    span = t.spans[r]
    if span is None:
        return None
    np_ = b.cite(t.chunk, *span)
    head_unit = re.search(r"[(（]\s*([가-힣㎡%]{1,4})\s*[)）]\s*$", t.columns[col])
    unit = punit or (t.chunk.unit or "").split(",")[0].strip() or (head_unit.group(1) if head_unit else "")
    lines: list[str] = []
    if grand:
        if len({t.number(i, col) for i in grand}) != 1 or t.spans[grand[0]] is None:
            return None
        tval = t.number(grand[0], col)[0]  # type: ignore[index]
        nt = b.cite(t.chunk, *t.spans[grand[0]])  # type: ignore[misc]
        tname, total_line = t.label(grand[0]), None
    else:
        cont = _continued_total(b, t, col)
        if cont is False:
            return None
        parts = [(t.label(i), t.number(i, col)) for i in range(len(t.body))]
        if any(v is None or v[1] != punit for _, v in parts):
            return None  # a row without a number, or in another unit: the column cannot be added up
        s = calc.total_of([(name, v[0]) for name, v in parts], unit, d)  # type: ignore[index]
        if cont:
            cchunk, lo, hi, tval = cont  # type: ignore[misc]
            nt = b.cite(cchunk, lo, hi)
            tname = "합계"
            agree = "일치" if abs(s["value"] - tval) < 1e-9 else "다름"
            total_line = (f"- 확인: {b.rules.calc.get('column_total_formula')} = {s['formula']}{unit} — 합계 행과 {agree} "
                          f"{_refs([nt])}")
            b.call("total_of", {"values": [[n, v[0]] for n, v in parts]}, s, [nt])  # type: ignore[index]
        else:
            tval, tname = s["value"], "각 행의 합"
            nt = None
            row_refs = [b.cite(t.chunk, *sp) for sp in t.spans if sp]
            total_line = f"- 전체: {b.rules.calc.get('column_total_formula')} = {s['formula']}{unit} {_refs(row_refs)}"
            b.call("total_of", {"values": [[n, v[0]] for n, v in parts]}, s, row_refs)  # type: ignore[index]
    if not 0 < pval <= tval:
        return None
    res = calc.share(pval, tval, d)
    cites = [x for x in (np_, nt, hn) if x]
    b.call("share", {"part": pval, "total": tval, "year": y, "column": t.columns[col]}, res, cites)
    where, wn = _where(b, t)
    pname = t.label(r)
    raw_p, raw_t = calc.grouped(pval), calc.grouped(tval)
    lines.append(f"- 입력: {pname} {raw_p}{unit} {_refs([np_, hn])}, 전체({tname}) {raw_t}{unit} {_refs([nt])}"
                 f" (열: {t.columns[col]})")
    if total_line:
        lines.append(total_line)
    lines.append(f"- 산식: {b.rules.calc.get('share_formula')} = {res['formula']}%")
    head = f"{where}의 ‘{t.columns[col]}’에서 {pname}의 비중은 {res['display']}%입니다 {_refs([wn, np_, nt])}."
    return b.draft([head, "", "근거", *lines])


def _listed_share(q: str, b: _Builder) -> Draft | None:
    """Share of one of the figures a sentence lists ("도서관 12곳, 체육관 7곳, …"): the
    part ÷ the sum of the listed figures of the same counter."""
    asked = _share_request(q)
    if asked is None:
        return None
    y, part, whole = asked
    found = []
    for c in _near_chunks(b, q, docs=1):
        if c.kind == "table" or not _names_what_q_names(b, q, c.doc_id):
            continue
        pos = 0
        for line in c.text.split("\n"):
            for a, z in sentence_spans(line):
                items = _listed_figures(line[a:z])
                if items is None:
                    continue
                hit = [it for it in items if compact(part) in compact(it[0])]
                if len(hit) != 1:
                    continue
                context = compact(" ".join([c.text, *c.section]))
                if whole and compact(whole) not in context:
                    continue
                if y is not None and (not _doc_says_year(b, c, y) or (_years_of(line[a:z]) - {y})):
                    continue
                found.append((c, pos + a, pos + z, items, hit[0]))
            pos += len(line) + 1
    if len({compact(c.text[lo:hi]) for c, lo, hi, *_ in found}) != 1:  # one sentence (maybe in two documents)
        return None
    c, lo, hi, items, (name, value, unit) = found[0]
    d = b.rules.decimals
    s = calc.total_of([(n, v) for n, v, _ in items], unit, d)
    res = calc.share(value, s["value"], d)
    n = b.cite(c, lo, hi)
    b.call("total_of", {"values": [[n_, v] for n_, v, _ in items], "unit": unit, "count": len(items)}, s, [n])
    b.call("share", {"part": value, "total": s["value"], "year": y}, res, [n])
    lines = [f"- 입력: {name} {calc.grouped(value)}{unit} — 한 문장에 나열된 {len(items)}개 값 중 하나 {_refs([n])}",
             f"- 전체: {b.rules.calc.get('listed_total_formula')} = {s['formula']}{unit}"]
    stated = _stated_total(b, c.doc_id, s["display"] + unit, whole)
    if stated:
        lines.append(f"- 확인: 문서에 적힌 전체 {s['display']}{unit} {_refs([b.cite(*stated)])} — 나열된 값의 합과 일치")
    lines.append(f"- 산식: {b.rules.calc.get('share_formula')} = {res['formula']}%")
    label = f"{whole} 중 " if whole else ""
    return b.draft([f"{label}{name}의 비중은 {res['display']}%입니다({name} {calc.grouped(value)}{unit} ÷ 전체 "
                    f"{s['display']}{unit}) {_refs([n])}.", "", "근거", *lines])


def _listed_figures(sent: str) -> list[tuple[str, float, str]] | None:
    """(name, value, counter) of figures a sentence lists with commas, ≥ 3 and one counter."""
    items: list[tuple[str, float, str]] = []
    prev = 0
    for m in FIGURE.finditer(sent):
        name = sent[prev:m.start()].strip()
        if items and not name.startswith(","):
            return None if len(items) < 3 else _one_counter(items)
        name = re.split(r"[,:：]|\S+(?:은|는)\s", name.lstrip(", "))[-1].strip()
        if not name or re.search(r"\d", name):
            return None if len(items) < 3 else _one_counter(items)
        items.append((name, float(m.group(1).replace(",", "")), m.group(2)))
        prev = m.end()
    return _one_counter(items) if len(items) >= 3 else None


def _one_counter(items: list[tuple[str, float, str]]) -> list[tuple[str, float, str]] | None:
    units = {re.sub(r"(?:이다|입니다|이며|으로|로|이고|씩)$", "", u) for _, _, u in items}
    if len(units) != 1:
        return None
    unit = units.pop()
    return [(n, v, unit) for n, v, _ in items]


def _stated_total(b: _Builder, doc: str, written: str, whole: str) -> tuple[Chunk, int, int] | None:
    """A sentence or row of the document that states the sum as written, next to the whole's name."""
    if not whole:
        return None
    for c in b.facts.doc_chunks(doc):
        pos = 0
        for line in c.text.split("\n"):
            for a, z in sentence_spans(line):
                s = line[a:z]
                if written in s and compact(whole) in compact(s):
                    return c, pos + a, pos + z
            pos += len(line) + 1
    return None


def _stated_change(q: str, b: _Builder) -> Draft | None:
    """Change of an amount stated in sentences for two years ("세입은 120억 3,000만원 …",
    "전년도 세입은 98억 7,000만원"), in the document's own units (억·만원)."""
    years = years_in(q)
    if len(years) == 1 and PREVIOUS_YEAR.search(q):
        years = [years[0] - 1, years[0]]
    # one year compared against ('<연도>보다'): the other is the one other year the document states the term for
    against = len(years) == 1 and COMPARED_AT.search(q) is not None
    if len(years) != 2 and not against:
        return None
    qws = [w for w in dict.fromkeys(words(q)) if len(w) >= 2]
    chunks = _near_chunks(b, q)
    for doc in list(dict.fromkeys(c.doc_id for c in chunks))[:3]:
        if not _names_what_q_names(b, q, doc):
            continue
        for term in sorted(qws, key=len, reverse=True):
            got = _amounts_by_year(b.facts.doc_chunks(doc), term)
            if against:
                others = [y for y in got if y != years[0]]
                if len(others) != 1:
                    continue
                y0, y1 = sorted([years[0], others[0]])
            else:
                y0, y1 = sorted(years)
            v0, v1 = got.get(y0, []), got.get(y1, [])
            if len({m[0] for m in v0}) == 1 and len({m[0] for m in v1}) == 1:
                return _change_draft(b, q, term, (y0, v0[0]), (y1, v1[0]))
    return None


def _amounts_by_year(chunks: list[Chunk], term: str) -> dict[int, list[tuple]]:
    """{year: [(won, chunk, lo, hi, written, year_span)]} of '<term>(은|는|이|가) <amount>' in sentences;
    the year is written in the sentence before the term, or earlier in the same paragraph (speaker turn)."""
    pat = re.compile(rf"{re.escape(term)}(?:은|는|이|가|도)?\s*({AMOUNT})")
    out: dict[int, list[tuple]] = {}
    for c in chunks:
        if c.kind == "table":
            continue
        pos = 0
        for line in c.text.split("\n"):
            for a, z in sentence_spans(line):
                sent = line[a:z]
                for m in pat.finditer(sent):
                    before = sent[: m.start()]
                    ys = list(YEAR_WORD.finditer(before))
                    year_span = None
                    if ys:
                        year = int(ys[-1].group(1))
                    elif PREVIOUS_YEAR.search(before):
                        continue  # relative to what? not guessed
                    else:
                        earlier = [(sa, sz) for sa, sz in sentence_spans(line) if sz <= a and YEAR_WORD.search(line[sa:sz])]
                        if not earlier:
                            continue
                        sa, sz = earlier[-1]
                        year = int(list(YEAR_WORD.finditer(line[sa:sz]))[-1].group(1))
                        year_span = (pos + sa, pos + sz)
                    try:
                        won = calc.korean_amount(m.group(1))
                    except ValueError:
                        continue
                    out.setdefault(year, []).append((won, c, pos + a, pos + z, m.group(1).strip(), year_span))
            pos += len(line) + 1
    return out


def _change_draft(b: _Builder, q: str, term: str, old: tuple[int, tuple], new: tuple[int, tuple]) -> Draft:
    suffix = "회계연도" if "회계연도" in q else "년"
    (y0, (w0, c0, lo0, hi0, t0, ys0)), (y1, (w1, c1, lo1, hi1, t1, ys1)) = old, new
    n0, n1 = b.cite(c0, lo0, hi0), b.cite(c1, lo1, hi1)
    ctx = [b.cite(c, *ys) for c, ys in ((c0, ys0), (c1, ys1)) if ys]
    ch = calc.amount_change(w0, w1)
    b.call("amount_change", {"before": t0, "after": t1, "before_year": y0, "after_year": y1}, ch, [n0, n1, *ctx])
    lines = [f"- 입력: {y0}{suffix} {term} {t0} {_refs([n0])}, {y1}{suffix} {term} {t1} {_refs([n1])}"
             + (f" (연도는 같은 발언·문단에서 {_refs(ctx)})" if ctx else ""),
             f"- 증감: {b.rules.calc.get('change_formula')} = {ch['formula']}"]
    head = (f"{y1}{suffix} {term}은 {y0}{suffix}보다 {calc.korean_won(abs(ch['value']))} "
            f"{'증가' if ch['value'] > 0 else '감소' if ch['value'] < 0 else '변동 없음'}")
    if w0:
        gr = calc.growth_rate(w0, w1, b.rules.decimals)
        gr_shown = {**gr, "formula": f"({t1} − {t0}) ÷ {t0} × 100 = {gr['display']}"}
        b.call("growth_rate", {"before": t0, "after": t1}, gr_shown, [n0, n1])
        head += f"(증감률 {gr['display']}%)"
        lines.append(f"- 증감률: {b.rules.calc.get('growth_formula')} = {gr_shown['formula']}%")
    return b.draft([f"{head}했습니다 {_refs([n0, n1])}.", "", "근거", *lines])


def _discounted_fee(q: str, b: _Builder) -> Draft | None:
    """A fee for someone a reduction rule names: the fee table's cell × (100 − rate) ÷ 100, when the
    question names the fee's row and column and a person the rule's paragraph lists."""
    ask = b.rules.calc.get("ask", {})
    if not any(w in q for w in ask.get("fee", [])) or re.search(r"(?:감면|할인|경감)\s*(?:율|률|비율)", q):
        return None
    reduction = ask.get("reduction", [])
    qws = [w for w in dict.fromkeys(words(q)) if len(w) >= 2]
    for doc in list(dict.fromkeys(c.doc_id for c in _hit_chunks(b, q)))[:3]:
        if not _names_what_q_names(b, q, doc):
            continue
        chunks = b.facts.doc_chunks(doc)
        fee = _fee_cell(q, [t for t in map(table_view, chunks) if t is not None])
        if fee is None:
            continue
        t, r, col, value = fee
        keys = [cell for cell in t.body[r][:col] if cell.strip() and not cell.strip().endswith("원")]
        others = {cell for row in t.body for cell in row[:col] if cell.strip() and not cell.strip().endswith("원")}
        table_words = words(f"{t.chunk.caption or ''} {t.columns[col]}")
        rules = [x for x in (_reduction(c, qws, keys, table_words, others - set(keys), reduction)
                             for c in chunks if c.kind != "table") if x]
        if not rules:
            continue
        rate, (rc, rlo, rhi), who = max(rules, key=lambda x: x[0])
        d = calc.discounted(value, rate)
        nf, nr = b.cite(t.chunk, *t.spans[r]), b.cite(rc, rlo, rhi)  # type: ignore[misc]
        hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
        b.call("discounted", {"fee": value, "rate_percent": rate, "row": keys, "column": t.columns[col], "who": who},
               d, [nf, nr])
        name = " ".join(tidy(k) for k in keys) + f" {t.columns[col]}"
        where, wn = _where(b, t)
        return b.draft([f"{who}의 {name} 요금은 {d['display']}원입니다(요금 {calc.grouped(value)}원에서 "
                        f"{calc.plain(rate)}% 감면) {_refs([nf, nr])}.", "", "근거",
                        f"- 입력: {where}의 {name} {calc.grouped(value)}원 {_refs([wn, nf, hn])}",
                        f"- 입력: 감면율 {calc.plain(rate)}% ({who} 해당) {_refs([nr])}",
                        f"- 산식: {b.rules.calc.get('discount_formula')} = {d['formula']}원"])
    return None


def _fee_cell(q: str, tables: list[TableView]) -> tuple[TableView, int, int, float] | None:
    """The one money cell whose row's label cells all appear in the question and whose column
    header's first word does (365일 · 정기권 × '1시간 이용')."""
    qc = compact(q)

    def said(cell: str) -> bool:
        cc = compact(cell)
        return bool(cc) and re.search(rf"(?<!\d){re.escape(cc)}", qc) is not None

    best, tie = None, False
    for t in tables:
        for r, row in enumerate(t.body):
            for col in range(1, len(t.columns)):
                got = t.number(r, col)
                if got is None or got[1] != "원" or not row[col].strip().endswith("원"):
                    continue
                keys = [cell for cell in row[:col] if cell.strip() and not cell.strip().endswith("원")]
                head = t.columns[col].split()
                money_cols = [i for i in range(1, len(t.columns)) if (t.number(r, i) or (0, ""))[1] == "원"]
                if not keys or not all(said(k) for k in keys):
                    continue
                if len(money_cols) > 1 and not (head and said(head[0])):
                    continue
                score = sum(len(compact(k)) for k in keys)
                if best is None or score > best[0]:
                    best, tie = (score, t, r, col, got[0]), False
                elif score == best[0]:
                    tie = True
    if best is None or tie:
        return None
    return best[1], best[2], best[3], best[4]


def _reduction(c: Chunk, qws: list[str], keys: list[str], table_words: list[str], others: set[str],
               reduction: list[str]) -> tuple[float, tuple[Chunk, int, int], str] | None:
    """(rate %, the paragraph's opening sentence, who) of a reduction paragraph ("…사람에게는 정기권
    이용요금의 100분의 50을 감면한다" + its items) that lists a person the question names and applies
    to the asked fee: its object names one of the row's labels (`keys`), or a word of the table's caption
    or column and no other row's label."""
    lines = c.text.split("\n")
    pos, offs = 0, []
    for line in lines:
        offs.append(pos)
        pos += len(line) + 1
    for i, line in enumerate(lines):
        if not any(w in line for w in reduction):
            continue
        m = RATE.search(line)
        if not m:
            continue
        rate = float(m.group(1) or m.group(2))
        items = []
        for nxt in lines[i + 1:]:
            if not re.match(r"^\s*\d{1,2}\s*[.)]", nxt):
                break
            items.append(nxt)
        subject, _, rest = line.partition("에게")
        who_text = compact(subject + " ".join(items))
        who = next((w for w in qws if w in who_text and not any(w in compact(k) for k in keys + table_words)), None)
        if who is None:
            continue
        obj = compact(rest[: rest.find(m.group(0))]) if m.group(0) in rest else ""
        own = any(compact(k) in obj for k in keys)
        table = any(w in obj for w in table_words) and not any(compact(k) in obj for k in others)
        if obj and not (own or table):
            continue  # the rule reduces another fee (일일권 이용요금 when 정기권 is asked; not a 변상금)
        lead = len(line) - len(line.lstrip())
        return rate, (c, offs[i] + lead, offs[i] + len(line.rstrip())), who
    return None


# ---- entry point ----------------------------------------------------------------------------

def classify(question: str, rules: Rules | None = None) -> str | None:
    """Which tool a question calls for: consent | recontract | achievement | growth | share | sum | None."""
    return classify_intent(question, rules or default_rules()).tool


def other_jurisdiction(question: str, rules: Rules) -> str | None:
    """The region a question names when it is not the one the verdict rules belong to, else None."""
    home = str(rules.meta.get("jurisdiction", "")).strip()
    if not home:
        return None
    for region, pattern in REGIONS.items():
        if region != home and re.search(rf"(?<![가-힣])(?:{pattern})(?=[\s가-힣]|$)", question) and not re.search(
                rf"(?<![가-힣]){REGIONS.get(home, home)}", question):
            return region
    return None


def propose(question: str, search: Search, facts: Facts, rules: Rules, as_of: date | None = None) -> ToolProposal | None:
    """A tool's answer to a verdict/calculation question whose arguments fill, or None."""
    q = question.strip()
    as_of = as_of or question_as_of(q) or date.today()
    intent = classify_intent(q, rules, as_of)
    b = _Builder(search, facts, rules)
    if intent.tool in ("consent", "recontract") and other_jurisdiction(q, rules):
        return None  # another council's ordinance decides it; retrieval quotes what the library says
    if intent.tool is None:
        found = _eval_score_conflict(q, b, as_of, intent)
        if found is not None:
            return found
        fee = _discounted_fee(q, b)
        return None if fee is None else ToolProposal(fee, 0.85, "요금을 묻는 질문; 감면 규정과 요금표에서 입력", intent)
    if intent.tool == "consent":
        return _consent(q, b, as_of, intent)
    if intent.tool == "recontract":
        return _recontract(q, b, as_of, intent)
    service = facts.match_service(q)
    handler = {"achievement": _achievement, "growth": _growth, "share": _share, "sum": _sum, "column_sum": _column_sum,
               "remainder": _remainder, "ratio": _ratio, "per_unit": _per_unit, "row_rate": _row_rate,
               "from_to": lambda *_: None, "add": _stated_sum, "diff": _pair_diff}[intent.tool]
    draft = handler(q, b, service)
    if draft is not None and not _cites_what_q_names(b, q, draft):
        draft = None  # a facts-table series of another document (another 센터, 구): not this question's numbers
    if draft is None and intent.tool == "ratio":
        draft = _row_rate(q, _Builder(search, facts, rules))  # '<A> 대비 <B> 비율' of one row's two columns
    if draft is not None and intent.tool in ("column_sum", "remainder", "ratio", "per_unit", "row_rate", "add", "diff"):
        return ToolProposal(draft, 0.85, intent.reason + "; 입력은 문서의 표·문장에서", intent)
    if draft is None:
        # inputs the facts tables do not hold: table cells, figures listed in a sentence, amounts in two sentences
        fallbacks = {"share": (_stated_share, _table_share, _listed_share),
                     "growth": (_stated_change, _row_year_change, _from_to_change),
                     "from_to": (_from_to_change, _stated_change, _row_year_change)}.get(intent.tool, ())
        draft = next((d for d in (f(q, _Builder(search, facts, rules)) for f in fallbacks) if d is not None), None)
        if draft is None:
            return None
        return ToolProposal(draft, 0.85, intent.reason + "; 입력은 문서의 표·문장에서", intent)
    explicit = any(c.args.get("year") is None and c.name == "achievement_rate" for c in draft.tool_calls)
    return ToolProposal(draft, 0.95 if explicit else 0.85, intent.reason + "; 입력은 " + ("질문에서" if explicit else "사실표에서"),
                        intent)


def _cites_what_q_names(b: _Builder, q: str, draft: Draft) -> bool:
    """The draft's inputs come from documents naming what the question names, and from one the
    question retrieves (a facts table of an unretrieved document answers another subject)."""
    docs = {e.chunk.doc_id for e in draft.evidence if not e.chunk.chunk_id.startswith("rules:")}
    return all(_names_what_q_names(b, q, d) for d in docs) and (not docs or bool(docs & set(_docs_for(b, q))))


def answer_with_tools(question: str, search: Search, facts: Facts, rules: Rules, as_of: date | None = None) -> Draft | None:
    """The tool's draft when a proposal reaches `ACCEPT`, else None (retrieval answers)."""
    p = propose(question, search, facts, rules, as_of)
    return p.draft if p is not None and p.confidence >= ACCEPT else None


def make_tool_hook(index: Any, settings: Any) -> Callable[[str, Search], Draft | None]:
    """The pipeline's hook: facts built once from every indexed chunk, rules loaded once from
    `settings.rules_file`; then `hook(question, search)` per question (a Draft or None), and
    `hook.propose(question, search)` for the scored `ToolProposal`."""
    from .facts import extract_facts
    from .rules.model import load_rules

    facts = extract_facts(index.all_chunks(), index.documents())
    facts.prepare_quote_search()  # rule sources are located in every chunk (`_Builder.locate`)
    rules = load_rules(settings.rules_file)

    def hook(question: str, search: Search) -> Draft | None:
        return answer_with_tools(question, search, facts, rules)

    hook.facts = facts  # type: ignore[attr-defined]
    hook.rules = rules  # type: ignore[attr-defined]
    hook.propose = lambda question, search: propose(question, search, facts, rules)  # type: ignore[attr-defined]
    return hook


# ---- a stated whole less its part, a score short of a grade, A 대비 B, an amount per unit, a column's sum --
# Like the handlers above: every input from one document naming what the question names, else None.

UNIT_WORD = r"(?:천원|백만원|만원|억원|원|명|건|개소|개|곳|대|회|가구|세대|점|톤)"
QTY = re.compile(rf"((?:\d[\d,]*(?:\.\d+)?\s*(?:[천백십]\s*\d+\s*)*[천백십]?\s*[조억만]\s*)+(?:\d[\d,]*(?:\.\d+)?)?|(?<![\d.])\d[\d,]*(?:\.\d+)?)\s*({UNIT_WORD})")
PIVOT = re.compile(r"\s*(?:이|가|은|는)?\s*(?:중|가운데)(?:에서)?\s")
COUNTER_ALIASES = {"인": "(?:인|명)", "명": "(?:명|인)"}


@dataclass(frozen=True)
class _Qty:
    start: int
    end: int
    value: float
    unit: str  # "원" for every money unit (values are in won), else the counter
    written: str


def _quantities(sent: str) -> list[_Qty]:
    """Figures with a unit in a sentence, in won for money ('41억 2,000만원'), counts with their counter."""
    out = []
    for m in QTY.finditer(sent):
        num, unit = m.group(1).strip(), m.group(2)
        try:
            if unit.endswith("원"):
                value, unit = calc.korean_amount(num + unit), "원"
            else:
                value = calc.korean_number(num)
        except ValueError:
            continue
        out.append(_Qty(m.start(), m.end(), float(value), unit, m.group(0).strip()))
    return out


def _topic(word: str) -> str:
    """word + 은/는 by its last syllable (운영비 → 운영비는, 사업비용 → 사업비용은)."""
    last = word[-1] if word else ""
    if "가" <= last <= "힣":
        return word + ("은" if (ord(last) - 0xAC00) % 28 else "는")
    return word + "은(는)"


def _question_words(q: str) -> list[str]:
    return [w for w in dict.fromkeys(words(q)) if len(w) >= 2]


def _docs_for(b: _Builder, q: str, docs: int = 3) -> list[str]:
    """The first retrieved documents that name every proper noun the question names."""
    ids = list(dict.fromkeys(c.doc_id for c in _hit_chunks(b, q)))[:docs]
    return [d for d in ids if _names_what_q_names(b, q, d)]


def _sentences(chunks: list[Chunk], tables: bool = False):
    """(chunk, lo, hi, sentence) of every sentence of the chunks (table rows when `tables`)."""
    for c in chunks:
        if c.kind == "table" and not tables:
            continue
        pos = 0
        for line in c.text.split("\n"):
            for a, z in sentence_spans(line):
                yield c, pos + a, pos + z, line[a:z]
            pos += len(line) + 1


def _stated_remainder(q: str, b: _Builder) -> Draft | None:
    """'<전체> N 중 <부분> M' in one sentence → the rest, N − M, in the sentence's own units; the whole's
    noun is a question word and every year the question names is in the sentence."""
    years, qws = years_in(q), _question_words(q)
    found = []
    for doc in _docs_for(b, q):
        for c, lo, hi, sent in _sentences(b.facts.doc_chunks(doc)):
            if any(y not in _years_of(sent) for y in years):
                continue
            qs = _quantities(sent)
            for i, whole in enumerate(qs):
                if not PIVOT.match(sent, whole.end):
                    continue
                part = next((x for x in qs[i + 1:] if x.unit == whole.unit), None)
                if part is None or part.value > whole.value:
                    continue
                before = words(sent[:whole.start])
                noun = before[-1] if before else ""
                if not noun or not any(w in noun or noun in w for w in qws):
                    continue
                part_name = " ".join(sent[PIVOT.match(sent, whole.end).end():part.start].split())  # type: ignore[union-attr]
                score = sum(1 for w in qws if w in sent)
                found.append((score, c, lo, hi, noun, whole, part, part_name.rstrip("이가은는 ")))
    if not found:
        return None
    best = max(x[0] for x in found)
    top = [x for x in found if x[0] == best]
    if len({(x[5].value, x[6].value) for x in top}) != 1:
        return None  # two sentences fit equally with different figures: retrieval shows them
    _, c, lo, hi, noun, whole, part, part_name = top[0]
    n = b.cite(c, lo, hi)
    if whole.unit == "원":
        r = calc.amount_remainder(whole.value, part.value)
    else:
        r = calc.remainder(whole.value, part.value, whole.unit, b.rules.decimals)
    shown = r["display"] if whole.unit == "원" else f"{r['display']}{whole.unit}"
    b.call("remainder", {"whole": whole.written, "part": part.written, "whole_name": noun, "part_name": part_name}, r, [n])
    return b.draft([f"{noun} {whole.written} 중 {part_name} {part.written}을(를) 뺀 나머지는 {shown}입니다 {_refs([n])}.",
                    "", "근거", f"- 입력: 전체({noun}) {whole.written}, 부분({part_name}) {part.written} {_refs([n])}",
                    f"- 산식: {b.rules.calc.get('remainder_formula')} = {r['formula']}{'' if whole.unit == '원' else whole.unit}"])


GRADE_ASKED = re.compile(r"(\S+?)\s*(?:등급)\s*(?:기준)?\s*(?:점수)?\s*(?:까지|에)|(\d+(?:\.\d+)?)\s*점\s*(?:까지|에)")


def _shortfall(q: str, b: _Builder) -> Draft | None:
    """Points a body's score lacks to a grade the document defines ('<등급>(N점 이상)'): N − the score
    in the table row the question names (a column headed 총점·점수)."""
    m = GRADE_ASKED.search(q)
    if m is None:
        return None
    grade, stated = m.group(1), m.group(2)
    qc = compact(q)
    found = []
    for doc in _docs_for(b, q):
        chunks = b.facts.doc_chunks(doc)
        rows = []
        for t in filter(None, map(table_view, chunks)):
            for r in range(len(t.body)):
                lc = compact(t.label(r))
                if len(lc) < 2 or lc not in qc or is_total_label(t.label(r)):
                    continue
                cols = [i for i in range(1, len(t.columns)) if "점" in t.columns[i] and t.number(r, i) is not None]
                if len(cols) > 1:
                    cols = [i for i in cols if compact(t.columns[i]) in qc] or cols
                if len(cols) == 1:
                    rows.append((t, r, cols[0]))
        if len(rows) != 1:
            continue
        if stated:
            threshold, tspan = float(stated), None
        else:
            g = re.escape(grade.rstrip("의"))
            pat = re.compile(rf"(?<![가-힣]){g}\s*(?:등급)?\s*[(（:：]?\s*(\d+(?:\.\d+)?)\s*점\s*이상")
            hits = [(float(mm.group(1)), (c, lo, hi)) for c, lo, hi, s in _sentences(chunks, tables=True)
                    for mm in pat.finditer(s)]
            if len({v for v, _ in hits}) != 1:
                continue
            threshold, tspan = hits[0]
        found.append((rows[0], threshold, tspan))
    if len(found) != 1:
        return None
    (t, r, col), threshold, tspan = found[0]
    score = t.number(r, col)[0]  # type: ignore[index]
    if score >= threshold or t.spans[r] is None:
        return None  # already at the grade: nothing is short (retrieval quotes the score)
    res = calc.remainder(threshold, score, "점", b.rules.decimals)
    ns = b.cite(t.chunk, *t.spans[r])  # type: ignore[misc]
    hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
    nt = b.cite(*tspan) if tspan else None
    who = t.label(r)
    b.call("remainder", {"threshold": threshold, "score": score, "body": who, "column": t.columns[col],
                         "grade": grade or None}, res, [x for x in (ns, hn, nt) if x])
    basis = f"{grade} 등급 기준 {calc.plain(threshold)}점 이상 {_refs([nt])}" if tspan else f"질문의 기준 {calc.plain(threshold)}점"
    return b.draft([f"{who}의 {t.columns[col]} {calc.plain(score)}점은 {basis.split(' ' + _refs([nt]))[0] if tspan else basis}까지 "
                    f"{res['display']}점 모자랍니다 {_refs([ns, nt])}.", "", "근거",
                    f"- 입력: {who} {t.columns[col]} {calc.plain(score)}점 {_refs([ns, hn])}", f"- 입력: {basis}",
                    f"- 산식: {b.rules.calc.get('shortfall_formula')} = {res['formula']}점"])


def _remainder(q: str, b: _Builder, service: str | None) -> Draft | None:
    return _shortfall(q, b) if re.search(r"모자라|모자란|모자랄|부족", q) else _stated_remainder(q, b)


def _label_core(label: str) -> str:
    """A row label without its unit: '상담 신청 인원(명)' → '상담신청인원'."""
    return compact(re.sub(r"[(（][^)）]*[)）]\s*$", "", label))


def _ratio(q: str, b: _Builder, service: str | None) -> Draft | None:
    """'<A> 대비 <B> 비율' from two rows of one table, in the column of the asked year: B ÷ A × 100."""
    m = re.search(r"(.+?)\s*대비\s+(.+?)\s*(?:의\s*)?비율", q)
    years = years_in(q)
    if m is None or len(years) > 1:
        return None
    y = years[0] if years else None
    ac, bc = compact(m.group(1)), compact(m.group(2))
    found = []
    for doc in _docs_for(b, q):
        for t in filter(None, map(table_view, b.facts.doc_chunks(doc))):
            cores = [(i, _label_core(t.label(i))) for i in range(len(t.body))]
            ra = [i for i, lc in cores if len(lc) >= 2 and ac.endswith(lc)]
            rb = [i for i, lc in cores if len(lc) >= 2 and bc.endswith(lc)]
            if len(ra) != 1 or len(rb) != 1 or ra == rb:
                continue
            col = _value_column(b, t, y, "", q)
            if col is None:
                continue
            va, vb = t.number(ra[0], col), t.number(rb[0], col)
            if va is None or vb is None or t.spans[ra[0]] is None or t.spans[rb[0]] is None:
                continue
            found.append((t, ra[0], rb[0], col, va, vb))
    if len({(x[4], x[5]) for x in found}) != 1:
        return None
    t, ra, rb, col, (a, ua), (v, ub) = found[0]
    res = calc.ratio(a, v, b.rules.decimals)
    na, nb = b.cite(t.chunk, *t.spans[ra]), b.cite(t.chunk, *t.spans[rb])  # type: ignore[misc]
    hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
    la, lb = t.label(ra), t.label(rb)
    b.call("ratio", {"base": a, "other": v, "base_row": la, "other_row": lb, "column": t.columns[col]}, res,
           [x for x in (na, nb, hn) if x])
    where, wn = _where(b, t)
    return b.draft([f"{where}의 ‘{t.columns[col]}’에서 {la} 대비 {lb}의 비율은 {res['display']}%입니다 {_refs([wn, na, nb])}.",
                    "", "근거", f"- 입력: {la} {calc.grouped(a)}{ua} {_refs([na, hn])}, {lb} {calc.grouped(v)}{ub} {_refs([nb])}"
                    f" (열: {t.columns[col]})",
                    f"- 산식: {b.rules.calc.get('ratio_formula')} = {res['formula']}%"])


ADDED_PAIR = re.compile(r"((?:\S+\s+){0,2}\S+?)(?:와|과|랑|하고)\s+((?:\S+\s+){0,2}\S+?)(?:을|를)?\s*(?:합하면|합치면|더하면|합한|합친|더한)")


def _stated_figure(q: str, b: _Builder, phrase: str) -> tuple[str, _Qty, tuple[Chunk, int, int]] | None:
    """The figure a sentence states right after naming `phrase`: the sentence naming most of its
    words (at least two, or all but one), its first figure after the phrase's last word; None when
    sentences that fit equally state different figures."""
    ws = [_stem(w) for w in words(phrase) if len(w) >= 2]
    if not ws:
        return None
    head = ws[-1]
    found = []
    for doc in _docs_for(b, q):
        for c, lo, hi, sent in _sentences(b.facts.doc_chunks(doc)):
            at = sent.find(head)
            if at < 0:
                continue
            score = sum(1 for w in ws if w in sent)
            x = next((x for x in _quantities(sent) if x.start >= at), None)
            if x is not None:
                found.append((score, x, (c, lo, hi)))
    if not found:
        return None
    best = max(f[0] for f in found)
    top = [f for f in found if f[0] == best]
    if best < min(2, len(ws)) or best < len(ws) - 1 or len({f[1].value for f in top}) != 1:
        return None
    return phrase.strip(), top[0][1], top[0][2]


DIFF_PAIR = re.compile(r"((?:\S+\s+){0,2}\S+?)(?:와|과|랑|하고|및)\s+((?:\S+\s+){0,2}\S+?)(?:의|은|는|이|가)?\s+(?:\S+\s+){0,3}?(?:차이|격차)")


def _cell_number(t: TableView, r: int, col: int) -> tuple[float, str] | None:
    """A cell's number, or the figure leading it ('82.3 / 다')."""
    got = t.number(r, col)
    if got is not None or col >= len(t.body[r]):
        return got
    m = LEAD_NUMBER.match(t.body[r][col])
    return (float(m.group(1).replace(",", "")), "") if m else None


def _more_or_less(diff: float) -> str:
    """How the first of two compared figures stands to the second, by their difference."""
    return "많습니다(높습니다)" if diff > 0 else "적습니다(낮습니다)" if diff < 0 else "같습니다"


def _stated_pair(q: str, b: _Builder, pattern: re.Pattern[str]) -> tuple[tuple[str, _Qty, int], tuple[str, _Qty, int]] | None:
    """The two things `pattern` names in the question (groups 1 and 2), each with the figure a
    sentence states for it (_stated_figure) and its citation; None unless both are found, in one
    unit, and are not the same figure."""
    m = pattern.search(q)
    if m is None:
        return None
    picks = [_stated_figure(q, b, phrase) for phrase in (m.group(1), m.group(2))]
    if picks[0] is None or picks[1] is None:
        return None
    (na, xa, sa), (nb, xb, sb) = picks
    if xa.unit != xb.unit or (sa == sb and xa.start == xb.start):
        return None
    return (na, xa, b.cite(*sa)), (nb, xb, b.cite(*sb))


def _pair_diff(q: str, b: _Builder, service: str | None = None) -> Draft | None:
    """'<A>와 <B>의 <measure> 차이': two rows of one table the question names, in the column of the
    asked year or measure (A − B); else the figures sentences state right after naming A and B."""
    years = years_in(q)
    y = years[0] if len(years) == 1 else None
    qc = compact(q)
    found = []
    for doc in _docs_for(b, q):
        for t in filter(None, map(table_view, b.facts.doc_chunks(doc))):
            named = [(qc.find(_label_core(t.label(r))), r) for r in range(len(t.body)) if t.spans[r] is not None
                     and len(_label_core(t.label(r))) >= 2 and _label_core(t.label(r)) in qc and not is_total_label(t.label(r))]
            if len(named) != 2:
                continue
            ycols = [i for i, h in enumerate(t.columns[1:], start=1) if y is not None and _years_of(h) == {y}]
            col = ycols[0] if len(ycols) == 1 else _value_column(b, t, y, "", q)
            if col is None:
                continue
            (_, ra), (_, rb) = sorted(named)
            va, vb = _cell_number(t, ra, col), _cell_number(t, rb, col)
            if va is None or vb is None or va[1] != vb[1]:
                continue
            found.append((t, ra, rb, col, va, vb))
    if len({(f[4][0], f[5][0]) for f in found}) == 1:
        t, ra, rb, col, (a, ua), (v, ub) = found[0]
        unit = ua or (t.chunk.unit or "").split(",")[0].strip()
        ch = calc.change(v, a, unit, b.rules.decimals)
        na, nb = b.cite(t.chunk, *t.spans[ra]), b.cite(t.chunk, *t.spans[rb])  # type: ignore[misc]
        hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
        la, lb = t.label(ra), t.label(rb)
        b.call("change", {"before": v, "after": a, "before_row": lb, "after_row": la, "column": t.columns[col]}, ch,
               [x for x in (na, nb, hn) if x])
        more = _more_or_less(ch["value"])
        gap = f" {calc.grouped(abs(ch['value']))}{unit}" if ch["value"] else ""
        return b.draft([f"‘{t.columns[col]}’에서 {la}({calc.grouped(a)}{unit})는 {lb}({calc.grouped(v)}{unit})보다{gap} {more} "
                        f"{_refs([na, nb, hn])}.", "", "근거",
                        f"- 입력: {la} {calc.grouped(a)}{unit} {_refs([na, hn])}, {lb} {calc.grouped(v)}{unit} {_refs([nb])}",
                        f"- 차이: {la} − {lb} = {ch['formula']}{unit}"])
    if found:
        return None
    pair = _stated_pair(q, b, DIFF_PAIR)
    if pair is None:
        return None
    (na, xa, ra), (nb, xb, rb) = pair
    if xa.unit == "원":
        ch = calc.amount_change(xb.value, xa.value)
        gap = ch["display"].lstrip("-")
    else:
        ch = calc.change(xb.value, xa.value, xa.unit, b.rules.decimals)
        gap = f"{calc.grouped(abs(ch['value']))}{xa.unit}"
    b.call("change", {"before": xb.written, "after": xa.written}, ch, [ra, rb])
    more = _more_or_less(ch["value"])
    return b.draft([f"{na} {xa.written}은(는) {nb} {xb.written}보다 {gap if ch['value'] else ''} {more} {_refs([ra, rb])}.".replace("  ", " "),
                    "", "근거", f"- 입력: {na} {xa.written} {_refs([ra])}, {nb} {xb.written} {_refs([rb])}",
                    f"- 차이: {ch['formula']}{'' if xa.unit == '원' else xa.unit}"])


def _stated_sum(q: str, b: _Builder, service: str | None = None) -> Draft | None:
    """'<A>와 <B>를 합하면': each of the two things is the figure a sentence states right after
    naming it ('<A의 낱말들>은 … 6억 4천만원'): the sentence naming most of the thing's words, its
    first figure after the thing's last word; both figures of one unit; A + B."""
    pair = _stated_pair(q, b, ADDED_PAIR)
    if pair is None:
        return None
    (na, xa, ra), (nb, xb, rb) = pair
    if xa.unit == "원":
        total = calc.total_of([(na, xa.value), (nb, xb.value)], "원", 0)
        shown = calc.korean_won(total["value"])
        total = {**total, "display": shown, "formula": f"{xa.written} + {xb.written} = {shown}"}
    else:
        total = calc.total_of([(na, xa.value), (nb, xb.value)], xa.unit, b.rules.decimals)
        shown = f"{total['display']}{xa.unit}"
    b.call("total_of", {"values": [[na, xa.written], [nb, xb.written]]}, total, [ra, rb])
    return b.draft([f"{na} {xa.written}과(와) {nb} {xb.written}을(를) 합하면 {shown}입니다 {_refs([ra, rb])}.",
                    "", "근거", f"- 입력: {na} {xa.written} {_refs([ra])}, {nb} {xb.written} {_refs([rb])}",
                    f"- 산식: 두 값의 합 = {total['formula']}"])


LEAD_NUMBER = re.compile(r"^\s*(\d[\d,]*(?:\.\d+)?)(?=\s*(?:[/(]|$|[가-힣]{0,3}\s*(?:/|$)))")
ASKED_COUNTER = re.compile(r"몇\s*([가-힣%]{1,2})")


def _row_year_change(q: str, b: _Builder, service: str | None = None) -> Draft | None:
    """A change of one row between two year columns of its table ('<기관> | 2024년 (총점/등급) |
    2025년 (총점/등급)', cells like '82.3 / 다': the figure leads the cell). The years: the two the
    question names, or the one it compares against ('<연도>보다', '<연도> 대비') and the table's
    only other year column. The row is the one the question names, else the total row of a table
    whose caption names a question word."""
    years = years_in(q)
    if len(years) == 1 and COMPARED_AT.search(q):
        pass
    elif len(years) != 2:
        return None
    qc = compact(q)
    found = []
    for doc in _docs_for(b, q):
        for t in filter(None, map(table_view, b.facts.doc_chunks(doc))):
            ycols: dict[int, int] = {}
            for i, h in enumerate(t.columns[1:], start=1):
                hy = _years_of(h)
                if len(hy) == 1:
                    ycols.setdefault(next(iter(hy)), i)
            if len(years) == 1:
                others = [y for y in ycols if y != years[0]]
                if years[0] not in ycols or len(others) != 1:
                    continue
                y0, y1 = sorted([years[0], others[0]])
            else:
                y0, y1 = sorted(years)
                if y0 not in ycols or y1 not in ycols:
                    continue
            rows = [r for r in range(len(t.body)) if t.spans[r] is not None and len(_label_core(t.label(r))) >= 2
                    and _label_core(t.label(r)) in qc]
            whole = not rows
            if whole and any(w in compact(t.chunk.caption or "") for w in _question_words(q)):
                # no row named, the table itself is (its caption names a question word): its total row
                rows = [r for r in range(len(t.body)) if t.spans[r] is not None and is_total_label(t.label(r))]
            if len(rows) != 1:
                continue
            r = rows[0]
            cells = [t.body[r][ycols[y]] if ycols[y] < len(t.body[r]) else "" for y in (y0, y1)]
            got = [LEAD_NUMBER.match(cell) for cell in cells]
            if not all(got):
                continue
            found.append((t, r, y0, y1, [float(g.group(1).replace(",", "")) for g in got], [g.group(1) for g in got],  # type: ignore[union-attr]
                          whole))
    found = [f for f in found if not f[6]] or found  # a row the question names outranks a table's total row
    if len({tuple(f[4]) for f in found}) != 1:
        return None
    t, r, y0, y1, (v0, v1), (w0, w1), _ = found[0]
    counter = ASKED_COUNTER.search(q)
    unit = counter.group(1) if counter and counter.group(1) != "%" else (t.chunk.unit or "").split(",")[0].strip()
    ch = calc.change(v0, v1, unit, b.rules.decimals)
    rn = b.cite(t.chunk, *t.spans[r])  # type: ignore[misc]
    hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
    b.call("change", {"before": v0, "after": v1, "before_year": y0, "after_year": y1, "row": t.label(r)}, ch,
           [x for x in (rn, hn) if x])
    way = "증가" if ch["value"] > 0 else "감소" if ch["value"] < 0 else "변동 없음"
    lines = [f"- 입력: {y0}년 {w0}{unit}, {y1}년 {w1}{unit} {_refs([rn, hn])}",
             f"- 증감: {b.rules.calc.get('change_formula')} = {ch['formula']}{unit}"]
    head = f"{t.label(r)}의 {y1}년 값 {w1}{unit}은 {y0}년 {w0}{unit}보다 {calc.grouped(abs(ch['value']))}{unit} {way}했습니다"
    if v0:
        gr = calc.growth_rate(v0, v1, b.rules.decimals)
        b.call("growth_rate", {"before": v0, "after": v1}, gr, [rn])
        lines.append(f"- 증감률: {b.rules.calc.get('growth_formula')} = {gr['formula']}%")
        head += f"(증감률 {gr['display']}%)"
    return b.draft([f"{head} {_refs([rn, hn])}.", "", "근거", *lines])


# '<연도> 실적 평가보다': the year is the compared base itself (at most two plain words before 보다/대비,
# none a topic '…은/는' nor a relative year — '2025년 세출은 전년보다' compares 전년, not 2025)
COMPARED_AT = re.compile(r"(?:19|20)\d{2}\s*(?:년도?|회계\s*연도)?(?:의)?(?:\s+(?!전년|작년)[가-힣]+(?<![은는]))?"
                         r"(?:\s+(?!전년|작년)[가-힣]+?)?\s*(?:보다|\s대비|에\s*비해)")


FROM_WORD = re.compile(r"\s*에서\s+")
TO_WORD = re.compile(r"\s*(?:으로|로)(?![가-힣])|\s*(?:으로|로)\s")


def _from_to_change(q: str, b: _Builder, service: str | None = None) -> Draft | None:
    """A change a sentence states as '<figure>에서 <figure>(으)로' ('이용료를 평일 3천원에서 4천원으로',
    '120명에서 내년 150명으로'): before → after, in the sentence's own unit. Of
    several such pairs the one whose specifier (the word right before it: '평일', '주말') the question
    names wins, then the one whose lead-in (since the sentence's or previous pair's end) names most
    question words, then the sentence naming most of them; a tie with different figures is no answer."""
    qws, years = _question_words(q), years_in(q)
    found = []
    for doc in _docs_for(b, q):
        for c, lo, hi, sent in _sentences(b.facts.doc_chunks(doc)):
            if years and not any(str(y) in sent for y in years):
                continue  # the question's years select the sentence (another year's change is not this one)
            qs = _quantities(sent)
            whole = sum(1 for w in qws if w in sent) + sum(1 for y in years if str(y) in sent)
            prev_end = 0
            for x, y in zip(qs, qs[1:]):
                gap = sent[x.end:y.start]
                if x.unit != y.unit or not FROM_WORD.match(gap) or len(gap) > 16 or not TO_WORD.match(sent, y.end):
                    continue
                lead = sent[prev_end:x.start]
                prev_end = y.end
                local = sum(1 for w in qws if w in lead)
                lead_words = words(lead)
                own = bool(lead_words) and any(lead_words[-1].startswith(w) for w in qws)  # '평일 3천원에서': 평일
                found.append(((int(own), local, whole), c, lo, hi, x, y))
    if not found:
        return None
    best = max(f[0] for f in found)
    top = [f for f in found if f[0] == best]
    if best[0] + best[1] == 0 or len({(f[4].value, f[5].value) for f in top}) != 1:
        return None
    _, c, lo, hi, old, new = top[0]
    n = b.cite(c, lo, hi)
    if old.unit == "원":
        ch = calc.amount_change(old.value, new.value)
        moved = ch["display"].lstrip("-")
    else:
        ch = calc.change(old.value, new.value, old.unit, b.rules.decimals)
        moved = f"{calc.grouped(abs(ch['value']))}{old.unit}"
    b.call("change", {"before": old.written, "after": new.written}, ch, [n])
    lines = [f"- 입력: 이전 {old.written}, 나중 {new.written} {_refs([n])}",
             f"- 증감: {b.rules.calc.get('change_formula')} = {ch['formula']}{'' if old.unit == '원' else old.unit}"]
    way = "증가" if ch["value"] > 0 else "감소" if ch["value"] < 0 else "변동 없음"
    head = f"{old.written}에서 {new.written}(으)로 {moved} {way}"
    if old.value:
        gr = calc.growth_rate(old.value, new.value, b.rules.decimals)
        b.call("growth_rate", {"before": old.written, "after": new.written}, gr, [n])
        head += f"했으며, 증감률은 {calc.plain(gr['value'])}%입니다"
        lines.append(f"- 증감률: {b.rules.calc.get('growth_formula')} = {gr['formula']}%")
    else:
        head += "입니다"
    return b.draft([f"{head} {_refs([n])}.", "", "근거", *lines])


RATE_WORD = re.compile(r"([가-힣]{2,})[률율](?=\s*(?:은|는|이|가|을|를|도)?\s*(?:얼마|몇|\?|$|어떻게|어느))")


def _header_core(head: str) -> str:
    return compact(re.sub(r"[(（][^)）]*[)）]", "", head))


def _longest(cols: list[int], heads: list[str]) -> list[int]:
    """The columns whose header is the longest named ('미수납액' over the '수납액' it ends with)."""
    top = max((len(heads[c]) for c in cols), default=0)
    return [c for c in cols if len(heads[c]) == top]


def _row_rate(q: str, b: _Builder, service: str | None = None) -> Draft | None:
    """One row's rate between two of its columns (a 결산 table's '<사업> | 예산현액 | … | 불용액'):
    the numerator is the column '<A> 대비 <B> 비율' names as B, or the column '<X>률' counts (its
    header starts with X: 불용률 → 불용액, 수납률 → 수납액, not 미수납액); the denominator the column
    named before 대비, else the table's first figure column (the base the row's amounts part from,
    예산현액). The row is the one whose label the question names. None when the table states the
    rate itself (a 집행률 column: retrieval reads it), or the rows found disagree."""
    qc = compact(q)
    pair = re.search(r"(.+?)\s*대비\s+(.+?)\s*(?:의\s*)?(?:비율|[률율])", q)
    rate = RATE_WORD.search(q)
    if pair is None and rate is None:
        return None
    found = []
    for doc in _docs_for(b, q):
        for t in filter(None, map(table_view, b.facts.doc_chunks(doc))):
            heads = [_header_core(h) for h in t.columns]
            if rate is not None and any(compact(rate.group(0)) in h for h in heads):
                return None  # the table states this rate: the cell is the answer, not a recomputation
            figure_cols = [c for c in range(1, len(heads)) if heads[c]
                           and any(t.number(r, c) is not None for r in range(len(t.body)))]
            if len(figure_cols) < 2:
                continue
            if pair is not None:
                ac, bc = compact(pair.group(1)), compact(pair.group(2))
                den = _longest([c for c in figure_cols if ac.endswith(heads[c])], heads)
                num = _longest([c for c in figure_cols if bc.endswith(heads[c])
                                or (rate and heads[c].startswith(compact(rate.group(1))))], heads)
            else:
                stem = compact(rate.group(1))  # type: ignore[union-attr]
                num = [c for c in figure_cols if heads[c].startswith(stem)]
                den = [figure_cols[0]]
            if len(num) != 1 or len(den) != 1 or num == den:
                continue
            rows = [r for r in range(len(t.body)) if t.spans[r] is not None and len(_label_core(t.label(r))) >= 2
                    and _label_core(t.label(r)) in qc and not is_total_label(t.label(r))]
            whole = not rows
            if whole:  # no row named: the rate of the whole table, its one total row
                totals = [r for r in range(len(t.body)) if t.spans[r] is not None and is_total_label(t.label(r))]
                rows = totals if len(totals) == 1 else []
            for r in rows:
                va, vb = t.number(r, den[0]), t.number(r, num[0])
                if va is None or vb is None or va[0] <= 0 or (pair is None and vb[0] > va[0]):
                    continue  # without 대비, the rate of a part of the base: never above the base
                found.append((t, r, den[0], num[0], va, vb, whole))
    # a row the question names anywhere outranks a table's total row
    found = [x for x in found if not x[6]] or found
    if len({(x[4][0], x[5][0]) for x in found}) != 1:
        return None
    t, r, ca, cb, (a, ua), (v, ub), _ = found[0]
    res = calc.ratio(a, v, b.rules.decimals)
    rn = b.cite(t.chunk, *t.spans[r])  # type: ignore[misc]
    hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
    label, ha, hb = t.label(r), tidy(t.columns[ca]), tidy(t.columns[cb])
    b.call("ratio", {"base": a, "other": v, "row": label, "base_column": ha, "other_column": hb}, res,
           [x for x in (rn, hn) if x])
    where, wn = _where(b, t)
    named = (rate.group(0) if pair is None else f"{ha} 대비 {rate.group(0)}") if rate is not None else f"{ha} 대비 {hb}의 비율"
    return b.draft([f"{where}의 {label} {named}은 {calc.plain(res['value'])}%입니다 ({hb} ÷ {ha} × 100) {_refs([wn, rn, hn])}.",
                    "", "근거", f"- 입력: {label}의 {ha} {calc.grouped(a)}{ua}, {hb} {calc.grouped(v)}{ub} {_refs([rn, hn])}",
                    f"- 산식: {b.rules.calc.get('ratio_formula')} = {res['formula']}%"])


PER_UNIT_ASKED = re.compile(r"(\S+)\s+(?:한|1|매)?\s*(건|인|명|곳|개소|개|대|회|가구|세대)당\s*(\S+)")


def _figures_by_year(chunks: list[Chunk], pat: re.Pattern[str], value: Callable[[re.Match[str]], float]
                     ) -> dict[int, list[tuple[float, Chunk, int, int, str]]]:
    """{year: [(value, chunk, lo, hi, written)]} of `pat` in sentences whose text before the match names a year."""
    out: dict[int, list[tuple[float, Chunk, int, int, str]]] = {}
    for c, lo, hi, sent in _sentences(chunks):
        for m in pat.finditer(sent):
            ys = list(YEAR_WORD.finditer(sent[: m.start()]))
            if not ys:
                continue
            try:
                v = value(m)
            except ValueError:
                continue
            out.setdefault(int(ys[-1].group(1)), []).append((v, c, lo, hi, m.group(1).strip()))
    return out


def _per_unit(q: str, b: _Builder, service: str | None) -> Draft | None:
    """'<수량 명사> 한 <단위>당 <금액 명사>': the year's amount ÷ the year's count, both stated in sentences of
    one document ('<year> <count noun>… N만 건', '<year> <amount noun>는 M억원'); None when the document
    states the per-unit value itself."""
    m = PER_UNIT_ASKED.search(q)
    years = years_in(q)
    if m is None or len(years) > 1:
        return None
    count_term, counter, amount_term = _stem(m.group(1)), m.group(2), _stem(m.group(3))
    if len(count_term) < 2 or len(amount_term) < 2:
        return None
    counter_re = COUNTER_ALIASES.get(counter, re.escape(counter))
    count_pat = re.compile(rf"{re.escape(count_term)}[가-힣]*?(?:은|는|이|가)?\s*((?:\d[\d,]*(?:\.\d+)?\s*[조억만]\s*)*"
                           rf"\d[\d,]*(?:\.\d+)?\s*[조억만]?)\s*{counter_re}(?!당|수)")
    amount_pat = re.compile(rf"{re.escape(amount_term)}(?:은|는|이|가|도)?\s*({AMOUNT})")
    found = []
    for doc in _docs_for(b, q):
        chunks = b.facts.doc_chunks(doc)
        if any(f"{counter}당" in s and amount_term in s for *_, s in _sentences(chunks, tables=True)):
            continue  # the document states it: retrieval quotes that
        counts = _figures_by_year(chunks, count_pat, lambda mm: float(calc.korean_number(mm.group(1))))
        amounts = _figures_by_year(chunks, amount_pat, lambda mm: float(calc.korean_amount(mm.group(1))))
        for y in (years or sorted(set(counts) & set(amounts))):
            cs, am = counts.get(y, []), amounts.get(y, [])
            if len({x[0] for x in cs}) == 1 and len({x[0] for x in am}) == 1:
                found.append((y, cs[0], am[0]))
    if len(found) != 1:
        return None
    y, (cnt, cc, clo, chi, cw), (amt, ac, alo, ahi, aw) = found[0]
    if cnt <= 0:
        return None
    res = calc.per_unit(amt, cnt, "원", 0)
    nc, na = b.cite(cc, clo, chi), b.cite(ac, alo, ahi)
    b.call("per_unit", {"amount": aw, "count": f"{cw}{counter}", "year": y, "amount_name": amount_term,
                        "count_name": count_term}, res, [nc, na])
    return b.draft([f"{y}년 {count_term} {counter}당 {_topic(amount_term)} 약 {res['display']}원입니다"
                    f"({amount_term} {aw} ÷ {count_term} {cw}{counter}) {_refs([na, nc])}.", "", "근거",
                    f"- 입력: {y}년 {amount_term} {aw} {_refs([na])}, {y}년 {count_term} {cw}{counter} {_refs([nc])}",
                    f"- 산식: {b.rules.calc.get('per_unit_formula')} = {res['formula']}원 (원 단위 반올림)"])


def _column_sum(q: str, b: _Builder, service: str | None) -> Draft | None:
    """합계 of a table column over its rows when the table has no total row and the question lists the rows
    ('N개 <items>의 합계', N = the number of rows): the column whose header names the asked year and shares
    the question's words."""
    years = years_in(q)
    if len(years) > 1:
        return None
    y = years[0] if years else None
    qws = _question_words(q)
    n_asked = re.search(r"(\d+)\s*개", q)
    if n_asked is None:
        return None  # '<year> 예산 총액은?' asks a total the document states; only 'N개 …의 합계' lists the rows to add
    found = []
    for doc in _docs_for(b, q):
        for t in filter(None, map(table_view, b.facts.doc_chunks(doc))):
            if any(is_total_label(t.label(i)) for i in range(len(t.body))) or len(t.body) < 2:
                continue
            col = _value_column(b, t, y, "", q)
            if col is None or not any(w in compact(t.columns[col]) for w in qws):
                continue
            if _continued_total(b, t, col) is not None:
                continue  # a total row split off, or more rows elsewhere: not this table's whole column
            vals = [t.number(i, col) for i in range(len(t.body))]
            if any(v is None for v in vals) or len({v[1] for v in vals}) != 1 or None in t.spans:  # type: ignore[index]
                continue
            if int(n_asked.group(1)) != len(vals):
                continue
            found.append((t, col, vals))
    if len({tuple(v[0] for v in vals) for _, _, vals in found}) != 1:
        return None
    t, col, vals = found[0]
    head_unit = re.search(r"[(（]\s*([가-힣㎡%]{1,4})\s*[)）]\s*$", t.columns[col])
    unit = vals[0][1] or (t.chunk.unit or "") or (head_unit.group(1) if head_unit else "")

    def name(i: int) -> str:
        return next((tidy(x) for x in t.body[i] if x.strip() and parse_number(x) is None), t.label(i))

    s = calc.total_of([(name(i), v[0]) for i, v in enumerate(vals)], unit, b.rules.decimals)
    ns = [b.cite(t.chunk, *sp) for sp in t.spans if sp]
    hn = b.cite(t.chunk, *t.header_span) if t.header_span else None
    b.call("total_of", {"values": [[name(i), v[0]] for i, v in enumerate(vals)], "column": t.columns[col]}, s, ns)
    where, wn = _where(b, t)
    return b.draft([f"{where}의 ‘{t.columns[col]}’ {len(vals)}개 행의 합계는 {s['display']}{unit}입니다 {_refs([wn, hn])}.",
                    "", "근거", f"- 입력: {', '.join(f'{name(i)} {calc.grouped(v[0])}' for i, v in enumerate(vals))} {_refs(ns)}",
                    f"- 산식: {b.rules.calc.get('column_total_formula')} = {s['formula']}{unit}",
                    "- 참고: 표에 합계 행이 없어 각 행의 값을 더했습니다."])
