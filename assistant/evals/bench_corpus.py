"""The bench corpus folder: real statutes + the corpus/ seeds + our documents rendered to their formats.

    build_bench_corpus(Path(".cache/bench/full/corpus"), shared_dir=None)

- statutes: every `*.md` of `<shared>/dev-corpus/statutes` (or the named subset), copied, never
  kept in the repo; `<shared>` = the argument, else $COUNCIL_ASSISTANT_SHARED, else `<repo>/../shared`.
  Without that folder the corpus is built without statutes and a warning says so.
- seeds: `corpus/*` as they are.
- ours: each `[[documents]]` of evals/benchmark/documents/manifest.toml, its text `source` written
  as `out` (.pdf with reportlab + NanumGothic, .docx with python-docx, .hwpx with python-hwpx,
  .txt/.md copied). Source markup, the little the renderers read: a line starting with `#`s is a
  title/heading, a run of `|`-lines is a table (a `|---|` row is dropped), anything else a paragraph
  (leading spaces indent it).
- `manifest.toml` in the folder merges corpus/manifest.toml with ours (keyed by `file`), so ingest
  (assistant/metadata.py) knows every title, kind, date and 의안번호.

The folder is a cache: a document is rendered again only when its source, its manifest entry or
RENDER_VERSION changed (recorded beside the folder in `<folder>.bench-cache.json`, so ingest never
meets it); copies are skipped when size and mtime agree; files an earlier build wrote and this one
does not want are removed. Nothing else in the folder is touched.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import AssistantError
from ..settings import PROJECT_ROOT

log = logging.getLogger(__name__)

DOCUMENTS = PROJECT_ROOT / "evals" / "benchmark" / "documents"
SEEDS = PROJECT_ROOT / "corpus"
STATUTES_SUBDIR = Path("dev-corpus") / "statutes"
MANIFEST = "manifest.toml"
CACHE_SUFFIX = ".bench-cache.json"  # <out_dir><suffix>, next to the folder
RENDER_VERSION = "1"  # bump when a renderer changes what it writes
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
COPIED = {".txt", ".md"}
RENDERED = {".pdf", ".docx", ".hwpx"}
SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


class BenchCorpusError(AssistantError):
    """The bench corpus cannot be built (bilingual message)."""


def _error(ko: str, en: str) -> BenchCorpusError:
    return BenchCorpusError(f"{ko} / {en}")


# ---- our documents --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BenchDocument:
    source: str  # file name in evals/benchmark/documents
    out: str  # file name as ingested = document id; its extension picks the format
    title: str
    kind: str
    date: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)  # bill_no and other manifest fields

    @property
    def fmt(self) -> str:
        return Path(self.out).suffix.lower()

    def manifest_entry(self) -> dict[str, str]:
        entry = {"file": self.out, "title": self.title, "kind": self.kind}
        if self.date:
            entry["date"] = self.date
        entry.update(self.extra)
        return entry


def manifest_files(folder: Path = DOCUMENTS) -> list[Path]:
    """`manifest.toml`, then every `manifest.<name>.toml` beside it (sorted): writers adding documents
    side by side each keep their own list instead of editing one file at once."""
    return [folder / MANIFEST, *sorted(p for p in folder.glob("manifest.*.toml"))]


def read_documents(folder: Path = DOCUMENTS) -> list[BenchDocument]:
    """The `[[documents]]` of `folder/manifest.toml` and its `manifest.*.toml` siblings, checked for
    what the builder needs."""
    path = folder / MANIFEST
    if not path.exists():
        raise _error(f"문서 목록이 없습니다: {path}", f"document manifest not found: {path}")
    entries = []
    for part in manifest_files(folder):
        entries += [(part, i, e) for i, e in enumerate(tomllib.loads(part.read_text(encoding="utf-8")).get("documents", []))]
    docs, outs = [], set()
    for path, i, e in entries:
        missing = [k for k in ("source", "out", "title", "kind") if not e.get(k)]
        if missing:
            raise _error(f"{path} {i + 1}번째 문서에 {missing} 없음", f"{path} entry {i + 1} lacks {missing}")
        suffix = Path(e["out"]).suffix.lower()
        if suffix not in COPIED | RENDERED:
            raise _error(f"지원하지 않는 출력 형식: {e['out']}", f"unsupported output format: {e['out']}")
        if e["out"] in outs:
            raise _error(f"출력 이름 중복: {e['out']}", f"duplicate out name: {e['out']}")
        outs.add(e["out"])
        extra = {k: str(v) for k, v in e.items() if k not in ("source", "out", "title", "kind", "date")}
        docs.append(BenchDocument(e["source"], e["out"], e["title"], e["kind"], str(e.get("date", "")), extra))
    return docs


# ---- source markup → blocks ----------------------------------------------------------------------

@dataclass
class SourceBlock:
    kind: str  # title | heading | para | table
    text: str = ""
    level: int = 0  # heading level (1–3); for a para, its indent in leading spaces
    rows: list[list[str]] = field(default_factory=list)


def _clean(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("**", ""))


def table_cells(line: str) -> list[str]:
    """Cells of one `| a | b |` row."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [_clean(c).strip() for c in inner.split("|")]


def parse_source(text: str) -> list[SourceBlock]:
    """A text source as title, headings, paragraphs and tables (see the module docstring)."""
    blocks: list[SourceBlock] = []
    table: SourceBlock | None = None
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith("|"):
            if SEPARATOR_ROW.match(line.strip()):
                continue
            if table is None:
                table = SourceBlock("table")
                blocks.append(table)
            table.rows.append(table_cells(line))
            continue
        table = None
        if not line.strip():
            continue
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            kind = "title" if not blocks and len(m.group(1)) == 1 else "heading"
            blocks.append(SourceBlock(kind, _clean(m.group(2)).strip(), level=min(len(m.group(1)), 3)))
        else:
            indent = len(line) - len(line.lstrip(" "))
            blocks.append(SourceBlock("para", _clean(line.strip()), level=indent))
    for b in blocks:  # ragged rows (a cell missing at the end) are padded so every row has all columns
        if b.kind == "table":
            width = max(len(r) for r in b.rows)
            b.rows = [r + [""] * (width - len(r)) for r in b.rows]
    return blocks


# ---- renderers ------------------------------------------------------------------------------------

def find_font(name: str) -> Path:
    for base in FONT_DIRS:
        if base.is_dir():
            hit = next(iter(sorted(base.rglob(name))), None)
            if hit is not None:
                return hit
    raise _error(
        f"PDF 생성에 필요한 글꼴 {name}이 없습니다(Debian: fonts-nanum, scripts/system_deps.sh)",
        f"font {name} needed for PDFs not found (Debian package fonts-nanum; run scripts/system_deps.sh)",
    )


_fonts_registered = False


def _register_fonts() -> tuple[str, str]:
    global _fonts_registered
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if not _fonts_registered:
        pdfmetrics.registerFont(TTFont("NanumGothic", str(find_font("NanumGothic.ttf"))))
        pdfmetrics.registerFont(TTFont("NanumGothicBold", str(find_font("NanumGothicBold.ttf"))))
        _fonts_registered = True
    return "NanumGothic", "NanumGothicBold"


def _check_glyphs(blocks: list[SourceBlock], name: str) -> None:
    """A character the font lacks would come out of the PDF as nothing: refuse instead."""
    from reportlab.pdfbase import pdfmetrics

    cmap = pdfmetrics.getFont("NanumGothic").face.charToGlyph
    text = "".join(b.text + "".join("".join(r) for r in b.rows) for b in blocks)
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})
    if missing:
        raise _error(f"{name}: 글꼴에 없는 문자 {missing}", f"{name}: characters missing from the font: {missing}")


def render_pdf(blocks: list[SourceBlock], title: str, name: str = "") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _register_fonts()
    _check_glyphs(blocks, name or title)
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=15, spaceAfter=2)
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=12)
    heads = {
        0: ParagraphStyle("title", fontName=bold, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=10),
        1: ParagraphStyle("h1", fontName=bold, fontSize=13, leading=19, spaceBefore=10, spaceAfter=4),
        2: ParagraphStyle("h2", fontName=bold, fontSize=11.5, leading=17, spaceBefore=8, spaceAfter=3),
        3: ParagraphStyle("h3", fontName=bold, fontSize=10.5, leading=16, spaceBefore=6, spaceAfter=2),
    }
    width = A4[0] - 40 * mm
    story: list = []
    for b in blocks:
        if b.kind in ("title", "heading"):
            story.append(Paragraph(escape(b.text), heads[0 if b.kind == "title" else b.level]))
        elif b.kind == "para":
            style = ParagraphStyle(f"p{b.level}", parent=body, leftIndent=b.level * 4) if b.level else body
            story.append(Paragraph(escape(b.text), style))
        else:
            data = [[Paragraph(escape(c), cell) for c in row] for row in b.rows]
            t = Table(data, colWidths=_col_widths(b.rows, width), repeatRows=1, hAlign="LEFT")
            t.setStyle(TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]))
            story += [Spacer(1, 3), t, Spacer(1, 6)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=title, author="council-assistant benchmark", invariant=1)
    doc.build(story)
    return buf.getvalue()


def _col_widths(rows: list[list[str]], width: float) -> list[float]:
    """Column widths in proportion to each column's longest cell (bounded), filling `width`."""
    n = len(rows[0])
    longest = [max(min(len(r[i]), 40) for r in rows) + 2 for i in range(n)]
    total = sum(longest)
    return [width * w / total for w in longest]


def render_docx(blocks: list[SourceBlock], title: str) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "맑은 고딕"
    normal.font.size = Pt(10)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "맑은 고딕")
    d.core_properties.title = title
    for b in blocks:
        if b.kind == "title":
            d.add_heading(b.text, level=0)
        elif b.kind == "heading":
            d.add_heading(b.text, level=b.level)
        elif b.kind == "para":
            p = d.add_paragraph(b.text)
            if b.level:
                p.paragraph_format.left_indent = Pt(b.level * 4)
        else:
            t = d.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            t.style = "Table Grid"
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    cell = t.cell(r, c)
                    cell.text = text
                    if r == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def render_hwpx(blocks: list[SourceBlock], title: str) -> bytes:
    from hwpx import HwpxDocument

    d = HwpxDocument.new()
    first = True
    for b in blocks:
        if b.kind == "title" and first:
            d.paragraphs[0].add_run(b.text, bold=True, size=16)  # the skeleton's empty first paragraph
        elif b.kind in ("title", "heading"):
            d.add_heading(b.text, level=1 if b.kind == "title" else b.level)
        elif b.kind == "para":
            d.add_paragraph(" " * b.level + b.text, inherit_style=False)
        else:
            t = d.add_table(len(b.rows), len(b.rows[0]))
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    t.cell(r, c).text = text
        first = False
    buf = io.BytesIO()
    d.save_to_stream(buf)
    return buf.getvalue()


def render(doc: BenchDocument, text: str) -> bytes:
    """The bytes of `doc` in its output format, from its source text."""
    if doc.fmt in COPIED:
        return text.encode("utf-8")
    blocks = parse_source(text)
    if doc.fmt == ".pdf":
        return render_pdf(blocks, doc.title, doc.out)
    if doc.fmt == ".docx":
        return render_docx(blocks, doc.title)
    return render_hwpx(blocks, doc.title)


# ---- the corpus folder ----------------------------------------------------------------------------

def default_shared_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("COUNCIL_ASSISTANT_SHARED") or PROJECT_ROOT.parent / "shared")


def _statute_files(shared_dir: Path, names: Iterable[str] | None) -> list[Path]:
    folder = shared_dir / STATUTES_SUBDIR
    if not folder.is_dir():
        log.warning("법령 폴더가 없어 법령 없이 만듭니다: %s / no statutes folder, building without statutes", folder)
        return []
    if names is None:
        return sorted(folder.glob("*.md"))
    wanted = [n if n.endswith(".md") else n + ".md" for n in names]
    missing = [n for n in wanted if not (folder / n).is_file()]
    if missing:
        raise _error(f"법령 파일이 없습니다: {missing[:5]}", f"statute files not found in {folder}: {missing[:5]}")
    return [folder / n for n in dict.fromkeys(wanted)]


def _copy_if_changed(src: Path, dst: Path) -> bool:
    s = src.stat()
    if dst.is_file():
        d = dst.stat()
        if d.st_size == s.st_size and int(d.st_mtime) == int(s.st_mtime):
            return False
    shutil.copy2(src, dst)
    return True


def _write_if_changed(dst: Path, data: bytes) -> bool:
    if dst.is_file() and dst.read_bytes() == data:
        return False
    tmp = dst.with_name(f".{dst.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(dst)
    return True


def _toml_value(v: object) -> str:
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def manifest_text(entries: list[dict[str, str]]) -> str:
    lines = ["# Written by assistant/evals/bench_corpus.py: corpus/manifest.toml + evals/benchmark/documents.", ""]
    for e in entries:
        lines.append("[[documents]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in e.items()]
        lines.append("")
    return "\n".join(lines)


def _seed_manifest(seeds: Path) -> list[dict[str, str]]:
    path = seeds / MANIFEST
    if not path.exists():
        return []
    return [{k: str(v) for k, v in e.items()} for e in tomllib.loads(path.read_text(encoding="utf-8")).get("documents", [])]


def cache_file(out_dir: Path) -> Path:
    return out_dir.with_name(out_dir.name + CACHE_SUFFIX)


def _doc_key(doc: BenchDocument, source: bytes) -> str:
    h = hashlib.sha256(source)
    h.update(json.dumps([RENDER_VERSION, doc.manifest_entry()], ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def build_bench_corpus(
    out_dir: Path,
    shared_dir: Path | None,
    statutes: Iterable[str] | None = None,
    *,
    documents_dir: Path = DOCUMENTS,
    seeds_dir: Path = SEEDS,
    only: Iterable[str] | None = None,
) -> Path:
    """Build (or bring up to date) the bench corpus in `out_dir` and return it.

    `statutes`: statute file names to copy (None: all); `only`: render just these of our documents
    (by `out` name; None: all) — for tests and quick runs.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_path = cache_file(out_dir)
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    keys: dict[str, str] = cache.get("keys", {})
    wanted: set[str] = set()

    shared = Path(shared_dir) if shared_dir is not None else default_shared_dir()
    for src in _statute_files(shared, statutes):
        _copy_if_changed(src, out_dir / src.name)
        wanted.add(src.name)

    entries = _seed_manifest(seeds_dir)
    for src in sorted(seeds_dir.iterdir()):
        if src.is_file() and src.name != MANIFEST and not src.name.startswith("."):
            _copy_if_changed(src, out_dir / src.name)
            wanted.add(src.name)

    docs = read_documents(documents_dir)
    if only is not None:
        names = set(only)
        unknown = names - {d.out for d in docs}
        if unknown:
            raise _error(f"목록에 없는 문서: {sorted(unknown)}", f"documents not in the manifest: {sorted(unknown)}")
        docs = [d for d in docs if d.out in names]
    rendered = 0
    for doc in docs:
        src = documents_dir / doc.source
        if not src.is_file():
            raise _error(f"원문 파일이 없습니다: {src}", f"source file not found: {src}")
        data = src.read_bytes()
        key, dst = _doc_key(doc, data), out_dir / doc.out
        if keys.get(doc.out) != key or not dst.is_file():
            _write_if_changed(dst, render(doc, data.decode("utf-8")))
            keys[doc.out] = key
            rendered += 1
        wanted.add(doc.out)
        entries.append(doc.manifest_entry())

    for name in set(cache.get("files", [])) - wanted:  # only what an earlier build wrote
        (out_dir / name).unlink(missing_ok=True)
        keys.pop(name, None)
    _write_if_changed(out_dir / MANIFEST, manifest_text(entries).encode("utf-8"))
    cache = {"keys": {k: v for k, v in keys.items() if k in wanted}, "files": sorted(wanted)}
    _write_if_changed(cache_path, json.dumps(cache, ensure_ascii=False, indent=1).encode("utf-8"))
    (out_dir / CACHE_SUFFIX).unlink(missing_ok=True)  # where the first version kept it
    log.info("bench corpus %s: %d files, %d rendered", out_dir, len(wanted), rendered)
    return out_dir


# ---- checking a rendered file ---------------------------------------------------------------------

def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_pieces(text: str) -> list[str]:
    """What must survive rendering and loading: each title/heading/paragraph, each table row."""
    out = []
    for b in parse_source(text):
        if b.kind == "table":
            out += ["|".join(row) for row in b.rows]
        else:
            out.append(b.text)
    return [p for p in map(_compact, out) if p]


def missing_after_load(doc: BenchDocument, path: Path, source_text: str) -> list[str]:
    """Source pieces not found (whitespace ignored) in the text the project's loader reads from `path`."""
    from ..loaders import load_document

    loaded = _compact(load_document(path).text)
    if doc.fmt in COPIED:
        return [] if loaded == _compact(source_text) else ["(copied text differs)"]
    return [p for p in expected_pieces(source_text) if p not in loaded]


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m assistant.evals.bench_corpus", description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path, help="folder to build the corpus in (a cache)")
    ap.add_argument("--shared", type=Path, default=None, help="the shared folder (default: $COUNCIL_ASSISTANT_SHARED or ../shared)")
    ap.add_argument("--no-statutes", action="store_true", help="leave the statutes out")
    ap.add_argument("--check", action="store_true", help="load every rendered document back and compare its text")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = build_bench_corpus(args.out_dir, args.shared, statutes=[] if args.no_statutes else None)
    bad = 0
    if args.check:
        for doc in read_documents():
            missing = missing_after_load(doc, out / doc.out, (DOCUMENTS / doc.source).read_text(encoding="utf-8"))
            if missing:
                bad += 1
                print(f"{doc.out}: {len(missing)} pieces missing, e.g. {missing[:3]}")
        print(f"checked {len(read_documents())} documents, {bad} with missing text")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
