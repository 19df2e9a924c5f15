"""A big CSV file read a block at a time: each block whole records, parsed as its own file.

:func:`csv_blocks` cuts a CSV file into blocks of about ``size`` bytes at record boundaries (a
line end outside double quotes), and parses each one (the header row put in front) the way
:func:`~ppd_core.io.csvfmt.read_csv` parses a whole file: encodings detected line by line,
rows with another number of cells than the header reported. Row and line numbers are those
of the whole file. Memory is that of one block, not of the file.

:func:`concat_raw` and :func:`take_raw` join and split the raw tables of blocks, keeping each
row's problems with it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ppd_core.errors import UnstreamableError
from ppd_core.i18n import Lang
from ppd_core.io._ingest import RawTable
from ppd_core.io._text import decode_lines

__all__ = ["BLOCK", "UnstreamableError", "concat_raw", "csv_blocks", "take_raw"]

BLOCK = 1 << 17
"""Bytes per block (about 800 activities). Checking a block takes about 300 bytes of memory
per byte of its CSV (measured: 20,000 activities peak at 237 MB in blocks of 512 kB, 198 MB
in blocks of 128 kB, for 158 MB before the first row), so a block stays small."""


def _cut(data: bytes) -> tuple[int, int, int]:
    """Where the last whole record of ``data`` ends: ``(offset, records, lines)`` before it.

    A record ends at a line end outside double quotes (a quoted value may hold line ends).
    """
    cut = records = cut_lines = position = 0
    quoted = False
    for lines, line in enumerate(data.split(b"\n")[:-1], start=1):
        position += len(line) + 1
        if line.count(b'"') % 2:
            quoted = not quoted
        if not quoted:
            cut, records, cut_lines = position, records + 1, lines
    return cut, records, cut_lines


def csv_blocks(
    path: Path,
    table: str,
    *,
    size: int = BLOCK,
    delimiter: str | None = None,
    lang: Lang = "en",
) -> Iterator[tuple[RawTable, str]]:
    """The raw tables of ``path``'s blocks, each with the encoding its lines were read in.

    Raises:
        UnstreamableError: the file is UTF-16 (read it whole).
        FileFormatError: as :func:`~ppd_core.io.csvfmt.read_csv`.
    """
    from ppd_core.io.csvfmt import parse_csv

    name = path.name
    with path.open("rb") as file:
        header = file.readline()
        if header.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise UnstreamableError(name)
        if not header.strip(b"\r\n\xef\xbb\xbf"):
            header += file.read()  # empty or odd: parsed whole, as read_csv would
        records, lines = 0, 1
        rest = b""
        while True:
            more = file.read(size)
            data = rest + more
            if not data and records:
                return
            if more:
                cut, n, n_lines = _cut(data)
                if cut == 0:  # one record longer than a block: read on
                    rest = data
                    continue
            else:
                cut, n, n_lines = len(data), -1, data.count(b"\n")
            block, rest = data[:cut], data[cut:]
            content, encoding, odd = decode_lines(header + block, name)
            raw = parse_csv(
                content, table, name, delimiter, odd_lines=odd, lang=lang, line_offset=lines - 1
            )
            raw.rows = raw.rows + records
            yield raw, encoding
            if n < 0:
                return
            records += n
            lines += n_lines


def concat_raw(parts: Sequence[RawTable]) -> RawTable:
    """One raw table of several of the same table, rows and problems in order."""
    first = parts[0]
    problems, unread, offset = [], set(), 0
    for part in parts:
        problems += [(pos + offset, p) for pos, p in part.problems]
        unread |= {pos + offset for pos in part.unread}
        offset += len(part.frame)
    frame = (
        pd.concat([p.frame for p in parts], ignore_index=True) if len(parts) > 1 else first.frame
    )
    rows = np.concatenate([p.rows for p in parts]) if len(parts) > 1 else first.rows
    return RawTable(
        first.name, frame, rows, first.source, first.sheet, first.spreadsheet, problems, unread
    )


def take_raw(raw: RawTable, mask: np.ndarray) -> RawTable:
    """The rows of ``raw`` where ``mask`` is true, with their problems."""
    positions = np.flatnonzero(mask)
    new = np.full(len(raw.frame), -1, dtype=np.int64)
    new[positions] = np.arange(len(positions))
    problems = [(int(new[pos]), p) for pos, p in raw.problems if new[pos] >= 0]
    unread = {int(new[pos]) for pos in raw.unread if new[pos] >= 0}
    frame = raw.frame.iloc[positions].reset_index(drop=True)
    return RawTable(
        raw.name,
        frame,
        raw.rows[positions],
        raw.source,
        raw.sheet,
        raw.spreadsheet,
        problems,
        unread,
    )
