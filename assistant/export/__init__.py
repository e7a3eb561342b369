"""Export cited answers into drafts researchers can paste into a 검토보고서.

    draft = DraftDocument(title="민간위탁 동의안 검토")
    draft.add(answer)                      # "초안에 담기"
    draft.edit(item_id, "다듬은 문장 [1]")   # [n] still means the answer's own citation n
    to_markdown(draft)                     # str
    to_docx(draft, "초안.docx")            # footnotes + 출처 list
    to_docx_bytes(draft)                   # for st.download_button
    to_hwpx(draft, "초안.hwpx")            # 한/글, via python-hwpx

Citations are renumbered across the whole draft and de-duplicated (layout.py); every
format prints the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..models import Answer
from .draft import DEFAULT_TITLE, DraftDocument, DraftItem
from .hangul import to_hwpx, to_hwpx_bytes
from .layout import Reference, build_layout
from .markdown import to_markdown
from .word import to_docx, to_docx_bytes

FORMATS = ("docx", "md", "hwpx")
MIME_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "hwpx": "application/hwp+zip",
    "md": "text/markdown",
}

__all__ = [
    "DraftDocument", "DraftItem", "Reference", "build_layout", "to_markdown", "to_docx",
    "to_docx_bytes", "to_hwpx", "to_hwpx_bytes", "export_bytes", "file_name", "export_command",
    "export_draft", "FORMATS", "MIME_TYPES",
]


def _format(fmt: str) -> str:
    name = fmt.lower().lstrip(".")
    name = {"markdown": "md"}.get(name, name)
    if name not in FORMATS:
        raise ValueError(f"지원하지 않는 내보내기 형식입니다: {fmt} (가능: {', '.join(FORMATS)})")
    return name


def export_bytes(draft: DraftDocument, fmt: str) -> bytes:
    """The exported file as bytes — `st.download_button(data=…, file_name=file_name(draft, fmt),
    mime=MIME_TYPES[fmt])`."""
    fmt = _format(fmt)
    if fmt == "md":
        return to_markdown(draft).encode("utf-8")
    return to_hwpx_bytes(draft) if fmt == "hwpx" else to_docx_bytes(draft)


def file_name(draft: DraftDocument, fmt: str) -> str:
    """A download name from the title and date, safe on Windows: "검토 메모-2024-08-20.docx"."""
    stem = re.sub(r'[\\/:*?"<>|\x00-\x1f\s]+', " ", draft.title).strip(" .")[:60] or "초안"
    return f"{stem}-{draft.date}.{_format(fmt)}"


def export_draft(draft: DraftDocument, fmt: str, out: str | Path) -> Path:
    """Write `draft` to `out` as `fmt` ("docx", "hwpx" or "md"/"markdown") and return the path."""
    out = Path(out)
    fmt = _format(fmt)
    if fmt == "md":
        out.write_text(to_markdown(draft), encoding="utf-8")
        return out
    return to_hwpx(draft, out) if fmt == "hwpx" else to_docx(draft, out)


def export_command(
    questions: list[str],
    fmt: str,
    out: Path,
    ask: Callable[[str], Answer],
    title: str | None = None,
) -> Path:
    """Ask each question and write the answers, with their citations, as one draft file.

    Backs `python -m assistant export --question Q [--question Q …] --format docx|md|hwpx --out FILE`.
    `fmt` is "docx", "md" (or "markdown") or "hwpx"; anything else raises ValueError before
    any question is asked.
    `ask` turns a question into an `Answer` (the CLI passes the assistant over its index);
    answers appear in the order of `questions`, refused ones included so the draft shows
    what the sources could not answer. Citation numbers run across the whole file and the
    same passage cited by two answers gets one number. Returns the written path.
    """
    if not questions:
        raise ValueError("내보낼 질문이 없습니다(--question을 하나 이상 주세요)")
    _format(fmt)  # fail before asking anything: answering takes time
    draft = DraftDocument(title=title or DEFAULT_TITLE)
    for question in questions:
        draft.add(ask(question))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    return export_draft(draft, fmt, out)
