"""XML from untrusted packages: no entity expansion, no DTD or network access, no huge trees."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import IngestError


def parse_xml(data: bytes, path: Path, what: str) -> etree._Element:
    # a parser per call: lxml parsers must not be shared between threads
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise IngestError(str(path), f"{what}의 XML이 손상되었습니다", f"malformed XML in {what} ({e})") from e


def local(el: etree._Element) -> str:
    """Tag name without namespace; comments and processing instructions give ""."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""
