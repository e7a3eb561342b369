"""Bounded unpacking of compressed containers: ZIP packages (HWPX, DOCX) and deflate streams (HWP).

Two lines of defence against decompression bombs:
1. before anything is inflated, the sizes the ZIP central directory declares are checked
   (entry count, per-entry and total size, ratio);
2. while inflating, members are read in CHUNK pieces and the bytes actually produced are
   counted per member and for the whole package; reading stops at the first piece over a
   limit. The declared sizes may lie: zipfile stops at the declared size (a member that
   lies fails its CRC check), and the running count catches the rest.
Deflate streams (HWP) are inflated with an output cap. Limits are configurable: replace
`LIMITS` or pass `limits`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import IngestError
from ..limits import mib

MB = 2**20


CHUNK = 64 * 1024  # inflate this much at a time


@dataclass(frozen=True)
class Limits:
    """Sizes in bytes (shown in MiB). The defaults keep the peak memory of loading any
    accepted package within the budget in docs/reliability.md."""

    max_entries: int = 10_000
    max_total_bytes: int = 256 * MB  # all members together, uncompressed (also: all HWP streams)
    max_entry_bytes: int = 64 * MB  # one member, uncompressed (one section's XML is parsed whole)
    max_ratio: float = 200.0  # uncompressed/compressed, per member ...
    ratio_min_bytes: int = 1 * MB  # ... checked only for members at least this large


LIMITS = Limits()


class BoundedZip(zipfile.ZipFile):
    """A ZipFile that remembers its limits and how much has been inflated from it."""

    limits: Limits = LIMITS
    inflated: int = 0


def _bomb(path: Path, detail: str) -> IngestError:
    return IngestError(str(path), f"압축 폭탄으로 의심되는 파일입니다({detail})", f"suspected decompression bomb ({detail})")


def open_zip(path: Path, data: bytes, limits: Limits | None = None) -> zipfile.ZipFile:
    """Open a ZIP package after checking its declared sizes against the limits."""
    lim = limits or LIMITS
    try:
        zf = BoundedZip(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise IngestError(str(path), "손상된 ZIP 패키지입니다", f"corrupt or truncated ZIP package ({e})") from e
    zf.limits = lim
    if len(infos) > lim.max_entries:
        raise _bomb(path, f"{len(infos)} entries > {lim.max_entries}")
    total = sum(i.file_size for i in infos)
    if total > lim.max_total_bytes:
        raise _bomb(path, f"{mib(total)} uncompressed > {mib(lim.max_total_bytes)}")
    for i in infos:
        if i.file_size > lim.max_entry_bytes:
            raise _bomb(path, f"{i.filename}: {mib(i.file_size)} uncompressed > {mib(lim.max_entry_bytes)} per entry")
        if i.file_size >= lim.ratio_min_bytes and i.file_size > lim.max_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise _bomb(path, f"{i.filename}: ratio {ratio:.0f}:1 > {lim.max_ratio:.0f}:1")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """One member, inflated CHUNK bytes at a time and counted against the limits."""
    lim: Limits = getattr(zf, "limits", LIMITS)
    parts: list[bytes] = []
    size = 0
    try:
        with zf.open(name) as fh:
            while piece := fh.read(CHUNK):
                size += len(piece)
                total = getattr(zf, "inflated", 0) + size
                if size > lim.max_entry_bytes:
                    raise _bomb(path, f"{name}: > {mib(lim.max_entry_bytes)} inflated per entry")
                if total > lim.max_total_bytes:
                    raise _bomb(path, f"> {mib(lim.max_total_bytes)} inflated in total")
                parts.append(piece)
    except KeyError as e:
        raise IngestError(str(path), f"패키지에 {name}이(가) 없습니다", f"{name} missing from package") from e
    except RuntimeError as e:  # zipfile: "File ... is encrypted, password required"
        raise IngestError(str(path), "암호화된 패키지입니다", f"encrypted package member {name}") from e
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as e:
        raise IngestError(str(path), f"패키지 항목 {name}이(가) 손상되었습니다", f"corrupt package member {name} ({e})") from e
    if isinstance(zf, BoundedZip):
        zf.inflated += size
    return b"".join(parts)


def check_members(zf: zipfile.ZipFile, path: Path) -> None:
    """Inflate every member once, counting and discarding, for readers that unpack the
    package themselves (python-docx): a bomb stops here at the first piece over a limit."""
    lim: Limits = getattr(zf, "limits", LIMITS)
    total = 0
    for info in zf.infolist():
        if info.is_dir():
            continue
        size = 0
        try:
            with zf.open(info) as fh:
                while piece := fh.read(CHUNK):
                    size += len(piece)
                    if size > lim.max_entry_bytes:
                        raise _bomb(path, f"{info.filename}: > {mib(lim.max_entry_bytes)} inflated per entry")
                    if total + size > lim.max_total_bytes:
                        raise _bomb(path, f"> {mib(lim.max_total_bytes)} inflated in total")
        except RuntimeError as e:
            raise IngestError(str(path), "암호화된 패키지입니다", f"encrypted package member {info.filename}") from e
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as e:
            raise IngestError(
                str(path), f"패키지 항목 {info.filename}이(가) 손상되었습니다", f"corrupt package member {info.filename} ({e})"
            ) from e
        total += size


def inflate(raw: bytes, path: Path, what: str, budget: int) -> bytes:
    """Raw-deflate `raw` (no zlib header), refusing more than `budget` bytes of output."""
    d = zlib.decompressobj(-15)
    try:
        out = d.decompress(raw, budget + 1)
    except zlib.error as e:
        raise IngestError(str(path), f"{what} 압축을 풀 수 없습니다(손상됨)", f"cannot decompress {what} (corrupt: {e})") from e
    if len(out) > budget or d.unconsumed_tail:
        raise _bomb(path, f"{what} > {mib(budget)}")
    return out
