"""file → Document. Formats are told apart by content, not by extension.

Each loader is a function `load(path, data) -> Document` registered in `LOADERS` under
the format name `sniff_format` returns; adding a format is a new module plus one entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from ..errors import IngestError
from ..metadata import infer_metadata
from ..models import Document
from . import text as _text

Loader = Callable[[Path, bytes], Document]
LOADERS: dict[str, Loader] = {"txt": _text.load}
SUPPORTED_SUFFIXES = {".txt", ".md", ".text", ".markdown"}


def register(fmt: str, loader: Loader, *suffixes: str) -> None:
    LOADERS[fmt] = loader
    SUPPORTED_SUFFIXES.update(suffixes)


def sniff_format(data: bytes, suffix: str = "") -> str:
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "hwp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    stripped = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<HWPML"):
        return "hwpml" if b"HWPML" in data[:2000] else "xml"
    return "txt"


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
        raise IngestError(str(path), f"지원하지 않는 형식입니다({fmt})", f"unsupported format ({fmt})")
    doc = loader(path, data)
    doc.content_hash = content_hash(data)
    infer_metadata(doc)
    if not doc.text.strip():
        raise IngestError(str(path), "추출된 텍스트가 없습니다", "no text could be extracted")
    return doc
