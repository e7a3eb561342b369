"""Damaged files of every format: the outcome is a Document or an IngestError, never a crash."""

from __future__ import annotations

import io
import random

import pytest

from assistant.errors import IngestError
from assistant.loaders import load_document
from tests.test_loaders_hwp import hwp_bytes
from tests.test_loaders_hwpx import hwpx_bytes
from tests.test_loaders_pdf import FONT, korean_pdf

MUTANTS = 40


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("검토 의견", level=1)
    d.add_paragraph("타당한 것으로 판단됨.")
    d.add_table(rows=2, cols=2).cell(0, 0).text = "구분"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def mutants(data: bytes, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for i in range(MUTANTS):
        b = bytearray(data)
        if i % 4 == 0:  # truncated anywhere
            out.append(bytes(b[: rng.randrange(1, len(b))]))
            continue
        for _ in range(rng.choice([1, 4, 32])):  # flipped bytes
            b[rng.randrange(len(b))] = rng.randrange(256)
        out.append(bytes(b))
    return out


BUILDERS = {
    "hwp": hwp_bytes,
    "hwp-plain": lambda: hwp_bytes(flags=0),  # uncompressed: mutations reach the record parser
    "hwpx": hwpx_bytes,
    "docx": docx_bytes,
}


@pytest.mark.parametrize("seed, fmt", list(enumerate(["hwp", "hwp-plain", "hwpx", "docx", "pdf"])))
def test_damaged_files_never_crash(tmp_path, seed, fmt):
    if fmt == "pdf":
        if not FONT.exists():
            pytest.skip("NanumGothic missing: apt-get install -y fonts-nanum")
        data = korean_pdf(tmp_path / "a.pdf").read_bytes()
    else:
        data = BUILDERS[fmt]()
    refused = 0
    for i, mutant in enumerate(mutants(data, seed)):
        path = tmp_path / f"m{i}.{fmt}"
        path.write_bytes(mutant)
        try:
            load_document(path)
        except IngestError as e:
            assert path.name in str(e) and e.ko and e.en
            refused += 1
    assert refused > 0  # the damage was noticed at least sometimes
