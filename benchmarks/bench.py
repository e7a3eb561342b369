"""Speed benchmarks of the default embedded configuration (hash embedder, Kiwi, Chroma, BM25).

Measures, on the corpus from benchmarks/generate_corpus.py:
  1. ingest throughput (report pages/s) into a fresh index, and the index size on disk, for
     several corpus sizes (prefixes of the generated files) — each in its own process;
  2. warm latency of Assistant.search and Assistant.ask (p50/p95) on the largest index, and
     recall@5 / answer accuracy on the generated questions;
  3. the lexical index alone at 100,000 chunks (Zipfian token lists): build time, memory,
     search p50/p95 for 3–8 term queries.
Prints a table and writes benchmarks/results.md.

    .venv/bin/python benchmarks/generate_corpus.py --pages 1000
    .venv/bin/python benchmarks/bench.py                      # full run, ~2 minutes on 2 cores
    .venv/bin/python benchmarks/bench.py --sizes 20 --queries 20 --lexical-chunks 2000 --results /tmp/r.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "benchmarks" / "out"

TARGETS = {
    "ingest_pps": 100.0,  # report pages per second
    "search_p95_ms": 50.0,
    "ask_p95_ms": 500.0,
    "lexical_p95_ms": 10.0,  # "stays in milliseconds"
}


# ---------------------------------------------------------------------------------------- helpers
def load_avg() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def pct(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), q)) if values else float("nan")


def dir_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def norm(text: str) -> str:
    return "".join(text.split())


def run_worker(*args: str) -> dict:
    """Run this script as a worker in a fresh process; its last stdout line is JSON."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", *args],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"worker {args[0]} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def corpus_files(corpus: Path, pages: int) -> tuple[list[Path], int, int]:
    """The shortest prefix of the generated files with at least `pages` pages."""
    meta = json.loads((corpus / "pages.json").read_text())["files"]
    files, total, chars = [], 0, 0
    for name in sorted(meta):
        if total >= pages:
            break
        files.append(corpus / name)
        total += meta[name]["pages"]
        chars += meta[name]["chars"]
    return files, total, chars


# ---------------------------------------------------------------------------------------- workers
def worker_ingest(corpus: Path, pages: int, index_dir: Path, no_chroma_documents: bool) -> dict:
    """Fresh index from the first `pages` pages; startup (imports, Kiwi model) timed apart."""
    t0 = time.perf_counter()
    import chromadb  # noqa: F401 — imported up front: a one-time cost, not per page

    from assistant.ingest import ingest
    from assistant.korean import analyzer
    from assistant.settings import load_settings

    analyzer()._kiwi_instance()
    startup = time.perf_counter() - t0
    if no_chroma_documents:  # what-if: vectors and metadata only (the text lives in SQLite anyway)
        from chromadb.api.models.Collection import Collection

        for name in ("add", "upsert"):
            orig = getattr(Collection, name)

            def patched(self, *a, _orig=orig, **kw):
                kw.pop("documents", None)
                return _orig(self, *a, **kw)

            setattr(Collection, name, patched)
    files, n_pages, chars = corpus_files(corpus, pages)
    shutil.rmtree(index_dir, ignore_errors=True)
    settings = load_settings(env={}, index_dir=index_dir, corpus_dir=corpus)
    cpu0 = time.process_time()
    t = time.perf_counter()
    report = ingest(files, settings)
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu0
    assert not report.errors, report.errors[:3]
    gen = (index_dir / "CURRENT").read_text().strip()
    g = index_dir / gen
    parts = {
        "sqlite": sum(f.stat().st_size for f in g.glob("store.sqlite*")),
        "chroma": dir_bytes(g / "chroma") if (g / "chroma").exists() else 0,
        "lexical": sum(f.stat().st_size for f in g.glob("lexical.*")),
    }
    return {
        "pages": n_pages, "files": len(files), "chars": chars, "chunks": report.chunks, "seconds": seconds,
        "cpu_seconds": cpu, "startup_seconds": startup, "bytes": dir_bytes(index_dir), "parts": parts,
        "peak_rss_mb": peak_rss_mb(),
    }


def worker_query(index_dir: Path, questions_file: Path, n_queries: int, warmup: int) -> dict:
    from assistant.pipeline import Assistant
    from assistant.settings import load_settings

    questions = [json.loads(line) for line in questions_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    t = time.perf_counter()
    a = Assistant(load_settings(env={}, index_dir=index_dir))
    open_seconds = time.perf_counter() - t
    warm, measured = questions[:warmup], questions[warmup : warmup + n_queries]
    t = time.perf_counter()
    for q in warm:  # loads Kiwi, Chroma's HNSW segment, lexical weights, the rule tools
        a.ask(q["q"])
    warmup_seconds = time.perf_counter() - t

    search_ms, ask_ms, found, found30, mrr, correct, refused = [], [], 0, 0, 0.0, 0, 0
    by_type: dict[str, list[int]] = {}
    for q in measured:
        t = time.perf_counter()
        hits = a.search(q["q"], 5)
        search_ms.append((time.perf_counter() - t) * 1000)
        answer, service = norm(q["answer"]), norm(q["service"])
        rank = next(
            (
                i for i, h in enumerate(hits, 1)
                if answer in norm(h.chunk.text)
                and service in norm(f"{a.index.title(h.chunk.doc_id)}{h.chunk.section_path}{h.chunk.text}")
            ),
            None,
        )
        found += rank is not None
        mrr += 1 / rank if rank else 0.0
        by_type.setdefault(q["type"], []).append(int(rank is not None))
        # is it among the fused candidates at all? (untimed; tells ranking misses from retrieval misses)
        found30 += any(
            answer in norm(h.chunk.text)
            and service in norm(f"{a.index.title(h.chunk.doc_id)}{h.chunk.section_path}{h.chunk.text}")
            for h in a.search(q["q"], 30)
        )
    for q in measured:
        t = time.perf_counter()
        ans = a.ask(q["q"])
        ask_ms.append((time.perf_counter() - t) * 1000)
        correct += (not ans.refused) and norm(q["answer"]) in norm(ans.answer)
        refused += ans.refused
    n = max(len(measured), 1)
    return {
        "queries": len(measured), "open_seconds": open_seconds, "warmup_seconds": warmup_seconds,
        "search_p50_ms": pct(search_ms, 50), "search_p95_ms": pct(search_ms, 95), "search_max_ms": max(search_ms, default=0),
        "ask_p50_ms": pct(ask_ms, 50), "ask_p95_ms": pct(ask_ms, 95), "ask_max_ms": max(ask_ms, default=0),
        "recall_at_5": found / n, "recall_at_30": found30 / n, "mrr_at_5": mrr / n, "answer_accuracy": correct / n,
        "refused": refused / n,
        "recall_by_type": {k: (sum(v) / len(v), len(v)) for k, v in sorted(by_type.items())},
        "chunks": len(a.index.lexical), "rss_mb": rss_mb(),
    }


def worker_lexical(n_chunks: int, vocab: int, mean_len: int, n_queries: int, seed: int, doc_batch: int) -> dict:
    """LexicalIndex alone: Zipfian token lists → build (one batch and per-document batches), search."""
    import numpy as np

    from assistant.lexical import LexicalIndex

    rng = np.random.default_rng(seed)
    ranks = np.arange(1, vocab + 1, dtype=np.float64)
    p = 1.0 / ranks**1.07  # Zipf's law, as in word counts of running text
    p /= p.sum()
    terms = np.array([f"용어{i}" for i in range(vocab)], dtype=object)
    lens = np.maximum(rng.poisson(mean_len, n_chunks), 5)
    flat = rng.choice(vocab, size=int(lens.sum()), p=p)
    offs = np.concatenate([[0], np.cumsum(lens)])
    token_lists = [terms[flat[offs[i] : offs[i + 1]]].tolist() for i in range(n_chunks)]
    ids = [f"c{i:06d}" for i in range(n_chunks)]
    del flat

    rss0 = rss_mb()
    idx = LexicalIndex()
    t = time.perf_counter()
    idx.add(ids, token_lists)
    build_one = time.perf_counter() - t
    t = time.perf_counter()
    idx.search(["용어1"], 10)  # computes the BM25 weight matrix once
    prepare = time.perf_counter() - t
    rss_built = rss_mb() - rss0
    counts = idx.counts
    matrix_mb = (counts.data.nbytes + counts.indices.nbytes + counts.indptr.nbytes) / 2**20
    w = idx._weights
    weights_mb = (w.data.nbytes + w.indices.nbytes + w.indptr.nbytes) / 2**20 if w is not None else 0.0

    # as ingest does it: one add per document (doc_batch chunks each)
    idx2 = LexicalIndex()
    t = time.perf_counter()
    for lo in range(0, n_chunks, doc_batch):
        idx2.add(ids[lo : lo + doc_batch], token_lists[lo : lo + doc_batch])
    idx2.search(["용어1"], 10)
    build_docs = time.perf_counter() - t
    del idx2

    qrng = np.random.default_rng(seed + 1)
    lat = []
    sizes = []
    for _ in range(n_queries):
        k = int(qrng.integers(3, 9))
        q = [str(terms[i]) for i in qrng.choice(vocab, size=k, p=p)]
        t = time.perf_counter()
        idx.search(q, 30)
        lat.append((time.perf_counter() - t) * 1000)
        sizes.append(k)
    # the worst case: the 8 most frequent terms (their postings cover almost every chunk)
    worst = [str(t) for t in terms[:8]]
    t = time.perf_counter()
    for _ in range(20):
        idx.search(worst, 30)
    worst_ms = (time.perf_counter() - t) / 20 * 1000
    return {
        "chunks": n_chunks, "vocab": vocab, "terms_used": len(idx.vocab), "postings": int(counts.nnz),
        "tokens": int(lens.sum()), "build_seconds": build_one, "prepare_seconds": prepare,
        "build_per_doc_seconds": build_docs, "doc_batch": doc_batch,
        "matrix_mb": matrix_mb, "weights_mb": weights_mb, "rss_delta_mb": rss_built,
        "search_p50_ms": pct(lat, 50), "search_p95_ms": pct(lat, 95), "search_max_ms": max(lat),
        "worst_ms": worst_ms, "queries": n_queries,
    }


# ---------------------------------------------------------------------------------------- report
def machine() -> dict:
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {}
    for mod in ("chromadb", "kiwipiepy", "numpy", "scipy"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 — a version string is optional
            versions[mod] = "?"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    return {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "cpus": len(os.sched_getaffinity(0)), "cpu": cpu,
        "python": platform.python_version(), "commit": commit or "?", **versions,
    }


def ok(value: float, target: float, lower_is_better: bool = True) -> str:
    good = value <= target if lower_is_better else value >= target
    return "✅" if good else "❌"


def render(res: dict) -> str:
    m = res["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `benchmarks/bench.py` on {m['date']} (commit {m['commit']}). "
        f"{m['cpus']} CPUs ({m['cpu']}), Python {m['python']}, chromadb {m['chromadb']}, kiwipiepy {m['kiwipiepy']}, "
        f"numpy {m['numpy']}, scipy {m['scipy']}. Default embedded configuration (hash embedder, Kiwi, local Chroma, BM25).",
        f"Load average (1/5/15 min) at start: {res['load_start']}; at end: {res['load_end']}.",
        "",
        "| measure | value | target | |",
        "|---|---|---|---|",
    ]
    ing = res["ingest"]
    big = ing[-1]
    pps = big["pages"] / big["seconds"]
    lines.append(
        f"| ingest throughput ({big['pages']} pages, {big['files']} files, {big['chunks']} chunks, fresh index) | "
        f"{pps:.1f} pages/s ({big['seconds']:.1f} s wall, {big['cpu_seconds']:.1f} s CPU; +{big['startup_seconds']:.1f} s startup) | "
        f"≥ {TARGETS['ingest_pps']:.0f} pages/s | {ok(pps, TARGETS['ingest_pps'], False)} |"
    )
    if res.get("ingest_what_if"):
        w = res["ingest_what_if"]
        lines.append(
            f"| ingest, what-if: Chroma without `documents` (experiment, not the shipped code) | "
            f"{w['pages'] / w['seconds']:.1f} pages/s ({w['seconds']:.1f} s wall) | | |"
        )
    sizes = "; ".join(f"{r['pages']} p → {r['bytes'] / 2**20:.1f} MiB" for r in ing)
    fit, linear = "", True
    if len(ing) > 1:  # least squares bytes = a + b·pages; linear when every size is within 10% of the line
        import numpy as np

        x = np.array([r["pages"] for r in ing], float)
        y = np.array([r["bytes"] for r in ing], float)
        b, a0 = np.polyfit(x, y, 1)
        worst = float(np.max(np.abs(y - (a0 + b * x)) / y))
        linear = worst <= 0.10
        fit = f" — fit {a0 / 2**20:.1f} MiB + {b / 1024:.1f} KiB/page, largest deviation {worst:.1%}"
    lines.append(f"| index size on disk | {sizes}{fit} | grows linearly | {'✅' if linear else '❌'} |")
    q = res["query"]
    lines += [
        f"| Assistant.search, warm, {q['queries']} queries, {q['chunks']} chunks | p50 {q['search_p50_ms']:.1f} ms, "
        f"p95 {q['search_p95_ms']:.1f} ms (max {q['search_max_ms']:.0f}) | p95 < {TARGETS['search_p95_ms']:.0f} ms | "
        f"{ok(q['search_p95_ms'], TARGETS['search_p95_ms'])} |",
        f"| Assistant.ask, warm | p50 {q['ask_p50_ms']:.1f} ms, p95 {q['ask_p95_ms']:.1f} ms (max {q['ask_max_ms']:.0f}) | "
        f"p95 < {TARGETS['ask_p95_ms']:.0f} ms | {ok(q['ask_p95_ms'], TARGETS['ask_p95_ms'])} |",
        f"| recall@5 on generated questions | {q['recall_at_5']:.1%} (recall@30 {q['recall_at_30']:.1%}, MRR@5 {q['mrr_at_5']:.2f}; "
        + ", ".join(f"{k} {v[0]:.0%} of {v[1]}" for k, v in q["recall_by_type"].items())
        + f") | — | |",
        f"| ask answer contains the expected value | {q['answer_accuracy']:.1%} ({q['refused']:.1%} refused) | — | |",
    ]
    lx = res.get("lexical")
    if lx:
        lines += [
            f"| lexical search, {lx['chunks']:,} chunks × ~{lx['tokens'] // lx['chunks']} tokens, "
            f"{lx['terms_used']:,} terms, {lx['queries']} queries of 3–8 terms | p50 {lx['search_p50_ms']:.2f} ms, "
            f"p95 {lx['search_p95_ms']:.2f} ms (8 most frequent terms: {lx['worst_ms']:.1f} ms) | milliseconds | "
            f"{ok(lx['search_p95_ms'], TARGETS['lexical_p95_ms'])} |",
            f"| lexical build, {lx['chunks']:,} chunks | one add: {lx['build_seconds']:.1f} s + BM25 weights "
            f"{lx['prepare_seconds']:.2f} s; per document ({lx['doc_batch']} chunks per add): {lx['build_per_doc_seconds']:.1f} s | — | |",
            f"| lexical memory | counts {lx['matrix_mb']:.0f} MiB + weights {lx['weights_mb']:.0f} MiB "
            f"({lx['postings']:,} postings); RSS +{lx['rss_delta_mb']:.0f} MiB | — | |",
        ]
    lines += ["", "## Ingest by corpus size", "",
              "| pages | files | chunks | characters | seconds | pages/s | CPU s | index MiB | KiB/page | SQLite MiB | Chroma MiB | lexical MiB | peak RSS MiB |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in ing:
        p = r["parts"]
        lines.append(
            f"| {r['pages']} | {r['files']} | {r['chunks']} | {r['chars']:,} | {r['seconds']:.1f} | {r['pages'] / r['seconds']:.1f} | "
            f"{r['cpu_seconds']:.1f} | {r['bytes'] / 2**20:.1f} | {r['bytes'] / r['pages'] / 1024:.1f} | "
            f"{p['sqlite'] / 2**20:.1f} | {p['chroma'] / 2**20:.1f} | {p['lexical'] / 2**20:.1f} | {r['peak_rss_mb']:.0f} |"
        )
    lines += ["", f"Query process: index opened in {q['open_seconds']:.2f} s, warm-up ({res['warmup']} asks) "
              f"{q['warmup_seconds']:.1f} s, RSS {q['rss_mb']:.0f} MiB.", ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000, help="size of the generated corpus")
    ap.add_argument("--sizes", default="250,500,750,1000", help="corpus prefixes (pages) to ingest; the last is queried")
    ap.add_argument("--corpus", type=Path, default=None, help="default: benchmarks/out/corpus-<pages> (generated if missing)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--queries", type=int, default=250)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--lexical-chunks", type=int, default=100_000, help="0 skips the lexical benchmark")
    ap.add_argument("--lexical-vocab", type=int, default=50_000)
    ap.add_argument("--lexical-queries", type=int, default=500)
    ap.add_argument("--what-if", action="store_true", help="also ingest with Chroma documents dropped (experiment)")
    ap.add_argument("--index-root", type=Path, default=OUT, help="where the benchmark indexes are built")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.md")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw numbers here")
    ap.add_argument("--worker", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    a = ap.parse_args()

    if a.worker:
        kind, *rest = a.worker
        if kind == "ingest":
            out = worker_ingest(Path(rest[0]), int(rest[1]), Path(rest[2]), rest[3] == "1")
        elif kind == "query":
            out = worker_query(Path(rest[0]), Path(rest[1]), int(rest[2]), int(rest[3]))
        elif kind == "lexical":
            out = worker_lexical(*(int(x) for x in rest))
        else:
            raise SystemExit(f"unknown worker {kind}")
        print(json.dumps(out, ensure_ascii=False))
        return

    sizes = sorted(int(s) for s in a.sizes.split(","))
    corpus = a.corpus or OUT / f"corpus-{a.pages}"
    if not (corpus / "pages.json").exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from generate_corpus import generate

        print(f"generating {a.pages} pages into {corpus}: {generate(a.pages, corpus, a.seed)}", flush=True)

    res: dict = {"machine": machine(), "load_start": load_avg(), "warmup": a.warmup}
    print(f"machine: {res['machine']}  load: {res['load_start']}", flush=True)
    res["ingest"] = []
    for n in sizes:
        r = run_worker("ingest", str(corpus), str(n), str(a.index_root / f"index-{n}"), "0")
        res["ingest"].append(r)
        print(f"ingest {r['pages']:>5} pages: {r['seconds']:.1f} s = {r['pages'] / r['seconds']:.1f} pages/s, "
              f"{r['chunks']} chunks, {r['bytes'] / 2**20:.1f} MiB  (load {load_avg()})", flush=True)
    if a.what_if:
        r = run_worker("ingest", str(corpus), str(sizes[-1]), str(a.index_root / "index-what-if"), "1")
        res["ingest_what_if"] = r
        shutil.rmtree(a.index_root / "index-what-if", ignore_errors=True)
        print(f"what-if (no Chroma documents): {r['seconds']:.1f} s = {r['pages'] / r['seconds']:.1f} pages/s", flush=True)
    q = run_worker("query", str(a.index_root / f"index-{sizes[-1]}"), str(corpus / "questions.jsonl"), str(a.queries), str(a.warmup))
    res["query"] = q
    print(f"search p50 {q['search_p50_ms']:.1f} ms p95 {q['search_p95_ms']:.1f} ms | ask p50 {q['ask_p50_ms']:.1f} ms "
          f"p95 {q['ask_p95_ms']:.1f} ms | recall@5 {q['recall_at_5']:.1%} | answers {q['answer_accuracy']:.1%}  "
          f"(load {load_avg()})", flush=True)
    if a.lexical_chunks:
        lx = run_worker("lexical", str(a.lexical_chunks), str(a.lexical_vocab), "150", str(a.lexical_queries), str(a.seed), "50")
        res["lexical"] = lx
        print(f"lexical {lx['chunks']} chunks: build {lx['build_seconds']:.1f} s (+{lx['prepare_seconds']:.2f} s weights), "
              f"per-doc build {lx['build_per_doc_seconds']:.1f} s, search p50 {lx['search_p50_ms']:.2f} ms "
              f"p95 {lx['search_p95_ms']:.2f} ms, {lx['matrix_mb'] + lx['weights_mb']:.0f} MiB  (load {load_avg()})", flush=True)
    res["load_end"] = load_avg()
    text = render(res)
    a.results.write_text(text, encoding="utf-8")
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1))
    print()
    print(text)


if __name__ == "__main__":
    main()
