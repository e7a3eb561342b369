"""Hard caps that keep one document from costing unbounded memory, time or output.

- `cap_chunks`: no passage is longer than `Settings.max_chunk_chars`. The chunker aims at a
  few hundred characters, but a 50 MB file with no line breaks arrives as one "paragraph"
  (it became one chunk of 22 million characters: a question retrieving it took 54 s and
  printed 50 MB of JSON). Over-long chunks are split at a sentence end, else at a space,
  else at a character boundary; every piece keeps exact source offsets (`spans`).
- `cap_output`: strings in `ask --json` output are cut to the same cap with a visible marker,
  so an index built before the cap (or any other oversized field) cannot flood the terminal.

Size limits on input files live in settings (`max_file_mib`, `max_text_mib`) and in
loaders/unpack.py (ZIP members); docs/reliability.md lists them all with the measured peaks.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import replace
from typing import Any

from .models import Chunk

MiB = 2**20
# a piece may end after a sentence (. ! ? 。 before whitespace: …함. …임. …다.), else before a
# line break, else before a space; the whitespace itself falls between pieces
SENTENCE_END = re.compile(r"[.!?。](?=\s)")
SPACES = (" ", "\t", "\u3000", "\xa0")
TRUNCATED = "… [잘림 / truncated: {shown:,} of {total:,} characters]"


def mib(n_bytes: int | float) -> str:
    """Bytes as MiB for messages: one unit everywhere ("320.4 MiB")."""
    return f"{n_bytes / MiB:,.1f} MiB"


def cap_chunks(chunks: list[Chunk], max_chars: int) -> list[Chunk]:
    """`chunks` with every chunk longer than `max_chars` split into pieces of at most
    `max_chars` characters. Short chunks are returned unchanged (same object, same id);
    `ord` is renumbered so the document order stays dense."""
    if max_chars <= 0 or all(len(c.text) <= max_chars for c in chunks):
        return chunks
    out: list[Chunk] = []
    for chunk in chunks:
        pieces = [chunk] if len(chunk.text) <= max_chars else _split(chunk, max_chars)
        for piece in pieces:
            out.append(piece if piece.ord == len(out) else replace(piece, ord=len(out)))
    return out


def split_points(text: str, max_chars: int) -> list[tuple[int, int]]:
    """[start, end) ranges covering `text` (less the whitespace between pieces), each at most
    `max_chars` long, cut at the last sentence end, else the last space, in the second half
    of each window; else exactly at `max_chars`."""
    ranges: list[tuple[int, int]] = []
    a, n = 0, len(text)
    while a < n:
        while a < n and text[a].isspace():
            a += 1
        if a >= n:
            break
        if n - a <= max_chars:
            ranges.append((a, n))
            break
        b = a + (_cut(text[a : a + max_chars], max_chars // 2) or max_chars)
        ranges.append((a, b))
        a = b
    return ranges


def _cut(window: str, half: int) -> int | None:
    """Where to end a piece inside `window`: after its last sentence end, else before its last
    line break, else before its last space — in the second half; None if there is none."""
    last = None
    for m in SENTENCE_END.finditer(window, half):  # matches only at punctuation: cheap
        last = m.end()
    if last is not None:
        return last
    cut = window.rfind("\n", half)
    if cut > half:
        return cut
    cut = max(window.rfind(sp, half) for sp in SPACES)
    return cut if cut > half else None


def _split(chunk: Chunk, max_chars: int) -> list[Chunk]:
    pieces = []
    starts = [pos for pos, _, _ in chunk.spans]
    for j, (a, b) in enumerate(split_points(chunk.text, max_chars)):
        spans = _sub_spans(chunk, starts, a, b)
        if spans:
            start = min(s for _, s, _ in spans)
            end = max(e for _, _, e in spans)
        else:  # no segment map: offsets relative to the chunk's own start
            start, end = chunk.start + a, min(chunk.start + b, chunk.end)
        cid = hashlib.sha1(f"{chunk.chunk_id}|{j}".encode()).hexdigest()[:16]
        pieces.append(replace(chunk, chunk_id=cid, text=chunk.text[a:b], start=start, end=end, spans=spans))
    return pieces


def _sub_spans(chunk: Chunk, starts: list[int], a: int, b: int) -> list[tuple[int, int, int]]:
    """The segment map of chunk.text[a:b], rebased to the piece: each segment that overlaps
    [a, b) contributes the overlapping part (positions map linearly inside a segment).
    `starts`: the segments' positions in chunk.text (sorted), for a binary search."""
    out = []
    spans = chunk.spans
    for i in range(max(bisect_right(starts, a) - 1, 0), len(spans)):
        pos, src_start, src_end = spans[i]
        if pos >= b:
            break
        lo, hi = max(pos, a), min(pos + (src_end - src_start), b)
        if hi > lo:  # else only the joiner after this segment falls into the piece
            out.append((lo - a, src_start + (lo - pos), src_start + (hi - pos)))
    return out


def truncate(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    return text[:max_chars] + TRUNCATED.format(shown=max_chars, total=len(text))


PASSAGE_KEYS = {"text", "quote"}  # passage fields of citations and retrieved hits
OTHER_FACTOR = 4  # any other string (the answer, which quotes up to k passages) may be this many times longer


def cap_output(obj: Any, max_chars: int, _key: str | None = None) -> Any:
    """A JSON-able value with passage strings ("text", "quote") cut to `max_chars` and every
    other string to OTHER_FACTOR × `max_chars`, a marker appended where cut."""
    if isinstance(obj, str):
        return truncate(obj, max_chars if _key in PASSAGE_KEYS else OTHER_FACTOR * max_chars)
    if isinstance(obj, dict):
        return {k: cap_output(v, max_chars, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [cap_output(v, max_chars, _key) for v in obj]
    return obj
