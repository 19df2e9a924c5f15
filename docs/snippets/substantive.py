"""Explanation: deciding by evidence.

Shown on docs/explanation/substantive-vs-ceremonial.md.
"""

# --8<-- [start:classify]
from ppd_core import metrics
from ppd_core.datasets import load_sample

an = metrics.analysis(load_sample())
evidence = metrics.classify_activities(an)
print(
    evidence[["agreement", "resources", "output", "follow_up", "substantive"]]
    .sum()
    .to_string()
)
print(evidence["reason"].value_counts().head(4).to_string())
# --8<-- [end:classify]

# --8<-- [start:by-kind]
by_kind = metrics.substantive_share(an, ["kind"]).sort_values(
    "share_substantive"
)
print(
    by_kind[["kind", "activities", "share_substantive"]]
    .head(4)
    .round(2)
    .to_string(index=False)
)
# --8<-- [end:by-kind]

# --8<-- [start:rule]
from ppd_core.metrics import SubstantiveRule
from ppd_core.vocab import FlowStage

strict = SubstantiveRule(
    output=False, resources_stage=FlowStage.DISBURSED, follow_up_months=6
)
default_share = evidence["substantive"].mean()
strict_share = metrics.classify_activities(an, strict)["substantive"].mean()
print(f"default rule {default_share:.0%}, strict rule {strict_share:.0%}")
# --8<-- [end:rule]
