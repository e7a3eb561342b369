"""Draft → DOCX: A4, Korean fonts, one Heading 1 per question, one footnote per source (footnote
n is the 출처 list's [n]; a later citation of a source is a cross-reference to its footnote
number), the 근거 block of a rule verdict as a shaded block, and a 출처 list at the end."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from .draft import DraftDocument
from .footnotes import Footnotes, cross_reference
from .layout import REFS_HEADING, UNKNOWN_MARK, Para, Ref, Reference, build_layout

# 맑은 고딕 is on every Korean Windows/Office. Where it is missing, the font table names the
# fallbacks the OOXML way (w:altName, a comma-separated list: Malgun Gothic, NanumGothic) and
# marks the font Hangul (charset 81) so substitution stays Korean. LibreOffice ignores altName;
# it finds NanumGothic through fontconfig because the text language is ko-KR (see _setup_styles).
FONT = "맑은 고딕"
FALLBACK_FONTS = "Malgun Gothic,NanumGothic"
_FONT_ENTRIES = (
    f'<w:font {nsdecls("w")} w:name="{FONT}"><w:altName w:val="{FALLBACK_FONTS}"/>'
    '<w:panose1 w:val="020B0503020000020004"/><w:charset w:val="81"/><w:family w:val="modern"/>'
    '<w:pitch w:val="variable"/></w:font>',
    f'<w:font {nsdecls("w")} w:name="NanumGothic"><w:altName w:val="나눔고딕"/>'
    '<w:charset w:val="81"/><w:family w:val="modern"/><w:pitch w:val="variable"/></w:font>',
)
GREY = RGBColor(0x59, 0x59, 0x59)
ACCENT = RGBColor(0x1F, 0x38, 0x64)


# CT_PPr child order from the OOXML schema; Word rejects a document whose pPr is out of order.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]


def _add_ppr(style, xml: str) -> None:
    """Put one pPr child (python-docx has no API for it) where the schema wants it."""
    ppr = style.element.get_or_add_pPr()
    elm = parse_xml(xml)
    rank = _PPR_ORDER.index(etree.QName(elm).localname)
    for child in ppr:
        name = etree.QName(child).localname
        if name in _PPR_ORDER and _PPR_ORDER.index(name) > rank:
            child.addprevious(elm)
            return
    ppr.append(elm)


def _set_fonts(rpr_owner, size: float | None = None) -> None:
    """Explicit fonts on a style: drop theme fonts (they win over names) and set 맑은 고딕
    for Latin, East Asian and complex scripts."""
    rpr = rpr_owner.get_or_add_rPr() if hasattr(rpr_owner, "get_or_add_rPr") else rpr_owner
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)
    if size is not None:
        rpr.get_or_add_sz().val = Pt(size)


def _setup_styles(document: DocxDocument) -> None:
    styles = document.styles
    # document defaults: every run not otherwise styled, and Korean as the East Asian language
    rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        # Korean for Latin script too: the text is Korean, and LibreOffice then substitutes
        # NanumGothic (not DejaVu) for 맑은 고딕 in digits and Latin letters as well
        lang.set(qn("w:val"), "ko-KR")
        lang.set(qn("w:eastAsia"), "ko-KR")

    normal = styles["Normal"]
    _set_fonts(normal.element, 10.5)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.MULTIPLE, 1.45
    # Korean breaks between words (어절), not between any two syllables
    # and without the extra gap Word/LibreOffice put between Hangul and digits ("제 4 조")
    for tag in ("wordWrap", "autoSpaceDE", "autoSpaceDN"):
        _add_ppr(normal, f'<w:{tag} {nsdecls("w")} w:val="0"/>')

    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11.5), ("Header", 8.5), ("Footer", 8.5)):
        style = styles[name]
        _set_fonts(style.element, size)
    title = styles["Title"]
    title.font.color.rgb = ACCENT
    title.font.bold = True
    title.paragraph_format.space_after = Pt(4)
    for name in ("Heading 1", "Heading 2"):
        h = styles[name]
        h.font.color.rgb = ACCENT
        h.font.bold = True
        h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(16), Pt(6)
        h.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        styles[name].font.color.rgb = GREY

    grounds = styles.add_style("근거 블록", WD_STYLE_TYPE.PARAGRAPH)
    grounds.base_style = normal
    grounds.font.size = Pt(9.5)
    gpf = grounds.paragraph_format
    gpf.left_indent, gpf.space_after = Mm(4), Pt(2)
    # light grey box with an accent bar on the left
    _add_ppr(grounds, f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="18" w:space="6" w:color="1F3864"/></w:pBdr>')
    _add_ppr(grounds, f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="F2F2F2"/>')

    ref_item = styles.add_style("출처 항목", WD_STYLE_TYPE.PARAGRAPH)
    ref_item.base_style = normal
    ref_item.font.size = Pt(9.5)
    rpf = ref_item.paragraph_format
    rpf.left_indent, rpf.first_line_indent, rpf.space_after = Mm(8), Mm(-8), Pt(1)
    rpf.keep_with_next = True
    ref_quote = styles.add_style("출처 인용", WD_STYLE_TYPE.PARAGRAPH)
    ref_quote.base_style = normal
    ref_quote.font.size, ref_quote.font.color.rgb = Pt(9), GREY
    ref_quote.paragraph_format.left_indent, ref_quote.paragraph_format.space_after = Mm(8), Pt(6)


def _setup_fonts(document: DocxDocument) -> None:
    """Font table entries for 맑은 고딕 and its fallbacks; Korean as the East Asian theme language."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FONT_TABLE:
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for xml in _FONT_ENTRIES:
                root.append(parse_xml(xml))
            # python-docx keeps the font table as an opaque blob part; there is no API to edit it
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "ko-KR")


def _page_setup(document: DocxDocument, header_text: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(25)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)

    header = section.header.paragraphs[0]
    header.text = header_text
    header.style = document.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" -")


def _write_para(
    document: DocxDocument, notes: Footnotes, para: Para, refs: dict[int, Reference], placed: dict[int, str]
) -> None:
    """`placed`: sources whose footnote exists already (number → bookmark), across the document."""
    style = "근거 블록" if para.kind in ("grounds", "grounds_label") else None
    p = document.add_paragraph(style=style)
    if para.bullet:
        p.paragraph_format.left_indent = Mm(4 + 5 * (para.indent + (1 if style else 0)))
        p.paragraph_format.first_line_indent = Mm(-3.5)
        p.add_run("· ")
    elif para.kind == "grounds_label":
        p.paragraph_format.space_before = Pt(4)
    prev_ref = False
    for inline in para.inlines:
        if isinstance(inline, Ref):
            if inline.number is None:
                run = p.add_run(f"[{UNKNOWN_MARK}]")
                run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
                prev_ref = False
                continue
            n = inline.number
            if inline.listed:  # "출처: [3]³, [4]" — lists of sources keep their visible numbers
                p.add_run(f"[{n}]")
                if n in placed:  # the footnote is up the page already
                    prev_ref = False
                    continue
            elif prev_ref:  # "¹,²" — adjacent footnote marks would read as one number
                p.add_run(",").font.superscript = True
            elif p.runs and p.runs[-1].text.endswith(" "):
                p.runs[-1].text = p.runs[-1].text.rstrip()  # the mark sits on the word: "있습니다¹."
            if n in placed:
                cross_reference(p, placed[n], n)
            else:
                placed[n] = f"_RefSource{n}"
                notes.add(p, refs[n].footnote_text(), bookmark=placed[n])
            prev_ref = True
            continue
        prev_ref = False
        run = p.add_run(inline.text)
        run.bold = inline.bold or None
        if para.kind == "refused":
            run.italic, run.font.color.rgb = True, GREY
        elif para.kind == "note":
            run.font.size, run.font.color.rgb = Pt(9), GREY


def build_docx(draft: DraftDocument) -> DocxDocument:
    layout = build_layout(draft)
    document = docx.Document()
    _setup_styles(document)
    _setup_fonts(document)
    _page_setup(document, f"{layout.title} · {layout.date}")
    notes = Footnotes(document)
    props = document.core_properties
    props.title, props.author, props.language = layout.title, "의정 리서치 어시스턴트", "ko-KR"

    document.add_paragraph(layout.title, style="Title")
    meta = document.add_paragraph(
        f"작성일 {layout.date} · 질의 {len(layout.sections)}건 · 출처 {len(layout.references)}건"
    )
    meta.runs[0].font.color.rgb, meta.runs[0].font.size = GREY, Pt(9)

    refs = {r.number: r for r in layout.references}
    placed: dict[int, str] = {}
    for sec in layout.sections:
        document.add_heading(f"{sec.number}. {sec.question}", level=1)
        for para in sec.paras:
            _write_para(document, notes, para, refs, placed)

    if layout.references:
        document.add_heading(REFS_HEADING, level=1)
        for ref in layout.references:
            item = document.add_paragraph(style="출처 항목")
            item.add_run(f"[{ref.number}]\t").bold = True
            item.add_run(ref.source_label())
            item.paragraph_format.tab_stops.add_tab_stop(Mm(8))
            if ref.quote and ref.table_note():  # a table row is read with its caption and header
                note = document.add_paragraph(ref.table_note(), style="출처 인용")
                note.paragraph_format.space_after = Pt(0)
            if ref.quote:
                document.add_paragraph(f"“{ref.quote}”", style="출처 인용")
    return document


def to_docx(draft: DraftDocument, path: str | Path) -> Path:
    """Write the draft as a .docx file and return its path."""
    path = Path(path)
    build_docx(draft).save(str(path))
    return path


def to_docx_bytes(draft: DraftDocument) -> bytes:
    """The .docx as bytes, for `st.download_button`."""
    buf = io.BytesIO()
    build_docx(draft).save(buf)
    return buf.getvalue()
