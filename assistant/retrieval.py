"""Hybrid retrieval: dense vectors (Chroma) and BM25 over morphemes, fused by reciprocal rank.

RRF needs no score calibration between the two retrievers, which matters because the dense
scores of the hashing default and of a neural model live on different scales.
"""

from __future__ import annotations

import re

from .answering.question import APPENDIX_CUE, abbreviates, law_names
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
            # the hashing default adds no meaning BM25 lacks: on the benchmark's dev split (332
            # items, 551 documents) fusing it hurt at every weight (R@1 .545/.563/.611/.660 at
            # 0.5/0.25/0.1/0), so it is off unless a neural model is configured
            dense_weight = 0.0 if embedder.name.startswith("hash") else 1.0
        self.dense_weight = dense_weight

    def _lexical(self, tokens: list[str], expansion: list[str], n: int) -> list[tuple[str, float]]:
        return self.index.lexical.search(tokens, n, extra=expansion)

    def search(self, query: str, k: int) -> list[Hit]:
        n = max(self.settings.candidates, k)
        tokens = self.analyzer.tokens(query)
        expansion = self.thesaurus.expand(tokens)
        lexical = self._lexical(tokens, expansion, n)
        # with dense ranking off, it still fills in when BM25 finds too little (a question in words
        # the library never uses still gets its closest passages), always below every BM25 hit
        dense_weight = self.dense_weight if self.dense_weight > 0 else 1e-6
        dense = (
            self.index.dense_search(self.embedder.embed_query(f"{query} {self.thesaurus.expand_text(tokens)}"), n)
            if self.dense_weight > 0 or len(lexical) < k else []
        )
        fused: dict[str, float] = {}
        dense_rank: dict[str, int] = {}
        lexical_rank: dict[str, int] = {}
        rrf = self.settings.rrf_k
        for rank, (cid, _) in enumerate(dense, 1):
            fused[cid] = fused.get(cid, 0.0) + dense_weight / (rrf + rank)
            dense_rank[cid] = rank
        for rank, (cid, _) in enumerate(lexical, 1):
            fused[cid] = fused.get(cid, 0.0) + self.settings.lexical_weight / (rrf + rank)
            lexical_rank[cid] = rank
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        # the fused pool is small (≤ 2 × candidates): read its chunks once for every re-ranking below
        chunks = {c.chunk_id: c for c in self.index.chunks([cid for cid, _ in ranked])}
        anchors = self.analyzer.anchors(query)
        laws = [re.sub(r"\s+", "", n) for n in law_names(query)]
        if anchors or laws:
            # passages that name the question's places/organisations, and passages of the law
            # the question names (abbreviations match by letter order), come first
            def names_all(cid: str) -> bool:
                c = chunks.get(cid)
                if c is None:
                    return False
                where = f"{self.index.title(c.doc_id)} {c.section_path} {c.text}"
                return all(a in where for a in anchors)

            def of_law(cid: str) -> bool:
                c = chunks.get(cid)
                if c is None or not laws:
                    return True
                title = re.sub(r"\s+", "", self.index.title(c.doc_id))
                return any(n in title or abbreviates(n, title) for n in laws)

            ranked = sorted(ranked, key=lambda kv: (not of_law(kv[0]), not names_all(kv[0]), -kv[1]))
        if not APPENDIX_CUE.search(query):
            # stable: body passages keep their order, 부칙 passages move below them
            head = ranked[: max(k * 3, 20)]
            head = sorted(head, key=lambda kv: bool(getattr(chunks.get(kv[0]), "appendix", False)))
            ranked = head + ranked[len(head):]
        ranked = ranked[:k]
        return [
            Hit(chunks[cid], score, i, dense_rank.get(cid), lexical_rank.get(cid))
            for i, (cid, score) in enumerate(ranked, 1)
            if cid in chunks
        ]
