"""The extractive answer backend: question frame → candidates → features → one score → graded output.

Graded output instead of all-or-nothing:
  answer    the best candidate scores above the answer threshold: a direct, cited answer;
  evidence  the library covers the question's topic but no candidate is a confident answer:
            "관련 근거" — the best one to three passages, quoted with citations and labelled
            as evidence, not as a verified answer;
  refused   the library does not cover the question ("출처에서 확인되지 않습니다").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..korean import KoreanAnalyzer
from ..models import Draft, Evidence, Hit
from .candidates import Candidate, candidates_of, carries_out, clean
from ..tables import NUMBER
from .aliases import Alias
from .features import compute_features, credit_of, dated_elsewhere, handed_down, layers_of, per_unit_stated
from .parts import COMPARISON_ASKED, asked_counter, compared_names, compared_value, comparison_line, split_parts
from .question import QuestionFrame, read_question
from .render import article_ref, cite, josa, law_name, render
from .scorer import ScorerConfig, content_score, load_config, rank

UNITS_FROM = 6  # how many retrieved passages the answer may draw on
UNDATED = 0.5  # features.period of a passage naming no year (text, context, section, title) for a question naming one
JOINT_FROM = 0.3  # topic coverage the best needs before a second passage's coverage is added to it
EVIDENCE_LABEL = "질문에 딱 맞는 답은 확인하지 못했습니다. 관련 근거(검증된 답이 아님):"
REFUSED_PART = "(질문 중 ‘{part}’ 부분은 출처에서 확인되지 않습니다.)"
REFUSED_OTHER = "(질문의 다른 부분은 출처에서 확인되지 않습니다.)"
AMBIGUOUS_LABEL = "여러 문서가 서로 다른 대상에 대해 답하고 있어 하나로 정할 수 없습니다. 대상(기관·사업·법령명)을 넣어 다시 물어 주세요:"


def written_as_name(hits: list[Hit]) -> Callable[[str], bool]:
    """Do the retrieved passages write `word` whole as a label — alone in a table cell, before a
    closing bracket or at a line's end ("여성가족과 | 126,730", "(소관: 복지정책과)")? The particle
    "and" (과/와) is followed by the next noun instead. Particles after the word prove nothing:
    "예산과는" may still be "and"/"with"."""
    text = "\n".join(h.chunk.text for h in hits)

    def named(word: str) -> bool:
        return re.search(rf"(?<![가-힣]){re.escape(word)}(?=\s*[|)\]】]|\s*$)", text, re.M) is not None
    return named


class ExtractiveBackend:
    name = "extractive"

    def __init__(
        self, analyzer: KoreanAnalyzer, idf: Callable[[str], float], title_of: Callable[[str], str],
        related: Callable[[str], set[str]] = lambda t: set(), config: ScorerConfig | None = None,
        clipped: Callable[[str], str | None] = lambda t: None,
        spelled: Callable[[str], set[str]] = lambda t: set(),
        aliases: Callable[[str], Sequence[Alias]] = lambda doc_id: (),
    ):
        self.analyzer = analyzer
        self.idf = idf
        self.title_of = title_of
        self.related = related
        self.clipped = clipped  # an unknown word → the indexed term or title it is a short form of
        self.spelled = spelled  # a term → its thesaurus synonyms as written (spaces removed)
        self.aliases = aliases  # a document id → the short names that hold in it (aliases.AliasBook.of)
        self.config = config or load_config()

    def frame(self, question: str) -> QuestionFrame:
        return read_question(question, self.analyzer, self.idf, self.related, self.clipped)

    def candidates(self, frame: QuestionFrame, hits: list[Hit]) -> list[Candidate]:
        """Every candidate of the top passages with its features (gated ones included)."""
        cands = [c for h in hits[:UNITS_FROM] for c in candidates_of(h)]
        for c in cands:
            lay = layers_of(c, self.analyzer.tokens, self.title_of, self.aliases(c.chunk.doc_id))
            c.credit = credit_of(frame, lay, self.related, self.idf, self.spelled)
            c.features = compute_features(frame, c, lay, c.credit, self.analyzer, self.title_of)
        return cands

    def compose(self, question: str, hits: list[Hit], search: Callable[[str, int], list[Hit]] | None = None) -> Draft:
        """The graded answer. With `search`, a question that asks two or three things
        (parts.split_parts) is retrieved and answered part by part, the answers shown together."""
        if search is not None:
            parts = split_parts(question, self.analyzer, written_as_name(hits))
            if len(parts) > 1:
                drafts = [self._compose_one(p, search(p, max(len(hits), UNITS_FROM)), part=True) for p in parts]
                merged = _merge(parts, drafts, self._labels(question, parts))
                if merged is not None:
                    line = self._comparison(question, parts, drafts)
                    if not line:
                        return merged
                    # the difference is computed from the two cited amounts, as a tool computes:
                    # its numbers are grounded by them
                    return replace(merged, text=merged.text + "\n" + line,
                                   tool_numbers=[*merged.tool_numbers, *NUMBER.findall(line)])
        return self._compose_one(question, hits)

    def _labels(self, question: str, parts: list[str]) -> list[str]:
        """What each compared part names ("A구", "B구"), shown before its answer: a passage about
        one compared thing seldom names it in the quoted sentence itself."""
        if not COMPARISON_ASKED.search(question):
            return []
        names = compared_names(parts, self.analyzer)
        # the compared thing opens its part ("A구 예산은?"); a name found elsewhere is some other
        # difference between two clauses, no label
        if not all(names) or len(set(names)) != len(names) or not all(
                p.startswith(n.split()[0]) for p, n in zip(parts, names)):
            return []
        return names

    def _comparison(self, question: str, parts: list[str], drafts: list[Draft]) -> str | None:
        """Which of two compared amounts is larger, when both parts are answered with one amount
        of the same kind (the amounts are the cited answers' own, so the line is grounded)."""
        firsts = [re.sub(r"\[\d+\]", "", d.text.split("\n")[0]) for d in drafts]
        if (len(parts) != 2 or firsts[0] == firsts[1]
                or any(d.mode != "answer" or AMBIGUOUS_LABEL in d.text for d in drafts)):
            return None  # one passage answering both parts states both amounts itself
        values = [compared_value(f, self.frame(p).unit, asked_counter(p)) for p, f in zip(parts, firsts)]
        return comparison_line(question, compared_names(parts, self.analyzer), values)

    def _compose_one(self, question: str, hits: list[Hit], part: bool = False) -> Draft:
        frame = self.frame(question)
        if not hits or frame.total_weight <= 0:
            return _refused()
        cands = self.candidates(frame, hits)
        ranked = rank(cands, self.config)
        if not ranked:
            return _refused()
        best = ranked[0]
        if best.features["unknown_covered"] < 0.45:
            return _refused()  # the question's own topic word is nowhere in the sources
        cfg = self.config
        second = None if part else self._second(frame, best, ranked)
        covered = best.features["coverage"]
        if second is not None and covered >= JOINT_FROM:
            # two passages answer a two-part question together, but the best must answer its
            # own part: a passage sharing one word with the question is no first half
            covered = max(covered, self._joint_coverage(frame, best, second))
        if (instrument := handed_down(frame, best)) and not any(carries_out(c, best, self.title_of) for c in ranked[1:12]):
            # the provision leaves the asked value to a decree, ordinance or notice the library does
            # not hold: say so, citing it, rather than quote it as the answer
            return self._handed_down(best, instrument)
        if frame.years and best.features["period"] == UNDATED and dated_elsewhere(
                frame, [h.chunk.text for h in hits if h.chunk.doc_id == best.chunk.doc_id] + [self.title_of(best.chunk.doc_id)]):
            return _refused()  # the document dates the asked figure to other years only; the best says no year
        if best.score >= cfg.answer and covered >= cfg.answer_coverage and _fits(best, cfg.answer_fit) and per_unit_stated(frame, best) and best.features.get("proximity", 1.0) >= cfg.answer_proximity and best.features.get("given", 1.0) >= cfg.answer_given:
            return self._answer(frame, best, second, ranked)
        # "관련 근거" only from passages that hold the asked attribute and the asked kind of
        # value: a passage about the topic but not about what is asked means the library
        # does not answer the question
        usable = [c for c in ranked if _fits(c, cfg.evidence_fit) and c.features["coverage"] >= cfg.evidence
                  and c.features.get("focus", 1.0) > 0]
        if usable:
            return self._evidence(usable, _counter(frame))
        return _refused()

    # -- graded outputs ---------------------------------------------------------------------------
    def _answer(self, frame: QuestionFrame, best: Candidate, second: Candidate | None, ranked: list[Candidate]) -> Draft:
        evidence: list[Evidence] = []
        counter = _counter(frame)
        rivals = self._rivals(frame, best, ranked)
        if rivals and best.features.get("focus", 1.0) == 0:
            # several documents fit the question's common words and none names its most
            # specific one: the library does not answer it, it is not ambiguous
            return _refused()
        if rivals:
            lines = [f"- {clean(self.title_of(c.chunk.doc_id))}: {render(c, evidence, self.title_of, counter)}" for c in [best, *rivals]]
            return Draft(AMBIGUOUS_LABEL + "\n" + "\n".join(lines), evidence, mode="answer")
        siblings = self._list_items(frame, best, ranked)
        if siblings:
            chunk = best.chunk
            head = clean(chunk.caption or (chunk.section[-1] if chunk.section else "")).strip()
            lines = [render(c, evidence, self.title_of, counter) for c in siblings]
            return Draft((head + ":\n" if head else "") + "\n".join(lines), evidence, mode="answer")
        text = render(best, evidence, self.title_of, counter)
        if best.kind == "cell" and len(frame.years) > 1:
            # a question naming several years: the same row's cells for the other asked years
            for c in ranked:
                if (c.kind == "cell" and c.lo == best.lo and c.chunk.chunk_id == best.chunk.chunk_id
                        and c.col_label != best.col_label and c.features["period"] == 1.0):
                    text += "\n" + render(c, evidence, self.title_of, counter)
            return Draft(text, evidence, mode="answer")
        if second is None:
            second = self._close_sibling(best, ranked)
        if second is not None:
            text += "\n" + render(second, evidence, self.title_of, counter)
        return Draft(text, evidence, mode="answer")

    def _handed_down(self, best: Candidate, instrument: str) -> Draft:
        """A refusal that says why: the cited provision hands the asked matter down to `instrument`."""
        evidence: list[Evidence] = []
        n = cite(best, evidence)
        law, ref = law_name(best, self.title_of), article_ref(best)
        where = (f"「{law}」 " if law else "") + (ref or "이 조항")
        text = f"{where}{josa(ref or '조항', '은', '는')} 이를 {instrument}{josa(instrument, '으로', '로')} 정하도록 위임하고 있습니다 [{n}]."
        return Draft(text, evidence, refused=True, mode="refused")

    def _close_sibling(self, best: Candidate, ranked: list[Candidate]) -> Candidate | None:
        """Another passage of the same document — or of the decree carrying out the best's article —
        that the scorer cannot tell from the best (within `sibling_margin`, holding the asked
        attribute and kind of value): a neighbouring 항 or row is shown with it rather than
        silently dropped."""
        for c in ranked[1:6]:
            if c.score < best.score - self.config.sibling_margin:
                return None
            # (or the decree passage carrying out the best's article: its detail, one provision)
            if ((c.chunk.doc_id == best.chunk.doc_id or carries_out(c, best, self.title_of))
                    and not _overlaps(c, best) and _fits(c, self.config.answer_fit)
                    and c.features.get("proximity", 1.0) >= self.config.answer_proximity):
                return c
        return None

    def _evidence(self, ranked: list[Candidate], counter: str = "") -> Draft:
        evidence: list[Evidence] = []
        picked: list[Candidate] = []
        for c in ranked:
            if len(picked) == 3:
                break
            if any(p.chunk.chunk_id == c.chunk.chunk_id for p in picked):
                continue
            if picked and c.features["coverage"] < 0.6 * picked[0].features["coverage"]:
                break
            picked.append(c)
        lines = [f"- {render(c, evidence, self.title_of, counter)}" for c in picked]
        return Draft(EVIDENCE_LABEL + "\n" + "\n".join(lines), evidence, mode="evidence")

    # -- helpers -----------------------------------------------------------------------------------
    def _joint_coverage(self, frame: QuestionFrame, a: Candidate, b: Candidate) -> float:
        ca, cb = a.credit, b.credit
        total = frame.total_weight
        return sum(w * max(ca.get(t, 0), cb.get(t, 0)) for t, w in frame.weights.items()) / total if total else 0.0

    def _second(self, frame: QuestionFrame, best: Candidate, ranked: list[Candidate]) -> Candidate | None:
        """A second passage for a two-part question: it covers most of what the best leaves out."""
        # what the best leaves out entirely (a term in its heading or title is covered: a
        # passage repeating the subject's name adds nothing; one only in the sentences before
        # it is not: that sentence may be the other part's answer)
        lay = replace(layers_of(best, self.analyzer.tokens, self.title_of), lead=frozenset(), lead_raw="")
        credit = credit_of(frame, lay, self.related, self.idf, self.spelled)
        rest = {t: w for t, w in frame.weights.items() if credit.get(t, 0.0) < 0.5}
        total = frame.total_weight
        if not rest or sum(rest.values()) < 0.15 * total:
            return None
        best_flat = re.sub(r"\W", "", best.text)
        pool = [c for c in ranked[:40] if c.key != best.key and re.sub(r"\W", "", c.text) not in best_flat
                and best_flat not in re.sub(r"\W", "", c.text)]
        if not pool:
            return None

        def rest_cover(c: Candidate) -> float:
            cr = c.credit
            return sum(w * (1.0 if cr.get(t, 0) >= 0.8 else 0.0) for t, w in rest.items()) / sum(rest.values())

        cand = max(pool, key=lambda c: (rest_cover(c), c.score))
        return cand if rest_cover(cand) >= 0.6 and cand.features["answer_type"] >= 0.8 else None

    def _rivals(self, frame: QuestionFrame, best: Candidate, ranked: list[Candidate]) -> list[Candidate]:
        """Equally good answers from other documents with other values: the question does not
        say which entity it means (a question naming one is gated by the entity feature)."""
        if frame.entities or frame.laws or frame.answer_type not in ("number", "date", "org"):
            return []
        out: list[Candidate] = []
        best_nums = set(NUMBER.findall(best.value or best.text))
        best_title = set(self.analyzer.tokens(self.title_of(best.chunk.doc_id)))
        top_idf = max((self.idf(t) for t in frame.weights), default=0.0)
        for c in ranked[1:12]:
            if c.chunk.doc_id == best.chunk.doc_id or any(o.chunk.doc_id == c.chunk.doc_id for o in out):
                continue
            shared = best_title & set(self.analyzer.tokens(self.title_of(c.chunk.doc_id))) & set(frame.weights)
            if any(self.idf(t) >= 0.5 * top_idf for t in shared):
                continue  # both documents are about what the question names: one subject, not two
            if any(best.credit.get(t, 0.0) > 0 and c.credit.get(t, 0.0) == 0 for t in frame.weights if t not in frame.head):
                continue  # the question names something only the best's document has: not ambiguous
            if (content_score(c.features, self.config) < (1 - self.config.ambiguity_margin) * content_score(best.features, self.config)
                    or not _fits(c, self.config.answer_fit) or c.features["period"] < 1.0):
                continue
            if set(NUMBER.findall(c.value or c.text)) != best_nums:
                out.append(c)
        return out[:2]

    def _list_items(self, frame: QuestionFrame, best: Candidate, ranked: list[Candidate]) -> list[Candidate]:
        """The question names a list (its heading covers the question) rather than one item of it:
        all items of the list, in order."""
        chunk = best.chunk
        if chunk.kind not in ("list", "table") or best.kind == "cell" or frame.years:
            return []
        if best.features["own_coverage"] >= 0.2:
            return []
        items = sorted((c for c in ranked if c.chunk.chunk_id == chunk.chunk_id and c.kind != "cell"), key=lambda c: c.lo)
        if len(items) < 2:
            return []
        seen: set[tuple[int, int]] = set()
        out = []
        for c in items:
            if (c.lo, c.hi) not in seen:
                seen.add((c.lo, c.hi))
                out.append(c)
        return out[:12]


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.chunk.chunk_id == b.chunk.chunk_id and a.lo < b.hi and b.lo < a.hi


def _merge(parts: list[str], drafts: list[Draft], labels: Sequence[str] = ()) -> Draft | None:
    """One draft from the parts' drafts: texts in order, evidence numbers shifted past the
    earlier parts', each under its label (the compared thing it answers) when given; a line an
    earlier part shows is not repeated. A part the library does not answer says so; all refused →
    None (the whole question is tried as one)."""
    if all(d.refused for d in drafts):
        return None
    from ..grounding import MARKER

    texts: list[str] = []
    evidence: list[Evidence] = []
    shown: set[str] = set()
    for k, (part, d) in enumerate(zip(parts, drafts)):
        if d.refused:
            # say which part, so it can be asked again (a part with figures would meet the grounding
            # check's number test, which is for claims: then the part is not quoted)
            asked = part.rstrip("?？ ")
            texts.append(REFUSED_PART.format(part=asked) if not re.search(r"\d", asked) else REFUSED_OTHER)
            continue
        shift = len(evidence)
        text = MARKER.sub(lambda m: f"[{int(m.group(1)) + shift}]", d.text)
        # a line an earlier part already shows is not repeated (two parts answered by one passage)
        lines = [ln for ln in text.split("\n") if _unmarked(ln) not in shown or not _unmarked(ln)]
        if not any(_unmarked(ln) for ln in lines):
            continue  # both parts answered by the same passage
        shown.update(_unmarked(ln) for ln in lines)
        text = "\n".join(lines)
        if k < len(labels) and not text.startswith(AMBIGUOUS_LABEL):
            text = f"{labels[k]}: {text}"
        texts.append(text)
        evidence.extend(d.evidence)
    modes = {d.mode for d in drafts}
    mode = "answer" if modes == {"answer"} else "evidence"
    return Draft("\n".join(texts), evidence, mode=mode)


def _unmarked(line: str) -> str:
    return re.sub(r"\[\d+\]|^[-\s]+", "", line).strip()


COUNTERS = {"건", "명", "개", "곳", "회", "점", "개소"}


def _counter(frame: QuestionFrame) -> str:
    """The counter word of a count question ("몇 건" → 건), for a bare count cell."""
    first = re.sub(r"^\(\?:", "", frame.unit or "").split("|")[0].rstrip(")")
    return first if first in COUNTERS else ""


def _fits(c: Candidate, floor: float) -> bool:
    """The candidate names the asked attribute and holds the asked kind of value."""
    return c.features["head"] >= floor and c.features["answer_type"] >= floor


def _refused() -> Draft:
    return Draft("", [], refused=True, mode="refused")
