"""Measures of effectiveness: pure functions over a Dataset's tables, each a tidy frame.

Every measure takes a :class:`~ppd_core.Dataset`, its frames, or an :class:`Analysis` (build
one with :func:`analysis` to share preparation across a panel) and a ``by`` list of
:data:`DIMENSIONS`. Split dimensions are pro-rated by their percentages, so sums by country,
province or priority area add up to the total; overlapping dimensions (partner, SDG, country
group) count an activity in every group it belongs to. Each function's docstring states its
formula.

Evaluations on the six OECD-DAC criteria are read back as tables by
:mod:`ppd_core.metrics.evaluation` (summaries, weak criteria, consistency checks).

>>> from ppd_core.datasets import load_sample
>>> from ppd_core import metrics
>>> an = metrics.analysis(load_sample())
>>> by_country = metrics.volume(an, ["country"])
>>> round(by_country["activities"].sum()) == len(an.activities)
True

Counts are integers unless pro-rated, and one dimension may be given as a string:

>>> metrics.volume(an, by="year")["activities"].dtype
Int64Dtype()

Money columns keep their own currencies: :func:`total` adds one only in one currency (or
converts it when told to), :func:`in_currency` converts it row by row.
"""

from ppd_core.metrics._base import DIMENSIONS, NONE, Analysis, analysis
from ppd_core.metrics.activity import (
    SubstantiveRule,
    classify_activities,
    follow_up_rate,
    substantive_share,
    volume,
)
from ppd_core.metrics.coverage import priority_coverage, sdg_coverage
from ppd_core.metrics.money import in_currency, total
from ppd_core.metrics.network import (
    concentration,
    critical_partners,
    hhi,
    lapsed_partners,
    partner_dynamics,
    partner_graph,
    partner_mix,
    shared_partners,
)
from ppd_core.metrics.resources import convert, resource_rates, resources_mobilised
from ppd_core.metrics.scores import (
    DEFAULT_WEIGHTS,
    coefficient_of_variation,
    disparity,
    gini,
    scorecard,
)
from ppd_core.metrics.targets import (
    Thresholds,
    attainment_progress,
    target_attainment,
    target_lies_beyond,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "DIMENSIONS",
    "NONE",
    "Analysis",
    "SubstantiveRule",
    "Thresholds",
    "analysis",
    "attainment_progress",
    "classify_activities",
    "coefficient_of_variation",
    "concentration",
    "convert",
    "critical_partners",
    "disparity",
    "follow_up_rate",
    "gini",
    "hhi",
    "in_currency",
    "lapsed_partners",
    "partner_dynamics",
    "partner_graph",
    "partner_mix",
    "priority_coverage",
    "resource_rates",
    "resources_mobilised",
    "scorecard",
    "sdg_coverage",
    "shared_partners",
    "substantive_share",
    "target_attainment",
    "target_lies_beyond",
    "total",
    "volume",
]
