"""Plain retrieval baselines the benchmark scores beside the assistant.

Both see the same passages: each document's loader text cut into fixed-size overlapping
character windows (no headings, no section paths, no table handling), so they show what plain
BM25 gets without any of the project's chunking or ranking work.

- `Bm25sKiwi`: bm25s (Lucene BM25) over Kiwi content morphemes — nouns, numerals, foreign words,
  roots and verb/adjective stems (NNG NNP NNB NR SL SN VV VA XR) — no compounds, no thesaurus.
- `LangChainBM25`: the stock `langchain_community.retrievers.BM25Retriever` (rank_bm25 Okapi)
  with its default preprocessing, a whitespace split: what a LangChain tutorial gives you.

Each `search(question, k)` returns ranked `(doc_id, chunk text)` pairs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

CHUNK_CHARS = 500
CHUNK_OVERLAP = 100
# Kiwi tags of content morphemes; irregular stems carry a suffix ("VV-R", "VA-I") and count too
BASELINE_TAGS = {"NNG", "NNP", "NNB", "NR", "SL", "SN", "VV", "VA", "XR"}
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class FixedChunk:
    doc_id: str
    text: str
    start: int  # offset in the document's loader text


def fixed_chunks(doc_id: str, text: str, size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[FixedChunk]:
    """Windows of `size` characters, each starting `size - overlap` after the previous one."""
    if size <= overlap:
        raise ValueError("size must be larger than overlap")
    step = size - overlap
    out = []
    for start in range(0, max(len(text) - overlap, 1), step):
        piece = text[start:start + size]
        if piece.strip():
            out.append(FixedChunk(doc_id, piece, start))
    return out


def load_fixed_chunks(paths: Iterable[str | Path], size: int = CHUNK_CHARS, overlap: int = CHUNK_OVERLAP) -> list[FixedChunk]:
    """Fixed chunks of every file's loader text (the document id is the file name, as in ingest);
    files the loaders refuse are skipped, as ingest skips them."""
    from ..errors import IngestError
    from ..loaders import load_document

    out: list[FixedChunk] = []
    for path in map(Path, paths):
        try:
            doc = load_document(path)
        except IngestError:
            continue
        out.extend(fixed_chunks(path.name, doc.text, size, overlap))
    return out


class Retriever(Protocol):
    name: str

    def search(self, question: str, k: int = 5) -> list[tuple[str, str]]: ...


class KiwiContentTokenizer:
    """Kiwi content morphemes, analysed once per distinct whitespace word (text repeats words heavily).
    Shares the project's Kiwi instance rather than loading a second model."""

    def __init__(self, tags: set[str] = BASELINE_TAGS) -> None:
        self.tags = tags
        self._cache: dict[str, tuple[str, ...]] = {}

    def _kiwi(self):
        from ..korean import analyzer

        return analyzer()._kiwi_instance()

    def _analyse(self, words: Sequence[str]) -> None:
        todo = [w for w in dict.fromkeys(words) if w not in self._cache]
        if not todo:
            return
        for word, toks in zip(todo, self._kiwi().tokenize(todo)):
            self._cache[word] = tuple(t.form.lower() for t in toks if t.tag.split("-")[0] in self.tags)

    def batch(self, texts: Sequence[str]) -> list[list[str]]:
        word_lists = [_WORD.findall(t) for t in texts]
        self._analyse([w for words in word_lists for w in words])
        return [[tok for w in words for tok in self._cache[w]] for words in word_lists]

    def __call__(self, text: str) -> list[str]:
        return self.batch([text])[0]


class Bm25sKiwi:
    """bm25s over Kiwi content morphemes on fixed chunks."""

    name = "bm25s-kiwi"

    def __init__(self, chunks: Sequence[FixedChunk], tokenizer: KiwiContentTokenizer | None = None) -> None:
        import bm25s

        self.chunks = list(chunks)
        self.tokenize = tokenizer or KiwiContentTokenizer()
        self.bm25 = bm25s.BM25()
        self.bm25.index(self.tokenize.batch([c.text for c in self.chunks]), show_progress=False)

    def search(self, question: str, k: int = 5) -> list[tuple[str, str]]:
        query = [t for t in self.tokenize(question) if t in self.bm25.vocab_dict]
        if not query or not self.chunks:
            return []
        ids, scores = self.bm25.retrieve([query], k=min(k, len(self.chunks)), show_progress=False)
        return [(self.chunks[i].doc_id, self.chunks[i].text) for i, s in zip(ids[0], scores[0]) if s > 0]


class LangChainBM25:
    """LangChain's BM25Retriever as shipped (whitespace preprocessing, rank_bm25 Okapi defaults)."""

    name = "langchain-bm25"

    def __init__(self, chunks: Sequence[FixedChunk]) -> None:
        with warnings.catch_warnings():  # langchain-community warns on import that it is being sunset
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.retrievers import BM25Retriever

        self.chunks = list(chunks)
        self.retriever = BM25Retriever.from_texts(
            [c.text for c in self.chunks], metadatas=[{"doc": c.doc_id} for c in self.chunks], k=5,
        ) if self.chunks else None

    def search(self, question: str, k: int = 5) -> list[tuple[str, str]]:
        if self.retriever is None:
            return []
        self.retriever.k = k
        return [(d.metadata["doc"], d.page_content) for d in self.retriever.invoke(question)]


def build_baselines(chunks: Sequence[FixedChunk]) -> list[Retriever]:
    return [Bm25sKiwi(chunks), LangChainBM25(chunks)]
