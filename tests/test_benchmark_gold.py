"""The multi-document benchmark's gold data is consistent with itself and with the documents.

For every item of evals/benchmark/*.jsonl (whichever files exist now; they grow while being written):
fields and kinds are valid, ids are unique, regexes compile, the gold answer satisfies its own
must_match (and not its must_not_match), unanswerable items carry no sources, and every gold quote
occurs in its document. A quote is compared with the document after removing Markdown bold (`**`),
backslash escapes (`1\\.` → `1.`) and all whitespace.

Where a document lives, by its id:
  - our documents: the `out` name in evals/benchmark/documents/manifest.toml → its `source` file
  - seeds: corpus/<doc>
  - statutes: <shared>/dev-corpus/statutes/<doc>, <shared> = <repo>/../shared or $COUNCIL_ASSISTANT_SHARED
    (statute checks skip when that folder is absent, e.g. on a machine without the shared corpus)
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from assistant.evals.bench_corpus import read_documents
from assistant.loaders.text import decode

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "evals" / "benchmark"
DOCUMENTS = BENCH / "documents"
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("COUNCIL_ASSISTANT_SHARED") or ROOT.parent / "shared")
STATUTES = SHARED / "dev-corpus" / "statutes"

KINDS = {"fact", "number", "date", "article", "condition", "definition", "table", "compare", "rule",
         "eligibility", "compute", "multi", "unanswerable"}
STYLES = {"colloquial", "formal"}
REQUIRED = {"id", "question", "kind", "style", "answer", "must_match", "sources"}
OPTIONAL = {"must_not_match", "note", "expected"}
QUOTE_CHARS = (10, 120)
MIN_UNANSWERABLE, MIN_COLLOQUIAL = 0.15, 0.25
SHARE_CHECK_FROM = 20  # shares are checked once a file has this many items (files grow while written)

BENCH_FILES = sorted(BENCH.glob("*.jsonl"))


def normalise(text: str) -> str:
    """Drop Markdown bold, backslash escapes and all whitespace, so quotes match as the text reads."""
    return re.sub(r"\s+", "", re.sub(r"\\(.)", r"\1", text.replace("**", "")))


def read_items(path: Path) -> list[tuple[int, dict[str, Any]]]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            items.append((n, json.loads(line)))
    return items


def our_documents() -> dict[str, Path]:
    """`out` name (the document id once ingested) → the text source we wrote."""
    if not (DOCUMENTS / "manifest.toml").exists():
        return {}
    return {d.out: DOCUMENTS / d.source for d in read_documents(DOCUMENTS)}


def locate(doc: str, ours: dict[str, Path]) -> tuple[str, Path]:
    """(where, path) of a document id; where ∈ ours | seed | statute."""
    if doc in ours:
        return "ours", ours[doc]
    if (CORPUS / doc).exists():
        return "seed", CORPUS / doc
    return "statute", STATUTES / doc


_texts: dict[Path, str] = {}


def document_text(path: Path) -> str:
    if path not in _texts:
        _texts[path] = normalise(decode(path, path.read_bytes())[0])
    return _texts[path]


@pytest.fixture(params=BENCH_FILES, ids=[p.name for p in BENCH_FILES])
def bench_file(request) -> Path:
    return request.param


def structure_problems(path: Path) -> list[str]:
    problems: list[str] = []
    for n, it in read_items(path):
        where = f"{path.name}:{n} ({it.get('id', '?')})"
        missing, unknown = REQUIRED - it.keys(), it.keys() - REQUIRED - OPTIONAL
        if missing:
            problems.append(f"{where}: 필드 없음 / missing fields {sorted(missing)}")
            continue
        if unknown:
            problems.append(f"{where}: 알 수 없는 필드 / unknown fields {sorted(unknown)}")
        if it["kind"] not in KINDS:
            problems.append(f"{where}: kind {it['kind']!r} not in {sorted(KINDS)}")
        if it["style"] not in STYLES:
            problems.append(f"{where}: style {it['style']!r} not in {sorted(STYLES)}")
        if not str(it["question"]).strip() or not str(it["answer"]).strip():
            problems.append(f"{where}: 빈 질문/답 / empty question or answer")
        patterns = {"must_match": it["must_match"], "must_not_match": it.get("must_not_match", [])}
        for name, pats in patterns.items():
            if not isinstance(pats, list):
                problems.append(f"{where}: {name} must be a list")
                continue
            for p in pats:
                try:
                    rx = re.compile(p)
                except (re.error, TypeError) as e:
                    problems.append(f"{where}: {name} {p!r} does not compile: {e}")
                    continue
                hit = rx.search(it["answer"]) is not None
                if name == "must_match" and not hit:
                    problems.append(f"{where}: 정답이 must_match와 불일치 / gold answer fails {p!r}")
                if name == "must_not_match" and hit:
                    problems.append(f"{where}: 정답이 must_not_match에 걸림 / gold answer matches {p!r}")
        sources = it["sources"]
        if not isinstance(sources, list) or any(
                not isinstance(s, dict) or not s.get("doc") or not s.get("quote") for s in sources):
            problems.append(f"{where}: sources는 [{{doc, quote}}] 목록 / sources must be [{{doc, quote}}]")
            continue
        if it["kind"] == "unanswerable":
            if sources or it["must_match"]:
                problems.append(f"{where}: unanswerable 항목은 sources·must_match가 비어야 함 / must be empty")
        else:
            if not it["must_match"]:
                problems.append(f"{where}: 답할 수 있는 항목에 must_match 없음 / answerable item without must_match")
            if not sources and it["kind"] not in ("rule", "eligibility", "compute"):
                problems.append(f"{where}: 근거 없음 / answerable {it['kind']} item without sources")
        for s in sources:
            q = s["quote"]
            if not QUOTE_CHARS[0] <= len(q.strip()) <= QUOTE_CHARS[1]:
                problems.append(f"{where}: quote length {len(q.strip())} not in {QUOTE_CHARS}: {q[:40]}…")
            if "**" in q or "\\" in q:
                problems.append(f"{where}: quote에 마크다운 표시 / Markdown markup in quote: {q[:40]}…")
    return problems


def test_benchmark_files_exist():
    assert (BENCH / "statutes.jsonl").exists(), "evals/benchmark/statutes.jsonl missing"


def test_items_are_well_formed(bench_file: Path):
    problems = structure_problems(bench_file)
    assert not problems, "\n".join(problems)


def test_ids_are_unique_across_files():
    seen: dict[str, str] = {}
    dups = []
    for path in BENCH_FILES:
        for n, it in read_items(path):
            iid = it.get("id")
            if iid in seen:
                dups.append(f"{path.name}:{n}: id {iid!r} also at {seen[iid]}")
            seen.setdefault(iid, f"{path.name}:{n}")
    assert not dups, "\n".join(dups)


def test_shares_of_unanswerable_and_colloquial(bench_file: Path):
    items = [it for _, it in read_items(bench_file)]
    if len(items) < SHARE_CHECK_FROM:
        pytest.skip(f"{bench_file.name}: {len(items)} items so far; shares checked from {SHARE_CHECK_FROM}")
    kinds = Counter(it.get("kind") for it in items)
    styles = Counter(it.get("style") for it in items)
    assert kinds["unanswerable"] / len(items) >= MIN_UNANSWERABLE, f"unanswerable {kinds['unanswerable']}/{len(items)}"
    assert styles["colloquial"] / len(items) >= MIN_COLLOQUIAL, f"colloquial {styles['colloquial']}/{len(items)}"


def quote_problems(path: Path, want: set[str]) -> list[str]:
    """Quotes of documents of the kinds in `want` that are not found in their document."""
    ours = our_documents()
    problems = []
    for n, it in read_items(path):
        for s in it.get("sources") or []:
            where_kind, doc_path = locate(s["doc"], ours)
            if where_kind not in want:
                continue
            where = f"{path.name}:{n} ({it.get('id')})"
            if not doc_path.exists():
                problems.append(f"{where}: 문서 없음 / document not found: {s['doc']} ({where_kind}: {doc_path})")
            elif normalise(s["quote"]) not in document_text(doc_path):
                problems.append(f"{where}: 인용문이 문서에 없음 / quote not in {s['doc']}: {s['quote'][:60]}")
    return problems


def test_quotes_in_our_documents_and_seeds(bench_file: Path):
    problems = quote_problems(bench_file, {"ours", "seed"})
    assert not problems, "\n".join(problems)


def test_quotes_in_statutes(bench_file: Path):
    if not STATUTES.is_dir():
        pytest.skip(f"../shared/dev-corpus not found: {STATUTES} (set COUNCIL_ASSISTANT_SHARED)")
    problems = quote_problems(bench_file, {"statute"})
    assert not problems, "\n".join(problems)


ABSENCE_CHECK = re.compile(r"grep -P '(.+?)'(?=;|$)")


def absence_problems(path: Path, texts: dict[str, str]) -> list[str]:
    problems = []
    for n, it in read_items(path):
        if it.get("kind") != "unanswerable":
            continue
        for pat in ABSENCE_CHECK.findall(it.get("note", "")):
            hits = [name for name, text in texts.items() if re.search(pat, text, re.M)]
            if hits:
                problems.append(f"{path.name}:{n} ({it['id']}): '{pat}' now found in {hits} — "
                                "이 질문은 이제 답할 수 있음 / the question became answerable")
    return problems


def test_unanswerable_items_stay_absent_from_our_documents_and_seeds(bench_file: Path):
    """Unanswerable items name in their note the patterns verified absent (`grep -P '…'`); documents are
    still being added, so re-check them against our documents and the seeds (statutes do not change)."""
    texts = {p.name: decode(p, p.read_bytes())[0]
             for folder in (DOCUMENTS, CORPUS) if folder.is_dir()
             for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".md")}
    problems = absence_problems(bench_file, texts)
    assert not problems, "\n".join(problems)


def test_absence_check_reports_a_pattern_that_appears(tmp_path: Path):
    path = tmp_path / "u.jsonl"
    path.write_text(json.dumps({"id": "u-1", "question": "q", "kind": "unanswerable", "style": "formal", "answer": "a",
                                "must_match": [], "sources": [],
                                "note": "검증: grep -P '^제목: 지방자치법$'; grep -P '정례회.{0,10}[0-9]+\\s*회'"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    assert absence_problems(path, {"a.md": "본문\n제목: 지방자치법\n"}) != []
    assert absence_problems(path, {"a.md": "정례회는 연 2 회"}) != []
    assert absence_problems(path, {"a.md": "제목: 지방자치법 시행령\n정례회"}) == []


def test_normalise_matches_markdown_as_it_reads():
    md = "**①** 이사는 8명 이상\n  1\\. 원장 1명"
    assert normalise(md) == normalise("① 이사는 8명 이상 1. 원장 1명")
    assert normalise("이사  8명") not in normalise("이사 9명")


def test_quote_check_fails_on_a_wrong_quote(tmp_path: Path):
    bad = tmp_path / "x.jsonl"
    bad.write_text(json.dumps({"id": "x-1", "question": "q", "kind": "fact", "style": "formal", "answer": "a",
                               "must_match": ["a"], "sources": [{"doc": "000_676e27cb4d6cfd79.txt",
                                                                  "quote": "이 문장은 시드 문서에 없습니다 절대로"}]},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    assert quote_problems(bad, {"seed"}), "a quote absent from the seed document must be reported"
    assert structure_problems(bad) == []


def test_statute_quote_check_reads_markdown_and_fails_on_a_changed_number(tmp_path: Path):
    if not STATUTES.is_dir():
        pytest.skip(f"../shared/dev-corpus not found: {STATUTES} (set COUNCIL_ASSISTANT_SHARED)")
    doc = "행정대집행법_법률.md"  # `**①**` paragraphs, as every statute file
    item = {"id": "x-2", "question": "q", "kind": "fact", "style": "formal", "answer": "a", "must_match": ["a"],
            "sources": [{"doc": doc, "quote": "① 행정청(제2조에 따라 대집행을 실행하는 제3자를 포함한다"}]}
    path = tmp_path / "y.jsonl"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    assert quote_problems(path, {"statute"}) == []
    item["sources"][0]["quote"] = "① 행정청(제3조에 따라 대집행을 실행하는 제3자를 포함한다"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    assert quote_problems(path, {"statute"}), "a quote with a changed article number must be reported"
