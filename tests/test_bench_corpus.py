"""The bench corpus builder: our documents rendered to PDF/DOCX/HWPX load back through the project's
own loaders with their text intact; the folder is a cache (no re-render when nothing changed, a
changed source re-rendered); the merged manifest feeds ingest; statutes come from the shared folder
or are left out with a warning."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest

from assistant.evals.bench_corpus import (
    DOCUMENTS, cache_file, build_bench_corpus, expected_pieces, missing_after_load, parse_source, read_documents,
)
from assistant.loaders import load_document
from assistant.metadata import read_manifest

from .conftest import CORPUS

DOCS = read_documents()


def one_per_format() -> list[str]:
    """The shortest document of each output format (kept fast)."""
    best: dict[str, tuple[int, str]] = {}
    for d in DOCS:
        size = (DOCUMENTS / d.source).stat().st_size
        if d.fmt not in best or size < best[d.fmt][0]:
            best[d.fmt] = (size, d.out)
    return [out for _, out in best.values()]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every one of our documents rendered once (about 2 s of CPU), no statutes."""
    out = tmp_path_factory.mktemp("bench") / "corpus"
    return build_bench_corpus(out, tmp_path_factory.mktemp("no-shared"))


def test_manifest_lists_every_format_enough_times():
    formats = [d.fmt for d in DOCS]
    for fmt in (".pdf", ".docx", ".hwpx"):
        assert formats.count(fmt) >= 5, fmt
    assert len(DOCS) >= 24
    assert all((DOCUMENTS / d.source).is_file() for d in DOCS)


@pytest.fixture(scope="module")
def loaded(built: Path) -> dict:
    """Each rendered document read back through the project's loaders, once."""
    return {d.out: load_document(built / d.out) for d in DOCS}


def test_rendered_documents_load_with_their_text(loaded: dict):
    for doc in DOCS:
        out, got = doc.out, loaded[doc.out]
        source = (DOCUMENTS / doc.source).read_text(encoding="utf-8")
        text = "".join(got.text.split())
        if doc.fmt in (".txt", ".md"):  # copied as written
            assert text == "".join(source.split()), out
        missing = [p for p in expected_pieces(source) if p not in text]
        assert doc.fmt in (".txt", ".md") or not missing, f"{out}: {missing[:5]}"
        assert got.doc_id == out and got.title == doc.title and got.kind == doc.kind
        if doc.fmt in (".pdf", ".docx", ".hwpx") and "|" in source:
            assert any(b.kind == "table" and b.rows for b in got.blocks), f"{out}: no real table"


def test_check_fails_when_text_is_lost(built: Path, tmp_path: Path):
    """The comparison can fail: a source with a line the rendered file does not hold."""
    doc = next(d for d in DOCS if d.fmt == ".docx" and d.out in one_per_format())
    source = (DOCUMENTS / doc.source).read_text(encoding="utf-8") + "\n이 줄은 렌더링된 파일에 없다\n"
    assert missing_after_load(doc, built / doc.out, source) == ["이줄은렌더링된파일에없다"]


def test_gold_quotes_survive_rendering(loaded: dict):
    """A benchmark quote is matched against the passages the loaders produce from the rendered
    file (whitespace ignored), so it must be in the loaded text, not only in the source."""
    texts = {out: "".join(doc.text.split()) for out, doc in loaded.items()}
    lost = []
    for path in sorted((DOCUMENTS.parent).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line) if line.strip() else {}
            for s in item.get("sources") or []:
                if s["doc"] in texts and "".join(s["quote"].split()) not in texts[s["doc"]]:
                    lost.append(f"{path.name} {item['id']}: {s['quote'][:50]}")
    assert not lost, "\n".join(lost)


def test_merged_manifest_has_seeds_and_ours(built: Path):
    manifest = read_manifest(built)
    seeds = {p.name for p in CORPUS.iterdir() if p.name != "manifest.toml"}
    assert seeds <= set(manifest) and set(one_per_format()) <= set(manifest)
    assert manifest["000_676e27cb4d6cfd79.txt"]["kind"] == "검토보고서"
    pdf = next(d for d in DOCS if d.out in manifest and d.fmt == ".pdf")
    assert manifest[pdf.out]["title"] == pdf.title


def test_cached_rebuild_renders_only_what_changed(tmp_path: Path):
    docs_dir = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs_dir)
    pick = [d for d in DOCS if d.fmt in (".docx", ".txt")][:2]
    only = [d.out for d in pick]
    out = build_bench_corpus(tmp_path / "c", tmp_path / "none", documents_dir=docs_dir, only=only)
    before = {d.out: (out / d.out).stat().st_mtime_ns for d in pick}
    build_bench_corpus(out, tmp_path / "none", documents_dir=docs_dir, only=only)
    assert {d.out: (out / d.out).stat().st_mtime_ns for d in pick} == before
    changed = pick[0]
    src = docs_dir / changed.source
    src.write_text(src.read_text(encoding="utf-8") + "\n추가된 문단입니다.\n", encoding="utf-8")
    build_bench_corpus(out, tmp_path / "none", documents_dir=docs_dir, only=only)
    assert "추가된문단입니다." in "".join(load_document(out / changed.out).text.split())
    assert (out / pick[1].out).stat().st_mtime_ns == before[pick[1].out]
    assert cache_file(out).is_file() and not any(p.name.startswith(".") for p in out.iterdir())


def test_statutes_from_shared_folder_or_a_warning(tmp_path: Path, caplog):
    shared = tmp_path / "shared"
    statutes = shared / "dev-corpus" / "statutes"
    statutes.mkdir(parents=True)
    (statutes / "가법_법률.md").write_text("---\n법령명: 가법\n---\n# 가법\n##### 제1조(목적)\n", encoding="utf-8")
    (statutes / "나법_법률.md").write_text("# 나법\n", encoding="utf-8")
    only = [next(d.out for d in DOCS if d.fmt == ".txt")]
    out = build_bench_corpus(tmp_path / "c", shared, statutes=["가법_법률"], only=only)
    assert (out / "가법_법률.md").is_file() and not (out / "나법_법률.md").exists()
    build_bench_corpus(out, shared, only=only)  # all statutes
    assert (out / "나법_법률.md").is_file()
    with caplog.at_level(logging.WARNING):
        build_bench_corpus(out, tmp_path / "nowhere", only=only)
    assert "without statutes" in caplog.text
    assert not (out / "가법_법률.md").exists()  # files an earlier build wrote and this one does not want go
    with pytest.raises(Exception, match="statute files not found"):
        build_bench_corpus(out, shared, statutes=["없는법_법률"], only=only)


def test_parse_source_reads_the_markup():
    blocks = parse_source("# 제목\n\n## Ⅰ. 개요\n  ◦ 항목 : 값\n| 구분 | 2024년 |\n|---|---|\n| 합계 | 1,000 |\n본문")
    assert [b.kind for b in blocks] == ["title", "heading", "para", "table", "para"]
    assert blocks[1].level == 2 and blocks[2].level == 2
    assert blocks[3].rows == [["구분", "2024년"], ["합계", "1,000"]]
    assert expected_pieces("| a | b |\n|--|--|\n| c | d |") == ["a|b", "c|d"]


def test_writers_manifests_are_read_together_and_errors_name_their_file(tmp_path: Path):
    from assistant.evals.bench_corpus import BenchCorpusError

    entry = '[[documents]]\nsource = "{s}.md"\nout = "{o}"\ntitle = "제목"\nkind = "회의록"\n'
    (tmp_path / "manifest.toml").write_text(entry.format(s="a", o="a.txt"), encoding="utf-8")
    (tmp_path / "manifest.val.toml").write_text(entry.format(s="b", o="b.pdf"), encoding="utf-8")
    assert [d.out for d in read_documents(tmp_path)] == ["a.txt", "b.pdf"]
    (tmp_path / "manifest.test.toml").write_text(entry.format(s="c", o="c.txt") + '[[documents]]\nsource = "d.md"\n',
                                                encoding="utf-8")
    with pytest.raises(BenchCorpusError, match=r"manifest\.test\.toml 2번째"):
        read_documents(tmp_path)
    (tmp_path / "manifest.test.toml").write_text(entry.format(s="c", o="a.txt"), encoding="utf-8")
    with pytest.raises(BenchCorpusError, match="중복"):
        read_documents(tmp_path)
