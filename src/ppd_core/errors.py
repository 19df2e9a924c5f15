"""Errors raised by ppd_core, and the problem reports that collect bad records.

Every exception the library raises is defined here, in one tree (a test walks the package
and fails on any exception class outside it)::

    PpdError
    ├── DataValidationError      (also a ValueError)   records break rules; carries a report
    ├── FileFormatError          (also a ValueError)   a file cannot be read at all
    │   ├── IatiFileError                              an IATI file cannot be read
    │   │   └── UnsafeXmlError                         it declares a DOCTYPE: refused
    │   └── MappingFileError                           a column-mapping file is not usable
    ├── IatiRuleCaseError                              an IATI ruleset case is failed or
    │                                                  undecidable for a stated reason
    ├── ReferenceDataError       (also a LookupError)  reference data cannot answer
    │   ├── UnknownCountryError
    │   └── MissingRateError
    ├── UnknownIdError           (also a LookupError)  an id names no record of that kind
    ├── MixedCurrencyError       (also a ValueError)   amounts in several currencies added
    ├── MergeError               (also a ValueError)   a partner merge or undo cannot be done
    ├── StoreError                                     the database cannot do what was asked
    │   ├── ConflictError                              a record changed since it was read
    │   └── PermissionDeniedError                      the user may not write that record
    ├── InfeasiblePlanError      (also a ValueError)   no plan meets every constraint
    ├── PlanningTimeoutError     (also a TimeoutError) the solver found no plan in time
    ├── CourseError              (also a ValueError)   a course file nbgrader would mis-handle
    ├── MissingDependencyError   (also an ImportError) an optional extra is not installed
    └── UnstreamableError                              a file cannot be read in blocks: it
                                                       is read whole (never reaches a user)

A :class:`Problem` is one broken rule in one place: the rule code (see :mod:`ppd_core.rules`),
a message that says what is wrong and how to fix it, and where (file, sheet, row, entity,
record id, field) with the offending value. A problem made by its rule also keeps the values
of the rule's placeholders, so it reads in the user's language
(:meth:`Problem.describe`). A :class:`ValidationReport` collects every problem of a batch;
nothing is dropped silently.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, overload

from ppd_core.i18n import N_

if TYPE_CHECKING:
    import pandas as pd

    from ppd_core.i18n import Lang

__all__ = [
    "Conflict",
    "ConflictError",
    "CourseError",
    "DataValidationError",
    "FileFormatError",
    "IatiFileError",
    "IatiRuleCaseError",
    "InfeasiblePlanError",
    "MappingFileError",
    "MergeError",
    "MissingDependencyError",
    "MissingRateError",
    "MixedCurrencyError",
    "PermissionDeniedError",
    "PlanningTimeoutError",
    "PpdError",
    "Problem",
    "ReferenceDataError",
    "StoreError",
    "UnknownCountryError",
    "UnknownIdError",
    "UnsafeXmlError",
    "UnstreamableError",
    "ValidationReport",
]


class PpdError(Exception):
    """Base class of every error raised by ppd_core."""


class ReferenceDataError(PpdError, LookupError):
    """Reference data (countries, groupings, exchange rates) cannot answer a lookup."""


class UnknownCountryError(ReferenceDataError):
    """A country code is not an ISO 3166-1 alpha-2 code known to the reference data."""


class MissingRateError(ReferenceDataError):
    """No exchange rate is known for a currency in a year."""


class MissingDependencyError(PpdError, ImportError):
    """An optional dependency is not installed; the message names the install command."""


class FileFormatError(PpdError, ValueError):
    """A file cannot be read or written as a whole: empty, binary, truncated, or malformed.

    Raised before anything is imported; problems with single rows never raise, they are
    reported in :attr:`ppd_core.io.ReadResult.report`.

    Attributes:
        source: The file's name.
        reason: What is wrong, in a sentence (English).
        said: The same as given: a :class:`~ppd_core.i18n.Phrase` (any language) or text.
    """

    def __init__(self, source: str, reason: object) -> None:
        self.source = source
        self.said = reason
        self.reason = str(reason)
        super().__init__(f"{source}: {reason}")

    def reason_in(self, lang: Lang) -> str:
        """What is wrong, in ``lang`` when it was given as a phrase (else as given)."""
        from ppd_core.i18n import localise

        return str(localise(self.said, lang))


class MappingFileError(FileFormatError):
    """A column-mapping file (see :mod:`ppd_core.io.mapping`) cannot be read or used.

    It is not TOML, names an unknown target or a column twice, or does not fit the register
    it is used with (a column it maps is not in the file).
    """


class IatiFileError(FileFormatError):
    """An IATI file cannot be read: empty, binary, not XML, truncated, malformed, or not IATI.

    The file is refused as a whole; nothing of it is imported. It is a
    :class:`FileFormatError`, so ``except FileFormatError`` catches it with the errors of the
    other readers.

    Attributes:
        source: The file's name (``"<bytes>"`` for in-memory data without a name).
        reason: What is wrong, in a sentence.
    """


class UnsafeXmlError(IatiFileError):
    """A document declares a DOCTYPE (entities, an external DTD): refused before any is used.

    IATI files never have a DOCTYPE; entity declarations are how billion-laughs (exponential
    expansion) and external-entity (reading local files or URLs) attacks work. No entity is
    expanded and nothing is fetched before the refusal.
    """


class IatiRuleCaseError(PpdError):
    """A case of IATI's Standard Ruleset ends early: failed, or not checkable, with a reason.

    Raised and caught inside :func:`ppd_core.io.iati.check_ruleset` (a value that is not a
    number fails the case; an XPath the engine refuses or a missing reference list leaves it
    "not checked"); users see it as the outcome's ``status`` and ``reason``.

    Attributes:
        status: ``"failed"`` or ``"not_checked"``.
        reason: Why, as an English source text with ``{placeholders}``.
        fields: The placeholders' values.
    """

    def __init__(self, status: str, reason: str, **fields: str) -> None:
        super().__init__(reason.format(**fields) if fields else reason)
        self.status = status
        self.reason = reason
        self.fields = fields


class MergeError(PpdError, ValueError):
    """A merge or an undo that cannot be done as asked (unknown id, different countries …)."""


class StoreError(PpdError):
    """The database cannot do what was asked (see the message for why and how to fix it)."""


class ConflictError(StoreError):
    """A record changed since it was read: someone else saved a newer version first.

    :attr:`conflicts` names each record concerned (empty when the message names the one).
    """

    def __init__(self, message: str, conflicts: Sequence[Conflict] = ()) -> None:
        super().__init__(message)
        self.conflicts: tuple[Conflict, ...] = tuple(conflicts)


@dataclass(frozen=True, slots=True)
class Conflict:
    """One record a save did not write because someone else changed it since it was read.

    ``stored`` is ``None`` when the record was deleted since (for instance merged away).
    """

    entity: str
    record_id: str
    loaded: int | None
    stored: int | None
    changed_by: str | None = None
    changed_at: str | None = None

    def __str__(self) -> str:
        if self.stored is None:
            return (
                f"{self.entity} {self.record_id!r} was deleted since you read it "
                f"(at version {self.loaded})"
            )
        read = "not read by you" if self.loaded is None else f"read at version {self.loaded}"
        return (
            f"{self.entity} {self.record_id!r} was changed by {self.changed_by} at "
            f"{self.changed_at} (now version {self.stored}; {read})"
        )


class PermissionDeniedError(StoreError):
    """The user may not write (or read) that record: it belongs to another organisation."""


class UnknownIdError(PpdError, LookupError):
    """An id (given by a user, e.g. ``--organisation``) names no record of that kind.

    Attributes:
        entity: The kind of record looked for (``"organisation"``).
        record_id: The id given.
        known: The ids that do exist, to choose from.
    """

    def __init__(self, entity: str, record_id: str, known: Sequence[str] = ()) -> None:
        self.entity = entity
        self.record_id = record_id
        self.known = tuple(known)
        choose = f"; known: {', '.join(self.known[:20])}" if self.known else ""
        super().__init__(f"no {entity} {record_id!r}{choose}")


class MixedCurrencyError(PpdError, ValueError):
    """A money column holds several currencies and would be added as it is.

    Attributes:
        column: The amount column (``"cost_amount"``).
        currencies: The currencies found, sorted.
    """

    def __init__(self, column: str, currencies: Sequence[str], money: str = "cost") -> None:
        self.column = column
        self.currencies = tuple(currencies)
        *rest, last = self.currencies
        names = f"{', '.join(rest)} and {last}" if rest else last
        super().__init__(
            f"{column} holds amounts in {names}: adding them would mix currencies. Convert "
            f"them first: metrics.total(frame, {money!r}, currency='USD') (or "
            f"metrics.in_currency(frame, {money!r}, 'USD') for each row)."
        )


class InfeasiblePlanError(PpdError, ValueError):
    """No plan satisfies every constraint; the message names the ones that conflict.

    Attributes:
        conflicts: A plain-English description of each conflicting constraint.
        constraints: The conflicting constraints as ``(family, key)`` pairs, e.g.
            ``("budget", "")``, ``("must_do", "A-7")``, ``("staff", "3")``.
        minimal: Whether the set was reduced to one where every member is needed (the search
            stops after a number of checks on very large problems).
    """

    def __init__(
        self,
        message: str,
        conflicts: Sequence[str],
        constraints: Sequence[tuple[str, str]],
        *,
        minimal: bool = True,
    ) -> None:
        super().__init__(message)
        self.conflicts = tuple(conflicts)
        self.constraints = tuple(constraints)
        self.minimal = minimal


class PlanningTimeoutError(PpdError, TimeoutError):
    """The solver reached its time limit before finding any plan (raise ``time_limit``)."""


class CourseError(PpdError, ValueError):
    """A course file that nbgrader would mis-handle: says which file, line and cell."""


_ENTITY_NAMES = {
    "organisation": N_("organisation"),
    "partner": N_("partner"),
    "activity": N_("activity"),
    "indicator": N_("indicator"),
    "work_plan": N_("work plan"),
    "evaluation": N_("evaluation"),
    "award": N_("award"),
    "proposal": N_("proposal"),
    "planned activity": N_("planned activity"),
    "planned activity of this plan": N_("planned activity of this plan"),
}
"""The kinds of record a problem names, as people name them (in English: as written)."""

_KIND_PLACEHOLDERS = ("entity_kind", "target")
"""The placeholders of the rules' texts that hold a kind of record (translated with them)."""


class UnstreamableError(PpdError):
    """A file cannot be read a block at a time (UTF-16, or link rows not grouped by record).

    The importer catches it and reads the file whole, with the same result.
    """


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule in one place.

    Attributes:
        code: The stable rule code, e.g. ``"PPD401"`` (see :mod:`ppd_core.rules`).
        message: What is wrong and how to fix it, in one or two sentences.
        entity: The kind of record (``"activity"``, ``"partner"`` …), or ``None``.
        record_id: The id of the record at fault, when it has one.
        field: The field (a dotted path such as ``"countries.1.percentage"``), or ``None``.
        value: The offending value, as text (``None`` when the value is missing).
        row: The row in the source, when known: for frames the 1-based position in the table;
            for files with a header line (CSV, Excel) the line as the user sees it, so the
            first record is row 2.
        source: The file the record came from, when known.
        sheet: The spreadsheet sheet, when known.
        context: The values of the rule's placeholders as ``(name, value)`` pairs, when the
            problem was made by its rule (:meth:`ppd_core.rules.Rule.problem`): its text is
            then rendered again in the language asked for. ``None`` for a problem whose
            message was written by hand (it is shown as it is). Not part of equality.
    """

    code: str
    message: str
    entity: str | None = None
    record_id: str | None = None
    field: str | None = None
    value: str | None = None
    row: int | None = None
    source: str | None = None
    sheet: str | None = None
    context: tuple[tuple[str, Any], ...] | None = dataclasses.field(
        default=None, compare=False, repr=False
    )

    def message_in(self, lang: Lang | None = None) -> str:
        """What is wrong and how to fix it, in ``lang``.

        The rule's text in ``lang`` with the problem's :attr:`context` filled in; the stored
        :attr:`message` for a problem without context (or of a code no rule has).

        >>> from ppd_core.rules import RULES
        >>> RULES["PPD301"].problem("activity", "A-1", "cost.amount", "-5").message_in("vi")
        'cost.amount là số âm (-5). Hãy nhập số 0 hoặc một giá trị dương.'
        >>> Problem("PPD301", "Amount is negative.").message_in("vi")
        'Amount is negative.'
        """
        from ppd_core.i18n import default_lang, label, localise
        from ppd_core.rules import RULES

        rule = RULES.get(self.code)
        if self.context is None or rule is None:
            return self.message
        lang = default_lang(lang)

        context = {key: localise(value, lang) for key, value in self.context}
        if lang != "en":
            for key in _KIND_PLACEHOLDERS:
                if isinstance(kind := context.get(key), str):
                    context[key] = label(_ENTITY_NAMES, kind, lang)
        return rule.in_language(lang, **context)

    def where(self, lang: Lang | None = None) -> str:
        """Return where the problem is, e.g. ``"file x.csv, row 17, activity A-1, field end"``.

        Args:
            lang: The language of the words ``file``, ``sheet``, ``row`` and ``field``
                (default: :func:`~ppd_core.i18n.default_lang`, English unless ``PPD_LANG=vi``).
        """
        from ppd_core.i18n import default_lang, label, text

        lang = default_lang(lang)
        parts: list[str] = []
        if self.source:
            parts.append(text("file {source}", lang, source=self.source))
        if self.sheet:
            parts.append(text("sheet {sheet}", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(text("row {row}", lang, row=self.row))
        if self.entity:
            entity = self.entity if lang == "en" else label(_ENTITY_NAMES, self.entity, lang)
            parts.append(f"{entity} {self.record_id}" if self.record_id else entity)
        if self.field:
            parts.append(text("field {field}", lang, field=self.field))
        return ", ".join(parts) or text("(no location)", lang)

    def describe(self, lang: Lang | None = None) -> str:
        """The problem in one line, in ``lang`` (``str(problem)``: the default language).

        The places are named in ``lang``, and so is the rule's text when the problem keeps its
        :attr:`context` (see :meth:`message_in`); a message written by hand is shown as it is.

        >>> Problem("PPD301", "Amount is negative.", row=3, field="cost").describe("vi")
        '[PPD301] dòng 3, trường cost: Amount is negative.'
        """
        from ppd_core.i18n import default_lang, text

        lang = default_lang(lang)
        shown = (
            "" if self.value is None else text(" (value: {value})", lang, value=repr(self.value))
        )
        return f"[{self.code}] {self.where(lang)}: {self.message_in(lang)}{shown}"

    def __str__(self) -> str:
        return self.describe()


_PROBLEM_COLUMNS = [f.name for f in fields(Problem) if f.name != "context"]


class ValidationReport(Sequence[Problem]):
    """An ordered collection of problems found in a batch of records.

    >>> report = ValidationReport([Problem("PPD301", "Amount is negative.", "activity", "A-1")])
    >>> report.ok, len(report), report.counts()
    (False, 1, {'PPD301': 1})
    """

    __slots__ = ("_problems",)

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._problems: tuple[Problem, ...] = tuple(problems)

    @overload
    def __getitem__(self, index: int) -> Problem: ...
    @overload
    def __getitem__(self, index: slice) -> ValidationReport: ...
    def __getitem__(self, index: int | slice) -> Problem | ValidationReport:
        if isinstance(index, slice):
            return ValidationReport(self._problems[index])
        return self._problems[index]

    def __len__(self) -> int:
        return len(self._problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._problems)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ValidationReport):
            return self._problems == other._problems
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._problems)

    def __add__(self, other: ValidationReport) -> ValidationReport:
        return ValidationReport(self._problems + tuple(other))

    def __repr__(self) -> str:
        return f"ValidationReport({len(self)} problems: {self.counts()})"

    @property
    def ok(self) -> bool:
        """True when there is no problem."""
        return not self._problems

    def counts(self) -> dict[str, int]:
        """Return the number of problems per rule code, most frequent first."""
        return dict(Counter(p.code for p in self._problems).most_common())

    def codes(self) -> set[str]:
        """Return the set of rule codes that occur."""
        return {p.code for p in self._problems}

    def for_record(self, record_id: str) -> ValidationReport:
        """Return the problems of one record."""
        return ValidationReport(p for p in self._problems if p.record_id == record_id)

    def summary(self, limit: int = 20, lang: Lang | None = None) -> str:
        """Return a readable multi-line summary listing at most ``limit`` problems, in ``lang``.

        Without ``lang``, in the default language (:func:`~ppd_core.i18n.default_lang`).
        """
        from ppd_core.i18n import default_lang, plural, text

        lang = default_lang(lang)
        if self.ok:
            return text("No problems.", lang)
        n = len(self)
        head = plural("{n} problem", "{n} problems", n, lang, n=n)
        lines = [f"{head} ({self._count_text()}):"]
        lines += [f"  {p.describe(lang)}" for p in self._problems[:limit]]
        if n > limit:
            lines.append(
                text("  … and {n} more (see ValidationReport.to_frame()).", lang, n=n - limit)
            )
        return "\n".join(lines)

    def _count_text(self) -> str:
        return ", ".join(f"{code} ×{k}" for code, k in self.counts().items())

    def __str__(self) -> str:
        return self.summary()

    def to_frame(self, lang: Lang | None = None) -> pd.DataFrame:
        """Return the problems as a DataFrame, one row per problem, the messages in ``lang``.

        Without ``lang``, in the default language (:func:`~ppd_core.i18n.default_lang`).
        """
        import pandas as pd

        from ppd_core.i18n import default_lang

        lang = default_lang(lang)
        rows: list[list[Any]] = [
            [p.message_in(lang) if c == "message" else getattr(p, c) for c in _PROBLEM_COLUMNS]
            for p in self._problems
        ]
        return pd.DataFrame(rows, columns=_PROBLEM_COLUMNS)

    def raise_if_errors(self, title: str = "records") -> None:
        """Raise :class:`DataValidationError` when the report holds any problem."""
        if not self.ok:
            raise DataValidationError(self, title)


class DataValidationError(PpdError, ValueError):
    """Records break one or more rules; ``report`` lists every problem found.

    The message lists the first problems with their rule code, location and how to fix them;
    ``error.report.to_frame()`` gives all of them as a table.
    """

    def __init__(self, report: ValidationReport, title: str = "records") -> None:
        self.report = report
        n = len(report)
        super().__init__(f"{n} validation error{'s' if n != 1 else ''} in {title}\n{report}")
