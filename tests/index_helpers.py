"""Helpers for the index tests: small generated Korean documents and a three-store check."""

from __future__ import annotations

from pathlib import Path

TOPICS = ["청년창업지원센터", "노인복지관", "공공자전거", "도시농업센터", "미세먼지대책", "한강수영장"]


def budget(topic: str, version: int = 1) -> str:
    """The 2024 budget figure a generated document states (changes with `version`)."""
    return f"{1000 + TOPICS.index(topic) * 137 + (version - 1) * 5000:,}천원"


def doc_text(topic: str, version: int = 1) -> str:
    return (
        f"{topic} 운영 현황 보고\n\n"
        "1. 개요\n"
        f" ○ {topic}은(는) 서울특별시가 민간위탁으로 운영하는 사업임.\n"
        f" ○ 2024년 {topic} 예산은 {budget(topic, version)}으로 편성됨.\n\n"
        "2. 문제점\n"
        f" ○ {topic}의 이용률은 {40 + version}%로 목표에 미달함.\n"
    )


def write_doc(folder: Path, name: str, topic: str, version: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(doc_text(topic, version), encoding="utf-8")
    return path


def make_corpus(folder: Path, n: int = 3) -> list[Path]:
    return [write_doc(folder, f"doc{i}.txt", TOPICS[i]) for i in range(n)]


def settings_for(tmp: Path, corpus: Path, **kw):
    from assistant.settings import load_settings

    return load_settings(env={}, index_dir=tmp / "index", corpus_dir=corpus, **kw)


# plain reports that only give a small test library's words their rarity
FILLER_REPORTS = {
    f"기타{i}.txt": f"{topic} 운영 보고\n\n1. 개요\n○ {topic}은 주민 이용 시설이다. 이용 시간은 09시부터 18시까지이다.\n"
    for i, topic in enumerate(("도서관", "체육관", "복지관"))
}


def indexed_files(tmp: Path, files: dict[str, str]):
    """Settings of a fresh index built from `files` (name → text) written to tmp/corpus."""
    from assistant.ingest import ingest

    corpus = tmp / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = settings_for(tmp, corpus)
    assert not ingest([corpus], settings, sync_folder=corpus).errors
    return settings


def indexed_corpus(tmp: Path, n: int = 3):
    """Settings of a fresh index built from a generated corpus of `n` documents."""
    from assistant.ingest import ingest

    corpus = tmp / "corpus"
    make_corpus(corpus, n)
    settings = settings_for(tmp, corpus)
    assert not ingest([corpus], settings, sync_folder=corpus).errors
    return settings


def store_ids(settings) -> dict[str, set[str]]:
    """Chunk ids in SQLite, Chroma and the lexical index of the live generation."""
    from assistant.index import IndexReader

    reader = IndexReader(settings)
    try:
        ids = reader.store_ids()
        assert len(reader.lexical.ids) == len(ids["lexical"]), "duplicate rows in the lexical index"
        assert reader.lexical.counts.shape[0] == len(reader.lexical.ids)
        per_doc = sum(d.n_chunks for d in reader.documents())
        assert per_doc == len(ids["sqlite"]), "documents.n_chunks disagrees with the chunks table"
        return ids
    finally:
        reader.close()


def assert_consistent(settings) -> set[str]:
    """The three stores hold exactly the same chunk ids; returns them."""
    ids = store_ids(settings)
    assert ids["sqlite"] == ids["chroma"] == ids["lexical"], {
        k: len(v) for k, v in ids.items()
    }
    return ids["sqlite"]


def doc_ids_in_stores(settings) -> set[str]:
    from assistant.index import read_documents

    return {d.doc_id for d in read_documents(settings)}


def generations(settings) -> list[str]:
    return sorted(p.name for p in settings.index_dir.glob("gen-*"))


def current(settings) -> str | None:
    from assistant.index import current_generation

    return current_generation(settings.index_dir)
