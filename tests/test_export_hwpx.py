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


def _body_text(p) -> str:
    """A paragraph's own text with each footnote as «n» (its number), as a reader sees the marks."""
    out = []
    for run in p.findall(f"{HP}run"):
        for child in run:
            if child.tag == f"{HP}t":
                out.append(child.text or "")
            for note in child.iter(f"{HP}footNote"):
                out.append(f"«{note.get('number')}»")
    return "".join(out)


def test_footnotes_one_per_source_numbered_as_the_source_list(exported):
    """Same scheme as the DOCX: footnote n = 출처 [n], one per source, at its first citation;
    a later citation repeats the number as "n)"."""
    from lxml import etree

    with zipfile.ZipFile(exported) as z:
        section = etree.fromstring(z.read("Contents/section0.xml"))
    refs = build_layout(make_draft()).references
    notes = section.findall(f".//{HP}footNote")
    assert [n.get("number") for n in notes] == [str(r.number) for r in refs] == ["1", "2", "3", "4", "5"]
    for note, ref in zip(notes, refs):
        auto = note.find(f".//{HP}autoNum")
        assert auto.get("num") == str(ref.number) and auto.get("numType") == "FOOTNOTE"
        assert "".join(t.text or "" for t in note.iter(f"{HP}t")) == ref.footnote_text()  # no "[n]" prefix
    body = [_body_text(p) for p in section.findall(f"{HP}p")]
    assert "조례 제4조의3은 재위탁 시 의회 동의를 받도록 정합니다«1»." in body
    assert "재계약 배제 대상입니다«3»." in body
    assert "    · 출처: [3], [4]«4»" in body  # [3] is footnoted above already; [4] is cited first here
    assert "평균은 79.05점입니다«5». 75점 미만이면 재계약에서 배제됩니다3)." in body
    listed = [line for line in body if line.startswith("[") and "]" in line]
    assert [line.split("]", 1)[0] + "]" for line in listed] == [f"[{r.number}]" for r in refs]


def test_header(exported):
    from lxml import etree

    with zipfile.ZipFile(exported) as z:
        section = etree.fromstring(z.read("Contents/section0.xml"))
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
