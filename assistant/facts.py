"""Structured facts from chunks: every value with the exact line it came from.

`extract_facts(chunks)` reads what reports about an outsourced service (위탁사무) keep in
tables and stock sentences, without knowing any particular report:

- fields written "항목 : 값" (수탁기관, 위탁기간, 위탁사무명, 수탁자 선정방식, …)
- 종합성과평가 scores: rows of a contract-history table (a period "’22. 1월~’24.12월" and a
  score "83.4점") and sentences ("종합성과평가(83.44점)", "성과평가에서도 재계약(80.4점)")
- every table with a year header ("연 도 2022년 2023년 2024년"): one value per row × year,
  e.g. 민간위탁금 (예산현황), 상담·피해구제 건수; rows under a label-only line get it as group
- 성과지표 tables: 목표치/실적치/달성도 rows, grouped into indicators by the label lines
  above them (also across a table's "(계속)" chunk)

Each fact carries doc, chunk_id, quote and the quote's offsets in `chunk.text`, so
`chunk.text[lo:hi] == quote` always; table facts also carry the header line that gives the year.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Iterable

import pandas as pd

from .models import Chunk
from .tables import is_header_row, split_cells, year_key

KPI_KINDS = ("목표치", "실적치", "달성도", "목표", "실적")
KPI_KIND_NORMAL = {"목표": "목표치", "실적": "실적치"}
UNITS = ("천원", "백만원", "억원", "원", "개소", "개", "명", "회", "건", "점", "%", "일", "시간", "㎡", "년", "월")
BUDGET_WORDS = re.compile(r"예산|위탁금|사업비|보조금|출연금")
COUNT_WORDS = re.compile(r"상담|피해구제|민원|처리|접수")
TOTAL_LABELS = {"총계", "합계", "계", "소계", "전체"}
TOTAL_ASKED = re.compile(r"총\s*(?:건수|계|액|수|인원|량)|전체|합계|총합")
LINE_MARKER = re.compile(r"^(?:[-–—∎▪■□◦○ㅇ●◇◆․·ㆍ•※*▸▶]|\d{1,2}\s*[.)]|[가-하]\s*[.)]|[①-⑳])\s*")
FIELD_LINE = re.compile(r"^(?P<label>[^:：]{1,20}?)\s*[:：]\s*(?P<value>\S.*)$")
SHORT_YEAR = r"[’'‘]\d{2}|(?:19|20)\d{2}"
PERIOD = re.compile(
    rf"(?P<y1>{SHORT_YEAR})\s*[.년]\s*(?P<m1>\d{{1,2}})\s*월?\s*[~∼]\s*(?P<y2>{SHORT_YEAR})\s*[.년]\s*(?P<m2>\d{{1,2}})\s*월?"
)
SCORE = re.compile(r"(?<![\d.,])(\d{2,3}(?:\.\d{1,2})?)\s*점(?![수])")
EVAL_WORD = re.compile(r"(?:종합)?성과\s*평가")
METHOD = re.compile(r"공개모집|재계약|재위탁(?:\s*[(（]\s*공모\s*[)）])?|공모|신규")
ORG = re.compile(r"[(（](?:사|재|주|社|財|유)[)）]\s*[^\s〃]+|[^\s〃]+(?:법인|협회|연맹|재단|조합|대학교|학회)")
SENTENCE_SPLIT = re.compile(r"(?<=[음함임됨다요])\s*[.。]\s+|(?<=[.。])\s+(?=[◦\-※∎▸가-힣(])")
YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*년")
DATE_IN_TEXT = re.compile(r"((?:19|20)\d\d)\s*[년.]\s*(\d{1,2})\s*[월.]\s*(\d{1,2})")
def _same_facility(named: str, key: str) -> bool:
    """A facility name and a service's key word name the same thing: one contains the other,
    and a contained key is more than a two-letter word every name shares (지원, 센터)."""
    return named in key or (key in named and len(key) >= 3)


SERVICE_NOUN = re.compile(
    r"[가-힣A-Za-z0-9]{2,}(?:센터|시설|랩|회관|복지관|도서관|미술관|박물관|공원|플라자|지원단|체육관|캠퍼스|수련관|청소년관|문화원|상담소|쉼터)"
)
GENERIC_SERVICE_WORDS = {"서울특별시", "서울시", "서울", "운영", "관리", "및", "사무", "민간위탁", "위탁", "사업"}
PARTICLES = re.compile(r"(?:은요|는요|에서는|에서|으로|로는|에는|에게|이랑|이나|까지|부터|보다|처럼|은|는|이|가|을|를|의|에|와|과|도|만|로|요)$")


SEP = "\x00"  # joins compacted chunk texts: a quote holding it is searched chunk by chunk
HOLDING_CACHE = 256  # quotes whose holding chunks are remembered


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def tidy(s: str | None) -> str:
    """A label as a reader would write it: '합  계' → '합계', '사이트 운영중단' stays."""
    if not s:
        return ""
    toks = s.split()
    return "".join(toks) if toks and all(len(t) == 1 for t in toks) else " ".join(toks)


def to_year(token: str) -> int | None:
    y = year_key(token.strip())
    return int(y) if y else None


def parse_number(cell: str) -> tuple[float, str] | None:
    """'519,778천원' → (519778.0, '천원'); '〃', '-' → None."""
    m = re.match(r"^[’'‘]?(\d[\d,]*(?:\.\d+)?)\s*(.*?)[.)]?$", cell.strip())
    if not m:
        return None
    try:
        return float(m.group(1).replace(",", "")), m.group(2)
    except ValueError:
        return None


def words(text: str) -> list[str]:
    """Content words of a question or label: no numbers, particles stripped, ≥2 chars."""
    out = []
    for tok in re.findall(r"[가-힣A-Za-z/·★()]+", text):
        tok = tok.strip("()")
        while True:
            t2 = PARTICLES.sub("", tok)
            if t2 == tok or len(t2) < 2:
                break
            tok = t2
        if len(tok) >= 2:
            out.append(tok)
    return out


@dataclass
class Fact:
    """One value with where it came from. `chunk.text[lo:hi] == quote`."""

    kind: str  # eval_score | value | kpi | budget | field
    metric: str
    value: float | str
    unit: str
    year: int | None
    doc: str
    chunk_id: str
    quote: str
    lo: int
    hi: int
    service: str | None = None
    period: str | None = None  # the header cell or contract period as written ('’24.6월', '’22. 1월~’24.12월')
    partial: bool = False  # the period is part of a year ('’24.6월', '’24.08.12.')
    table: str | None = None
    group: str | None = None
    label: str | None = None
    header: str | None = None  # the header line (years) of a table fact
    header_lo: int | None = None
    header_hi: int | None = None
    raw: str | None = None  # the cell as written ('533,478천원')
    extra: dict[str, Any] = field(default_factory=dict)

    def display(self) -> str:
        """The value as the document wrote it."""
        if self.raw:
            return self.raw
        if isinstance(self.value, float):
            return f"{self.value:g}{self.unit}"
        return f"{self.value}{self.unit}"


def _lines_with_offsets(text: str) -> list[tuple[str, int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((line, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _clean_caption(caption: str | None) -> str:
    if not caption:
        return ""
    c = re.sub(r"\s*\(계속\)\s*$", "", caption)
    c = LINE_MARKER.sub("", c.strip())
    return c.strip("<>〈〉《》＜＞[] ").strip()


def sentence_spans(line: str) -> list[tuple[int, int]]:
    """Offsets of the sentences in one line (report sentences end in 음/함/임/됨/다 + '.')."""
    spans, start = [], 0
    for m in SENTENCE_SPLIT.finditer(line):
        end = m.start() + len(m.group(0).rstrip())
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(line):
        spans.append((start, len(line)))
    # strip leading bullets/space from each sentence
    out = []
    for a, b in spans:
        seg = line[a:b]
        m = LINE_MARKER.match(seg.lstrip())
        lead = len(seg) - len(seg.lstrip()) + (m.end() if m else 0)
        out.append((a + lead, b))
    return [(a, b) for a, b in out if b > a]


@dataclass(frozen=True)
class DocMeta:
    """What an answer says about a source document when values disagree: its title and date."""

    title: str
    date: str | None  # as known: '2024-08-12', '2023', or None


class Facts:
    """Facts tables (pandas) plus the chunks they cite."""

    def __init__(self, facts: list[Fact], chunks: list[Chunk], services: dict[str, str | None],
                 docs: dict[str, DocMeta] | None = None):
        self.facts = facts
        self.chunks = {c.chunk_id: c for c in chunks}
        self.chunk_list = list(chunks)
        self.doc_services = services  # doc → service name (None when the doc is not about one service)
        self.docs = docs or {}
        self._frames: dict[str, pd.DataFrame] = {}
        self._joined: str | None = None  # compacted chunk texts joined by SEP (built on first use)
        self._starts: list[int] = []
        self._holding: dict[str, list[Chunk]] = {}  # compacted quote → chunks (rule quotes repeat)

    def doc_meta(self, doc: str) -> DocMeta:
        return self.docs.get(doc) or DocMeta(doc, None)

    # ---- tables -------------------------------------------------------------------------
    def frame(self, kind: str | None = None) -> pd.DataFrame:
        key = kind or "*"
        if key not in self._frames:
            rows = [dict(asdict(f), extra=f.extra) for f in self.facts if kind is None or f.kind == kind]
            cols = list(Fact.__dataclass_fields__)
            self._frames[key] = pd.DataFrame(rows, columns=cols)
        return self._frames[key]

    @property
    def eval_scores(self) -> pd.DataFrame:
        return self.frame("eval_score")

    @property
    def values(self) -> pd.DataFrame:
        """Every table value (incl. budget and KPI rows) with year, unit and source."""
        return pd.concat([self.frame("value"), self.frame("budget"), self.frame("kpi")], ignore_index=True)

    @property
    def budget(self) -> pd.DataFrame:
        return self.frame("budget")

    @property
    def kpis(self) -> pd.DataFrame:
        return self.frame("kpi")

    @property
    def counts(self) -> pd.DataFrame:
        """상담·피해구제-like count tables."""
        df = self.frame("value")
        if df.empty:
            return df
        mask = df["table"].fillna("").str.contains(COUNT_WORDS) | df["group"].fillna("").str.contains(COUNT_WORDS)
        return df[mask].reset_index(drop=True)

    @property
    def fields(self) -> pd.DataFrame:
        return self.frame("field")

    @property
    def services(self) -> list[str]:
        return sorted({s for s in self.doc_services.values() if s})

    # ---- services -----------------------------------------------------------------------
    @staticmethod
    def service_keys(service: str) -> list[str]:
        keys = [w for w in re.findall(r"[가-힣A-Za-z0-9]+", re.sub(r"[(（][^)）]*[)）]", "", service))
                if w not in GENERIC_SERVICE_WORDS and len(w) >= 2]
        return keys

    def _names(self, service: str) -> list[str]:
        """Words that identify a service: its distinctive name words and its 수탁기관's name."""
        cache = self.__dict__.setdefault("_names_cache", {})
        if service not in cache:
            cache[service] = self._collect_names(service)
        return cache[service]

    def _collect_names(self, service: str) -> list[str]:
        names = [compact(k) for k in self.service_keys(service)]
        for f in self.facts:
            if f.service != service:
                continue
            org = f.extra.get("contractor") if f.kind == "eval_score" else (f.value if f.kind == "field" and f.metric in ("수탁기관", "수탁자") else None)
            if isinstance(org, str):
                org = re.sub(r"^[(（][^)）]*[)）]|[(（].*$", "", org.strip()).strip()
                if len(org) >= 3:
                    names.append(compact(org))
        return list(dict.fromkeys(names))

    def match_service(self, text: str) -> str | None:
        """The known service the text names (by its distinctive words or its 수탁기관), or None."""
        t = compact(text)
        best, best_score = None, 0
        for s in self.services:
            score = sum(len(k) for k in self._names(s) if k in t)
            if score > best_score:
                best, best_score = s, score
        if best is not None:
            # a facility the text names outright (a …센터, …복지관 by its full name) that is not the
            # best's: the match rests on a shared word such as a district's name, and another
            # service is meant
            keys = [compact(k) for k in self.service_keys(best)]
            named = [m.group(0) for m in SERVICE_NOUN.finditer(text)]
            if named and not any(_same_facility(n, k) for n in named for k in keys):
                return None
        return best

    def unknown_service(self, text: str) -> str | None:
        """A service-like noun in the text (…센터, …시설) that no known service matches."""
        known = [compact(k) for s in self.services for k in self.service_keys(s)]
        for m in SERVICE_NOUN.finditer(text):
            name = m.group(0)
            if not any(_same_facility(name, k) for k in known):
                return name
        return None

    def _for_service(self, facts: Iterable[Fact], service: str | None) -> list[Fact]:
        facts = list(facts)
        if service is None:
            return facts
        return [f for f in facts if f.service == service]

    def field(self, name: str, service: str | None = None) -> Fact | None:
        """The first 'name : value' field (e.g. 수탁기관) for the service."""
        n = compact(name)
        cands = [f for f in self._for_service(self.facts, service) if f.kind == "field" and compact(f.metric) == n]
        return cands[0] if cands else None

    # ---- 종합성과평가 -------------------------------------------------------------------
    def eval_history(self, service: str | None = None) -> list[Fact]:
        return sorted(self._for_service((f for f in self.facts if f.kind == "eval_score"), service),
                      key=lambda f: (f.year or 0, f.extra.get("source") == "본문"))

    def latest_eval_score(self, service: str | None = None) -> Fact | None:
        """The most recent 종합성과평가 score; at equal year a sentence's exact score (83.44)
        wins over the history table's rounded one (83.4)."""
        scores = self.eval_history(service)
        if not scores:
            return None

        def key(f: Fact) -> tuple:
            decimals = len(str(f.raw or "").partition(".")[2].rstrip("점"))
            return (f.year or 0, f.extra.get("source") == "본문", decimals)

        best = max(scores, key=key)
        same_year = [f for f in scores if f is not best and f.year == best.year and isinstance(f.value, float)]
        corroborated = [f for f in same_year if abs(float(f.value) - float(best.value)) < 0.1]  # type: ignore[arg-type]
        return replace(best, extra={**best.extra, "corroborated_by": corroborated})

    # ---- lookups ------------------------------------------------------------------------
    def lookup(self, metric: str, year: int | str | None = None, service: str | None = None,
               kinds: tuple[str, ...] = ("value", "budget", "kpi")) -> Fact | None:
        """The table value whose table/group/label best match `metric`, for `year`."""
        ranked = self.rank(metric, year, service, kinds)
        return ranked[0] if ranked else None

    def rank(self, metric: str, year: int | str | None = None, service: str | None = None,
             kinds: tuple[str, ...] = ("value", "budget", "kpi")) -> list[Fact]:
        if re.search(r"성과\s*평가|평가\s*점수", metric) and "eval_score" not in kinds:
            f = self.latest_eval_score(service) if year is None else next(
                (x for x in reversed(self.eval_history(service)) if x.year == int(year)), None)
            return [f] if f else []
        ws = [w for w in words(metric) if w not in {"얼마", "몇", "인가", "연도", "년도", "알려줘", "알려주세요"}]
        asks_total = bool(TOTAL_ASKED.search(metric))
        scored = []
        for f in self._for_service((x for x in self.facts if x.kind in kinds), service):
            if year is not None and f.year != int(year):
                continue
            label, group, table = compact(f.label or ""), compact(f.group or ""), compact(f.table or "")
            s = 0.0
            for w in ws:
                if w in label:
                    s += 2 * len(w)
                elif w in group:
                    s += 1.5 * len(w)
                elif w in table:
                    s += len(w)
            if s <= 0:
                continue
            is_total = compact(f.label or "") in TOTAL_LABELS
            # "총건수", "전체", "합계는": the question asks for the total row, not a part of it
            total_bonus = (0.5 + (4.0 if asks_total else 0.0)) if is_total else 0.0
            scored.append((s + total_bonus, -f.partial, f))
        scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
        return [f for *_, f in scored]

    def kpi(self, query: str, year: int | str, service: str | None = None) -> dict[str, Fact]:
        """목표치/실적치/달성도 of the indicator that best matches `query`, for `year`."""
        best_group, best = None, 0.0
        ws = [w for w in words(query) if w not in KPI_KINDS]
        for f in self._for_service((x for x in self.facts if x.kind == "kpi"), service):
            g = compact(f.group or "")
            s = sum(len(w) for w in ws if w in g)
            if s > best:
                best_group, best = f.group, s
        if best_group is None:
            return {}
        return {f.label: f for f in self.facts  # type: ignore[misc]
                if f.kind == "kpi" and f.group == best_group and f.year == int(year)
                and (service is None or f.service == service)}

    def series(self, metric: str, service: str | None = None, kinds: tuple[str, ...] = ("value", "budget", "kpi")) -> list[Fact]:
        """The same row over all years of its table (best-matching row)."""
        top = self.lookup(metric, None, service, kinds)
        if top is None:
            return []
        return sorted((f for f in self.facts if f.kind == top.kind and f.chunk_id == top.chunk_id
                       and f.label == top.label and f.group == top.group and f.table == top.table),
                      key=lambda f: (f.year or 0, f.partial))

    def chunk(self, chunk_id: str) -> Chunk:
        return self.chunks[chunk_id]

    def doc_chunks(self, doc: str) -> list[Chunk]:
        """A document's chunks in reading order (built for all documents on first use)."""
        by_doc = self.__dict__.get("_by_doc")
        if by_doc is None:
            by_doc = {}
            for c in self.chunk_list:
                by_doc.setdefault(c.doc_id, []).append(c)
            for cs in by_doc.values():
                cs.sort(key=lambda c: c.ord)
            self.__dict__["_by_doc"] = by_doc
        return by_doc.get(doc, [])

    def doc_text(self, doc: str) -> str:
        """A document's title and text, whitespace removed: does the document name X at all?"""
        cache = self.__dict__.setdefault("_doc_text", {})
        if doc not in cache:
            if len(cache) >= HOLDING_CACHE:
                cache.pop(next(iter(cache)))
            cache[doc] = compact(self.doc_meta(doc).title + SEP + SEP.join(c.text for c in self.doc_chunks(doc))).lower()
        return cache[doc]

    def prepare_quote_search(self) -> None:
        """Join the compacted chunk texts once (≈0.3 s on 37,000 chunks), so that no question pays it."""
        if self._joined is not None:
            return
        parts = [compact(c.text) for c in self.chunk_list]
        self._starts, pos = [], 0
        for t in parts:
            self._starts.append(pos)
            pos += len(t) + 1
        self._joined = SEP.join(parts)

    def chunks_holding(self, quote: str) -> list[Chunk]:
        """The chunks (in `chunk_list` order) whose text holds `quote`, whitespace ignored — a
        superset of those where `toolrouter.find_span` finds it. One `str.find` pass over all
        chunk texts joined once (compacted), instead of compacting every chunk per quote."""
        cq = compact(quote)
        if not cq or SEP in cq:
            return [c for c in self.chunk_list if compact(c.text).find(cq) >= 0]
        if cq not in self._holding:
            self.prepare_quote_search()
            assert self._joined is not None
            found: list[Chunk] = []
            i = self._joined.find(cq)
            while i >= 0:
                k = bisect_right(self._starts, i) - 1
                found.append(self.chunk_list[k])
                # on to the next chunk: a chunk is listed once however often it holds the quote
                nxt = self._starts[k + 1] if k + 1 < len(self._starts) else len(self._joined)
                i = self._joined.find(cq, nxt)
            if len(self._holding) >= HOLDING_CACHE:
                self._holding.pop(next(iter(self._holding)))
            self._holding[cq] = found
        return list(self._holding[cq])


# ---- table cells (Chunk.rows) ---------------------------------------------------------------

def is_total_label(label: str) -> bool:
    """A total row: 합계, 총계, 계, 전체, 소계, or '<부서> 계' (the last word is 계/합계/총계)."""
    t = tidy(label)
    if compact(t) in TOTAL_LABELS:
        return True
    toks = t.split()
    return len(toks) > 1 and toks[-1] in ("계", "합계", "총계")


def _bare(s: str) -> str:
    return re.sub(r"[\s|]+", "", s)


def line_span(chunk: Chunk, cells: list[str]) -> tuple[int, int] | None:
    """Offsets of the line of `chunk.text` that holds a table row (its cells, in order, with
    whatever spacing or pipes the text used)."""
    want = _bare("".join(cells))
    if not want:
        return None
    for line, lo, hi in _lines_with_offsets(chunk.text):
        if _bare(line) == want:
            lead = len(line) - len(line.lstrip())
            return lo + lead, lo + len(line.rstrip())
    return None


@dataclass
class TableView:
    """A table chunk read from its cells: one header per column (header rows joined), the body
    rows, and each row's line in `chunk.text` for citations."""

    chunk: Chunk
    columns: list[str]
    body: list[list[str]]
    header_span: tuple[int, int] | None
    spans: list[tuple[int, int] | None]

    def number(self, row: int, col: int) -> tuple[float, str] | None:
        cells = self.body[row]
        if col >= len(cells):
            return None
        cell = cells[col].strip()
        if not cell or cell.endswith("%"):
            return None
        got = parse_number(cell)
        if got is None or not re.fullmatch(r"[가-힣㎡]{0,4}", got[1]):
            return None
        return got

    def label(self, row: int) -> str:
        """The row's label: its first cell ('합  계' → '합계')."""
        return tidy(self.body[row][0]) if self.body[row] else ""


def table_view(chunk: Chunk) -> TableView | None:
    """The cells of a table chunk (`Chunk.rows`), or None for a chunk without them."""
    rows = chunk.rows
    if chunk.kind != "table" or not rows or len(rows) < 2:
        return None
    n = max(1, min(chunk.header_rows, len(rows) - 1))
    width = max(len(r) for r in rows)
    columns = [" ".join(dict.fromkeys(tidy(r[i]) for r in rows[:n] if i < len(r) and r[i].strip())) for i in range(width)]
    body = [list(r) for r in rows[n:]]
    return TableView(chunk, columns, body, line_span(chunk, rows[0]), [line_span(chunk, r) for r in body])


# ---- extraction -----------------------------------------------------------------------------

def _doc_service(chunks: list[Chunk], doc: Any) -> str | None:
    for c in chunks:
        for line, _, _ in _lines_with_offsets(c.text):
            body = LINE_MARKER.sub("", line.strip())
            m = FIELD_LINE.match(body)
            if m and compact(m.group("label")) in ("위탁사무명", "사무명", "위탁사무"):
                return re.sub(r"\s*[(（][^)）]*형[)）]\s*$", "", m.group("value")).strip()
    title = getattr(doc, "title", "") if doc is not None else (chunks[0].section[0] if chunks and chunks[0].section else "")
    m = re.match(r"^(.+?)\s*(?:민간\s*)?위탁", title or "")
    name = m.group(1).strip() if m else ""
    # "<이름>센터 운영 민간위탁 동의안" names a service; "<연도> 제N차 민간위탁 …" does not
    if name and (SERVICE_NOUN.search(name) or re.search(r"(?:운영|관리|사업)$", name)):
        return name
    return None


def _doc_year(chunks: list[Chunk], doc: Any) -> int | None:
    if doc is not None and getattr(doc, "date", None) and re.match(r"^\d{4}", str(doc.date)):
        return int(str(doc.date)[:4])
    for c in chunks[:6]:
        m = re.search(r"(?:제출|작성|보고)\s*일자?\s*[:：]?\s*((?:19|20)\d\d)", c.text) or DATE_IN_TEXT.search(c.text)
        if m:
            return int(m.group(1))
    return None


def _doc_meta(chunks: list[Chunk], doc: Any, doc_id: str) -> DocMeta:
    title = (getattr(doc, "title", "") if doc is not None else "") or next(
        (c.section[0] for c in chunks if c.section), "") or doc_id
    when = str(getattr(doc, "date", "") or "") if doc is not None else ""
    if not when:
        for c in chunks[:6]:
            m = DATE_IN_TEXT.search(c.text)
            if m:
                when = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
                break
    return DocMeta(title, when or None)


def unify_services(services: dict[str, str | None]) -> dict[str, str | None]:
    """Documents naming the same service differently ("가나특별시 <이름>센터 운영",
    "가나시 <이름>센터 운영") share one name — the first one seen — so their values meet
    (and can disagree) in one place."""
    canon: dict[tuple[str, ...], str] = {}
    out: dict[str, str | None] = {}
    for doc, name in services.items():
        if not name:
            out[doc] = name
            continue
        key = tuple(sorted(compact(k) for k in Facts.service_keys(name))) or (compact(name),)
        out[doc] = canon.setdefault(key, name)
    return out


def _fields(c: Chunk, service: str | None) -> list[Fact]:
    out = []
    for line, lo, hi in _lines_with_offsets(c.text):
        stripped = line.strip()
        body = LINE_MARKER.sub("", stripped)
        m = FIELD_LINE.match(body)
        if not m:
            continue
        label = compact(m.group("label"))
        if not re.fullmatch(r"[가-힣A-Za-z ]{2,15}", label):
            continue
        value = m.group("value").strip()
        start = lo + (len(line) - len(line.lstrip()))
        out.append(Fact("field", label, value, "", None, c.doc_id, c.chunk_id, line.strip(), start, start + len(stripped),
                        service=service, label=label))
    return out


def _eval_rows(c: Chunk, service: str | None) -> list[Fact]:
    """Contract-history rows: a period ("’22. 1월~’24.12월") followed by a score ("83.4점").

    A row runs from its period to the next period on the same line, so rows a text dump
    ran together into one line are still told apart."""
    if not re.search(r"성과\s*평가|평가\s*점수", (c.caption or "") + c.text):
        return []
    out: list[Fact] = []
    method = contractor = None
    for line, lo, _ in _lines_with_offsets(c.text):
        periods = list(PERIOD.finditer(line))
        for i, p in enumerate(periods):
            end = periods[i + 1].start() if i + 1 < len(periods) else len(line)
            s = SCORE.search(line, p.end(), end)
            if not s or float(s.group(1)) > 100:
                continue
            between = line[p.end(): s.start()]
            if re.search(r"[.。]\s|[음함임됨]\s*[.。]?\s", between):  # a sentence boundary: not one row
                continue
            m = METHOD.search(between)
            method = m.group(0) if m else (method if "〃" in between else None)
            o = ORG.search(between)
            contractor = o.group(0) if o else (contractor if "〃" in between else None)
            y1, y2 = to_year(p.group("y1")), to_year(p.group("y2"))
            row = line[p.start():end].rstrip()
            out.append(Fact(
                "eval_score", "종합성과평가", float(s.group(1)), "점", y2, c.doc_id, c.chunk_id, row,
                lo + p.start(), lo + p.start() + len(row), service=service, period=p.group(0),
                table=_clean_caption(c.caption) or None, raw=s.group(0).replace(" ", ""),
                extra={"source": "표", "method": method, "contractor": contractor, "period_start": y1, "period_end": y2},
            ))
    return out


def _eval_from_sentences(c: Chunk, service: str | None, doc_year: int | None) -> list[Fact]:
    out: list[Fact] = []
    for line, lo, _ in _lines_with_offsets(c.text):
        if not EVAL_WORD.search(line):
            continue
        for a, b in sentence_spans(line):
            sent = line[a:b]
            for ev in EVAL_WORD.finditer(sent):
                window = sent[ev.end(): ev.end() + 30]
                s = SCORE.search(window)
                if not s:
                    continue
                before, after = window[: s.start()], window[s.end(): s.end() + 6]
                if re.search(r"평균|기준|합산", before) or re.search(r"^\s*(?:미만|이상|이하|초과|만점)", after):
                    continue
                if re.search(r"[.。]\s", before):  # the number belongs to a later sentence
                    continue
                val = float(s.group(1))
                if val > 100:
                    continue
                years = [int(y) for y in YEAR_IN_TEXT.findall(sent[: ev.start()])]
                year, inferred = (years[-1], False) if years else (doc_year, True)
                out.append(Fact(
                    "eval_score", "종합성과평가", val, "점", year, c.doc_id, c.chunk_id, sent, lo + a, lo + b,
                    service=service, raw=s.group(0).replace(" ", ""),
                    extra={"source": "본문", "year_inferred": inferred},
                ))
                break
    return out


def _unit_of(label_lines: list[str]) -> tuple[str, list[str]]:
    lines = [l.strip() for l in label_lines if l.strip()]
    if lines and lines[-1] in UNITS:
        return lines[-1], lines[:-1]
    if lines:
        toks = lines[-1].split()
        if len(toks) > 1 and toks[-1] in UNITS:
            return toks[-1], lines[:-1] + [" ".join(toks[:-1])]
    return "", lines


@dataclass
class _KpiState:
    header: list[str] | None = None
    header_line: tuple[str, int, int] | None = None
    indicator: str | None = None
    name: str | None = None
    unit: str = ""
    kinds: set[str] = field(default_factory=set)
    pending: list[str] = field(default_factory=list)


def _is_kpi_table(c: Chunk) -> bool:
    n = 0
    for line, _, _ in _lines_with_offsets(c.text):
        row = split_cells(line.strip())
        if row.cells and re.search(rf"(?:^|\s)(?:{'|'.join(KPI_KINDS)})$", row.label):
            n += 1
    return n >= 2


def _table_facts(c: Chunk, service: str | None, kpi_state: dict[str, _KpiState]) -> list[Fact]:
    out: list[Fact] = []
    table = _clean_caption(c.caption)
    kpi = _is_kpi_table(c)
    state = kpi_state.setdefault(f"{c.doc_id}|{table}", _KpiState()) if kpi else None
    if state is not None and c.caption and "(계속)" not in c.caption:
        kpi_state[f"{c.doc_id}|{table}"] = state = _KpiState()
    header: list[str] | None = state.header if state else None
    header_line = state.header_line if state else None
    group: str | None = None
    pending_label: str | None = None
    caption_line = c.text.split("\n", 1)[0] if c.caption else None
    for line, lo, hi in _lines_with_offsets(c.text):
        s = line.strip()
        if not s or s == caption_line:
            continue
        if is_header_row(s):
            header = split_cells(s).cells
            header_line = (s, lo, hi)
            if state is not None:
                state.header, state.header_line, state.pending = header, header_line, []
            group = pending_label = None
            continue
        if header is None:
            continue
        row = split_cells(s)
        if state is not None:
            km = re.search(rf"(?:^|\s)({'|'.join(KPI_KINDS)})$", row.label)
            if row.cells and km:
                kind = KPI_KIND_NORMAL.get(km.group(1), km.group(1))
                prefix = row.label[: km.start()].strip()
                if state.indicator is None or kind in state.kinds:
                    unit, lines = _unit_of(state.pending + ([prefix] if prefix else []))
                    state.indicator = " ".join(lines)
                    state.name = " ".join(lines[-3:])
                    state.unit, state.kinds, state.pending = unit, set(), []
                state.kinds.add(kind)
                out.extend(_row_facts(c, row, header, header_line, lo, hi, service, table, "kpi",
                                      group=state.indicator, label=kind, unit="%" if kind == "달성도" else state.unit,
                                      extra={"indicator_name": state.name}))
                continue
            if not row.cells:
                state.pending.append(s)
                continue
        if not row.cells:
            pending_label = s
            continue
        label = row.label
        if not label and pending_label:
            label = pending_label
        elif pending_label:
            group = pending_label
        pending_label = None
        kind = "budget" if BUDGET_WORDS.search(table + " " + label) or any(
            (parse_number(x) or (0, ""))[1] in ("천원", "백만원", "억원") for x in row.cells) else "value"
        out.extend(_row_facts(c, row, header, header_line, lo, hi, service, table, kind, group=group, label=label))
    return out


def _row_facts(c: Chunk, row, header: list[str], header_line, lo: int, hi: int, service: str | None, table: str,
               kind: str, group: str | None, label: str, unit: str = "", extra: dict | None = None) -> list[Fact]:
    out = []
    if len(row.cells) > len(header):
        return out
    line = c.text[lo:hi]
    lead = len(line) - len(line.lstrip())
    qlo, qhi = lo + lead, lo + len(line.rstrip())
    for cell, head in zip(row.cells, header):
        num = parse_number(cell)
        if num is None:
            continue
        value, cell_unit = num
        y = to_year(head)
        out.append(Fact(
            kind, " ".join(tidy(x) for x in (table, group, label) if x), value, cell_unit or unit, y, c.doc_id, c.chunk_id,
            c.text[qlo:qhi], qlo, qhi, service=service, period=head,
            partial=not re.fullmatch(r"(?:19|20)\d\d년?", head), table=table, group=group, label=compact(label),
            header=header_line[0] if header_line else None,
            header_lo=(header_line[1] + len(c.text[header_line[1]:header_line[2]]) - len(c.text[header_line[1]:header_line[2]].lstrip())) if header_line else None,
            header_hi=header_line[2] if header_line else None, raw=cell, extra=dict(extra or {}),
        ))
    return out


BUDGET_FIELD = re.compile(
    r"(?P<label>[가-힣 ]*(?:예산|위탁금|사업비)[가-힣 ]*)\s*[:：]\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>천원|백만원|억원|원)"
    r"(?:\s*[(（](?P<inner>(?:[^()（）]|[(（][^()（）]*[)）])*)[)）])?"
)
INNER_YEAR = re.compile(r"^\s*([’'‘]\d{2}|(?:19|20)\d{2})\s*년")


def _budget_fields(c: Chunk, service: str | None) -> list[Fact]:
    out = []
    for line, lo, _ in _lines_with_offsets(c.text):
        m = BUDGET_FIELD.search(line)
        if not m:
            continue
        label = compact(LINE_MARKER.sub("", m.group("label").strip()))
        ym = INNER_YEAR.match(m.group("inner") or "")
        y = to_year(ym.group(1)) if ym else None
        start = lo + len(line) - len(line.lstrip())
        out.append(Fact("budget", label, float(m.group("num").replace(",", "")), m.group("unit"), y, c.doc_id, c.chunk_id,
                        line.strip(), start, start + len(line.strip()), service=service, table=label, label=label,
                        period=(m.group("inner") or "").strip() or None,
                        raw=m.group("num") + m.group("unit"), extra={"source": "본문"}))
    return out


def extract_facts(chunks: list[Chunk], docs: Iterable[Any] | None = None) -> Facts:
    """Build the facts tables from chunks. `docs` (optional): objects with doc_id/title/date —
    `Document`s or the index's document records — used for a document's title and year."""
    by_doc: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c)
    doc_map = {d.doc_id: d for d in (docs or [])}
    facts: list[Fact] = []
    services: dict[str, str | None] = {}
    metas: dict[str, DocMeta] = {}
    for doc_id, cs in by_doc.items():
        cs.sort(key=lambda c: c.ord)
        services[doc_id] = _doc_service(cs, doc_map.get(doc_id))
        metas[doc_id] = _doc_meta(cs, doc_map.get(doc_id), doc_id)
    services = unify_services(services)
    for doc_id, cs in by_doc.items():
        doc = doc_map.get(doc_id)
        service = services[doc_id]
        year = _doc_year(cs, doc)
        kpi_state: dict[str, _KpiState] = {}
        for c in cs:
            rows = _eval_rows(c, service)
            facts.extend(rows)
            if c.kind == "table":
                facts.extend(_table_facts(c, service, kpi_state))
            else:
                facts.extend(_fields(c, service))
                taken = [(f.lo, f.hi) for f in rows]
                facts.extend(f for f in _eval_from_sentences(c, service, year)
                             if not any(a < f.hi and f.lo < b for a, b in taken))
                facts.extend(_budget_fields(c, service))
    for f in facts:  # the invariant every citation relies on
        ch = next(c for c in by_doc[f.doc] if c.chunk_id == f.chunk_id)
        assert ch.text[f.lo:f.hi] == f.quote, (f.quote, ch.text[f.lo:f.hi])
        if f.header is not None and f.header_lo is not None:
            f.header = ch.text[f.header_lo:f.header_hi]
    return Facts(facts, chunks, services, metas)
