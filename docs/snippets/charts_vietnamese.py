"""How-to: draw the standard charts in Vietnamese.

Shown on docs/how-to/charts-vietnamese.md.
"""

# --8<-- [start:all]
from pathlib import Path

from ppd_core import plots
from ppd_core.datasets import load_sample

ds = load_sample()
charts = plots.standard_charts(ds, year=2025, lang="vi", currency="VND")
out = Path("bao-cao-2025")
for name, figure in charts.items():
    plots.save(figure, out / f"{name}.png")
for path in sorted(out.iterdir()):
    print(path)
print(charts["substantive_trend"].texts[0].get_text())
# --8<-- [end:all]

# --8<-- [start:one]
from ppd_core import metrics

an = metrics.analysis(ds)
resources = metrics.resources_mobilised(an, ["year"], currency="VND")
figure = plots.resources_by_stage(resources, "VND", lang="vi")
plots.save(figure, out / "nguon-luc.svg")  # SVG for print: sharp at any size
print(figure.texts[0].get_text())
# --8<-- [end:one]

# --8<-- [start:english]
shares = metrics.substantive_share(an, ["year"])
for lang in ("vi", "en"):
    figure = plots.substantive_trend(shares, lang=lang)
    print(lang, "|", figure.texts[0].get_text())
# --8<-- [end:english]

# --8<-- [start:once]
# the measures, computed once
measures = plots.standard_measures(ds, year=2025, currency="VND")
for language in ("vi", "en"):
    # drawn from the same measures, in each language
    charts = plots.standard_charts(measures, lang=language)
    print(language, "|", charts["coverage"].texts[0].get_text())
# --8<-- [end:once]
