"""Rules as data: the typed view of `rules.toml` and its loader.

A `RuleVersion` is one dated version of a rule (`id` + `effective_from`); a rule may have
several versions, and a verdict is made *as of* a date with the version in force then.
Every criterion/clause carries its `sources` (document, exact quote, legal basis) so a
verdict can cite where its threshold comes from.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError

DEFAULT_RULES_FILE = Path(__file__).resolve().parent / "rules.toml"

# comparison word → test "value <word> threshold" (the criterion applies when it holds)
COMPARISONS = {
    "미만": lambda v, t: v < t,
    "이하": lambda v, t: v <= t,
    "초과": lambda v, t: v > t,
    "이상": lambda v, t: v >= t,
    "해당": lambda v, t: bool(v),
}
CRITERION_KINDS = {"score", "count", "flag"}
# comparison word → the set of values it admits, as an interval (lo, lo_incl, hi, hi_incl) around t
_CMP_SETS = {
    "미만": lambda t: (None, False, t, False),
    "이하": lambda t: (None, False, t, True),
    "초과": lambda t: (t, False, None, False),
    "이상": lambda t: (t, True, None, False),
}


class RulesError(ConfigError):
    """The rules file is malformed; the message names the file and the entry (a ValueError, and shown
    by the CLI as one line like every other AssistantError)."""


@dataclass(frozen=True)
class Source:
    doc: str
    quote: str
    basis: str
    note: str = ""


@dataclass(frozen=True)
class Range:
    """A value known only as an interval: "75점을 넘지 못했다면" is `Range(hi=75)` (≤ 75),
    "75점 미만이면" is `Range(hi=75, hi_incl=False)`. None means unbounded on that side."""

    lo: float | None = None
    hi: float | None = None
    lo_incl: bool = True
    hi_incl: bool = True

    def __post_init__(self) -> None:
        if self.lo is not None and self.hi is not None and (
                self.lo > self.hi or (self.lo == self.hi and not (self.lo_incl and self.hi_incl))):
            raise ValueError(f"빈 구간입니다 / empty range: {self}")

    def describe(self, unit: str = "") -> str:
        """'75점 이하', '75점 미만', '70점 이상 80점 미만' — how the rules write bounds."""
        lo = f"{fmt_number(self.lo)}{unit} {'이상' if self.lo_incl else '초과'}" if self.lo is not None else ""
        hi = f"{fmt_number(self.hi)}{unit} {'이하' if self.hi_incl else '미만'}" if self.hi is not None else ""
        return " ".join(x for x in (lo, hi) if x) or "값 미상"

    def as_dict(self) -> dict[str, Any]:
        return {"lo": self.lo, "lo_incl": self.lo_incl, "hi": self.hi, "hi_incl": self.hi_incl}

    def subset_of(self, lo: float | None, lo_incl: bool, hi: float | None, hi_incl: bool) -> bool:
        """Every value of this range lies in the interval (lo, hi) with the given closedness."""
        if lo is not None and (self.lo is None or self.lo < lo or (self.lo == lo and self.lo_incl and not lo_incl)):
            return False
        if hi is not None and (self.hi is None or self.hi > hi or (self.hi == hi and self.hi_incl and not hi_incl)):
            return False
        return True

    def disjoint_from(self, lo: float | None, lo_incl: bool, hi: float | None, hi_incl: bool) -> bool:
        """No value of this range lies in the interval."""
        if hi is not None and self.lo is not None and (self.lo > hi or (self.lo == hi and not (self.lo_incl and hi_incl))):
            return True
        if lo is not None and self.hi is not None and (self.hi < lo or (self.hi == lo and not (self.hi_incl and lo_incl))):
            return True
        return False


@dataclass(frozen=True)
class Criterion:
    """One numbered condition of a rule (e.g. 재계약 배제 사유 ①)."""

    id: str
    input: str  # the argument name of the verdict function that feeds it
    kind: str  # score | count | flag
    label: str
    comparison: str  # 미만 | 이하 | 초과 | 이상 | 해당
    threshold: float | None = None
    unit: str = ""
    sources: tuple[Source, ...] = ()
    short: str = ""  # a short name for answers ("종합성과평가"); the label when empty
    note: str = ""  # said whenever the criterion is checked
    ask: dict[str, Any] = field(default_factory=dict)  # how questions state this input (see rules.toml)

    def applies(self, value: Any) -> bool | None:
        """True when `value` meets the condition (e.g. 74.99 미만 75). For a `Range` value:
        True when every value of the range meets it, False when none does, None when it
        depends on where in the range the real value lies."""
        if isinstance(value, Range):
            if self.kind == "flag":
                raise ValueError(f"{self.id}: 참/거짓 항목에 구간을 줄 수 없습니다 / a range for a flag criterion")
            interval = _CMP_SETS[self.comparison](self.threshold)
            if value.subset_of(*interval):
                return True
            if value.disjoint_from(*interval):
                return False
            return None
        return COMPARISONS[self.comparison](value, self.threshold)

    @property
    def name(self) -> str:
        return self.short or self.label

    def describe(self) -> str:
        if self.kind == "flag":
            return self.label
        return f"{self.label} {fmt_number(self.threshold)}{self.unit} {self.comparison}"

    def quote_disagrees(self) -> bool:
        """The threshold in the data no longer appears in the quoted source text."""
        if self.threshold is None or not self.sources:
            return False
        return fmt_number(self.threshold) not in self.sources[0].quote


@dataclass(frozen=True)
class Clause:
    """One paragraph (항) of an article, with what it does (`effect`) and its parameters."""

    id: str
    effect: str
    params: dict[str, Any]
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class RuleVersion:
    id: str
    title: str
    effective_from: date
    basis: str
    effective_to: date | None = None
    effective_from_note: str = ""
    criteria: tuple[Criterion, ...] = ()
    clauses: tuple[Clause, ...] = ()
    wording: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # committee, considerations, actions, …

    @property
    def version(self) -> str:
        """The label a verdict names: `id@effective_from`."""
        return f"{self.id}@{self.effective_from.isoformat()}"

    def in_force(self, as_of: date) -> bool:
        return self.effective_from <= as_of and (self.effective_to is None or as_of <= self.effective_to)

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def clause(self, cid: str) -> Clause:
        for c in self.clauses:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def say(self, key: str, **kw: Any) -> str:
        """The rule's wording `key` with {placeholders} filled (unknown ones left as written)."""

        class _Keep(dict):
            def __missing__(self, k: str) -> str:
                return "{" + k + "}"

        return self.wording.get(key, "").format_map(_Keep(kw))


@dataclass(frozen=True)
class Rules:
    versions: tuple[RuleVersion, ...]
    path: str
    meta: dict[str, Any]
    calc: dict[str, Any]
    calc_sources: tuple[Source, ...] = ()

    def versions_of(self, rule_id: str) -> list[RuleVersion]:
        return sorted((v for v in self.versions if v.id == rule_id), key=lambda v: v.effective_from)

    def get(self, rule_id: str, as_of: date | None = None) -> RuleVersion | None:
        """The version of `rule_id` in force on `as_of` (today if None), or None."""
        as_of = as_of or date.today()
        for v in self.versions_of(rule_id):
            if v.in_force(as_of):
                return v
        return None

    @property
    def decimals(self) -> int:
        return int(self.calc.get("decimals", 2))


def fmt_number(x: float | int | None) -> str:
    """75.0 → '75', 74.99 → '74.99' (how the documents write numbers)."""
    if x is None:
        return ""
    if float(x) == int(x):
        return str(int(x))
    return repr(float(x)).rstrip("0").rstrip(".")


def _as_date(v: Any, where: str) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return date.fromisoformat(v)
    raise RulesError(f"{where}: 날짜 형식이 아닙니다 / not a date: {v!r}")


def _sources(raw: list[dict[str, Any]] | None, where: str) -> tuple[Source, ...]:
    out = []
    for i, s in enumerate(raw or []):
        if not s.get("quote") or not s.get("basis"):
            raise RulesError(f"{where}.sources[{i}]: quote와 basis가 필요합니다 / quote and basis are required")
        out.append(Source(doc=s.get("doc", ""), quote=s["quote"], basis=s["basis"], note=s.get("note", "")))
    return tuple(out)


def parse_rules(data: dict[str, Any], path: str = "<rules>") -> Rules:
    versions: list[RuleVersion] = []
    for i, r in enumerate(data.get("rules", [])):
        where = f"{path}: rules[{i}] ({r.get('id', '?')})"
        for key in ("id", "title", "effective_from", "basis"):
            if key not in r:
                raise RulesError(f"{where}: '{key}' 항목이 없습니다 / missing '{key}'")
        criteria = []
        for j, c in enumerate(r.get("criteria", [])):
            cw = f"{where}.criteria[{j}]"
            kind = c.get("kind", "score")
            comp = c.get("comparison", "")
            if kind not in CRITERION_KINDS:
                raise RulesError(f"{cw}: kind={kind!r} (score|count|flag)")
            if comp not in COMPARISONS:
                raise RulesError(f"{cw}: comparison={comp!r} ({'|'.join(COMPARISONS)})")
            if kind != "flag" and not isinstance(c.get("threshold"), (int, float)):
                raise RulesError(f"{cw}: 숫자 threshold가 필요합니다 / numeric threshold required")
            criteria.append(
                Criterion(
                    id=c["id"], input=c["input"], kind=kind, label=c.get("label", ""), comparison=comp,
                    threshold=float(c["threshold"]) if kind != "flag" else None, unit=c.get("unit", ""),
                    sources=_sources(c.get("sources"), cw), short=c.get("short", ""), note=c.get("note", ""),
                    ask=dict(c.get("ask", {})),
                )
            )
        clauses = []
        for j, c in enumerate(r.get("clauses", [])):
            params = {k: v for k, v in c.items() if k not in ("id", "effect", "sources")}
            clauses.append(Clause(c["id"], c["effect"], params, _sources(c.get("sources"), f"{where}.clauses[{j}]")))
        extra = {k: v for k, v in r.items() if k not in {
            "id", "title", "effective_from", "effective_to", "effective_from_note", "basis", "criteria", "clauses", "wording"}}
        if "committee" in extra:
            extra["committee"] = dict(extra["committee"], sources=_sources(extra["committee"].get("sources"), where))
        if "considerations" in extra:
            extra["considerations"] = [
                dict(x, sources=_sources(x.get("sources"), where)) for x in extra["considerations"]
            ]
        v = RuleVersion(
            id=r["id"], title=r["title"], basis=r["basis"],
            effective_from=_as_date(r["effective_from"], where),  # type: ignore[arg-type]
            effective_to=_as_date(r.get("effective_to"), where),
            effective_from_note=r.get("effective_from_note", ""),
            criteria=tuple(criteria), clauses=tuple(clauses), wording=dict(r.get("wording", {})), extra=extra,
        )
        if v.effective_to is not None and v.effective_to < v.effective_from:
            raise RulesError(f"{where}: effective_to가 effective_from보다 앞섭니다 / effective_to before effective_from")
        versions.append(v)
    # versions of one rule must not overlap in time
    by_id: dict[str, list[RuleVersion]] = {}
    for v in versions:
        by_id.setdefault(v.id, []).append(v)
    for rid, vs in by_id.items():
        vs.sort(key=lambda v: v.effective_from)
        for a, b in zip(vs, vs[1:]):
            if a.effective_to is None or a.effective_to >= b.effective_from:
                raise RulesError(
                    f"{path}: 규칙 {rid}의 버전 {a.version}와 {b.version}의 기간이 겹칩니다 / versions overlap"
                )
    calc = dict(data.get("calc", {}))
    calc_sources = _sources(calc.pop("sources", None), f"{path}: calc")
    return Rules(tuple(versions), path, dict(data.get("meta", {})), calc, calc_sources)


def load_rules(path: str | Path | None = None) -> Rules:
    """Read and validate a rules file (default: assistant/rules/rules.toml)."""
    path = Path(path) if path is not None else DEFAULT_RULES_FILE
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as e:
        raise RulesError(f"{path}: 규칙 파일이 없습니다 / rules file not found") from e
    except OSError as e:
        raise RulesError(f"{path}: 규칙 파일을 읽을 수 없습니다 / cannot read the rules file ({e.strerror})") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise RulesError(f"{path}: TOML 형식 오류 / TOML error: {e}") from e
    return parse_rules(data, str(path))


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The packaged rules file, loaded once."""
    return load_rules(DEFAULT_RULES_FILE)
