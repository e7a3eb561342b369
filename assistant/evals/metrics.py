"""Per-item metrics: pure functions over an `EvalItem` and an answer dict (`Answer.to_json()`).

- answer pass: not refused and every must_match matches (and no must_not_match does);
  for unanswerable items, pass = refused
- retrieval: recall@k (a top-k passage holds a gold quote), MRR@k, and coverage@k (share of
  gold quotes found in the top k)
- citations: precision (share of cited passages holding a gold quote) and recall (share of
  gold quotes some citation holds)
- structured: every `expected` dict is met by some tool call's result

Quotes are matched ignoring whitespace (PDF dumps wrap lines anywhere) and, when a source
names a document, only in passages of that document. Metrics that do not apply are None.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from .suite import META_KEYS, EvalItem, Source

_WS = re.compile(r"\s+")
DEFAULT_TOLERANCE = 1e-6


def compact(text: str) -> str:
    """Text without whitespace (NFC), the form quotes and passages are compared in."""
    return _WS.sub("", unicodedata.normalize("NFC", text or ""))


def holds_quote(passage: str, quote: str) -> bool:
    q = compact(quote)
    return bool(q) and q in compact(passage)


def passage_supports(passage: str, doc: str | None, source: Source) -> bool:
    if source.doc and doc and doc != source.doc:
        return False
    return holds_quote(passage, source.quote)


# ---- answer ------------------------------------------------------------------------------------

def answer_check(item: EvalItem, ans: dict[str, Any]) -> tuple[bool, list[str]]:
    """(pass, reasons it failed)."""
    refused = bool(ans.get("refused"))
    if not item.answerable:
        return refused, ([] if refused else ["거절해야 하는데 답함 / answered an unanswerable question"])
    if refused:
        return False, ["답할 수 있는데 거절함 / refused an answerable question"]
    text = ans.get("answer") or ""
    failures = [f"불일치 / no match: {p}" for p in item.must_match if not re.search(p, text)]
    failures += [f"금지 표현 / must not match: {p}" for p in item.must_not_match if re.search(p, text)]
    return not failures, failures


# ---- retrieval ---------------------------------------------------------------------------------

def _top_k(retrieved: list[dict[str, Any]], k: int) -> list[tuple[int, dict[str, Any]]]:
    ranked = [(int(r.get("rank") or i + 1), r) for i, r in enumerate(retrieved)]
    return sorted((x for x in ranked if x[0] <= k), key=lambda x: x[0])


def first_relevant_rank(item: EvalItem, ans: dict[str, Any], k: int) -> int | None:
    for rank, r in _top_k(ans.get("retrieved") or [], k):
        if any(passage_supports(r.get("text", ""), r.get("doc"), s) for s in item.sources):
            return rank
    return None


def edge_overlap(passage: str, quote: str) -> int:
    """Longest part of the quote (whitespace removed) that runs off either edge of the passage:
    a passage ending in the quote's opening, or starting with its close."""
    p, q = compact(passage), compact(quote)
    for n in range(len(q) - 1, 0, -1):
        if p.endswith(q[:n]) or p.startswith(q[-n:]):
            return n
    return 0


def fixed_chunk_holds(passage: str, quote: str, edge_share: float = 0.6) -> bool:
    """A fixed-size window (benchmark baselines) holds a quote when it contains it, or when at
    least `edge_share` of the quote's characters sit contiguously at one of its edges: a window
    cut through the quote should not count as a miss for the baseline."""
    q = compact(quote)
    return bool(q) and (q in compact(passage) or edge_overlap(passage, quote) >= math.ceil(edge_share * len(q)))


def first_hit_rank(ranked: list[tuple[str, str]], sources: list[Source], fixed_chunks: bool = False) -> int | None:
    """1-based rank of the first (doc, passage) holding some gold quote of its document."""
    holds = fixed_chunk_holds if fixed_chunks else holds_quote
    for rank, (doc, text) in enumerate(ranked, 1):
        if any((not s.doc or s.doc == doc) and holds(text, s.quote) for s in sources):
            return rank
    return None


def retrieval_scores(item: EvalItem, ans: dict[str, Any], k: int) -> dict[str, float | None]:
    """recall_at_k, mrr, coverage_at_k — None for items without sources."""
    if not item.sources:
        return {"recall_at_k": None, "mrr": None, "coverage_at_k": None}
    rank = first_relevant_rank(item, ans, k)
    top = [r for _, r in _top_k(ans.get("retrieved") or [], k)]
    covered = sum(any(passage_supports(r.get("text", ""), r.get("doc"), s) for r in top) for s in item.sources)
    return {
        "recall_at_k": 1.0 if rank else 0.0,
        "mrr": 1.0 / rank if rank else 0.0,
        "coverage_at_k": covered / len(item.sources),
    }


# ---- citations ---------------------------------------------------------------------------------

def citation_supports(c: dict[str, Any], source: Source) -> bool:
    doc = c.get("doc")
    return passage_supports(c.get("text") or "", doc, source) or passage_supports(c.get("quote") or "", doc, source)


def citation_scores(item: EvalItem, ans: dict[str, Any]) -> dict[str, float | None]:
    """citation_precision (None without citations), citation_recall (None without gold sources)."""
    if not item.sources:
        return {"citation_precision": None, "citation_recall": None}
    cites = ans.get("citations") or []
    good = [c for c in cites if any(citation_supports(c, s) for s in item.sources)]
    covered = [s for s in item.sources if any(citation_supports(c, s) for c in cites)]
    return {
        "citation_precision": len(good) / len(cites) if cites else None,
        "citation_recall": len(covered) / len(item.sources),
    }


# ---- structured results ------------------------------------------------------------------------

def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _as_number(x: Any) -> float | None:
    if _is_number(x):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x.replace(",", "").strip())
        except ValueError:
            return None
    return None


def values_match(expected: Any, got: Any, tolerance: float = DEFAULT_TOLERANCE) -> bool:
    """Equality for tool results: numbers within tolerance, lists as sets, dicts by expected keys."""
    if isinstance(expected, bool) or expected is None:
        return got is expected or (isinstance(got, bool) and got == expected)
    if _is_number(expected):
        g = _as_number(got) if not isinstance(got, bool) else None
        return g is not None and math.isfinite(g) and abs(g - float(expected)) <= tolerance + 1e-12
    if isinstance(expected, str):
        return isinstance(got, str) and got.strip() == expected.strip()
    if isinstance(expected, list):
        if not isinstance(got, (list, tuple, set)):
            return False
        got = list(got)
        return (all(any(values_match(e, g, tolerance) for g in got) for e in expected)
                and all(any(values_match(e, g, tolerance) for e in expected) for g in got))
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(k in got and values_match(v, got[k], tolerance) for k, v in expected.items())
    return expected == got


def expectation_met(expected: dict[str, Any], call: dict[str, Any]) -> bool:
    if "tool" in expected and call.get("name") != expected["tool"]:
        return False
    result = call.get("result") or {}
    tol = float(expected.get("tolerance", DEFAULT_TOLERANCE))
    return all(k in result and values_match(v, result[k], tol) for k, v in expected.items() if k not in META_KEYS)


def structured_check(item: EvalItem, ans: dict[str, Any]) -> tuple[float | None, list[str]]:
    """(1.0 / 0.0, unmet expectations) when the item has `expected`; (None, []) otherwise."""
    expectations = item.expectations()
    if not expectations:
        return None, []
    calls = ans.get("tool_calls") or []
    unmet = [e for e in expectations if not any(expectation_met(e, c) for c in calls)]
    reasons = []
    for e in unmet:
        shown = {k: v for k, v in e.items() if k not in META_KEYS}
        reasons.append(f"도구 결과 불일치 / tool result differs: expected {shown}"
                       + ("" if calls else " (도구 호출 없음 / no tool call)"))
    return (0.0 if unmet else 1.0), reasons


# ---- aggregation -------------------------------------------------------------------------------

def mean(values: Iterable[float | None]) -> float | None:
    xs = [float(v) for v in values if v is not None]
    return sum(xs) / len(xs) if xs else None


def percentile(values: Iterable[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100), like numpy's default."""
    xs = sorted(float(v) for v in values if v is not None)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
