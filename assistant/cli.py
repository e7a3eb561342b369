"""Command line: each command is a thin function over the library (the app calls the same ones).

    python -m assistant ingest [PATH ...]          build/update the index (default: the corpus folder)
    python -m assistant ask "질문" [--json] [--k N]
    python -m assistant ask --batch FILE [--history FILE]   one question per line, or JSONL with id/question[/history]
    python -m assistant export --question Q [--question Q …] --format docx|md|hwpx --out FILE
    python -m assistant docs list | rm DOC_ID       the document library
    python -m assistant eval SUITE …               eval suites (assistant/evals)
    python -m assistant users add|list|remove NAME  login users for a shared server (assistant/workspace)
    python -m assistant ask "그럼 2022년에는?" --history turns.jsonl   a follow-up ({"question", "answer"} lines)
    python -m assistant doctor                     check the LLM endpoint (docs/llm.md)
Common options: --index DIR (env COUNCIL_ASSISTANT_INDEX), --corpus DIR, --model NAME_OR_PATH,
--backend extractive|openai|ollama, --llm-url URL, --llm-model NAME.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .errors import AssistantError
from .names import printable
from .settings import Settings, load_settings


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        config_file=getattr(args, "config", None),
        index_dir=getattr(args, "index", None),
        corpus_dir=getattr(args, "corpus", None),
        embedding_model=getattr(args, "model", None),
        answer_backend=getattr(args, "backend", None),
        llm_base_url=getattr(args, "llm_url", None),
        llm_model=getattr(args, "llm_model", None),
    )


def _progress(done: int, total: int, path: str, status: str) -> None:
    print(f"[{done}/{total}] {printable(status):8s} {printable(path)}", file=sys.stderr, flush=True)


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    settings = _settings(args)
    paths = args.paths or [settings.corpus_dir]
    sync = Path(paths[0]) if (not args.paths or args.sync) and len(paths) == 1 and Path(paths[0]).is_dir() else None
    report = ingest(paths, settings, progress=None if args.quiet else _progress, sync_folder=sync, rebuild=args.rebuild)
    for skipped in report.skipped:
        print(f"건너뜀 / skipped: {printable(str(skipped))}", file=sys.stderr)
    for err in report.errors:
        print(f"오류 / error: {printable(str(err))}", file=sys.stderr)
    print(report.summary())
    return 1 if report.errors and not report.changed and not report.unchanged else 0


def _assistant(args: argparse.Namespace):
    from .pipeline import Assistant, ensure_index

    settings = _settings(args)
    ensure_index(settings, progress=None)
    return Assistant(settings)


def _read_text(path: str, what: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise AssistantError(f"{path}: {what} 파일을 읽을 수 없습니다 / cannot read the file ({err.strerror})") from None
    except UnicodeDecodeError:
        raise AssistantError(f"{path}: UTF-8 텍스트가 아닙니다 / not UTF-8 text") from None


def _read_batch(path: str) -> list[dict[str, Any]]:
    text = _read_text(path, "질문")
    items = []
    for i, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise AssistantError(f"{path}:{i}: JSON 줄이 아닙니다 / not a JSON line ({err.msg})") from None
            if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
                raise AssistantError(f'{path}:{i}: {{"question": …}} 형식이어야 합니다 / each line needs "question"')
            item = {"id": obj.get("id", str(i)), "question": obj["question"]}
            if "history" in obj:  # this question's own earlier turns (replaces --history for it)
                turns = obj["history"]
                if not isinstance(turns, list) or not all(isinstance(t, dict) and "question" in t for t in turns):
                    raise AssistantError(f'{path}:{i}: "history"는 {{"question": …, "answer": …}}의 목록이어야 합니다 / '
                                         '"history" must be a list of {"question": …, "answer": …}')
                item["history"] = turns
            items.append(item)
        else:
            items.append({"id": str(i), "question": line})
    return items


def format_answer(answer, max_chars: int = 4000) -> str:
    """The answer for a terminal: quotes cut to `max_chars`, control characters shown as escapes."""
    from .limits import truncate

    lines = [answer.answer, ""]
    for c in answer.citations:
        where = f"{c.title} › {c.section}" + (f" (p.{c.page})" if c.page else "")
        lines.append(f"[{c.n}] {where}\n    “{truncate(c.quote, max_chars)}”")
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines.append(f"(검색한 질문 / searched as: {answer.standalone_question})")
    if answer.backend != "extractive" or answer.notes:
        lines.append(f"[{answer.status or '답 없음'} · {answer.backend}]")
    lines += [f"※ {note}" for note in answer.notes]
    if answer.refused and answer.retrieved:
        lines.append("가장 가까운 자료:")
        for h in answer.retrieved[:3]:
            lines.append(f"  - {h.chunk.doc_id} › {h.chunk.section_path}: {h.chunk.text[:80]}…")
    return printable("\n".join(lines).rstrip(), keep_newlines=True)


def _answer_json(assistant, answer) -> dict[str, Any]:
    """`to_json()` with passages cut to max_chunk_chars (a marker says so): bounded output."""
    from .limits import cap_output

    return cap_output(answer.to_json(), assistant.settings.max_chunk_chars)


def cmd_ask(args: argparse.Namespace) -> int:
    if not args.question and not args.batch:
        print("질문 또는 --batch FILE 이 필요합니다 / give a question or --batch FILE", file=sys.stderr)
        return 2
    items = _read_batch(args.batch) if args.batch else None  # bad input files fail before the index loads
    history = None
    if args.history:
        from .followup import read_history

        history = read_history(args.history)
    assistant = _assistant(args)
    if items is not None:
        failed = 0
        for item in items:
            try:
                asked = assistant.ask(item["question"], k=args.k, history=item.get("history", history))
                out = _answer_json(assistant, asked)
            except AssistantError as err:  # one question's failure does not lose the rest
                failed += 1
                out = {"question": item["question"], "error": str(err)}
            out["id"] = item["id"]
            print(json.dumps(out, ensure_ascii=False), flush=True)
        return 1 if failed else 0
    answer = assistant.ask(" ".join(args.question), k=args.k, history=history)
    if args.json:
        print(json.dumps(_answer_json(assistant, answer), ensure_ascii=False, indent=2))
    else:
        print(format_answer(answer, assistant.settings.max_chunk_chars))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from .llm.doctor import doctor

    ok, lines = doctor(_settings(args), chat=not args.no_chat)
    print("\n".join(lines))
    return 0 if ok else 1


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export_command

    assistant = _assistant(args)
    try:
        from .sources import enrich  # a quoted table row is exported with its caption and header

        out = export_command(
            args.question, args.format, Path(args.out), lambda q: enrich(assistant.ask(q), assistant.index.chunks), args.title
        )
    except ValueError as err:
        print(f"오류 / error: {err}", file=sys.stderr)
        return 2
    print(f"초안을 저장했습니다 / draft written: {out}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from .index import current_generation, missing_index_message, read_documents

    settings = _settings(args)
    if current_generation(settings.index_dir) is None:
        raise AssistantError(missing_index_message(settings))
    if args.action == "list":
        docs = read_documents(settings)
        if args.json:
            print(json.dumps([d.__dict__ for d in docs], ensure_ascii=False, indent=2))
        else:
            print(_docs_table(docs))
        return 0
    if not args.doc_ids:
        print("지울 문서 ID를 주세요 / give the document ids to remove (see `docs list`)", file=sys.stderr)
        return 2
    from .embeddings import make_embedder
    from .index import IndexWriter
    from .korean import analyzer

    embedder = make_embedder(settings.embedding_model, settings.embedding_dim, settings.allow_model_download)
    with IndexWriter(settings, embedder, analyzer()) as writer:
        missing = [d for d in args.doc_ids if d not in writer.doc_ids()]
        if missing:
            print(f"색인에 없는 문서 / not in the index: {', '.join(missing)}", file=sys.stderr)
            return 1
        for doc_id in args.doc_ids:
            writer.remove(doc_id)
    print(f"삭제 / removed: {', '.join(args.doc_ids)}")
    print("파일이 말뭉치 폴더에 남아 있으면 다음 ingest 때 다시 들어옵니다 / "
          "files still in the corpus folder come back with the next ingest", file=sys.stderr)
    return 0


def _docs_table(docs) -> str:
    import time

    if not docs:
        return "문서 없음 / no documents"
    rows = [("문서 ID", "종류", "쪽", "조각", "색인 시각", "경고", "제목")] + [
        (printable(d.doc_id), printable(d.kind), str(d.pages or "-"), str(d.n_chunks),
         time.strftime("%Y-%m-%d %H:%M", time.localtime(d.ingested_at)), str(len(d.warnings)), printable(d.title))
        for d in docs
    ]
    import unicodedata

    def cols(text: str) -> int:  # Hangul takes two terminal columns
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max(cols(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = ["  ".join(c + " " * (w - cols(c)) for c, w in zip(r, widths)) + "  " + r[-1] for r in rows]
    return "\n".join(lines) + f"\n— 문서 {len(docs)}건 · 조각 {sum(d.n_chunks for d in docs)}개"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index", help="색인 폴더 / index folder (env COUNCIL_ASSISTANT_INDEX)")
    common.add_argument("--corpus", help="말뭉치 폴더 / corpus folder (env COUNCIL_ASSISTANT_CORPUS)")
    common.add_argument("--model", help='임베딩 모델: "hash"(기본) 또는 sentence-transformers 경로/이름')
    common.add_argument("--config", help="설정 TOML 파일 / settings file")
    common.add_argument("--backend", help="답변 방식: extractive(기본) | openai | ollama (docs/llm.md)")
    common.add_argument("--llm-url", help="LLM 주소 / LLM base URL (env COUNCIL_ASSISTANT_LLM_BASE_URL)")
    common.add_argument("--llm-model", help="LLM 모델 이름 / LLM model name (env COUNCIL_ASSISTANT_LLM_MODEL)")

    p = argparse.ArgumentParser(prog="python -m assistant", description="의정 리서치 어시스턴트 / council research assistant")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("ingest", parents=[common], help="문서를 색인에 넣기 / add documents to the index")
    s.add_argument("paths", nargs="*", help="파일 또는 폴더 (기본: 말뭉치 폴더)")
    s.add_argument("--sync", action="store_true", help="폴더에서 사라진 문서를 색인에서도 지우기")
    s.add_argument("--rebuild", action="store_true", help="색인을 새로 만들기(모델·형태소 분석 버전이 바뀐 경우)")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser("ask", parents=[common], help="질문하기 / ask a question")
    s.add_argument("question", nargs="*")
    s.add_argument("--json", action="store_true", help="JSON으로 출력")
    s.add_argument("--k", type=int, default=None, help="보여 줄 근거 수 (기본 5)")
    s.add_argument("--batch", help='질문 파일(줄마다 질문, 또는 JSONL {"id", "question"[, "history": [{"question", '
                   '"answer"}, …]]}); 답을 JSON 줄로 출력 / one JSON answer per line')
    s.add_argument("--history", help='앞선 대화(JSON 줄마다 {"question": …, "answer": …}); 후속 질문을 독립 질문으로 바꿔 '
                   '검색. --batch와 함께면 모든 질문에 적용(줄의 "history"가 있으면 그 줄은 그것을 씀) / earlier '
                   'turns; with --batch they precede every question unless a line has its own "history"')
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("doctor", parents=[common], help="LLM 연결 점검 / check the LLM endpoint")
    s.add_argument("--no-chat", action="store_true", help="짧은 대화 요청은 보내지 않기 / skip the test chat request")
    s.set_defaults(func=cmd_doctor)

    s = sub.add_parser("export", parents=[common], help="답을 출처와 함께 초안 파일로 / export cited answers")
    s.add_argument("--question", action="append", required=True, help="질문 (여러 번 줄 수 있음)")
    s.add_argument("--format", default="docx", help="docx | md | hwpx")
    s.add_argument("--out", required=True, help="저장할 파일")
    s.add_argument("--title", help="초안 제목")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("docs", parents=[common], help="문서함 / document library")
    s.add_argument("action", choices=["list", "rm"])
    s.add_argument("doc_ids", nargs="*")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_docs)

    for register in _plugins():
        register(sub, common)
    return p


def _plugins():
    """Commands contributed by optional modules (eval, export) register themselves here."""
    out = []
    for name in ("evals", "workspace"):
        try:
            module = __import__(f"assistant.{name}", fromlist=["register_cli"])
        except ImportError:
            continue
        if hasattr(module, "register_cli"):
            out.append(module.register_cli)
    return out


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AssistantError as err:
        print(f"오류 / error: {printable(str(err), keep_newlines=True)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
