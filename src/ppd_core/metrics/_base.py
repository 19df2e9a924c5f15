"""The grouping engine every measure shares: an :class:`Analysis` and its dimensions.

An :class:`Analysis` prepares a Dataset's tables once (activity start dates, the lead
organisation's level and parent, link tables keyed by the integer row of their activity) so
that a whole panel of measures reuses the work. :meth:`Analysis.expand` lays activities out
by any combination of :data:`DIMENSIONS`, one row per (activity, group) with a ``weight``:

* split dimensions (``country``, ``province``, ``priority_area``) are **pro-rated**: an
  activity 60 % in Cambodia and 40 % in Laos has weight 0.6 and 0.4, so sums by country add up
  to the unsplit total;
* many-to-many dimensions (``partner``, ``partner_type``, ``sdg``, ``country_group``) count
  the activity whole in each group it belongs to (weight 1; ``country_group`` carries the share
  of the activity's countries in that group on the activity's start date), so their groups
  overlap and do not add up;
* everything else is one value per activity.

Activities with no value for a dimension fall in the group ``"(none)"``, so nothing is lost.

``by`` is a list of dimensions, or one dimension as a string (``by="year"`` is
``by=["year"]``; see :func:`dimensions`). Counts (activities, participants, person-days) are
integers (``Int64``) unless a pro-rated dimension (:data:`FRACTIONAL`) makes them fractional.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from ppd_core._fast import codes_of, to_arrow
from ppd_core.reference import ReferenceData, default_reference
from ppd_core.vocab import CountryGroup

if TYPE_CHECKING:
    from ppd_core.dataset import Dataset

__all__ = [
    "DIMENSIONS",
    "FRACTIONAL",
    "NONE",
    "Analysis",
    "analysis",
    "categorical",
    "dimensions",
    "period_categorical",
    "recode",
    "share",
]

NONE = "(none)"
"""The group of activities that have no value for a dimension."""

DIMENSIONS: dict[str, str] = {
    "organisation": "the lead organisation (id)",
    "level": "the lead organisation's level (central, provincial, grassroots)",
    "parent": "the lead organisation's parent (itself at the top): a roll-up one level up",
    "rollup": "the member of the system the lead belongs to: its ancestor just below the top "
    "(a club counts with its provincial union), itself at the top",
    "org_province": "the lead organisation's province",
    "year": "year the activity starts (actual start, else planned)",
    "quarter": "quarter the activity starts, e.g. 2025Q3",
    "month": "month the activity starts, e.g. 2025-03",
    "kind": "activity kind",
    "modality": "in person, online or hybrid",
    "status": "activity status",
    "province": "province where it takes place (pro-rated by percentage)",
    "country": "partner country (pro-rated by percentage)",
    "priority_area": "priority area (pro-rated by percentage)",
    "country_group": "country group of its countries on its start date (overlapping)",
    "partner": "each partner taking part (overlapping)",
    "partner_type": "type of each partner taking part (overlapping)",
    "sdg": "each SDG the activity contributes to (overlapping)",
}
"""Every dimension measures can be grouped by, with what it means."""

_MULTI = {"province", "country", "priority_area", "country_group", "partner", "partner_type", "sdg"}
"""Dimensions with possibly several groups per activity (all others have exactly one)."""
_PRORATED = {
    "province": "activity_provinces",
    "country": "activity_countries",
    "priority_area": "activity_priority_areas",
}
FRACTIONAL = frozenset({*_PRORATED, "country_group"})
"""Dimensions whose weights are shares: counts grouped by them are fractional (``float64``)."""

Dimensions = str | Sequence[str]
"""What ``by`` takes: one dimension (``"year"``) or several (``["year", "kind"]``)."""


def dimensions(by: Dimensions) -> list[str]:
    """``by`` as a list: one dimension given as a string is a grouping by that dimension.

    >>> dimensions("year"), dimensions(("year", "kind")), dimensions(())
    (['year'], ['year', 'kind'], [])
    """
    names = [by] if isinstance(by, str) else list(by)
    wrong = [d for d in names if not isinstance(d, str)]
    if wrong:
        raise TypeError(f"Dimensions are names such as 'year'; got {wrong[0]!r}.")
    return names


_LINK_VALUE = {
    "activity_provinces": "province",
    "activity_countries": "country",
    "activity_priority_areas": "area",
}


@dataclass
class Analysis:
    """A Dataset's tables prepared for measures (build it once with :func:`analysis`).

    Attributes:
        frames: The Dataset's tables.
        reference: Reference data for country groups and exchange rates.
    """

    frames: Mapping[str, pd.DataFrame]
    reference: ReferenceData = field(default_factory=default_reference)

    @cached_property
    def activities(self) -> pd.DataFrame:
        """The activities with ``start``, ``end`` and ``year`` derived (one row each)."""
        a = self.frames["activities"]
        start = a["actual_start"].fillna(a["planned_start"])
        end = a["actual_end"].fillna(a["planned_end"]).fillna(start)
        return pd.DataFrame(
            {
                "id": a["id"],
                "organisation": a["lead_organisation_id"],
                "start": start,
                "end": end,
                "year": start.dt.year.astype("Int64"),
                "kind": a["kind"],
                "modality": a["modality"],
                "status": a["status"],
            }
        )

    @cached_property
    def _ids(self) -> Any:
        return pc.drop_null(to_arrow(self.frames["activities"]["id"]))

    def rows_for(self, ids: pd.Series) -> np.ndarray:
        """The activity row of each id (-1 when it is not an activity of the dataset)."""
        found = pc.index_in(to_arrow(ids).cast(self._ids.type), value_set=self._ids)
        return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)

    def link(self, table: str) -> pd.DataFrame:
        """A link table of the activities with an integer ``row`` column (the activity's row)."""
        if table not in self._links:
            frame = self.frames[table]
            rows = self.rows_for(frame["activity_id"])
            self._links[table] = frame.assign(row=rows)[rows >= 0]
        return self._links[table]

    @cached_property
    def _links(self) -> dict[str, pd.DataFrame]:
        return {}

    @cached_property
    def _scalars(self) -> dict[str, pd.Categorical]:
        return {}

    @cached_property
    def rollup_of(self) -> dict[str, str]:
        """Organisation id → its ancestor just below the top of the hierarchy (or itself)."""
        orgs = self.frames["organisations"].drop_duplicates("id")
        parent = dict(zip(orgs["id"].tolist(), orgs["parent_id"].tolist(), strict=True))
        out: dict[str, str] = {}
        for org in parent:
            chain = [org]
            while isinstance(parent.get(chain[-1]), str) and len(chain) <= len(parent):
                chain.append(str(parent[chain[-1]]))
            out[org] = chain[-2] if len(chain) >= 2 else chain[-1]
        return out

    def members_of(self, organisation: str) -> set[str]:
        """The organisation and every organisation below it in the hierarchy."""
        from ppd_core.integrity import units_below

        return units_below(self.frames["organisations"].drop_duplicates("id"), organisation)

    @cached_property
    def partner_types(self) -> pd.Series:
        """Partner id → partner type."""
        p = self.frames["partners"].drop_duplicates("id")
        return pd.Series(p["type"].astype("str").to_numpy(), index=p["id"].to_numpy())

    def column(self, name: str) -> pd.Categorical:
        """A one-value-per-activity dimension as a categorical (missing → ``(none)``)."""
        if name not in self._scalars:
            self._scalars[name] = self._scalar(name)
        return self._scalars[name]

    def _scalar(self, name: str) -> pd.Categorical:
        a = self.activities
        if name in ("organisation", "kind", "modality", "status"):
            return categorical(a[name])
        if name == "rollup":
            lead = self.column("organisation")
            labels = pd.Series(lead.categories, dtype=object)
            return recode(lead, labels.map(self.rollup_of))
        if name in ("level", "parent", "org_province"):
            orgs = self.frames["organisations"].drop_duplicates("id").set_index("id")
            lead = self.column("organisation")
            labels = pd.Series(lead.categories, dtype=object)
            if name == "parent":
                mapped = labels.map(orgs["parent_id"]).fillna(labels)
            else:
                source = "level" if name == "level" else "province"
                mapped = labels.map(orgs[source].astype(object))
            return recode(lead, mapped)
        if name in ("year", "quarter", "month"):
            return period_categorical(a["start"], name)
        raise ValueError(f"Unknown dimension {name!r}. Group by any of: {', '.join(DIMENSIONS)}.")

    def _dimension(self, name: str) -> pd.DataFrame:
        """Rows (``row``, ``weight``, ``name``) for a one-to-many dimension."""
        n = len(self.activities)
        if name in _PRORATED:
            table = _PRORATED[name]
            link = self.link(table)
            part = pd.DataFrame(
                {
                    "row": link["row"].to_numpy(),
                    "weight": link["percentage"].to_numpy(dtype="float64") / 100.0,
                    name: categorical(link[_LINK_VALUE[table]]),
                }
            )
            return _with_missing(part, n, name)
        if name in ("partner", "partner_type"):
            link = self.link("activity_partners").drop_duplicates(["row", "partner_id"])
            values = categorical(link["partner_id"])
            if name == "partner_type":
                labels = pd.Series(values.categories, dtype=object)
                values = recode(values, labels.map(self.partner_types))
            part = pd.DataFrame({"row": link["row"].to_numpy(), "weight": 1.0, name: values})
            if name == "partner_type":
                part = part.drop_duplicates(["row", name])
            return _with_missing(part, n, name)
        if name == "sdg":
            link = self.link("activity_sdgs")
            part = pd.DataFrame(
                {"row": link["row"].to_numpy(), "weight": 1.0, name: categorical(link["sdg"])}
            )
            return _with_missing(part, n, name)
        if name == "country_group":
            return self._country_groups()
        raise ValueError(f"Unknown dimension {name!r}. Group by any of: {', '.join(DIMENSIONS)}.")

    def _country_groups(self) -> pd.DataFrame:
        link = self.link("activity_countries")
        day = pd.Series(self.activities["start"].to_numpy()[link["row"].to_numpy()])
        country = pd.Series(categorical(link["country"]))
        parts = []
        for group in CountryGroup:
            member = self.reference.in_group(group, country, day).to_numpy()
            if member.any():
                sub = link[member]
                shares = (
                    pd.Series(sub["percentage"].to_numpy() / 100.0)
                    .groupby(sub["row"].to_numpy())
                    .sum()
                )
                parts.append(
                    pd.DataFrame(
                        {
                            "row": shares.index.to_numpy(),
                            "weight": shares.to_numpy(),
                            "country_group": group.value,
                        }
                    )
                )
        part = (
            pd.concat(parts, ignore_index=True)
            if parts
            else pd.DataFrame({"row": [], "weight": [], "country_group": []})
        )
        part["country_group"] = pd.Categorical(
            part["country_group"], categories=[g.value for g in CountryGroup]
        )
        return _with_missing(part, len(self.activities), "country_group")

    def expand(self, by: Dimensions) -> pd.DataFrame:
        """One row per (activity, group) with columns ``row``, ``weight`` and the dimensions.

        Weights multiply across dimensions (an activity 60 % in Cambodia and half about
        health counts 0.3 in the Cambodia × health group).
        """
        by = dimensions(by)
        n = len(self.activities)
        out = pd.DataFrame({"row": np.arange(n), "weight": np.ones(n)})
        scalar = [d for d in by if d not in _MULTI]
        for name in [d for d in by if d in _MULTI]:  # one-to-many first: they add rows
            dim = self._dimension(name)
            out = out.merge(dim, on="row", how="inner", suffixes=("", "_d"))
            out["weight"] = out["weight"] * out.pop("weight_d")
        rows = out["row"].to_numpy()
        for name in scalar:  # one value per activity: a lookup, no merge
            cat = self.column(name)
            out[name] = pd.Categorical.from_codes(cat.codes[rows], dtype=cat.dtype)
        return out[["row", "weight", *by]]

    def sum_by(
        self,
        values: Mapping[str, np.ndarray | pd.Series],
        by: Dimensions,
        *,
        counts: Collection[str] = (),
    ) -> pd.DataFrame:
        """Weighted sums of per-activity ``values`` by the dimensions ``by``.

        Args:
            values: Arrays aligned with :attr:`activities` (one value per activity).
            by: Dimensions (see :data:`DIMENSIONS`); empty for the overall total.
            counts: The values that count whole things (activities, people): their sums are
                integers (``Int64``) unless ``by`` holds a :data:`FRACTIONAL` dimension.

        Returns:
            One row per group (columns: the dimensions, then one per value), sorted by group.
        """
        by = dimensions(by)
        summed = self._sum_by(values, by)
        if FRACTIONAL.isdisjoint(by):
            for name in counts:
                summed[name] = summed[name].round().astype("Int64")
        return summed

    def _sum_by(self, values: Mapping[str, np.ndarray | pd.Series], by: list[str]) -> pd.DataFrame:
        expanded = self.expand(by)
        rows = expanded["row"].to_numpy()
        weight = expanded["weight"].to_numpy()
        data = {
            k: np.nan_to_num(np.asarray(v, dtype="float64"))[rows] * weight
            for k, v in values.items()
        }
        frame = pd.DataFrame({**{d: expanded[d] for d in by}, **data})
        if not by:
            return pd.DataFrame({k: [float(v.sum())] for k, v in data.items()})
        return frame.groupby(list(by), sort=True, observed=True).sum().reset_index()


def _with_missing(part: pd.DataFrame, n: int, name: str) -> pd.DataFrame:
    """Add a ``(none)`` row (weight 1) for activities absent from ``part``."""
    present = np.zeros(n, dtype=bool)
    present[part["row"].to_numpy(dtype=np.int64)] = True
    missing = np.flatnonzero(~present)
    values = part[name]
    cats = list(values.cat.categories) if isinstance(values.dtype, pd.CategoricalDtype) else []
    dtype = pd.CategoricalDtype([*[c for c in cats if c != NONE], NONE])
    part = part.assign(**{name: values.astype(dtype)})
    if len(missing):
        filler = pd.Categorical.from_codes(
            np.full(len(missing), len(dtype.categories) - 1), dtype=dtype
        )
        part = pd.concat(
            [part, pd.DataFrame({"row": missing, "weight": 1.0, name: filler})],
            ignore_index=True,
        )
    part["row"] = part["row"].astype(np.int64)
    return part


def categorical(values: pd.Series) -> pd.Categorical:
    """A column as a categorical of its string labels; missing values become ``(none)``.

    Codes come from Arrow's dictionary encoding (or the column's own categories), so the
    labels are built once per distinct value, not once per row.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        labels = [str(c) for c in values.cat.categories]
    elif values.dtype == "str":
        codes, uniques = codes_of(values)
        labels = [str(u) for u in uniques]
    else:
        factorised, found = pd.factorize(values, use_na_sentinel=True)
        codes, labels = np.asarray(factorised), [str(u) for u in found]
    if (codes < 0).any() or not labels:
        codes = np.where(codes < 0, len(labels), codes)
        labels = [*labels, NONE]
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object))


def recode(cat: pd.Categorical, mapped: pd.Series) -> pd.Categorical:
    """Map a categorical's categories through ``mapped`` (aligned with the categories)."""
    labels = mapped.astype(object).where(mapped.notna(), NONE).astype(str)
    new_codes, uniques = pd.factorize(labels)
    codes = np.asarray(cat.codes)
    out = np.where(codes < 0, -1, new_codes[np.maximum(codes, 0)])
    names = [str(u) for u in uniques]
    if (out < 0).any():
        out = np.where(out < 0, len(names), out)
        names = [*names, NONE]
    return pd.Categorical.from_codes(out, categories=pd.Index(names, dtype=object))


def period_categorical(dates: pd.Series, unit: str) -> pd.Categorical:
    """Year, quarter or month of dates, as a sorted categorical.

    Years are integers (so ``table["year"] == 2025`` works), quarters ``2025Q3``, months
    ``2025-03``.
    """
    year = dates.dt.year.to_numpy(dtype="float64", na_value=np.nan)
    if unit == "year":
        key = year
    elif unit == "quarter":
        key = year * 10 + dates.dt.quarter.to_numpy(dtype="float64", na_value=np.nan)
    else:
        key = year * 100 + dates.dt.month.to_numpy(dtype="float64", na_value=np.nan)
    missing = np.isnan(key)
    uniques = np.unique(key[~missing]).astype(np.int64)
    codes = np.searchsorted(uniques, np.nan_to_num(key).astype(np.int64))
    labels: list[object]
    if unit == "year":
        labels = [int(k) for k in uniques]
    elif unit == "quarter":
        labels = [f"{k // 10}Q{k % 10}" for k in uniques]
    else:
        labels = [f"{k // 100}-{k % 100:02d}" for k in uniques]
    if missing.any():
        codes = np.where(missing, len(labels), codes)
        labels = [*labels, NONE]
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object), ordered=True)


def analysis(data: Dataset | Mapping[str, pd.DataFrame] | Analysis) -> Analysis:
    """Prepare a Dataset (or its frames) for measures; an :class:`Analysis` passes through."""
    if isinstance(data, Analysis):
        return data
    from ppd_core.dataset import Dataset

    frames = data.to_frames() if isinstance(data, Dataset) else data
    return Analysis(frames)


def share(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator`` with 0/0 → NaN (an empty group has no share)."""
    den = denominator.astype("float64")
    return numerator.astype("float64") / den.where(den != 0)
