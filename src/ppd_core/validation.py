"""Columnar validation: the models' rules enforced on whole frames at once.

:func:`validate_frames` checks the tables of a Dataset with vectorised pandas operations and
reports every problem with the same rule codes as the pydantic models, row by row. It is the
bulk path (a million activities in seconds); the models are the path for records a person
looks at. A property-based test keeps the two in agreement.

Like pydantic, it checks values first and cross-field rules (dates in order, splits summing to
100 …) only for records whose values are all valid.

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

import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ppd_core._fast import (
    codes_of,
    first_repeats,
    is_empty,
    is_missing,
    isin,
    matches,
    pair_in,
    strip_text,
)
from ppd_core.errors import Problem, ValidationReport
from ppd_core.reference import ReferenceData, default_reference
from ppd_core.rules import ID_PATTERN, MAX_DECIMALS, RULES, SPLIT_TOLERANCE
from ppd_core.tables import SCHEMA, Column, TableSpec, make_series, pandas_dtype
from ppd_core.vocab import ActivityKind, IndicatorMeasure, PartnerRole

__all__ = ["problems_from_pydantic", "validate_frames", "validate_records"]

_NON_IMPLEMENTABLE = [k.value for k in ActivityKind if not k.implementable]


@dataclass
class _Hits:
    """Problems of one rule found in one table, as aligned arrays (rendered lazily)."""

    code: str
    table: str
    rows: np.ndarray
    record_ids: np.ndarray
    fields: np.ndarray
    values: np.ndarray
    context: dict[str, Any] = field(default_factory=dict)


class ProblemCollector:
    """Gathers rule hits as arrays and renders them as problems in table and row order."""

    def __init__(self) -> None:
        self.hits: list[_Hits] = []

    def add(
        self,
        code: str,
        spec: TableSpec,
        mask: np.ndarray | pd.Series,
        record_ids: pd.Series,
        fields: str | pd.Series | Callable[[], str | pd.Series],
        values: pd.Series | None = None,
        rows: np.ndarray | pd.Index | None = None,
        **context: Any,
    ) -> None:
        """Record the rows where ``mask`` holds as problems of rule ``code``.

        ``record_ids``, ``fields``, ``values``, ``rows`` and Series in ``context`` are aligned
        with ``mask``; ``rows`` (1-based rows in the table of ``spec``) defaults to the position.
        """
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return
        if callable(fields):
            fields = fields()
        idx = np.flatnonzero(m)
        n = len(idx)
        f = (
            np.full(n, fields, dtype=object)
            if isinstance(fields, str)
            else (fields.to_numpy(dtype=object)[idx])
        )
        v = np.full(n, None, dtype=object) if values is None else values.to_numpy(dtype=object)[idx]
        ctx = {
            k: (c.to_numpy(dtype=object)[idx] if isinstance(c, pd.Series) else c)
            for k, c in context.items()
        }
        at = idx + 1 if rows is None else np.asarray(rows)[idx]
        self.hits.append(
            _Hits(code, spec.name, at, record_ids.to_numpy(dtype=object)[idx], f, v, ctx)
        )

    def report(self) -> ValidationReport:
        problems: list[Problem] = []
        order: list[tuple[str, int]] = []
        for h in self.hits:
            rule = RULES[h.code]
            entity = SCHEMA[h.table].entity
            for i in range(len(h.rows)):
                ctx = {
                    k: _text(c[i] if isinstance(c, np.ndarray) else c) for k, c in h.context.items()
                }
                value = _text(h.values[i])
                rid = h.record_ids[i]
                problems.append(
                    Problem(
                        code=h.code,
                        message=rule.template.format(field=h.fields[i], value=value, **ctx),
                        entity=entity,
                        record_id=None if is_missing(rid) else str(rid),
                        field=h.fields[i],
                        value=value,
                        row=int(h.rows[i]),
                        sheet=h.table,
                    )
                )
                order.append((h.table, int(h.rows[i])))
        ranked = sorted(
            range(len(problems)), key=lambda k: (_TABLE_ORDER[order[k][0]], order[k][1])
        )
        return ValidationReport(problems[k] for k in ranked)


_TABLE_ORDER = {name: i for i, name in enumerate(SCHEMA)}


def _text(v: Any) -> str | None:
    if is_missing(v):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    return str(v)


# -- coercion -----------------------------------------------------------------------------------


def _coerce(col: Column, s: pd.Series) -> tuple[pd.Series, np.ndarray | None]:
    """Convert a column to its logical type; values that cannot convert become missing.

    Returns the converted column and, for money amounts, a mask of values that had more
    decimal places than money may carry (rule PPD302; they are set missing too).
    """
    if col.dtype == "decimal":
        if s.dtype == pandas_dtype("decimal"):
            return s, None
        return _to_decimal(s)
    return _coerce_plain(col, s), None


def _coerce_plain(col: Column, s: pd.Series) -> pd.Series:
    dtype = col.dtype
    if dtype == "str":
        if s.dtype == "str" or isinstance(s.dtype, pd.StringDtype):
            out = s.astype("str")
        else:
            out = s.map(lambda v: None if is_missing(v) else str(v), na_action="ignore").astype(
                "str"
            )
        return strip_text(out, upper=bool(col.checks & {"country", "currency"}))
    if dtype == "date":
        if s.dtype.kind == "M":
            return s.astype("datetime64[s]")
        return pd.to_datetime(s, errors="coerce", format="ISO8601").astype("datetime64[s]")
    if dtype == "code":
        if s.dtype == pandas_dtype(dtype, col.vocabulary):
            return s  # already this vocabulary's categorical: every value is a valid code
        return _coerce_plain(Column(col.name, "str", col.path, col.required), s)
    if str(s.dtype) == dtype:
        return s
    if dtype in ("Int64", "float64"):
        if s.dtype.kind in "iuf" or str(s.dtype) in ("Int64", "Float64"):
            num = s
        else:
            num = pd.to_numeric(s, errors="coerce")
        if dtype == "Int64":
            num = num.astype("Float64")
            whole = num.isna() | (num == num.round())
            num = num.where(whole)
            return num.astype("Int64")
        return num.astype("float64")
    return s.astype(pandas_dtype(dtype))


def _to_decimal(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    from decimal import Decimal, InvalidOperation

    def conv(v: Any) -> Any:
        if is_missing(v):
            return None
        if isinstance(v, float):
            return None  # binary floats are not money (PPD002)
        try:
            d = Decimal(str(v).strip().replace(",", ""))
        except InvalidOperation:
            return None
        return d if d.is_finite() else None

    values = [conv(v) for v in s.tolist()]
    quantum = Decimal(1).scaleb(-MAX_DECIMALS)
    too_precise = np.array([v is not None and v != v.quantize(quantum) for v in values], dtype=bool)
    safe = [None if bad else v for v, bad in zip(values, too_precise, strict=True)]
    out = make_series(safe, "decimal")
    out.index = s.index
    return out, too_precise


# -- per-table checks ---------------------------------------------------------------------------


def field_paths(spec: TableSpec, df: pd.DataFrame, col: Column) -> pd.Series | str:
    """The dotted field path of each row's value, as the record path names it.

    Entity tables give the field path (``participants.women``); link tables give the item's
    position within its parent (``countries.1.percentage``) or the dict key (``outputs.x``).
    """
    dotted = ".".join(col.path) if col.path else ""
    if spec.kind == "entity":
        return dotted
    base = spec.field or ""
    if spec.kind == "dict":
        return base + "." + df[spec.columns[1].name].astype("str").fillna("")
    pos = df.groupby(spec.key, sort=False, dropna=False).cumcount().astype("str")
    if spec.kind == "scalars":
        return base + "." + pos
    return base + "." + pos + ("." + dotted if dotted else "")


def _check_table(
    spec: TableSpec,
    raw: pd.DataFrame,
    ref: ReferenceData,
    out: ProblemCollector,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Coerce and value-check one table; return the frame and a mask of rows with problems."""
    n = len(raw)
    bad = np.zeros(n, dtype=bool)
    raw = raw.reset_index(drop=True)
    unknown = [c for c in raw.columns if c not in spec.column_names]
    if unknown:
        raise ValueError(
            f"Table {spec.name!r} has unknown column(s) {unknown}; expected columns: "
            f"{spec.column_names}. Rename or drop them."
        )
    sources = {
        c.name: raw[c.name] if c.name in raw.columns else pd.Series([None] * n, dtype=object)
        for c in spec.columns
    }
    converted = {c.name: _coerce(c, sources[c.name]) for c in spec.columns}
    data = {name: series for name, (series, _) in converted.items()}
    ids = data[spec.key]
    located = pd.DataFrame({k: data[k] for k in spec.column_names[:2]}, copy=False)
    blanks: dict[str, np.ndarray] = {}
    for col in spec.columns:
        src, values = sources[col.name], data[col.name]
        fields = partial(field_paths, spec, located, col)
        src_missing = np.array(src.isna(), dtype=bool)
        if col.dtype == "str":  # empty or blank text counts as missing, as in the models
            empty = is_empty(values)
            if empty.any():
                values = values.mask(empty)
                data[col.name] = values
                src_missing |= empty
        now_missing = values.isna().to_numpy()
        failed = now_missing & ~src_missing
        too_precise = converted[col.name][1]
        if too_precise is not None:
            out.add("PPD302", spec, too_precise, ids, fields, src)
            failed &= ~too_precise
            bad |= too_precise
        detail = f"cannot read this value as {_KIND[col.dtype]}"
        out.add("PPD002", spec, failed, ids, fields, src, detail=detail)
        bad |= failed
        if col.required:
            out.add("PPD001", spec, src_missing, ids, fields)
            bad |= src_missing
        blanks[col.name] = src_missing
        blank = now_missing & src_missing
        if col.default is not None and blank.any():  # a blank cell takes the field's default
            values = values.mask(blank, col.default) if values.dtype.kind != "M" else values
            data[col.name] = values
            now_missing = values.isna().to_numpy()
        present = ~now_missing
        bad |= _value_checks(spec, col, values, present, ids, fields, ref, out)
        if col.dtype == "code" and not isinstance(values.dtype, pd.CategoricalDtype):
            # codes outside the vocabulary were reported just above; they become missing
            dtype = pandas_dtype("code", col.vocabulary)
            known = values.where(isin(values, dtype.categories))
            data[col.name] = known.astype(dtype)
    bad |= _incomplete_parts(spec, data, blanks, ids, located, out)
    if spec.kind == "dict":
        bad |= _repeated_keys(spec, data, out)
    return pd.DataFrame(data, copy=False), bad


def _incomplete_parts(
    spec: TableSpec,
    data: dict[str, pd.Series],
    blanks: dict[str, np.ndarray],
    ids: pd.Series,
    located: pd.DataFrame,
    out: ProblemCollector,
) -> np.ndarray:
    """PPD001 for a required field of an optional nested value that is half filled in.

    A cost with a currency but no amount, a contact with an e-mail but no name: the nested
    value is given (some of its cells are filled), so its required fields are required.
    """
    n = len(ids)
    bad = np.zeros(n, dtype=bool)
    paths = {col.within for col in spec.columns if col.within}
    groups = {
        path: [col for col in spec.columns if col.path[: len(path)] == path] for path in paths
    }
    for path, cols in groups.items():
        filled = np.zeros(n, dtype=bool)
        for col in cols:
            filled |= data[col.name].notna().to_numpy()
        for col in cols:
            if col.within == path:
                gap = filled & blanks[col.name]  # blank in the source, not unreadable
                out.add("PPD001", spec, gap, ids, partial(field_paths, spec, located, col))
                bad |= gap
    return bad


def _repeated_keys(
    spec: TableSpec, data: dict[str, pd.Series], out: ProblemCollector
) -> np.ndarray:
    """PPD403 for a key given twice in one record's dict (outputs, priority weights)."""
    frame = pd.DataFrame({"p": data[spec.key], "k": data[spec.columns[1].name]})
    repeated = frame.duplicated(["p", "k"], keep="first").to_numpy()
    out.add("PPD403", spec, repeated, data[spec.key], spec.field or "", data[spec.columns[1].name])
    return np.asarray(repeated, dtype=bool)


_KIND = {
    "str": "text",
    "code": "a code",
    "Int64": "a whole number",
    "float64": "a number",
    "decimal": "an exact decimal amount",
    "date": "a date (YYYY-MM-DD)",
    "boolean": "true/false",
}


def _value_checks(
    spec: TableSpec,
    col: Column,
    values: pd.Series,
    present: np.ndarray,
    ids: pd.Series,
    fields: Callable[[], str | pd.Series],
    ref: ReferenceData,
    out: ProblemCollector,
) -> np.ndarray:
    bad = np.zeros(len(values), dtype=bool)

    def flag(code: str, mask: np.ndarray, **ctx: Any) -> None:
        nonlocal bad
        m = mask & present
        out.add(code, spec, m, ids, fields, values, **ctx)
        bad |= m

    if col.vocabulary is not None and not isinstance(values.dtype, pd.CategoricalDtype):
        allowed = col.vocabulary.codes()
        flag(
            "PPD104",
            ~isin(values, allowed),
            vocabulary=col.vocabulary.__name__,
            allowed=", ".join(allowed),
        )
    if "id" in col.checks:
        flag("PPD101", ~matches(values, ID_PATTERN.pattern))
    if "country" in col.checks:
        flag("PPD102", ~isin(values, ref.country_codes))
    if "currency" in col.checks:
        flag("PPD103", ~isin(values, ref.currency_codes))
    if "percentage" in col.checks:
        v = values.to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            flag("PPD402", ~((v > 0) & (v <= 100)))
    if col.checks & {"count", "score", "amount"}:
        v = values.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
        with np.errstate(invalid="ignore"):
            if "score" in col.checks:
                flag("PPD801", ~np.isin(v, [1, 2, 3, 4]))
            else:
                flag("PPD301", v < 0)
    low, high = col.bounds
    if low is not None or high is not None:
        v = values.astype("float64").to_numpy(dtype="float64", na_value=np.nan)
        outside = np.zeros(len(v), dtype=bool)
        with np.errstate(invalid="ignore"):
            if low is not None:
                outside |= v < low
            if high is not None:
                outside |= v > high
        flag("PPD002", outside, detail=f"must be between {low:g} and {high:g}")
    return bad


# -- cross-field rules ---------------------------------------------------------------------------


def _cross_activities(
    f: dict[str, pd.DataFrame], bad: set[Any], today: date, out: ProblemCollector
) -> None:
    spec = SCHEMA["activities"]
    a = f["activities"]
    keep = _good(a["id"], bad)
    ids = a["id"]
    both_missing = a["planned_start"].isna() & a["actual_start"].isna()
    out.add("PPD001", spec, keep & both_missing.to_numpy(), ids, "planned_start")
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        m = _mask(a[end] < a[start]) & keep
        out.add("PPD201", spec, m, ids, end, a[end], start_field=start, start=a[start])
    t = pd.Timestamp(today)
    for col in ("actual_start", "actual_end"):
        out.add("PPD202", spec, _mask(a[col] > t) & keep, ids, col, a[col], today=today)
    m = _mask(a["follow_up_of"] == a["id"]) & keep
    out.add("PPD203", spec, m, ids, "follow_up_of", a["follow_up_of"])

    for table, key_col, name in (
        ("activity_countries", "country", "countries"),
        ("activity_provinces", "province", "provinces"),
        ("activity_priority_areas", "area", "priority_areas"),
        ("activity_sdgs", "sdg", "sdgs"),
    ):
        link = f[table]
        link = _only_good(link, "activity_id", bad)
        # Encode each key once; duplicates and sums then work on small integers.
        owner, owners = codes_of(link["activity_id"])
        item, items = codes_of(link[key_col])
        dup = link[first_repeats(owner.astype(np.int64) * max(1, len(items)) + item)]
        out.add(
            "PPD403",
            SCHEMA[table],
            np.ones(len(dup), dtype=bool),
            dup["activity_id"],
            name,
            dup[key_col],
            rows=dup.index + 1,
        )
        if "percentage" in link.columns:
            weights = link["percentage"].to_numpy(dtype="float64")
            total = np.bincount(owner, weights=weights, minlength=len(owners))
            off = np.flatnonzero(np.abs(total - 100) > SPLIT_TOLERANCE)
            if not len(off):
                continue
            off_ids = pd.Series(owners[off], dtype="str")
            out.add(
                "PPD401",
                spec,
                np.ones(len(off), dtype=bool),
                off_ids,
                name,
                pd.Series(np.round(total[off], 6)),
                rows=_rows_of(a["id"], pd.Index(off_ids)),
                total=pd.Series([f"{x:g}" for x in total[off]], dtype=object),
            )

    partners = f["activity_partners"]
    partners = _only_good(partners, "activity_id", bad)
    implementing = partners[(partners["role"] == PartnerRole.IMPLEMENTING.value).to_numpy()]
    banned = a.loc[isin(a["kind"], _NON_IMPLEMENTABLE), ["id", "kind"]]
    implementing = implementing.merge(
        banned.drop_duplicates("id"), left_on="activity_id", right_on="id", how="left"
    ).set_axis(implementing.index)
    kinds = implementing["kind"]
    m = kinds.notna().to_numpy()
    out.add(
        "PPD501",
        SCHEMA["activity_partners"],
        m,
        implementing["activity_id"],
        "partners",
        implementing["partner_id"],
        rows=implementing.index + 1,
        kind=kinds,
    )
    flows = f["resource_flows"]
    flows = _only_good(flows, "activity_id", bad)
    listed = pair_in(flows[["activity_id", "partner_id"]], partners[["activity_id", "partner_id"]])
    out.add(
        "PPD502",
        SCHEMA["resource_flows"],
        ~listed,
        flows["activity_id"],
        "resource_flows",
        flows["partner_id"],
        rows=flows.index + 1,
    )

    everyone = a["participants_total"]
    for col in ("foreign", "domestic", "women", "youth"):
        v = a[f"participants_{col}"]
        m = _mask(v > everyone) & keep
        out.add("PPD701", spec, m, ids, f"participants.{col}", v, total=everyone)
    both = a["participants_foreign"] + a["participants_domestic"]
    m = _mask(both > everyone) & keep
    out.add("PPD701", spec, m, ids, "participants.foreign+domestic", both, total=everyone)


def _good(ids: pd.Series, bad: set[Any]) -> np.ndarray:
    """Rows whose record had no value problem (cross-field rules apply only to those)."""
    if not bad:
        return np.ones(len(ids), dtype=bool)
    return ~isin(ids, bad)


def _only_good(frame: pd.DataFrame, key: str, bad: set[Any]) -> pd.DataFrame:
    """The rows of ``frame`` whose parent record had no value problem (no copy if all did)."""
    return frame[_good(frame[key], bad)] if bad else frame


def _rows_of(ids: pd.Series, wanted: pd.Index) -> np.ndarray:
    """1-based rows of the first occurrence of each id in ``wanted``."""
    first = pd.Series(np.arange(1, len(ids) + 1), index=pd.Index(ids)).loc[
        lambda x: ~x.index.duplicated()
    ]
    return first.reindex(wanted).to_numpy()


def _mask(condition: pd.Series) -> np.ndarray:
    """A writable boolean array from a comparison (missing → False)."""
    return np.array(condition.fillna(False), dtype=bool)


def _cross_indicators(f: dict[str, pd.DataFrame], bad: set[Any], out: ProblemCollector) -> None:
    spec = SCHEMA["indicators"]
    values = f["indicator_values"]
    keep = _good(values["indicator_id"], bad)
    pos = values.groupby("indicator_id", sort=False).cumcount().astype("str")
    where = "values." + pos + "."
    m = (values["period_end"] < values["period_start"]).pipe(_mask)
    out.add(
        "PPD201",
        spec,
        m & keep,
        values["indicator_id"],
        where + "period_end",
        values["period_end"],
        start_field="period_start",
        start=values["period_start"],
    )
    measure = values["indicator_id"].map(f["indicators"].set_index("id")["measure"])
    qualitative = (measure == IndicatorMeasure.QUALITATIVE.value).pipe(_mask)
    no_value = values["target"].isna().to_numpy()
    no_text = values["target_text"].isna().to_numpy()
    out.add(
        "PPD601",
        spec,
        keep & ~qualitative & no_value,
        values["indicator_id"],
        where + "target",
        None,
        measure=measure,
        needed="value",
    )
    out.add(
        "PPD601",
        spec,
        keep & qualitative & no_text,
        values["indicator_id"],
        where + "target_text",
        None,
        measure=measure,
        needed="text",
    )


def _cross_organisations(f: dict[str, pd.DataFrame], bad: set[Any], out: ProblemCollector) -> None:
    o = f["organisations"]
    m = (o["valid_to"] < o["valid_from"]).pipe(_mask)
    m &= _good(o["id"], bad)
    out.add(
        "PPD201",
        SCHEMA["organisations"],
        m,
        o["id"],
        "valid_to",
        o["valid_to"],
        start_field="valid_from",
        start=o["valid_from"],
    )


def validate_frames(
    frames: Mapping[str, pd.DataFrame],
    *,
    today: date | None = None,
    reference: ReferenceData | None = None,
) -> tuple[dict[str, pd.DataFrame], ValidationReport]:
    """Check the tables of a Dataset column by column; report every problem with its row.

    Every rule of the models is enforced with the same code. Reading values: PPD001 (a
    required value is missing or blank), PPD002 (a value cannot be read as the column's type,
    e.g. a date not in ``YYYY-MM-DD``, or is out of range), PPD104 (a code outside its
    vocabulary). Then the value and cross-field rules listed on :class:`ppd_core.Activity`,
    :class:`ppd_core.Indicator` and :class:`ppd_core.Organisation`, for records whose values
    could all be read. Referential integrity is :func:`ppd_core.integrity.check_integrity`'s.

    Args:
        frames: Frames by table name (see :data:`ppd_core.tables.SCHEMA`); absent tables are
            taken as empty, absent optional columns as missing values.
        today: The day "now" for rule PPD202 (default: the real today).
        reference: Reference data for countries and currencies (default: the one in force).

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
    bad_ids: dict[str, set[Any]] = {name: set() for name, s in SCHEMA.items() if s.kind == "entity"}
    for name, spec in SCHEMA.items():
        raw = frames.get(name)
        if raw is None:
            raw = pd.DataFrame({c.name: pd.Series([], dtype=object) for c in spec.columns})
        df, bad = _check_table(spec, raw, ref, out)
        coerced[name] = df
        owner = spec.parent or name
        bad_ids[owner].update(df.loc[bad, spec.key].dropna().tolist())
    for name in ("activities", "indicators", "organisations"):
        if name == "activities":
            _cross_activities(coerced, bad_ids[name], today or date.today(), out)
        elif name == "indicators":
            _cross_indicators(coerced, bad_ids[name], out)
        else:
            _cross_organisations(coerced, bad_ids[name], out)
    return coerced, out.report()


# -- the record path ------------------------------------------------------------------------------


def problems_from_pydantic(
    error: Any, entity: str, record_id: str | None, row: int | None = None
) -> list[Problem]:
    """Translate a pydantic ``ValidationError`` into problems with rule codes.

    Errors raised by the project's own checks already carry their code; pydantic's built-in
    errors map to PPD001 (missing or empty), PPD104 (not a code of the vocabulary) and PPD002
    (any other unreadable value).
    """
    problems: list[Problem] = []
    for e in error.errors(include_url=False):
        loc = [str(p) for p in e["loc"] if p != "[key]"]
        field_path = ".".join(loc)
        kind = e["type"]
        given = e.get("input")
        ctx = dict(e.get("ctx") or {})
        if kind.startswith("PPD"):
            code = kind
            ctx["field"] = field_path
            ctx.setdefault("value", given)
            message = RULES[code].template.format(**ctx)
            value = ctx.get("value") if code not in ("PPD001", "PPD601") else None
        elif kind in ("missing", "string_too_short") or given is None:
            code, value = "PPD001", None
            message = RULES[code].template.format(field=field_path)
        elif kind == "enum":
            code, value = "PPD104", given
            message = f"{given!r} is not an allowed code: {e['msg']}."
        else:
            code, value = "PPD002", given
            message = RULES[code].template.format(detail=e["msg"])
        problems.append(
            Problem(
                code=code,
                message=message,
                entity=entity,
                record_id=record_id,
                field=field_path,
                value=_text(value),
                row=row,
            )
        )
    return problems


def validate_records(
    model: type[Any],
    rows: Any,
    *,
    today: date | None = None,
) -> tuple[list[Any], ValidationReport]:
    """Validate dicts one record at a time with a model; collect every problem.

    Args:
        model: A model class such as :class:`ppd_core.Activity`.
        rows: An iterable of dicts (one per record).
        today: The day "now" for rule PPD202.

    Returns:
        The valid records, and a report of problems of the invalid ones (``row`` is the
        1-based position in ``rows``).
    """
    from pydantic import ValidationError

    context = {"today": today or date.today()}
    good: list[Any] = []
    problems: list[Problem] = []
    entity = getattr(model, "entity", model.__name__.lower())
    paused = gc.isenabled()
    gc.disable()  # building many objects: the cyclic collector only slows this down (~2×)
    try:
        for i, row in enumerate(rows, start=1):
            try:
                good.append(model.model_validate(row, context=context))
            except ValidationError as exc:
                rid = row.get("id") if isinstance(row, dict) else None
                rid = None if rid is None else str(rid)
                problems += problems_from_pydantic(exc, entity, rid, i)
    finally:
        if paused:
            gc.enable()
    return good, ValidationReport(problems)
