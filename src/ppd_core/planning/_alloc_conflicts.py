"""Explaining an infeasible allocation: a small set of conflicting constraints, in words.

A deletion filter, first over whole constraint families and then over the single
constraints left, keeps only constraints that are each needed for the conflict
(`find_conflict`); `_explain` says the common conflicts in one sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ppd_core.planning._alloc_model import Arrays, Limits, join_and, pct, vnd
from ppd_core.planning._alloc_solver import solve

_Item = tuple[str, str]
_MAX_CHECKS = 400


@dataclass(frozen=True)
class Conflict:
    """A small set of constraints that cannot all hold, in words (what the error reports)."""

    message: str
    descriptions: list[str]
    constraints: list[_Item]
    minimal: bool


def _items(lim: Limits) -> list[_Item]:
    """Every single constraint as a (family, key) item, in family order."""
    items: list[_Item] = []
    if lim.budget is not None:
        items.append(("budget", ""))
    items += [("staff", str(m)) for m in sorted(lim.staff)]
    items += [("priority_share", a) for a in sorted(lim.area_min)]
    items += [("group_share", g) for g in sorted(lim.group_min)]
    items += [("partner_cap", p) for p in sorted({*lim.partner_share, *lim.partner_amount})]
    items += [("must_do", i) for i in lim.must_do]
    items += [("exclusive", str(k)) for k in range(1, len(lim.exclusive) + 1)]
    return items


def _restrict(lim: Limits, items: Iterable[_Item]) -> Limits:
    """The limits keeping only ``items``."""
    keep = set(items)

    def has(family: str, key: str) -> bool:
        return (family, key) in keep

    return Limits(
        budget=lim.budget if has("budget", "") else None,
        staff={m: c for m, c in lim.staff.items() if has("staff", str(m))},
        area_min={a: s for a, s in lim.area_min.items() if has("priority_share", a)},
        group_min={g: s for g, s in lim.group_min.items() if has("group_share", g)},
        partner_share={p: k for p, k in lim.partner_share.items() if has("partner_cap", p)},
        partner_amount={p: a for p, a in lim.partner_amount.items() if has("partner_cap", p)},
        must_do=tuple(i for i in lim.must_do if has("must_do", i)),
        exclusive=tuple(
            s for k, s in enumerate(lim.exclusive, start=1) if has("exclusive", str(k))
        ),
    )


def _deletion_filter(
    items: list[_Item], infeasible: Callable[[list[_Item]], bool | None], budget: list[int]
) -> tuple[list[_Item], bool]:
    """Drop items (in halving chunks, then one by one) while the rest stays infeasible.

    Ends with a one-by-one pass, so every item kept is needed: the problem without it is
    feasible. ``budget`` holds the number of solves left; when it runs out the set is
    returned as is (not necessarily minimal).
    """
    keep = list(items)
    chunk = max(1, len(keep) // 2)
    while True:
        i = 0
        while i < len(keep):
            if budget[0] <= 0:
                return keep, False
            trial = keep[:i] + keep[i + chunk :]
            if trial and infeasible(trial):
                keep = trial
            else:
                i += chunk
        if chunk == 1:
            return keep, True
        chunk = max(1, chunk // 2)


def find_conflict(arr: Arrays, lim: Limits, time_limit: float | None) -> Conflict:
    """Find a small set of conflicting constraints and say what they are."""
    left = [_MAX_CHECKS]

    def infeasible(items: list[_Item]) -> bool | None:
        left[0] -= 1
        res = solve(arr, _restrict(lim, items), time_limit=time_limit, gap=0.0, feasibility=True)
        return res.status == 2

    items = _items(lim)
    families = list(dict.fromkeys(f for f, _ in items))
    for fam in list(families):
        trial = [f for f in families if f != fam]
        if trial and infeasible([it for it in items if it[0] in trial]):
            families = trial
    items = [it for it in items if it[0] in families]
    conflict, minimal = _deletion_filter(items, infeasible, left)
    descriptions = [_describe(arr, lim, it) for it in conflict]
    message = "No plan satisfies every constraint. " + _explain(arr, lim, conflict)
    if not minimal:
        message += " (The search stopped early: the set may not be the smallest.)"
    return Conflict(message, descriptions, conflict, minimal)


def _describe(arr: Arrays, lim: Limits, item: _Item) -> str:
    """One constraint in words."""
    family, key = item
    if family == "budget":
        return f"the budget of {vnd(lim.budget or 0.0)}"
    if family == "staff":
        return f"the staff capacity of {lim.staff[int(key)]:g} staff-days in month {key}"
    if family == "priority_share":
        return f"a minimum of {pct(lim.area_min[key])} of the chosen budget in priority area {key}"
    if family == "group_share":
        return f"a minimum of {pct(lim.group_min[key])} of the chosen budget in country group {key}"
    if family == "partner_cap":
        if key in lim.partner_share:
            return f"a cap of {pct(lim.partner_share[key])} of the chosen budget for partner {key}"
        return f"a cap of {vnd(lim.partner_amount[key])} for partner {key}"
    if family == "must_do":
        return f"must-do {key} ({vnd(float(arr.cost[arr.index[key]]))})"
    members = lim.exclusive[int(key) - 1]
    return f"at most one of {join_and(list(members))} (exclusive set {key})"


def _explain(arr: Arrays, lim: Limits, items: list[_Item]) -> str:
    """A sentence for the common conflicts, else the list of conflicting constraints."""
    must = [k for f, k in items if f == "must_do"]
    others = [it for it in items if it[0] != "must_do"]
    rows = [arr.index[i] for i in must]
    who = f"must-do {join_and(must)}"
    together = " together" if len(must) > 1 else ""
    verb = "cost" if len(must) > 1 else "costs"
    if must and len(others) == 1:
        family, key = others[0]
        if family == "budget":
            return (
                f"{who} {verb} {vnd(float(arr.cost[rows].sum()))}{together} but the budget "
                f"is {vnd(lim.budget or 0.0)}. Raise the budget or drop one of them."
            )
        if family == "staff":
            need = float(arr.load[rows, int(key) - 1].sum())
            return (
                f"{who} need {need:g} staff-days in month {key}{together} but the capacity "
                f"is {lim.staff[int(key)]:g}. Add capacity, move one of them or drop it."
            )
        if family == "exclusive":
            return f"{who} are mutually exclusive ({_describe(arr, lim, others[0])})."
        if family == "partner_cap" and key in lim.partner_amount:
            return (
                f"{who} {verb} {vnd(float(arr.cost[rows].sum()))}{together} with partner "
                f"{key}, above its cap of {vnd(lim.partner_amount[key])}."
            )
    listed = "; ".join(_describe(arr, lim, it) for it in items)
    return (
        f"These constraints cannot all hold together (drop any one of them and a plan "
        f"exists): {listed}."
    )
