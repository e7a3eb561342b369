"""Draft → Markdown: one section per answer, draft-wide [n] numbers, a 출처 list at the end."""

from __future__ import annotations

from .draft import DraftDocument
from .layout import REFS_HEADING, UNKNOWN_MARK, Para, Ref, build_layout


def _inline_md(para: Para) -> str:
    out = []
    for i in para.inlines:
        if isinstance(i, Ref):
            out.append(f"[{i.number}]" if i.number is not None else f"[{UNKNOWN_MARK}]")
        elif i.bold and i.text.strip():
            out.append(f"**{i.text}**")
        else:
            out.append(i.text)
    return "".join(out)


def _para_md(para: Para) -> str:
    text = _inline_md(para)
    if para.bullet:
        return "  " * para.indent + "- " + text
    if text.startswith(("#", ">", "|")):
        text = "\\" + text  # a line of answer text, not a heading, quote or table
    if para.kind == "refused":
        return f"*{text}*"
    if para.kind == "note":
        return f"_{text}_"
    return text


def _join(paras: list[Para], prefix: str = "") -> list[str]:
    """Bullets follow each other line by line; other paragraphs get a blank line between."""
    lines: list[str] = []
    prev_bullet = False
    for p in paras:
        if lines and not (p.bullet and prev_bullet):
            lines.append(prefix.rstrip())
        lines.append(prefix + _para_md(p))
        prev_bullet = p.bullet
    return lines


def to_markdown(draft: DraftDocument) -> str:
    """Render the draft as Markdown. The 근거 block of a rule verdict becomes a block quote."""
    layout = build_layout(draft)
    lines = [f"# {layout.title}", "", f"작성일: {layout.date} · 질의 {len(layout.sections)}건 · 출처 {len(layout.references)}건", ""]
    for sec in layout.sections:
        lines += [f"## {sec.number}. {sec.question}", ""]
        body = [p for p in sec.paras if p.kind not in ("grounds_label", "grounds")]
        grounds = [p for p in sec.paras if p.kind in ("grounds_label", "grounds")]
        lines += _join([p for p in body if p.kind != "note"])
        if grounds:
            lines += [""] + _join(grounds, prefix="> ")
        notes = [p for p in body if p.kind == "note"]
        if notes:
            lines += [""] + _join(notes)
        lines.append("")
    if layout.references:
        lines += [f"## {REFS_HEADING}", ""]
        # "- [n] …" rather than "n." so no renderer renumbers the list away from the markers
        for ref in layout.references:
            lines.append(f"- [{ref.number}] {ref.source_label()}" + ("  " if ref.quote else ""))
            if ref.quote and ref.table_note():  # a table row is read with its caption and header
                lines.append(f"  {ref.table_note()}  ")
            if ref.quote:
                lines.append(f"  “{ref.quote}”")
    return "\n".join(lines).rstrip() + "\n"
