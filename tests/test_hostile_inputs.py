"""Hostile and careless inputs: sizes stated in MiB and checked before reading, decompression
bombs (over and under the limits, and a ZIP that lies), the chunk-length cap and bounded
`ask --json` output, links out of the ingested folder, skipped files reported with a reason,
UTF-16 without a byte order mark, non-UTF-8 and control-character file names."""

from __future__ import annotations

import io
import json
import os
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from assistant import cli
from assistant.chunking import chunk_document
from assistant.errors import IngestError
from assistant.ingest import ingest, scan
from assistant.limits import MiB, cap_chunks, cap_output, split_points
from assistant.loaders import load_document, unpack
from assistant.names import display_name, printable
from assistant.settings import load_settings

SENTENCE = "서울특별시 공공자전거 사업은 2024년에 이용 건수가 늘어 예산 1,234천원을 편성함. "


def settings_for(tmp_path: Path, corpus: Path, **kw):
    return load_settings(env={}, **{"index_dir": tmp_path / "index", "corpus_dir": corpus, **kw})


# --- sizes: one unit, checked before reading ------------------------------------------------------


def sparse(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of `size` bytes that takes no disk space (and no time) to make."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def test_size_limit_is_stated_in_mib_and_checked_before_reading(tmp_path, monkeypatch):
    big = sparse(tmp_path / "big.pdf", int(320.4 * MiB), b"%PDF-1.7\n")
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    with pytest.raises(IngestError) as e:
        load_document(big, max_bytes=300 * MiB)
    assert "320.4 MiB > 300.0 MiB" in e.value.ko and "320.4 MiB > limit 300.0 MiB" in e.value.en
    assert str(big) not in opened, "the file was opened before its size was checked"


def test_text_file_over_the_text_limit_is_refused_from_its_size(tmp_path):
    text = sparse(tmp_path / "long.txt", 70 * MiB, (SENTENCE * 200).encode())
    t0 = time.perf_counter()
    with pytest.raises(IngestError) as e:
        load_document(text, max_bytes=300 * MiB, max_text_chars=64 * MiB)
    assert time.perf_counter() - t0 < 1.0
    assert "텍스트 파일이 너무 큽니다(70.0 MiB > 64.0 MiB)" in e.value.ko and "text file too large" in e.value.en


def test_extracted_text_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "a.hwpx"  # a small package whose text is long
    path.write_bytes(hwpx({"Contents/section0.xml": section(SENTENCE * 2000)}))
    assert path.stat().st_size < 10_000
    with pytest.raises(IngestError) as e:
        load_document(path, max_text_chars=len(SENTENCE) * 1000)
    assert "추출된 텍스트가 너무 깁니다" in e.value.ko and "counted in characters" in e.value.en


def test_a_text_file_with_too_many_lines_is_refused_before_decoding(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_bytes("가 나.\n\n".encode() * 3000)  # 6,000 line breaks: 3,000 blocks
    with pytest.raises(IngestError) as e:
        load_document(path, max_blocks=2000)
    assert "문단·줄·표가 너무 많습니다" in e.value.ko and "> 4,000 lines" in e.value.en
    assert len(load_document(path, max_blocks=3000).blocks) == 3000


def test_a_package_with_too_many_paragraphs_stops_while_it_is_read(tmp_path):
    from assistant.loaders import builder

    body = "".join(f"<hp:p><hp:run><hp:t>{i}</hp:t></hp:run></hp:p>" for i in range(5000))
    path = tmp_path / "paras.hwpx"
    path.write_bytes(hwpx({"Contents/section0.xml": (SECTION_HEAD + body + "</hs:sec>").encode()}))
    made = []
    real = builder.DocumentBuilder._append
    builder.DocumentBuilder._append = lambda self, *a: made.append(1) or real(self, *a)
    try:
        with pytest.raises(IngestError) as e:
            load_document(path, max_blocks=1000)
    finally:
        builder.DocumentBuilder._append = real
    assert "too many paragraphs" in e.value.en and len(made) == 1001  # stopped at the first one over
    assert builder.READ_LIMITS.get() == (None, None)  # the limit does not leak into later loads


# --- decompression bombs ----------------------------------------------------------------------------

SECTION_HEAD = (
    '<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'
)


def hwpx(sections: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", b"application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in sections.items():
            zf.writestr(name, data)
    return buf.getvalue()


def section(text: str, filler: int = 0) -> bytes:
    """A section with one paragraph of `text` and `filler` bytes of compressible padding (an
    XML comment: inflated and parsed, but no text)."""
    pad = b"<!--" + b"x" * filler + b"-->" if filler else b""
    return (SECTION_HEAD + f"<hp:p><hp:run><hp:t>{text}</hp:t></hp:run></hp:p>").encode() + pad + b"</hs:sec>"


def test_bomb_over_the_total_limit_is_refused_before_inflating(tmp_path):
    # 300 sections of 0.99 MiB each (under the ratio check's 1 MiB floor): 297 MiB declared
    one = section("본문", int(0.99 * MiB))
    path = tmp_path / "many.hwpx"
    path.write_bytes(hwpx({f"Contents/section{i}.xml": one for i in range(300)}))
    assert path.stat().st_size < 2 * MiB
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(IngestError) as e:
        load_document(path)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "decompression bomb" in e.value.en and "256.0 MiB" in e.value.en, e.value.en
    assert seconds < 2 and peak < 20 * MiB, (seconds, peak / MiB)


def test_bomb_under_the_limits_loads_within_bounds(tmp_path):
    # 20 sections of 0.99 MiB padding: 20 MiB inflated, accepted; one section in memory at a time
    path = tmp_path / "padded.hwpx"
    path.write_bytes(hwpx({f"Contents/section{i}.xml": section(f"{i}번째 절의 본문", int(0.99 * MiB)) for i in range(20)}))
    tracemalloc.start()
    doc = load_document(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "19번째 절의 본문" in doc.text
    assert peak < 80 * MiB, peak / MiB


def test_member_over_the_entry_limit_is_refused_before_inflating(tmp_path):
    # a 70 MiB member of one repeated byte compresses ~1000:1; the declared size alone refuses it
    path = tmp_path / "one.hwpx"
    path.write_bytes(hwpx({"Contents/section0.xml": section("본문", 70 * MiB)}))
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "decompression bomb" in e.value.en


def lying_zip(real: bytes, declared_size: int) -> bytes:
    """A one-member ZIP whose headers declare `declared_size` bytes while the deflate stream
    holds `real` (CRC of the declared prefix, so only the size lies)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = comp.compress(real) + comp.flush()
    name = b"Contents/section0.xml"
    crc = zlib.crc32(real[:declared_size])
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), declared_size, len(name), 0)
    central = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(packed), declared_size, len(name), 0, 0, 0, 0, 0, 0
    )
    body = local + name + packed
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(name), len(body), 0)
    return body + central + name + end


def test_a_zip_that_lies_about_its_size_never_inflates_past_the_declared_size(tmp_path):
    real = section("거짓말", 200 * MiB)  # 200 MiB inflated, declared as 1 KiB
    path = tmp_path / "liar.hwpx"
    path.write_bytes(lying_zip(real, 1024))
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(IngestError) as e:
        load_document(path)
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "liar.hwpx" in str(e.value) and e.value.ko and e.value.en
    assert seconds < 2 and peak < 20 * MiB, (seconds, peak / MiB)


def test_reading_a_member_stops_at_the_first_piece_over_the_limit(tmp_path):
    data = hwpx({"Contents/section0.xml": section("본문", 2 * MiB)})
    path = tmp_path / "a.hwpx"
    zf = unpack.open_zip(path, data, unpack.Limits(max_ratio=1e9))
    zf.limits = unpack.Limits(max_entry_bytes=256 * 1024)  # tighter than what was declared
    pieces = []
    real_read = zipfile.ZipExtFile.read
    zipfile.ZipExtFile.read = lambda self, n=-1: pieces.append(n) or real_read(self, n)
    try:
        with pytest.raises(IngestError) as e:
            unpack.read_member(zf, "Contents/section0.xml", path)
    finally:
        zipfile.ZipExtFile.read = real_read
    assert "0.2 MiB inflated per entry" in e.value.en
    assert len(pieces) <= 256 * 1024 // unpack.CHUNK + 2 and all(n == unpack.CHUNK for n in pieces)


def test_docx_members_are_inflated_with_running_counts(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/pad.bin", b"\0" * (900 * 1024))  # under the ratio floor
    zf = unpack.open_zip(tmp_path / "a.docx", buf.getvalue())
    zf.limits = unpack.Limits(max_total_bytes=512 * 1024)
    with pytest.raises(IngestError) as e:
        unpack.check_members(zf, tmp_path / "a.docx")
    assert "0.5 MiB inflated in total" in e.value.en


# --- the chunk cap ---------------------------------------------------------------------------------


def check_pieces(doc, pieces, max_chars):
    for c in pieces:
        assert len(c.text) <= max_chars
        for pos, s, e in c.spans:  # every segment maps to the exact source text
            assert c.text[pos : pos + (e - s)] == doc.text[s:e]
        assert doc.text[c.start : c.end].replace(" ", "").startswith(c.text[:20].replace(" ", ""))


def test_a_long_line_is_split_at_sentences_with_exact_offsets(tmp_path):
    path = tmp_path / "line.txt"
    path.write_text(SENTENCE * 400, encoding="utf-8")  # one line of ~24,000 characters
    doc = load_document(path)
    chunks = chunk_document(doc)
    capped = cap_chunks(chunks, 1000)
    check_pieces(doc, capped, 1000)
    assert len(capped) > len(chunks) and [c.ord for c in capped] == list(range(len(capped)))
    assert len({c.chunk_id for c in capped}) == len(capped)
    assert all(c.text.endswith("편성함.") for c in capped[:-1]), "not cut at a sentence end"
    assert "".join(c.text for c in capped).replace(" ", "") == doc.text.replace(" ", "").replace("\n", "")


def test_text_without_sentences_or_spaces_is_cut_at_characters():
    assert split_points("가" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]
    words = ("단어 " * 600).strip()
    ranges = split_points(words, 1000)
    assert all(b - a <= 1000 for a, b in ranges) and all(words[b - 1] == "어" for _, b in ranges)


def test_short_chunks_are_left_alone(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("1. 개요\n ○ " + SENTENCE + "\n", encoding="utf-8")
    chunks = chunk_document(load_document(path))
    assert cap_chunks(chunks, 4000) is chunks


def test_ingest_caps_a_50k_character_line(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "line.txt").write_text(("가나다라마바사" * 10 + " ") * 700, encoding="utf-8")  # ~50,000 chars, no sentence
    settings = settings_for(tmp_path, corpus, max_chunk_chars=2000)
    report = ingest([corpus], settings, sync_folder=corpus)
    assert not report.errors and report.chunks >= 25
    from assistant.index import IndexReader

    reader = IndexReader(settings)
    try:
        assert max(len(c.text) for c in reader.all_chunks()) <= 2000
    finally:
        reader.close()


def test_ask_json_output_is_bounded_even_for_an_index_built_without_the_cap(tmp_path, capsys):
    """An index from before the cap may hold a passage of millions of characters (the audit's
    50 MB line printed 50 MB of JSON): `ask --json` cuts every passage with a marker."""
    from assistant.embeddings import make_embedder
    from assistant.index import IndexWriter
    from assistant.korean import analyzer

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "long.txt"
    path.write_text("공공자전거 운영 보고 " + SENTENCE * 3000, encoding="utf-8")  # ~150,000 characters, one line
    settings = settings_for(tmp_path, corpus)
    doc = load_document(path)
    chunks = chunk_document(doc)
    assert max(len(c.text) for c in chunks) > 100_000  # uncapped, as an old index holds it
    with IndexWriter(settings, make_embedder(), analyzer()) as w:
        w.put(doc, chunks)
    code = cli.main(["ask", "공공자전거 예산은 얼마인가요?", "--json", "--index", str(settings.index_dir),
                     "--corpus", str(corpus)])
    out = capsys.readouterr().out
    data = json.loads(out)
    assert code == 0 and len(out) < 60_000, len(out)
    texts = [h["text"] for h in data["retrieved"]] + [c["text"] for c in data["citations"]]
    assert texts and all(len(t) <= settings.max_chunk_chars + 80 for t in texts)
    assert any("truncated" in t for t in texts)


def test_cap_output_cuts_passages_with_a_marker():
    out = cap_output({"answer": "a" * 50, "citations": [{"text": "가" * 100, "quote": "q", "n": 1}]}, 10)
    assert out["citations"][0]["text"].startswith("가" * 10) and "truncated: 10 of 100" in out["citations"][0]["text"]
    assert out["citations"][0]["quote"] == "q" and out["answer"] == "a" * 40 + out["answer"][40:]
    assert "truncated: 40 of 50" in out["answer"]


# --- links out of the folder, skipped files ---------------------------------------------------------


@pytest.fixture
def corpus_with_links(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("비밀 문서: 외부 파일의 내용입니다. 반출 금지.\n", encoding="utf-8")
    (corpus / "real.txt").write_text("1. 개요\n ○ " + SENTENCE + "\n", encoding="utf-8")
    (corpus / "x.txt").symlink_to(outside / "secret.txt")
    (corpus / "outdir").symlink_to(outside, target_is_directory=True)
    (corpus / "sub" / "inner.txt").symlink_to(corpus / "real.txt")  # inside: followed
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (corpus / ".hidden.txt").write_text("숨김", encoding="utf-8")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    os.mkfifo(corpus / "pipe.txt")
    return corpus


def test_links_outside_the_folder_are_refused_with_a_reason(tmp_path, corpus_with_links):
    corpus = corpus_with_links
    settings = settings_for(tmp_path, corpus)
    t0 = time.monotonic()
    report = ingest([corpus], settings, sync_folder=corpus)
    assert time.monotonic() - t0 < 60, "the FIFO was opened"
    reasons = {Path(s.path).name: s for s in report.skipped}
    assert "폴더 밖을 가리키는 링크" in reasons["x.txt"].ko and "outside the ingested folder" in reasons["x.txt"].en
    assert "follow_outside_symlinks" in reasons["x.txt"].en
    assert "outside" in reasons["outdir"].en
    assert "broken link" in reasons["dangling.txt"].en
    assert "hidden" in reasons[".hidden.txt"].en
    assert "unsupported" in reasons["photo.jpg"].en
    assert "FIFO" in reasons["pipe.txt"].en
    assert "same file as" in reasons["inner.txt"].en and "real.txt" in reasons["inner.txt"].en
    assert report.added == ["real.txt"]
    from assistant.pipeline import Assistant

    answer = Assistant(settings).ask("비밀 문서 외부 파일의 내용은?")
    assert "반출" not in answer.answer and all("secret" not in c.doc for c in answer.citations)


def test_following_outside_links_is_a_setting(tmp_path, corpus_with_links):
    files, skipped = scan([corpus_with_links], follow_outside_symlinks=True)
    names = {f.name for f in files}
    assert {"x.txt", "secret.txt"} <= names  # the file link and the folder link's contents
    assert not any(Path(s.path).name == "x.txt" for s in skipped)


def test_device_behind_a_followed_link_is_skipped_unopened(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "null.txt").symlink_to("/dev/zero")  # reading it would never end
    files, skipped = scan([corpus], follow_outside_symlinks=True)
    assert not files and "not a regular file (device)" in skipped[0].en


def test_cli_ingest_prints_every_skipped_file(tmp_path, corpus_with_links, capsys):
    code = cli.main(["ingest", str(corpus_with_links), "--index", str(tmp_path / "idx")])
    err = capsys.readouterr().err
    assert code == 0
    for name in ("x.txt", "outdir", "dangling.txt", ".hidden.txt", "photo.jpg", "pipe.txt"):
        assert any(name in line and "skipped" in line for line in err.splitlines()), (name, err)


# --- encodings and names ------------------------------------------------------------------------------

KOREAN = "제1조(목적) 이 조례는 서울특별시 공공도서관의 운영에 필요한 사항을 규정함을 목적으로 한다.\n① 시장은 매년 계획을 세운다.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path, encoding):
    path = tmp_path / "u16.txt"
    path.write_bytes(KOREAN.encode(encoding))
    doc = load_document(path)
    assert doc.text == KOREAN and doc.warnings == ["encoding: utf-16"]


def test_binary_with_nul_bytes_is_still_binary(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(IngestError) as e:
        load_document(path)
    assert "binary" in e.value.en


def test_non_utf8_names_are_decoded_not_crashed(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    cp949 = os.fsdecode("보고서".encode("cp949") + b".txt")
    junk = os.fsdecode(b"\xff\xfe-bad.txt")
    for name in (cp949, junk):
        (corpus / name).write_text("1. 개요\n ○ " + SENTENCE + "\n", encoding="utf-8")
    assert display_name(cp949) == "보고서.txt" and display_name(junk) == "\\xff\\xfe-bad.txt"
    assert cli.main(["ingest", str(corpus), "--index", str(tmp_path / "idx")]) == 0
    assert cli.main(["docs", "list", "--index", str(tmp_path / "idx")]) == 0
    out = capsys.readouterr()
    assert "보고서.txt" in out.out and "\\xff\\xfe-bad.txt" in out.out and "추가 2" in out.out
    # a second sync keeps both (the names on disk map to the same ids again)
    settings = settings_for(tmp_path, corpus, index_dir=tmp_path / "idx")
    again = ingest([corpus], settings, sync_folder=corpus)
    assert sorted(again.unchanged) == ["\\xff\\xfe-bad.txt", "보고서.txt"] and not again.removed


def test_control_characters_in_names_never_reach_the_terminal_raw(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    evil = "red\x1b[31mtext\u202eexe.txt"
    (corpus / evil).write_text("1. 개요\n ○ " + SENTENCE + "\n", encoding="utf-8")
    (corpus / "bad\x07.txt").write_bytes(b"\x89PNG\r\n\x1a\n")  # an error message names it
    assert cli.main(["ingest", str(corpus), "--index", str(tmp_path / "idx")]) == 0
    assert cli.main(["docs", "list", "--index", str(tmp_path / "idx")]) == 0
    out = capsys.readouterr()
    both = out.out + out.err
    assert "\x1b" not in both and "\u202e" not in both and "\x07" not in both
    assert "red\\x1b[31mtext\\u202eexe.txt" in out.out and "bad\\x07.txt" in out.err


def test_printable_keeps_korean_and_newlines():
    assert printable("가나\u3000다 (1,234천원)") == "가나\u3000다 (1,234천원)"
    assert printable("a\nb\tc", keep_newlines=True) == "a\nb\tc"
    assert printable("a\nb") == "a\\x0ab"
