"""Cells as people type them: encodings, Unicode, formula neutralisation, dates and numbers.

Everything here works on single values (readers apply it to the distinct values of a column).

* :func:`decode_lines` (and :func:`decode`) — bytes to text: UTF-8 with or without BOM,
  UTF-16 with BOM, else line by line UTF-8 or Windows-1258, reporting the lines whose
  encoding differs from the file's or that are mojibake; binary data is refused.
* :func:`neutralise` / :func:`restore` — the formula-injection guard of spreadsheet exports.
* :func:`parse_date` — ISO ``YYYY-MM-DD`` or day first (``dd/mm/yyyy``), never month first.
* :func:`parse_number` — digits with thousands separators, by the rule of :func:`parse_number`.
"""

from __future__ import annotations

import calendar
import codecs
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from ppd_core.errors import FileFormatError
from ppd_core.i18n import N_, Phrase, phrase

__all__ = [
    "FORMULA_TRIGGERS",
    "decode",
    "decode_lines",
    "neutralise",
    "parse_date",
    "parse_number",
    "restore",
]

# -- formula injection ---------------------------------------------------------------------------

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet program read a cell as a formula."""

_ESCAPED: Final = (*FORMULA_TRIGGERS, "'")
_ESCAPED_CHARS: Final = frozenset(_ESCAPED)


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text that a spreadsheet could take for a formula.

    The rule (its inverse is :func:`restore`): text starting with ``= + - @``, a tab, a
    carriage return or an apostrophe gets one more apostrophe in front.

    >>> neutralise("=HYPERLINK(1)"), neutralise("-5 guests"), neutralise("Hà Nội")
    ("'=HYPERLINK(1)", "'-5 guests", 'Hà Nội')
    """
    return "'" + text if text.startswith(_ESCAPED) else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`: drop an apostrophe followed by one of its trigger characters.

    >>> restore("'=HYPERLINK(1)"), restore("''quoted"), restore("'tis")
    ('=HYPERLINK(1)', "'quoted", "'tis")
    """
    if len(text) > 1 and text[0] == "'" and text[1] in _ESCAPED_CHARS:
        return text[1:]
    return text


# -- encodings -----------------------------------------------------------------------------------

_MAGIC: Final = (
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook?); read it with read_excel"),
    (b"\xd0\xcf\x11\xe0", "an old Excel 97-2003 (.xls) or other OLE file; save it as .xlsx"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PAR1", "a Parquet file; read it with read_parquet"),
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
)
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SNIFF: Final = 65536


def decode(data: bytes, source: str, what: str = "a text (CSV) file") -> tuple[str, str]:
    """Decode a text file; return the text and the encoding used (see :func:`decode_lines`).

    Raises:
        FileFormatError: the file is empty, binary, or in none of these encodings.
    """
    text, encoding, _ = decode_lines(data, source, what)
    return text, encoding


def decode_lines(
    data: bytes, source: str, what: str = "a text (CSV) file"
) -> tuple[str, str, dict[int, str]]:
    r"""Decode a text file line by line; return the text, its encoding and the odd lines.

    UTF-8 (with or without a byte-order mark) is tried first, then UTF-16 when a UTF-16 BOM
    is present. A file that is not UTF-8 as a whole is decoded line by line: each line as
    UTF-8 if it is valid UTF-8, else as Windows-1258 (``cp1258``, old Vietnamese files), so a
    file pasted together from both is read right. The file's encoding is the one most of its
    non-ASCII lines use; the others are *odd lines*, and so are UTF-8 lines that are mojibake
    (UTF-8 once read as Windows-1258 and saved again: ``Há»™i`` for ``Hội``).

    Returns:
        The text, the encoding (``utf-8``, ``utf-8-sig``, ``utf-16`` or ``cp1258``) and the
        odd lines: 1-based line number → ``"utf-8"``, ``"cp1258"`` (the encoding the line was
        read in, unlike the file's) or ``"mojibake"``.

    >>> text, encoding, odd = decode_lines("a\nHội\n".encode() + "Hà\n".encode("cp1258"), "x")
    >>> text.splitlines(), encoding, odd
    (['a', 'Hội', 'Hà'], 'cp1258', {2: 'utf-8'})
    >>> decode_lines("Hội".encode().decode("cp1258").encode(), "x")[2]
    {1: 'mojibake'}

    Raises:
        FileFormatError: the file is empty, binary, or in none of these encodings.
    """
    if not data:
        raise FileFormatError(source, f"the file is empty (0 bytes); expected {what}")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise FileFormatError(source, f"this is {kind}, not {what}")
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in data[:_SNIFF]:
        raise FileFormatError(source, f"the file looks binary (it holds NUL bytes), not {what}")
    else:
        encoding = "utf-8"
    odd: dict[int, str] = {}
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        if encoding != "utf-8":
            raise FileFormatError(
                source, f"the file starts with a {encoding} byte-order mark but is not {encoding}"
            ) from None
        text, encoding, odd = _by_line(data, source, what, err.start)
    head = text[:_SNIFF]
    controls = len(_CONTROL.findall(head))
    if "\x00" in head or controls > max(2, len(head) // 100):
        raise FileFormatError(
            source, f"the file looks binary (it holds {controls} control characters), not {what}"
        )
    if encoding != "cp1258" and not text.isascii():
        odd.update(_mojibake(text))
    return text, encoding, odd


def _by_line(data: bytes, source: str, what: str, bad: int) -> tuple[str, str, dict[int, str]]:
    """Decode each line as UTF-8 if it is valid UTF-8, else as Windows-1258."""
    lines: list[str] = []
    kinds: dict[int, str] = {}
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
            if not raw.isascii():
                kinds[number] = "utf-8"
        except UnicodeDecodeError:
            try:
                lines.append(raw.decode("cp1258"))
            except UnicodeDecodeError:
                raise FileFormatError(
                    source,
                    f"the file is neither UTF-8 (byte {bad} is invalid) nor Windows-1258 "
                    f"(line {number}); it looks binary, not like {what}",
                ) from None
            kinds[number] = "cp1258"
    utf8 = sum(1 for k in kinds.values() if k == "utf-8")
    encoding = "utf-8" if utf8 * 2 > len(kinds) else "cp1258"
    odd = {n: k for n, k in kinds.items() if k != encoding}
    return "\n".join(lines), encoding, odd


def _mojibake(text: str) -> dict[int, str]:
    """The lines that read as UTF-8 once they are encoded back to Windows-1258."""
    found: dict[int, str] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if line.isascii():
            continue
        try:
            repaired = line.encode("cp1258").decode("utf-8")
        except UnicodeError:
            continue
        if repaired != line:
            found[number] = "mojibake"
    return found


# -- dates ---------------------------------------------------------------------------------------

_ISO: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?")
_YEAR_FIRST: Final = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})")
_DAY_FIRST: Final = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_SHORT_YEAR: Final = re.compile(r"\d{1,2}([/.-])\d{1,2}\1\d{2}")

_DATE_HINT: Final = N_("write dates day first as dd/mm/yyyy (e.g. 25/12/2025) or as YYYY-MM-DD")


def parse_date(text: str) -> date:
    """Read a date written ISO ``YYYY-MM-DD`` or day first (``dd/mm/yyyy``, ``d-m-yyyy``…).

    Day-first dates take ``/``, ``-`` or ``.`` between their parts; ISO dates may carry a
    midnight time (``2025-05-02 00:00:00``). Dates are never read month first: an impossible
    day or month (``31/02/2025``, ``13/25/2025``) is an error, never swapped.

    >>> parse_date("2/9/2025"), parse_date("02.09.2025"), parse_date("2025-09-02")
    (datetime.date(2025, 9, 2), datetime.date(2025, 9, 2), datetime.date(2025, 9, 2))

    Raises:
        ValueError: with a message saying what is wrong and how to write the date.
    """
    t = text.strip()
    if m := _ISO.fullmatch(t):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _YEAR_FIRST.fullmatch(t):
        y, mo, d = int(m[1]), int(m[3]), int(m[4])
    elif m := _DAY_FIRST.fullmatch(t):
        d, mo, y = int(m[1]), int(m[3]), int(m[4])
    elif _SHORT_YEAR.fullmatch(t):
        raise ValueError(
            phrase("'{value}' has a two-digit year; write the year in full (dd/mm/yyyy)", value=t)
        )
    else:
        raise ValueError(
            phrase("'{value}' is not a date; {hint}", value=t, hint=phrase(_DATE_HINT))
        )
    if not 1 <= mo <= 12:
        if d <= 12:
            raise ValueError(
                phrase(
                    "'{value}' is not a real date: there is no month {month} (dates are read day "
                    "first: was it written month first?)",
                    value=t,
                    month=mo,
                )
            )
        raise ValueError(
            phrase("'{value}' is not a real date: there is no month {month}", value=t, month=mo)
        )
    if y < 1:
        raise ValueError(
            phrase("'{value}' is not a real date: there is no year {year}", value=t, year=y)
        )
    last = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= last:
        raise ValueError(
            phrase(
                "'{value}' is not a real date: month {month} of {year} has days 1 to {last} only "
                "(dates are read day first: dd/mm/yyyy)",
                value=t,
                month=mo,
                year=y,
                last=last,
            )
        )
    return date(y, mo, d)


# -- numbers -------------------------------------------------------------------------------------

_SPACES: Final = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
_BODY: Final = re.compile(r"[0-9][0-9 ]*(?:[.,][0-9 ]*)*|[.,][0-9]+")
_EXPONENT: Final = re.compile(r"(.*?)([eE][+-]?[0-9]{1,4})")
_GROUPED: Final = re.compile(r"[0-9]{1,3}(?:[, .][0-9]{3})*")


def parse_number(text: str, *, decimal_comma: bool = False, percent: bool = False) -> Decimal:
    """Read a number as people type it, thousands separators included; return it exactly.

    The rule for ``,`` and ``.`` (and spaces, which only ever group thousands):

    1. a separator that occurs more than once groups thousands (``1,500,000``, ``1.500.000``);
    2. when both occur, the last one is the decimal mark (``1,500.5``, ``1.500,5``);
    3. a single separator is the decimal mark when it cannot group thousands: it is not
       followed by exactly three digits, or it follows a lone ``0`` or more than three digits
       (``1,5``, ``12.25``, ``0.125``, ``1500.250``);
    4. a single separator followed by exactly three digits after one to three digits
       (``1,500``, ``1.500``) is ambiguous: by default (``decimal_comma=False``) the comma
       groups thousands and the point is the decimal mark (1,500 = 1500; 1.500 = 1.5); with
       ``decimal_comma=True``, the Vietnamese convention, the other way round
       (1.500 = 1500; 1,500 = 1.5).

    Groups of thousands must have three digits. A leading ``+``/``-``, an exponent
    (``1.5e6``) and, where ``percent`` holds, a trailing ``%`` are accepted.

    >>> parse_number("1,500,000"), parse_number("1.500.000"), parse_number("1.500,25")
    (Decimal('1500000'), Decimal('1500000'), Decimal('1500.25'))
    >>> parse_number("1.500"), parse_number("1.500", decimal_comma=True)
    (Decimal('1.500'), Decimal('1500'))

    Raises:
        ValueError: with a message saying what is wrong.
    """
    t = text.translate(_SPACES).strip()
    if percent and t.endswith("%"):
        t = t[:-1].rstrip()
    sign = ""
    if t[:1] in ("+", "-"):
        sign, t = ("-" if t[0] == "-" else ""), t[1:].lstrip()
    exponent = ""
    if (m := _EXPONENT.fullmatch(t)) and "," not in m[1] and " " not in m[1]:
        t, exponent = m[1], m[2]
    if not _BODY.fullmatch(t) or t.endswith(" "):
        raise ValueError(_not_a_number(text))
    whole, fraction = _split(t, text, decimal_comma)
    if not _GROUPED.fullmatch(whole) and not whole.isdigit():
        raise ValueError(
            phrase(
                "'{value}' is not a number: groups of thousands must have three digits",
                value=text.strip(),
            )
        )
    digits = re.sub(r"[, .]", "", whole) or "0"
    try:
        return Decimal(f"{sign}{digits}{'.' + fraction if fraction else ''}{exponent}")
    except InvalidOperation:  # pragma: no cover - the patterns above admit only numbers
        raise ValueError(_not_a_number(text)) from None


def _not_a_number(text: object) -> Phrase:
    """Why ``text`` cannot be read as a number, for people (any language)."""
    return phrase("'{value}' is not a number", value=str(text).strip())


def only_thousands(places: int | None) -> bool:
    """Whether a lone ``1.500`` with at most ``places`` decimals can only be fifteen hundred.

    So it is when ``places`` is known and under three (a count, VND, USD): nobody writes 1.5
    as ``1.500`` there.

    >>> only_thousands(0), only_thousands(2), only_thousands(3), only_thousands(None)
    (True, True, False, False)
    """
    return places is not None and places < 3


def parse_quantity(text: str, *, decimal_comma: bool | None, places: int | None) -> Decimal:
    """Read a quantity that has at most ``places`` decimal places; return it exactly.

    As :func:`parse_number`, except that when the user has not chosen a convention
    (``decimal_comma`` is ``None``) an ambiguous ``1.500`` or ``1,500`` is fifteen hundred
    whenever ``places`` is under three: a count (0), money in VND (0) or USD (2) — nobody
    writes one and a half dollars as ``1.500``. Otherwise (``places`` unknown, or three as
    for a dinar) it is read the English way; the caller reports such a reading.

    >>> parse_quantity("1.500", decimal_comma=None, places=0)
    Decimal('1500')
    >>> parse_quantity("1.500", decimal_comma=False, places=0)
    Decimal('1.500')
    >>> parse_quantity("1,5", decimal_comma=None, places=2)
    Decimal('1.5')

    Raises:
        ValueError: with a message saying what is wrong.
    """
    if decimal_comma is None:
        decimal_comma = False
        if only_thousands(places) and shown_convention(text) is None:
            decimal_comma = "." in text  # the one separator groups thousands
    return parse_number(text, decimal_comma=decimal_comma)


def shown_convention(text: str) -> bool | None:
    """The convention a number as typed shows (``True``: a decimal comma).

    ``True`` when its comma is the decimal mark (a dot groups thousands), ``False`` when its
    point is, ``None`` when it cannot tell. Only the separators' places are looked at (rules
    1–3 of :func:`parse_number`): ``1.500`` and ``1,500`` (rule 4) and a number without
    separators show nothing.

    >>> [shown_convention(t) for t in ("1.500.000", "1,5", "2.500,75", "1,500,000", "12.25")]
    [True, True, True, False, False]
    >>> [shown_convention(t) for t in ("1.500", "1,500", "1500", "abc")]
    [None, None, None, None]
    """
    t = text.translate(_SPACES).strip().lstrip("+-").replace(" ", "")
    commas, points = t.count(","), t.count(".")
    if not _BODY.fullmatch(t) or commas + points == 0:
        return None
    if commas and points:
        return t.rfind(",") > t.rfind(".")
    if commas + points > 1:
        return points > 0  # a repeated separator groups thousands
    head, tail = t.split("," if commas else ".")
    if len(tail) == 3 and 1 <= len(head) <= 3 and head != "0":
        return None  # 1.500 or 1,500: either way
    return commas > 0  # a single separator that cannot group thousands is the decimal mark


def _split(t: str, text: str, decimal_comma: bool) -> tuple[str, str]:
    """Split a number's body into its whole part (with group separators) and its fraction."""
    commas, points = t.count(","), t.count(".")
    if commas and points:
        mark = "," if t.rfind(",") > t.rfind(".") else "."
        if t.count(mark) > 1:
            raise ValueError(
                phrase("'{value}' is not a number: more than one decimal mark", value=text.strip())
            )
    elif commas + points == 0:
        return t, ""
    elif commas + points > 1:
        if " " in t:
            raise ValueError(
                phrase("'{value}' is not a number: mixed thousands separators", value=text.strip())
            )
        return t, ""  # a repeated separator groups thousands
    else:
        mark = "," if commas else "."
        head, tail = t.split(mark)
        ambiguous = len(tail) == 3 and 1 <= len(head) <= 3 and head != "0" and " " not in t
        if ambiguous and (mark == ",") != decimal_comma:
            return t, ""  # the separator groups thousands
    head, _, tail = t.rpartition(mark)
    if not tail.isdigit() and tail:
        raise ValueError(
            phrase(
                "'{value}' is not a number: digits must follow the decimal mark", value=text.strip()
            )
        )
    if mark in head or (head and head[-1] in ", ."):
        raise ValueError(_not_a_number(text))
    return head or "0", tail
