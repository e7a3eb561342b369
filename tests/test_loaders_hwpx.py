"""HWPX loader: a minimal OWPML package assembled here; ZIP-bomb and broken-package handling."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.errors import IngestError
from assistant.loaders import load_document, sniff_format, unpack

NS = (
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" '
    'xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"'
)
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container">
<ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/></ocf:rootfiles>
</ocf:container>"""
HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<hh:head {NS}><hh:refList><hh:styles>
<hh:style id="0" type="PARA" name="바탕글" engName="Normal"/>
<hh:style id="2" type="PARA" name="개요 1" engName="Outline 1"/>
</hh:styles></hh:refList></hh:head>"""


def content_hpf(sections: list[str]) -> str:
    items = "".join(f'<opf:item id="s{i}" href="Contents/{s}" media-type="application/xml"/>' for i, s in enumerate(sections))
    refs = "".join(f'<opf:itemref idref="s{i}"/>' for i in range(len(sections)))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>
<opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>{items}
</opf:manifest><opf:spine><opf:itemref idref="header"/>{refs}</opf:spine></opf:package>"""


def para(text: str, style: int = 0) -> str:
    return f'<hp:p styleIDRef="{style}"><hp:run charPrIDRef="0"><hp:t>{text}</hp:t></hp:run></hp:p>'


def cell(row: int, col: int, text: str, span: int = 1) -> str:
    return (
        f'<hp:tc><hp:subList>{para(text)}</hp:subList><hp:cellAddr colAddr="{col}" rowAddr="{row}"/>'
        f'<hp:cellSpan colSpan="{span}" rowSpan="1"/></hp:tc>'
    )


SECTION0 = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<hs:sec {NS}>
<hp:p styleIDRef="0"><hp:run><hp:secPr/><hp:ctrl><hp:colPr/></hp:ctrl></hp:run><hp:run><hp:t>서울특별시의회</hp:t></hp:run></hp:p>
{para("Ⅰ. 검토 개요", style=2)}
<hp:p styleIDRef="0"><hp:run><hp:t>이 조례안은 공공도서관</hp:t></hp:run><hp:run><hp:t>의 운영 시간을<hp:tab/>연장하려는 것임.</hp:t></hp:run>
<hp:run><hp:ctrl><hp:footNote number="1"><hp:subList>{para("도서관법 제2조 참조.")}</hp:subList></hp:footNote></hp:ctrl></hp:run></hp:p>
<hp:p styleIDRef="0"><hp:run><hp:tbl rowCnt="3" colCnt="3">
<hp:caption><hp:subList>{para("&lt;표 1&gt; 예산 현황")}</hp:subList></hp:caption>
<hp:tr>{cell(0, 0, "구분")}{cell(0, 1, "2024년")}{cell(0, 2, "2025년")}</hp:tr>
<hp:tr>{cell(1, 0, "운영비")}{cell(1, 1, "1,200")}{cell(1, 2, "1,350")}</hp:tr>
<hp:tr>{cell(2, 0, "합계 2,550", span=3)}</hp:tr>
</hp:tbl></hp:run></hp:p>
<hp:p styleIDRef="0"><hp:run><hp:t>표 다음 문단입니다.</hp:t></hp:run>
<hp:run><hp:rect><hp:drawText><hp:subList>{para("글상자 안의 문장.")}</hp:subList></hp:drawText></hp:rect></hp:run></hp:p>
</hs:sec>"""
SECTION1 = f"""<?xml version="1.0" encoding="UTF-8"?>
<hs:sec {NS}>{para("Ⅱ. 검토 의견", style=2)}{para("타당한 것으로 판단됨.")}</hs:sec>"""


def package(members: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")  # first and stored, as in real files
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def hwpx_bytes(sections: dict[str, str] | None = None) -> bytes:
    sections = sections or {"section0.xml": SECTION0, "section1.xml": SECTION1}
    members: dict[str, str | bytes] = {
        "version.xml": '<?xml version="1.0"?><hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version"/>',
        "META-INF/container.xml": CONTAINER,
        "Contents/content.hpf": content_hpf(list(sections)),
        "Contents/header.xml": HEADER,
    }
    members.update({f"Contents/{name}": xml for name, xml in sections.items()})
    return package(members)


@pytest.fixture()
def hwpx_path(tmp_path) -> Path:
    path = tmp_path / "검토보고서.hwpx"
    path.write_bytes(hwpx_bytes())
    return path


def test_hwpx_paragraphs_tables_notes_in_order(hwpx_path):
    doc = load_document(hwpx_path)
    assert doc.fmt == "hwpx"
    texts = [b.text if b.rows else b.text.rstrip(" ") for b in doc.blocks]
    assert texts == [
        "서울특별시의회",
        "Ⅰ. 검토 개요",
        "이 조례안은 공공도서관의 운영 시간을 연장하려는 것임.",  # runs joined, <hp:tab/> as a space
        "도서관법 제2조 참조.",  # its footnote, right after it
        "<표 1> 예산 현황",
        "구분 | 2024년 | 2025년\n운영비 | 1,200 | 1,350\n합계 2,550 |  | ",
        "표 다음 문단입니다.",
        "글상자 안의 문장.",
        "Ⅱ. 검토 의견",  # section 1 after section 0
        "타당한 것으로 판단됨.",
    ]
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
    table = doc.blocks[5]
    assert table.kind == "table" and table.rows == [["구분", "2024년", "2025년"], ["운영비", "1,200", "1,350"], ["합계 2,550", "", ""]]
    assert [doc.blocks[i].style for i in (1, 3, 4)] == ["heading1", "footnote", "caption"]


def test_hwpx_chunks_hold_text_and_table(hwpx_path):
    chunks = chunk_document(load_document(hwpx_path))
    joined = "\n".join(c.text for c in chunks)
    assert "공공도서관의 운영 시간을" in joined and "타당한 것으로 판단됨." in joined
    tables = [c for c in chunks if c.kind == "table"]
    assert len(tables) == 1 and "운영비 | 1,200 | 1,350" in tables[0].text
    assert "<표 1> 예산 현황" in joined


def test_hwpx_sniffed_by_content_not_extension(tmp_path):
    path = tmp_path / "report.bin"
    path.write_bytes(hwpx_bytes())
    assert sniff_format(path.read_bytes()) == "hwpx"
    assert "타당한 것으로" in load_document(path).text


def test_hwpx_entity_expansion_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE sec [<!ENTITY a "하하하하하하하하하하">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<hs:sec {NS}><hp:p><hp:run><hp:t>본문 &b;</hp:t></hp:run></hp:p></hs:sec>'
    )
    path = tmp_path / "entities.hwpx"
    path.write_bytes(hwpx_bytes({"section0.xml": bomb}))
    doc = load_document(path)
    assert "하하" not in doc.text and doc.text.startswith("본문")


def test_hwpx_zip_bomb_refused_before_inflating(tmp_path):
    # 20 MB of one repeated character deflates to ~20 KB: ratio ~1000:1
    zeros = b"<hs:sec>" + b"0" * (20 * 2**20) + b"</hs:sec>"
    path = tmp_path / "bomb.hwpx"
    path.write_bytes(package({"Contents/section0.xml": zeros}))
    assert path.stat().st_size < 200_000
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "bomb.hwpx" in str(e.value) and "압축 폭탄" in e.value.ko and "decompression bomb" in e.value.en


def test_hwpx_bomb_in_mimetype_member_is_not_inflated_by_sniffing(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", b"application/hwp+zip" + b" " * (20 * 2**20))  # 20 MB, ~20 KB packed
        zf.writestr("Contents/section0.xml", SECTION1)
    path = tmp_path / "sneaky.hwpx"
    path.write_bytes(buf.getvalue())
    assert sniff_format(path.read_bytes()) == "hwpx"
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "decompression bomb" in e.value.en


def test_hwpx_total_size_limit_is_configurable(hwpx_path, monkeypatch):
    monkeypatch.setattr(unpack, "LIMITS", unpack.Limits(max_total_bytes=1000))
    with pytest.raises(IngestError) as e:
        load_document(hwpx_path)
    assert "uncompressed" in e.value.en


def test_hwpx_truncated_package(hwpx_path):
    data = hwpx_path.read_bytes()
    hwpx_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as e:
        load_document(hwpx_path)
    assert hwpx_path.name in str(e.value) and "손상" in e.value.ko and "corrupt" in e.value.en


def test_hwpx_malformed_section_xml(tmp_path):
    path = tmp_path / "broken.hwpx"
    path.write_bytes(hwpx_bytes({"section0.xml": f"<hs:sec {NS}><hp:p><hp:run><hp:t>끝나지 않은"}))
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "broken.hwpx" in str(e.value) and "section0.xml" in e.value.en


def test_hwpx_without_sections(tmp_path):
    path = tmp_path / "empty.hwpx"
    path.write_bytes(package({"Contents/header.xml": HEADER}))
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "section" in e.value.en


def test_hwpx_encrypted_package(tmp_path):
    manifest = '<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><odf:file-entry><odf:encryption-data/></odf:file-entry></odf:manifest>'
    path = tmp_path / "secret.hwpx"
    data = hwpx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {n: src.read(n) for n in src.namelist() if n != "mimetype"}
    members["META-INF/manifest.xml"] = manifest
    path.write_bytes(package(members))
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "암호화" in e.value.ko and "encrypted" in e.value.en
