"""HWP 5.0 record streams and paragraph text, written from the public format description
(한글 문서 파일 구조 5.0, Hancom).

A record header is one little-endian uint32: tag id (bits 0-9), level (bits 10-19),
size (bits 20-31; 0xFFF means the real size follows as another uint32). Levels make a
tree: a record is the child of the closest preceding record with a lower level.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass, field

HWPTAG_BEGIN = 16
PARA_HEADER = HWPTAG_BEGIN + 50  # 66
PARA_TEXT = HWPTAG_BEGIN + 51  # 67
CTRL_HEADER = HWPTAG_BEGIN + 55  # 71
LIST_HEADER = HWPTAG_BEGIN + 56  # 72
TABLE = HWPTAG_BEGIN + 61  # 77
STYLE = HWPTAG_BEGIN + 10  # 26, in DocInfo


@dataclass
class Record:
    tag: int
    level: int
    data: bytes
    children: list[Record] = field(default_factory=list)


def read_records(buf: bytes) -> list[Record]:
    """The records of a stream as a forest (roots in order). Raises ValueError if truncated."""
    roots: list[Record] = []
    stack: list[Record] = []
    pos, n = 0, len(buf)
    while pos < n:
        if pos + 4 > n:
            raise ValueError(f"truncated record header at {pos}")
        (head,) = struct.unpack_from("<I", buf, pos)
        pos += 4
        tag, level, size = head & 0x3FF, (head >> 10) & 0x3FF, head >> 20
        if size == 0xFFF:
            if pos + 4 > n:
                raise ValueError(f"truncated record size at {pos}")
            (size,) = struct.unpack_from("<I", buf, pos)
            pos += 4
        if pos + size > n:
            raise ValueError(f"record {tag} at {pos} runs past the end")
        rec = Record(tag, level, buf[pos:pos + size])
        pos += size
        while stack and stack[-1].level >= level:
            stack.pop()
        (stack[-1].children if stack else roots).append(rec)
        stack.append(rec)
    return roots


def ctrl_id(rec: Record) -> str:
    """CTRL_HEADER's id, e.g. "tbl ", "fn  ", "gso ": four chars stored as a little-endian uint32."""
    return rec.data[:4][::-1].decode("latin-1")


# Control characters (code < 32) in PARA_TEXT. "Char" controls take one WCHAR; inline and
# extended controls take 8 WCHARs (code, 12 bytes of parameters, code again). Extended
# controls own a CTRL_HEADER record, in the same order as they appear in the text.
CHAR_CONTROLS = {0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31}
EXTENDED_CONTROLS = {1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23}
CHAR_TEXT = {10: "\n", 24: "-", 30: " ", 31: " "}  # line break, hyphen, bound/fixed-width space
INLINE_TEXT = {9: "\t"}
_CONTROL = re.compile(rb"[\x00-\x1f]\x00")


def para_text(data: bytes) -> list[str | int]:
    """PARA_TEXT → text pieces, with the code of each extended control (an int) in its place."""
    out: list[str | int] = []
    buf: list[str] = []
    seg = pos = 0
    end = len(data) - len(data) % 2
    while True:
        m = _CONTROL.search(data, pos, end)
        if m is None:
            break
        i = m.start()
        if i % 2:  # a match across two WCHARs, not a control
            pos = i + 1
            continue
        buf.append(data[seg:i].decode("utf-16-le", "replace"))
        code = data[i]
        if code in CHAR_CONTROLS:
            buf.append(CHAR_TEXT.get(code, ""))
            seg = pos = i + 2
            continue
        if code in EXTENDED_CONTROLS:
            out.append("".join(buf))
            buf.clear()
            out.append(code)
        else:
            buf.append(INLINE_TEXT.get(code, ""))
        seg = pos = i + 16
    buf.append(data[seg:end].decode("utf-16-le", "replace"))
    out.append("".join(buf))
    return [p for p in out if p != ""]


def style_names(docinfo: bytes) -> list[tuple[str, str]]:
    """(local name, English name) of each STYLE record in DocInfo, in id order."""
    out = []
    for rec in _flatten(read_records(docinfo)):
        if rec.tag != STYLE or len(rec.data) < 2:
            continue
        (n1,) = struct.unpack_from("<H", rec.data, 0)
        name = rec.data[2:2 + 2 * n1].decode("utf-16-le", "replace")
        p = 2 + 2 * n1
        n2 = struct.unpack_from("<H", rec.data, p)[0] if p + 2 <= len(rec.data) else 0
        eng = rec.data[p + 2:p + 2 + 2 * n2].decode("utf-16-le", "replace")
        out.append((name, eng))
    return out


def _flatten(recs: list[Record]) -> list[Record]:
    out = []
    stack = list(reversed(recs))
    while stack:
        r = stack.pop()
        out.append(r)
        stack.extend(reversed(r.children))
    return out
