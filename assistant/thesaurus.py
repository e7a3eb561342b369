"""Query expansion with a small thesaurus of administrative vocabulary (data/thesaurus.txt).

The embedded default embedding has no learned semantics, so "단체" would never meet "기관".
Expansion is applied to queries only (documents are indexed as written) and expanded terms
count for coverage in the answerer, never as words the answer claims.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .korean import QUESTION_WORDS, KoreanAnalyzer

DEFAULT_FILE = Path(__file__).parent / "data" / "thesaurus.txt"


class Thesaurus:
    def __init__(self, groups: list[list[str]], analyzer: KoreanAnalyzer,
                 paraphrases: list[tuple[str, str]] | None = None):
        self.words: dict[str, set[str]] = {}  # token → surface words of its group
        self.tokens: dict[str, set[str]] = {}  # token → tokens of its group
        for short, phrase in paraphrases or []:
            self._add_paraphrase(short, phrase, analyzer)
        for group in groups:
            toks_per_word = [set(analyzer.tokens(w)) for w in group]
            heads = [_head(analyzer, w) for w in group]
            all_tokens = {h for h in heads if h}
            for head, word in zip(heads, group):
                if head:
                    self.words.setdefault(head, set()).update(w for w in group if w != word)
                    self.tokens.setdefault(head, set()).update(all_tokens - {head})
            del toks_per_word

    def _add_paraphrase(self, short: str, phrase: str, analyzer: KoreanAnalyzer) -> None:
        """One way: the short word people type ("민간위원") brings in every content term of the
        phrase legal drafting uses for it ("공무원이 아닌 위원" → 공무원, 위원). The phrase's own
        head ("위원") never brings in the short word: alone it does not mean the phrase."""
        head = _head(analyzer, short)
        if not head:
            return
        terms = [t for t in analyzer.tokens(phrase) if t not in QUESTION_WORDS and t != head]
        self.tokens.setdefault(head, set()).update(terms)
        self.words.setdefault(head, set()).add(phrase)

    def related(self, token: str) -> set[str]:
        return self.tokens.get(token, set())

    def spelled(self, token: str) -> set[str]:
        """The token's synonyms as written, spaces removed ("다만"): for matching in raw text a
        synonym that is no content term of the index (an adverb, a phrase)."""
        return {re.sub(r"\s+", "", w) for w in self.words.get(token, set()) if len(re.sub(r"\s+", "", w)) >= 2}

    def expand(self, tokens: list[str]) -> list[str]:
        seen = set(tokens)
        out: list[str] = []
        for t in tokens:
            for s in sorted(self.related(t)):
                if s not in seen:
                    seen.add(s)
                    out.append(s)
        return out

    def expand_text(self, tokens: list[str]) -> str:
        words: set[str] = set()
        for t in tokens:
            words |= self.words.get(t, set())
        return " ".join(sorted(words))


def _head(analyzer: KoreanAnalyzer, word: str) -> str | None:
    """The token that stands for a thesaurus word: its compound if it has one, else its last term."""
    toks = analyzer.tokens(word)
    return toks[-1] if toks else None


@lru_cache(maxsize=2)
def load_thesaurus(path: Path = DEFAULT_FILE) -> Thesaurus:
    from .korean import analyzer

    groups, paraphrases = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "->" in line:  # "민간위원 -> 공무원이 아닌 위원": a one-way paraphrase
            short, _, phrase = line.partition("->")
            paraphrases.append((short.strip(), phrase.strip()))
        else:
            groups.append([w.strip() for w in line.split(",") if w.strip()])
    return Thesaurus(groups, analyzer(), paraphrases)
