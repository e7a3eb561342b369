"""HWP 5.0 loader, on files built here: a tiny compound-file (CFB/OLE) writer plus HWP records."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import olefile
import pytest

from assistant.chunking import chunk_document
from assistant.errors import IngestError
from assistant.loaders import load_document, unpack
from assistant.loaders.hwp_records import para_text

# --- a minimal compound file writer (version 3, 512-byte sectors); olefile only reads ---------

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """Streams by path ("BodyText/Section0"); storages are implied. Small streams go to the mini stream."""
    # directory tree: (name, kind, data, children); kind 5 root, 1 storage, 2 stream
    root: dict = {"name": "Root Entry", "kind": 5, "children": {}}
    for path, data in streams.items():
        node = root
        *dirs, leaf = path.split("/")
        for d in dirs:
            node = node["children"].setdefault(d, {"name": d, "kind": 1, "children": {}})
        node["children"][leaf] = {"name": leaf, "kind": 2, "data": data, "children": {}}
    entries: list[dict] = []

    def number(node: dict) -> None:
        node["id"] = len(entries)
        entries.append(node)
        for child in node["children"].values():
            number(child)

    number(root)
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes) -> int:
        if not data:
            return END
        first = len(sectors)
        n = -(-len(data) // SECTOR)
        for i in range(n):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(first + i + 1 if i < n - 1 else END)
        return first

    mini, minifat = b"", []
    for e in entries:
        data = e.get("data")
        if data is None:
            e["start"], e["size"] = 0, 0
        elif len(data) >= CUTOFF:
            e["start"], e["size"] = chain(data), len(data)
        else:
            first, n = len(mini) // MINI, -(-len(data) // MINI)
            minifat += [first + i + 1 if i < n - 1 else END for i in range(n)]
            mini += data.ljust(n * MINI, b"\0")
            e["start"], e["size"] = (first if data else END), len(data)
    root["start"], root["size"] = chain(mini), len(mini)
    minifat_start = chain(b"".join(struct.pack("<I", x) for x in minifat))
    n_minifat = -(-len(minifat) * 4 // SECTOR)

    for e in entries:  # siblings as a right-leaning chain in the format's name order: a valid search tree
        kids = sorted(e["children"].values(), key=lambda k: (len(k["name"]), k["name"].upper()))
        e["child"] = kids[0]["id"] if kids else NOSTREAM
        for a, b in zip(kids, kids[1:]):
            a["right"] = b["id"]

    def direntry(e: dict) -> bytes:
        name = e["name"].encode("utf-16-le") + b"\0\0"
        return (
            name.ljust(64, b"\0") + struct.pack("<HBB", len(name), e["kind"], 1)
            + struct.pack("<III", NOSTREAM, e.get("right", NOSTREAM), e["child"])
            + b"\0" * 36 + struct.pack("<IQ", e["start"], e["size"])
        )

    dir_bytes = b"".join(direntry(e) for e in entries)
    dir_start = chain(dir_bytes.ljust(-(-len(dir_bytes) // SECTOR) * SECTOR, b"\0"))
    n_fat = -(-len(sectors) // (SECTOR // 4 - 1))
    fat_ids = list(range(len(sectors), len(sectors) + n_fat))
    fat += [FATSECT] * n_fat
    fat += [FREE] * (n_fat * SECTOR // 4 - len(fat))
    fat_bytes = b"".join(struct.pack("<I", x) for x in fat)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, CUTOFF, minifat_start if minifat else END, n_minifat, END, 0)
        + b"".join(struct.pack("<I", x) for x in fat_ids + [FREE] * (109 - n_fat))
    )
    return header + b"".join(sectors) + fat_bytes


# --- HWP 5.0 records ---------------------------------------------------------------------------

PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER, TABLE, STYLE = 66, 67, 71, 72, 77, 26


def rec(tag: int, level: int, data: bytes) -> bytes:
    if len(data) < 0xFFF:
        return struct.pack("<I", tag | level << 10 | len(data) << 20) + data
    return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(data)) + data


def ext(code: int, cid: str) -> bytes:
    """An extended control in PARA_TEXT: 8 WCHARs (code, control id, reserved, code)."""
    return struct.pack("<H", code) + cid[::-1].encode("latin-1") + b"\0" * 8 + struct.pack("<H", code)


def para(level: int, pieces: list, style: int = 0, controls: bytes = b"") -> bytes:
    """A paragraph: pieces are str or bytes (already encoded controls); `controls` its CTRL_HEADERs."""
    text = b"".join(p.encode("utf-16-le") if isinstance(p, str) else p for p in pieces) + b"\r\0"
    header = struct.pack("<IIHBBHHHI", len(text) // 2, 0, 0, style, 0, 1, 0, 1, 0)
    return rec(PARA_HEADER, level, header) + rec(PARA_TEXT, level + 1, text) + controls


def table(level: int, rows: list[list[str]], merged_last_row: bool = False) -> bytes:
    """A "tbl " control at `level` (the paragraph's level + 1) with its cells."""
    n_rows, n_cols = len(rows), len(rows[0])
    out = rec(CTRL_HEADER, level, "tbl "[::-1].encode() + b"\0" * 40)
    out += rec(TABLE, level + 1, struct.pack("<IHHH", 0, n_rows, n_cols, 0) + b"\0" * (8 + 2 * n_rows + 2))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if merged_last_row and r == n_rows - 1 and c > 0:
                continue  # covered by the merged first cell
            span = n_cols if merged_last_row and r == n_rows - 1 else 1
            cell = struct.pack("<HHI", 1, 0, 0) + struct.pack("<HHHH", c, r, span, 1) + b"\0" * 18
            out += rec(LIST_HEADER, level + 1, cell) + para(level + 1, [text])
    return out


def note(level: int, cid: str, text: str) -> bytes:
    return rec(CTRL_HEADER, level, cid[::-1].encode() + b"\0" * 4) + rec(LIST_HEADER, level + 1, b"\1\0\0\0" + b"\0" * 4) + para(level + 1, [text])


def style(name: str, eng: str) -> bytes:
    enc = lambda s: struct.pack("<H", len(s)) + s.encode("utf-16-le")  # noqa: E731
    return rec(STYLE, 1, enc(name) + enc(eng) + b"\0" * 10)


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


TAB = b"\t\0" + b"\0" * 12 + b"\t\0"  # inline control: 8 WCHARs
ROWS = [["구분", "2024년", "2025년"], ["운영비", "1,200", "1,350"], ["합계 2,550", "", ""]]


def section0() -> bytes:
    return b"".join([
        para(0, ["Ⅰ. 검토 개요"], style=1),
        para(0, ["이 조례안은 도서관의", TAB, "운영 시간을", b"\n\0", "연장하려는 것임.", ext(17, "fn  ")],
             controls=note(1, "fn  ", "도서관법 제2조 참조.")),
        # a field (hyperlink) before a table in the same paragraph: CTRL_HEADERs in text order
        para(0, [ext(3, "%hlk"), "표 앞", struct.pack("<H", 4) + b"\0" * 14, ext(11, "tbl "), "표 뒤"],
             controls=rec(CTRL_HEADER, 1, "%hlk"[::-1].encode() + b"\0" * 8) + table(1, ROWS, merged_last_row=True)),
    ])


def section1() -> bytes:
    return para(0, ["Ⅱ. 검토 의견"], style=1) + para(0, ["타당한 것으로 판단됨."])


def file_header(flags: int = 1) -> bytes:
    return b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", 0x05000300, flags) + b"\0" * 216


def hwp_bytes(flags: int = 1, extra: dict[str, bytes] | None = None, body: bytes | None = None) -> bytes:
    pack = deflate if flags & 1 else (lambda b: b)
    docinfo = rec(16, 0, b"\0" * 26) + style("바탕글", "Normal") + style("개요 1", "Outline 1")
    streams = {
        "FileHeader": file_header(flags),
        "DocInfo": pack(docinfo),
        "BodyText/Section0": pack(section0() if body is None else body),
        "BodyText/Section1": pack(section1()),
    }
    streams.update(extra or {})
    return write_cfb(streams)


@pytest.fixture()
def hwp_path(tmp_path) -> Path:
    path = tmp_path / "검토보고서.hwp"
    path.write_bytes(hwp_bytes())
    return path


def test_cfb_writer_round_trips_through_olefile(tmp_path):
    big = bytes(range(256)) * 40  # over the mini-stream cutoff
    data = write_cfb({"FileHeader": b"abc", "BodyText/Section0": big, "BodyText/Section1": b"x" * 100})
    ole = olefile.OleFileIO(data)
    assert sorted(ole.listdir()) == [["BodyText", "Section0"], ["BodyText", "Section1"], ["FileHeader"]]
    assert ole.openstream("BodyText/Section0").read() == big and ole.openstream("FileHeader").read() == b"abc"


def test_para_text_controls():
    data = "가".encode("utf-16-le") + TAB + "나\n".encode("utf-16-le") + ext(11, "tbl ") + "다\r".encode("utf-16-le")
    assert para_text(data) == ["가\t나\n", 11, "다"]
    # a control code's bytes at an odd offset (inside a character) is not a control
    assert para_text("\u0a00\u0d0b".encode("utf-16-le")) == ["\u0a00\u0d0b"]


def test_hwp_paragraphs_table_notes_in_order(hwp_path):
    doc = load_document(hwp_path)
    assert doc.fmt == "hwp"
    assert [(b.kind, b.style, b.text if b.rows else b.text.rstrip(" ")) for b in doc.blocks] == [
        ("line", "heading1", "Ⅰ. 검토 개요"),
        ("line", None, "이 조례안은 도서관의 운영 시간을 \n연장하려는 것임."),  # a line break is a word break
        ("line", "footnote", "도서관법 제2조 참조."),  # its footnote, right after it
        ("line", None, "표 앞"),
        ("table", None, "구분 | 2024년 | 2025년\n운영비 | 1,200 | 1,350\n합계 2,550 |  | "),
        ("line", None, "표 뒤"),
        ("line", "heading1", "Ⅱ. 검토 의견"),
        ("line", None, "타당한 것으로 판단됨."),
    ]
    assert doc.blocks[4].rows == ROWS
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text


def test_hwp_chunks_hold_text_and_table(hwp_path):
    chunks = chunk_document(load_document(hwp_path))
    tables = [c for c in chunks if c.kind == "table"]
    assert len(tables) == 1 and "운영비 | 1,200 | 1,350" in tables[0].text
    assert tables[0].section == ["Ⅰ. 검토 개요"]
    assert any("타당한 것으로 판단됨." in c.text for c in chunks)
    assert any("운영 시간을 연장하려는 것임." in c.text for c in chunks)  # rejoined with its space


def test_hwp_uncompressed_and_large_records(tmp_path):
    long_text = "가나다라마바사아자차" * 300  # PARA_TEXT over 4095 bytes: the extended size field
    path = tmp_path / "plain.hwp"
    path.write_bytes(hwp_bytes(flags=0, body=para(0, [long_text])))
    assert load_document(path).blocks[0].text.rstrip() == long_text


@pytest.mark.parametrize("flags", [1 | 2, 1 | 4, 1 | 16])
def test_hwp_encrypted_or_distribution_refused(tmp_path, flags):
    path = tmp_path / "secret.hwp"
    path.write_bytes(hwp_bytes(flags=flags))
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "secret.hwp" in str(e.value)
    assert e.value.ko == "암호화/배포용 문서는 읽을 수 없습니다" and "encrypted" in e.value.en


def test_hwp_viewtext_storage_refused(tmp_path):
    path = tmp_path / "dist.hwp"
    path.write_bytes(hwp_bytes(extra={"ViewText/Section0": b"\0" * 300}))
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "배포용" in e.value.ko


def test_ole_without_fileheader_is_not_hwp(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(write_cfb({"WordDocument": b"\0" * 600}))
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "old.doc" in str(e.value) and "OLE" in e.value.ko and "not HWP" in e.value.en


def test_hwp_corrupt_body_and_container(tmp_path, hwp_path):
    truncated = tmp_path / "cut.hwp"
    truncated.write_bytes(hwp_bytes(body=section0()[:-7]))  # last record runs past the end
    with pytest.raises(IngestError) as e:
        load_document(truncated)
    assert "cut.hwp" in str(e.value) and "손상" in e.value.ko and "corrupt" in e.value.en

    garbage = tmp_path / "garbage.hwp"
    garbage.write_bytes(hwp_bytes(extra={"BodyText/Section0": b"not deflate at all" * 10}))
    with pytest.raises(IngestError) as e:
        load_document(garbage)
    assert "압축" in e.value.ko

    half = tmp_path / "half.hwp"
    half.write_bytes(hwp_path.read_bytes()[:1000])
    with pytest.raises(IngestError) as e:
        load_document(half)
    assert "half.hwp" in str(e.value) and "corrupt" in e.value.en


def test_hwp_inflate_budget(hwp_path, monkeypatch):
    monkeypatch.setattr(unpack, "LIMITS", unpack.Limits(max_total_bytes=100))
    with pytest.raises(IngestError) as e:
        load_document(hwp_path)
    assert "decompression bomb" in e.value.en
