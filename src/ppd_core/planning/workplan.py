"""Work plan assembly: from a chosen portfolio and proposed targets to a ``WorkPlan``.

:func:`work_plan_from` builds the pydantic :class:`~ppd_core.WorkPlan` (planned activities
with their budgets as :class:`~ppd_core.Money`, targets from
:func:`~ppd_core.planning.propose_targets`, priority weights from the chosen budget's shares);
:func:`monthly_workload` gives the staff-days per month; :func:`workplan_to_excel` writes both
to a workbook with a sheet per part.

>>> import pandas as pd
>>> from ppd_core.planning import allocate
>>> cands = pd.DataFrame({"id": ["A", "B"], "cost": [3e8, 1e8], "score": [0.8, 0.4],
...                       "kind": ["cultural_exchange", "training_workshop"],
...                       "priority_area": ["culture_education", "green_growth"],
...                       "start_month": [3, 6], "end_month": [4, 6], "staff_days": [20, 5]})
>>> plan = work_plan_from(allocate(cands, budget=5e8), cands, organisation_id="VUFO",
...                       year=2026, objectives=["Renew the partner network"])
>>> [(p.id, str(p.budget), p.start.isoformat(), p.end.isoformat()) for p in plan.planned_activities]
[('A', '300,000,000 VND', '2026-03-01', '2026-04-30'), ('B', '100,000,000 VND', '2026-06-01', \
'2026-06-30')]
>>> {k.value: v for k, v in plan.priority_weights.items()}
{'culture_education': 0.75, 'green_growth': 0.25}
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ppd_core.i18n.format import number
from ppd_core.models import PlannedActivity, PlanTarget, WorkPlan
from ppd_core.money import Money
from ppd_core.planning.allocation import Allocation
from ppd_core.planning.candidates import monthly_load, prepare_candidates
from ppd_core.reference import default_reference
from ppd_core.vocab import ActivityKind, PriorityArea

__all__ = ["monthly_workload", "work_plan_from", "workplan_to_excel"]


def _chosen(allocation: Allocation, candidates: pd.DataFrame) -> pd.DataFrame:
    """The prepared candidates that were chosen, in candidate order."""
    cands = prepare_candidates(candidates, year=allocation.settings.get("year"))
    missing = sorted(set(allocation.chosen) - set(cands["id"]))
    if missing:
        raise ValueError(
            f"the allocation chose ids missing from these candidates: {', '.join(missing[:10])}"
        )
    return cands[cands["id"].isin(set(allocation.chosen))].reset_index(drop=True)


def monthly_workload(
    allocation: Allocation,
    candidates: pd.DataFrame,
    *,
    capacity: float | dict[int, float] | None = None,
) -> pd.DataFrame:
    """Staff-days, running activities and starting budget per month of the chosen portfolio.

    Staff-days are spread evenly over each activity's months (as in
    :func:`~ppd_core.planning.allocate`).

    Args:
        allocation: The allocation.
        candidates: The candidates it chose from.
        capacity: Staff-days available per month (one number or month → number); default the
            allocation's ``staff_capacity``.

    Returns:
        Twelve rows: ``month`` (1–12), ``staff_days``, ``activities`` (running that month),
        ``starting`` (activities starting), ``budget_starting`` (VND of the activities
        starting), ``capacity`` and ``utilisation`` = staff_days / capacity (NaN without a
        capacity).
    """
    chosen = _chosen(allocation, candidates)
    load = monthly_load(chosen)
    months = np.arange(1, 13)
    start = chosen["start_month"].to_numpy()
    end = chosen["end_month"].to_numpy()
    caps: dict[int, float]
    if capacity is None:
        caps = {int(k): float(v) for k, v in allocation.settings.get("staff_capacity", {}).items()}
    elif isinstance(capacity, dict):
        caps = {int(k): float(v) for k, v in capacity.items()}
    else:
        caps = dict.fromkeys(range(1, 13), float(capacity))
    cap = np.array([caps.get(int(m), math.nan) for m in months])
    staff = load.sum(axis=0)
    cost = chosen["cost_vnd"].to_numpy(dtype="float64")
    return pd.DataFrame(
        {
            "month": months,
            "staff_days": staff,
            "activities": [int(((start <= m) & (end >= m)).sum()) for m in months],
            "starting": [int((start == m).sum()) for m in months],
            "budget_starting": [float(cost[start == m].sum()) for m in months],
            "capacity": cap,
            "utilisation": np.where(cap > 0, staff / np.where(cap > 0, cap, 1.0), math.nan),
        }
    )


def _money(amount: float, currency: str) -> Money:
    """A float amount as exact Money, rounded to the currency's minor unit."""
    digits = default_reference().minor_unit(currency) if currency else 0
    value = Decimal(repr(float(amount))).quantize(Decimal(1).scaleb(-digits))
    return Money(amount=value, currency=currency)


def work_plan_from(
    allocation: Allocation,
    candidates: pd.DataFrame,
    *,
    organisation_id: str,
    year: int,
    objectives: Sequence[str],
    targets: pd.DataFrame | None = None,
    plan_id: str | None = None,
    title: str | None = None,
) -> WorkPlan:
    """Build the year's :class:`~ppd_core.WorkPlan` from an allocation.

    * planned activities: the chosen candidates in the order they start (then by id), with
      their kind, area and country; start on the first day of ``start_month``, end on the
      last day of ``end_month`` in ``year``; budget = the candidate's cost in its currency;
    * targets: the rows of a :func:`~ppd_core.planning.propose_targets` frame with a
      numeric target (``proposed`` or ``naive``); a ``planned_activity_id`` column, when
      present, links a target to the activity serving it;
    * priority weights: the share of the chosen budget per priority area,
      w_a = Σ cost over area a / Σ cost (rounded to 4 places; areas without budget omitted).

    Args:
        allocation: The allocation.
        candidates: The candidates it chose from (ids must be valid identifiers; kinds, if
            given, activity kind codes).
        organisation_id: Whose plan.
        year: The plan year.
        objectives: Objectives, in order of priority.
        targets: Proposed targets, or ``None``.
        plan_id: Plan id (default ``WP-<organisation_id>-<year>``).
        title: Title (default ``Work plan <year>``).

    Raises:
        ValueError: when a chosen candidate has no ``kind`` (a planned activity needs one).
        pydantic.ValidationError: when the plan breaks a model rule (e.g. a bad id).
    """
    chosen = _chosen(allocation, candidates).sort_values(["start_month", "end_month", "id"])
    no_kind = chosen.loc[chosen["kind"].isna(), "id"].tolist()
    if no_kind:
        raise ValueError(f"planned activities need a kind; missing for {', '.join(no_kind[:10])}")
    activities = [
        PlannedActivity(
            id=row["id"],
            title=row["title"],
            kind=ActivityKind(row["kind"]),
            priority_area=PriorityArea(row["priority_area"]) if row["priority_area"] else None,
            country=row["country"],
            start=date(year, int(row["start_month"]), 1),
            end=date(
                year,
                int(row["end_month"]),
                calendar.monthrange(year, int(row["end_month"]))[1],
            ),
            budget=_money(float(row["cost"]), str(row["currency"])),
        )
        for row in chosen.to_dict("records")
    ]
    plan_targets: list[PlanTarget] = []
    if targets is not None and len(targets):
        usable = targets[targets["status"].isin(["proposed", "naive"]) & targets["target"].notna()]
        for row in usable.to_dict("records"):
            link = row.get("planned_activity_id")
            plan_targets.append(
                PlanTarget(
                    indicator_id=str(row["indicator_id"]),
                    value=round(float(row["target"]), 4),
                    planned_activity_id=link if isinstance(link, str) else None,
                )
            )
    spent = float(chosen["cost_vnd"].sum())
    weights: dict[PriorityArea, float] = {}
    if spent > 0:
        per = chosen[chosen["priority_area"].notna()].groupby("priority_area")["cost_vnd"].sum()
        weights = {
            PriorityArea(str(a)): round(float(v) / spent, 4) for a, v in per.items() if v > 0
        }
    return WorkPlan(
        id=plan_id or f"WP-{organisation_id}-{year}",
        organisation_id=organisation_id,
        year=year,
        title=title or f"Work plan {year}",
        objectives=list(objectives),
        planned_activities=activities,
        targets=plan_targets,
        priority_weights=weights,
    )


def _sheet(workbook: Any, title: str, header: list[str], rows: list[list[Any]]) -> Any:
    """A sheet with a bold, frozen header row and columns sized to their content."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for k, name in enumerate(header, start=1):
        longest = max([len(name), *(len(_shown(r[k - 1])) for r in rows)])
        sheet.column_dimensions[get_column_letter(k)].width = min(60, longest + 2)
    return sheet


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return number(value, "en", 2)
    return "" if value is None else str(value)


def _formats(sheet: Any, column: int, number_format: str) -> None:
    """Apply a number format to a column's data cells."""
    for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
        cell.number_format = number_format


def workplan_to_excel(plan: WorkPlan, workload: pd.DataFrame | None, path: str | Path) -> Path:
    """Write a work plan (and its monthly workload) to an Excel workbook.

    Sheets: ``Plan`` (id, organisation, year, title and the numbered objectives),
    ``Activities`` (one row per planned activity, dates as dates, budget with thousands
    separators), ``Targets``, ``Priorities`` (weights as percentages) and ``Workload`` (from
    :func:`monthly_workload`, when given). Headers are bold and frozen.

    Args:
        plan: The work plan.
        workload: The monthly workload, or ``None``.
        path: Where to write the ``.xlsx`` file.

    Returns:
        The path written.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    info: list[list[Any]] = [
        ["Work plan", plan.id],
        ["Organisation", plan.organisation_id],
        ["Year", plan.year],
        ["Title", plan.title],
    ]
    info += [[f"Objective {k}", text] for k, text in enumerate(plan.objectives, start=1)]
    _sheet(book, "Plan", ["Item", "Value"], info)
    acts = _sheet(
        book,
        "Activities",
        ["Id", "Title", "Kind", "Priority area", "Country", "Start", "End", "Budget", "Currency"],
        [
            [
                a.id,
                a.title,
                a.kind.en,
                a.priority_area.en if a.priority_area else None,
                a.country,
                a.start,
                a.end,
                float(a.budget.amount) if a.budget else None,
                a.budget.currency if a.budget else None,
            ]
            for a in plan.planned_activities
        ],
    )
    _formats(acts, 6, "yyyy-mm-dd")
    _formats(acts, 7, "yyyy-mm-dd")
    _formats(acts, 8, "#,##0")
    _sheet(
        book,
        "Targets",
        ["Indicator", "Target", "Target (text)", "Planned activity"],
        [[t.indicator_id, t.value, t.text, t.planned_activity_id] for t in plan.targets],
    )
    prio = _sheet(
        book,
        "Priorities",
        ["Priority area", "Weight"],
        [[area.en, weight] for area, weight in plan.priority_weights.items()],
    )
    _formats(prio, 2, "0.0%")
    if workload is not None:
        work = _sheet(
            book,
            "Workload",
            ["Month", "Staff-days", "Activities running", "Starting", "Budget starting (VND)",
             "Capacity", "Utilisation"],
            [
                [
                    calendar.month_name[int(r["month"])],
                    round(float(r["staff_days"]), 2),
                    int(r["activities"]),
                    int(r["starting"]),
                    float(r["budget_starting"]),
                    None if math.isnan(r["capacity"]) else float(r["capacity"]),
                    None if math.isnan(r["utilisation"]) else float(r["utilisation"]),
                ]
                for r in workload.to_dict("records")
            ],
        )  # fmt: skip
        _formats(work, 5, "#,##0")
        _formats(work, 7, "0.0%")
    out = Path(path)
    book.save(out)
    return out
