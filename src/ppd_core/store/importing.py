"""Importing a file into the store: checked a block at a time, then written in one transaction.

A folder of CSV files (or one ``activities.csv``) is checked as :func:`ppd_core.io.read_csv`
checks it whole, with the same problems, but in parts: first the other (small) tables, then
the activities in blocks (:func:`ppd_core.io._blocks.csv_blocks`), each block with the link
rows of its activities. References between parts resolve by id: a first pass collects every
activity id; a block knows the good organisations and partners; an id used by an earlier
block is a second record with that id; a reference to a record rejected in another part is
reported as such (a good record referring to an activity rejected in a later block makes
the blocks be read again, that activity counted as rejected). The good records of each part
are staged in a temporary file, so memory stays that of a block, not of the file.

Only then is the write transaction opened: every staged block is saved in it, so the import
is all or nothing, and other writers wait only for the writing, not for the reading and
checking. Files that cannot be read in blocks (UTF-16, link rows not grouped by activity,
other formats) are read whole, with the same result.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ppd_core._fast import isin
from ppd_core.dataset import Dataset
from ppd_core.errors import Problem, ValidationReport
from ppd_core.integrity import REFERENCES
from ppd_core.io._blocks import BLOCK, UnstreamableError, concat_raw, csv_blocks, take_raw
from ppd_core.io._ingest import RawTable, ingest
from ppd_core.io._result import ReadResult
from ppd_core.io._text import decode_lines
from ppd_core.store import engine as db
from ppd_core.store import upsert
from ppd_core.store.audit import Stamp
from ppd_core.store.upsert import SaveSummary
from ppd_core.tables import SCHEMA

if TYPE_CHECKING:
    from ppd_core.i18n import Lang
    from ppd_core.reference import ReferenceData
    from ppd_core.store import Store

__all__ = ["Imported", "import_path"]

BIG = "activities"
"""The table read in blocks (with its link tables); the others are read whole."""
FAMILY = frozenset({BIG, *SCHEMA[BIG].children})
_PENDING = 200_000
"""Link rows held for later blocks before giving up on blocks (rows not grouped)."""


@dataclass
class Imported:
    """What :meth:`ppd_core.store.Store.import_path` did.

    Attributes:
        read: The rows accepted and rejected and every problem, as a reader reports them
            (its ``dataset`` is empty: the records went to the database).
        saved: What the save did, per table.
        blocks: Blocks the file was checked in (1: read whole).
        checking_seconds: Reading and checking, before the write transaction.
        writing_seconds: The write transaction (other writers wait for this much at most).
    """

    read: ReadResult
    saved: SaveSummary
    blocks: int = 1
    checking_seconds: float = 0.0
    writing_seconds: float = 0.0


@dataclass
class _Links:
    """One link table's file, read along the blocks of activities (rows grouped by activity)."""

    key: str
    blocks: Iterator[tuple[RawTable, str]]
    encodings: dict[str, str]
    pending: RawTable | None = None
    done: bool = False

    def _keys(self, raw: RawTable | None = None) -> pd.Series:
        frame = (raw or self.pending or _never()).frame
        if self.key not in frame:
            raise UnstreamableError(self.key)  # the whole read names the missing column
        return _stripped(frame[self.key])

    def take(self, ids: pd.Series, earlier: AbstractSet[str]) -> RawTable | None:
        """The rows of the activities ``ids``; the rows of later ones stay pending.

        Raises:
            UnstreamableError: a row of an activity of an earlier block comes now, or too many
                rows wait for later blocks (the file is not grouped by activity).
        """
        while not self.done and (
            self.pending is None
            or self.pending.frame.empty
            or isin(self._keys().iloc[-1:], ids).all()
        ):
            try:
                block, encoding = next(self.blocks)
            except StopIteration:
                self.done = True
                break
            self.encodings.setdefault(block.source, encoding)
            parts = [block] if self.pending is None else [self.pending, block]
            self.pending = concat_raw(parts)
            if len(self.pending.frame) > _PENDING:
                raise UnstreamableError(self.pending.source)
        if self.pending is None:
            return None
        keys = self._keys()
        if earlier and _among(keys, earlier).any():
            raise UnstreamableError(self.pending.source)
        mine = isin(keys, ids)
        taken = take_raw(self.pending, mine)
        self.pending = take_raw(self.pending, ~mine)
        return taken

    def rest(self, earlier: AbstractSet[str]) -> RawTable | None:
        """Every row not taken: pending ones and the rest of the file (rows of no activity).

        Raises:
            UnstreamableError: one is a row of an activity of a block read before.
        """
        parts = [] if self.pending is None else [self.pending]
        parts += [block for block, _ in self.blocks]
        if not parts:
            return None
        rest = concat_raw(parts)
        if _among(self._keys(rest), earlier).any():
            raise UnstreamableError(rest.source)
        return rest


def _never() -> RawTable:  # pragma: no cover - called only with rows pending
    raise AssertionError("no rows pending")


def _stripped(column: pd.Series) -> pd.Series:
    return column.astype("str").str.strip()


@dataclass(frozen=True)
class _Reading:
    """How to read the files: the CSV file of each table, the checks' options, the block."""

    files: dict[str, Path]
    today: date | None
    reference: ReferenceData | None
    decimal_comma: bool
    lang: Lang
    block: int
    known: Dataset | None = None

    def blocks(self, table: str) -> Iterator[tuple[RawTable, str]]:
        return csv_blocks(self.files[table], table, size=self.block, lang=self.lang)

    def ingest(self, tables: dict[str, RawTable], **blocks: Any) -> ReadResult:
        return ingest(
            tables,
            today=self.today,
            reference=self.reference,
            decimal_comma=self.decimal_comma,
            **blocks,
        )


@dataclass
class _Run:
    """One reading of the blocks: the result, the staged files, what references what."""

    read: ReadResult
    staged: list[Path]
    gone: set[str]
    """Activities rejected (no good record with their id)."""
    referred: set[str]
    """Activities the good records refer to."""


def import_path(
    store: Store,
    path: str | Path,
    *,
    known: Dataset | None = None,
    today: date | None = None,
    reference: ReferenceData | None = None,
    decimal_comma: bool = False,
    lang: Lang = "en",
    block: int = BLOCK,
) -> Imported:
    """Read, check and save a file or folder (see :meth:`ppd_core.store.Store.import_path`).

    A good record of one block that refers to an activity rejected in another is found only
    after every block was read: the blocks are then read again with that activity counted as
    missing (so the record is rejected too, as when the file is read whole).
    """
    from ppd_core.io import read

    source = Path(path)
    files = _csv_files(source)
    if files is not None and BIG in files:
        started = time.perf_counter()
        try:
            every = _all_ids(files[BIG], block, lang)
            reading = _Reading(
                files, today, reference, decimal_comma, lang, block, _without(known, every)
            )
            dropped: set[str] = set()
            while True:
                with tempfile.TemporaryDirectory(prefix="ppd-import-") as staging:
                    run = _check(reading, Path(staging), every, dropped)
                    if run.gone & run.referred:
                        dropped |= run.gone
                        continue
                    checked = time.perf_counter() - started
                    saved, seconds = _write(store, run.staged, known)
                    return Imported(run.read, saved, len(run.staged), checked, seconds)
        except UnstreamableError:
            pass
    started = time.perf_counter()
    whole = read(source, today=today, reference=reference, decimal_comma=decimal_comma, known=known)
    checked = time.perf_counter() - started
    saved, seconds = _write(store, [whole.dataset], known)
    return Imported(whole, saved, 1, checked, seconds)


def _without(known: Dataset | None, ids: pd.Series) -> Dataset | None:
    """``known`` without the activities ``ids`` (the file gives them) and their link rows."""
    if known is None:
        return None
    frames = known.to_frames()
    mine = isin(frames[BIG]["id"].astype("str"), ids)
    if not mine.any():
        return known
    gone = frames[BIG]["id"][mine]
    for table in SCHEMA[BIG].children:
        frames[table] = frames[table][~isin(frames[table][SCHEMA[table].key], gone)]
    frames[BIG] = frames[BIG][~mine]
    return Dataset._wrap({t: f.reset_index(drop=True) for t, f in frames.items()})


def _csv_files(source: Path) -> dict[str, Path] | None:
    """The CSV file of each table, for a folder of CSV files or a CSV file; else ``None``."""
    if source.is_dir():
        found = [p for p in source.iterdir() if p.suffix.lower() == ".csv"]
        if any(p.suffix.lower() == ".parquet" for p in source.iterdir()) or not found:
            return None
    elif source.suffix.lower() == ".csv":
        found = [source]
    else:
        return None
    tables = {p.stem.strip().lower(): p for p in found}
    if len(tables) != len(found) or not set(tables) <= set(SCHEMA):
        return None  # the whole read names the problem
    return tables


def _write(
    store: Store, staged: list[Path] | list[Dataset], known: Dataset | None
) -> tuple[SaveSummary, float]:
    """Save every staged block in one transaction; the summary and the seconds it took.

    With ``known``, records are saved at the versions it was read at: one changed meanwhile
    is a conflict (nothing is saved), never overwritten by the file's or the known copy.
    """
    versions = None if known is None else known.versions
    stamp = Stamp(store.user)
    summary = SaveSummary(batch=stamp.batch)
    started = time.perf_counter()
    with db.writing(store.engine) as conn:
        for item in staged:
            done = upsert.save(conn, _staged(item), stamp, versions=versions, rights=store.rights)
            summary.conflicts += done.conflicts
            for mine, theirs in (
                (summary.inserted, done.inserted),
                (summary.updated, done.updated),
                (summary.unchanged, done.unchanged),
            ):
                for table, n in theirs.items():
                    mine[table] = mine.get(table, 0) + n
    return summary, time.perf_counter() - started


def _staged(item: Path | Dataset) -> Dataset:
    """A staged block's records (or a Dataset read whole)."""
    if isinstance(item, Dataset):
        return item
    with item.open("rb") as file:
        frames = pickle.load(file)
    return Dataset._wrap(frames)


@dataclass
class _Totals:
    """The read results of the other tables and of the blocks, added up."""

    problems: list[Problem] = field(default_factory=list)
    rejected: dict[str, list[pd.DataFrame]] = field(default_factory=dict)
    accepted: dict[str, int] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)

    def add(self, result: ReadResult) -> None:
        self.problems += list(result.report)
        for table, frame in result.rejected.items():
            self.rejected.setdefault(table, []).append(frame)
        for table, n in result.accepted.items():
            self.accepted[table] = self.accepted.get(table, 0) + n
        self.sources.update(result.sources)
        for name, encoding in result.encodings.items():
            self.encodings.setdefault(name, encoding)

    def result(self) -> ReadResult:
        return ReadResult(
            dataset=Dataset(),
            report=ValidationReport(self.problems),
            rejected={t: pd.concat(f, ignore_index=True) for t, f in self.rejected.items()},
            accepted={t: self.accepted.get(t, 0) for t in SCHEMA},
            sources=self.sources,
            encodings=self.encodings,
        )


def _check(reading: _Reading, staging: Path, every: pd.Series, dropped: set[str]) -> _Run:
    """Check the activities block by block with the other tables; stage each block's records.

    ``every`` holds every activity id of the file; references to those of ``dropped``
    (rejected in another block) are problems.
    """
    from ppd_core.io.csvfmt import parse_csv

    totals = _Totals()
    others: dict[str, RawTable] = {}
    for table, path in reading.files.items():
        if table not in FAMILY:
            content, totals.encodings[path.name], odd = decode_lines(path.read_bytes(), path.name)
            others[table] = parse_csv(content, table, path.name, odd_lines=odd, lang=reading.lang)
    links = {
        table: _Links(SCHEMA[table].key, reading.blocks(table), totals.encodings)
        for table in reading.files
        if table in FAMILY and table != BIG
    }
    run = _Run(ReadResult(Dataset(), ValidationReport()), [], set(), set())
    # the other tables first, on their own; the blocks refer to their good records by id
    result = reading.ingest(
        others,
        known=reading.known,
        known_ids={BIG: every[~isin(every, dropped)]},
        rejected_elsewhere=dropped,
    )
    totals.add(result)
    _stage(result.dataset, staging / "0.pickle", run)
    good = result.dataset.to_frames()
    known = {t: good[t]["id"].astype("str") for t in ("organisations", "partners")}
    refused = set(dropped)
    for t in known:
        if t in result.rejected:
            refused |= set(_stripped(result.rejected[t]["id"]).dropna())
    # sets, so that each block costs the work of its own rows, not of the whole file
    earlier: set[str] = set()
    elsewhere = set(every.tolist()) - dropped
    elsewhere.update(good[BIG]["id"].astype("str"))  # known activities (a database's)
    kept: list[pd.Series] = []
    empty: RawTable | None = None
    for raw, encoding in reading.blocks(BIG):
        totals.encodings.setdefault(raw.source, encoding)
        ids = _stripped(raw.frame["id"]) if "id" in raw.frame else pd.Series([], dtype="str")
        own = set(ids.dropna().tolist())
        tables = {BIG: raw}
        for table, link in links.items():
            rows = link.take(ids, earlier)
            if rows is not None:
                tables[table] = rows
        result = reading.ingest(
            tables,
            known_ids={**known, BIG: _referred(tables, (elsewhere, own))},
            taken={BIG: ids[_among(ids, earlier)]},
            rejected_elsewhere=refused,
        )
        totals.add(result)
        kept.append(_stage(result.dataset, staging / f"{len(run.staged)}.pickle", run))
        earlier |= own
        empty = empty or take_raw(raw, np.zeros(len(raw.frame), dtype=bool))
    left = {t: rows for t, link in links.items() if (rows := link.rest(earlier)) is not None}
    if any(len(rows.frame) for rows in left.values()) and empty is not None:
        # link rows of no activity: reported, never saved
        totals.add(
            reading.ingest({BIG: empty, **left}, known_ids=known, rejected_elsewhere=refused)
        )
    run.read = totals.result()
    if BIG in run.read.rejected:
        rejected = _stripped(run.read.rejected[BIG]["id"]).dropna()
        saved = pd.concat(kept, ignore_index=True) if kept else rejected.iloc[:0]
        run.gone = set(rejected[~isin(rejected, saved)])
    return run


def _among(values: pd.Series, ids: AbstractSet[str]) -> np.ndarray:
    """Which of ``values`` are in ``ids`` (a set: the cost is that of ``values`` alone)."""
    return np.fromiter((v in ids for v in values.tolist()), dtype=bool, count=len(values))


def _referred(tables: dict[str, RawTable], ids: tuple[set[str], set[str]]) -> pd.Series:
    """The activities a block's rows refer to that are in ``ids[0]`` and not in ``ids[1]``.

    These are the other blocks' (and the database's) activities the block may name; its own
    are checked in it (a reference to one it rejects is then rejected too).
    """
    elsewhere, own = ids
    found: set[str] = set()
    for table, column, target in REFERENCES:
        if target == BIG and table in tables and column in tables[table].frame:
            values = _stripped(tables[table].frame[column]).dropna().tolist()
            found.update(v for v in values if v in elsewhere and v not in own)
    return pd.Series(sorted(found), dtype="str")


def _all_ids(path: Path, block: int, lang: Lang) -> pd.Series:
    """Every activity id of the file (references across blocks resolve to them)."""
    blocks = csv_blocks(path, BIG, size=block, lang=lang)
    ids = [_stripped(raw.frame["id"]) for raw, _ in blocks if "id" in raw.frame]
    found = pd.concat(ids, ignore_index=True) if ids else pd.Series([], dtype="str")
    return found.dropna()


_REFERRERS = (("activities", "follow_up_of"), ("planned_activities", "activity_id"))


def _stage(dataset: Dataset, path: Path, run: _Run) -> pd.Series:
    """Write a block's good records to ``path``.

    Adds the file to ``run.staged`` and the activities the records refer to to
    ``run.referred``; returns the block's good activity ids.
    """
    frames = dataset.to_frames()
    with path.open("wb") as file:
        pickle.dump(frames, file, protocol=pickle.HIGHEST_PROTOCOL)
    run.staged.append(path)
    for table, column in _REFERRERS:
        run.referred.update(frames[table][column].dropna().astype("str"))
    evaluations = frames["evaluations"]
    run.referred.update(evaluations["subject_id"].dropna().astype("str"))
    return frames[BIG]["id"].astype("str")
