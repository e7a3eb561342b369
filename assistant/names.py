"""File names and document-derived strings as people see them: in the index, in a terminal.

A name on disk is bytes. Python hands undecodable bytes over as lone surrogates, which
SQLite, JSON and a UTF-8 terminal all refuse ("surrogates not allowed"); a name may also
carry control characters (an ANSI escape that recolours or rewrites the terminal, a bidi
override that reverses what is shown). Names are decoded once (`display_name`) where they
enter the index, and every string printed to a terminal passes `printable`.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

# categories never printed raw: controls, format characters (bidi overrides, zero-width),
# lone surrogates, line/paragraph separators
_HIDDEN = ("Cc", "Cf", "Cs", "Zl", "Zp")


def display_name(name: str) -> str:
    """A file name as text: UTF-8 if the bytes are UTF-8, else CP949 (what Korean Windows
    writes into ZIP files and onto USB sticks), else UTF-8 with `\\xNN` for the bad bytes.
    NFC-normalised (macOS writes decomposed Hangul). Names that were valid stay unchanged."""
    raw = os.fsencode(name)
    for encoding in ("utf-8", "cp949"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", errors="backslashreplace")
    return unicodedata.normalize("NFC", text)


def display_path(path: str | Path) -> str:
    """A path with every component decoded as by `display_name` (safe to store and print)."""
    return display_name(str(path))


def printable(text: str, keep_newlines: bool = False) -> str:
    """`text` with control/format characters and undecodable bytes shown as escapes
    (`\\x1b`, `\\u202e`), so what reaches a terminal is what the string holds — never a
    command to the terminal. `keep_newlines` leaves "\\n" and "\\t" alone (multi-line answers)."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if keep_newlines and ch in "\n\t":
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(ch) in _HIDDEN:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
