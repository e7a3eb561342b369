"""The one place every answer passes through before a user sees it.

- Citation markers [n] must point at evidence the backend actually had; invented markers are
  stripped and the rest renumbered in order of first use.
- Every number stated must appear in a cited passage or in a tool's result. A sentence that
  breaks this is dropped; if nothing grounded is left, the answer becomes a refusal.
- An answer with no citation at all is a refusal: nothing is asserted without a source.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from .models import REFUSAL, Answer, Citation, Draft, Hit
from .quantities import SourceNumbers, bare_numbers, parse
from .tables import SENTENCE_SPLIT

MARKER = re.compile(r"\[(\d{1,3})\]")
NUMBER = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?")
# "1.", "2)" list labels and circled numbers are structure, not claims
LIST_LABEL = re.compile(r"^\s*(?:\d{1,2}[.)]\s|[-•·◦]\s)")


def numbers_in(text: str) -> set[str]:
    """Numbers normalised for comparison: commas dropped, trailing zeros of decimals ignored."""
    out = set()
    for m in NUMBER.finditer(MARKER.sub(" ", text)):
        out.add(_norm(m.group()))
    return out


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def citable_text(chunk) -> str:
    """What a citation of the chunk may state: its text, and where it stands — the section path
    (제14조) and its paragraphs' numbers (① → 제1항), so "「법」 제14조 제1항" is not an unsupported number."""
    paragraphs = " ".join(f"제{CIRCLED.index(ch) + 1}항" for ch in dict.fromkeys(chunk.text) if ch in CIRCLED)
    return f"{chunk.text}\n{chunk.section_path}\n{paragraphs}"


def _norm(num: str) -> str:
    num = num.replace(",", "")
    if "." in num:
        num = num.rstrip("0").rstrip(".")
    return num


def _sentences(text: str) -> list[list[str]]:
    # keep line structure (근거 blocks are line-based); split prose lines at sentence ends
    return [SENTENCE_SPLIT.split(line) for line in text.split("\n")]


def finalize(
    question: str,
    draft: Draft,
    retrieved: list[Hit],
    title_of: Callable[[str], str] = lambda doc_id: doc_id,
    latency_s: float = 0.0,
    backend: str = "extractive",
    strict: bool = False,
) -> Answer:
    """Check and renumber a draft. `strict` (LLM backends): the sentence-level gate below —
    numbers unit-aware against the passages each sentence cites, a citation per fact sentence,
    verdicts only from a rule tool; `Answer.status`/`notes` say what it changed."""
    if draft.refused and draft.evidence and draft.text and not strict:
        # a refusal that says why, citing the provision it rests on ("… 조례로 정하도록 위임하고 있어 …")
        noted = finalize(question, replace(draft, refused=False), retrieved, title_of, latency_s, backend)
        if not noted.refused:
            noted.refused, noted.mode, noted.status = True, "refused", ""
            noted.answer = f"{REFUSAL}. {noted.answer}"
            return noted
    if draft.refused or not draft.evidence:
        return refusal(question, retrieved, latency_s, backend, draft.tool_calls)
    source_text, notes = gate_sentences(draft) if strict else (draft.text, [])
    order: dict[int, int] = {}  # backend evidence number → citation number
    for m in MARKER.finditer(source_text):
        n = int(m.group(1))
        if 1 <= n <= len(draft.evidence) and n not in order:
            order[n] = len(order) + 1
    if not order:
        return _with_notes(refusal(question, retrieved, latency_s, backend, draft.tool_calls), notes)

    def renumber(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"[{order[n]}]" if n in order else ""

    text = MARKER.sub(renumber, source_text)
    if not strict:  # the strict gate has checked numbers per sentence already
        allowed = set()
        for n in order:
            allowed |= numbers_in(citable_text(draft.evidence[n - 1].chunk))
        allowed |= {_norm(x) for x in draft.tool_numbers}
        lines = [" ".join(s for s in line if _grounded(s, allowed)) for line in _sentences(text)]
        text = "\n".join(line for line in lines if line.strip()).strip()
    if not MARKER.search(text):
        return _with_notes(refusal(question, retrieved, latency_s, backend, draft.tool_calls), notes)
    used = {int(m.group(1)) for m in MARKER.finditer(text)}
    citations = []
    for ev_n, cit_n in sorted(order.items(), key=lambda kv: kv[1]):
        if cit_n not in used:
            continue
        ev = draft.evidence[ev_n - 1]
        start, end = ev.chunk.source_span(ev.lo, ev.hi)
        citations.append(
            Citation(
                n=cit_n, doc=ev.chunk.doc_id, title=title_of(ev.chunk.doc_id), section=ev.chunk.section_path,
                quote=ev.quote, text=ev.chunk.text, start=start, end=end, chunk_id=ev.chunk.chunk_id, page=ev.chunk.page,
            )
        )
    # renumber densely if some cited evidence was dropped with its sentence
    dense = {c.n: i for i, c in enumerate(citations, 1)}
    text = MARKER.sub(lambda m: f"[{dense[int(m.group(1))]}]" if int(m.group(1)) in dense else "", text)
    for c in citations:
        c.n = dense[c.n]
    tool_calls = draft.tool_calls
    for call in tool_calls:
        call.citations = [dense[order[n]] for n in call.citations if n in order and order[n] in dense]
    answer = Answer(question, text, False, citations, retrieved, tool_calls, latency_s, backend)
    answer.mode = draft.mode
    answer.status = PARTIAL if notes else VERIFIED
    answer.notes = notes
    return answer


def _grounded(sentence: str, allowed: set[str]) -> bool:
    body = LIST_LABEL.sub("", sentence)
    return numbers_in(body) <= allowed


def refusal(question: str, retrieved: list[Hit], latency_s: float = 0.0, backend: str = "extractive", tool_calls=None) -> Answer:
    text = f"{REFUSAL}."
    if retrieved:
        text += " 가장 가까운 자료를 아래에 보여 드립니다."
    answer = Answer(question, text, True, [], retrieved, list(tool_calls or []), latency_s, backend)
    answer.mode = "refused"
    return answer


# ---- the strict gate (LLM backends) -----------------------------------------------------------

VERIFIED, PARTIAL, FALLBACK = "검증됨", "일부 미검증", "추출 답변으로 대체"
UNVERIFIED_MARK = "(미검증)"
TOOL_KIND = "tool"  # Chunk.kind of a tool result an LLM backend offers as citable evidence
VERDICT_TOOLS = {"recontract_eligibility", "council_consent_required"}
# a verdict on a rule question: what it is about, and the judging predicate
VERDICT_TOPIC = re.compile(r"재계약|재위탁|의회\s*(?:의\s*)?동의|동의\s*(?:가|를|는)?\s*(?:필요|대상|받)|배제\s*사유|적격")
VERDICT_CLAIM = re.compile(
    r"가능|불가|할\s*수\s*(?:있|없)|필요(?:하|합|없|치)|불필요|해당(?:하|합|되|됩|없)|대상(?:입|이|에|으로|임)"
    r"|배제|충족|받아야|받지\s*않아도"
)
_LEADING_MARKERS = re.compile(r"^\s*(?:\[\d{1,3}\][\s.,]*)+")


def tool_name(chunk_id: str) -> str:
    """"tool:recontract_eligibility:1" → "recontract_eligibility"."""
    parts = chunk_id.split(":")
    return parts[1] if len(parts) >= 3 and parts[0] == TOOL_KIND else ""


def _with_notes(answer: Answer, notes: list[str]) -> Answer:
    answer.notes = list(notes)
    return answer


def _split_sentences(line: str) -> list[str]:
    """Sentences of a line; a marker written after the full stop ("…입니다. [1]") stays with it."""
    out: list[str] = []
    for part in SENTENCE_SPLIT.split(line):
        lead = _LEADING_MARKERS.match(part)
        if out and lead:
            out[-1] = f"{out[-1]} {lead.group().strip()}"
            part = part[lead.end():]
        if part.strip():
            out.append(part)
    return out


def _exempt(body: str) -> bool:
    """Sentences that assert nothing: punctuation, a lead-in ("주요 내용은 다음과 같습니다:"),
    a markdown heading, or the refusal phrase."""
    plain = body.strip().strip("*_ ")
    if not re.search(r"[가-힣A-Za-z]", plain):
        return not re.search(r"\d", plain)
    if REFUSAL in plain:
        return True
    return not re.search(r"\d", plain) and (plain.endswith((":", "：")) or plain.startswith("#"))


def is_verdict(sentence: str) -> bool:
    """Does the sentence decide a rule question (재계약 가능, 의회 동의 필요 …)?"""
    body = MARKER.sub(" ", sentence)
    return bool(VERDICT_TOPIC.search(body) and VERDICT_CLAIM.search(body))


def numbers_supported(sentence: str, sources: SourceNumbers) -> bool:
    """Every quantity unit-aware, every other number as written, in `sources`."""
    body = LIST_LABEL.sub("", MARKER.sub(" ", sentence))
    claims = parse(body)
    if not all(sources.supports(q) for q in claims):
        return False
    return all(num in sources.written for _, _, num in bare_numbers(body, claims))


def gate_sentences(draft: Draft) -> tuple[str, list[str]]:
    """The sentence-level gate: returns the text (still in the draft's evidence numbers) and
    notes saying what was removed or marked. Invented ids are stripped; a sentence whose number
    is in none of the passages it cites (nor a tool result) is removed; a verdict not backed by
    a rule tool's result is removed; a fact sentence without any citation is marked."""
    n_ev = len(draft.evidence)
    invented = sorted({int(m.group(1)) for m in MARKER.finditer(draft.text) if not 1 <= int(m.group(1)) <= n_ev})
    text = MARKER.sub(lambda m: m.group() if 1 <= int(m.group(1)) <= n_ev else "", draft.text)
    tools = SourceNumbers.empty()
    for num in draft.tool_numbers:
        tools.add_value(num)
    per_evidence: dict[int, SourceNumbers] = {}

    def sources(cites: list[int]) -> SourceNumbers:
        out = SourceNumbers([*tools.quantities], set(tools.written), set(tools.unitless))
        for n in cites:
            if n not in per_evidence:
                per_evidence[n] = SourceNumbers.empty()
                chunk = draft.evidence[n - 1].chunk
                if chunk.kind != TOOL_KIND:  # a tool's numbers count only via draft.tool_numbers
                    per_evidence[n].add_text(citable_text(chunk))
            ev = per_evidence[n]
            out.quantities += ev.quantities
            out.written |= ev.written
            out.unitless |= ev.unitless
        return out

    def backed_by_rule_tool(cites: list[int]) -> bool:
        for n in cites:
            chunk = draft.evidence[n - 1].chunk
            if chunk.kind == TOOL_KIND and tool_name(chunk.chunk_id) in VERDICT_TOOLS:
                return True
        return False

    removed_numbers = removed_verdicts = marked = 0
    lines = []
    for line in text.split("\n"):
        kept = []
        for sent in _split_sentences(line):
            if not sent.strip():
                continue
            cites = [int(m.group(1)) for m in MARKER.finditer(sent)]
            body = MARKER.sub(" ", sent)
            if _exempt(body):
                kept.append(sent)
                continue
            if is_verdict(body) and not backed_by_rule_tool(cites):
                removed_verdicts += 1
                continue
            if not numbers_supported(body, sources(cites)):
                removed_numbers += 1
                continue
            if not cites:
                marked += 1
                sent = f"{sent.rstrip()} {UNVERIFIED_MARK}"
            kept.append(sent)
        lines.append(" ".join(s.strip() for s in kept))
    notes = []
    if invented:
        ids = ", ".join(f"[{n}]" for n in invented)
        notes.append(f"근거 목록에 없는 출처 번호 {ids}를 지웠습니다 / removed citation ids not in the evidence: {ids}")
    if removed_numbers:
        notes.append(f"인용한 근거나 도구 결과에서 확인되지 않는 숫자가 있는 문장 {removed_numbers}개를 뺐습니다 / "
                     f"removed {removed_numbers} sentence(s) with numbers not in the cited sources or tool results")
    if removed_verdicts:
        notes.append(f"규칙 도구를 거치지 않은 판정 문장 {removed_verdicts}개를 뺐습니다 / "
                     f"removed {removed_verdicts} verdict sentence(s) not backed by a rule tool")
    if marked:
        notes.append(f"출처 표시가 없는 문장 {marked}개에 {UNVERIFIED_MARK} 표시를 했습니다 / "
                     f"marked {marked} sentence(s) without a citation")
    return "\n".join(line for line in lines if line.strip()).strip(), notes
