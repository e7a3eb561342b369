"""One scorer over named features; weights, gates and grading thresholds are data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .candidates import Candidate

WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "data" / "answer_weights.toml"


@dataclass(frozen=True)
class ScorerConfig:
    weights: dict[str, float]
    gates: tuple[str, ...]
    answer: float
    answer_coverage: float
    evidence: float
    ambiguity_margin: float
    answer_fit: float = 0.8  # head and answer-type features a direct answer needs
    evidence_fit: float = 0.5  # … and a "관련 근거" passage
    answer_proximity: float = 0.3  # a direct answer's value must stand near the asked attribute
    answer_given: float = 0.5  # … and hold at least this share of the figures the question states
    sibling_margin: float = 0.03  # a passage of the same document this close to the best is shown with it
    fitted: str = ""
    extra: dict[str, float] = field(default_factory=dict)


@lru_cache(maxsize=4)
def load_config(path: Path = WEIGHTS_FILE) -> ScorerConfig:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    th = data.get("thresholds", {})
    return ScorerConfig(
        weights={k: float(v) for k, v in data["weights"].items()},
        gates=tuple(data.get("gates", {}).get("features", [])),
        answer=float(th.get("answer", 0.6)),
        answer_coverage=float(th.get("answer_coverage", 0.5)),
        evidence=float(th.get("evidence", 0.45)),
        ambiguity_margin=float(th.get("ambiguity_margin", 0.15)),
        answer_fit=float(th.get("answer_fit", 0.8)),
        evidence_fit=float(th.get("evidence_fit", 0.5)),
        answer_proximity=float(th.get("answer_proximity", 0.3)),
        answer_given=float(th.get("answer_given", 0.5)),
        sibling_margin=float(th.get("sibling_margin", 0.03)),
        fitted=str(data.get("fitted", "")),
    )


def passes_gates(features: dict[str, float], config: ScorerConfig) -> bool:
    return all(features.get(g, 1.0) > 0 for g in config.gates)


def score(features: dict[str, float], config: ScorerConfig) -> float:
    """Σ weight × feature / Σ weight over the features the candidate has: a feature that does not
    apply to the question (modality, when no obligation is asked) is left out, not counted as 1,
    so it does not compress every other difference (the sibling margin is absolute)."""
    weights = {k: w for k, w in config.weights.items() if k in features}
    total = sum(weights.values())
    return sum(w * features[name] for name, w in weights.items()) / total if total else 0.0


def content_score(features: dict[str, float], config: ScorerConfig) -> float:
    """The score without the retrieval rank: how well the passage itself answers. Two documents
    answering equally well are told apart by this, not by which one the retriever listed first."""
    weights = {k: w for k, w in config.weights.items() if k != "retrieval" and k in features}
    total = sum(weights.values())
    return sum(w * features[name] for name, w in weights.items()) / total if total else 0.0


def rank(cands: list[Candidate], config: ScorerConfig) -> list[Candidate]:
    """Gated candidates, best first (ties: earlier retrieval rank, then position)."""
    for c in cands:
        c.score = score(c.features, config)
    kept = [c for c in cands if passes_gates(c.features, config)]
    return sorted(kept, key=lambda c: (-c.score, c.hit.rank, c.lo))
