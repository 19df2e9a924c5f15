"""Standard charts of the measures, in English or Vietnamese, ready for an annual review.

One chart per measure of :mod:`ppd_core.metrics`: each function takes the frame that measure
returns (the network chart takes its graph) and returns a :class:`matplotlib.figure.Figure`
drawn on the non-interactive Agg canvas. Nothing here touches ``pyplot`` or the global
``rcParams``, so charts can be drawn from several threads and on servers without a display.

Every text on a chart — titles, axis labels, legends and category labels — follows ``lang``:
words come from the catalogue (:mod:`ppd_core.i18n`), codes are translated through their
:mod:`ppd_core.vocab` vocabulary, countries through the reference data, and numbers are
written by :mod:`ppd_core.i18n.format` (``1,234.5`` in English, ``1.234,5`` in Vietnamese).

The package, by concept: :mod:`~ppd_core.plots.style` (palette, sizes, figures, saving),
:mod:`~ppd_core.plots.labels` (titles and label placement), the charts in
:mod:`~ppd_core.plots.activity`, :mod:`~ppd_core.plots.resources`,
:mod:`~ppd_core.plots.partners`, :mod:`~ppd_core.plots.results` and
:mod:`~ppd_core.plots.timeline`, and :mod:`~ppd_core.plots.standard` (the nine charts of a
review, from measures computed once).

>>> import tempfile
>>> from pathlib import Path
>>> from ppd_core import metrics, plots
>>> from ppd_core.datasets import load_sample
>>> shares = metrics.substantive_share(load_sample(), ["year"])
>>> fig = plots.substantive_trend(shares, lang="vi")
>>> fig.texts[0].get_text()
'Hoạt động thực chất và hoạt động mang tính nghi lễ, 2021–2026'
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = plots.save(fig, Path(tmp) / "substantive.png")
...     path.stat().st_size > 20_000
True
"""

from ppd_core.plots.activity import activity_trend, substantive_trend
from ppd_core.plots.partners import partner_dynamics_chart, partner_network_chart
from ppd_core.plots.resources import concentration_chart, resources_by_stage
from ppd_core.plots.results import attainment_chart, coverage_chart, scorecard_chart
from ppd_core.plots.standard import CHARTS, StandardMeasures, standard_charts, standard_measures
from ppd_core.plots.style import PALETTE, save
from ppd_core.plots.timeline import work_plan_timeline

__all__ = [
    "CHARTS",
    "PALETTE",
    "StandardMeasures",
    "activity_trend",
    "attainment_chart",
    "concentration_chart",
    "coverage_chart",
    "partner_dynamics_chart",
    "partner_network_chart",
    "resources_by_stage",
    "save",
    "scorecard_chart",
    "standard_charts",
    "standard_measures",
    "substantive_trend",
    "work_plan_timeline",
]
