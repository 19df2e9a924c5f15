"""Referential integrity of a Dataset's tables: ids unique, references resolved, no cycles.

Every problem is reported together (rules PPD110, PPD111, PPD112), never just the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ppd_core._fast import isin, isin_many, pair_in
from ppd_core.errors import ValidationReport
from ppd_core.tables import SCHEMA
from ppd_core.validation import ProblemCollector, field_paths

__all__ = ["REFERENCES", "check_integrity", "units_below"]

_REFERENCE_TABLE = """
organisations           parent_id              organisations
organisations           successor_id           organisations
activities              lead_organisation_id   organisations
activity_co_organisers  organisation_id        organisations
activity_partners       partner_id             partners
resource_flows          partner_id             partners
activities              follow_up_of           activities
indicators              organisation_id        organisations
work_plans              organisation_id        organisations
planned_activities      activity_id            activities
work_plan_targets       indicator_id           indicators
awards                  organisation_id        organisations
"""

REFERENCES: list[tuple[str, str, str]] = [
    (table, column, target)
    for table, column, target in (row.split() for row in _REFERENCE_TABLE.strip().splitlines())
]
"""(table, column, target entity table): every id reference a Dataset checks."""


def units_below(organisations: pd.DataFrame, organisation: str) -> set[str]:
    """``organisation`` and every organisation below it in the hierarchy (``parent_id``).

    >>> orgs = pd.DataFrame({"id": ["A", "B", "C", "D"], "parent_id": [None, "A", "B", None]})
    >>> sorted(units_below(orgs, "A"))
    ['A', 'B', 'C']
    """
    children: dict[str, list[str]] = {}
    for org, par in zip(
        organisations["id"].tolist(), organisations["parent_id"].tolist(), strict=True
    ):
        if isinstance(par, str):
            children.setdefault(par, []).append(org)
    found, todo = {organisation}, [organisation]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _ids(frames: Mapping[str, pd.DataFrame], table: str) -> pd.Series:
    return frames[table]["id"]


def check_integrity(
    frames: Mapping[str, pd.DataFrame],
    *,
    known: Mapping[str, pd.Series] | None = None,
    taken: Mapping[str, pd.Series] | None = None,
) -> ValidationReport:
    """Check uniqueness of ids, resolution of every reference and the hierarchy's acyclicity.

    Rules: PPD110 — every referenced id exists (see :data:`REFERENCES`; link-table rows need
    their parent record too); PPD111 — ids are unique within each entity (and planned
    activities within their plan); PPD112 — no organisation is its own ancestor.

    Args:
        frames: The Dataset's tables, with schema dtypes.
        known: Ids of records outside ``frames`` that references may name, per entity table
            (the other blocks of a file read in blocks).
        taken: Ids already used by such records (a record here with one of them is a
            second record with that id, PPD111).

    Returns:
        A report (empty when all is well); rows are 1-based positions in each table.
    """
    out = ProblemCollector()
    for name, spec in SCHEMA.items():
        if spec.kind != "entity":
            continue
        df = frames[name]
        dup = df["id"].duplicated(keep="first").to_numpy() & df["id"].notna().to_numpy()
        if taken and name in taken:
            dup |= isin(df["id"], taken[name])
        out.add("PPD111", spec, dup, df["id"], "id", df["id"], entity_kind=spec.entity)
    for table, column, target in REFERENCES:
        spec = SCHEMA[table]
        df = frames[table]
        values = df[column]
        bad = values.notna().to_numpy() & ~isin(values, _ids(frames, target))
        if known and target in known:
            bad &= ~isin(values, known[target])
        out.add(
            "PPD110",
            spec,
            bad,
            df[spec.key],
            partial(field_paths, spec, df, spec.column(column)),
            values,
            target=SCHEMA[target].entity,
        )
    _orphans(frames, out)
    _plan_internal(frames, out)
    _evaluation_subjects(frames, out, known or {})
    _cycles(frames, out)
    return out.report()


def _orphans(frames: Mapping[str, pd.DataFrame], out: ProblemCollector) -> None:
    """Link-table rows whose parent record is not in its entity table."""
    for parent, parent_spec in SCHEMA.items():
        if not parent_spec.children:
            continue
        links = [SCHEMA[child] for child in parent_spec.children]
        keys = [frames[link.name][link.key] for link in links]
        found = isin_many(keys, frames[parent]["id"])  # the parent ids are hashed once
        for link, k, hit in zip(links, keys, found, strict=True):
            bad = k.notna().to_numpy() & ~hit
            out.add("PPD110", link, bad, k, link.key, k, target=parent_spec.entity)


def _plan_internal(frames: Mapping[str, pd.DataFrame], out: ProblemCollector) -> None:
    """Planned activities are keyed within their plan: unique there, and referred to there."""
    planned = frames["planned_activities"]
    dup = planned.duplicated(["work_plan_id", "id"], keep="first").to_numpy()
    _add_in_plan(
        frames,
        out,
        "PPD111",
        "planned_activities",
        "id",
        dup,
        entity_kind="planned activity of this plan",
    )
    targets = frames["work_plan_targets"]
    known = pair_in(
        targets[["work_plan_id", "planned_activity_id"]], planned[["work_plan_id", "id"]]
    )
    bad = targets["planned_activity_id"].notna().to_numpy() & ~known
    _add_in_plan(
        frames,
        out,
        "PPD110",
        "work_plan_targets",
        "planned_activity_id",
        bad,
        target="planned activity",
    )


def _add_in_plan(
    frames: Mapping[str, pd.DataFrame],
    out: ProblemCollector,
    code: str,
    table: str,
    column: str,
    rows: np.ndarray,
    **detail: Any,
) -> None:
    """Report ``column`` of the ``rows`` of a plan's table, each under its plan's id."""
    frame, spec = frames[table], SCHEMA[table]
    out.add(
        code,
        spec,
        rows,
        frame["work_plan_id"],
        partial(field_paths, spec, frame, spec.column(column)),
        frame[column],
        **detail,
    )


def _evaluation_subjects(
    frames: Mapping[str, pd.DataFrame], out: ProblemCollector, known: Mapping[str, pd.Series]
) -> None:
    ev = frames["evaluations"]
    spec = SCHEMA["evaluations"]
    for subject, target in (("activity", "activities"), ("programme", "work_plans")):
        rows = (ev["subject"] == subject).fillna(False).to_numpy(dtype=bool)
        missing = ~isin(ev["subject_id"], _ids(frames, target))
        if target in known:
            missing &= ~isin(ev["subject_id"], known[target])
        out.add(
            "PPD110",
            spec,
            rows & missing & ev["subject_id"].notna().to_numpy(),
            ev["id"],
            "subject_id",
            ev["subject_id"],
            target=SCHEMA[target].entity,
        )


def _cycles(frames: Mapping[str, pd.DataFrame], out: ProblemCollector) -> None:
    orgs = frames["organisations"]
    parent = dict(zip(orgs["id"].tolist(), orgs["parent_id"].tolist(), strict=True))
    in_cycle: set[str] = set()
    for start in parent:
        seen: list[str] = []
        node: object = start
        while isinstance(node, str) and node in parent and node not in seen:
            seen.append(node)
            node = parent[node]
        if isinstance(node, str) and node in seen:
            in_cycle.update(seen[seen.index(node) :])
    mask = isin(orgs["id"], in_cycle)
    out.add("PPD112", SCHEMA["organisations"], mask, orgs["id"], "parent_id", orgs["id"])
