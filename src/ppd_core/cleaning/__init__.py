"""Partner de-duplication: normalise names, propose duplicate pairs, merge and undo merges.

Each organisation keeps its own partner list, so one partner appears under many spellings:
"Hội Hữu nghị Việt Nam – Campuchia", "Hoi Huu nghi Viet Nam - Campuchia", "Vietnam-Cambodia
Friendship Association", "VN-Cambodia Friendship Assoc.". This package finds such duplicates
and merges them without losing anything.

**Normalisation** (:func:`normalise_name`): Unicode NFKC, case folding, Vietnamese diacritics
removed (``đ`` → ``d``), punctuation and dashes to spaces; abbreviations expanded (``Assoc.``,
``Univ.``, ``Fdn``, ``VN``, ``HHN``, ``LHCTCHN`` …); typos in institutional words corrected
("Frienship"); Vietnamese institutional terms translated to English tokens (``hội hữu nghị``
→ ``friendship association``, ``quỹ`` → ``foundation`` …), country names and adjectives in
Vietnamese, English and a few other languages mapped to one English name taken from the
reference data (``Campuchia``, ``Cambodian`` → ``cambodia``; ``Việt Nam``, ``Viet Nam``,
``VN``, ``Vietnamese`` → ``vietnam``); filler words dropped. Word order is kept in the
output, but names are *compared* without regard to order. Country names come from the
reference data in force (:func:`~ppd_core.reference.default_reference`); the word tables
from the data file ``cleaning/words.toml``.

**Scoring** (:func:`candidate_pairs`): every name and alias of a partner is compared with
rapidfuzz's ``token_set_ratio`` on normalised names; a pair must then also agree on

* its *distinctive* words (words that are neither institutional nor country names: "Lyon"
  vs "Paris" are different chapters, "Red Cross" vs "Red Cross Siem Reap" a branch);
* its *institutional* words, ignoring legal-form words such as "association", "society",
  "Co., Ltd" and the partner's own country ("Kamora Foundation" vs "Kamora Development
  Fund" are different bodies);
* its numbers ("Friendship Club No. 1" vs "No. 2" never match).

The score is the lowest of these similarities (0–100). A single upper-case word that is the
acronym of another name of the same block ("KVHB" for "Korea-Vietnam Hope Bridge") scores 90.

**Mirror names are different bodies.** A bilateral friendship association names its own
country first in both languages: "Japan–Vietnam Friendship Association" and "Hội Hữu nghị
Nhật Bản – Việt Nam" are the same Japanese body, while "Hội Hữu nghị Việt Nam – Nhật Bản"
(Vietnam–Japan) is its Vietnamese counterpart. Two names that mention the same countries in
a different order are therefore never proposed as duplicates.

**Blocking.** Partners are compared only within their country (partners without a country
form one block of their own). A block larger than ``max_block`` name variants is split
further: two names are compared only when they share a token that is rare in the block (at
most ``key_cap`` names contain it), the first or last four letters of a distinctive word, or
their whole token set — so 50,000 partners never mean 1.25 billion comparisons. The number
of comparisons made is in ``result.attrs["comparisons"]``.

**Proposals** (:func:`propose_merges`) add which record to keep and group the pairs into
clusters. **Merging** (:func:`merge_partners`) returns a new :class:`~ppd_core.Dataset` and a
:class:`MergeRecord` of exactly what changed; :func:`undo_merge` restores the original.

The modules, one concept each: ``_words`` (the word tables' loader), ``_normalise``,
``_blocking``, ``_scoring`` and ``_reasons`` (finding pairs), ``_proposals``, ``_records``,
``_frames`` (row edits by position), ``_merge`` and ``_undo``; its error,
:class:`~ppd_core.errors.MergeError`, is in the one exception tree.

>>> import pandas as pd
>>> from ppd_core.cleaning import candidate_pairs, normalise_name
>>> normalise_name("Hội Hữu nghị Việt Nam – Campuchia")
'friendship association vietnam cambodia'
>>> normalise_name("VN-Cambodia Friendship Assoc.")
'vietnam cambodia friendship association'
>>> partners = pd.DataFrame({
...     "id": ["P-1", "P-2", "P-3"],
...     "name": ["Hội Hữu nghị Việt Nam – Campuchia", "Hoi Huu nghi Viet Nam - Campuchia",
...              "Cambodia Red Cross"],
...     "country": ["KH", "KH", "KH"]})
>>> pairs = candidate_pairs(partners)
>>> pairs[["partner_id", "other_id", "score"]].to_dict("records")
[{'partner_id': 'P-1', 'other_id': 'P-2', 'score': 100.0}]
>>> print(pairs["reason"][0])
same country KH; names match after removing diacritics (token set 100)
"""

from ppd_core.cleaning._merge import MergeResult, merge_partners
from ppd_core.cleaning._normalise import normalise_name
from ppd_core.cleaning._proposals import propose_merges
from ppd_core.cleaning._records import AliasAdded, CellChange, MergeRecord, RowSnapshot
from ppd_core.cleaning._scoring import candidate_pairs
from ppd_core.cleaning._undo import undo_merge
from ppd_core.errors import MergeError

__all__ = [
    "AliasAdded",
    "CellChange",
    "MergeError",
    "MergeRecord",
    "MergeResult",
    "RowSnapshot",
    "candidate_pairs",
    "merge_partners",
    "normalise_name",
    "propose_merges",
    "undo_merge",
]
