"""Hybrid retrieval: dense vectors (Chroma) and BM25 over morphemes, fused by reciprocal rank.

RRF needs no score calibration between the two retrievers, which matters because the dense
scores of the hashing default and of a neural model live on different scales.
"""

from __future__ import annotations

from .embeddings import Embedder
from .index import IndexReader
from .korean import KoreanAnalyzer
from .models import Hit
from .settings import Settings
from .thesaurus import Thesaurus, load_thesaurus


class Retriever:
    def __init__(
        self, index: IndexReader, embedder: Embedder, analyzer: KoreanAnalyzer, settings: Settings,
        thesaurus: Thesaurus | None = None,
    ):
        self.index = index
        self.embedder = embedder
        self.analyzer = analyzer
        self.settings = settings
        self.thesaurus = thesaurus or load_thesaurus()
        dense_weight = settings.dense_weight
        if dense_weight is None:
            dense_weight = 0.5 if embedder.name.startswith("hash") else 1.0
        self.dense_weight = dense_weight

    def search(self, query: str, k: int) -> list[Hit]:
        n = max(self.settings.candidates, k)
        tokens = self.analyzer.tokens(query)
        expansion = self.thesaurus.expand(tokens)
        dense = self.index.dense_search(self.embedder.embed_query(f"{query} {self.thesaurus.expand_text(tokens)}"), n)
        lexical = self.index.lexical.search(tokens, n, extra=expansion)
        fused: dict[str, float] = {}
        dense_rank: dict[str, int] = {}
        lexical_rank: dict[str, int] = {}
        rrf = self.settings.rrf_k
        for rank, (cid, _) in enumerate(dense, 1):
            fused[cid] = fused.get(cid, 0.0) + self.dense_weight / (rrf + rank)
            dense_rank[cid] = rank
        for rank, (cid, _) in enumerate(lexical, 1):
            fused[cid] = fused.get(cid, 0.0) + self.settings.lexical_weight / (rrf + rank)
            lexical_rank[cid] = rank
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        anchors = self.analyzer.anchors(query)
        if anchors:
            # passages that name the question's places/organisations come first
            pool = {c.chunk_id: c for c in self.index.chunks([cid for cid, _ in ranked])}

            def names_all(cid: str) -> bool:
                c = pool.get(cid)
                if c is None:
                    return False
                where = f"{self.index.title(c.doc_id)} {c.section_path} {c.text}"
                return all(a in where for a in anchors)

            ranked = sorted(ranked, key=lambda kv: (not names_all(kv[0]), -kv[1]))
        ranked = ranked[:k]
        chunks = {c.chunk_id: c for c in self.index.chunks([cid for cid, _ in ranked])}
        return [
            Hit(chunks[cid], score, i, dense_rank.get(cid), lexical_rank.get(cid))
            for i, (cid, score) in enumerate(ranked, 1)
            if cid in chunks
        ]
