"""Value types the results framework and the work plans share: measured numbers, translations.

* :data:`Measure` — a finite number measured or targeted for an indicator (no ``inf``/``nan``);
* :data:`Vietnamese` — the Vietnamese text of an English field, which the Vietnamese review
  shows (see :func:`ppd_core.i18n.bilingual`).

Both are optional: a field declared with them defaults to ``None``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

__all__ = ["Measure", "Vietnamese"]

Measure = Annotated[float | None, Field(allow_inf_nan=False)]
"""A finite number of an indicator (numeric measures); ``None`` when not given."""

Vietnamese = str | None
"""The Vietnamese of a text field (``name`` → ``name_vi``); ``None`` when not translated."""
