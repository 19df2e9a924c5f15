"""IATI values: narratives, white space, xsd dates and decimals (read and written), ids from names.

>>> from ppd_core.io.iati._values import slug_id, xsd_decimal
>>> slug_id("Hội Hữu nghị Việt – Đức"), xsd_decimal(" 2500.50 ")
('ORG-hoi-huu-nghi-viet-duc', Decimal('2500.50'))
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from ppd_core.io.iati.safe import Element
from ppd_core.vocab import Sdg

XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
"""The ``xml:lang`` attribute's name as lxml spells it."""


def clean(text: str | None) -> str:
    """Collapse runs of white space into single spaces."""
    return " ".join(text.split()) if text else ""


def _lines(text: str) -> str:
    """Normalise line ends to newlines and strip surrounding white space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def named(org: Element, default_lang: str) -> bool:
    """Whether an organisation element has a ``@ref`` or a name."""
    return bool((org.get("ref") or "").strip() or narrative(org, default_lang))


def narrative(parent: Element, default_lang: str, *, keep_lines: bool = False) -> str | None:
    """The English narrative of ``parent`` if there is one, else its first non-empty one."""
    if parent is None:
        return None
    found: list[tuple[str, str]] = []
    for n in parent.findall("narrative"):
        raw = "".join(n.itertext())
        text = _lines(raw) if keep_lines else clean(raw)
        if text:
            lang = (n.get(XML_LANG) or default_lang).strip().lower()
            found.append((lang, text))
    for lang, text in found:
        if lang == "en" or lang.startswith("en-"):
            return text
    return found[0][1] if found else None


_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def xsd_date(text: str | None) -> date | None:
    """Parse an xsd:date (a time zone suffix is ignored).

    Raises:
        ValueError: when ``text`` is not a date.
    """
    if text is None or not text.strip():
        return None
    m = _ISO_DATE.match(text)
    if not m:
        raise ValueError(text)
    return date.fromisoformat(m.group(1))


def xsd_decimal(text: str | None) -> Decimal | None:
    """Parse an xsd:decimal.

    Raises:
        ValueError: when ``text`` is not a finite decimal number.
    """
    if text is None or not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def decimal_text(value: float | Decimal) -> str:
    """A number as an xsd:decimal: no exponent, no trailing zeros (``2.50E+3`` → ``2500``)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return format(d.normalize(), "f")


def slug_id(name: str) -> str:
    """A deterministic partner id from a name: ``ORG-`` and an ASCII slug (hashed if needed)."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    digest = hashlib.sha256(clean(name).casefold().encode("utf-8")).hexdigest()[:8]
    if not slug:
        return f"ORG-{digest}"
    if len(slug) > 80:
        slug = f"{slug[:80].rstrip('-')}-{digest}"
    return f"ORG-{slug}"


def round_share(value: float) -> float:
    """Round a share to 4 decimal places."""
    return round(value, 4)


def sdg_of(code: str) -> Sdg | None:
    """The SDG goal of a goal code (``"3"``) or a target code (``"3.8"``), or ``None``."""
    goal = code.strip().split(".", 1)[0]
    try:
        return Sdg(goal)
    except ValueError:
        return None
