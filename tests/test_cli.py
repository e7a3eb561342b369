"""The stable CLI that evals and scripts call: ask --json, ask --batch, ingest, docs list."""

import json
import os
import subprocess
import sys

from .conftest import ROOT


def run(*args, env_index=None, input=None):
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    if env_index:
        env["COUNCIL_ASSISTANT_INDEX"] = str(env_index)
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, capture_output=True, text=True, input=input, timeout=300
    )


def test_ask_json_shape(corpus_settings):
    out = run("ask", "2024년 전자상거래센터 민간위탁금은 얼마인가요?", "--json", "--k", "4", env_index=corpus_settings.index_dir)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["refused"] is False and "533,478천원" in data["answer"]
    c = data["citations"][0]
    assert {"n", "doc", "title", "section", "quote", "text", "start", "end", "page"} <= set(c)
    assert c["doc"] == "000_676e27cb4d6cfd79.txt" and c["quote"] in c["text"]
    assert len(data["retrieved"]) >= 4
    assert {"doc", "chunk_id", "score", "text"} <= set(data["retrieved"][0])
    assert isinstance(data["tool_calls"], list)


def test_ask_batch_jsonl_in_one_process(corpus_settings, tmp_path):
    batch = tmp_path / "qs.jsonl"
    batch.write_text(
        '{"id": "a", "question": "의안번호가 뭐야"}\n{"id": "b", "question": "서울시 청년수당 지급 대상은?"}\n',
        encoding="utf-8",
    )
    out = run("ask", "--batch", str(batch), "--index", str(corpus_settings.index_dir))
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert "2081" in lines[0]["answer"] and lines[1]["refused"] is True


def test_ask_batch_plain_lines(corpus_settings, tmp_path):
    batch = tmp_path / "qs.txt"
    batch.write_text("의안번호가 뭐야\n\n센터 근무 인원은 몇 명?\n", encoding="utf-8")
    out = run("ask", "--batch", str(batch), "--index", str(corpus_settings.index_dir))
    assert [json.loads(x)["id"] for x in out.stdout.splitlines()] == ["1", "3"]


def test_ingest_folder_reports_progress_and_is_incremental(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Ⅰ. 개요\n\n◦ 테스트 센터의 2024년 예산은 1,234천원임.\n", encoding="utf-8")
    first = run("ingest", str(corpus), "--index", str(tmp_path / "idx"))
    assert first.returncode == 0, first.stderr
    assert "[1/1]" in first.stderr and "추가 1" in first.stdout
    again = run("ingest", str(corpus), "--index", str(tmp_path / "idx"))
    assert "변경없음 1" in again.stdout
    listed = run("docs", "list", "--index", str(tmp_path / "idx"))
    assert "a.txt" in listed.stdout


def test_ingest_bad_file_names_the_file_and_keeps_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("◦ 좋은 문서의 내용임.\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    out = run("ingest", str(corpus), "--index", str(tmp_path / "idx"))
    assert "empty.txt" in out.stderr and "빈 파일" in out.stderr and "empty file" in out.stderr
    assert "추가 1" in out.stdout


def test_missing_index_gives_a_clear_error(tmp_path):
    out = run("docs", "list", "--index", str(tmp_path / "nowhere"))
    assert out.returncode == 1 and "색인이 없습니다" in out.stderr and "no index" in out.stderr


def test_export_asks_and_writes_a_cited_draft(corpus_settings, tmp_path):
    out_md = tmp_path / "draft.md"
    res = run(
        "export", "--question", "2024년 전자상거래센터 민간위탁금은 얼마인가요?", "--question", "재위탁인데 의회 동의가 필요한가?",
        "--format", "md", "--out", str(out_md), "--index", str(corpus_settings.index_dir),
    )
    assert res.returncode == 0, res.stderr
    md = out_md.read_text(encoding="utf-8")
    assert "533,478천원" in md and "제4조의3" in md and "출처" in md
    out_docx = tmp_path / "draft.docx"
    res = run("export", "--question", "의안번호가 뭐야", "--format", "docx", "--out", str(out_docx), "--index", str(corpus_settings.index_dir))
    assert res.returncode == 0 and out_docx.stat().st_size > 0
    bad = run("export", "--question", "x", "--format", "pdf", "--out", str(tmp_path / "x.pdf"), "--index", str(corpus_settings.index_dir))
    assert bad.returncode == 2 and "오류" in bad.stderr


def test_stale_index_is_rebuilt_by_a_corpus_sync_and_refused_otherwise(tmp_path):
    import json as _json

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("◦ 테스트 센터의 2024년 예산은 1,234천원임.\n", encoding="utf-8")
    idx = tmp_path / "idx"
    assert run("ingest", str(corpus), "--index", str(idx)).returncode == 0
    gen = (idx / "CURRENT").read_text().strip()
    meta_path = idx / gen / "meta.json"
    meta = _json.loads(meta_path.read_text())
    meta["analyzer"] = "ko-0"  # as if built by an older tokenizer
    meta_path.write_text(_json.dumps(meta))
    partial = run("ingest", str(corpus / "a.txt"), "--index", str(idx))
    assert partial.returncode == 1 and "--rebuild" in partial.stderr
    synced = run("ingest", "--corpus", str(corpus), "--index", str(idx))  # the default: sync the corpus folder
    assert synced.returncode == 0 and "추가 1" in synced.stdout
    new_gen = (idx / "CURRENT").read_text().strip()
    assert _json.loads((idx / new_gen / "meta.json").read_text())["analyzer"] != "ko-0"
