"""Partner names written in a register, resolved to known partners through the de-duplicator.

Each distinct name is, in this order:

* **confirmed** — the user wrote which partner it is (a mapping's ``[partners]`` table: an
  id, or ``new:<type>`` to create the partner: :attr:`PartnerMatch.new_type`);
* **matched** — :func:`ppd_core.cleaning.candidate_pairs` pairs it with one known partner at
  a score of at least ``sure`` (and with no other partner as close): linked, and reported;
* **uncertain** — its best match scores between ``maybe`` and ``sure``, or two partners tie:
  listed for the user to confirm, not linked;
* **unknown** — nothing scores ``maybe``: listed, created only when the user confirms.

Nothing is guessed silently: every outcome but *confirmed* is reported by the reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

import pandas as pd

from ppd_core.cleaning import candidate_pairs
from ppd_core.cleaning._normalise import fold
from ppd_core.i18n import Phrase

__all__ = ["NEW", "PartnerMatch", "new_partner_id", "resolve_partners"]

NEW: Final = "new:"
"""How a mapping says "create this partner": ``new:<partner type>``."""
_QUERY: Final = "\x00register-"

Outcome = Literal["confirmed", "matched", "uncertain", "unknown"]


@dataclass(frozen=True, slots=True)
class PartnerMatch:
    """What a partner name of a register was resolved to.

    Attributes:
        name: The name as written.
        outcome: ``confirmed``, ``matched``, ``uncertain`` or ``unknown``.
        partner_id: The partner linked (confirmed or matched) or proposed (uncertain).
        partner_name: That partner's name.
        score: The matcher's score (100 when confirmed, 0 when unknown).
        reason: Why the matcher paired them (in any language, see :class:`~ppd_core.i18n.Phrase`).
        new_type: For a partner to create, its type (``new:<type>`` in the mapping).
    """

    name: str
    outcome: Outcome
    partner_id: str | None = None
    partner_name: str | None = None
    score: float = 0.0
    reason: Phrase | str = ""
    new_type: str | None = None

    @property
    def linked(self) -> bool:
        """Whether rows naming it are linked to a partner."""
        return self.outcome in ("confirmed", "matched")


def new_partner_id(name: str) -> str:
    """The id of a partner created from a register name: ``P-`` and its folded words.

    >>> new_partner_id("Quỹ Hòa bình Đông Dương")
    'P-QUY-HOA-BINH-DONG-DUONG'
    """
    words = "-".join(fold(name)).upper()
    return "P-" + (re.sub(r"[^A-Z0-9-]", "", words)[:60] or "X")


def _key(name: str) -> str:
    return " ".join(fold(name))


def resolve_partners(
    names: Iterable[str],
    partners: pd.DataFrame,
    aliases: pd.DataFrame | None,
    confirmed: Mapping[str, str],
    *,
    sure: float = 90,
    maybe: float = 70,
) -> dict[str, PartnerMatch]:
    """Resolve each distinct partner name of a register.

    Args:
        names: The names as written (repeats are resolved once).
        partners: Known partners (``id``, ``name``, ``country``).
        aliases: Their other names (``partner_id``, ``alias``), if any.
        confirmed: Names the user confirmed → partner id or ``new:<type>``; names are compared
            case-folded and without diacritics.
        sure: Lowest score linked without asking.
        maybe: Lowest score proposed for confirmation.

    Returns:
        Each name → its :class:`PartnerMatch`.
    """
    by_key = {_key(k): v for k, v in confirmed.items()}
    known_names = dict(zip(partners["id"].astype(str), partners["name"].astype(str), strict=True))
    out: dict[str, PartnerMatch] = {}
    todo: list[str] = []
    for name in dict.fromkeys(names):
        said = by_key.get(_key(name))
        if said is None:
            todo.append(name)
        elif said.startswith(NEW) and new_partner_id(name) in known_names:
            made = new_partner_id(name)  # created by an earlier import of this mapping: reused
            out[name] = PartnerMatch(name, "confirmed", made, known_names[made], 100.0)
        elif said.startswith(NEW):
            out[name] = PartnerMatch(
                name, "confirmed", new_partner_id(name), name, 100.0, "", said[len(NEW) :]
            )
        else:
            out[name] = PartnerMatch(name, "confirmed", said, known_names.get(said), 100.0)
    if not todo:
        return out
    queries = pd.DataFrame(
        {
            "id": [f"{_QUERY}{i}" for i in range(len(todo))],
            "name": todo,
            "country": [None] * len(todo),
        }
    )
    frame = pd.concat(
        [partners[["id", "name", "country"]].astype(object), queries], ignore_index=True
    )
    pairs = candidate_pairs(frame, aliases, threshold=maybe, block_on_country=False, phrased=True)
    best: dict[int, list[tuple[float, str, Phrase]]] = {}
    for a, b, score, reason in zip(
        pairs["partner_id"], pairs["other_id"], pairs["score"], pairs["reason"], strict=True
    ):
        qa, qb = str(a).startswith(_QUERY), str(b).startswith(_QUERY)
        if qa == qb:
            continue
        query, other = (a, b) if qa else (b, a)
        best.setdefault(int(str(query)[len(_QUERY) :]), []).append(
            (float(score), str(other), reason)
        )
    for i, name in enumerate(todo):
        found = sorted(best.get(i, []), key=lambda t: (-t[0], t[1]))
        if not found:
            out[name] = PartnerMatch(name, "unknown")
            continue
        score, pid, reason = found[0]
        tie = len(found) > 1 and found[1][0] >= score - 5 and found[1][1] != pid
        outcome: Outcome = "matched" if score >= sure and not tie else "uncertain"
        out[name] = PartnerMatch(name, outcome, pid, known_names.get(pid), score, reason)
    return out
