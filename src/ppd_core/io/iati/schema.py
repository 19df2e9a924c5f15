"""Validating an IATI document against an XML Schema the caller provides (no copy is shipped).

The document is parsed with the safeguards of :mod:`~ppd_core.io.iati.safe`; the schema is
loaded once per path, without network access.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ppd_core.io.iati.safe import parse_document

__all__ = ["validate_iati_schema"]


@lru_cache(maxsize=8)
def _schema(xsd_path: str) -> Any:
    """Load (once) the XML Schema at ``xsd_path``; its includes are read from beside it."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(xsd_path, parser))


def validate_iati_schema(xml_bytes: bytes, xsd_path: str | os.PathLike[str]) -> list[str]:
    """Validate a document against an XML Schema (e.g. ``iati-activities-schema.xsd``).

    The document is parsed with the same safeguards as :func:`~ppd_core.io.iati.read_iati`.

    Args:
        xml_bytes: The document.
        xsd_path: The schema file (the caller provides it; ppd_core ships none).

    Returns:
        The schema errors, ``"line N: message"`` each; empty when the document is valid.

    Raises:
        IatiFileError: when the document is empty, binary or not well-formed.
        UnsafeXmlError: when it has a DOCTYPE.
    """
    doc = parse_document(xml_bytes, "<document>")
    schema = _schema(str(Path(xsd_path).resolve()))
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
