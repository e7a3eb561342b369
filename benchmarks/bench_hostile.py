"""Peak memory and time of the worst inputs the default settings accept (and of bombs they refuse).

Each case runs in its own child process: ingest one generated file into a fresh index with
the default settings (plus, for the long line, one `ask --json` retrieving it). Peak RSS is the
child's own maximum resident set (os.wait4 rusage), so cases do not mask each other.

    .venv/bin/python benchmarks/bench_hostile.py [--cases text,line,...] [--mb 50]
        → benchmarks/hostile_results.md (a table row per case)

Cases (sizes in MiB; the accepted ones are at the limits of the default settings:
max_text_mib = 16, ZIP 256 MiB total / 64 MiB per member):
    text       Korean statute text (from /work/shared/dev-corpus/statutes, repeated), --mb MiB
    ascii      ASCII text (the most characters per byte), --mb MiB
    line       the Korean text as one line (no line break at all), --mb MiB; then ask --json
    line50     a 50 MiB single line (the audit's case): refused from its size
    sections   HWPX: 240 sections of 1 MiB XML each (~240 MiB inflated, under the 256 MiB total)
    xmltext    HWPX: max_blocks paragraphs of Korean text, max_text_mib Mi characters: both limits at once
    tiny       text of max_blocks one-word paragraphs (blank lines between): the max_blocks limit
    paras      HWPX of max_blocks one-word paragraphs in 25 sections: the max_blocks limit
    bomb       HWPX: 300 sections of 0.99 MiB (297 MiB declared > 256 MiB total): refused
    liar       ZIP declaring 1 KiB for a member that inflates to 200 MiB: refused
    pdf        PDF (reportlab, NanumGothic, uncompressed pages) of --pdf-pages pages of Korean text,
               ~89 lines a page: 2,700 pages ≈ 110 MiB, ~240,000 lines, ~12 M characters
    pdfbig     the same PDF near the 300 MiB file limit (7,400 pages ≈ 290 MiB): over the line and text
               limits, refused while its pages are read (loaders/pdf._ReadBudget)
    docx       DOCX at the package limits: word/document.xml of max_blocks − 10 paragraphs of Korean text
               (~15.7 M characters, ~53 MiB inflated) and 3 stored images of 63 MiB (random bytes):
               ~242 MiB inflated in total (limit 256), ~200 MiB file
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from assistant.settings import Settings  # noqa: E402

LIMITS = Settings()  # the defaults: the cases sit at these limits
STATUTES = Path("/work/shared/dev-corpus/statutes")
MiB = 2**20
BUDGET_MIB = 1536  # the stated budget: peak RSS of one ingest on default settings (docs/reliability.md)
SECTION_HEAD = (
    '<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
    'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">'
)

CHILD = r"""
import json, sys, time
from pathlib import Path
from assistant.ingest import ingest
from assistant.settings import load_settings
corpus, index, question = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
settings = load_settings(env={}, index_dir=index, corpus_dir=corpus)
t0 = time.perf_counter()
report = ingest([corpus], settings, sync_folder=corpus)
out = {"ingest_s": time.perf_counter() - t0, "chunks": report.chunks,
       "result": "accepted" if report.added else "refused: " + "; ".join(e.en for e in report.errors)}
if question and report.added:
    from assistant.cli import _answer_json
    from assistant.index import IndexReader
    from assistant.pipeline import Assistant
    r = IndexReader(settings)
    out["longest_chunk"] = max(len(c.text) for c in r.all_chunks())
    r.close()
    t1 = time.perf_counter()
    a = Assistant(settings)
    text = json.dumps(_answer_json(a, a.ask(question)), ensure_ascii=False)
    out["ask_s"] = time.perf_counter() - t1
    out["json_bytes"] = len(text.encode())
print(json.dumps(out))
"""


def statute_text(n_bytes: int) -> str:
    """Real statute text, repeated with a running number so no two copies are alike."""
    parts, size, i = [], 0, 0
    texts = [p.read_text(encoding="utf-8") for p in sorted(STATUTES.glob("*.md"))[:60]]
    while size < n_bytes:
        t = f"\n\n제{i}권\n" + texts[i % len(texts)]
        parts.append(t)
        size += len(t.encode())
        i += 1
    return "".join(parts).encode()[:n_bytes].decode(errors="ignore")


def section(body: str = "", filler: int = 0) -> bytes:
    pad = b"<!--" + b"x" * filler + b"-->" if filler else b""
    return (SECTION_HEAD + body).encode() + pad + b"</hs:sec>"


def hwpx(sections: list[bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("mimetype", b"application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        for i, data in enumerate(sections):
            zf.writestr(f"Contents/section{i}.xml", data)
    return buf.getvalue()


def paragraphs(text: str) -> str:
    return "".join(f"<hp:p><hp:run><hp:t>{line}</hp:t></hp:run></hp:p>" for line in text.split("\n") if line.strip())


def lying_zip(real: bytes, declared: int) -> bytes:
    comp = zlib.compressobj(1, zlib.DEFLATED, -15)
    packed = comp.compress(real) + comp.flush()
    name = b"Contents/section0.xml"
    crc = zlib.crc32(real[:declared])
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), declared, len(name), 0)
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(packed), declared, len(name), 0, 0, 0, 0, 0, 0)
    body = local + name + packed
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(name), len(body), 0)
    return body + central + name + end


def make_case(name: str, folder: Path, mb: float) -> tuple[Path, str, str]:
    """(file, description, question to ask afterwards or "")"""
    if name == "text":
        p = folder / "statutes.txt"
        p.write_text(statute_text(int(mb * MiB)), encoding="utf-8")
        return p, f"text, {mb:g} MiB, {p.read_text().count(chr(10)):,} lines", ""
    if name == "ascii":
        p = folder / "ascii.txt"
        words = "council budget review item report service contract evaluation score year plan".split()
        lines, size, i = [], 0, 0
        while size < mb * MiB:
            line = " ".join(words[(i * 7 + j) % len(words)] for j in range(12)) + f" {i * 37 % 100000}.\n"
            lines.append(line)
            size += len(line)
            i += 1
        p.write_text("".join(lines)[: int(mb * MiB)], encoding="ascii")
        return p, f"ASCII text, {mb:g} MiB, {i:,} lines", ""
    if name in ("line", "line50"):
        size = 50 if name == "line50" else mb
        p = folder / "line.txt"
        p.write_text(" ".join(statute_text(int(size * MiB)).split()), encoding="utf-8")
        return p, f"text, {size:g} MiB, one line", "가맹사업거래의 공정화에 관한 법률의 목적은 무엇인가요?"
    if name == "sections":
        p = folder / "sections.hwpx"
        p.write_bytes(hwpx([section(paragraphs(f"{i}번째 절"), MiB - 300) for i in range(240)]))
        return p, f"HWPX, 240 sections × 1 MiB XML ({p.stat().st_size / MiB:.1f} MiB file)", ""
    if name == "xmltext":  # both limits at once: the most characters in the most paragraphs
        n, max_chars = LIMITS.max_blocks, int(LIMITS.max_text_mib * MiB)
        words = " ".join(statute_text(40 * MiB).replace("<", " ").replace("&", " ").split())
        per = (max_chars - 2 * n) // n  # each paragraph also costs its separator and a trailing space
        paras = [words[i * (per + 1):i * (per + 1) + per].strip() for i in range(n)]
        p = folder / "xmltext.hwpx"
        step = n // 25
        p.write_bytes(hwpx([section(paragraphs("\n".join(paras[i * step:(i + 1) * step]))) for i in range(25)]))
        chars = sum(map(len, paras))
        return p, (f"HWPX, {n:,} paragraphs of Korean text ({chars / 1e6:.1f} M chars; "
                   f"{p.stat().st_size / MiB:.1f} MiB file)"), ""
    if name == "tiny":
        p = folder / "tiny.txt"
        p.write_text("".join(f"항목{i % 997}.\n\n" for i in range(LIMITS.max_blocks)), encoding="utf-8")
        return p, f"text, {LIMITS.max_blocks:,} one-word paragraphs ({p.stat().st_size / MiB:.1f} MiB)", ""
    if name == "paras":
        p = folder / "paras.hwpx"
        step = LIMITS.max_blocks // 25
        p.write_bytes(hwpx([section(paragraphs("\n".join(f"항목{i % 997}." for i in range(step)))) for _ in range(25)]))
        return p, f"HWPX, {LIMITS.max_blocks:,} one-word paragraphs ({p.stat().st_size / MiB:.1f} MiB file)", ""
    if name == "bomb":
        p = folder / "bomb.hwpx"
        p.write_bytes(hwpx([section("", int(0.99 * MiB))] * 300))
        return p, f"HWPX bomb, 300 × 0.99 MiB declared ({p.stat().st_size / MiB:.1f} MiB file)", ""
    if name == "liar":
        p = folder / "liar.hwpx"
        p.write_bytes(lying_zip(section("", 200 * MiB), 1024))
        return p, f"ZIP declaring 1 KiB, inflating to 200 MiB ({p.stat().st_size / MiB:.2f} MiB file)", ""
    if name in ("pdf", "pdfbig"):
        pages = PDF_PAGES if name == "pdf" else 7400
        p = folder / "many-pages.pdf"
        write_pdf(p, pages)
        return p, f"PDF, {pages:,} pages of Korean text ({p.stat().st_size / MiB:.1f} MiB file)", ""
    if name == "docx":
        p = folder / "limits.docx"
        n = LIMITS.max_blocks - 10
        write_docx(p, n, media=3, media_mib=63)
        return p, (f"DOCX, {n:,} paragraphs of Korean text + 3 × 63 MiB images "
                   f"({p.stat().st_size / MiB:.1f} MiB file)"), ""
    raise SystemExit(f"unknown case {name}")


PDF_PAGES = 2700
NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")  # Debian fonts-nanum


def write_pdf(path: Path, pages: int) -> None:
    """Pages of 7 pt Korean statute lines, content streams left uncompressed (size per page)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Nanum", str(NANUM)))
    lines = [ln.strip() for ln in statute_text(8 * MiB).split("\n") if ln.strip()]
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)
    i = 0
    for _ in range(pages):
        c.setFont("Nanum", 7)
        for y in range(820, 20, -9):
            c.drawString(20, y, lines[i % len(lines)][:110])
            i += 1
        c.showPage()
    c.save()


def write_docx(path: Path, paragraphs_n: int, media: int = 0, media_mib: int = 0) -> None:
    """A minimal DOCX written as a ZIP (python-docx reads it): `paragraphs_n` paragraphs of ~63
    characters, and `media` stored images of random bytes (incompressible)."""
    words = " ".join(statute_text(24 * MiB).replace("<", " ").replace("&", " ").split())
    body = []
    for i in range(paragraphs_n):
        start = (i * 64) % (len(words) - 64)
        body.append(f"<w:p><w:r><w:t>{words[start:start + 63].strip()}</w:t></w:r></w:p>")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w} {r}><w:body>{"".join(body)}</w:body></w:document>'
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
             'wordprocessingml.document.main+xml"/></Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="rIdImg{k}" Type="{rel}/image" Target="media/image{k}.png"/>' for k in range(media))
                + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        zf.writestr("word/document.xml", document.encode())
        for k in range(media):
            with zf.open(zipfile.ZipInfo(f"word/media/image{k}.png"), "w", force_zip64=True) as fh:
                for _ in range(media_mib):
                    fh.write(os.urandom(MiB))


def run_case(name: str, mb: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
        # the input is made in a child of its own: a forked child's peak RSS counts the parent's
        # memory up to exec, so this process must stay small
        made = subprocess.run([sys.executable, __file__, "--make", name, str(corpus), "--mb", str(mb)],
                              cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        path_s, what, question = json.loads(made.stdout.strip().splitlines()[-1])
        path = Path(path_s)
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(corpus), str(Path(tmp) / "index"), question],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        out, err = proc.stdout.read(), proc.stderr.read()
        if status != 0:
            raise SystemExit(f"{name}: child failed ({status}):\n{err[-3000:]}")
        res = json.loads(out.strip().splitlines()[-1])
        res.update(case=name, what=what, size_mib=path.stat().st_size / MiB, wall_s=wall, peak_mib=usage.ru_maxrss / 1024)
        return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default="text,ascii,line,line50,tiny,sections,xmltext,paras,bomb,liar,pdf,pdfbig,docx")
    ap.add_argument("--mb", type=float, default=16.0, help="size of the text cases in MiB (default: the max_text_mib limit)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "hostile_results.md"))
    ap.add_argument("--make", nargs=2, metavar=("CASE", "FOLDER"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.make:
        path, what, question = make_case(args.make[0], Path(args.make[1]), args.mb)
        print(json.dumps([str(path), what, question], ensure_ascii=False))
        return
    # results are kept per case in a JSON-lines file next to the report, so a subset can be re-run
    store = Path(args.out).with_suffix(".jsonl")
    kept = {}
    if store.exists():
        kept = {r["case"]: r for r in map(json.loads, store.read_text(encoding="utf-8").splitlines()) if r}
    for name in args.cases.split(","):
        res = run_case(name, args.mb)
        res["measured"] = time.strftime("%Y-%m-%d %H:%M")
        print(json.dumps(res, ensure_ascii=False), flush=True)
        kept[name] = res
    order = "text,ascii,line,line50,tiny,sections,xmltext,paras,bomb,liar,pdf,pdfbig,docx".split(",")
    rows = sorted(kept.values(), key=lambda r: order.index(r["case"]) if r["case"] in order else 99)
    store.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    lines = [
        "# Hostile inputs: peak memory and time (benchmarks/bench_hostile.py)",
        "",
        f"Measured on {platform.machine()}, {os.cpu_count()} cores shared with other work (times vary with the load); "
        f"Python {platform.python_version()}. Default settings. Budget: peak RSS ≤ {BUDGET_MIB} MiB per ingest.",
        "Peak RSS is the whole child process (Python, Kiwi model, Chroma) — an empty ingest alone is the baseline.",
        "",
        "| case | measured | input | result | chunks | longest chunk | ingest s | ask s | ask --json bytes | peak RSS MiB | within budget |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r.get('measured', '')} | {r['what']} | {r['result'][:90]} | {r['chunks']:,} | {r.get('longest_chunk', '-')} | "
            f"{r['ingest_s']:.1f} | {r.get('ask_s', 0):.2f} | {r.get('json_bytes', '-')} | {r['peak_mib']:.0f} | "
            f"{'yes' if r['peak_mib'] <= BUDGET_MIB else '**NO**'} |"
        )
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
