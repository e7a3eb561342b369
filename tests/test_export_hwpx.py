"""HWPX export: schema-valid package, Hancom-shaped footnotes, re-ingest by our HWPX loader."""

from __future__ import annotations

import re
import zipfile

import pytest

pytest.importorskip("hwpx")  # python-hwpx, a declared dependency; skip only in a partial install

from hwpx.tools.package_validator import validate_package  # noqa: E402

from assistant.export import build_layout, export_command  # noqa: E402
from assistant.export.hangul import build_hwpx, to_hwpx  # noqa: E402

from .test_export import QUESTIONS, _fake_ask, make_draft  # noqa: E402

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return to_hwpx(make_draft(), tmp_path_factory.mktemp("hwpx") / "draft.hwpx")


def test_package_and_xml_validate(exported):
    assert build_hwpx(make_draft()).validate().issues == ()
    report = validate_package(str(exported))
    assert not [i for i in report.issues if i.level == "error"]
    with zipfile.ZipFile(exported) as z:
        assert z.namelist()[0] == "mimetype" and z.read("mimetype") == b"application/hwp+zip"
        for part in ("META-INF/container.xml", "Contents/content.hpf", "Contents/header.xml", "Contents/section0.xml"):
            assert part in z.namelist()


def test_footnotes_and_header(exported):
    from lxml import etree

    with zipfile.ZipFile(exported) as z:
        section = etree.fromstring(z.read("Contents/section0.xml"))
    notes = section.findall(f".//{HP}footNote")
    assert [n.get("number") for n in notes] == [str(i) for i in range(1, 8)]
    texts = ["".join(t.text or "" for t in n.iter(f"{HP}t")) for n in notes]
    assert [t.split(" ", 1)[0] for t in texts] == ["[1]", "[2]", "[3]", "[3]", "[4]", "[5]", "[3]"]
    header = section.find(f".//{HP}header")
    assert "".join(t.text or "" for t in header.iter(f"{HP}t")) == "민간위탁 동의안 검토 메모 · 2024-08-20"


def test_reingest_through_the_hwpx_loader(exported):
    from assistant.chunking import chunk_document
    from assistant.loaders import load_document

    doc = load_document(exported)
    assert doc.fmt == "hwpx"
    text = re.sub(r"\s+", "", " ".join(c.text for c in chunk_document(doc)))
    for q in QUESTIONS:
        assert re.sub(r"\s+", "", q) in text
    for ref in build_layout(make_draft()).references:
        assert re.sub(r"\s+", "", ref.quote) in text and re.sub(r"\s+", "", ref.title) in text
    assert "근거" in text and "출처:[3],[4]" in text


def test_export_command_writes_hwpx(tmp_path):
    out = export_command(QUESTIONS, "hwpx", tmp_path / "draft.hwpx", _fake_ask([]), title="한글 초안")
    with zipfile.ZipFile(out) as z:
        assert "한글 초안" in z.read("Contents/section0.xml").decode()
