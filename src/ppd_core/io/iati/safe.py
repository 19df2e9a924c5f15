"""Safe parsing of untrusted XML: no entities, no network, no DTD, and clear errors for bad files.

Every IATI document is read through here. A document with a ``DOCTYPE`` is refused outright
(:class:`UnsafeXmlError`: IATI files have none, and DTD entity declarations are how
billion-laughs and external-entity attacks work); empty, binary, truncated or otherwise
malformed files raise :class:`IatiFileError` naming the file and what is wrong.

>>> from ppd_core.io.iati.safe import UnsafeXmlError, parse_document
>>> parse_document(b"<iati-activities/>", "a.xml").tag
'iati-activities'
>>> try:
...     parse_document(b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', "b.xml")
... except UnsafeXmlError as err:
...     print(err.reason[:48])
refused: the document has a DOCTYPE declaring en
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Final

from lxml import etree

from ppd_core.errors import IatiFileError, UnsafeXmlError

__all__ = [
    "IatiFileError",
    "UnsafeXmlError",
    "iter_activities",
    "open_source",
    "parse_document",
    "safe_parser",
]

Element = Any
"""An lxml element (lxml ships no type information)."""

_PARSER_OPTIONS: Final[dict[str, bool]] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
"""Options of every parser reading untrusted XML here."""

_HEAD_BYTES: Final = 65536
"""How much of a document is examined before parsing (BOM, binary content, DOCTYPE)."""


def safe_parser() -> Any:
    """Return an lxml parser for untrusted XML.

    Entities are not resolved, the network is not used, no DTD is loaded or validated against,
    huge trees are refused, and comments and processing instructions are dropped.
    """
    return etree.XMLParser(**_PARSER_OPTIONS)


_BOMS: Final = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(?:%\s*)?([^\s>]+)")
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _check_head(head: bytes, name: str) -> None:
    """Refuse empty, binary and DOCTYPE-bearing documents from their first bytes.

    Raises:
        IatiFileError: when the document is empty, binary or does not start like XML.
        UnsafeXmlError: when it declares a DOCTYPE.
    """
    if not head:
        raise IatiFileError(name, "the file is empty (0 bytes); expected IATI XML")
    has_bom = head.startswith(_BOMS)
    if b"\x00" in head[:1024] and not has_bom:
        raise IatiFileError(
            name, "the file looks binary (it contains NUL bytes), not like an XML document"
        )
    # UTF-16 text with a BOM: drop the NUL bytes so the ASCII markers below are visible.
    text = head.replace(b"\x00", b"")
    for bom in _BOMS:
        text = text.removeprefix(bom)
    stripped = text.lstrip()
    if not stripped:
        raise IatiFileError(name, "the file holds only white space, no XML")
    if not stripped.startswith(b"<"):
        raise IatiFileError(
            name, "the file is not an XML document (it does not start with '<'): expected IATI"
        )
    root = _ROOT_START.search(text)
    prolog = text[: root.start()] if root else text
    if b"<!DOCTYPE" in prolog:
        _refuse_doctype(name, [m.decode("ascii", "replace") for m in _ENTITY_DECL.findall(prolog)])


def _refuse_doctype(name: str, entities: list[str]) -> None:
    """Raise :class:`UnsafeXmlError` for a DOCTYPE, naming the entities it declares."""
    declared = f" declaring entities {', '.join(entities[:10])}" if entities else ""
    raise UnsafeXmlError(
        name,
        f"refused: the document has a DOCTYPE{declared}. IATI files have none, and DTD "
        "entities are how billion-laughs and external-entity attacks work; nothing was "
        "expanded or fetched",
    )


def _check_docinfo(root: Element, name: str) -> None:
    """Second line of defence: refuse any DOCTYPE the parser saw (whatever the encoding)."""
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.system_url:
        dtd = info.internalDTD
        names = [str(e.name) for e in dtd.iterentities()] if dtd is not None else []
        _refuse_doctype(name, names)


def _syntax_error(name: str, err: Any, started: bool) -> IatiFileError:
    """Turn an lxml syntax error into a clear :class:`IatiFileError`."""
    msg = str(getattr(err, "msg", "") or err).strip()
    line = getattr(err, "lineno", None)
    where = f" at line {line}" if line else ""
    if started:
        return IatiFileError(name, f"the XML is truncated or malformed{where}: {msg}")
    return IatiFileError(name, f"the file is not well-formed XML{where}: {msg}")


def open_source(source: str | os.PathLike[str] | bytes, name: str | None) -> tuple[IO[bytes], str]:
    """Open a path or wrap bytes; return the stream and the name used in problems and errors."""
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(bytes(source)), name or "<bytes>"
    path = Path(source)
    return path.open("rb"), name or path.name


def iter_activities(stream: IO[bytes], name: str) -> Iterator[tuple[int, Element]]:
    """Stream the ``iati-activity`` elements of a document, 1-based, freeing each after use.

    Raises:
        IatiFileError: when the document is not an IATI activity file or not well-formed.
        UnsafeXmlError: when it has a DOCTYPE.
    """
    head = stream.read(_HEAD_BYTES)
    _check_head(head, name)
    stream.seek(0)
    context = etree.iterparse(stream, events=("start", "end"), **_PARSER_OPTIONS)
    root: Element = None
    depth = 0
    n = 0
    try:
        for event, elem in context:
            if event == "start":
                if root is None:
                    root = elem
                    _check_docinfo(root, name)
                    _check_root(root, name)
                depth += 1
                continue
            depth -= 1
            if depth != 1:
                continue
            if elem.tag == "iati-activity":
                n += 1
                yield n, elem
            elem.clear(keep_tail=False)
            while elem.getprevious() is not None:
                del root[0]
    except etree.XMLSyntaxError as err:
        raise _syntax_error(name, err, root is not None) from None
    if root is None:  # pragma: no cover - lxml raises on a document without a root
        raise IatiFileError(name, "the document has no root element")


def _check_root(root: Element, name: str) -> None:
    """Refuse documents that are not IATI 2.0x activity files."""
    tag = root.tag if isinstance(root.tag, str) else "?"
    if tag != "iati-activities":
        raise IatiFileError(
            name,
            f"the root element is <{tag}>, not <iati-activities>: this is not an IATI "
            "activity file",
        )
    version = (root.get("version") or "").strip()
    if version.startswith("1."):
        raise IatiFileError(
            name, f"IATI version {version} is not supported; this reader reads version 2.0x"
        )


def parse_document(xml_bytes: bytes, name: str) -> Element:
    """Parse a whole document in memory with the same safeguards; return its root element.

    Raises:
        IatiFileError: when the document is empty, binary or not well-formed.
        UnsafeXmlError: when it has a DOCTYPE.
    """
    _check_head(xml_bytes[:_HEAD_BYTES], name)
    try:
        doc = etree.fromstring(xml_bytes, safe_parser())
    except etree.XMLSyntaxError as err:
        raise _syntax_error(name, err, False) from None
    _check_docinfo(doc, name)
    return doc
