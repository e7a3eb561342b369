"""file → Document. Formats are told apart by content, not by extension.

Each loader is a function `load(path, data) -> Document` registered in `LOADERS` under
the format name `sniff_format` returns; adding a format is a new module plus one entry.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import IngestError
from ..limits import mib
from ..metadata import infer_metadata
from ..names import display_name, display_path
from ..models import Document
from . import docx as _docx
from . import hwp as _hwp
from . import hwpx as _hwpx
from . import pdf as _pdf
from . import text as _text
from .builder import READ_LIMITS, LimitExceeded

Loader = Callable[[Path, bytes], Document]
LOADERS: dict[str, Loader] = {
    "txt": _text.load, "pdf": _pdf.load, "hwp": _hwp.load, "hwpx": _hwpx.load, "docx": _docx.load,
}
SUPPORTED_SUFFIXES = {".txt", ".md", ".text", ".markdown", ".pdf", ".hwp", ".hwpx", ".docx"}
# Formats recognised only to be refused with a clear name: (Korean, English)
UNSUPPORTED = {
    "zip": ("HWPX/DOCX가 아닌 ZIP 파일", "a ZIP archive that is neither HWPX nor DOCX"),
    "broken-zip": ("손상되었거나 잘린 ZIP 패키지", "a corrupt or truncated ZIP package"),
    "hwpml": ("HWPML(XML) 문서 — HWPX나 HWP로 저장해 주세요", "HWPML (XML) document — save it as HWPX or HWP"),
    "xml": ("XML 파일", "an XML file"),
    "image": ("이미지 파일(OCR 미지원)", "an image file (no OCR)"),
    "binary": ("알 수 없는 이진 파일", "an unknown binary file"),
}
MAGIC = [  # binary formats that must not fall through to the text loader
    (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"II*\x00", "image"),
    (b"MM\x00*", "image"), (b"\x1f\x8b", "binary"), (b"Rar!", "binary"), (b"7z\xbc\xaf", "binary"),
    (b"\x7fELF", "binary"),
]


def register(fmt: str, loader: Loader, *suffixes: str) -> None:
    LOADERS[fmt] = loader
    SUPPORTED_SUFFIXES.update(suffixes)


def sniff_format(data: bytes, suffix: str = "") -> str:
    """The format by content alone; `suffix` is accepted for callers but never decides."""
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF"):  # some writers put junk before the header
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "hwp"  # any OLE file; the HWP loader refuses those without a FileHeader stream
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    stripped = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<HWPML"):
        return "hwpml" if b"HWPML" in data[:2000] else "xml"
    for magic, fmt in MAGIC:
        if head.startswith(magic):
            return fmt
    if b"\x00" in data[:4096] and data[:2] not in (b"\xff\xfe", b"\xfe\xff") and utf16_without_bom(data) is None:
        return "binary"  # NUL bytes, and neither a UTF-16 byte order mark nor UTF-16 text: not text
    return "txt"


def _sniff_zip(data: bytes) -> str:
    """Look inside a ZIP package (only its directory is read): HWPX, DOCX or another ZIP."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        with zf.open("mimetype") if "mimetype" in names else io.BytesIO() as fh:
            mimetype = fh.read(100)  # never more: a huge "mimetype" member must not be inflated
    except Exception:  # BadZipFile, zlib.error, NotImplementedError, …: the directory is unreadable
        return "broken-zip"
    if b"hwp+zip" in mimetype or "Contents/section0.xml" in names:
        return "hwpx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def _korean_or_ascii(ch: str) -> bool:
    code = ord(ch)
    return (
        0x20 <= code < 0x7F or ch in "\n\r\t"
        or 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F  # Hangul
        or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or 0x2010 <= code <= 0x2027  # punctuation
        or 0x2460 <= code <= 0x24FF or 0x25A0 <= code <= 0x25FF or 0x2160 <= code <= 0x217F  # ①, □○, Ⅰ
    )


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `data` (no byte order mark) reads as UTF-16 Korean or
    ASCII text, else None. In UTF-16 every ASCII character (space, newline, digit) has a zero
    byte on the same side — the odd bytes in little-endian, the even ones in big-endian; read
    with that byte order, the sample must be almost all Hangul, ASCII and common punctuation
    (binary data read as UTF-16 is mostly CJK ideographs and symbols)."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 16:
        return None
    encoding = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    text = sample.decode(encoding, errors="replace")
    good = sum(1 for ch in text if _korean_or_ascii(ch))
    return encoding if good >= 0.9 * len(text) else None


SEPARATORS = re.compile(r"[/\\]+")


def safe_name(name: str) -> str:
    """A file name that is safe as a doc id and as a file name in the corpus folder.

    Sanitises rather than rejects: Unicode is NFC-normalised (macOS sends NFD Hangul);
    control and format characters (C0/C1, DEL, bidi overrides, zero-width, lone
    surrogates from undecodable bytes) are removed;
    path separators become "_", so "../x" cannot leave the folder and "a/b" and "b" stay
    distinct; leading dots and spaces are stripped (no hidden files, no ".."); the result
    is cut to 255 UTF-8 bytes keeping the extension. Raises IngestError only when nothing
    usable remains. Idempotent: safe_name(safe_name(x)) == safe_name(x).
    """
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Zl", "Zp"))
    text = SEPARATORS.sub("_", text).lstrip(". ")
    if len(text.encode()) > 255:
        stem, dot, ext = text.rpartition(".")
        ext = dot + ext if dot and len(ext) <= 10 else ""
        stem = stem if ext else text
        while len((stem + ext).encode()) > 255:
            stem = stem[:-1]
        text = stem + ext
    text = text.rstrip(" ")
    if not text.strip("._ "):
        raise IngestError(repr(name), "파일 이름을 쓸 수 없습니다", "unusable file name")
    return text


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


UTF16_BOM = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


def load_document(
    path: str | Path, max_bytes: int | None = None, max_text_chars: int | None = None, max_blocks: int | None = None
) -> Document:
    """Read one file into a Document, or raise IngestError naming the file and the cause.

    Limits are checked before reading: a file over `max_bytes`, or a plain-text file (told by
    its first 8 KiB) over `max_text_chars` bytes, is refused from its size; the file is then
    read with a bound, so a file that grows meanwhile cannot slip past. Text extracted from
    any format is refused when longer than `max_text_chars` characters, and a document with
    more than `max_blocks` paragraphs/lines/tables (each costs memory in chunking) — a text
    file from its line count before decoding, other formats while they are read. Sizes are in MiB."""
    path = Path(path)
    where = display_path(path)
    try:
        st = path.stat()
    except OSError:
        raise IngestError(where, "파일이 없습니다", "file not found") from None
    if not stat.S_ISREG(st.st_mode):  # never open a FIFO (blocks) or a device
        raise IngestError(where, "일반 파일이 아닙니다(폴더·FIFO·장치)", "not a regular file (folder, FIFO or device)")
    _check_size(where, st.st_size, max_bytes, "")
    with open(path, "rb") as fh:
        head = fh.read(8192)
        if max_text_chars is not None and sniff_format(head) == "txt":
            _check_size(where, st.st_size, max_text_chars, "텍스트 ")
        fh.seek(0)
        data = fh.read(max_bytes + 1 if max_bytes is not None else -1)
    _check_size(where, len(data), max_bytes, "")  # grew while being read
    if not data.strip():
        raise IngestError(where, "빈 파일입니다", "empty file")
    fmt = sniff_format(data, path.suffix.lower())
    loader = LOADERS.get(fmt)
    if loader is None:
        ko, en = UNSUPPORTED.get(fmt, (fmt, fmt))
        raise IngestError(where, f"지원하지 않는 형식입니다: {ko}", f"unsupported format: {en}")
    digest = content_hash(data)
    if max_blocks is not None and fmt == "txt" and data.count(b"\n") > 2 * max_blocks:
        # a block is a non-blank line or paragraph: at most one per two line breaks (blank
        # lines between) — more line breaks than that and the file has too many blocks
        raise _too_many(where, f"> {2 * max_blocks:,}줄", f"> {2 * max_blocks:,} lines")
    if fmt == "txt" and b"\x00" in data[:4096] and data[:2] not in UTF16_BOM.values():
        encoding = utf16_without_bom(data)
        if encoding:  # the text loader decodes UTF-16 by its byte order mark
            data = UTF16_BOM[encoding] + data
    token = READ_LIMITS.set((max_text_chars, max_blocks))
    try:
        doc = loader(path, data)
    except LimitExceeded as exc:
        if max_text_chars is not None and exc.chars > max_text_chars:
            raise _too_long(where, exc.chars, max_text_chars) from None
        raise _too_many(where, f"> {max_blocks:,}개", f"> {max_blocks:,}") from None
    finally:
        READ_LIMITS.reset(token)
    doc.doc_id, doc.path, doc.content_hash = display_name(path.name), where, digest
    if max_text_chars is not None and len(doc.text) > max_text_chars:
        raise _too_long(where, len(doc.text), max_text_chars)
    if max_blocks is not None and len(doc.blocks) > max_blocks:
        raise _too_many(where, f"{len(doc.blocks):,}개 > {max_blocks:,}개", f"{len(doc.blocks):,} > {max_blocks:,}")
    infer_metadata(doc)
    if not doc.text.strip():
        raise IngestError(where, "추출된 텍스트가 없습니다", "no text could be extracted")
    return doc


def _too_long(where: str, chars: int, limit: int) -> IngestError:
    return IngestError(
        where, f"추출된 텍스트가 너무 깁니다({mib(chars)} > {mib(limit)}, 글자 수 기준)",
        f"extracted text too long ({mib(chars)} > {mib(limit)}, counted in characters)",
    )


def _too_many(where: str, ko: str, en: str) -> IngestError:
    return IngestError(
        where, f"문단·줄·표가 너무 많습니다({ko}) — 문서를 나누어 올려 주세요",
        f"too many paragraphs, lines and tables ({en}); split the document",
    )


def _check_size(where: str, size: int, limit: int | None, what: str) -> None:
    if limit is not None and size > limit:
        raise IngestError(
            where, f"{what}파일이 너무 큽니다({mib(size)} > {mib(limit)})",
            f"{'text ' if what else ''}file too large ({mib(size)} > limit {mib(limit)})",
        )
