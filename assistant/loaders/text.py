"""Plain text and Markdown: UTF-8 (with or without BOM), CP949/EUC-KR detected by decoding."""

from __future__ import annotations

from pathlib import Path

from ..errors import IngestError
from ..models import Block, Document


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Return (text, encoding). Tries strict decodes in order of likelihood, then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    for enc in ("utf-8", "cp949"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    # UTF-8 with a few broken bytes (a file cut mid-character, one bad copy): keep the text
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(1, len(data) // 1000):
        return text, f"utf-8 ({bad} undecodable bytes replaced)"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding and best.coherence > 0.2:
        return str(best), best.encoding
    raise IngestError(str(path), "텍스트 인코딩을 알 수 없습니다(UTF-8/CP949 아님)", "undecodable bytes (not UTF-8 or CP949)")


def line_blocks(text: str) -> list[Block]:
    blocks, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(Block("line", line, pos, pos + len(line)))
        pos += len(line) + 1
    return blocks


def load(path: Path, data: bytes) -> Document:
    text, enc = decode(path, data)
    if "\x00" in text:
        raise IngestError(str(path), "텍스트 파일이 아닙니다(이진 데이터)", "not a text file (binary data)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    doc = Document(doc_id=path.name, path=str(path), text=text, blocks=line_blocks(text), content_hash="", fmt="txt")
    if enc not in ("utf-8", "utf-8-sig"):
        doc.warnings.append(f"encoding: {enc}")
    return doc
