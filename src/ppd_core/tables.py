"""The tables the models become: one tidy frame per entity plus long link tables.

The layout is derived from the models themselves, so it cannot drift from them:

* scalar fields become columns (codes of vocabularies as categoricals whose categories are
  the vocabulary's codes, other text as Arrow-backed ``str``, dates as ``datetime64[s]``,
  whole numbers as nullable ``Int64``, money amounts as exact Arrow ``decimal128(38, 4)``);
* a nested model (``participants``, ``cost``) is flattened into prefixed columns
  (``participants_total``, ``cost_amount``, ``cost_currency``);
* a list or dict field becomes a long link table keyed by the parent's id
  (``activity_partners``: ``activity_id, partner_id, role``), one row per item, in order.

>>> from ppd_core.tables import SCHEMA
>>> SCHEMA["activity_partners"].column_names
['activity_id', 'partner_id', 'role']
>>> SCHEMA["activities"].column("cost_amount").dtype
'decimal'
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ppd_core.models import Activity, Award, Evaluation, Indicator, Organisation, Partner, WorkPlan
from ppd_core.models._base import Record
from ppd_core.rules.fields import FieldRule, field_rules
from ppd_core.vocab import Vocabulary

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "ENTITIES",
    "SCHEMA",
    "Column",
    "Dtype",
    "TableSpec",
    "column_values",
    "days_of",
    "empty_frames",
    "frame_from_rows",
    "link_items",
    "link_values",
    "records_to_frames",
    "records_to_rows",
    "row_to_record",
]

Dtype = Literal["str", "code", "Int64", "float64", "decimal", "date", "boolean"]
"""Logical column types; :func:`pandas_dtype` gives the pandas dtype of each."""

ENTITIES: dict[str, type[Record]] = {
    "organisations": Organisation,
    "partners": Partner,
    "activities": Activity,
    "indicators": Indicator,
    "work_plans": WorkPlan,
    "evaluations": Evaluation,
    "awards": Award,
}
"""The Dataset's entities: frame name → model."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table.

    Attributes:
        name: Column name.
        dtype: Logical type.
        path: Attribute path from the record (or list item) to the value.
        required: Whether a value is required.
        vocabulary: The vocabulary of a coded column.
        rules: The field's value rules (:mod:`ppd_core.rules.fields`), from its type.
        bounds: Inclusive (low, high) bounds of a numeric column, if any.
        doc: The field's documentation.
        personal: Whether the column holds personal data.
    """

    name: str
    dtype: Dtype
    path: tuple[str, ...]
    required: bool
    vocabulary: type[Vocabulary] | None = None
    rules: tuple[FieldRule, ...] = ()
    bounds: tuple[float | None, float | None] = (None, None)
    doc: str = ""
    personal: bool = False
    default: Any = None
    """The field's default: a blank cell takes it, as a missing key does in the model."""
    within: tuple[str, ...] = ()
    """For a field of an optional nested model (``cost.amount``): that model's path, when the
    field is required inside it (a cost needs an amount once it has a currency)."""

    @property
    def checks(self) -> frozenset[str]:
        """The names of the column's value checks (``"id"``, ``"country"`` …)."""
        return frozenset(r.check for r in self.rules)


@dataclass(frozen=True, slots=True)
class TableSpec:
    """The layout of one table.

    Attributes:
        name: Table (frame) name.
        entity: Singular entity name used in problem reports.
        model: The model a row (or link item) validates as, ``None`` for scalar links.
        columns: Columns in order; for a link table the first is the parent key.
        parent: The parent table's name, for link tables.
        field: The parent model's field the link table lays out.
        kind: ``"entity"``, ``"list"`` (of models), ``"scalars"`` (list of scalars) or ``"dict"``.
    """

    name: str
    entity: str
    model: type[BaseModel] | None
    columns: list[Column]
    parent: str | None = None
    field: str | None = None
    kind: Literal["entity", "list", "scalars", "dict"] = "entity"
    children: list[str] = dataclasses.field(default_factory=list)

    @property
    def column_names(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]

    @property
    def key(self) -> str:
        """The id column (entity tables) or the parent-key column (link tables)."""
        return self.columns[0].name

    def pandas_dtype(self, name: str) -> Any:
        """The pandas dtype of column ``name``."""
        col = self.column(name)
        return pandas_dtype(col.dtype, col.vocabulary)

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.name} has no column {name!r}")


def _unwrap_optional(tp: Any) -> tuple[Any, bool]:
    """Strip ``| None`` and ``Annotated`` from a type; say whether it was optional."""
    optional = False
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            tp, optional = args[0], True
    if get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp, optional


def _metadata(annotation: Any, info: FieldInfo) -> list[Any]:
    """The field's metadata plus that of an ``Annotated`` type inside ``| None`` or a list."""
    found = list(info.metadata)
    stack = [annotation]
    while stack:
        tp = stack.pop()
        if get_origin(tp) is Annotated:
            found += list(getattr(tp, "__metadata__", ()))
            stack.append(get_args(tp)[0])
        elif get_origin(tp) in (Union, types.UnionType):
            stack += [a for a in get_args(tp) if a is not type(None)]
    return found


def _checks_and_bounds(
    info: FieldInfo,
) -> tuple[tuple[FieldRule, ...], tuple[float | None, float | None]]:
    """The field's value rules (its type's metadata) and numeric bounds (``ge``/``le``)."""
    metadata = _metadata(info.annotation, info)
    low: float | None = None
    high: float | None = None
    for meta in metadata:
        if getattr(meta, "ge", None) is not None:
            low = float(meta.ge)
        if getattr(meta, "le", None) is not None:
            high = float(meta.le)
    return tuple(field_rules(metadata)), (low, high)


def _scalar_dtype(tp: Any) -> tuple[Dtype, type[Vocabulary] | None]:
    if isinstance(tp, type):
        if issubclass(tp, Vocabulary):
            return "code", tp
        if issubclass(tp, Enum) or issubclass(tp, str):
            return "str", None
        if issubclass(tp, bool):
            return "boolean", None
        if issubclass(tp, int):
            return "Int64", None
        if issubclass(tp, float):
            return "float64", None
        if issubclass(tp, Decimal):
            return "decimal", None
        if issubclass(tp, date):
            return "date", None
    raise TypeError(f"no column type for {tp!r}")


def _columns(
    model: type[BaseModel], prefix: str = "", path: tuple[str, ...] = (), optional: bool = False
) -> list[Column]:
    """Columns of a model's scalar and nested-model fields (list/dict fields excluded)."""
    cols: list[Column] = []
    for name, info in model.model_fields.items():
        tp, is_opt = _unwrap_optional(info.annotation)
        if get_origin(tp) in (list, dict):
            continue
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            sub_prefix = extra.get("prefix", f"{name}_")
            assert isinstance(sub_prefix, str)
            nested = _columns(tp, prefix + sub_prefix, (*path, name), optional or is_opt)
            if extra.get("personal"):
                nested = [dataclasses.replace(c, personal=True) for c in nested]
            cols += nested
            continue
        dtype, vocab = _scalar_dtype(tp)
        rules, bounds = _checks_and_bounds(info)
        default = info.default if info.default is not PydanticUndefined else None
        cols.append(
            Column(
                name=prefix + name,
                dtype=dtype,
                path=(*path, name),
                required=info.is_required() and not optional,
                default=default.value if isinstance(default, Enum) else default,
                within=path if optional and info.is_required() else (),
                vocabulary=vocab,
                rules=rules,
                bounds=bounds,
                doc=info.description or "",
                personal=bool(extra.get("personal")),
            )
        )
    return cols


def _build_schema() -> dict[str, TableSpec]:
    schema: dict[str, TableSpec] = {}
    for table, model in ENTITIES.items():
        entity_spec = TableSpec(table, model.entity, model, _columns(model))
        schema[table] = entity_spec
        # The parent key is not format-checked here: the parent's own id is, and a link row
        # whose parent does not exist is reported by the integrity check (PPD110).
        parent_key = Column(f"{model.entity}_id", "str", (), True)
        for name, info in model.model_fields.items():
            tp, _ = _unwrap_optional(info.annotation)
            origin = get_origin(tp)
            if origin not in (list, dict):
                continue
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            link_name = str(extra.get("table", f"{model.entity}_{name}"))
            args = get_args(tp)
            if origin is dict:
                key_tp, value_tp = args
                kd, kv = _scalar_dtype(key_tp)
                vd, vv = _scalar_dtype(_unwrap_optional(value_tp)[0])
                key_info = FieldInfo.from_annotation(key_tp)
                value_info = FieldInfo.from_annotation(value_tp)
                kc, _ = _checks_and_bounds(key_info)
                vc, vb = _checks_and_bounds(value_info)
                cols = [
                    parent_key,
                    Column(str(extra["key"]), kd, ("key",), True, kv, kc),
                    Column(str(extra["column"]), vd, ("value",), True, vv, vc, vb),
                ]
                spec = TableSpec(link_name, model.entity, None, cols, table, name, "dict")
            else:
                (item_tp,) = args
                if isinstance(item_tp, type) and issubclass(item_tp, BaseModel):
                    cols = [parent_key, *_columns(item_tp)]
                    spec = TableSpec(link_name, model.entity, item_tp, cols, table, name, "list")
                else:
                    d, v = _scalar_dtype(_unwrap_optional(item_tp)[0])
                    ic, ib = _checks_and_bounds(FieldInfo.from_annotation(item_tp))
                    cols = [parent_key, Column(str(extra["column"]), d, (), True, v, ic, ib)]
                    spec = TableSpec(link_name, model.entity, None, cols, table, name, "scalars")
            schema[link_name] = spec
            entity_spec.children.append(link_name)
    return schema


SCHEMA: dict[str, TableSpec] = _build_schema()
"""Every table of a Dataset: entity tables first, each followed by its link tables."""


# -- building frames -------------------------------------------------------------------------


def pandas_dtype(dtype: Dtype, vocabulary: type[Vocabulary] | None = None) -> Any:
    """Return the pandas dtype of a logical column type (``vocabulary`` for ``"code"``)."""
    if dtype == "code":
        import pandas as pd

        assert vocabulary is not None
        return pd.CategoricalDtype(vocabulary.codes())
    if dtype == "decimal":
        import pandas as pd
        import pyarrow as pa

        return pd.ArrowDtype(pa.decimal128(38, 4))
    if dtype == "date":
        return "datetime64[s]"
    return dtype


def days_of(values: list[date | None]) -> np.ndarray:
    """Days as a ``datetime64[s]`` array (``None`` → NaT), by their ordinals (no parsing).

    >>> days_of([date(1970, 1, 2), None])
    array(['1970-01-02T00:00:00',                 'NaT'], dtype='datetime64[s]')
    """
    import numpy as np

    seconds = [_NAT if v is None else (v.toordinal() - _EPOCH) * 86_400 for v in values]
    return np.array(seconds, dtype=np.int64).view("datetime64[s]")


_EPOCH = date(1970, 1, 1).toordinal()
_NAT = -(2**63)
"""The int64 that ``datetime64`` reads as NaT."""


def make_series(
    values: list[Any], dtype: Dtype, vocabulary: type[Vocabulary] | None = None
) -> pd.Series:
    """Build a Series of logical type ``dtype`` from Python values (``None`` = missing)."""
    import pandas as pd

    if dtype == "date":
        return pd.Series(days_of(values))
    if dtype == "str":
        return pd.Series(values, dtype="str")
    target = pandas_dtype(dtype, vocabulary)
    if dtype == "code":
        coded: pd.Series = pd.Series(values, dtype=target)
        return coded
    return pd.Series(pd.array(values, dtype=target))


def frame_from_rows(spec: TableSpec, rows: Mapping[str, list[Any]]) -> pd.DataFrame:
    """Build a table's frame from column lists, with the schema's dtypes."""
    import pandas as pd

    return pd.DataFrame(
        {c.name: make_series(rows[c.name], c.dtype, c.vocabulary) for c in spec.columns}
    )


def empty_frames() -> dict[str, pd.DataFrame]:
    """Return every table of the schema, empty, with its dtypes."""
    return {
        name: frame_from_rows(spec, {c.name: [] for c in spec.columns})
        for name, spec in SCHEMA.items()
    }


def records_to_rows(table: str, records: Iterable[BaseModel]) -> dict[str, dict[str, list[Any]]]:
    """Lay records of one entity out as column lists: its table's and its link tables'.

    Column by column (one comprehension per column), not record by record.
    """
    spec = SCHEMA[table]
    recs = list(records)
    rows = {table: {c.name: column_values(recs, c) for c in spec.columns}}
    ids = rows[table][spec.key]
    for name in spec.children:
        link = SCHEMA[name]
        owners, items = link_items(link, recs)
        rows[name] = {c.name: link_values(link, c, owners, items, ids) for c in link.columns}
    return rows


def column_values(objs: list[Any], column: Column) -> list[Any]:
    """The value of ``column`` (by its attribute path) of each object; ``None`` past a gap."""
    try:
        values = list(map(attrgetter(".".join(column.path)), objs)) if column.path else objs
    except AttributeError:  # a gap (an optional nested model that is None) on the way
        values = objs
        for part in column.path:
            values = [None if o is None else getattr(o, part) for o in values]
    return _plain(values, column)


def link_items(link: TableSpec, records: list[Any]) -> tuple[np.ndarray, list[Any]]:
    """The rows of link table ``link``: each row's record (its position) and its item.

    An item is a list's element or a dict's (key, value) pair, in the record's order.
    """
    import numpy as np

    values = list(map(attrgetter(link.field or ""), records))
    if len(values) == 1:  # one record (a model's own check): np.repeat costs more than it
        owners = np.zeros(len(values[0]), dtype=np.int64)
    else:
        owners = np.arange(len(values)).repeat(list(map(len, values)))
    if link.kind == "dict":
        return owners, [pair for value in values for pair in value.items()]
    return owners, list(chain.from_iterable(values))


def link_values(
    link: TableSpec, column: Column, owners: np.ndarray, items: list[Any], ids: list[Any]
) -> list[Any]:
    """Column ``column`` of link table ``link``, from its :func:`link_items` and the records' ids.

    >>> import numpy as np
    >>> spec, pairs = SCHEMA["activity_outputs"], [("a", 1), ("b", 2)]
    >>> link_values(spec, spec.columns[0], np.array([0, 1]), pairs, ["X", "Y"])
    ['X', 'Y']
    >>> link_values(spec, spec.columns[2], np.array([0, 1]), pairs, ["X", "Y"])
    [1, 2]
    """
    at = next(i for i, c in enumerate(link.columns) if c is column)
    if at == 0:
        return [ids[o] for o in owners.tolist()]
    if link.kind == "dict":
        return _plain([pair[at - 1] for pair in items], column)
    if link.kind == "scalars":
        return _plain(list(items), column)
    return column_values(items, column)


def _plain(values: list[Any], column: Column) -> list[Any]:
    """Codes as their text (a vocabulary's members as their value); other values unchanged."""
    if column.vocabulary is None:
        return values
    text = _texts(column.vocabulary)
    return list(map(text.get, values, values))


@cache
def _texts(vocabulary: type[Vocabulary]) -> dict[Any, Any]:
    return {member: member.value for member in vocabulary}


def records_to_frames(table: str, records: Iterable[BaseModel]) -> dict[str, pd.DataFrame]:
    """Lay records of one entity out as its frame and its link tables."""
    rows = records_to_rows(table, records)
    return {name: frame_from_rows(SCHEMA[name], cols) for name, cols in rows.items()}


# -- rows back to records ----------------------------------------------------------------------


def python_value(value: Any) -> Any:
    """Turn a value read from a frame into a plain Python value (missing → ``None``)."""
    import pandas as pd

    from ppd_core._fast import is_missing

    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, Decimal):  # drop the storage scale's trailing zeros: 12.5000 → 12.5
        return value.quantize(_ONE) if value == value.to_integral_value() else value.normalize()
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalar
    return value


_ONE = Decimal(1)


def _nest(columns: list[Column], values: Mapping[Any, Any]) -> dict[str, Any]:
    """Rebuild nested dicts from flattened columns; an all-missing nested model becomes None."""
    out: dict[str, Any] = {}
    for c in columns:
        v = python_value(values[c.name])
        target = out
        for part in c.path[:-1]:
            target = target.setdefault(part, {})
        target[c.path[-1]] = v
    for key, v in list(out.items()):
        if isinstance(v, dict) and all(x is None for x in _leaves(v)):
            out[key] = None
    return out


def _leaves(d: dict[str, Any]) -> Iterator[Any]:
    for v in d.values():
        if isinstance(v, dict):
            yield from _leaves(v)
        else:
            yield v


def row_to_record(
    table: str,
    row: Mapping[Any, Any],
    links: Mapping[str, list[Mapping[Any, Any]]],
    context: dict[str, Any] | None = None,
) -> Record:
    """Rebuild (and validate) one record from its row and its link-table rows."""
    spec = SCHEMA[table]
    data = _nest(spec.columns, row)
    for name in spec.children:
        link = SCHEMA[name]
        items = links.get(name, [])
        field_name = link.field or ""
        if link.kind == "dict":
            k, v = link.columns[1].name, link.columns[2].name
            data[field_name] = {python_value(i[k]): python_value(i[v]) for i in items}
        elif link.kind == "scalars":
            col = link.columns[1].name
            data[field_name] = [python_value(i[col]) for i in items]
        else:
            data[field_name] = [_nest(link.columns[1:], i) for i in items]
    model = ENTITIES[table]
    return model.model_validate(_drop_none_nested(model, data), context=context)


def _drop_none_nested(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """Nested non-optional models that came back as None take their default instead."""
    for name, info in model.model_fields.items():
        tp, optional = _unwrap_optional(info.annotation)
        nested = isinstance(tp, type) and issubclass(tp, BaseModel)
        if nested and not optional and data.get(name, 0) is None:
            del data[name]
    return data
