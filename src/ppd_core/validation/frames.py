"""Columnar validation: every rule of the rule table enforced on whole frames at once.

:func:`validate_frames` reads each column as its schema type, runs the value rules the
fields carry (:mod:`ppd_core.rules.fields`), then the record rules
(:mod:`ppd_core.rules.records`) for records whose values are all valid — as pydantic does.
It is the bulk path (a million activities in seconds); the models are the path for records a
person looks at. Both run the same checks; a property-based test keeps them in agreement.

>>> import pandas as pd
>>> from datetime import date
>>> from ppd_core.validation import validate_frames
>>> frames = {"activities": pd.DataFrame({"id": ["A 1"], "title": ["Forum"],
...     "lead_organisation_id": ["VUFO"], "kind": ["forum"], "status": ["closed"],
...     "actual_start": [pd.Timestamp("2025-05-02")]})}
>>> _, report = validate_frames(frames, today=date(2026, 1, 1))
>>> sorted(report.codes())
['PPD101', 'PPD104']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ppd_core._fast import is_empty, isin
from ppd_core.errors import ValidationReport
from ppd_core.i18n import Phrase, phrase
from ppd_core.reference import ReferenceData, default_reference
from ppd_core.rules.collect import ProblemCollector, field_paths
from ppd_core.rules.fields import DecimalsRule, as_floats
from ppd_core.rules.records import check_records
from ppd_core.tables import SCHEMA, Column, TableSpec, pandas_dtype
from ppd_core.validation.coerce import KIND_NAMES, coerce_column, finish_decimal

__all__ = ["Unreadable", "convert_frames", "validate_frames"]

Unreadable = Mapping[str, Iterable[tuple[int, str]]]
"""Per table, the (0-based row, column) cells a reader could not read (it reported them)."""


class _Table:
    """One table being checked: its converted columns and the rows with value problems."""

    def __init__(
        self, spec: TableSpec, raw: pd.DataFrame, unreadable: Iterable[tuple[int, str]]
    ) -> None:
        n = len(raw)
        raw = raw.reset_index(drop=True)
        unknown = [c for c in raw.columns if c not in spec.column_names]
        if unknown:
            raise ValueError(
                f"Table {spec.name!r} has unknown column(s) {unknown}; expected columns: "
                f"{spec.column_names}. Rename or drop them."
            )
        self.spec = spec
        self.n = n
        self.bad = np.zeros(n, dtype=bool)
        self.sources = {
            c.name: raw[c.name] if c.name in raw.columns else pd.Series([None] * n, dtype=object)
            for c in spec.columns
        }
        self.unread: dict[str, np.ndarray] = {}
        for pos, name in unreadable:
            self.unread.setdefault(name, np.zeros(n, dtype=bool))[pos] = True
            self.bad[pos] = True
        self.data = {c.name: coerce_column(c, self.sources[c.name]) for c in spec.columns}
        self.ids = self.data[spec.key]
        self.located = pd.DataFrame({k: self.data[k] for k in spec.column_names[:2]}, copy=False)
        self.blank: dict[str, np.ndarray] = {}

    def fields(self, col: Column) -> Callable[[], str | pd.Series]:
        """The field paths of the column's rows (computed only when a problem needs them)."""
        return partial(field_paths, self.spec, self.located, col)

    def flag(
        self, out: ProblemCollector, code: str, col: Column, mask: np.ndarray, **ctx: Any
    ) -> None:
        """Report rule ``code`` where ``mask`` holds, and mark those rows bad."""
        values = None if code in ("PPD001", "PPD503") else self.data[col.name]
        if code == "PPD002":
            values = self.sources[col.name]
        out.add(code, self.spec, mask, self.ids, self.fields(col), values, **ctx)
        self.bad |= mask


def _cannot_read(col: Column) -> Phrase:
    kind = Phrase(KIND_NAMES[col.dtype])
    return phrase("cannot read this value as {kind}", kind=kind)


def _check_column(t: _Table, col: Column, ref: ReferenceData, out: ProblemCollector) -> None:
    src, values = t.sources[col.name], t.data[col.name]
    src_missing = np.array(src.isna(), dtype=bool)
    if col.dtype == "str":  # empty or blank text counts as missing, as in the models
        empty = is_empty(values)
        if empty.any():
            values = values.mask(empty)
            src_missing |= empty
    unread = t.unread.get(col.name)
    if unread is not None:
        src_missing &= ~unread  # the reader could not read it and said so (PPD002)
    now_missing = values.isna().to_numpy()
    failed = now_missing & ~src_missing & (unread is None or ~unread)
    t.flag(out, "PPD002", col, failed, detail=_cannot_read(col))
    if col.required:
        t.flag(out, "PPD001", col, src_missing)
    t.blank[col.name] = src_missing
    blank = now_missing & src_missing
    if col.default is not None and blank.any() and values.dtype.kind != "M":
        values = values.mask(blank, col.default)  # a blank cell takes the field's default
    present = values.notna().to_numpy()
    for rule in col.rules:
        if rule.code == "PPD001":
            continue  # blank text: reported as missing just above
        mask = rule.bad(values, ref) & present
        t.flag(out, rule.code, col, mask)
        if isinstance(rule, DecimalsRule):
            values = finish_decimal(values, mask)
    if col.dtype == "decimal":
        values = finish_decimal(values, np.zeros(t.n, dtype=bool))
    if col.vocabulary is not None and not isinstance(values.dtype, pd.CategoricalDtype):
        allowed = col.vocabulary.codes()
        unknown = ~isin(values, allowed) & present
        t.flag(
            out,
            "PPD104",
            col,
            unknown,
            vocabulary=col.vocabulary.named(),
            allowed=", ".join(allowed),
        )
        dtype = pandas_dtype("code", col.vocabulary)
        values = values.where(isin(values, dtype.categories)).astype(dtype)
    low, high = col.bounds
    if low is not None or high is not None:
        v = as_floats(values)
        with np.errstate(invalid="ignore"):
            outside = (v < (-np.inf if low is None else low)) | (
                v > (np.inf if high is None else high)
            )
        between = phrase("must be between {low} and {high}", low=f"{low:g}", high=f"{high:g}")
        t.flag(out, "PPD002", col, outside, detail=between)
    t.data[col.name] = values


def _parts_given(t: _Table, out: ProblemCollector) -> None:
    """PPD503: a required field of an optional nested value that is given in part.

    A cost with a currency but no amount, a contact with an e-mail but no name: the nested
    value is given (some of its cells are filled), so its required fields are required.
    """
    paths = {col.within for col in t.spec.columns if col.within}
    for path in paths:
        cols = [col for col in t.spec.columns if col.path[: len(path)] == path]
        filled = np.zeros(t.n, dtype=bool)
        for col in cols:
            filled |= t.data[col.name].notna().to_numpy()
        for col in cols:
            if col.within == path:
                t.flag(out, "PPD503", col, filled & t.blank[col.name], part=".".join(path))


def _check_table(
    spec: TableSpec,
    raw: pd.DataFrame,
    ref: ReferenceData,
    out: ProblemCollector,
    unreadable: Iterable[tuple[int, str]] = (),
) -> tuple[pd.DataFrame, np.ndarray]:
    """Convert and value-check one table; return the frame and a mask of rows with problems."""
    t = _Table(spec, raw, unreadable)
    for col in spec.columns:
        _check_column(t, col, ref, out)
    _parts_given(t, out)
    return pd.DataFrame(t.data, copy=False), t.bad


def validate_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
    unreadable: Unreadable | None = None,
) -> tuple[dict[str, pd.DataFrame], ValidationReport]:
    """Check the tables of a Dataset column by column; report every problem with its row.

    Every rule of :data:`ppd_core.rules.RULES` with a value or record scope is enforced with
    the same code as the models. Reading values: PPD001 (a required value is missing or
    blank), PPD002 (a value cannot be read as the column's type, e.g. a date not in
    ``YYYY-MM-DD``, or is out of range), PPD104 (a code outside its vocabulary), PPD503 (a
    nested value given in part); then the value rules of the fields and, for records whose
    values could all be read, the record rules. Referential integrity is
    :func:`ppd_core.integrity.check_integrity`'s.

    Args:
        frames: Frames by table name (see :data:`ppd_core.tables.SCHEMA`); absent tables are
            taken as empty, absent optional columns as missing values.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for countries and currencies (default: the one in force).
        unreadable: Cells a reader could not read and has reported (they are missing in
            ``frames``): not reported again, and their records count as having a problem.

    Returns:
        The frames with every column converted to its schema type (values that could not be
        read become missing and are reported), and the report of problems. ``row`` in a
        problem is the 1-based position in its table; ``sheet`` names the table.

    Raises:
        ValueError: if a table name or a column name is not part of the schema.
    """
    unknown = [name for name in frames if name not in SCHEMA]
    if unknown:
        raise ValueError(f"Unknown table(s) {unknown}; expected some of {list(SCHEMA)}.")
    ref = reference or default_reference()
    out = ProblemCollector()
    coerced: dict[str, pd.DataFrame] = {}
    skip: dict[str, set[Any]] = {name: set() for name, s in SCHEMA.items() if s.kind == "entity"}
    for name, spec in SCHEMA.items():
        raw = frames.get(name)
        if raw is None:
            raw = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in spec.columns})
        cells = (unreadable or {}).get(name, ())
        df, bad = _check_table(spec, raw, ref, out, cells)
        coerced[name] = df
        skip[spec.parent or name].update(df.loc[bad, spec.key].dropna().tolist())
    check_records(coerced, skip, today or date.today(), out)
    return coerced, out.report()


def convert_frames(
    frames: Mapping[str, pd.DataFrame], *, reference: ReferenceData | None = None
) -> dict[str, pd.DataFrame]:
    """The frames with every column read as its schema type, without reporting anything.

    For frames that passed validation before (e.g. read back from the store): they are read
    exactly as :func:`validate_frames` reads them, and no record rule is run.
    """
    ref = reference or default_reference()
    return {
        name: _check_table(SCHEMA[name], df, ref, ProblemCollector())[0]
        for name, df in frames.items()
    }
