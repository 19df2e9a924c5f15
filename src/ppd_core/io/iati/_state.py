"""One IATI import under way: its options, what it has kept so far, and where problems are.

The reader's parts (:mod:`._activity`, :mod:`._partners`, :mod:`._finance`, :mod:`._results`)
each take the :class:`Session` and the :class:`Row` of the ``iati-activity`` being converted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final, Literal

from pydantic import ValidationError

from ppd_core.errors import Problem
from ppd_core.i18n import N_, Phrase, phrase
from ppd_core.io.iati.codes import IATI_RULES
from ppd_core.models import Activity, Indicator
from ppd_core.rules import RULES
from ppd_core.validation import problems_from_pydantic
from ppd_core.vocab import ActivityKind, PartnerRole, PartnerType

_NOT_A: Final = {
    "number": N_("'{value}' is not a number"),
    "date": N_("'{value}' is not a date (YYYY-MM-DD)"),
}


@dataclass
class PartnerDraft:
    """A partner being assembled from the organisations named in a file."""

    id: str
    name: str
    type: PartnerType
    aliases: list[str] = field(default_factory=list)

    def add_name(self, name: str) -> None:
        """Keep another spelling of the name as an alias."""
        known = {self.name.casefold(), *(a.casefold() for a in self.aliases)}
        if name.casefold() not in known:
            self.aliases.append(name)


@dataclass
class Row:
    """What is being gathered for one ``iati-activity`` element."""

    row: int
    record_id: str | None
    lang: str
    notes: list[Problem] = field(default_factory=list)
    fatal: list[Problem] = field(default_factory=list)
    partners: dict[str, PartnerDraft] = field(default_factory=dict)
    links: list[tuple[str, PartnerRole]] = field(default_factory=list)
    co_organisers: list[str] = field(default_factory=list)


class Session:
    """The options of one import, the records kept so far, and its problems."""

    def __init__(
        self,
        source: str,
        lead: str,
        kind: ActivityKind,
        today: date,
        organisation_ids: Collection[str],
        organisation_refs: Mapping[str, str] | None = None,
    ) -> None:
        self.source = source
        self.lead = lead
        self.kind = kind
        self.today = today
        self.refs = dict(organisation_refs or {})
        """IATI identifiers of organisations of the PPD system → their ppd_core ids."""
        self.system = {lead, *organisation_ids, *self.refs.values()}
        self.partners: dict[str, PartnerDraft] = {}
        self.activities: list[Activity] = []
        self.indicators: list[Indicator] = []
        self.problems: list[Problem] = []
        self.imported_ids: set[str] = set()
        self.rejections: list[tuple[Row, list[Problem]]] = []
        self.skipped: Counter[str] = Counter()

    def problem(
        self,
        r: Row,
        code: str,
        field_: str | None,
        value: Any = None,
        *,
        entity: str = "activity",
        record_id: str | None = None,
        **context: Any,
    ) -> Problem:
        """Build a problem of rule ``code`` located in row ``r`` of this file."""
        rule = IATI_RULES.get(code) or RULES[code]
        context.setdefault("given", phrase("(missing)") if value in (None, "") else f"'{value}'")
        p = rule.problem(entity, record_id or r.record_id, field_, value, **context)
        return replace(p, row=r.row, source=self.source)

    def not_a(
        self,
        r: Row,
        kind: Literal["number", "date"],
        field_: str,
        raw: str | None,
        *,
        shown: str | None = None,
        then: str | None = None,
        **context: Any,
    ) -> Problem:
        """A PPD002 problem: the text ``raw`` (shown as ``shown``) is not a number or a date."""
        said = Phrase(_NOT_A[kind], (("value", raw if shown is None else shown),))
        detail = said if then is None else Phrase(then, (("detail", said),))
        return self.problem(r, "PPD002", field_, raw, detail=detail, **context)

    def note(self, r: Row, code: str, field_: str | None, value: Any = None, **ctx: Any) -> None:
        """Record a problem that does not reject the activity."""
        r.notes.append(self.problem(r, code, field_, value, **ctx))

    def pydantic(
        self, r: Row, err: ValidationError, entity: str, record_id: str | None, prefix: str = ""
    ) -> list[Problem]:
        """Translate a pydantic error into located problems (``prefix`` before each field)."""
        out: list[Problem] = []
        for p in problems_from_pydantic(err, entity, record_id, r.row):
            where = f"{prefix}{p.field}" if prefix and p.field else (p.field or prefix or None)
            out.append(replace(p, source=self.source, field=where))
        return out
