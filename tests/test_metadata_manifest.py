"""A folder's manifest.toml gives documents their title, kind and date; a manifest of another shape
never stops an ingest."""

from __future__ import annotations

from pathlib import Path

from assistant.loaders import load_document
from assistant.metadata import read_manifest


def test_a_manifest_of_another_shape_gives_no_metadata_but_loses_nothing(tmp_path: Path):
    doc = tmp_path / "회의록.txt"
    doc.write_text("제1차 문화복지위원회 회의록\n\n○위원장 김도윤  개의하겠습니다.\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text('[[documents]]\nsource = "a.md"\nout = "회의록.txt"\n', encoding="utf-8")
    assert read_manifest(tmp_path) == {}
    loaded = load_document(doc)
    assert "개의하겠습니다" in loaded.text and loaded.title
    (tmp_path / "manifest.toml").write_text("[[documents]\nfile = ", encoding="utf-8")  # not TOML at all
    assert read_manifest(tmp_path) == {} and load_document(doc).text == loaded.text


def test_a_manifest_entry_names_its_documents_title(tmp_path: Path):
    (tmp_path / "a.txt").write_text("본문입니다.\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text('[[documents]]\nfile = "a.txt"\ntitle = "제목"\n', encoding="utf-8")
    assert read_manifest(tmp_path)["a.txt"]["title"] == "제목"
    assert load_document(tmp_path / "a.txt").title == "제목"
