"""The Dataset: every record of a PPD system, held as tables, seen as records.

**Where records live.** A Dataset keeps its data as tidy frames (one per entity plus long
link tables, see :mod:`ppd_core.tables`), never as a list of a million objects: a million
activities take a few hundred megabytes and convert to frames for free. Records are built on
demand: ``dataset.activities[0]`` or ``for a in dataset.activities`` yields validated
:class:`~ppd_core.Activity` objects one at a time, so a small dataset still feels like plain
pydantic objects.

>>> from ppd_core.datasets import load_sample
>>> ds = load_sample()
>>> ds.activities[0].kind.label("en")
'Conference or forum'
>>> frames = ds.to_frames()
>>> sorted(frames)[:3]
['activities', 'activity_co_organisers', 'activity_countries']
>>> Dataset.from_frames(frames) == ds
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar, overload

from ppd_core.errors import ValidationReport
from ppd_core.models import Activity, Award, Evaluation, Indicator, Organisation, Partner, WorkPlan
from ppd_core.models._base import Record
from ppd_core.tables import ENTITIES, SCHEMA, empty_frames, records_to_frames, row_to_record

if TYPE_CHECKING:
    import pandas as pd

    from ppd_core.reference import ReferenceData

__all__ = ["Dataset", "RecordList", "Versions"]

R = TypeVar("R", bound=Record)

Versions = Mapping[str, "pd.Series"]
"""Entity table → the version each record was read at, a Series of ints indexed by record id.

See :attr:`Dataset.versions`.
"""


class RecordList(Sequence[R], Generic[R]):
    """A read-only sequence of records built on demand from a Dataset's tables."""

    __slots__ = ("_frames", "_groups", "_table")

    def __init__(self, table: str, frames: Mapping[str, pd.DataFrame]) -> None:
        self._table = table
        self._frames = frames
        self._groups: dict[str, dict[Any, Any]] | None = None

    def __len__(self) -> int:
        return len(self._frames[self._table])

    def _link_groups(self) -> dict[str, dict[Any, Any]]:
        if self._groups is None:
            self._groups = {
                child: self._frames[child].groupby(SCHEMA[child].key, sort=False).indices
                for child in SCHEMA[self._table].children
            }
        return self._groups

    def _build(self, row: Mapping[Any, Any]) -> R:
        groups = self._link_groups()
        links: dict[str, list[Mapping[Any, Any]]] = {}
        for child, index in groups.items():
            positions = index.get(row["id"])
            if positions is not None:
                links[child] = self._frames[child].iloc[positions].to_dict("records")
        record = row_to_record(self._table, row, links, context=_NO_CLOCK)
        return record  # type: ignore[return-value]

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: int | slice) -> R | list[R]:
        frame = self._frames[self._table]
        if isinstance(index, slice):
            return [self._build(r) for r in frame.iloc[index].to_dict("records")]
        return self._build(frame.iloc[index].to_dict())

    def __iter__(self) -> Iterator[R]:
        frame = self._frames[self._table]
        for start in range(0, len(frame), 1000):
            for row in frame.iloc[start : start + 1000].to_dict("records"):
                yield self._build(row)

    def get(self, record_id: str) -> R:
        """Return the record with ``record_id``.

        Raises:
            KeyError: if there is none.
        """
        frame = self._frames[self._table]
        hits = (frame["id"] == record_id).to_numpy().nonzero()[0]
        if len(hits) == 0:
            raise KeyError(f"no {SCHEMA[self._table].entity} with id {record_id!r}")
        return self[int(hits[0])]

    def ids(self) -> list[str]:
        """Return the ids in order."""
        return [str(v) for v in self._frames[self._table]["id"].tolist()]

    def __repr__(self) -> str:
        return f"<{len(self)} {self._table}>"

    if not TYPE_CHECKING:  # type checkers keep reporting unknown attributes as errors

        def __getattr__(self, name: str) -> NoReturn:
            """Say how to get the table when a DataFrame's attribute (``head``, ``loc`` …) is asked.

            >>> from ppd_core import Dataset
            >>> Dataset().activities.head()
            Traceback (most recent call last):
            ...
            AttributeError: ds.activities is a list of records, not a table: it has no 'head'. \
For the pandas table use ds.to_frames()["activities"] (then .head(), .groupby(), …).
            """
            if name.startswith("_"):  # Python's and IPython's own probes, and unset slots
                raise AttributeError(name)
            table = self._table
            raise AttributeError(
                f"ds.{table} is a list of records, not a table: it has no {name!r}. For the pandas "
                f'table use ds.to_frames()["{table}"] (then .head(), .groupby(), …).'
            )


# Records rebuilt from stored tables were checked when they entered; re-checking "actual date
# not in the future" against a later clock must not fail, so views validate with a far "today".
_NO_CLOCK = {"today": date.max}


class _Records(Generic[R]):
    """A read-only Dataset attribute named after an entity table: its records, as a RecordList.

    ``Dataset.activities`` is the descriptor itself; ``dataset.activities`` the records.
    """

    def __set_name__(self, owner: type[Dataset], name: str) -> None:
        self._table = name
        self.__doc__ = f"The {name.replace('_', ' ')}, as records."

    @overload
    def __get__(self, dataset: None, owner: type[Dataset]) -> _Records[R]: ...
    @overload
    def __get__(self, dataset: Dataset, owner: type[Dataset]) -> RecordList[R]: ...
    def __get__(self, dataset: Dataset | None, owner: type[Dataset]) -> _Records[R] | RecordList[R]:
        if dataset is None:
            return self
        return RecordList(self._table, dataset._frames)

    def __set__(self, dataset: Dataset, value: object) -> NoReturn:
        raise AttributeError(f"property {self._table!r} of 'Dataset' object has no setter")


def _canonical(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by record id (stable, so the items of one record keep their order)."""
    return frame.sort_values(SCHEMA[table].key, kind="stable").reset_index(drop=True)


class Dataset:
    """All records of a PPD system, with referential integrity checked.

    Organisations, partners, activities, indicators, work plans, evaluations and awards.

    Build one from records (``Dataset(activities=[...], ...)``) or from frames
    (:meth:`from_frames`); both check that every referenced id exists and report all problems
    together in a :class:`~ppd_core.errors.DataValidationError`.
    """

    __slots__ = ("_frames", "_versions")

    def __init__(
        self,
        organisations: Iterable[Organisation] = (),
        partners: Iterable[Partner] = (),
        activities: Iterable[Activity] = (),
        indicators: Iterable[Indicator] = (),
        work_plans: Iterable[WorkPlan] = (),
        evaluations: Iterable[Evaluation] = (),
        awards: Iterable[Award] = (),
        *,
        check: bool = True,
    ) -> None:
        """Build a Dataset from records.

        Args:
            organisations: Organisations of the system.
            partners: Foreign partners.
            activities: Activities.
            indicators: Indicators of the results framework.
            work_plans: Work plans.
            evaluations: Evaluations.
            awards: Awards.
            check: Check referential integrity (and raise on problems).

        Raises:
            DataValidationError: if ``check`` and ids are duplicated or references dangle.
        """
        given: dict[str, Iterable[Record]] = {
            "organisations": organisations,
            "partners": partners,
            "activities": activities,
            "indicators": indicators,
            "work_plans": work_plans,
            "evaluations": evaluations,
            "awards": awards,
        }
        frames: dict[str, pd.DataFrame] = {}
        for table, records in given.items():
            frames.update(records_to_frames(table, records))
        self._frames = frames
        self._versions: Versions | None = None
        if check:
            self.check_integrity().raise_if_errors("dataset")

    @classmethod
    def _wrap(cls, frames: dict[str, pd.DataFrame], versions: Versions | None = None) -> Dataset:
        ds = cls.__new__(cls)
        ds._frames = frames
        ds._versions = versions
        return ds

    @property
    def versions(self) -> Versions | None:
        """The version each record had when this Dataset was read from a store, else ``None``.

        Entity table → versions indexed by record id. :meth:`ppd_core.store.Store.save` uses them to
        refuse overwriting a record someone else changed since (see :mod:`ppd_core.store`).
        :meth:`add` keeps them; to keep them across other edits, pass them to
        :meth:`with_versions` or to ``Store.save(..., versions=...)``.
        """
        return self._versions

    def with_versions(self, versions: Versions | None) -> Dataset:
        """The same records, carrying ``versions`` (those of a Dataset read from a store)."""
        return Dataset._wrap(self._frames, versions)

    @classmethod
    def from_frames(
        cls,
        frames: Mapping[str, pd.DataFrame],
        *,
        today: date | None = None,
        reference: ReferenceData | None = None,
    ) -> Dataset:
        """Build a Dataset from tables, checking every rule column by column.

        Args:
            frames: Tables by name as :meth:`to_frames` returns them; absent tables are empty.
                Columns are converted to their schema types.
            today: The day "now" for the rule on actual dates (default: today).
            reference: Reference data for country and currency codes.

        Raises:
            DataValidationError: listing every problem (rule code, table, row, field, value).
        """
        from ppd_core.integrity import check_integrity
        from ppd_core.validation import validate_frames

        coerced, report = validate_frames(frames, today=today, reference=reference)
        (report + check_integrity(coerced)).raise_if_errors("frames")
        return cls._wrap(coerced)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Return the tables: one frame per entity plus link tables (see :mod:`ppd_core.tables`).

        The frames are copies (cheap: pandas copies on write); changing them leaves the Dataset
        as it was. Money columns (``cost_amount``, ``amount``, ``budget_amount``) hold each row
        in its own currency: add them with :func:`ppd_core.metrics.total`, which refuses to mix
        currencies, or convert them with :func:`ppd_core.metrics.in_currency`.
        """
        return {name: frame.copy(deep=False) for name, frame in self._frames.items()}

    def check_integrity(self) -> ValidationReport:
        """Return problems of uniqueness and references (empty when all is well)."""
        from ppd_core.integrity import check_integrity

        return check_integrity(self._frames)

    # -- record views -------------------------------------------------------------------------
    organisations = _Records[Organisation]()
    """The organisations, as records."""
    partners = _Records[Partner]()
    """The partners, as records."""
    activities = _Records[Activity]()
    """The activities, as records."""
    indicators = _Records[Indicator]()
    """The indicators, as records."""
    work_plans = _Records[WorkPlan]()
    """The work plans, as records."""
    evaluations = _Records[Evaluation]()
    """The evaluations, as records."""
    awards = _Records[Award]()
    """The awards, as records."""

    # -- whole-dataset operations -------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Return the number of records of each entity."""
        return {table: len(self._frames[table]) for table in ENTITIES}

    def add(self, *records: Record, check: bool = True) -> Dataset:
        """Return a new Dataset with ``records`` appended (the original is unchanged).

        Raises:
            DataValidationError: if ``check`` and the result has integrity problems.
            TypeError: if a record is not one of the Dataset's entities.
        """
        import pandas as pd

        by_table: dict[str, list[Record]] = {}
        for rec in records:
            table = next((t for t, m in ENTITIES.items() if isinstance(rec, m)), None)
            if table is None:
                raise TypeError(f"{type(rec).__name__} is not an entity of a Dataset")
            by_table.setdefault(table, []).append(rec)
        frames = dict(self._frames)
        for table, recs in by_table.items():
            for name, frame in records_to_frames(table, recs).items():
                frames[name] = pd.concat([frames[name], frame], ignore_index=True)
        ds = Dataset._wrap(frames, self._versions)
        if check:
            ds.check_integrity().raise_if_errors("dataset")
        return ds

    @classmethod
    def empty(cls) -> Dataset:
        """Return a Dataset with no records."""
        return cls._wrap(empty_frames())

    def __eq__(self, other: object) -> bool:
        """Equal when both hold the same records, in any order.

        A Dataset is a set of records: the order of records does not matter; the order of the
        items of one record (its partners, countries …) does.
        """
        if not isinstance(other, Dataset):
            return NotImplemented
        return all(
            _canonical(name, self._frames[name]).equals(_canonical(name, other._frames[name]))
            for name in SCHEMA
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{n} {t}" for t, n in self.counts().items() if n)
        return f"Dataset({inner or 'empty'})"
