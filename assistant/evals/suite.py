"""Eval suites: known questions with gold answers, read from JSONL (one item per line) or YAML.

An item:
    id            unique within the suite
    question      what a researcher would type
    kind          fact | table | rule | eligibility | compute | multi | unanswerable, and for the
                  multi-document benchmark (evals/benchmark/) also number | date | article |
                  condition | definition | compare (compare names at least two sources)
    style         (optional) "colloquial" (as researchers type: "…해줘", "…야?") or "formal"
    answer        the gold answer, for people reading reports
    must_match    Python regexes the answer text must all match (re.search); may be empty only
                  for unanswerable items
    must_not_match (optional) regexes the answer must not match (e.g. the opposite verdict)
    sources       [{doc, quote}] passages that support the answer (quote matched against chunk
                  text ignoring whitespace); empty for unanswerable items, required for
                  fact/table/multi, optional for rule/eligibility/compute (hypotheticals)
    expected      (optional) structured tool result: a dict, or a list of dicts (one per tool call);
                  keys compared for equality, numbers within `tolerance`, lists as sets;
                  `tool` (optional) names the tool call the dict must come from
    note          (optional) free text

Every problem is reported as "file:line: message" so a broken suite is fixed in one pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SUITE_KINDS = ("fact", "table", "rule", "eligibility", "compute", "multi", "unanswerable")  # the shipped suites
BENCH_KINDS = ("number", "date", "article", "condition", "definition", "compare")  # added by the benchmark
KINDS = ("fact", "number", "date", "article", "condition", "definition", "table", "compare", "rule", "eligibility",
         "compute", "multi", "unanswerable")  # every valid kind, in report order
STYLES = ("colloquial", "formal")
FIELDS = {"id", "question", "kind", "style", "answer", "must_match", "must_not_match", "sources", "expected", "note"}
# must name sources; rule/compute items may be pure hypotheticals
GROUNDED_KINDS = ("fact", "table", "multi") + BENCH_KINDS
META_KEYS = {"tolerance", "tool"}  # keys of `expected` that steer the comparison


class SuiteError(ValueError):
    """A suite file that cannot be used; the message lists every problem as file:line: …"""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("평가 세트 오류 / invalid suite:\n" + "\n".join(f"  {p}" for p in problems))


@dataclass(frozen=True)
class Source:
    doc: str
    quote: str


@dataclass
class EvalItem:
    id: str
    question: str
    kind: str
    answer: str
    must_match: list[str]
    sources: list[Source]
    must_not_match: list[str] = field(default_factory=list)
    expected: dict[str, Any] | list[dict[str, Any]] | None = None
    note: str = ""
    style: str = ""  # "colloquial" | "formal" | "" (not stated)
    line: int = 0  # where the item starts in its file

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"

    def expectations(self) -> list[dict[str, Any]]:
        if self.expected is None:
            return []
        return [self.expected] if isinstance(self.expected, dict) else list(self.expected)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "question": self.question, "kind": self.kind, "answer": self.answer,
            "must_match": self.must_match, "sources": [{"doc": s.doc, "quote": s.quote} for s in self.sources],
        }
        if self.must_not_match:
            out["must_not_match"] = self.must_not_match
        if self.expected is not None:
            out["expected"] = self.expected
        if self.note:
            out["note"] = self.note
        if self.style:
            out["style"] = self.style
        return out


@dataclass
class Suite:
    name: str  # file name, e.g. core.jsonl
    path: str
    items: list[EvalItem]

    def __len__(self) -> int:
        return len(self.items)


# ---- parsing ----------------------------------------------------------------------------------

def _jsonl_records(text: str, name: str) -> tuple[list[tuple[int, Any]], list[str]]:
    records, problems = [], []
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#") or s.startswith("//"):
            continue
        try:
            records.append((n, json.loads(s)))
        except json.JSONDecodeError as e:
            problems.append(f"{name}:{n}: JSON 오류 / invalid JSON: {e.msg} (열 {e.colno})")
    return records, problems


def _yaml_records(text: str, name: str) -> tuple[list[tuple[int, Any]], list[str]]:
    """YAML: a list of items, or a mapping with `items:`; line numbers come from the parse tree."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        return [], [f"{where}: YAML 오류 / invalid YAML: {getattr(e, 'problem', e)}"]
    if root is None:
        return [], []
    seq_node, seq = root, data
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if k.value == "items":
                seq_node, seq = v, (data or {}).get("items")
                break
        else:
            return [], [f"{name}:{root.start_mark.line + 1}: 최상위는 목록이거나 items: 목록이어야 합니다 / "
                        "expected a list of items or a mapping with `items:`"]
    if not isinstance(seq_node, yaml.SequenceNode) or not isinstance(seq, list):
        return [], [f"{name}:{seq_node.start_mark.line + 1}: 항목 목록이 필요합니다 / expected a list of items"]
    return [(node.start_mark.line + 1, obj) for node, obj in zip(seq_node.value, seq)], []


def _check_regexes(value: Any, key: str, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        problems.append(f"{where}: {key}는 정규식 문자열의 목록이어야 합니다 / {key} must be a list of regex strings")
        return []
    for p in value:
        try:
            re.compile(p)
        except re.error as e:
            problems.append(f"{where}: {key}의 정규식 오류 / bad regex {p!r}: {e}")
    return list(value)


def _check_expected(value: Any, where: str, problems: list[str]) -> Any:
    dicts = [value] if isinstance(value, dict) else value
    if not isinstance(dicts, list) or not dicts or not all(isinstance(d, dict) and d for d in dicts):
        problems.append(f"{where}: expected는 비어 있지 않은 객체(또는 객체 목록)여야 합니다 / "
                        "expected must be a non-empty object or a list of objects")
        return None
    for d in dicts:
        tol = d.get("tolerance")
        if tol is not None and (isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0):
            problems.append(f"{where}: tolerance는 0 이상의 수여야 합니다 / tolerance must be a number >= 0")
        if not set(d) - META_KEYS:
            problems.append(f"{where}: expected에 비교할 키가 없습니다 / expected has nothing to compare")
    return value


def _item(obj: Any, name: str, line: int, problems: list[str]) -> EvalItem | None:
    where = f"{name}:{line}"
    start = len(problems)
    if not isinstance(obj, dict):
        problems.append(f"{where}: 항목은 객체여야 합니다 / item must be an object")
        return None
    unknown = sorted(set(obj) - FIELDS)
    if unknown:
        problems.append(f"{where}: 알 수 없는 필드 / unknown field(s): {', '.join(unknown)}")
    for key in ("id", "question", "kind", "answer"):
        v = obj.get(key)
        if not isinstance(v, (str, int)) or isinstance(v, bool) or not str(v).strip():
            problems.append(f"{where}: {key}가 없거나 비었습니다 / missing or empty `{key}`")
    kind = obj.get("kind")
    if isinstance(kind, str) and kind and kind not in KINDS:
        problems.append(f"{where}: kind {kind!r}는 {', '.join(KINDS)} 중 하나여야 합니다 / unknown kind")
    must = _check_regexes(obj.get("must_match", []), "must_match", where, problems)
    must_not = _check_regexes(obj.get("must_not_match", []), "must_not_match", where, problems)
    raw_sources = obj.get("sources", [])
    sources: list[Source] = []
    if not isinstance(raw_sources, list):
        problems.append(f"{where}: sources는 목록이어야 합니다 / sources must be a list")
        raw_sources = []
    for i, s in enumerate(raw_sources):
        if not (isinstance(s, dict) and isinstance(s.get("doc"), str) and isinstance(s.get("quote"), str)
                and s["quote"].strip()):
            problems.append(f"{where}: sources[{i}]에 doc과 quote(비어 있지 않은 문자열)가 필요합니다 / "
                            "each source needs `doc` and a non-empty `quote`")
            continue
        sources.append(Source(s["doc"], s["quote"]))
    if kind == "unanswerable":
        if sources:
            problems.append(f"{where}: unanswerable 항목은 sources가 비어야 합니다 / unanswerable items have no sources")
    elif kind in KINDS:
        if not must:
            problems.append(f"{where}: must_match가 비었습니다 / answerable items need at least one must_match regex")
        if not sources and kind in GROUNDED_KINDS:
            problems.append(f"{where}: sources가 비었습니다 / {kind} items need at least one source")
        elif kind == "compare" and len({s.doc for s in sources}) < 2:
            problems.append(f"{where}: compare 항목은 두 문서 이상의 sources가 필요합니다 / "
                            "compare items need sources from at least two documents")
    style = obj.get("style", "")
    if style not in ("",) + STYLES:
        problems.append(f"{where}: style은 {' 또는 '.join(STYLES)}여야 합니다 / style must be one of {', '.join(STYLES)}")
    expected = _check_expected(obj["expected"], where, problems) if "expected" in obj else None
    note = obj.get("note", "")
    if not isinstance(note, str):
        problems.append(f"{where}: note는 문자열이어야 합니다 / note must be a string")
    if len(problems) > start:
        return None
    return EvalItem(
        id=str(obj["id"]).strip(), question=str(obj["question"]).strip(), kind=kind, answer=str(obj["answer"]),
        must_match=must, must_not_match=must_not, sources=sources, expected=expected, note=note,
        style=style, line=line,
    )


def parse_suite(text: str, name: str, fmt: str | None = None, path: str = "") -> Suite:
    """Parse suite text; `fmt` is "jsonl" or "yaml" (guessed from the name when None)."""
    fmt = fmt or ("yaml" if name.lower().endswith((".yaml", ".yml")) else "jsonl")
    records, problems = (_yaml_records if fmt == "yaml" else _jsonl_records)(text, name)
    items: list[EvalItem] = []
    first_line: dict[str, int] = {}
    for line, obj in records:
        item = _item(obj, name, line, problems)
        if item is None:
            continue
        if item.id in first_line:
            problems.append(f"{name}:{line}: id {item.id!r}가 중복됩니다 (처음: {first_line[item.id]}행) / duplicate id")
            continue
        first_line[item.id] = line
        items.append(item)
    if not records and not problems:
        problems.append(f"{name}: 항목이 없습니다 / the suite has no items")
    if problems:
        raise SuiteError(problems)
    return Suite(name=name, path=path or name, items=items)


def load_suite(path: str | Path) -> Suite:
    """Read and validate a suite file (.jsonl, .json lines, .yaml/.yml)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SuiteError([f"{p}: 파일이 없습니다 / file not found"]) from None
    except UnicodeDecodeError as e:
        raise SuiteError([f"{p}: UTF-8이 아닙니다 / not UTF-8 ({e.reason} at byte {e.start})"]) from None
    return parse_suite(text, p.name, path=str(p))


def shipped_suites(folder: str | Path) -> list[Path]:
    """Suite files in a folder (what `evals/` ships), skipping files that are not suites."""
    out = []
    for p in sorted(Path(folder).glob("*")):
        if p.suffix.lower() not in (".jsonl", ".yaml", ".yml"):
            continue
        try:
            load_suite(p)
        except SuiteError:
            continue
        out.append(p)
    return out


def unmatched_sources(suite: Suite, chunks: list[Any]) -> list[str]:
    """Gold quotes no single indexed chunk holds (a quote spanning two chunks can never be found)."""
    from .metrics import passage_supports

    out = []
    for item in suite.items:
        for s in item.sources:
            if not any(passage_supports(c.text, c.doc_id, s) for c in chunks):
                out.append(f"{suite.name}:{item.line}: {item.id}: 어느 조각에도 없는 인용 / quote not in any chunk: {s.quote!r}")
    return out
