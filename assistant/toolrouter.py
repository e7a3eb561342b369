"""Rule and calculation questions → a deterministic tool call → a cited, scored proposal.

A tool answers only when the question asks for a verdict or a calculation (`assistant.intent`)
AND the tool's arguments fill from the question (`assistant.conditions`: "72점이면", "지적사항이
없었다면", "위원회가 제재는 필요 없다고 봤다면", "75점을 넘지 못했다면") or from the facts tables (the
named service's 종합성과평가, a KPI row for the year, …). Otherwise `propose` returns None and
retrieval answers. Tools:

- 재계약 배제 사유 (rules.toml `recontract_exclusion`) → `recontract_eligibility`
- 의회 동의 (rules.toml `council_consent`) → `council_consent_required`
- 달성도 / 증감·증감률 / 비중 / 연도 합계 → `achievement_rate`, `change`+`growth_rate`, `share`, `sum_over_years`

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
from .facts import TOTAL_LABELS, Fact, Facts, compact, sentence_spans, tidy
from .intent import Intent, classify as classify_intent, question_as_of, years_in
from .models import Chunk, Draft, Evidence, Hit, ToolCall
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
    years = years_in(q)
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


# ---- entry point ----------------------------------------------------------------------------

def classify(question: str, rules: Rules | None = None) -> str | None:
    """Which tool a question calls for: consent | recontract | achievement | growth | share | sum | None."""
    return classify_intent(question, rules or default_rules()).tool


def propose(question: str, search: Search, facts: Facts, rules: Rules, as_of: date | None = None) -> ToolProposal | None:
    """A tool's answer to a verdict/calculation question whose arguments fill, or None."""
    q = question.strip()
    as_of = as_of or question_as_of(q) or date.today()
    intent = classify_intent(q, rules, as_of)
    b = _Builder(search, facts, rules)
    if intent.tool is None:
        return _eval_score_conflict(q, b, as_of, intent)
    if intent.tool == "consent":
        return _consent(q, b, as_of, intent)
    if intent.tool == "recontract":
        return _recontract(q, b, as_of, intent)
    service = facts.match_service(q)
    handler = {"achievement": _achievement, "growth": _growth, "share": _share, "sum": _sum}[intent.tool]
    draft = handler(q, b, service)
    if draft is None:
        return None
    explicit = any(c.args.get("year") is None and c.name == "achievement_rate" for c in draft.tool_calls)
    return ToolProposal(draft, 0.95 if explicit else 0.85, intent.reason + "; 입력은 " + ("질문에서" if explicit else "사실표에서"),
                        intent)


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
