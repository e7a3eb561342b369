"""Document metadata: from the corpus manifest where given, otherwise inferred from the text."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .models import Document

MANIFEST = "manifest.toml"
KIND_PATTERNS = [
    ("검토보고서", re.compile(r"검\s*토\s*보\s*고")),
    ("성과평가", re.compile(r"성과\s*평가\s*결과|종합성과평가")),
    ("회의록", re.compile(r"회\s*의\s*록")),
    ("조례", re.compile(r"^.{0,60}조례\s*$|조례\s*(?:일부)?개정", re.M)),
    ("법률", re.compile(r"^.{0,40}법(?:률)?\s*$", re.M)),
]


def read_manifest(folder: Path) -> dict[str, dict]:
    """`[[documents]]` entries by their `file`. A manifest.toml of another shape (another tool's
    file, entries without `file`, a TOML syntax error) gives no metadata rather than stopping
    the ingest: every document still gets the metadata its text implies."""
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    entries = data.get("documents", [])
    if not isinstance(entries, list):
        return {}
    return {d["file"]: d for d in entries if isinstance(d, dict) and isinstance(d.get("file"), str)}


def infer_metadata(doc: Document, manifest: dict[str, dict] | None = None) -> None:
    """Fill title/kind/date/bill_no: manifest entries win; gaps are inferred from the text."""
    if manifest is None:
        manifest = read_manifest(Path(doc.path).parent)
    entry = manifest.get(doc.doc_id, {})
    body = doc.blocks[0].start if doc.blocks else 0  # after any front matter (already in doc.fields)
    head = doc.text[body : body + 3000]
    doc.title = entry.get("title") or doc.title or _first_title(doc)
    doc.kind = entry.get("kind") or doc.kind or next((k for k, rx in KIND_PATTERNS if rx.search(head)), "문서")
    m = re.search(r"의안\s*번호\s*[:：]?\s*(제?\s*\d+\s*호)", head)
    doc.bill_no = entry.get("bill_no") or doc.bill_no or (m.group(1).replace(" ", "") if m else None)
    m = re.search(r"((?:19|20)\d\d)\s*[년.]\s*(\d{1,2})\s*[월.]\s*(\d{1,2})", head)
    inferred_date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None
    doc.date = str(entry.get("date") or doc.date or inferred_date or "") or None


def _first_title(doc: Document) -> str:
    for b in doc.blocks[:10]:
        t = re.sub(r"\s+", " ", b.text).strip()
        if 4 <= len(t) <= 80:
            return t
    return doc.doc_id
