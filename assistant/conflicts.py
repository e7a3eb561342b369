"""Documents that disagree about a value: shown, not silently chosen.

When two documents give different values for the same attribute of the same service — a newly
uploaded report claiming a 2025 종합성과평가 of 60.00점 next to the 검토보고서's 83.44점 (2024) —
a verdict or answer that uses the value must say so: both values, their sources and dates, which
one decided and why. `choose_eval_score` makes that choice explicit:

1. a year named in the question decides ("2024년 평가로 보면 …");
2. otherwise the later evaluation (평가 연도) decides;
3. at the same evaluation year, the later-dated document decides — and the choice is flagged as a
   contradiction about one evaluation (`same_period`), to be checked against the originals.

Within one document, a sentence's exact score and the history table's rounded one (83.44 / 83.4)
corroborate each other; they are not a conflict. Text inside documents never decides anything:
only the dated values are compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import Fact, Facts

ROUNDING = 0.1  # a table's one-decimal score and a sentence's two-decimal one are the same value


@dataclass(frozen=True)
class Choice:
    """The value a verdict uses, and what other documents say about the same thing."""

    fact: Fact
    reason: str  # why this value decides ('' when no other document disagrees)
    others: list[Fact] = field(default_factory=list)  # other documents' disagreeing values
    same_period: bool = False  # the documents contradict each other about one evaluation

    @property
    def conflict(self) -> bool:
        return bool(self.others)


def _precision(f: Fact) -> int:
    return len(str(f.raw or "").partition(".")[2].rstrip("점"))


def _doc_rank(f: Fact) -> tuple:
    """Within one document: the latest year, a sentence over a table row, more decimals."""
    return (f.year or 0, f.extra.get("source") == "본문", _precision(f))


def per_document(facts: Facts, service: str, year: int | None = None) -> list[Fact]:
    """Each document's own value for the service's 종합성과평가 (for `year`, or its latest)."""
    best: dict[str, Fact] = {}
    for f in facts.eval_history(service):
        if year is not None and f.year != year:
            continue
        if f.doc not in best or _doc_rank(f) > _doc_rank(best[f.doc]):
            best[f.doc] = f
    return list(best.values())


def _date_key(facts: Facts, f: Fact) -> str:
    return facts.doc_meta(f.doc).date or ""


def same_value(a: Fact, b: Fact) -> bool:
    try:
        return abs(float(a.value) - float(b.value)) < ROUNDING  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return a.value == b.value


def choose_eval_score(facts: Facts, service: str, year: int | None = None) -> Choice | None:
    """The 종합성과평가 score a verdict on `service` uses, with the documents that disagree.
    With `year` (named in the question) the value is that year's; other documents' latest values
    are still shown when they differ."""
    latest = per_document(facts, service)
    cands = per_document(facts, service, year) if year is not None else latest
    if not cands:
        return None
    order = lambda f: (f.year or 0, _date_key(facts, f), _doc_rank(f))  # noqa: E731
    cands.sort(key=order, reverse=True)
    chosen = cands[0]
    others = [f for f in cands[1:] if not same_value(f, chosen)]
    if year is not None:
        others += sorted((f for f in latest if f.doc != chosen.doc and f.year != year and not same_value(f, chosen)),
                         key=order, reverse=True)
    if not others:
        return Choice(chosen, "")
    same_period = any(f.year == chosen.year for f in others)
    if year is not None:
        reason = f"질문에 명시된 연도({year}년)의 평가"
        if same_period:
            reason += " — 같은 연도 평가에 대해 값이 다르므로 작성일이 더 늦은 문서의 값"
    elif not same_period:
        inferred = " (연도는 문서 작성일에서 추정)" if chosen.extra.get("year_inferred") else ""
        reason = f"평가 연도가 가장 늦음({chosen.year}년{inferred})"
    else:
        reason = "같은 연도 평가에 대해 값이 다름 — 작성일이 더 늦은 문서의 값"
    return Choice(chosen, reason, others, same_period)


def source_label(facts: Facts, f: Fact) -> str:
    """'「title」(2024-08-12)' for the answer text."""
    meta = facts.doc_meta(f.doc)
    return f"「{meta.title}」({meta.date})" if meta.date else f"「{meta.title}」(작성일 미상)"


def value_label(f: Fact) -> str:
    when = f"{f.year}년 평가" if f.year else "평가 연도 미상"
    if f.extra.get("year_inferred"):
        when += ", 연도는 작성연도로 추정"
    return f"{f.display()}({when})"
