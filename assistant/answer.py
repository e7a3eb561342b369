"""Evidence → answer text with [n] markers. Backends sit behind one small interface.

The default `ExtractiveBackend` needs no LLM: it splits the retrieved passages into units
(sentences; table rows with their caption, header and row-group label as context), scores
each unit by how much of the question's topic it covers (IDF-weighted morphemes), and
answers with the best unit — reading the right cell when the question names a year and the
unit is a row of a year-by-year table. If the question's topic is not covered well enough,
or it names a year no evidence has, it refuses rather than answer something near.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from .korean import LIGHT_HEADS, KoreanAnalyzer
from .models import Draft, Evidence, Hit
from .tables import SENTENCE_SPLIT, explicit_cells, is_header_row, is_table_row, split_cells, year_key

MIN_COVERAGE = 0.5  # share of the question's topic weight the best evidence must cover
UNITS_FROM = 6  # how many retrieved passages the answer may draw on
QUANTITY_WORDS = ("얼마", "몇", "금액", "수는", "건수", "인원", "점수", "비율", "몇점", "액수")
# the unit a quantity question expects, from the way it asks
EXPECTED_UNIT = [
    (re.compile(r"점수|몇\s*점|\d\s*점"), r"점"),
    (re.compile(r"금액|예산|위탁금|사업비|비용|얼마"), r"(?:천원|백만원|억원|만원|원)"),
    (re.compile(r"인원|몇\s*명"), r"명"),
    (re.compile(r"건수|몇\s*건"), r"건"),
    (re.compile(r"비율|몇\s*%|퍼센트|[율률]은"), r"%"),
    (re.compile(r"언제|날짜|일자|며칠|시기"), r"(?:[.년]\s*\d{1,2}\s*[.월](?:\s*\d{1,2}\s*[.일]?)?)"),
]
YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d\d)(?!\d)"  # 2024, 2024년, 2025.1.1.
    r"|[’'‘](\d\d)(?!\d)"  # ’24년, ’05. 2월, '23년
    r"|(?<![\d.~∼\-–])(\d\d)\s*년(?!\s*(?:간|이상|이내|이하|미만|초과|동안|째|차|만에|가량))"  # 22년 (not 15년간)
)
YEAR_RANGE = re.compile(r"(?<![\d.])(\d\d)\s*[~∼\-–]\s*(\d\d)\s*년")  # 14~15년
# specifiers a question may pin down; evidence without them answers another question
ORDINAL = re.compile(r"(?<![\d~∼])(\d{1,2})\s*차(?!례|이|원|량|로)")  # 3차 평가
CLAUSE = re.compile(r"제\s*(\d{1,2})\s*항")
ARTICLE = re.compile(r"제\s*(\d{1,3})\s*조(?:\s*의\s*(\d{1,2}))?")
TOTAL_WORDS = re.compile(r"총\s|총계|합계|전체\s*(?:건수|실적|규모)|모두\s*합")
TOTAL_LABEL = re.compile(r"^(?:총계|합계|계|총|전체|소계)$")
LEGAL_BASIS = re.compile(r"근거|조문|조항|조례|법령|규정|제\s*\d+\s*조")
MARKER_PREFIX = re.compile(r"^\s*(?:[◦○ㅇ●◎□■▣◇◆∎▪▸▶►➢※*·․ㆍ•∙-]|[①-⑳]|\d{1,2}[.)]\s|[가-하][.)]\s)\s*")


class AnswerBackend(Protocol):
    name: str

    def compose(self, question: str, hits: list[Hit]) -> Draft: ...


@dataclass
class Unit:
    hit: Hit
    lo: int
    hi: int
    text: str
    context: str  # caption, header, row-group label: what the unit means in its table
    header: list[str] | None = None
    header_lo: int | None = None
    is_row: bool = False
    group: str = ""
    coverage: float = 0.0
    score: float = 0.0
    terms: frozenset[str] = frozenset()  # question terms this unit covers
    credit: dict[str, float] = field(default_factory=dict)  # per question term, 0..1


def question_years(question: str) -> list[str]:
    question = YEAR_RANGE.sub(lambda m: f"{m.group(1)}년 {m.group(2)}년", question)
    out = []
    for m in YEAR.finditer(question):
        out.append(m.group(1) or "20" + (m.group(2) or m.group(3)))
    return list(dict.fromkeys(out))


def _specifiers(question: str) -> list[re.Pattern[str]]:
    """Patterns the evidence must contain: the 차수, 조, 항 the question names."""
    pats = [re.compile(rf"(?<![\d~∼]){n}\s*차") for n in ORDINAL.findall(question)]
    for art, sub in ARTICLE.findall(question):
        pats.append(re.compile(rf"제\s*{art}\s*조" + (rf"\s*의\s*{sub}" if sub else r"(?!\s*의\s*\d)")))
    return pats


def _clause_ok(unit_text: str, question: str) -> bool:
    """"제2항" asks for paragraph ②: the unit must be that paragraph, not one citing it."""
    for n in CLAUSE.findall(question):
        circled = chr(0x2460 + int(n) - 1)
        if not re.match(rf"^\s*(?:제\s*\d+\s*조(?:\s*의\s*\d+)?\s*\([^)]*\)\s*)?(?:{circled}|제\s*{n}\s*항)", unit_text):
            return False
    return True


def split_units(hit: Hit) -> list[Unit]:
    chunk = hit.chunk
    text = chunk.text
    units: list[Unit] = []
    caption = (chunk.caption or "").strip()
    if chunk.kind == "table":
        header: list[str] | None = None
        header_lo = None
        head_lines: list[str] = []  # column titles that are not a year header
        labels: list[str] = []
        group = ""
        seen_row = False
        pos = 0
        lines = []
        for line in text.split("\n"):
            lines.append((pos, pos + len(line), line.strip()))
            pos += len(line) + 1
        for lo, hi, s in lines:
            if not s or (caption and s.startswith(caption)):
                continue
            explicit = explicit_cells(s)
            if is_header_row(s) or (explicit and header is None and not re.search(r"\d", s)):
                header = split_cells(s).cells
                header_lo = lo
                continue
            if is_table_row(s) or explicit:
                seen_row = True
                if labels:
                    group, labels = " ".join(labels), []
                label_words = split_cells(s).label.split()
                if len(label_words) >= 3 and not explicit:
                    # "… 피해구제율 % 목표치 49.7 …": the indicator it names heads the rows below it
                    group = " ".join(label_words[:-1])
                ctx = " ".join(p for p in (caption, " ".join(head_lines), group, " ".join(header or [])) if p)
                units.append(Unit(hit, lo, hi, s, ctx, header, header_lo, True, group=group))
            elif not seen_row:
                head_lines.append(s)
            else:
                labels.append(s)
        if units:
            # rows the parser could not split (free text cells) still answer as lines
            covered = {u.lo for u in units}
            for lo, hi, s in lines:
                if s and lo not in covered and not (caption and s.startswith(caption)) and seen_row:
                    if re.search(r"\d", s) and len(s) > 12 and not is_header_row(s):
                        ctx = " ".join(p for p in (caption, " ".join(head_lines)) if p)
                        units.append(Unit(hit, lo, hi, s, ctx))
            return sorted(units, key=lambda u: u.lo)
        head = " ".join(p for p in (caption, " ".join(head_lines[:6])) if p)
        return [Unit(hit, lo, hi, s, head) for lo, hi, s in lines if s and s != caption and len(s) >= 4]
    pos = 0
    for line in text.split("\n"):
        if caption and line.strip() == caption:
            pos += len(line) + 1
            continue
        if chunk.kind == "article" and line.strip():
            # a 항 is one unit: its proviso ("다만, …") must never be quoted without it
            lead = len(line) - len(line.lstrip())
            units.append(Unit(hit, pos + lead, pos + len(line.rstrip()), line.strip(), caption))
            pos += len(line) + 1
            continue
        start = 0
        for m in list(SENTENCE_SPLIT.finditer(line)) + [None]:
            end = m.start() if m else len(line)
            sent = line[start:end].strip()
            if len(sent) >= 4:
                lo = pos + start + (len(line[start:end]) - len(line[start:end].lstrip()))
                units.append(Unit(hit, lo, lo + len(sent), sent, caption))
            start = m.end() if m else start
        pos += len(line) + 1
    return units


def _josa(word: str, with_batchim: str, without: str) -> str:
    ch = word.strip()[-1:] if word.strip() else ""
    if "가" <= ch <= "힣":
        return with_batchim if (ord(ch) - 0xAC00) % 28 else without
    return with_batchim if ch.isdigit() and ch in "013678" else without


def _compact(label: str) -> str:
    # "합  계" / "연 도" are spaced-out two-letter labels in reports
    return re.sub(r"(?<=[가-힣]) +(?=[가-힣](?:\s|$))", "", label) if len(re.sub(r"\s", "", label)) <= 5 else label


def _clean_title(s: str) -> str:
    s = re.sub(r"^\s*[\[［【]\s*(?:표|그림|도표|참고)\s*[\d\-.]*\s*[\]］】]|^\s*(?:표|그림)\s*\d+(?:[-.]\d+)?[.:]?\s", " ", s)
    s = re.sub(r"[(（]\s*단위\s*[:：][^)）]*[)）]", " ", s)
    s = re.sub(r"[<〈《＜>〉》＞]|\(계속\)", " ", s)
    s = re.sub(r"^[\s∎■▪◇◆□◦○․·-]+|^[①-⑳]\s*|^(?:\d{1,2}|[가-하])[.)]\s*", "", s.strip())
    return re.sub(r"\s+", " ", s).strip()


FIELD_LABEL = re.compile(r"^\s*(?:[^\w\s]\s*)?([^:：]{1,20})\s*[:：]")


def _same_fact(a: str, b: str) -> bool:
    import difflib

    na, nb = re.sub(r"\W", "", a), re.sub(r"\W", "", b)
    return na in nb or nb in na or difflib.SequenceMatcher(None, na, nb).quick_ratio() > 0.85


class ExtractiveBackend:
    name = "extractive"

    def __init__(
        self, analyzer: KoreanAnalyzer, idf: Callable[[str], float], title_of: Callable[[str], str],
        related: Callable[[str], set[str]] = lambda t: set(),
    ):
        self.analyzer = analyzer
        self.idf = idf
        self.title_of = title_of
        self.related = related  # thesaurus: a synonym in the evidence covers a question term

    def _weights(self, question: str) -> dict[str, float]:
        years = set(question_years(question)) | {y[2:] for y in question_years(question)}
        terms = dict.fromkeys(t for t in self.analyzer.focus_terms(question) if t not in years)
        known = [self.idf(t) for t in terms if self.idf(t) > 0]
        unknown_weight = max(known, default=3.0) * 1.2  # a word the corpus never uses weighs most

        predicate = self.analyzer.predicate_terms(question)

        def weight(t: str) -> float:
            if t[:1].isdigit():
                return 0.3 * self.idf(t) if self.idf(t) > 0 else 0.5  # a number in a question is a given, not a topic
            # a verb, or the closing predicate ("… 처리했어?"), is a weaker topic signal
            verb = 0.4 if t in predicate else 0.5 if t in self.analyzer.verbs else 1.0
            if t in LIGHT_HEADS:
                verb = 0.3  # "주소", "기준", "현황": generic words say little about the topic
            if self.idf(t) > 0:
                return verb * self.idf(t)
            syn = [self.idf(s) for s in self.related(t) if self.idf(s) > 0]
            if syn:
                return verb * max(syn)
            return 0.5 * unknown_weight if verb < 1 else unknown_weight

        return {t: weight(t) for t in terms}

    def compose(self, question: str, hits: list[Hit]) -> Draft:
        weights = self._weights(question)
        total = sum(weights.values())
        if not hits or total <= 0:
            return Draft("", [], refused=True)
        years = question_years(question)
        quantity = any(w in question for w in QUANTITY_WORDS)
        expected = [unit for rx, unit in EXPECTED_UNIT if rx.search(question)]
        predicate = self.analyzer.predicate_terms(question)
        when = "언제" in question
        asks_total = bool(TOTAL_WORDS.search(question))
        head_terms = [t for t in self.analyzer.head_terms(question) if t in weights]
        legal = bool(LEGAL_BASIS.search(question))
        units = [u for h in hits[:UNITS_FROM] for u in split_units(h)]
        if not units:
            return Draft("", [], refused=True)
        for u in units:
            u.credit = self._credit(u, weights)
            u.terms = frozenset(t for t, c in u.credit.items() if c >= 0.6)
            u.coverage = sum(weights[t] * c for t, c in u.credit.items()) / total
            u.score = u.coverage + 0.03 / u.hit.rank
            if quantity and (u.is_row or re.search(r"\d", u.text)):
                u.score += 0.08
            if any(re.search(r"\d[\d,.]*\s*" + unit, u.text) for unit in expected):
                u.score += 0.1
            if legal and u.hit.chunk.kind == "article":
                u.score += 0.05  # a question about the legal basis prefers the article itself
            label = FIELD_LABEL.match(MARKER_PREFIX.sub("", u.text))
            label_terms = set(self.analyzer.tokens(label.group(1))) if label else set()
            if label_terms & (set(weights) | {r for t in weights for r in self.related(t)}):
                u.score += 0.1  # "수탁기관 : …" answers "수탁기관은?" directly
            if when and label_terms & predicate and re.search(r"일자|일\s*[:：]|날짜|시기|기간", label.group(0)):
                u.score += 0.1  # "언제 제출됐어?" → "제출일자 : …"
            if head_terms and all(u.credit.get(t, 0) >= 1.0 for t in head_terms[:1]):
                u.score += 0.05  # the asked attribute in the unit's own words (실적치 row, not 목표치)
            if asks_total and u.is_row and TOTAL_LABEL.match(split_cells(u.text).label.replace(" ", "")):
                u.score += 0.1  # "총 몇 건" → the 총계 row
        if years:
            units = [u for u in units if _has_year(u, years, self.title_of)]
        specs = _specifiers(question)
        if specs:
            units = [u for u in units if all(p.search(self._whole(u)) for p in specs)]
        units = [u for u in units if _clause_ok(u.text, question)]
        if quantity:
            # a question asking "how much/many" is answered by a passage with a number in it —
            # in the unit it asks for ("몇 점" → N점) unless it is a table row (units in the caption)
            units = [u for u in units if re.search(r"\d", u.text)]
            if expected:
                units = [u for u in units if _in_expected_unit(u, expected)]
        anchors = self.analyzer.anchors(question)
        if anchors:
            # "강서…센터" is not answered from 노원's table: proper nouns must be in the evidence
            units = [u for u in units if all(u.credit.get(a, 0.0) > 0 for a in anchors)]
        head = [t for t in self.analyzer.head_terms(question) if t in weights]
        if head:
            # the asked attribute itself ("… 수탁기관은?") must be in the evidence
            units = [u for u in units if self._covers(u, head, weights)] or []
        if not units:
            return Draft("", [], refused=True)
        best = max(units, key=lambda u: u.score)
        if any(best.credit.get(t, 0.0) < 0.48 for t in self._unknown_topic(question, weights)):
            return Draft("", [], refused=True)
        second = self._second(best, units, weights)
        covered = best.coverage
        if second is not None and best.coverage < MIN_COVERAGE:
            # a two-part question is answered by two passages together
            covered = sum(w for t, w in weights.items() if t in best.terms | second.terms) / total
        if covered < MIN_COVERAGE:
            return Draft("", [], refused=True)
        chunk = best.hit.chunk
        siblings = [u for u in units if u.hit.chunk.chunk_id == chunk.chunk_id]
        if chunk.kind in ("list", "table") and len(siblings) > 1 and not (best.is_row and years) and not self._singles_out(
            best, siblings, weights
        ):
            # the question names the list/table itself ("재계약 배제 사유는?"), not one item: give all of it
            evidence = []
            lines = [self._render(u, years, evidence) for u in siblings[:12]]
            head = _clean_title(chunk.caption or chunk.section[-1] if chunk.section else "")
            return Draft((head + ":\n" if head else "") + "\n".join(lines), evidence)
        evidence: list[Evidence] = []
        text = self._render(best, years, evidence)
        if second is not None:
            text += "\n" + self._render(second, years, evidence)
        return Draft(text, evidence)

    def _second(self, best: Unit, units: list[Unit], weights: dict[str, float]) -> Unit | None:
        """A second passage: the one covering what the best leaves out of a two-part question
        ("위탁기간과 민간위탁금은?"), or an equally good one from elsewhere."""
        total = sum(weights.values())
        rest = {t: w for t, w in weights.items() if t not in best.terms and t not in self._context_terms(best)}
        others = [u for u in units if u is not best and not _same_fact(u.text, best.text)]
        if not others:
            return None
        if sum(rest.values()) >= 0.2 * total:
            def rest_cover(u: Unit) -> float:
                return sum(w for t, w in rest.items() if t in u.terms) / sum(rest.values())

            cand = max(others, key=lambda u: (rest_cover(u), u.score))
            return cand if rest_cover(cand) >= 0.6 and cand.coverage >= 0.4 else None
        if best.is_row:
            return None
        cand = max((u for u in others if u.hit.chunk.chunk_id != best.hit.chunk.chunk_id and not u.is_row),
                   key=lambda u: u.score, default=None)
        return cand if cand is not None and cand.score >= max(MIN_COVERAGE, 0.95 * best.score) else None

    def _context_terms(self, unit: Unit) -> set[str]:
        chunk = unit.hit.chunk
        return set(self.analyzer.tokens(" ".join((chunk.section_path, self.title_of(chunk.doc_id)))))

    def _whole(self, u: Unit) -> str:
        chunk = u.hit.chunk
        return " ".join((u.text, u.context, chunk.section_path, self.title_of(chunk.doc_id)))

    def _credit(self, u: Unit, weights: dict[str, float]) -> dict[str, float]:
        """How well the unit covers each question term: 1.0 in its own text, 0.8 in its table
        context (caption, header, row group), 0.5 in its section path or document title;
        a thesaurus synonym counts 0.6 of that. A term the corpus never uses counts when it
        is part of a longer word (회부일 in 회부일자)."""
        tok = self.analyzer.tokens
        chunk = u.hit.chunk
        layers = [
            (set(tok(u.text)), 1.0, re.sub(r"\s+", "", u.text)),
            (set(tok(u.context)), 0.8, re.sub(r"\s+", "", u.context)),
            (set(tok(chunk.section_path + " " + self.title_of(chunk.doc_id))), 0.45, ""),
        ]
        credit: dict[str, float] = {}
        named = self._named_terms(weights)
        for t in weights:
            best = 0.0
            for toks, w, raw in layers:
                if t in named and t in toks:
                    w = max(w, 0.9)  # a 센터's name in the heading above its table: that table is about it
                if t in toks:
                    best = max(best, w)
                elif self.related(t) & toks:
                    best = max(best, 0.6 * w)
                elif raw and len(t) >= 2 and self.idf(t) == 0 and t in raw:
                    best = max(best, 0.9 * w)
            if best:
                credit[t] = best
        return credit

    def _named_terms(self, weights: dict[str, float]) -> set[str]:
        """Proper nouns of the question and the compounds built on them (노원, 노원장애인)."""
        proper = [t for t in weights if t in self.analyzer.proper]
        return {t for t in weights if any(t.startswith(p) or t.endswith(p) for p in proper)}

    def _covers(self, u: Unit, head: list[str], weights: dict[str, float]) -> bool:
        """The asked attribute must be in the passage or its table context — a section title
        that merely mentions it does not answer it."""
        total = sum(weights[t] for t in head)
        got = sum(weights[t] * u.credit.get(t, 0.0) for t in head if u.credit.get(t, 0.0) >= 0.48)
        return total <= 0 or got >= 0.5 * total

    def _unknown_topic(self, question: str, weights: dict[str, float]) -> list[str]:
        """Question nouns the corpus has never used and has no known synonym for ("부산시",
        "가결"): the question is about something the sources do not cover."""
        return [
            t for t in weights
            if self.idf(t) == 0 and not t[:1].isdigit() and t not in self.analyzer.verbs and t not in LIGHT_HEADS
            and not any(self.idf(r) > 0 for r in self.related(t))
        ]

    def _singles_out(self, best: Unit, siblings: list[Unit], weights: dict[str, float]) -> bool:
        """Does the question pick one item of the list/table, or name the list itself?

        Terms found in what all items share (caption, section, title) do not discriminate;
        the rest must be covered by the best item clearly more than by a typical sibling."""
        chunk = best.hit.chunk
        own_heading = chunk.section[-1] if chunk.section else ""
        shared = set(self.analyzer.tokens(own_heading + " " + (chunk.caption or "")))
        residual = {t: w for t, w in weights.items() if t not in shared}
        if sum(residual.values()) < 0.15 * sum(weights.values()):
            return False

        def hit_weight(u: Unit) -> float:
            own = set(self.analyzer.tokens(u.text))
            return sum(w for t, w in residual.items() if t in own)

        others = sorted(hit_weight(u) for u in siblings if u is not best)
        return hit_weight(best) > others[len(others) // 2]

    def _cite(self, unit: Unit, evidence: list[Evidence], lo: int | None = None) -> int:
        lo = unit.lo if lo is None else lo
        quote = unit.hit.chunk.text[lo : unit.hi]
        evidence.append(Evidence(unit.hit.chunk, quote, lo, unit.hi))
        return len(evidence)

    def _render(self, unit: Unit, years: list[str], evidence: list[Evidence]) -> str:
        chunk = unit.hit.chunk
        if unit.is_row:
            row = split_cells(unit.text)
            label = _compact(row.label) or "값"
            subject = _clean_title(chunk.caption or (chunk.section[-1] if chunk.section else ""))
            if unit.group:
                subject = f"{subject}({_clean_title(unit.group)})" if subject else _clean_title(unit.group)
            header = unit.header or []
            adjacent = unit.header_lo is not None and "\n" not in chunk.text[unit.header_lo : unit.lo].rstrip("\n")
            n = self._cite(unit, evidence, unit.header_lo if adjacent else None)
            dated = any(year_key(h) for h in header)
            pairs = list(zip(header[-len(row.cells):], row.cells)) if dated and len(header) >= len(row.cells) else []
            if pairs and years:
                picked = [(h, c) for h, c in pairs if year_key(h) in years]
                if picked:
                    what = f"{subject}의 {label}" if subject else label
                    vals = ", ".join(f"{h} {c}" for h, c in picked)
                    if len(picked) == 1:
                        h, c = picked[0]
                        return f"{h} {what}{_josa(what, '은', '는')} {c}입니다 [{n}]."
                    return f"{what}: {vals} [{n}]."
            if pairs:
                vals = ", ".join(f"{h} {c}" for h, c in pairs)
                return f"{subject + ' — ' if subject else ''}{label}: {vals} [{n}]."
            cells = " / ".join(row.cells)
            return f"{subject + ' — ' if subject else ''}{label}: {cells} [{n}]."
        n = self._cite(unit, evidence)
        # a 항's number (⑤) is part of the citation; bullets elsewhere are layout
        body = unit.text.strip() if chunk.kind == "article" else MARKER_PREFIX.sub("", unit.text).strip()
        if chunk.kind == "article" and chunk.section:
            law = _clean_title(chunk.section[-2]) if len(chunk.section) >= 2 else ""
            law = law if re.search(r"(법|법률|조례|규칙|지침|령)$", law) else ""
            article = chunk.section[-1]
            if not body.startswith(article[:4]):
                body = f"{article} {body}"
            if law:
                body = f"「{law}」 {body}"
        body = body.rstrip()
        if body.endswith((".", "。")):
            body = body[:-1]
        return f"{body} [{n}]."


def _in_expected_unit(u: Unit, expected: list[str]) -> bool:
    """A number in the asked unit; a table row may carry bare numbers (the unit is in its caption)
    but not numbers in another unit (천원 cells do not answer "몇 점")."""
    if any(re.search(r"\d[\d,.]*\s*" + x, u.text) for x in expected):
        return True
    if not u.is_row:
        return False
    cells = split_cells(u.text).cells
    return bool(cells) and all(not re.search(r"\d\s*[가-힣%]", c) for c in cells)


def _has_year(u: Unit, years: list[str], title_of: Callable[[str], str]) -> bool:
    if u.is_row and u.header and any(year_key(c) for c in u.header):
        return any(year_key(c) in years for c in u.header)
    chunk = u.hit.chunk
    found = set(question_years(" ".join((u.text, u.context, chunk.section_path, title_of(chunk.doc_id)))))
    return any(y in found for y in years)

