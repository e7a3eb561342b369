"""Korean numeric expressions as values, so the grounding gate can compare them unit-aware.

    533,478천원 = 5억 3,347만 8천원 = 533,478,000원      (exact)
    533백만원 ≈ 533,478천원                              (rounded/truncated at the claim's precision)
    2.64 % = 2.64퍼센트

A `Quantity` is a value with a kind ("won", "pct", "pctp" or a counter such as "명", "건",
"점") and the precision the text states it at. A claim matches a source quantity of the same
kind when the source, rounded or truncated to the claim's precision, equals the claim — and
the claim keeps at least three significant digits, or says it is approximate ("약 5.3억원").
Numbers with no unit are left to the caller (compared as written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# magnitude words: 조 억 만 with an optional 십/백/천 before them, or 천/백/십 alone
MAG = r"[십백천]?[조억만]|[천백십]"
MAGNITUDE = {"십": 10, "백": 100, "천": 1000, "만": 10**4, "억": 10**8, "조": 10**12}
MONEY = re.compile(rf"(?<![\d.,])((?:(?:{NUM})\s*(?:{MAG})\s*)+(?:(?:{NUM})\s*)?|(?:{NUM})\s*)원")
TERM = re.compile(rf"({NUM})\s*({MAG})?")
PERCENT = re.compile(rf"(?<![\d.,])({NUM})\s*(%\s*p|%\s*포인트|퍼센트\s*포인트|%|퍼센트|프로)")
COUNTERS = "명|건|점|개소|개월|개|회|곳|가구|시간|배"
COUNT = re.compile(rf"(?<![\d.,제])({NUM})\s*([천만억])?\s*({COUNTERS})(?![가-힣]*원)")
BARE = re.compile(rf"(?<![\d.,])(?:{NUM})")
UNIT_NOTE = re.compile(r"단위\s*[:：]?\s*([십백천]?[만억]?|)\s*원")
APPROX_BEFORE = re.compile(r"(?:약|대략|어림잡아)\s*$")
APPROX_AFTER = re.compile(r"^\s*(?:가량|정도|내외|안팎|남짓)")
MIN_SIGNIFICANT = 3  # a rounded claim keeps this many digits, or says it is approximate


@dataclass(frozen=True)
class Quantity:
    kind: str  # "won", "pct", "pctp", a counter ("명", "건", "점", …), or "" for a bare number
    value: Decimal
    precision: Decimal  # the step of the last digit stated: 533백만원 → 1,000,000
    start: int
    end: int
    text: str
    approximate: bool = False

    @property
    def significant(self) -> int:
        steps = (self.value / self.precision).to_integral_value()
        return len(str(abs(int(steps)))) if steps else 1


def _dec(num: str) -> Decimal:
    return Decimal(num.replace(",", ""))


def _step(num: str) -> Decimal:
    frac = num.split(".", 1)[1] if "." in num else ""
    return Decimal(1).scaleb(-len(frac))


def _magnitude(word: str | None) -> int:
    if not word:
        return 1
    out = 1
    for ch in word:
        out *= MAGNITUDE[ch]
    return out


def _chain_value(chain: str) -> tuple[Decimal, Decimal]:
    """"5억 3,347만 8천" → (533,478,000, 1,000); "533,478" → (533,478, 1)."""
    value, precision = Decimal(0), Decimal(1)
    for m in TERM.finditer(chain):
        mag = _magnitude(m.group(2))
        value += _dec(m.group(1)) * mag
        precision = _step(m.group(1)) * mag
    return value, precision


def _approx(text: str, start: int, end: int) -> bool:
    return bool(APPROX_BEFORE.search(text[max(0, start - 6):start]) or APPROX_AFTER.search(text[end:end + 4]))


def parse(text: str) -> list[Quantity]:
    """Money, percentages and counted quantities in `text` (spans never overlap)."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in MONEY.finditer(text):
        value, precision = _chain_value(m.group(1))
        out.append(Quantity("won", value, precision, m.start(), m.end(), m.group(), _approx(text, m.start(), m.end())))
        taken.append((m.start(), m.end()))
    for m in PERCENT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        kind = "pctp" if ("p" in m.group(2) or "포인트" in m.group(2)) else "pct"
        out.append(Quantity(kind, _dec(m.group(1)), _step(m.group(1)), m.start(), m.end(), m.group(),
                            _approx(text, m.start(), m.end())))
        taken.append((m.start(), m.end()))
    for m in COUNT.finditer(text):
        if not free(m.start(), m.end()):
            continue
        mag = _magnitude(m.group(2))
        out.append(Quantity(m.group(3), _dec(m.group(1)) * mag, _step(m.group(1)) * mag, m.start(), m.end(),
                            m.group(), _approx(text, m.start(), m.end())))
        taken.append((m.start(), m.end()))
    return sorted(out, key=lambda q: q.start)


def bare_numbers(text: str, quantities: list[Quantity] | None = None) -> list[tuple[int, int, str]]:
    """Numbers outside every parsed quantity: (start, end, normalised digits)."""
    qs = parse(text) if quantities is None else quantities
    out = []
    for m in BARE.finditer(text):
        if any(q.start <= m.start() < q.end for q in qs):
            continue
        out.append((m.start(), m.end(), normalise(m.group())))
    return out


def normalise(num: str) -> str:
    """"533,478" → "533478"; "2.640" → "2.64"."""
    num = num.replace(",", "")
    if "." in num:
        num = num.rstrip("0").rstrip(".")
    return num


@dataclass
class SourceNumbers:
    """What a set of passages (or tool results) states: typed quantities and numbers as written."""

    quantities: list[Quantity]
    written: set[str]  # every number as written (normalised), in a quantity or not
    unitless: set[str]  # numbers whose unit the text does not say (table cells, tool values)

    @classmethod
    def empty(cls) -> "SourceNumbers":
        return cls([], set(), set())

    def add_text(self, text: str) -> None:
        qs = parse(text)
        self.quantities.extend(qs)
        self.written.update(normalise(m.group()) for m in BARE.finditer(text))
        bare = bare_numbers(text, qs)
        note = UNIT_NOTE.search(text)
        if note:
            # "(단위: 천원)": the table's bare cells are amounts of money
            scale = _magnitude(note.group(1))
            for a, b, num in bare:
                self.quantities.append(Quantity("won", Decimal(num) * scale, _step(num) * scale, a, b, text[a:b]))
        else:
            self.unitless.update(num for _, _, num in bare)

    def add_value(self, value: str) -> None:
        """A number a tool returned: its unit is a separate field, so it matches as written."""
        num = normalise(value)
        self.written.add(num)
        self.unitless.add(num)

    def supports(self, claim: Quantity) -> bool:
        for src in self.quantities:
            if src.kind == claim.kind and _matches(claim, src.value):
                return True
        # a single number whose unit the source does not state ("533,478" in a table): as written
        terms = list(TERM.finditer(claim.text))
        if len(terms) == 1 and not terms[0].group(2):
            return normalise(terms[0].group(1)) in self.unitless
        return False


def _matches(claim: Quantity, source: Decimal) -> bool:
    if source == claim.value:
        return True
    if claim.significant < MIN_SIGNIFICANT and not claim.approximate:
        return False
    steps = source / claim.precision
    for mode in (ROUND_HALF_UP, ROUND_DOWN):
        if steps.quantize(Decimal(1), rounding=mode) * claim.precision == claim.value:
            return True
    return False
