"""Embedding backends: the weight-free default, and the real sentence-transformers loading path
with a tiny model built on disk by the test (no download)."""

import numpy as np

from assistant.embeddings import HashingEmbedder, SentenceTransformerEmbedder, make_embedder
from assistant.ingest import ingest
from assistant.pipeline import Assistant
from assistant.settings import load_settings

from .conftest import CORPUS
from .tiny_model import build_tiny_model


def test_hash_embedder_is_deterministic_normalised_and_topical():
    e = HashingEmbedder(256)
    a, b, c = e.embed_documents(["민간위탁금 예산현황", "위탁금 예산", "적격자심의위원회 심사결과"])
    assert np.allclose(np.linalg.norm(a), 1.0)
    assert np.allclose(HashingEmbedder(256).embed_query("민간위탁금 예산현황"), a)  # stable across instances
    assert a @ b > a @ c  # shared morphemes and character n-grams bring related texts closer


def test_sentence_transformer_model_from_local_path(tmp_path):
    model_dir = build_tiny_model(tmp_path)
    emb = make_embedder(str(model_dir))
    assert isinstance(emb, SentenceTransformerEmbedder)
    vecs = emb.embed_documents(["재위탁 의회 동의", "민간위탁금"])
    assert vecs.shape == (2, 32)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0)

    # the whole pipeline runs on it: index built with the model, a cited answer comes back
    settings = load_settings(env={}, index_dir=tmp_path / "index", corpus_dir=CORPUS, embedding_model=str(model_dir))
    report = ingest([CORPUS], settings)
    assert report.added and not report.errors
    answer = Assistant(settings).ask("2024년 전자상거래센터 민간위탁금은 얼마인가요?")
    assert "533,478천원" in answer.answer and answer.citations


def test_unknown_model_fails_fast_with_a_clear_message(tmp_path):
    import pytest

    with pytest.raises(RuntimeError, match="임베딩 모델을 불러올 수 없습니다"):
        SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
