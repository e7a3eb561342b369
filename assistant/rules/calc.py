"""Calculations the reports use, done exactly (Decimal) and rounded the way they round.

Every function returns {"value", "unit", "formula", "display", "inputs"}: `value` is the
rounded number, `display` how a report would write it (fixed decimals for rates, thousands
separators for amounts), `formula` the arithmetic with the actual operands.
Rounding: half-up to `decimals` places (rules.toml [calc]); the 검토보고서 달성도 column
(80.8÷87.8×100 = 92.03, 81.8÷84.8×100 = 96.46) is reproduced exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

Number = int | float | str | Decimal


def _d(x: Number, name: str) -> Decimal:
    if isinstance(x, bool):
        raise ValueError(f"{name}: 숫자가 아닙니다 / not a number: {x!r}")
    try:
        d = Decimal(str(x).replace(",", "").strip())
    except (InvalidOperation, ValueError) as e:
        raise ValueError(f"{name}: 숫자가 아닙니다 / not a number: {x!r}") from e
    if not d.is_finite():
        raise ValueError(f"{name}: 유한한 수가 아닙니다 / not finite: {x!r}")
    return d


def _round(d: Decimal, decimals: int) -> Decimal:
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain(x: Number) -> str:
    """A number as written, without float noise: 84.8 → '84.8', 533478.0 → '533478'."""
    d = _d(x, "x")
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def grouped(x: Number) -> str:
    """Thousands separators like the reports: 533478 → '533,478', 1234.5 → '1,234.5'."""
    d = _d(x, "x")
    if d == d.to_integral_value():
        return f"{int(d):,}"
    whole, _, frac = format(d.normalize(), "f").partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}.{frac}"


def _result(value: Decimal, unit: str, formula: str, decimals: int, inputs: dict[str, Any], rate: bool) -> dict[str, Any]:
    r = _round(value, decimals)
    display = f"{r:,.{decimals}f}" if rate else grouped(r)
    return {"value": float(r), "unit": unit, "formula": f"{formula} = {display}", "display": display, "inputs": inputs}


def achievement_rate(actual: Number, target: Number, decimals: int = 2) -> dict[str, Any]:
    """달성도 = 실적치 ÷ 목표치 × 100 (%), half-up to `decimals` (성과지표 대비 실적 표의 산식)."""
    a, t = _d(actual, "actual"), _d(target, "target")
    if t == 0:
        raise ValueError("목표치가 0이면 달성도를 계산할 수 없습니다 / target is zero")
    return _result(a / t * 100, "%", f"{plain(a)} ÷ {plain(t)} × 100", decimals,
                   {"actual": float(a), "target": float(t)}, rate=True)


def change(before: Number, after: Number, unit: str = "", decimals: int = 2) -> dict[str, Any]:
    """증감 = 나중 값 − 이전 값 (same unit as the values)."""
    b, a = _d(before, "before"), _d(after, "after")
    return _result(a - b, unit, f"{grouped(a)} − {grouped(b)}", decimals, {"before": float(b), "after": float(a)}, rate=False)


def growth_rate(before: Number, after: Number, decimals: int = 2) -> dict[str, Any]:
    """증감률 = (나중 값 − 이전 값) ÷ 이전 값 × 100 (%); negative means a decrease."""
    b, a = _d(before, "before"), _d(after, "after")
    if b == 0:
        raise ValueError("이전 값이 0이면 증감률을 계산할 수 없습니다 / base value is zero")
    return _result((a - b) / b * 100, "%", f"({grouped(a)} − {grouped(b)}) ÷ {grouped(b)} × 100", decimals,
                   {"before": float(b), "after": float(a)}, rate=True)


def share(part: Number, total: Number, decimals: int = 2) -> dict[str, Any]:
    """비중 = 부분 ÷ 전체 × 100 (%)."""
    p, t = _d(part, "part"), _d(total, "total")
    if t == 0:
        raise ValueError("전체가 0이면 비중을 계산할 수 없습니다 / total is zero")
    return _result(p / t * 100, "%", f"{grouped(p)} ÷ {grouped(t)} × 100", decimals,
                   {"part": float(p), "total": float(t)}, rate=True)


def sum_over_years(values: Mapping[str | int, Number] | Iterable[tuple[str | int, Number]], unit: str = "",
                   decimals: int = 2) -> dict[str, Any]:
    """합계 = 연도별 값의 합 (years in ascending order in the formula)."""
    items = sorted((values.items() if isinstance(values, Mapping) else values), key=lambda kv: str(kv[0]))
    if not items:
        raise ValueError("합산할 값이 없습니다 / nothing to sum")
    ds = [(str(y), _d(v, f"values[{y}]")) for y, v in items]
    total = sum((d for _, d in ds), Decimal(0))
    formula = " + ".join(grouped(d) for _, d in ds)
    return _result(total, unit, formula, decimals, {"values": {y: float(d) for y, d in ds}}, rate=False)
