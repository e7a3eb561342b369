"""Bounded unpacking of compressed containers: ZIP packages (HWPX, DOCX) and deflate streams (HWP).

A decompression bomb is refused *before* anything is inflated: the declared sizes in the
ZIP central directory are checked against the limits, and zipfile itself stops at the
declared size (a member that lies about it fails its CRC check). Deflate streams are
inflated with an output cap. Limits are configurable: replace `LIMITS` or pass `limits`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import IngestError

MB = 2**20


@dataclass(frozen=True)
class Limits:
    max_entries: int = 10_000
    max_total_bytes: int = 1024 * MB  # all members together, uncompressed
    max_ratio: float = 200.0  # uncompressed/compressed, per member ...
    ratio_min_bytes: int = 1 * MB  # ... checked only for members at least this large


LIMITS = Limits()


def _bomb(path: Path, detail: str) -> IngestError:
    return IngestError(str(path), f"압축 폭탄으로 의심되는 파일입니다({detail})", f"suspected decompression bomb ({detail})")


def open_zip(path: Path, data: bytes, limits: Limits | None = None) -> zipfile.ZipFile:
    """Open a ZIP package after checking its declared sizes against the limits."""
    lim = limits or LIMITS
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as e:
        raise IngestError(str(path), "손상된 ZIP 패키지입니다", f"corrupt or truncated ZIP package ({e})") from e
    if len(infos) > lim.max_entries:
        raise _bomb(path, f"{len(infos)} entries > {lim.max_entries}")
    total = sum(i.file_size for i in infos)
    if total > lim.max_total_bytes:
        raise _bomb(path, f"{total / MB:.0f} MB uncompressed > {lim.max_total_bytes / MB:.0f} MB")
    for i in infos:
        if i.file_size >= lim.ratio_min_bytes and i.file_size > lim.max_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise _bomb(path, f"{i.filename}: ratio {ratio:.0f}:1 > {lim.max_ratio:.0f}:1")
    return zf


def read_member(zf: zipfile.ZipFile, name: str, path: Path) -> bytes:
    try:
        return zf.read(name)
    except KeyError as e:
        raise IngestError(str(path), f"패키지에 {name}이(가) 없습니다", f"{name} missing from package") from e
    except RuntimeError as e:  # zipfile: "File ... is encrypted, password required"
        raise IngestError(str(path), "암호화된 패키지입니다", f"encrypted package member {name}") from e
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as e:
        raise IngestError(str(path), f"패키지 항목 {name}이(가) 손상되었습니다", f"corrupt package member {name} ({e})") from e


def inflate(raw: bytes, path: Path, what: str, budget: int) -> bytes:
    """Raw-deflate `raw` (no zlib header), refusing more than `budget` bytes of output."""
    d = zlib.decompressobj(-15)
    try:
        out = d.decompress(raw, budget + 1)
    except zlib.error as e:
        raise IngestError(str(path), f"{what} 압축을 풀 수 없습니다(손상됨)", f"cannot decompress {what} (corrupt: {e})") from e
    if len(out) > budget or d.unconsumed_tail:
        raise _bomb(path, f"{what} > {budget / MB:.0f} MB")
    return out
