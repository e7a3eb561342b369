"""Run a suite through the assistant and collect per-item results and a summary."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from . import metrics
from .suite import KINDS, EvalItem, Suite, load_suite

Progress = Callable[[int, int, str], None]  # (done, total, item id)


class AsksQuestions(Protocol):
    def ask(self, question: str, k: int | None = None) -> Any: ...


@dataclass
class ItemResult:
    suite: str
    id: str
    kind: str
    question: str
    gold: str
    passed: bool
    refused: bool
    answer: str
    failures: list[str]
    recall_at_k: float | None
    mrr: float | None
    coverage_at_k: float | None
    citation_precision: float | None
    citation_recall: float | None
    structured: float | None
    latency_s: float
    citations: list[dict[str, Any]] = field(default_factory=list)
    retrieved: list[dict[str, Any]] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    expected: Any = None
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["pass"] = d.pop("passed")
        return d


def score_item(item: EvalItem, ans: dict[str, Any], k: int, suite: str = "") -> ItemResult:
    """All metrics for one item from an answer dict (`Answer.to_json()` shape)."""
    passed, failures = metrics.answer_check(item, ans)
    structured, why = metrics.structured_check(item, ans)
    return ItemResult(
        suite=suite, id=item.id, kind=item.kind, question=item.question, gold=item.answer,
        passed=passed, refused=bool(ans.get("refused")), answer=ans.get("answer") or "",
        failures=failures + why,
        **metrics.retrieval_scores(item, ans, k),
        **metrics.citation_scores(item, ans),
        structured=structured,
        latency_s=float(ans.get("latency_s") or 0.0),
        citations=list(ans.get("citations") or []),
        retrieved=[r for r in (ans.get("retrieved") or []) if int(r.get("rank") or 0) <= k],
        tool_calls=list(ans.get("tool_calls") or []),
        sources=[{"doc": s.doc, "quote": s.quote} for s in item.sources],
        expected=item.expected,
    )


def summarize(results: list[ItemResult]) -> dict[str, Any]:
    """Aggregates over items: pass rate, retrieval, citations, structured accuracy, latency."""
    answerable = [r for r in results if r.kind != "unanswerable"]
    lat = [r.latency_s for r in results]
    return {
        "n": len(results),
        "pass_rate": metrics.mean(1.0 if r.passed else 0.0 for r in results),
        "recall_at_k": metrics.mean(r.recall_at_k for r in results),
        "mrr": metrics.mean(r.mrr for r in results),
        "coverage_at_k": metrics.mean(r.coverage_at_k for r in results),
        "citation_precision": metrics.mean(r.citation_precision for r in results),
        "citation_recall": metrics.mean(r.citation_recall for r in results),
        "structured_accuracy": metrics.mean(r.structured for r in results),
        "refusal_rate": metrics.mean(1.0 if r.refused else 0.0 for r in results),
        "false_refusal_rate": metrics.mean(1.0 if r.refused else 0.0 for r in answerable),
        "errors": sum(1 for r in results if r.error),
        "latency_median_s": metrics.percentile(lat, 50),
        "latency_p95_s": metrics.percentile(lat, 95),
    }


@dataclass
class EvalReport:
    suites: list[str]
    k: int
    items: list[ItemResult]
    started: str = ""
    duration_s: float = 0.0
    info: dict[str, Any] = field(default_factory=dict)  # backend, index, tool engine …

    def summary(self) -> dict[str, Any]:
        kinds = [k for k in KINDS if any(r.kind == k for r in self.items)]
        out = {"overall": summarize(self.items), "by_kind": {k: summarize([r for r in self.items if r.kind == k]) for k in kinds}}
        if len(self.suites) > 1:
            out["by_suite"] = {s: summarize([r for r in self.items if r.suite == s]) for s in self.suites}
        out.update({"suites": self.suites, "k": self.k, "started": self.started,
                    "duration_s": round(self.duration_s, 2), **self.info})
        return out

    @property
    def pass_rate(self) -> float:
        return summarize(self.items)["pass_rate"] or 0.0

    @property
    def failures(self) -> list[ItemResult]:
        return [r for r in self.items if not r.passed]

    def to_json(self) -> dict[str, Any]:
        return {"summary": self.summary(), "items": [r.to_json() for r in self.items]}

    @staticmethod
    def merge(reports: list["EvalReport"]) -> "EvalReport":
        if len(reports) == 1:
            return reports[0]
        info = dict(reports[0].info) if reports else {}
        return EvalReport(
            suites=[s for r in reports for s in r.suites], k=reports[0].k if reports else 5,
            items=[i for r in reports for i in r.items], started=reports[0].started if reports else "",
            duration_s=sum(r.duration_s for r in reports), info=info,
        )


def _describe(assistant: Any) -> dict[str, Any]:
    info: dict[str, Any] = {}
    settings = getattr(assistant, "settings", None)
    if settings is not None:
        info["index_dir"] = str(getattr(settings, "index_dir", ""))
        info["embedding_model"] = getattr(settings, "embedding_model", "")
    backend = getattr(assistant, "backend", None)
    if backend is not None:
        info["backend"] = getattr(backend, "name", type(backend).__name__)
    if hasattr(type(assistant), "tool_hook"):
        info["tool_engine"] = getattr(assistant, "tool_hook", None) is not None
    return info


def run_items(items: list[EvalItem], assistant: AsksQuestions, k: int = 5, progress: Progress | None = None,
              suite: str = "") -> EvalReport:
    """Ask every item's question; an exception fails that item (recorded in `error`) and the run goes on."""
    started, t0 = datetime.now().isoformat(timespec="seconds"), time.perf_counter()
    getattr(assistant, "tool_hook", None)  # one-time setup (facts tables) is not a question's latency
    results: list[ItemResult] = []
    for i, item in enumerate(items):
        t = time.perf_counter()
        try:
            ans = assistant.ask(item.question, k=k)
            data = ans.to_json() if hasattr(ans, "to_json") else dict(ans)
            results.append(score_item(item, data, k, suite))
        except Exception as e:  # noqa: BLE001 — one broken item must not end the run
            err = f"{type(e).__name__}: {e}"
            res = score_item(item, {"answer": "", "refused": False, "latency_s": time.perf_counter() - t}, k, suite)
            res.passed, res.error = False, err
            res.failures = [f"오류 / error: {err}"] + res.failures
            results.append(res)
        if progress:
            progress(i + 1, len(items), item.id)
    return EvalReport(suites=[suite] if suite else [], k=k, items=results, started=started,
                      duration_s=time.perf_counter() - t0, info=_describe(assistant))


def run_suite(path: str | Path | Suite, assistant: AsksQuestions, k: int = 5, progress: Progress | None = None) -> EvalReport:
    """Load (and validate) a suite file and run it; raises `SuiteError` for a broken file."""
    suite = path if isinstance(path, Suite) else load_suite(path)
    return run_items(suite.items, assistant, k=k, progress=progress, suite=suite.name)
