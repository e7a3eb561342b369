"""Loading in general: sniffing by content, text encodings, and bad input of every kind."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest

from assistant.chunking import chunk_document
from assistant.errors import IngestError
from assistant.loaders import load_document, safe_name, sniff_format

KOREAN = "제1조(목적) 이 조례는 서울특별시 공공도서관의 운영에 필요한 사항을 규정함을 목적으로 한다.\n"
PNG = bytes.fromhex("89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C489")


def load_bytes(tmp_path, name: str, data: bytes, **kw):
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, **kw)


def refused(tmp_path, name: str, data: bytes, **kw) -> IngestError:
    with pytest.raises(IngestError) as e:
        load_bytes(tmp_path, name, data, **kw)
    assert name in str(e.value) and e.value.ko and e.value.en  # names the file, says why in both languages
    return e.value


# --- text encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["euc-kr", "cp949"])
def test_legacy_korean_encodings(tmp_path, encoding):
    text = KOREAN + "② 똠방각하 같은 확장 완성형 글자도 읽는다.\n" if encoding == "cp949" else KOREAN
    doc = load_bytes(tmp_path, "조례.txt", text.encode(encoding))
    assert doc.text == text and doc.warnings == ["encoding: cp949"]
    assert any("공공도서관의 운영" in c.text for c in chunk_document(doc))


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf" + KOREAN.encode(), KOREAN.encode("utf-16"), KOREAN.replace("\n", "\r\n").encode()])
def test_utf8_bom_utf16_and_crlf(tmp_path, data):
    assert load_bytes(tmp_path, "a.txt", data).text == KOREAN


def test_utf8_with_a_few_broken_bytes_is_kept_with_warning(tmp_path):
    data = (KOREAN * 20).encode() + "끝".encode()[:2]  # cut in the middle of the last character
    doc = load_bytes(tmp_path, "cut.txt", data)
    assert doc.text.startswith(KOREAN) and "undecodable bytes replaced" in doc.warnings[0]


def test_undecodable_bytes(tmp_path):
    e = refused(tmp_path, "mystery.txt", bytes(range(0x80, 0x100)) * 8)
    assert "인코딩" in e.ko and "undecodable" in e.en


# --- sniffing by content ------------------------------------------------------------------------


def test_extension_does_not_decide(tmp_path):
    doc = load_bytes(tmp_path, "looks.pdf", KOREAN.encode("cp949"))
    assert doc.fmt == "txt" and "공공도서관" in doc.text


@pytest.mark.parametrize(
    "data, fmt",
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "hwp"),
        (PNG, "image"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "image"),
        (b"\x1f\x8b\x08\0", "binary"),
        (b"abc\0def", "binary"),
        (b'<?xml version="1.0"?><HWPML Version="2.8">', "hwpml"),
        (b"PK\x03\x04garbage", "broken-zip"),
        (KOREAN.encode(), "txt"),
    ],
)
def test_sniff_format(data, fmt):
    assert sniff_format(data) == fmt


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n "])
def test_empty_file(tmp_path, data):
    e = refused(tmp_path, "empty.txt", data)
    assert "빈 파일" in e.ko and "empty" in e.en


def test_file_over_size_limit(tmp_path):
    e = refused(tmp_path, "big.txt", KOREAN.encode() * 10, max_bytes=100)
    assert "너무 큽니다" in e.ko and "too large" in e.en


def test_missing_file(tmp_path):
    with pytest.raises(IngestError) as e:
        load_document(tmp_path / "없음.hwp")
    assert "없음.hwp" in str(e.value) and "not found" in e.value.en


@pytest.mark.parametrize(
    "name, data, en",
    [
        ("scan.png", PNG + b"\0" * 64, "image"),
        ("scan.hwp", PNG + b"\0" * 64, "image"),  # a wrong extension changes nothing
        ("archive.zip", zip_bytes({"a.txt": b"hello"}), "neither HWPX nor DOCX"),
        ("broken.hwpx", b"PK\x03\x04" + b"\0" * 100, "corrupt or truncated ZIP"),
        ("legacy.xml", b'<?xml version="1.0"?><HWPML Version="2.8"><BODY/></HWPML>', "HWPML"),
        ("program.bin", b"\x7fELF\x02\x01\x01" + b"\0" * 100, "binary"),
    ],
)
def test_unsupported_types(tmp_path, name, data, en):
    e = refused(tmp_path, name, data)
    assert "지원하지 않는 형식" in e.ko and en in e.en


# --- names of uploaded files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, safe",
    [
        ("검토보고서.pdf", "검토보고서.pdf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("C:\\Users\\의회\\회의록.hwp", "C:_Users_의회_회의록.hwp"),
        ("보고서\x00.pdf\n", "보고서.pdf"),
        ("\u202eexe.pdf", "exe.pdf"),  # right-to-left override, used to disguise extensions
        (".hidden.txt", "hidden.txt"),
        (unicodedata.normalize("NFD", "회의록.hwp"), "회의록.hwp"),  # macOS uploads are NFD
        ("dir/\udcff.txt", "dir_.txt"),  # a lone surrogate from undecodable name bytes
    ],
)
def test_safe_name(raw, safe):
    assert safe_name(raw) == safe
    assert safe_name(safe) == safe  # idempotent


def test_safe_name_keeps_extension_when_too_long():
    name = safe_name("가" * 200 + ".hwpx")
    assert name.endswith(".hwpx") and len(name.encode()) <= 255


@pytest.mark.parametrize("raw", ["", "..", "/", "\x00\x01", " . "])
def test_safe_name_refuses_nothing_left(raw):
    with pytest.raises(IngestError):
        safe_name(raw)
