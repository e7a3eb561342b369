"""The multi-document benchmark (evals/benchmark/): every item through `Assistant.ask` and the two
plain BM25 baselines, scored per split × kind.

    opts = BenchOptions(split="dev", fast=True)
    report = run_benchmark(opts)            # builds/reuses .cache/bench/<fast|full>/{corpus,index}
    print(bench_report.to_markdown(report))

The bench corpus (522 statutes from ../shared + corpus/ seeds + our rendered documents) is built by
`bench_corpus.build_bench_corpus` into a git-ignored cache folder and ingested incrementally, so a
second run re-reads only what changed. `--fast` is a fixed subset small enough for CI: the items of
a few documents from each split (chosen by hash, not by hand), some unanswerable items, and 40
distractor statutes.

Retrieval is scored at k=5 for all three systems; a hit is a retrieved passage of the gold document
holding the gold quote (whitespace ignored). The baselines cut text into fixed windows that can
split a quote, so for them a window also counts when ≥ 60 % of the quote sits at its edge.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import AssistantError
from ..settings import PROJECT_ROOT
from . import metrics
from .runner import score_item
from .splits import SPLITS, split_of
from .suite import KINDS, EvalItem, SuiteError, load_suite

BENCH_DIR = PROJECT_ROOT / "evals" / "benchmark"
ITEM_FILES = ("statutes.jsonl", "genres.jsonl", "seeds.jsonl", "statutes2.jsonl", "statutes3.jsonl", "genres2.jsonl", "fresh_statutes.jsonl", "fresh_genres.jsonl",
              "val_statutes.jsonl", "val_genres.jsonl", "fresh2_statutes.jsonl", "fresh2_genres.jsonl",
              "fresh3_statutes.jsonl", "fresh3_genres.jsonl", "fresh3_genres2.jsonl")
FAST_SHARES = {"dev": 0.7, "test1": 0.3}  # the test, val and test2 splits stay out of CI logs
DEFAULT_SHARED = PROJECT_ROOT.parent / "shared"
DEFAULT_CACHE = PROJECT_ROOT / ".cache" / "bench"
STATUTES_SUBDIR = Path("dev-corpus") / "statutes"
K = 5
MODES = ("answer", "evidence", "refused")
FAST_ITEMS = 80
FAST_DISTRACTORS = 40
FAST_UNANSWERABLE_SHARE = 0.15
PAGE_CHARS = 1750  # a report page, as in benchmarks/


@dataclass
class BenchItem:
    file: str
    item: EvalItem
    split: str


@dataclass
class BenchOptions:
    split: str = "all"  # dev | val | test | test2 | test1 | all
    fast: bool = False
    baselines: bool = True
    shared_dir: Path = DEFAULT_SHARED
    cache_dir: Path = DEFAULT_CACHE
    items_dir: Path = BENCH_DIR
    corpus_dir: Path | None = None  # a ready corpus folder: skip building one
    index_dir: Path | None = None  # default: <cache>/<fast|full>/index
    config_file: str | None = None
    embedding_model: str | None = None
    k: int = K
    progress: bool = True


@dataclass
class BenchRow:
    id: str
    file: str
    split: str
    kind: str
    style: str
    question: str
    gold: str
    answer: str
    refused: bool
    mode: str | None
    passed: bool
    failures: list[str]
    latency_s: float
    rank: int | None  # first retrieved passage holding a gold quote (assistant), None = not in top k
    baseline_ranks: dict[str, int | None] = field(default_factory=dict)
    sources: list[dict[str, str]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    retrieved: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"

    @property
    def scored_retrieval(self) -> bool:
        return bool(self.sources)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["pass"] = d.pop("passed")
        return d


@dataclass
class BenchReport:
    rows: list[BenchRow]
    baselines: list[str]
    info: dict[str, Any]

    def splits(self) -> list[str]:
        return [s for s in SPLITS if any(r.split == s for r in self.rows)]

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for split in self.splits() + (["all"] if len(self.splits()) > 1 else []):
            rows = [r for r in self.rows if split in ("all", r.split)]
            kinds = [k for k in KINDS if any(r.kind == k for r in rows)]
            out[split] = {"all": summarize(rows, self.baselines),
                          "by_kind": {k: summarize([r for r in rows if r.kind == k], self.baselines) for k in kinds}}
        return out

    def to_json(self) -> dict[str, Any]:
        return {"info": self.info, "baselines": self.baselines, "summary": self.summary(),
                "items": [r.to_json() for r in self.rows]}


# ---- items ------------------------------------------------------------------------------------

def load_items(folder: Path = BENCH_DIR, files: Sequence[str] = ITEM_FILES) -> list[BenchItem]:
    """The benchmark's items from the files present; ids must be unique across files."""
    out: list[BenchItem] = []
    seen: dict[str, str] = {}
    problems: list[str] = []
    for name in files:
        path = Path(folder) / name
        if not path.is_file():
            continue
        for item in load_suite(path).items:
            if item.id in seen:
                problems.append(f"{name}:{item.line}: id {item.id!r}가 {seen[item.id]}에도 있습니다 / duplicate id")
                continue
            seen[item.id] = name
            out.append(BenchItem(name, item, split_of(item, name)))
    if problems:
        raise SuiteError(problems)
    if not out:
        raise SuiteError([f"{folder}: 벤치마크 항목이 없습니다 / no benchmark items ({', '.join(files)})"])
    return out


def select_split(items: Iterable[BenchItem], split: str) -> list[BenchItem]:
    if split not in (*SPLITS, "all"):
        raise ValueError(f"split은 dev, val, test, test3, test2, test1, all 중 하나입니다 / unknown split: {split!r}")
    return [b for b in items if split in ("all", b.split)]


def _h(salt: str, key: str) -> str:
    return hashlib.sha1(f"{salt}:{key}".encode()).hexdigest()


def fast_subset(items: Sequence[BenchItem], statutes: Iterable[str], n_items: int = FAST_ITEMS,
                n_distractors: int = FAST_DISTRACTORS) -> tuple[list[BenchItem], list[str]]:
    """A fixed subset for CI: whole documents (all their items) from each split in hash order until
    about `n_items`, ~15 % unanswerable items, and the statutes to put in the corpus: those the items
    need plus `n_distractors` others. Deterministic for given item files."""
    statutes = sorted(set(statutes))
    answerable = [b for b in items if b.item.sources]
    unanswerable = sorted((b for b in items if not b.item.sources), key=lambda b: _h("fast", b.item.id))
    n_unans = min(len(unanswerable), round(n_items * FAST_UNANSWERABLE_SHARE))
    chosen_docs: set[str] = set()
    for split, share in FAST_SHARES.items():
        target = (n_items - n_unans) * share
        by_doc: dict[str, int] = {}
        for b in answerable:
            if b.split == split:
                by_doc[b.item.sources[0].doc] = by_doc.get(b.item.sources[0].doc, 0) + 1
        taken = 0
        for doc in sorted(by_doc, key=lambda d: _h("fast", d)):
            if taken >= target:
                break
            chosen_docs.add(doc)
            taken += by_doc[doc]
    picked = [b for b in answerable if b.split in FAST_SHARES and all(s.doc in chosen_docs for s in b.item.sources)]
    picked_unans: list[BenchItem] = []
    for split, share in FAST_SHARES.items():  # both splits get unanswerable items
        quota = round(n_unans * share)
        picked_unans += [b for b in unanswerable if b.split == split][:quota]
    needed = sorted(d for d in chosen_docs if d in statutes)
    distractors = sorted((s for s in statutes if s not in chosen_docs), key=lambda s: _h("distractor", s))
    keep = {b.item.id for b in picked + picked_unans}
    return [b for b in items if b.item.id in keep], sorted(needed + distractors[:n_distractors])


def statute_names(shared_dir: Path) -> list[str]:
    folder = Path(shared_dir) / STATUTES_SUBDIR
    return sorted(p.name for p in folder.glob("*.md"))


def check_shared(shared_dir: Path) -> None:
    if not (Path(shared_dir) / STATUTES_SUBDIR).is_dir():
        raise AssistantError(
            f"공유 법령 말뭉치가 없습니다 / shared statute corpus not found: {Path(shared_dir) / STATUTES_SUBDIR} "
            "(--shared DIR 로 ../shared 위치를 알려 주세요 / point --shared at the folder holding dev-corpus/)")


# ---- progress ---------------------------------------------------------------------------------

class Bar:
    """A progress bar on stderr: tqdm when installed (ASCII when stderr is not a terminal), else a counter."""

    def __init__(self, total: int, desc: str, enabled: bool = True):
        self.enabled, self.total, self.desc, self.done = enabled, total, desc, 0
        self._bar = None
        if enabled:
            try:
                from tqdm import tqdm

                tty = sys.stderr.isatty()
                self._bar = tqdm(total=total, desc=desc, file=sys.stderr, ascii=not tty, dynamic_ncols=True,
                                 mininterval=0.2 if tty else 5.0, leave=True)
            except ImportError:
                pass

    def update(self, note: str = "") -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.set_postfix_str(note[:30], refresh=False)
            self._bar.update(1)
        elif self.enabled:
            print(f"\r{self.desc} [{self.done}/{self.total}] {note[:30]:<30}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self.enabled:
            print(file=sys.stderr)


# ---- corpus and index -------------------------------------------------------------------------

def build_corpus(opts: BenchOptions, statutes: list[str] | None) -> Path:
    """The bench corpus folder (built into the cache; `opts.corpus_dir` when given)."""
    if opts.corpus_dir is not None:
        return Path(opts.corpus_dir)
    from .bench_corpus import build_bench_corpus

    out = Path(opts.cache_dir) / ("fast" if opts.fast else "full") / "corpus"
    return Path(build_bench_corpus(out, Path(opts.shared_dir), statutes=statutes))


def index_corpus(corpus: Path, opts: BenchOptions):
    """Settings of an index over `corpus`, brought up to date (incremental: unchanged files are skipped)."""
    from ..ingest import ingest
    from ..settings import load_settings

    index_dir = opts.index_dir or Path(opts.cache_dir) / ("fast" if opts.fast else "full") / "index"
    settings = load_settings(config_file=opts.config_file, index_dir=index_dir, corpus_dir=corpus,
                             embedding_model=opts.embedding_model)
    bar: Bar | None = None

    def progress(done: int, total: int, path: str, status: str) -> None:
        nonlocal bar
        if bar is None:
            bar = Bar(total, "ingest", opts.progress)
        bar.update(Path(path).name)

    report = ingest([corpus], settings, progress=progress, sync_folder=corpus)
    if bar is not None:
        bar.close()
    if report.errors:
        msgs = "; ".join(str(e) for e in report.errors[:5])
        print(f"수집 오류 {len(report.errors)}건 / ingest errors: {msgs}", file=sys.stderr)
    return settings, report


def corpus_texts(corpus: Path) -> dict[str, str]:
    """Loader text per document id, for the baselines (the same text ingest chunks)."""
    from ..errors import IngestError
    from ..ingest import discover
    from ..loaders import load_document

    out = {}
    for path in discover([corpus]):
        try:
            out[path.name] = load_document(path).text
        except IngestError:
            continue
    return out


# ---- running ----------------------------------------------------------------------------------

def ask_row(assistant: Any, b: BenchItem, k: int) -> BenchRow:
    """One item through `Assistant.ask`: answer checks, retrieval rank, latency (wall, warm)."""
    item = b.item
    t = time.perf_counter()
    error, mode = None, None
    try:
        ans = assistant.ask(item.question, k=k)
        latency = time.perf_counter() - t
        data = ans.to_json()
        mode = getattr(ans, "mode", None) or data.get("mode")
    except Exception as e:  # noqa: BLE001 — one broken item must not end the run
        latency = time.perf_counter() - t
        error = f"{type(e).__name__}: {e}"
        data = {"answer": "", "refused": False}
    res = score_item(item, data, k)
    failures = ([f"오류 / error: {error}"] if error else []) + res.failures
    rank = metrics.first_relevant_rank(item, data, k) if item.sources else None
    return BenchRow(
        id=item.id, file=b.file, split=b.split, kind=item.kind, style=item.style, question=item.question,
        gold=item.answer, answer=res.answer, refused=res.refused, mode=mode, passed=res.passed and not error,
        failures=failures, latency_s=round(latency, 4), rank=rank,
        sources=[{"doc": s.doc, "quote": s.quote} for s in item.sources],
        citations=[{"n": c.get("n"), "doc": c.get("doc"), "quote": c.get("quote")} for c in res.citations],
        retrieved=[{"rank": r.get("rank"), "doc": r.get("doc"), "section": r.get("section"),
                    "text": (r.get("text") or "")[:300]} for r in res.retrieved],
        error=error,
    )


def run_benchmark(opts: BenchOptions, log: Callable[[str], None] | None = None) -> BenchReport:
    """Build/reuse the corpus and index, ask every selected item, score the baselines beside."""
    log = log or (lambda msg: print(msg, file=sys.stderr, flush=True) if opts.progress else None)
    t_start = time.perf_counter()
    items = select_split(load_items(opts.items_dir), opts.split)
    statutes: list[str] | None = None
    if opts.corpus_dir is None:
        check_shared(opts.shared_dir)
    if opts.fast:
        names = statute_names(opts.shared_dir) if opts.corpus_dir is None else []
        items, statutes = fast_subset(items, names)
    if not items:
        raise SuiteError([f"선택된 항목이 없습니다 / no items for split {opts.split!r}"])
    log(f"벤치마크 / benchmark: {len(items)}문항 (split {opts.split}{', fast' if opts.fast else ''})")

    t = time.perf_counter()
    corpus = build_corpus(opts, statutes)
    build_s = time.perf_counter() - t
    settings, ingest_report = index_corpus(corpus, opts)

    from ..pipeline import Assistant

    assistant = Assistant(settings)
    getattr(assistant, "tool_hook", None)  # one-time set-up (facts tables) is not a question's latency
    assistant.ask("워밍업 질문입니다", k=opts.k)  # first-call caches (Kiwi, SQLite pages)
    bar = Bar(len(items), "ask", opts.progress)
    rows = []
    for b in items:
        rows.append(ask_row(assistant, b, opts.k))
        bar.update(b.item.id)
    bar.close()

    texts = corpus_texts(corpus)
    names: list[str] = []
    baseline_s: dict[str, float] = {}
    if opts.baselines:
        names, baseline_s = _run_baselines(texts, items, rows, opts)
    chars = sum(len(t) for t in texts.values())
    docs = assistant.index.documents()
    info = {
        "started": datetime.now().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "split": opts.split,
        "fast": opts.fast,
        "k": opts.k,
        "items": len(items),
        "corpus_dir": str(corpus),
        "index_dir": str(settings.index_dir),
        "documents": len(docs),
        "chunks": sum(d.n_chunks for d in docs),
        "corpus_chars": chars,
        "corpus_pages": round(chars / PAGE_CHARS) if chars else None,
        "corpus_build_s": round(build_s, 2),
        "ingest_pages_per_s": (round(chars / PAGE_CHARS / ingest_report.seconds, 1)
                               if ingest_report.added and not ingest_report.unchanged and ingest_report.seconds else None),
        "latency_p50_s": metrics.percentile([r.latency_s for r in rows], 50),
        "latency_p95_s": metrics.percentile([r.latency_s for r in rows], 95),
        "ingest": {"added": len(ingest_report.added), "updated": len(ingest_report.updated),
                   "unchanged": len(ingest_report.unchanged), "removed": len(ingest_report.removed),
                   "errors": [str(e) for e in ingest_report.errors], "seconds": round(ingest_report.seconds, 2)},
        "baseline_build_s": baseline_s,
        "embedding_model": settings.embedding_model,
        "backend": settings.answer_backend,
        "duration_s": round(time.perf_counter() - t_start, 1),
    }
    return BenchReport(rows=rows, baselines=names, info=info)


def _run_baselines(texts: dict[str, str], items: list[BenchItem], rows: list[BenchRow],
                   opts: BenchOptions) -> tuple[list[str], dict[str, float]]:
    from .baselines import build_baselines, fixed_chunks

    chunks = [c for doc_id, text in texts.items() for c in fixed_chunks(doc_id, text)]
    t = time.perf_counter()
    systems = build_baselines(chunks)
    build_s = {"total": round(time.perf_counter() - t, 2)}
    scored = [(b, r) for b, r in zip(items, rows) if b.item.sources]
    bar = Bar(len(scored) * len(systems), "baselines", opts.progress)
    for system in systems:
        for b, r in scored:
            ranked = system.search(b.item.question, opts.k)
            r.baseline_ranks[system.name] = metrics.first_hit_rank(ranked, b.item.sources, fixed_chunks=True)
            bar.update(b.item.id)
    bar.close()
    return [s.name for s in systems], build_s


def git_commit() -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return (rev + ("+dirty" if dirty else "")) or "unknown"


# ---- aggregation ------------------------------------------------------------------------------

def _rate(flags: Iterable[bool]) -> float | None:
    return metrics.mean(1.0 if f else 0.0 for f in flags)


def retrieval_summary(ranks: Sequence[int | None]) -> dict[str, float | None]:
    """recall@1, recall@5 and MRR (cut at the ranks given, i.e. k) over items with gold sources."""
    return {
        "recall_at_1": _rate(r == 1 for r in ranks),
        "recall_at_5": _rate(r is not None and r <= 5 for r in ranks),
        "mrr": metrics.mean((1.0 / r) if r else 0.0 for r in ranks),
    }


def summarize(rows: Sequence[BenchRow], baselines: Sequence[str] = ()) -> dict[str, Any]:
    answerable = [r for r in rows if r.answerable]
    unanswerable = [r for r in rows if not r.answerable]
    scored = [r for r in rows if r.scored_retrieval]
    lat = [r.latency_s for r in rows]
    out: dict[str, Any] = {
        "n": len(rows),
        "pass_rate": _rate(r.passed for r in rows),
        "false_refusal_rate": _rate(r.refused for r in answerable),
        "unanswerable_refusal_rate": _rate(r.refused for r in unanswerable),
        **retrieval_summary([r.rank for r in scored]),
        "n_retrieval": len(scored),
        "latency_p50_s": metrics.percentile(lat, 50),
        "latency_p95_s": metrics.percentile(lat, 95),
        "errors": sum(1 for r in rows if r.error),
    }
    if any(r.mode for r in rows):
        out["modes"] = {m: _rate(r.mode == m for r in rows) for m in MODES}
        # trust in a direct answer: how many of them are right (an unanswerable item answered
        # directly counts as wrong); "관련 근거" and refusals are not claims
        out["answer_precision"] = _rate(r.passed and r.answerable for r in rows if r.mode == "answer")
    out["baselines"] = {name: retrieval_summary([r.baseline_ranks.get(name) for r in scored]) for name in baselines}
    return out
