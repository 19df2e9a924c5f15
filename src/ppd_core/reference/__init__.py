"""Dated reference data: countries, currencies, country groupings and exchange rates.

The data ship as CSV files in ``ppd_core/reference/data/`` (sources and dates in its
``SOURCES.md``). Lookups take a date, because groupings change: a country's groups *on* a day,
the rate of a year, never "today's" answer applied to the past.

>>> from datetime import date
>>> from ppd_core.reference import default_reference
>>> ref = default_reference()
>>> ref.country_name("KH", "vi")
'Campuchia'
>>> sorted(g.value for g in ref.groups_of("KH", date(2020, 1, 1)))
['asean', 'neighbour']
>>> "TL" in ref.members(CountryGroup.ASEAN, date(2024, 1, 1))
False

Users override the shipped files by pointing :func:`load_reference` at a directory holding
files of the same names and columns (files absent there fall back to the shipped ones), then
making it the default with :func:`set_default_reference`.
"""

from ppd_core.reference._lookups import (
    FILES,
    GroupMembership,
    ReferenceData,
    default_reference,
    load_reference,
    set_default_reference,
    using_reference,
)
from ppd_core.vocab import CountryGroup

__all__ = [
    "FILES",
    "CountryGroup",
    "GroupMembership",
    "ReferenceData",
    "default_reference",
    "load_reference",
    "set_default_reference",
    "using_reference",
]
