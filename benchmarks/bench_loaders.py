"""Ingest throughput of the PDF, HWPX and DOCX loaders on generated Korean documents.

Each document has the same content per "page": a heading, three paragraphs (~600 chars)
and a 6×4 table. The PDF has real pages (reportlab + NanumGothic, one page each); HWPX
and DOCX have no pages, so their rate is in page-equivalents of the same content.

    .venv/bin/python benchmarks/bench_loaders.py [--pages 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.loaders import load_document  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
SENTENCE = (
    "서울특별시 공공도서관 운영 조례 일부개정조례안은 도서관의 개관 시간을 연장하고 야간 열람실 운영에 "
    "필요한 인력과 예산을 확보하려는 것으로서 검토 결과 타당한 것으로 판단됩니다."
)
ROWS = [["구분", "2023년", "2024년", "2025년"]] + [[f"항목 {i}", f"{i * 120:,}", f"{i * 135:,}", f"{i * 150:,}"] for i in range(1, 6)]


def pdf_bytes(pages: int) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    head = ParagraphStyle("h", fontName="NanumGothic", fontSize=14, leading=18)
    body = ParagraphStyle("b", fontName="NanumGothic", fontSize=10, leading=15)
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), "NanumGothic"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    story = []
    for n in range(1, pages + 1):
        story += [Paragraph(f"{n}. 검토 의견", head)]
        story += [Paragraph(f"{SENTENCE} ({n}-{i})", body) for i in range(3)]
        story += [Table(ROWS, style=style), PageBreak()]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def hwpx_bytes(pages: int) -> bytes:
    ns = 'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'

    def p(text: str) -> str:
        return f'<hp:p><hp:run charPrIDRef="0"><hp:t>{escape(text)}</hp:t></hp:run><hp:linesegarray/></hp:p>'

    def tc(r: int, c: int, text: str) -> str:
        return f'<hp:tc><hp:subList>{p(text)}</hp:subList><hp:cellAddr colAddr="{c}" rowAddr="{r}"/></hp:tc>'

    table = "".join(f"<hp:tr>{''.join(tc(r, c, t) for c, t in enumerate(row))}</hp:tr>" for r, row in enumerate(ROWS))
    body = []
    for n in range(1, pages + 1):
        body.append(p(f"{n}. 검토 의견"))
        body += [p(f"{SENTENCE} ({n}-{i})") for i in range(3)]
        body.append(f'<hp:p><hp:run><hp:tbl rowCnt="{len(ROWS)}" colCnt="4">{table}</hp:tbl></hp:run></hp:p>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip")
        zf.writestr("Contents/section0.xml", f'<?xml version="1.0" encoding="UTF-8"?><hs:sec {ns}>{"".join(body)}</hs:sec>')
    return buf.getvalue()


def docx_bytes(pages: int) -> bytes:
    import docx

    d = docx.Document()
    for n in range(1, pages + 1):
        d.add_heading(f"{n}. 검토 의견", level=1)
        for i in range(3):
            d.add_paragraph(f"{SENTENCE} ({n}-{i})")
        t = d.add_table(rows=len(ROWS), cols=4)
        for r, row in enumerate(ROWS):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def measure(name: str, data: bytes, pages: int, repeat: int, folder: Path) -> None:
    path = folder / f"bench.{name}"
    path.write_bytes(data)
    times, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        doc = load_document(path)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    best, best_cpu = min(times), min(cpu)
    tables = sum(b.kind == "table" for b in doc.blocks)
    # CPU time as well: on a shared machine the wall clock also measures the neighbours
    print(f"{name:5s} {pages} pages, {len(data) / 1024:5.0f} KB, {len(doc.blocks):4d} blocks, {tables:3d} tables: "
          f"best {best:6.3f} s wall → {pages / best:7.1f} pages/s; {pages / best_cpu:7.1f} pages/CPU-s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        builders = {"hwpx": hwpx_bytes, "docx": docx_bytes}
        if FONT.exists():
            builders = {"pdf": pdf_bytes, **builders}
        else:
            print("NanumGothic missing (apt-get install -y fonts-nanum): PDF skipped")
        for name, build in builders.items():
            measure(name, build(args.pages), args.pages, args.repeat, folder)


if __name__ == "__main__":
    main()
