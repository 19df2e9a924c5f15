"""The rules the spreadsheet readers report: proposals (``PROP…``) and registers (``REG…``).

Declared here, once, and gathered into :data:`ppd_core.rules.RULES` by
:mod:`ppd_core.rules.catalogue`; a notice (``notice=True``) says what an import did and
rejects nothing.
"""

from __future__ import annotations

from ppd_core.i18n import N_
from ppd_core.rules._rule import Rule

__all__ = ["PROPOSAL_RULES", "REGISTER_RULES"]

PROPOSAL_RULES = [
    Rule(
        "PROP001",
        "proposal-column-unknown",
        "Every column of a proposals file is a column of the proposals template.",
        N_(
            "The column {column!r} is not a column of the proposals template; its cells were "
            "not read."
        ),
        N_("Rename it to one of: {expected} (or delete the column)."),
        ("proposal",),
        "import",
    ),
    Rule(
        "PROP002",
        "proposal-value-missing",
        "Every proposal has an id and a cost.",
        N_("{column} is required but empty; the proposal was not read."),
        N_("Fill it in and read the file again."),
        ("proposal",),
        "import",
    ),
    Rule(
        "PROP003",
        "proposal-value-invalid",
        "Every cell of a proposal holds what its column asks for (a number, a code of its "
        "list, a month 1–12 …).",
        N_("{column}: {value!r} is not {expected}; the proposal was not read."),
        N_("Type {expected} in the cell, then read the file again."),
        ("proposal",),
        "import",
    ),
    Rule(
        "PROP004",
        "proposal-id-repeated",
        "Each proposal has its own id.",
        N_("The id {value!r} is already used in row {first}; this proposal was not read."),
        N_("Give each proposal its own id."),
        ("proposal",),
        "import",
    ),
    Rule(
        "PROP005",
        "proposal-months-reversed",
        "A proposal ends in or after the month it starts.",
        N_("The end month {end} is before the start month {start}; the proposal was not read."),
        N_("Correct the months (1–12, end not before start)."),
        ("proposal",),
        "import",
    ),
]
"""What :func:`ppd_core.io.read_proposals` reports: a proposal with a problem is not read, and
its row is named."""

REGISTER_RULES = [
    Rule(
        "REG001",
        "column-kept-in-notes",
        "Every column of a register feeds a field, or its values are kept in the notes.",
        N_(
            "Column '{header}' feeds no field of an activity; its values were kept in each "
            "activity's notes as '{header}: value'."
        ),
        N_("Map it to a field in the mapping file if it has one."),
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG002",
        "row-number-column",
        "A register's row-number column (STT) is recognised and left out.",
        N_("Column '{header}' numbers the rows; it was not imported."),
        "",
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG003",
        "row-above-header",
        "The rows above a register's header row (a title, the unit's name) are reported, "
        "not imported.",
        N_("Row {line} is above the header row ({header_row}) and was not imported: '{value}'."),
        N_("If it holds an activity, move it below the header."),
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG004",
        "total-row",
        "A register's total row (Tổng cộng) is reported, not imported as an activity.",
        N_("Row {line} is a total row ('{value}'); it was not imported."),
        N_("If it is an activity, give it an id."),
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG005",
        "numbers-read-vietnamese-way",
        "An ambiguous number of a register (1.500) is read the way the register's other "
        "numbers, or its language, show, and the reading is reported.",
        N_(
            "Column '{header}': '{value}' was read as {read}: in this register a dot groups "
            "thousands and a comma marks decimals (the Vietnamese way)."
        ),
        N_("If the dot there marks decimals, import again with --decimal-point."),
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG006",
        "numbers-read-english-way",
        "An ambiguous number of a register (1,500) is read the way the register's other "
        "numbers, or its language, show, and the reading is reported.",
        N_(
            "Column '{header}': '{value}' was read as {read}: in this register a comma groups "
            "thousands and a point marks decimals (the English way)."
        ),
        N_("If the comma there marks decimals, import again with --decimal-comma."),
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG007",
        "merged-cells",
        "Cells merged across rows of a register give their value to every row they cover, "
        "and the import says so.",
        N_("Cells {cells} are merged: '{value}' was used for each of rows {first}–{last}."),
        N_("If a row should have another value, unmerge the cells and fill each row."),
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG101",
        "partner-matched",
        "A partner name of a register is linked to a known partner only on a confident match.",
        N_("'{value}' was linked to partner {partner} ({reason})."),
        N_("If that is wrong, write the right partner id for this name in the mapping file."),
        ("activity",),
        "import",
        notice=True,
    ),
    Rule(
        "REG102",
        "partner-uncertain",
        "A partner name that may be a known partner is linked only once the user confirms it.",
        N_("'{value}' may be partner {partner} (score {score}); it was not linked."),
        N_("Confirm it in the mapping file's [partners] table, then import again."),
        ("activity",),
        "import",
    ),
    Rule(
        "REG103",
        "partner-unknown",
        "A partner name matching no known partner is created only once the user confirms it.",
        N_("'{value}' matches no known partner; it was not linked."),
        N_(
            'Give its partner id, or "new:<partner type>" to create it, in the mapping file\'s '
            "[partners] table, then import again."
        ),
        ("activity",),
        "import",
    ),
    Rule(
        "REG104",
        "mobilised-without-partner",
        "Resources mobilised are recorded as flows from the row's linked partners.",
        N_("The amount mobilised, {value}, was not recorded: the row has no linked partner."),
        N_("Confirm the row's partners in the mapping file, then import again."),
        ("activity",),
        "import",
    ),
    Rule(
        "REG105",
        "activity-of-another-organisation",
        "A register's row never overwrites an activity that another organisation leads.",
        N_(
            "The id '{value}' is already used by {owner}'s activity '{title}'; this row, led by "
            "{lead}, was not imported."
        ),
        N_(
            "Give the register's activities ids of their own (for example with your "
            "organisation's prefix), then import again."
        ),
        ("activity",),
        "import",
    ),
]
"""What the register importer (:mod:`ppd_core.io.register`) reports about a register's
columns and partner names."""
