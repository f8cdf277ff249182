"""The archive of finished meldingen: one small file per melding, plus an index for listing.

Why this shape: finishing, handing over and adding an aanvulling must cost the same with
10 or 10 000 meldingen, so no change may rewrite a file that grows with the archive.

- Each melding is its own file `meldingen/<reference>.json`, in TinyDB's JSON format
  (table `melding`, document 1), written with the atomic storage of the drafts: temp
  file, fsync, rename. A change reads and rewrites that one file only. A melding's
  reference is derived from its draft's random id (`draft_reference`), so finishing is
  idempotent per draft: whether the draft was finished before, and whether the reference
  is free, is one `exists` check on its file name.
- Listing needs reference, date, outcome and status of every melding, not their content.
  `meldingen/index.jsonl` holds one JSON line per change (append-only, no content, not
  fsynced: it is a cache). The melding files stay the truth: each index line carries
  the fingerprint (inode, size, mtime) of the file it describes, and listing walks the
  directory, one `stat` per file, and re-reads only a file whose fingerprint differs
  from its last index line (a kill between writing the file and the line, a lost or
  half-written line). So a broken index costs reads, never a wrong list. Listing still
  grows with the number of meldingen, as it must, but only by a stat and a short line.
- Removing meldingen (delete, clean-up) rewrites the index without them, so nothing of a
  removed melding is left but its audit line. Listing rewrites it too once most of its
  lines are superseded, so it stays about one line per melding. Both are rare.
- The single `archief.json` of earlier versions is migrated on first use: every record
  becomes its own file (an existing file is never overwritten) and the old file is
  removed only after all were written and fsynced. A broken old file is moved aside and
  reported, as any broken file; so is one holding a reference that cannot be a file
  name (it is then kept, never removed automatically).

Callers hold the store lock for every method.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from veilig_tui.store.atomic import (
    AtomicJSONStorage,
    append_lines,
    atomic_write,
    fsync_dir,
    open_db,
)
from veilig_tui.store.clock import Clock, from_iso, to_iso
from veilig_tui.store.errors import StoreUnreadableError, StoreWriteError, UnknownReferenceError
from veilig_tui.store.models import Addition, Melding, MeldingSummary, Status
from veilig_tui.store.paths import Layout, ensure_private_dir, is_draft_id
from veilig_tui.store.references import draft_reference

TABLE = "melding"
LEGACY_TABLE = "meldingen"
_DOC_ID = "1"
AFGEROND: Status = "afgerond"
OVERGEDRAGEN: Status = "overgedragen"
_INDEXED = ("reference", "draft_id", "created", "finished", "status", "handed_over_at")
_SLACK = 100
"""Superseded index lines allowed beyond one per melding before listing rewrites the index."""


def build_record(
    reference: str,
    draft_id: str,
    created: datetime,
    finished: datetime,
    melding: Mapping[str, Any],
) -> dict[str, Any]:
    """The stored form of a newly finished melding; content is kept as given."""
    return {
        "reference": reference,
        "draft_id": draft_id,
        "created": to_iso(created),
        "finished": to_iso(finished),
        "status": AFGEROND,
        "handed_over_to": None,
        "handed_over_at": None,
        "additions": [],
        "melding": json.loads(json.dumps(melding)),  # a private, JSON-safe copy
    }


def index_entry(record: Mapping[str, Any], stamp: list[int]) -> dict[str, Any]:
    """What the index keeps of a record: the listed fields, never content."""
    entry = {key: record.get(key) for key in _INDEXED}
    entry["outcome"] = str((record.get("melding") or {}).get("outcome") or "")
    entry["stamp"] = stamp
    return entry


def file_data(record: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The content of a melding file (TinyDB's format: one table, one document)."""
    return {TABLE: {_DOC_ID: dict(record)}}


def fingerprint(info: os.stat_result) -> list[int]:
    """What changes whenever a melding file is replaced: inode, size and time."""
    return [info.st_ino, info.st_size, info.st_mtime_ns]


class _Taken:
    """The references in use, as a container that looks at file names only."""

    def __init__(self, layout: Layout) -> None:
        self._layout = layout

    def __contains__(self, reference: object) -> bool:
        return isinstance(reference, str) and self._layout.melding(reference).exists()


class ArchiveFiles:
    """Reads and changes the melding files and their index; callers hold the store lock."""

    def __init__(self, layout: Layout, clock: Clock, on_corrupt: Callable[[Path], None]) -> None:
        self._layout = layout
        self._clock = clock
        self._on_corrupt = on_corrupt

    # Reading

    def records(self, *, read_only: bool = False) -> list[dict[str, Any]]:
        """The index entries of all meldingen (listed fields only, no content).

        A broken melding file is moved aside unless read_only; read_only also writes nothing.
        """
        if not read_only:
            self._migrate()
        index, lines = self._read_index()
        found: list[dict[str, Any]] = []
        repairs: list[dict[str, Any]] = []
        try:
            entries = list(os.scandir(self._layout.meldingen))
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StoreUnreadableError(self._layout.meldingen) from error
        for item in entries:
            reference = item.name.removesuffix(".json")
            if reference == item.name or not is_draft_id(reference):
                continue
            if not item.is_file(follow_symlinks=False):
                continue
            stamp = fingerprint(item.stat(follow_symlinks=False))
            entry = index.get(reference)
            if entry is None or entry.get("stamp") != stamp:
                record = self._read(reference, read_only=read_only)
                if record is None:
                    continue
                entry = index_entry(record, stamp)
                repairs.append(entry)
            found.append(entry)
        if not read_only and (repairs or lines > 2 * len(found) + _SLACK):
            if lines + len(repairs) > 2 * len(found) + _SLACK:
                self._write_index(found)  # mostly superseded lines: start afresh
            else:
                self._append_index(repairs)
        return found

    def summaries(self) -> list[MeldingSummary]:
        """All meldingen without content, most recently finished first."""
        found = [
            MeldingSummary(
                reference=entry["reference"],
                finished=from_iso(entry["finished"]),
                outcome=str(entry.get("outcome") or ""),
                status=entry["status"],
            )
            for entry in self.records()
        ]
        return sorted(found, key=lambda summary: summary.finished, reverse=True)

    def get(self, reference: str) -> Melding | None:
        """One melding, or None."""
        self._migrate()
        if not is_draft_id(reference):
            return None
        record = self._read(reference)
        return to_melding(record) if record is not None else None

    # Changing

    def add(
        self,
        draft_id: str,
        created: datetime,
        melding: Mapping[str, Any],
        seal: Sealer | None = None,
    ) -> tuple[Melding, bool]:
        """Store a finished melding under its draft's reference; True when it is new.

        A draft that was finished before (from another window, or before an error) is
        not stored again: the melding it made is returned, with False.
        """
        self._migrate()
        ensure_private_dir(self._layout.meldingen)
        now = self._clock()
        earlier, _ = self._finished_as(draft_id, now.year - 1)  # finished before new year
        if earlier is not None:
            return to_melding(earlier), False
        record, reference = self._finished_as(draft_id, now.year)
        if record is not None:
            return to_melding(record), False
        record = build_record(reference, draft_id, created, now, melding)
        if seal is not None:  # only what the sealer makes of it is written
            record["melding"] = json.loads(json.dumps(seal(to_melding(record))))
        self._store(record)
        return to_melding(record), True

    def _finished_as(self, draft_id: str, year: int) -> tuple[dict[str, Any] | None, str]:
        """The melding this draft made in `year`, if any, and else the reference it gets.

        The references of a draft are tried in order; one taken by another draft (very
        rare) is skipped, and the first free one ends the search."""
        for attempt in range(100):
            reference = draft_reference(year, draft_id, attempt)
            if not self._layout.melding(reference).exists():
                return None, reference
            record = self._read(reference)  # a broken file is moved aside: then it is free
            if record is None:
                return None, reference
            if record.get("draft_id") == draft_id:
                return record, reference
        raise RuntimeError("no free reference found for this draft")

    def change(
        self, reference: str, fields: Callable[[Mapping[str, Any]], dict[str, Any]]
    ) -> Melding:
        """Update fields computed from the stored record; raise when the reference is unknown."""
        self._migrate()
        record = self._read(reference) if is_draft_id(reference) else None
        if record is None:
            raise UnknownReferenceError(reference)
        updated = {**record, **fields(record)}
        self._store(updated)
        return to_melding(updated)

    def remove(self, references: Collection[str]) -> list[str]:
        """Delete meldingen and their index lines; return the references that existed."""
        self._migrate()
        found = []
        for reference in dict.fromkeys(references):
            if not is_draft_id(reference):
                continue
            try:
                self._layout.melding(reference).unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise StoreWriteError(self._layout.meldingen) from error
            found.append(reference)
        if found:
            fsync_dir(self._layout.meldingen)
            self._rewrite_index()
        return found

    # Files

    def _read(self, reference: str, *, read_only: bool = False) -> dict[str, Any] | None:
        """The record in a melding file, or None when missing (or broken: moved aside)."""
        path = self._layout.melding(reference)
        storage = AtomicJSONStorage(path, None if read_only else self._on_corrupt)
        data = storage.read()
        doc = (data or {}).get(TABLE, {}).get(_DOC_ID)
        if isinstance(doc, dict) and doc.get("reference") == reference:
            return doc
        if data is not None and not read_only:  # valid JSON, but not a melding of this name
            self._on_corrupt(path)
        return None

    def _store(self, record: dict[str, Any]) -> None:
        """Write one melding file atomically, then note it in the index."""
        path = self._layout.melding(record["reference"])
        AtomicJSONStorage(path, self._on_corrupt).write(file_data(record))
        try:
            stamp = fingerprint(path.stat())
        except OSError as error:
            raise StoreUnreadableError(path) from error
        self._append_index([index_entry(record, stamp)])

    # The index

    def _read_index(self) -> tuple[dict[str, dict[str, Any]], int]:
        """The last readable index line per reference (broken lines are skipped), and the
        number of lines."""
        try:
            raw = self._layout.melding_index.read_bytes()
        except OSError:
            return {}, 0  # missing or unreadable: only a cache, the files are read instead
        index: dict[str, dict[str, Any]] = {}
        lines = raw.splitlines()
        for line in lines:
            try:
                entry = json.loads(line)
                index[entry["reference"]] = entry
            except (ValueError, KeyError, TypeError):
                continue
        return index, len(lines)

    def _append_index(self, entries: list[dict[str, Any]]) -> None:
        """Note entries in the index. The index is only a help (the files decide, see
        `records`): when it cannot be written, the change itself is stored all the same,
        so saying it failed would be untrue; the next listing repairs the index."""
        lines = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
        with contextlib.suppress(OSError):
            append_lines(self._layout.melding_index, lines.encode("utf-8"), durable=False)

    def _rewrite_index(self) -> None:
        """Replace the index by one line per melding that exists."""
        self._write_index(self.records(read_only=True))

    def _write_index(self, entries: list[dict[str, Any]]) -> None:
        """Replace the index by these entries (atomic)."""
        lines = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
        with contextlib.suppress(OSError):  # only a help: see _append_index
            atomic_write(self._layout.melding_index, lines.encode("utf-8"))

    # Migration from the single archive file of earlier versions

    def migrate(self) -> None:
        """Move the old single archive file into per-melding files, if there is one."""
        self._migrate()

    def _migrate(self) -> None:
        """Move the records of `archief.json` into their own files, once (see the module doc)."""
        legacy = self._layout.legacy_archive
        if not legacy.exists():
            return
        with open_db(legacy, self._on_corrupt) as db:  # a broken file is moved aside here
            records = [dict(doc) for doc in db.table(LEGACY_TABLE).all()]
        if not legacy.exists():
            return
        ensure_private_dir(self._layout.meldingen)
        unsafe = False
        written = []
        for record in records:
            reference = record.get("reference")
            if not isinstance(reference, str) or not is_draft_id(reference):
                unsafe = True
                continue
            path = self._layout.melding(reference)
            if path.exists():
                continue
            AtomicJSONStorage(path, self._on_corrupt).write(file_data(record))
            written.append(index_entry(record, fingerprint(path.stat())))
        if written:
            self._append_index(written)
        if unsafe:
            self._on_corrupt(legacy)  # kept and reported: it holds what could not move
        else:
            legacy.unlink()
            fsync_dir(legacy.parent)


def to_melding(record: Mapping[str, Any]) -> Melding:
    """Turn a stored record into a Melding."""
    handed_over_at = record.get("handed_over_at")
    return Melding(
        reference=record["reference"],
        draft_id=record["draft_id"],
        created=from_iso(record["created"]),
        finished=from_iso(record["finished"]),
        status=record["status"],
        handed_over_to=record.get("handed_over_to"),
        handed_over_at=from_iso(handed_over_at) if handed_over_at else None,
        additions=tuple(
            Addition(
                date=from_iso(item["date"]),
                text=item["text"],
                sealed=str(item.get("versleuteld") or ""),
            )
            for item in record.get("additions") or []
        ),
        content=dict(record.get("melding") or {}),
    )


def addition_record(date: datetime, text: str, sealed: str = "") -> dict[str, str]:
    """The stored form of an aanvulling (sealed: only its encrypted copy, no text)."""
    record = {"date": to_iso(date), "text": text}
    if sealed:
        record["versleuteld"] = sealed
    return record


Sealer = Callable[[Melding], Mapping[str, Any]]
"""Makes the content to store of a finished melding, e.g. only an encrypted copy."""
AdditionSealer = Callable[[Melding, Addition], str]
"""Makes the encrypted copy of an addition, stored instead of its text."""
