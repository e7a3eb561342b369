"""Calculations the reports use, done exactly (Decimal) and rounded the way they round.

Every function returns {"value", "unit", "formula", "display", "inputs"}: `value` is the
rounded number, `display` how a report would write it (fixed decimals for rates, thousands
separators for amounts), `formula` the arithmetic with the actual operands.
Rounding: half-up to `decimals` places (rules.toml [calc]); the 검토보고서 달성도 column
(80.8÷87.8×100 = 92.03, 81.8÷84.8×100 = 96.46) is reproduced exactly.
"""

from __future__ import annotations

import re
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


def total_of(items: Iterable[tuple[str, Number]], unit: str = "", decimals: int = 2) -> dict[str, Any]:
    """전체 = 나열된 값의 합 (a table column's rows, or figures listed in one sentence), in the given order."""
    ds = [(str(k), _d(v, f"values[{k}]")) for k, v in items]
    if len(ds) < 2:
        raise ValueError("합산할 값이 둘 이상이어야 합니다 / need at least two values to add")
    total = sum((d for _, d in ds), Decimal(0))
    return _result(total, unit, " + ".join(grouped(d) for _, d in ds), decimals,
                   {"values": [[k, float(d)] for k, d in ds]}, rate=False)


def discounted(fee: Number, rate_percent: Number, decimals: int = 0) -> dict[str, Any]:
    """감면 후 금액 = 요금 × (100 − 감면율) ÷ 100, half-up to `decimals` (won: 0)."""
    f, r = _d(fee, "fee"), _d(rate_percent, "rate")
    if not 0 <= r <= 100:
        raise ValueError(f"감면율은 0~100% 사이여야 합니다 / discount rate out of range: {r}")
    return _result(f * (100 - r) / 100, "", f"{grouped(f)} × (100 − {plain(r)}) ÷ 100", decimals,
                   {"fee": float(f), "rate_percent": float(r)}, rate=False)


# ---- Korean money amounts ("296억 5,800만원") ------------------------------------------------------

_KO_UNITS = {"조": Decimal(10) ** 12, "억": Decimal(10) ** 8, "만": Decimal(10) ** 4}
_SUFFIX = {"원": Decimal(1), "천원": Decimal(1000), "만원": Decimal(10) ** 4, "백만원": Decimal(10) ** 6,
           "억원": Decimal(10) ** 8}


# the digits of one place group written with 천·백·십 ('6억 4천만원', '2천5백만원'): 4천 → 4000 before 만
_SUB_PLACES = re.compile(r"((?:\d+[천백십])+)(\d*)(?=[조억만])")
_SUB_MULT = {"천": 1000, "백": 100, "십": 10}


def _sub_places(m: re.Match[str]) -> str:
    n = sum(int(d) * _SUB_MULT[u] for d, u in re.findall(r"(\d+)([천백십])", m.group(1)))
    return str(n + int(m.group(2) or 0))


def korean_amount(text: str) -> Decimal:
    """Won in an amount written with Korean place units: '296억 5,800만원' → 29658000000,
    '54억원' → 5400000000, '1,271,500천원' → 1271500000, '3,000원' → 3000, '6억 4천만원' → 640000000."""
    s = _SUB_PLACES.sub(_sub_places, re.sub(r"\s+", "", text))
    m = re.fullmatch(r"((?:\d[\d,]*(?:\.\d+)?[조억만])*)(\d[\d,]*(?:\.\d+)?)?(천원|백만원|만원|억원|원)?", s)
    if not m or not (m.group(1) or m.group(2)) or not (m.group(3) or m.group(1)):
        raise ValueError(f"금액으로 읽을 수 없습니다 / not an amount: {text!r}")
    total = Decimal(0)
    for num, place in re.findall(r"(\d[\d,]*(?:\.\d+)?)([조억만])", m.group(1) or ""):
        total += _d(num, "amount") * _KO_UNITS[place]
    if m.group(2):
        total += _d(m.group(2), "amount") * _SUFFIX.get(m.group(3) or "원", Decimal(1))
    return total


def korean_won(won: Number) -> str:
    """Won as the documents write large sums: 5465000000 → '54억 6,500만원', 3000 → '3,000원';
    a negative sum keeps its sign ('-1억원')."""
    d = _d(won, "won")
    sign, d = ("-" if d < 0 else ""), abs(d)
    parts, rest = [], d
    for place in ("조", "억", "만"):
        q, rest = divmod(rest, _KO_UNITS[place])
        if q:
            parts.append(f"{grouped(q)}{place}")
    if rest or not parts:
        parts.append(grouped(rest))
    return sign + " ".join(parts) + "원"


def amount_change(before_won: Number, after_won: Number) -> dict[str, Any]:
    """증감 = 나중 값 − 이전 값, for amounts in won, shown in Korean place units (억·만원)."""
    b, a = _d(before_won, "before"), _d(after_won, "after")
    shown = korean_won(a - b)
    return {"value": float(a - b), "unit": "원", "display": shown,
            "formula": f"{korean_won(a)} − {korean_won(b)} = {shown}",
            "inputs": {"before": float(b), "after": float(a)}}


# ---- a stated whole and its part, two figures in a ratio, an amount per unit -------------------------

def korean_number(text: str) -> Decimal:
    """A count or score as documents write it, with Korean place units and no currency:
    '4만 2,300' → 42300, '1,162만' → 11620000, '74.9' → 74.9."""
    s = re.sub(r"\s+", "", text)
    if re.search(r"[조억만]", s):
        return korean_amount(s)
    return _d(s, "number")


def remainder(whole: Number, part: Number, unit: str = "", decimals: int = 2) -> dict[str, Any]:
    """나머지 = 전체 − 부분 (a stated whole less a stated part of it, or a threshold less a score)."""
    w, p = _d(whole, "whole"), _d(part, "part")
    if p > w:
        raise ValueError("부분이 전체보다 큽니다 / the part exceeds the whole")
    return _result(w - p, unit, f"{grouped(w)} − {grouped(p)}", decimals, {"whole": float(w), "part": float(p)},
                   rate=False)


def amount_remainder(whole_won: Number, part_won: Number) -> dict[str, Any]:
    """나머지 = 전체 − 부분, for amounts in won, shown in Korean place units (억·만원)."""
    w, p = _d(whole_won, "whole"), _d(part_won, "part")
    if p > w:
        raise ValueError("부분이 전체보다 큽니다 / the part exceeds the whole")
    shown = korean_won(w - p)
    return {"value": float(w - p), "unit": "원", "display": shown, "formula": f"{korean_won(w)} − {korean_won(p)} = {shown}",
            "inputs": {"whole": float(w), "part": float(p)}}


def ratio(base: Number, other: Number, decimals: int = 2) -> dict[str, Any]:
    """비율 = 비교 값 ÷ 기준 값 × 100 (%): 'A 대비 B' divides B by A."""
    a, b = _d(base, "base"), _d(other, "other")
    if a == 0:
        raise ValueError("기준 값이 0이면 비율을 계산할 수 없습니다 / base value is zero")
    return _result(b / a * 100, "%", f"{grouped(b)} ÷ {grouped(a)} × 100", decimals, {"base": float(a), "other": float(b)},
                   rate=True)


def per_unit(amount: Number, count: Number, unit: str = "", decimals: int = 0) -> dict[str, Any]:
    """단위당 값 = 금액 ÷ 수량 (an amount per counted unit), half-up to `decimals` (won: 0)."""
    a, c = _d(amount, "amount"), _d(count, "count")
    if c == 0:
        raise ValueError("수량이 0이면 단위당 값을 계산할 수 없습니다 / count is zero")
    return _result(a / c, unit, f"{grouped(a)} ÷ {grouped(c)}", decimals, {"amount": float(a), "count": float(c)},
                   rate=False)
