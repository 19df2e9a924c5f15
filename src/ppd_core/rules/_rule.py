"""What a validation rule is: its code, texts, the entities it checks and where its check lives.

The rules themselves are declared once, in :mod:`ppd_core.rules.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ppd_core.errors import Problem
from ppd_core.i18n import Lang, text

__all__ = ["Rule", "Scope"]

Scope = Literal["value", "record", "dataset", "import"]
"""Where a rule's check lives (see the module's documentation)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A validation rule.

    Attributes:
        code: Stable code, e.g. ``"PPD201"``; never reused for another rule.
        name: Short slug, e.g. ``"end-before-start"``.
        requires: What the rule requires, in one sentence (documented on the rules page).
        message: What is wrong; ``{placeholders}`` are filled from the problem's context.
        fix: How to fix it, in one sentence (may use placeholders too).
        applies_to: The entities the rule checks.
        scope: ``"value"``, ``"record"``, ``"dataset"`` (where its one check lives) or
            ``"import"`` (reported by an importer).
        notice: Whether its problems only tell what an importer did (a column kept in the
            notes, a partner linked): nothing was rejected or left out, so a command that
            reports them still succeeds.
    """

    code: str
    name: str
    requires: str
    message: str
    fix: str
    applies_to: tuple[str, ...]
    scope: Scope
    notice: bool = False

    @property
    def template(self) -> str:
        """The full problem text: the message followed by how to fix it."""
        return f"{self.message} {self.fix}" if self.fix else self.message

    def render(self, **context: Any) -> str:
        """The problem text with ``context`` filled in (in English)."""
        return self.template.format(**context)

    def in_language(self, lang: Lang, /, **context: Any) -> str:
        """The problem text in ``lang`` with ``context`` filled in.

        Every rule's message and fix are in the catalogue of words for people (marked with
        :func:`~ppd_core.i18n.N_` in :mod:`ppd_core.rules.catalogue`); in English this is
        :meth:`render`'s text.

        >>> from ppd_core.rules import RULES
        >>> RULES["PROP004"].in_language("en", value="P-1", first=2).split(";")[0]
        "The id 'P-1' is already used in row 2"
        """
        message = text(self.message, lang)
        full = f"{message} {text(self.fix, lang)}" if self.fix else message
        return full.format(**context)

    def problem(
        self,
        entity: str | None,
        record_id: str | None,
        field: str | None,
        value: Any = None,
        **context: Any,
    ) -> Problem:
        """Return a :class:`~ppd_core.errors.Problem` for this rule at one place.

        The problem keeps ``field``, ``value`` and ``context`` so that it reads in any
        language (:meth:`~ppd_core.errors.Problem.describe`); its message is in English.
        """
        filled = {"field": field, "value": value, **context}
        return Problem(
            code=self.code,
            message=self.render(**filled),
            entity=entity,
            record_id=record_id,
            field=field,
            value=None if value is None else str(value),
            context=tuple(filled.items()),
        )
