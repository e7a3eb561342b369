"""Embedding models behind one small interface.

- `HashingEmbedder` ("hash", the embedded default): needs no weights and no network. A text
  becomes a signed feature-hashing vector over Kiwi morphemes and character 2/3-grams of each
  word, sublinear-scaled and L2-normalised. It is a lexical-semantic vector, robust to
  spacing and compounding variance (재위탁/위탁, 민간위탁금/위탁금), not a neural model.
- `SentenceTransformerEmbedder`: any sentence-transformers model from a local directory or
  the hub cache (downloads only when `allow_model_download` is set).
"""

from __future__ import annotations

import os
import zlib
from functools import lru_cache
from typing import Protocol

import numpy as np

from .korean import analyzer


class Embedder(Protocol):
    name: str
    dim: int

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class HashingEmbedder:
    def __init__(self, dim: int = 256):
        self.dim = dim
        self.name = f"hash-ko-{dim}"
        self._word_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _word_features(self, word: str, terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        feats = ["t:" + t for t in terms]
        core = "".join(ch for ch in word if ch.isalnum())
        feats += ["c:" + core[i : i + n] for n in (2, 3) for i in range(max(len(core) - n + 1, 0))]
        hashes = np.array([zlib.crc32(f.encode()) for f in feats], dtype=np.uint32)
        idx = (hashes % self.dim).astype(np.int64)
        sign = np.where((hashes >> 31) & 1, -1.0, 1.0).astype(np.float32)
        # morpheme features weigh more than character n-grams
        weight = np.array([1.0 if f.startswith("t:") else 0.5 for f in feats], dtype=np.float32)
        out = (idx, sign * weight)
        if len(self._word_cache) > 500_000:
            self._word_cache.clear()
        self._word_cache[word] = out
        return out

    def _embed(self, text: str) -> np.ndarray:
        words = text.split()
        if not words:
            return np.zeros(self.dim, dtype=np.float32)
        cached = self._word_cache
        missing = [w for w in words if w not in cached]
        fresh = {w: self._word_features(w, t) for w, t in zip(missing, analyzer().word_terms(missing))} if missing else {}
        feats = [fresh.get(w) or cached.get(w) or self._word_features(w, analyzer().word_terms([w])[0]) for w in words]
        # one bincount over all features instead of an np.add.at per word (4× faster on ingest)
        vec = np.bincount(
            np.concatenate([f[0] for f in feats]), weights=np.concatenate([f[1] for f in feats]), minlength=self.dim
        ).astype(np.float32)
        vec = np.sign(vec) * np.log1p(np.abs(vec))
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        analyzer().tokens_batch(texts)  # warm the morpheme cache in one Kiwi batch
        return np.vstack([self._embed(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed(text)


class SentenceTransformerEmbedder:
    def __init__(self, model: str, allow_download: bool = False):
        if not allow_download:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # fail fast instead of ~70 s of retries
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # noqa: BLE001 — re-raised with what the user can do
            raise RuntimeError(
                f"임베딩 모델을 불러올 수 없습니다: {model} — 로컬 경로를 주거나 다운로드를 허용하세요 "
                f"(COUNCIL_ASSISTANT_ALLOW_MODEL_DOWNLOAD=1) / cannot load embedding model {model}: {exc}"
            ) from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim() or 0)
        self.name = f"st:{os.path.basename(os.path.normpath(model))}"

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode(texts, batch_size=32, normalize_embeddings=True), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


@lru_cache(maxsize=4)
def make_embedder(model: str = "hash", dim: int = 256, allow_download: bool = False) -> Embedder:
    """One embedder per configuration per process (models load once)."""
    if model in ("hash", "", None):
        return HashingEmbedder(dim)
    return SentenceTransformerEmbedder(model, allow_download)
