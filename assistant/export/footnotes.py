"""Real Word footnotes for python-docx, which has no footnote API.

A footnote in WordprocessingML needs four things, all added here:
1. a part /word/footnotes.xml (content type …footnotes+xml) holding <w:footnote> elements,
   starting with the two separator footnotes (ids -1 and 0) Word expects;
2. a relationship of type …/relationships/footnotes from the document part to it
   (python-docx writes the [Content_Types].xml override from the part's content type);
3. <w:footnotePr> in settings.xml naming the separators, as Word itself writes it;
4. in the text, a run holding <w:footnoteReference w:id="N"/>; the footnote itself starts
   with a <w:footnoteRef/> run, where Word prints the number.

Footnotes are Word's automatic ones (1, 2, 3 … by occurrence), the convention of Korean
검토보고서, and the reason to prefer them: pasted into a report they renumber with the
report's own footnotes. There is one footnote per source, placed where the source is first
cited, so footnote n is the 출처 list's [n] (layout.py numbers sources by first citation). A
later citation of the same source points back at its footnote with a NOTEREF field (Word's
"cross-reference to a footnote number"), which also renumbers with the report. (Custom marks —
w:customMarkFollows — would show "[3]" in the text instead, but LibreOffice 7.4 prints such
marks twice, and they would not renumber inside a report.)
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

_SEPARATORS = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)

# Word's built-in names ("footnote text", "footnote reference") so Word treats them as its own.
_STYLES = (
    f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:pPr><w:spacing w:before="0" w:after="40" w:line="264" w:lineRule="auto"/>'
    '<w:ind w:left="284" w:hanging="284"/></w:pPr>'
    '<w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>',
    f'<w:style {nsdecls("w")} w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
)


class Footnotes:
    """The footnotes part of one document; `add(paragraph, mark, text)` places a footnote."""

    def __init__(self, document: DocxDocument) -> None:
        doc_part = document.part
        self._root = parse_xml(_SEPARATORS)
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self._root, doc_part.package)
        doc_part.relate_to(self.part, RT.FOOTNOTES)
        self._next_id = 1

        styles = document.styles.element
        for xml in _STYLES:
            styles.append(parse_xml(xml))

        settings = document.settings.element
        pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
        compat = settings.find(qn("w:compat"))  # schema order: footnotePr comes right before compat
        if compat is not None:
            compat.addprevious(pr)
        else:
            settings.append(pr)

    def add(self, paragraph: Paragraph, text: str, bookmark: str | None = None) -> Run:
        """Append a footnote reference to `paragraph` and a footnote holding `text`; with `bookmark`,
        the reference is bookmarked so `cross_reference(…, bookmark)` can point back at it."""
        fid = str(self._next_id)
        self._next_id += 1

        if bookmark:
            start = etree.SubElement(paragraph._p, qn("w:bookmarkStart"))
            start.set(qn("w:id"), fid)
            start.set(qn("w:name"), bookmark)
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        rpr.append(parse_xml(f'<w:rStyle {nsdecls("w")} w:val="FootnoteReference"/>'))
        etree.SubElement(run._r, qn("w:footnoteReference")).set(qn("w:id"), fid)
        if bookmark:
            etree.SubElement(paragraph._p, qn("w:bookmarkEnd")).set(qn("w:id"), fid)

        note = etree.SubElement(self._root, qn("w:footnote"))
        note.set(qn("w:id"), fid)
        p = etree.SubElement(note, qn("w:p"))
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), "FootnoteText")
        mark_run = etree.SubElement(p, qn("w:r"))
        etree.SubElement(etree.SubElement(mark_run, qn("w:rPr")), qn("w:rStyle")).set(qn("w:val"), "FootnoteReference")
        etree.SubElement(mark_run, qn("w:footnoteRef"))  # Word prints the footnote's number here
        etree.SubElement(p, qn("w:r")).append(_t(" " + text))
        return run


def _t(text: str) -> etree._Element:
    t = etree.Element(qn("w:t"))
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    return t


def cross_reference(paragraph: Paragraph, bookmark: str, number: int) -> None:
    """A superscript footnote number pointing at the footnote reference bookmarked `bookmark`:
    the field NOTEREF with \\f (footnote reference style) and \\h (a link); `number` is the
    cached result shown until the word processor updates fields."""

    def run(*children: etree._Element) -> None:
        r = etree.SubElement(paragraph._p, qn("w:r"))
        etree.SubElement(etree.SubElement(r, qn("w:rPr")), qn("w:rStyle")).set(qn("w:val"), "FootnoteReference")
        for child in children:
            r.append(child)

    def fld(kind: str) -> etree._Element:
        el = etree.Element(qn("w:fldChar"))
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = etree.Element(qn("w:instrText"))
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" NOTEREF {bookmark} \\f \\h "
    run(fld("begin"))
    run(instr)
    run(fld("separate"))
    run(_t(str(number)))
    run(fld("end"))

