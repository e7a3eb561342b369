"""Short names a document defines for itself: `X(이하 "Y"라 한다)`.

Korean statutes, ordinances and reports name a thing in full once and then call it by a short
name: `교도작업특별회계(이하 "특별회계"라 한다)`, `「…법」(이하 "법"이라 한다)`, a report's
`노동권익센터(이하 '센터')`. A decree or rule uses its act's short names without redefining them
(one law family: act, 시행령, 시행규칙 of one title). A passage that says "특별회계" in such a
document speaks of the 교도작업특별회계 a question names in full; the entity gate
(features.entity_match) reads the full names back through `named_in`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..models import Chunk

QUOTES_OPEN = "\"“”'‘’「"
QUOTES_CLOSE = "\"“”'‘’」"

DEFINITION = re.compile(
    # the named thing, written right before the bracket: a 「law title」 or one unbroken word
    # (a compound with middle dots: 시ㆍ도)
    r"(?P<full>「[^」\n]{1,80}」|[^\s()（）「」\"“”'‘’,.;:]{2,40})"
    r"\s*[(（]\s*이하\s*"
    # "이 조에서", "이 조 및 제8조에서", "이 장에서", "제37조에서": where the short name holds
    r"(?P<scope>[^()（）\"“”'‘’「」\n]{1,40}?에서(?:는|만)?\s*)?"
    r"(?P<open>[\"“”'‘’「])?\s*(?P<short>[^\"“”'‘’「」()（）\n,.]{1,20}?)\s*"
    r"(?(open)[\"“”'‘’」]\s*[^()（）\n]{0,40}?"  # quoted: "…"라 한다 / 라고 한다 / 라 하며, …
    r"|(?:(?:이)?라(?:고)?\s*(?:한다|함|칭한다)|(?:으)?로\s*한다)?\s*)"  # bare: (이하 센터)
    r"[)）]"
)
# a short name defined for one article, 항 or 호 only ("이하 이 조에서"); other scoped names
# ("이 장에서", "제37조에서") hold in the defining document, not in its decree or rule
ARTICLE_SCOPE = re.compile(r"^이\s*(?:조|항|호|목)\s*에서")
NOT_A_NAME = re.compile(r"^(?:같[다음]|동일|생략)")  # "(이하 같다)": no definition
MIN_SHORT = 2  # one-letter short names ("법", "영") are found inside any word; their full names are titles
SUBORDINATE = re.compile(r"\s*(?:시행령|시행규칙)\s*$")


@dataclass(frozen=True)
class Alias:
    """`full` (spaces removed) is what the document means by `short` (spaces removed). `section`:
    the section path the short name is limited to ("" = the whole document); `local`: the
    definition holds in its own document only (not in the act's decree or rule)."""

    full: str
    short: str
    section: str = ""
    local: bool = False


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def parse_aliases(text: str, section: str = "") -> list[Alias]:
    """Every short-name definition in `text` (a passage at `section`)."""
    out: list[Alias] = []
    for m in DEFINITION.finditer(text):
        full = _flat(m.group("full").strip("「」"))
        short = _flat(m.group("short"))
        if (len(short) < MIN_SHORT or not full or full == short or re.fullmatch(r"[\d\W]+", short)
                or NOT_A_NAME.match(short)):
            continue
        scope = _flat(m.group("scope") or "")
        article = bool(scope) and bool(ARTICLE_SCOPE.match(m.group("scope").strip()))
        out.append(Alias(full, short, section if article else "", local=bool(scope)))
    return out


def family_key(title: str) -> str:
    """Act, decree and rule of one title share a key: the title without 시행령/시행규칙."""
    return _flat(SUBORDINATE.sub("", title.strip()))


class AliasBook:
    """A document's short names: its own definitions and its law family's, read from the index's
    chunks of those documents on first use and kept (an index generation never changes)."""

    def __init__(self, doc_chunks: Callable[[str], list[Chunk]], documents: Callable[[], Iterable[tuple[str, str]]]):
        self._doc_chunks = doc_chunks
        self._documents = documents  # (doc_id, title) pairs
        self._families: dict[str, list[str]] | None = None
        self._key: dict[str, str] = {}
        self._own: dict[str, tuple[Alias, ...]] = {}
        self._all: dict[str, tuple[Alias, ...]] = {}

    def _own_aliases(self, doc_id: str) -> tuple[Alias, ...]:
        if doc_id not in self._own:
            found: list[Alias] = []
            for ch in self._doc_chunks(doc_id):
                if "이하" in ch.text:
                    found.extend(parse_aliases(ch.text, ch.section_path))
            self._own[doc_id] = tuple(dict.fromkeys(found))
        return self._own[doc_id]

    def of(self, doc_id: str) -> tuple[Alias, ...]:
        """The short names that hold in `doc_id`."""
        if doc_id in self._all:
            return self._all[doc_id]
        if self._families is None:
            self._families = {}
            for d, title in self._documents():
                key = family_key(title)
                self._key[d] = key
                self._families.setdefault(key, []).append(d)
        own = self._own_aliases(doc_id)
        kin = [d for d in self._families.get(self._key.get(doc_id, ""), []) if d != doc_id]
        inherited = [a for d in kin for a in self._own_aliases(d) if not a.local and not a.section]
        self._all[doc_id] = tuple(dict.fromkeys([*own, *inherited]))
        return self._all[doc_id]


def named_in(aliases: Sequence[Alias], raw: str, section: str = "") -> str:
    """The full names a passage refers to by their short names (`raw`: its text with spaces
    removed, `section`: its section path), joined: a question's entity written in full is
    named where this holds it."""
    return " ".join(dict.fromkeys(
        a.full for a in aliases
        if a.short in raw and (not a.section or a.section == section)
    ))
