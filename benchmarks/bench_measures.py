"""The full panel of measures on synthetic activities vs a hand-written pandas baseline.

Target (issue 4): the panel on 1M activities in under 10 s on 2 cores, within 2× of a
hand-written single-pass pandas baseline computing the same numbers, peak memory under 2 GB.
The baseline is written independently of ``ppd_core.metrics`` (plain merges and group-bys on
the frames); the run checks that both give the same numbers before comparing their times.

    python -m benchmarks measures [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import numpy as np
import pandas as pd

from benchmarks._common import finish, measure, run_isolated

DEFAULT_SIZES = [100_000, 1_000_000]


def panel(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The panel, computed with ``ppd_core.metrics``."""
    from ppd_core import metrics as m

    an = m.analysis(frames)
    res = m.resources_mobilised(an, ["year"])
    return {
        "volume_org_year": m.volume(an, ["organisation", "year"]),
        "volume_country": m.volume(an, ["country"]),
        "substantive_year": m.substantive_share(an, ["year"]),
        "follow_up_year": m.follow_up_rate(an, ["year"]),
        "resources_year": res.groupby(["year", "stage"], observed=True)["amount"]
        .sum()
        .reset_index(),
        "rates": m.resource_rates(an),
        "dynamics": m.partner_dynamics(an),
        "hhi_year": m.concentration(an, ["year"]),
        "coverage": m.priority_coverage(an),
        "country_groups": m.volume(an, ["country_group"]),
    }


def baseline(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The same numbers, hand-written in plain pandas, each intermediate computed once."""
    from ppd_core.reference import default_reference
    from ppd_core.vocab import CountryGroup

    ref = default_reference()
    a = frames["activities"]
    start = a["actual_start"].fillna(a["planned_start"])
    end = a["actual_end"].fillna(a["planned_end"]).fillna(start)
    acts = pd.DataFrame(
        {
            "activity_id": a["id"],
            "organisation": a["lead_organisation_id"],
            "year": start.dt.year,
            "start": start,
            "end": end,
            "participants": a["participants_total"].astype("float64").fillna(0),
        }
    )
    out: dict[str, pd.DataFrame] = {}
    out["volume_org_year"] = (
        acts.groupby(["organisation", "year"])
        .agg(activities=("activity_id", "size"), participants=("participants", "sum"))
        .reset_index()
    )
    c = frames["activity_countries"].merge(acts[["activity_id", "participants"]], on="activity_id")
    w = c["percentage"] / 100
    out["volume_country"] = (
        pd.DataFrame(
            {"country": c["country"], "activities": w, "participants": w * c["participants"]}
        )
        .groupby("country")
        .sum()
        .reset_index()
    )

    # substantive: agreement, other output, resources committed or later, follow-up ≤ 12 months
    o = frames["activity_outputs"]
    o = o[o["count"] > 0]
    evidence = set(o["activity_id"])
    f = frames["resource_flows"]
    evidence |= set(
        f.loc[f["stage"].isin(["committed", "disbursed"]) & (f["amount"] > 0), "activity_id"]
    )
    fu = (
        acts.loc[a["follow_up_of"].notna().to_numpy(), ["start"]]
        .assign(earlier=a["follow_up_of"].dropna().to_numpy())
        .merge(acts[["activity_id", "end"]], left_on="earlier", right_on="activity_id")
    )
    ok = (fu["start"] >= fu["end"]) & (fu["start"] <= fu["end"] + pd.DateOffset(months=12))
    evidence |= set(fu.loc[ok, "earlier"])
    subst = acts["activity_id"].isin(evidence)
    out["substantive_year"] = (
        subst.groupby(acts["year"]).mean().rename("share_substantive").reset_index()
    )

    # follow-up with a shared partner
    ap = frames["activity_partners"][["activity_id", "partner_id"]].drop_duplicates()
    pairs = fu.loc[fu["start"] >= fu["end"], ["earlier"]].assign(
        follower=acts.loc[a["follow_up_of"].notna().to_numpy(), "activity_id"].to_numpy()[
            (fu["start"] >= fu["end"]).to_numpy()
        ]
        if len(fu)
        else []
    )
    shared = pairs.merge(ap, left_on="follower", right_on="activity_id").merge(
        ap, left_on=["earlier", "partner_id"], right_on=["activity_id", "partner_id"]
    )
    followed = acts["activity_id"].isin(set(shared["earlier"]))
    out["follow_up_year"] = (
        followed.groupby(acts["year"]).mean().rename("follow_up_rate").reset_index()
    )

    # resources in USD at the annual rate of each flow's date
    rates = ref.rates_frame().set_index(["year", "currency"])["usd_per_unit"]
    fyear = f["date"].dt.year
    usd = (
        f["amount"].astype("float64").to_numpy()
        * rates.reindex(pd.MultiIndex.from_arrays([fyear, f["currency"].astype("str")])).to_numpy()
    )
    flows = pd.DataFrame(
        {
            "activity_id": f["activity_id"],
            "partner": f["partner_id"],
            "stage": f["stage"].astype("str"),
            "year": fyear,
            "usd": usd,
        }
    )
    out["resources_year"] = (
        flows.groupby(["year", "stage"])["usd"].sum().rename("amount").reset_index()
    )
    totals = flows.groupby("stage")["usd"].sum()
    cost_usd = (
        a["cost_amount"].astype("float64")
        * rates.reindex(
            pd.MultiIndex.from_arrays([acts["year"], a["cost_currency"].astype("str")])
        ).to_numpy()
    )
    out["rates"] = pd.DataFrame(
        {
            "pledged": [totals.get("pledged", 0.0)],
            "committed": [totals.get("committed", 0.0)],
            "disbursed": [totals.get("disbursed", 0.0)],
            "conversion_rate": [totals.get("committed", 0.0) / totals.get("pledged", np.nan)],
            "fulfilment_rate": [totals.get("disbursed", 0.0) / totals.get("pledged", np.nan)],
            "leverage": [totals.get("disbursed", 0.0) / float(cost_usd.sum())],
        }
    )

    # partner dynamics
    eng = ap.merge(acts[["activity_id", "year"]], on="activity_id")[["partner_id", "year"]]
    eng = eng.drop_duplicates().reset_index(drop=True)
    first = eng.groupby("partner_id")["year"].transform("min")
    prev = eng.assign(year=eng["year"] + 1, was=True)
    cur = eng.merge(prev, on=["partner_id", "year"], how="left")
    dyn = pd.DataFrame(
        {
            "year": eng["year"],
            "active": 1,
            "new": (eng["year"] == first).astype(int),
            "retained": cur["was"].fillna(False).astype(int),
        }
    )
    out["dynamics"] = dyn.groupby("year").sum().reset_index()

    # HHI over partners of disbursed resources, per year
    disb = flows[flows["stage"] == "disbursed"].groupby(["year", "partner"])["usd"].sum()
    share_ = disb / disb.groupby(level="year").transform("sum")
    out["hhi_year"] = (share_**2).groupby(level="year").sum().rename("hhi").reset_index()

    # coverage: activity shares per priority area (pro-rated)
    p = frames["activity_priority_areas"]
    out["coverage"] = (
        (p.groupby("area")["percentage"].sum() / 100 / len(a))
        .rename("share_activities")
        .reset_index()
    )

    # country groups on the start date
    cday = c["activity_id"].map(acts.set_index("activity_id")["start"])
    rows = []
    for group in CountryGroup:
        member = ref.in_group(group, c["country"].astype("str"), cday).to_numpy()
        rows.append(
            {
                "country_group": group.value,
                "activities": float(c.loc[member, "percentage"].sum() / 100),
            }
        )
    out["country_groups"] = pd.DataFrame(rows)
    return out


def _check_same(lib: dict[str, pd.DataFrame], base: dict[str, pd.DataFrame]) -> None:
    """Assert the library and the baseline agree on every number of the panel."""

    def close(x: Any, y: Any, what: str) -> None:
        np.testing.assert_allclose(
            np.asarray(x, dtype=float),
            np.asarray(y, dtype=float),
            rtol=1e-9,
            atol=1e-6,
            err_msg=what,
        )

    def keyed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        out = frame.copy()
        for k in keys:
            out[k] = out[k].astype("str")
        return out.set_index(keys).sort_index()

    v = keyed(lib["volume_org_year"], ["organisation", "year"])
    b = keyed(base["volume_org_year"], ["organisation", "year"])
    close(v["activities"], b["activities"], "volume org×year")
    close(v["participants"], b["participants"], "participants org×year")
    vc = lib["volume_country"].set_index("country")
    bc = base["volume_country"].set_index("country")
    close(vc.loc[bc.index.astype(str), "activities"], bc["activities"], "volume by country")
    close(
        keyed(lib["substantive_year"], ["year"])["share_substantive"],
        keyed(base["substantive_year"], ["year"])["share_substantive"],
        "substantive share",
    )
    close(
        keyed(lib["follow_up_year"], ["year"])["follow_up_rate"],
        keyed(base["follow_up_year"], ["year"])["follow_up_rate"],
        "follow-up rate",
    )
    r = keyed(lib["resources_year"], ["year", "stage"])
    br = keyed(base["resources_year"], ["year", "stage"])
    # the library lists every (year, stage) with a zero where nothing was mobilised
    close(r["amount"], br["amount"].reindex(r.index, fill_value=0.0), "resources by stage")
    for col in (
        "pledged",
        "committed",
        "disbursed",
        "conversion_rate",
        "fulfilment_rate",
        "leverage",
    ):
        close(lib["rates"][col], base["rates"][col], f"rates: {col}")
    d = lib["dynamics"]
    for col in ("active", "new", "retained"):
        close(d[col], base["dynamics"][col], f"partner dynamics: {col}")
    close(
        keyed(lib["hhi_year"], ["year"])["hhi"],
        keyed(base["hhi_year"], ["year"])["hhi"],
        "HHI by year",
    )
    cov = lib["coverage"].set_index("priority_area")["share_activities"]
    bcov = base["coverage"].set_index("area")["share_activities"]
    close(cov.loc[bcov.index.astype(str)], bcov, "priority coverage")
    g = lib["country_groups"].set_index("country_group")["activities"]
    bg = base["country_groups"].set_index("country_group")["activities"]
    close(g.reindex(bg.index).fillna(0), bg, "country groups")


def child(n: int, which: str) -> dict[str, Any]:
    """Time one side (``panel`` or ``baseline``) in an isolated process."""
    import gc

    import pyarrow as pa

    from ppd_core.datasets import synthetic_frames

    frames = synthetic_frames(seed=1, activities=n)
    gc.collect()
    pa.default_memory_pool().release_unused()
    fn = panel if which == "panel" else baseline
    figures = measure(lambda: fn(frames))
    return {"side": which, "activities": n, **figures}


def main(sizes: list[int]) -> dict[str, Any]:
    """Check agreement on a small dataset, then time both sides at every size."""
    from ppd_core.datasets import synthetic_frames

    small = synthetic_frames(seed=2, activities=20_000)
    _check_same(panel(small), baseline(small))
    print("  the panel and the baseline agree on every number (20,000 activities)")
    runs = []
    for n in sizes:
        lib = run_isolated("bench_measures", str(n), "panel")
        base = run_isolated("bench_measures", str(n), "baseline")
        ratio = lib["seconds"] / base["seconds"]
        runs.append({"activities": n, "panel": lib, "baseline": base, "ratio": ratio})
        print(
            f"{n:>9,} activities | panel: {lib['seconds']:6.2f} s peak {lib['peak_mb']:6.0f} MB"
            f" | baseline: {base['seconds']:6.2f} s peak {base['peak_mb']:6.0f} MB"
            f" | panel/baseline ×{ratio:.2f}"
        )
    big = runs[-1]
    targets = {
        "panel_under_10s": big["panel"]["seconds"] < 10,
        "within_2x_of_baseline": big["ratio"] <= 2,
        "peak_under_2GB": big["panel"]["peak_mb"] < 2048,
    }
    return finish("measures", runs, targets, f"at {big['activities']:,} activities")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", nargs=2, metavar=("N", "SIDE"))
    parser.add_argument("--sizes", nargs="+", type=int, default=DEFAULT_SIZES)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1])))
        sys.exit(0)
    main(args.sizes)
