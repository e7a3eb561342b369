"""Plain text and Markdown: UTF-8 (with or without BOM), CP949/EUC-KR detected by decoding.

Markdown (front matter or `#` headings, see markdown.py) is parsed into metadata and headings.
Plain text comes in two layouts, told apart by `is_pdf_dump`:
- a text dump of a PDF puts a blank line between the lines its layout wrapped, often in the
  middle of a Korean word: one block per line, and the chunker rejoins wrapped lines (with a
  space only where the line kept a trailing one);
- any other text: a line break is a word boundary and a blank line ends a paragraph, so each
  paragraph (consecutive non-blank lines) is one block with style "paragraph" and its lines
  are joined with a space.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import IngestError
from ..models import Block, Document
from . import markdown


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


# how a sentence or a whole line item ends (reports: 음/함/임/됨; statutes: 다.; notes: >, ))
_ENDS = re.compile(r"(?:[음함임됨다요]|것)\s*[.。]?$|[.。!?:：>)」\]]$")
_MARKED = re.compile(r"^(?:[□■◦○ㅇ●◎◇◆∎▪▫▸▶►➢→※*·•①-⑳ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ<\[(（-]|\d{1,2}\s*[.)]|[가나다라마바사아자차카타파하]\s*[.)]|제\s*\d+\s*[조장절편관])")


def is_pdf_dump(text: str) -> bool:
    """True for a PDF text dump: most lines are followed by a blank line, and many of those
    lines were cut by the layout — they end with the space the wrap fell on, or they run to
    the common line width without ending a sentence and the next line carries on unmarked.

    A hand-written text with blank lines between paragraphs has the first trait but not the
    second: its paragraphs end their sentences and its short headings are not wrapped lines.
    """
    lines = text.split("\n")
    nonblank = [(i, ln) for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) < 4:
        return False
    pairs = list(zip(nonblank, nonblank[1:]))
    spaced = [(a, b) for a, b in pairs if b[0] - a[0] > 1]
    if len(spaced) < 0.6 * len(pairs):
        return False
    lengths = sorted(len(ln.strip()) for _, ln in nonblank)
    width = lengths[int(len(lengths) * 0.9)]
    cut = 0
    for (_, a), (_, b) in spaced:
        stripped = a.strip()
        if a != a.rstrip() and not _ENDS.search(stripped):
            cut += 1  # the layout wrapped at a space and kept it
        elif len(stripped) >= 0.7 * width and not _ENDS.search(stripped) and not _MARKED.match(b.strip()):
            cut += 1  # ran to the margin mid-sentence (often mid-word)
    return cut >= max(2, 0.15 * len(spaced))


def paragraph_blocks(text: str) -> list[Block]:
    """One "paragraph" block per run of non-blank lines."""
    blocks: list[Block] = []
    start = end = None
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if start is None:
                start = pos
            end = pos + len(line)
        elif start is not None:
            blocks.append(Block("line", text[start:end], start, end, style="paragraph"))
            start = None
        pos += len(line) + 1
    if start is not None:
        blocks.append(Block("line", text[start:end], start, end, style="paragraph"))
    return blocks


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
    if markdown.looks_like_markdown(text, path.suffix):
        doc = markdown.load_text(path, text)
    else:
        blocks = line_blocks(text) if is_pdf_dump(text) else paragraph_blocks(text)
        doc = Document(doc_id=path.name, path=str(path), text=text, blocks=blocks, content_hash="", fmt="txt")
    if enc not in ("utf-8", "utf-8-sig"):
        doc.warnings.append(f"encoding: {enc}")
    return doc
