"""Words and numbers for people, in English or Vietnamese: one catalogue, one formatter.

* :mod:`ppd_core.i18n.catalogue` — :data:`Lang`, :func:`text` and :func:`plural`: English
  source strings translated through the gettext catalogues in ``locale/``;
* :mod:`ppd_core.i18n.format` — numbers, percentages, dates, money and signed differences,
  per language, with Babel's CLDR locale data.

Maintainers update the catalogues with ``python -m ppd_core.i18n`` (or
``python3 tasks.py i18n``): ``extract`` rewrites the template ``ppd_core.pot`` from the code,
``update`` merges it into each ``ppd_core.po``, ``compile`` writes the ``.mo`` files and
``check`` fails when any of them is out of date or a text lacks its translation.

>>> from ppd_core.i18n import text
>>> text("Partners", "vi")
'Đối tác'
"""

from ppd_core.i18n.catalogue import (
    DOMAIN,
    LANGS,
    N_,
    Lang,
    Phrase,
    bilingual,
    default_lang,
    label,
    localise,
    phrase,
    plural,
    text,
    translations,
)
from ppd_core.i18n.format import (
    MINUS,
    MISSING,
    NBSP,
    count,
    day,
    money,
    number,
    percent,
    points,
    signed,
)

__all__ = [
    "DOMAIN",
    "LANGS",
    "MINUS",
    "MISSING",
    "NBSP",
    "N_",
    "Lang",
    "Phrase",
    "bilingual",
    "count",
    "day",
    "default_lang",
    "label",
    "localise",
    "money",
    "number",
    "percent",
    "phrase",
    "plural",
    "points",
    "signed",
    "text",
    "translations",
]
