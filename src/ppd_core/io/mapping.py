r"""Column mappings: which column of a register feeds which field of an activity.

A register kept by hand has one sheet, a row per activity and headers in the keeper's
words. A :class:`ColumnMapping` says, for each header, what it feeds (a *target*):

* a column of the ``activities`` table (``id``, ``title``, ``kind``, ``status``,
  ``actual_start``, ``participants_total``, ``cost_amount`` …);
* ``partners`` — partner names, several per cell, resolved to partners (see
  :func:`ppd_core.io.read_register`); ``countries`` — countries, several per cell, with equal
  shares; ``mobilised`` — money mobilised from the row's partners (a resource flow from each,
  equal parts);
* ``ignore`` — a row-number column (``STT``), left out and reported; ``extra`` — any other
  column: its values are kept in the activity's notes as ``Header: value``, never dropped.

A money column may carry its currency (``Kinh phí (VNĐ)`` → VND), used when a cell has none.
:attr:`ColumnMapping.defaults` gives values for fields the register has no column for (the
lead organisation, a status), and :attr:`ColumnMapping.partners` the partner names the user
confirmed: ``name → partner id``.

:func:`propose_mapping` proposes one from the headers, in Vietnamese or English, with or
without diacritics, in any case, with common synonyms; :func:`write_mapping` saves it as a
small TOML file to edit and reuse, :func:`read_mapping` reads it back.

>>> m = propose_mapping(["STT", "Mã hoạt động", "TÊN HOẠT ĐỘNG", "Kinh phi (VND)", "Ghi chú 2"])
>>> [(c.header, c.target, c.currency) for c in m.columns]  # doctest: +NORMALIZE_WHITESPACE
[('STT', 'ignore', None), ('Mã hoạt động', 'id', None), ('TÊN HOẠT ĐỘNG', 'title', None),
 ('Kinh phi (VND)', 'cost_amount', 'VND'), ('Ghi chú 2', 'extra', None)]
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from ppd_core.cleaning._normalise import fold
from ppd_core.errors import MappingFileError
from ppd_core.i18n import Lang, phrase, text
from ppd_core.tables import SCHEMA

__all__ = [
    "TARGETS",
    "ColumnMapping",
    "MappedColumn",
    "propose_mapping",
    "read_mapping",
    "write_mapping",
]

_LINKED: Final = ("partners", "countries", "mobilised")
TARGETS: Final = (
    *(c.name for c in SCHEMA["activities"].columns),
    *_LINKED,
    "ignore",
    "extra",
)
"""Every target a column may feed."""

MONEY_TARGETS: Final = ("cost_amount", "mobilised")
"""Targets that hold money (a currency may come with the header)."""

_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "ignore": ("stt", "tt", "so tt", "so thu tu", "no", "nr", "seq", "sequence", "number"),
    "id": ("ma hoat dong", "ma hd", "ma", "ma so", "so hieu", "id", "activity id", "code",
           "activity code", "ref", "reference"),
    "title": ("ten hoat dong", "ten", "noi dung", "noi dung hoat dong", "ten chuong trinh",
              "title", "activity", "activity name", "activity title", "name"),
    "kind": ("loai hinh", "loai", "loai hinh hoat dong", "loai hoat dong", "hinh thuc hoat dong",
             "kind", "type", "activity type", "activity kind", "category"),
    "status": ("trang thai", "tinh trang", "tien do", "status", "stage"),
    "modality": ("hinh thuc to chuc", "hinh thuc", "modality", "format"),
    "partners": ("doi tac", "to chuc doi tac", "doi tac nuoc ngoai", "ten doi tac",
                 "partner", "partners", "partner organisation", "partner organization"),
    "countries": ("quoc gia", "nuoc", "quoc gia doi tac", "country", "countries",
                  "partner country"),
    "actual_start": ("ngay bat dau", "tu ngay", "ngay to chuc", "ngay", "thoi gian",
                     "start", "start date", "date", "from"),
    "actual_end": ("ngay ket thuc", "den ngay", "end", "end date", "to"),
    "planned_start": ("ngay bat dau du kien", "planned start"),
    "planned_end": ("ngay ket thuc du kien", "planned end"),
    "cost_amount": ("kinh phi", "chi phi", "kinh phi to chuc", "ngan sach", "cost", "budget",
                    "own cost", "expenditure"),
    "cost_currency": ("don vi tien", "tien te", "currency"),
    "mobilised": ("van dong duoc", "kinh phi van dong", "gia tri van dong", "van dong",
                  "tai tro", "mobilised", "mobilized", "resources mobilised",
                  "resources mobilized", "funds mobilised", "funds mobilized"),
    "participants_total": ("so nguoi tham gia", "so nguoi", "so luong nguoi tham gia",
                           "so luong", "nguoi tham gia", "participants",
                           "number of participants", "participants total"),
    "participants_women": ("so nu", "nu", "trong do nu", "women"),
    "participants_youth": ("thanh nien", "so thanh nien", "youth"),
    "participants_foreign": ("nguoi nuoc ngoai", "khach nuoc ngoai", "foreign participants"),
    "lead_organisation_id": ("don vi chu tri", "don vi", "co quan chu tri",
                             "lead organisation", "lead organization", "organisation"),
    "notes": ("ghi chu", "notes", "note", "remarks", "comments"),
}  # fmt: skip

_BY_WORDS: Final = {w: t for t, words in _SYNONYMS.items() for w in words}
_CURRENCY_WORDS: Final = {"vnd": "VND", "dong": "VND", "d": "VND", "vnđ": "VND"}
_BRACKETS: Final = re.compile(r"[\(\[](.*?)[\)\]]")


@dataclass(frozen=True, slots=True)
class MappedColumn:
    """One column of a register and what it feeds.

    Attributes:
        header: The header as written in the file.
        target: What the column feeds (one of :data:`TARGETS`).
        currency: For money columns, the currency when a cell names none (from the header).
        role: For ``partners``, the role the partners play (a :class:`~ppd_core.vocab.PartnerRole`
            code).
    """

    header: str
    target: str
    currency: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class ColumnMapping:
    """A register's columns, their targets, default values and the confirmed partner names.

    Attributes:
        columns: Every column of the register, in the file's order.
        defaults: Values of activity fields the register has no column for (e.g.
            ``lead_organisation_id``, ``status``).
        partners: Partner names as written → the partner id they stand for (confirmed by the
            user, or matched with confidence); ``new:<TYPE>`` creates the partner.
    """

    columns: tuple[MappedColumn, ...]
    defaults: Mapping[str, str] = field(default_factory=dict)
    partners: Mapping[str, str] = field(default_factory=dict)

    def target_of(self, target: str) -> MappedColumn | None:
        """The first column feeding ``target``, if any."""
        return next((c for c in self.columns if c.target == target), None)

    def missing(self, headers: Sequence[str]) -> list[str]:
        """Headers of the mapping that ``headers`` (a file's) lacks."""
        have = {_key(h) for h in headers}
        return [c.header for c in self.columns if _key(c.header) not in have]

    def column(self, header: str) -> MappedColumn | None:
        """The mapping of a header (compared trimmed, case and diacritics aside)."""
        wanted = _key(header)
        return next((c for c in self.columns if _key(c.header) == wanted), None)


def _key(header: str) -> str:
    return " ".join(fold(header))


def _currency(header: str, currencies: Iterable[str]) -> str | None:
    """The currency a header names in brackets or as its last word (``Kinh phí (VNĐ)``)."""
    known = {c.lower() for c in currencies}
    inside = _BRACKETS.findall(header)
    words = [w for part in inside for w in fold(part, strip_marks=False)]
    words += fold(header)[-1:]
    for w in words:
        if w in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[w]
        folded = " ".join(fold(w))
        if folded in _CURRENCY_WORDS:
            return _CURRENCY_WORDS[folded]
        if folded in known:
            return folded.upper()
    return None


def _target(header: str) -> str:
    bare = " ".join(fold(_BRACKETS.sub(" ", header)))
    if bare in TARGETS:
        return bare
    snake = bare.replace(" ", "_")
    if snake in TARGETS:
        return snake
    return _BY_WORDS.get(bare, "extra")


def propose_mapping(
    headers: Sequence[str],
    *,
    defaults: Mapping[str, str] | None = None,
    currencies: Iterable[str] | None = None,
) -> ColumnMapping:
    """Propose a mapping for a register's header row.

    Headers are compared case-folded, without diacritics or punctuation, with what is in
    brackets set aside (``Kinh phí (VNĐ)`` is ``kinh phi``, in VND). Each target is given to
    the first header naming it; a later header naming it again, or naming nothing known, is
    ``extra`` (kept in the notes). Without a ``status`` column, activities are proposed as
    ``closed`` (a register lists what took place) — shown in the mapping, to edit.

    Args:
        headers: The header row.
        defaults: Values for fields without a column (e.g. ``lead_organisation_id``).
        currencies: Currency codes a header may name (default: the reference data's).
    """
    if currencies is None:
        from ppd_core.reference import default_reference

        currencies = default_reference().currency_codes
    codes = list(currencies)
    taken: set[str] = set()
    columns = []
    for header in headers:
        target = _target(str(header))
        if target in taken and target not in ("ignore", "extra"):
            target = "extra"
        taken.add(target)
        currency = _currency(str(header), codes) if target in MONEY_TARGETS else None
        role = "co_organising" if target == "partners" else None
        columns.append(MappedColumn(str(header), target, currency, role))
    chosen = dict(defaults or {})
    if "status" not in taken:
        chosen.setdefault("status", "closed")
    return ColumnMapping(tuple(columns), chosen)


# -- the TOML file -------------------------------------------------------------------------------


_COMMAND = "`ppd db import --as activities --mapping FILE`"


def _quoted(s: str) -> str:
    escaped = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def write_mapping(
    mapping: ColumnMapping,
    path: str | Path,
    *,
    comments: Mapping[str, str] | None = None,
    lang: Lang = "en",
) -> Path:
    """Save a mapping as a TOML file to edit and reuse; return its path.

    Args:
        mapping: The mapping.
        path: The file to write.
        comments: Partner names to list as commented-out lines under ``[partners]`` (the name
            → the line's text after ``=``), for the user to confirm by removing the ``#``.
        lang: The language of the comments (the keys and targets stay as they are).
    """
    lines = [
        "# " + text("Column mapping of a register for {command}.", lang, command=_COMMAND),
        "# "
        + text(
            "[columns]: header = the field it feeds ({targets}), or {money} for money, {partners}.",
            lang,
            targets=", ".join(TARGETS),
            money='{ to = "target", currency = "VND" }',
            partners='{ to = "partners", role = "..." }',
        ),
        "[columns]",
    ]
    for c in mapping.columns:
        extra = []
        if c.currency:
            extra.append(f"currency = {_quoted(c.currency)}")
        if c.role:
            extra.append(f"role = {_quoted(c.role)}")
        value = _quoted(c.target)
        if extra:
            value = "{ to = " + value + ", " + ", ".join(extra) + " }"
        lines.append(f"{_quoted(c.header)} = {value}")
    lines += ["", "# " + text("Values of fields the register has no column for.", lang)]
    lines.append("[defaults]")
    lines += [f"{k} = {_quoted(v)}" for k, v in mapping.defaults.items()]
    lines += [
        "",
        "# "
        + text(
            'Partner names as written = partner id; "new:<partner type>" creates the partner.',
            lang,
        ),
        "[partners]",
    ]
    lines += [f"{_quoted(k)} = {_quoted(v)}" for k, v in mapping.partners.items()]
    for name, line in (comments or {}).items():
        lines.append(f"# {_quoted(name)} = {line}")
    target = Path(path)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def read_mapping(path: str | Path) -> ColumnMapping:
    """Read a mapping saved by :func:`write_mapping` (and maybe edited).

    Raises:
        MappingFileError: the file cannot be read, is not TOML, or names an unknown target,
            a column twice, or a value of the wrong kind.
    """
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as err:
        said = phrase("cannot be read: {reason}", reason=err.strerror or str(err))
        raise MappingFileError(source.name, said) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        said = phrase("is not a valid TOML file ({error})", error=str(err))
        raise MappingFileError(source.name, said) from None
    columns = [_column(source.name, h, v) for h, v in _table(source.name, data, "columns").items()]
    seen: set[str] = set()
    for c in columns:
        if _key(c.header) in seen:
            said = phrase("column {header!r} is mapped twice", header=c.header)
            raise MappingFileError(source.name, said)
        seen.add(_key(c.header))
    defaults = _strings(source.name, _table(source.name, data, "defaults"), "defaults")
    partners = _strings(source.name, _table(source.name, data, "partners"), "partners")
    return ColumnMapping(tuple(columns), defaults, partners)


def _table(name: str, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingFileError(name, phrase("[{key}] must be a table", key=key))
    return value


def _strings(name: str, table: Mapping[str, Any], key: str) -> dict[str, str]:
    for k, v in table.items():
        if not isinstance(v, str):
            said = phrase("[{key}] {name!r} must be text, not {value!r}", key=key, name=k, value=v)
            raise MappingFileError(name, said)
    return dict(table)


def _column(name: str, header: str, value: Any) -> MappedColumn:
    if isinstance(value, str):
        value = {"to": value}
    if not isinstance(value, dict) or not isinstance(value.get("to"), str):
        said = phrase('column {header!r}: name the field it feeds, e.g. "title"', header=header)
        raise MappingFileError(name, said)
    unknown = set(value) - {"to", "currency", "role"}
    if unknown:
        said = phrase(
            "column {header!r}: unknown key(s) {keys}", header=header, keys=sorted(unknown)
        )
        raise MappingFileError(name, said)
    target = value["to"]
    if target not in TARGETS:
        said = phrase(
            "column {header!r}: {target!r} is not a field a column can feed; use one of {targets}",
            header=header,
            target=target,
            targets=list(TARGETS),
        )
        raise MappingFileError(name, said)
    currency, role = value.get("currency"), value.get("role")
    for what, v in (("currency", currency), ("role", role)):
        if v is not None and not isinstance(v, str):
            said = phrase("column {header!r}: {what} must be text", header=header, what=what)
            raise MappingFileError(name, said)
    return MappedColumn(header, target, currency, role)
