r"""Files in and out: CSV, Excel, JSON and Parquet, both ways, and a blank Excel template.

Every format lays a :class:`~ppd_core.Dataset` out as its tables (see
:data:`ppd_core.tables.SCHEMA`): one CSV file, Excel sheet or Parquet file per table, named
after it, with the schema's column names; JSON nests each record as its model does.

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> from ppd_core.datasets import load_sample
>>> from ppd_core.io import read, write_csv
>>> ds = load_sample()
>>> with tempfile.TemporaryDirectory() as tmp:
...     folder = Path(tmp) / "export"
...     _ = write_csv(ds, folder)
...     _ = (folder / "awards.csv").write_text(
...         "id,year,type,recipient_kind,giver\n"
...         "AW-1,2025,certificate_of_merit,collective,VUFO\n"
...         "AW-2,20x5,emulation_flag,collective,VUFO\n",
...         encoding="utf-8",
...     )
...     result = read(folder, today=date(2026, 11, 22))
>>> result.accepted["awards"], result.rejected_counts["awards"]
(1, 1)
>>> print(result.report[0])
[PPD002] file awards.csv, sheet awards, row 3, award AW-2, field year: '20x5' is not a number...
>>> result.dataset.counts()["activities"] == ds.counts()["activities"]
True

**Writers** — :func:`write_csv`, :func:`write_excel`, :func:`write_json`,
:func:`write_parquet` — take ``personal_data=False`` to leave personal data out
(:data:`PERSONAL_DATA`: a partner's contact person; names of individual award recipients).

**Readers** — :func:`read_csv`, :func:`read_excel`, :func:`read_json`, :func:`read_parquet`
and :func:`read`, which picks one by the path — return a :class:`ReadResult`: the good
records as a Dataset, a report of every problem (file, sheet, row, field, rule code, message,
offending value), the rejected rows with their reasons (``write_rejected`` puts them in a side
file), and counts. Nothing is dropped silently. Rows are numbered as the user sees them: in
CSV and Excel the header is row 1, so the first record is row 2. A record is rejected with all
its link-table rows when any of them has a problem, and so is a record referring to a rejected
one; a second row with an id already used is rejected on its own (the first one is kept).
Files that cannot be read at all (empty, binary, truncated) raise :class:`FileFormatError`.

**Text cells** (CSV and Excel) are read leniently and never guessed at:

* encodings: UTF-8 with or without a byte-order mark, UTF-16 with one, else Windows-1258;
  all text is normalised to NFC (Vietnamese typed with combining marks equals precomposed
  text) and trimmed; blank cells are missing;
* dates: ISO ``YYYY-MM-DD`` or day first ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd-mm-yyyy``,
  ``dd.mm.yyyy``), never month first; an impossible date (``31/02/2025``, ``13/25/2025``) is
  a PPD002 problem; Excel dates are dates;
* numbers: thousands separators by the rule of :func:`parse_number` (``1,500,000`` and
  ``1.500.000`` both work; an ambiguous ``1.500`` follows ``decimal_comma``).

**Formula injection.** Exports to CSV and Excel neutralise text cells that a spreadsheet
program could run as a formula: text starting with ``= + - @``, a tab or a carriage return —
or with an apostrophe, so that the rule can be undone — gets an apostrophe in front
(:func:`neutralise`). Readers of those formats remove exactly that apostrophe again
(:func:`restore`), so round trips are lossless. Numbers, negative ones included, are
numbers and never touched. Excel files are read without evaluating anything.

**Round trips** are exact for every format: ``read_x(write_x(ds)).dataset == ds`` (for text
in NFC, as readers return it; JSON regroups link rows under their records, as datasets built
from records or generated already are). Excel cannot store control characters other than
tab and line breaks: :func:`write_excel` refuses such text.

**Registers.** :func:`read_register` imports the one-sheet register a union already keeps
(a row per activity, headers in its own words, partners and countries named in cells) through
a :class:`ColumnMapping` proposed from the headers (:func:`propose_mapping`), saved and edited
as a small TOML file (:func:`write_mapping`, :func:`read_mapping`): see
:mod:`ppd_core.io.register`.

**Template.** :func:`excel_template` writes a blank workbook to fill by hand, in English or
Vietnamese: see :mod:`ppd_core.io.template`.

**Proposals.** :func:`proposals_template` writes the workbook in which an organisation lists
the activities it proposes for next year, and :func:`read_proposals` reads it (or a CSV file)
into the candidates the plan is chosen from: see :mod:`ppd_core.io.proposals`.

**IATI XML.** :mod:`ppd_core.io.iati` reads and writes the IATI Activity Standard; its
:func:`~ppd_core.io.iati.read_iati` and :func:`~ppd_core.io.iati.write_iati` can also be
imported from here (they are loaded on first use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ppd_core.errors import FileFormatError
from ppd_core.io._export import PERSONAL_DATA
from ppd_core.io._read import read
from ppd_core.io._result import ReadResult
from ppd_core.io._text import neutralise, parse_date, parse_number, restore
from ppd_core.io.csvfmt import read_csv, write_csv
from ppd_core.io.excel import read_excel, write_excel
from ppd_core.io.jsonfmt import read_json, write_json
from ppd_core.io.mapping import ColumnMapping, propose_mapping, read_mapping, write_mapping
from ppd_core.io.parquet import read_parquet, write_parquet
from ppd_core.io.proposals import Proposals, proposals_template, read_proposals
from ppd_core.io.register import RegisterResult, read_register
from ppd_core.io.template import excel_template

if TYPE_CHECKING:
    from ppd_core.io.iati import read_iati as read_iati
    from ppd_core.io.iati import write_iati as write_iati

__all__ = [
    "PERSONAL_DATA",
    "ColumnMapping",
    "FileFormatError",
    "Proposals",
    "ReadResult",
    "RegisterResult",
    "excel_template",
    "neutralise",
    "parse_date",
    "parse_number",
    "proposals_template",
    "propose_mapping",
    "read",
    "read_csv",
    "read_excel",
    "read_iati",
    "read_json",
    "read_mapping",
    "read_parquet",
    "read_proposals",
    "read_register",
    "restore",
    "write_csv",
    "write_excel",
    "write_iati",
    "write_json",
    "write_mapping",
    "write_parquet",
]


def __getattr__(name: str) -> Any:
    # The IATI exchange needs lxml: import it on first use so that ``import ppd_core.io``
    # stays fast.
    if name in ("read_iati", "write_iati"):
        from ppd_core.io import iati

        return getattr(iati, name)
    raise AttributeError(f"module 'ppd_core.io' has no attribute {name!r}")
