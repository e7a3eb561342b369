"""file → Document. Formats are told apart by content, not by extension.

Each loader is a function `load(path, data) -> Document` registered in `LOADERS` under
the format name `sniff_format` returns; adding a format is a new module plus one entry.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..errors import IngestError
from ..metadata import infer_metadata
from ..models import Document
from . import docx as _docx
from . import hwp as _hwp
from . import hwpx as _hwpx
from . import pdf as _pdf
from . import text as _text

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
    if b"\x00" in data[:4096] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return "binary"  # NUL bytes and no UTF-16 byte order mark: not text
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


def load_document(path: str | Path, max_bytes: int | None = None) -> Document:
    """Read one file into a Document, or raise IngestError naming the file and the cause."""
    path = Path(path)
    if not path.is_file():
        raise IngestError(str(path), "파일이 없습니다", "file not found")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise IngestError(
            str(path), f"파일이 너무 큽니다({size / 1e6:.0f} MB > {max_bytes / 1e6:.0f} MB)",
            f"file too large ({size / 1e6:.0f} MB > limit {max_bytes / 1e6:.0f} MB)",
        )
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(str(path), "빈 파일입니다", "empty file")
    fmt = sniff_format(data, path.suffix.lower())
    loader = LOADERS.get(fmt)
    if loader is None:
        ko, en = UNSUPPORTED.get(fmt, (fmt, fmt))
        raise IngestError(str(path), f"지원하지 않는 형식입니다: {ko}", f"unsupported format: {en}")
    doc = loader(path, data)
    doc.content_hash = content_hash(data)
    infer_metadata(doc)
    if not doc.text.strip():
        raise IngestError(str(path), "추출된 텍스트가 없습니다", "no text could be extracted")
    return doc
