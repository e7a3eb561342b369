"""Builds a tiny sentence-transformers model on disk in about a second, with no download:
a WordPiece tokenizer trained on a few Korean sentences + a small random BERT + mean pooling."""

from __future__ import annotations

from pathlib import Path

SENTENCES = [
    "전자상거래센터 민간위탁금은 매년 증가하였다.",
    "수탁기관은 종합성과평가에서 83.44점을 받았다.",
    "재위탁을 하는 경우에는 의회의 동의를 받아야 한다.",
    "소비자 상담 및 피해구제 건수가 감소하였다.",
    "적격자심의위원회 심사결과 평가점수 70점 미만인 경우",
]


def build_tiny_model(folder: Path) -> Path:
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.WordPieceTrainer(vocab_size=400, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
    tok.train_from_iterator(SENTENCES * 3, trainer)
    hf_tok = PreTrainedTokenizerFast(
        tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]"
    )
    config = BertConfig(
        vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=256,
    )
    bert_dir = folder / "bert"
    BertModel(config).save_pretrained(bert_dir)
    hf_tok.save_pretrained(bert_dir)
    transformer = Transformer(str(bert_dir), max_seq_length=128)
    pooling = Pooling(transformer.get_word_embedding_dimension(), "mean")
    model = SentenceTransformer(modules=[transformer, pooling, Normalize()], device="cpu")
    out = folder / "tiny-ko-model"
    model.save(str(out))
    return out
