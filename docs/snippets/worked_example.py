"""Explanation: the measures worked out by hand.

Shown on docs/explanation/measures.md.

The four activities are ppd_core.datasets.worked_example(), the
hand-computed fixture of the library's own tests (tests/test_metrics.py),
so every number below is checked twice.
"""

# --8<-- [start:build]
from ppd_core import metrics as m
from ppd_core.datasets import worked_example

ds = worked_example()
an = m.analysis(ds)
print(ds)
# --8<-- [end:build]

# --8<-- [start:volume]
print(
    m.volume(an)[["activities", "participants", "person_days"]].to_string(
        index=False
    )
)
by_country = m.volume(an, ["country"])
print(
    by_country[["country", "activities", "participants"]].to_string(
        index=False
    )
)
# --8<-- [end:volume]

# --8<-- [start:rollup]
print(
    m.volume(an, ["rollup"])[["rollup", "activities"]].to_string(index=False)
)
# --8<-- [end:rollup]

# --8<-- [start:substantive]
evidence = m.classify_activities(an)
print(
    evidence[["activity_id", "substantive", "reason"]].to_string(index=False)
)
print(m.substantive_share(an, ["year"]).to_string(index=False))
# --8<-- [end:substantive]

# --8<-- [start:follow-up]
print(m.follow_up_rate(an, ["year"]).to_string(index=False))
# --8<-- [end:follow-up]

# --8<-- [start:resources]
rates = m.resource_rates(an).iloc[0]
print(
    rates[
        [
            "pledged",
            "committed",
            "disbursed",
            "conversion_rate",
            "fulfilment_rate",
            "median_days_to_disbursement",
        ]
    ].to_string()
)
print(
    f"own cost {rates['own_cost']:.2f} USD, leverage {rates['leverage']:.1f}"
)
by_country = m.resources_mobilised(an, ["country"])
paid = by_country[by_country["stage"] == "disbursed"].groupby(
    "country", observed=True
)["amount"]
print(paid.sum().to_string())
# --8<-- [end:resources]

# --8<-- [start:partners]
print(m.partner_dynamics(an).to_string(index=False))
print(
    m.concentration(an, over="country")[
        ["parties", "hhi", "equivalent_parties"]
    ]
    .round(3)
    .to_string(index=False)
)
print(
    m.shared_partners(an)[
        ["partner", "organisations", "organisation_ids"]
    ].to_string(index=False)
)
# --8<-- [end:partners]

# --8<-- [start:coverage]
coverage = m.priority_coverage(
    an, plan={"culture_education": 1, "community_health": 1}
)
print(
    coverage[coverage["activities"] > 0][
        [
            "priority_area",
            "activities",
            "share_activities",
            "planned_share",
            "gap",
        ]
    ].to_string(index=False)
)
# --8<-- [end:coverage]

# --8<-- [start:targets]
targets = m.target_attainment(an)
print(
    targets[
        ["indicator_id", "baseline", "target", "actual", "progress", "status"]
    ].to_string(index=False)
)
# --8<-- [end:targets]

# --8<-- [start:disparity]
print(m.gini([1, 2, 3, 4]), m.coefficient_of_variation([2, 4, 6]))
# --8<-- [end:disparity]
