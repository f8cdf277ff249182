"""The archive of finished meldingen: one TinyDB file, rewritten atomically on each change."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import where

from veilig_tui.store.atomic import open_db
from veilig_tui.store.clock import Clock, from_iso, to_iso
from veilig_tui.store.errors import UnknownReferenceError
from veilig_tui.store.models import Addition, Melding, MeldingSummary, Status
from veilig_tui.store.references import new_reference

TABLE = "meldingen"
AFGEROND: Status = "afgerond"
OVERGEDRAGEN: Status = "overgedragen"


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


class ArchiveFile:
    """Reads and changes the archive file; callers hold the store lock."""

    def __init__(self, path: Path, clock: Clock, on_corrupt: Callable[[Path], None]) -> None:
        self._path = path
        self._clock = clock
        self._on_corrupt = on_corrupt

    def records(self, *, read_only: bool = False) -> list[dict[str, Any]]:
        """All stored records (a broken file is moved aside unless read_only)."""
        with open_db(self._path, None if read_only else self._on_corrupt) as db:
            return [dict(doc) for doc in db.table(TABLE).all()]

    def add(self, draft_id: str, created: datetime, melding: Mapping[str, Any]) -> Melding:
        """Store a finished melding under a new unique reference."""
        now = self._clock()
        with open_db(self._path, self._on_corrupt) as db:
            table = db.table(TABLE)
            taken = {doc["reference"] for doc in table.all()}
            record = build_record(new_reference(now.year, taken), draft_id, created, now, melding)
            table.insert(record)
        return to_melding(record)

    def summaries(self) -> list[MeldingSummary]:
        """All meldingen without content, most recently finished first."""
        found = [
            MeldingSummary(
                reference=record["reference"],
                finished=from_iso(record["finished"]),
                outcome=str((record.get("melding") or {}).get("outcome") or ""),
                status=record["status"],
            )
            for record in self.records()
        ]
        return sorted(found, key=lambda summary: summary.finished, reverse=True)

    def get(self, reference: str) -> Melding | None:
        """One melding, or None."""
        with open_db(self._path, self._on_corrupt) as db:
            doc = db.table(TABLE).get(where("reference") == reference)
        return to_melding(doc) if isinstance(doc, Mapping) else None

    def change(
        self, reference: str, fields: Callable[[Mapping[str, Any]], dict[str, Any]]
    ) -> Melding:
        """Update fields computed from the stored record; raise when the reference is unknown."""
        with open_db(self._path, self._on_corrupt) as db:
            table = db.table(TABLE)
            doc = table.get(where("reference") == reference)
            if not isinstance(doc, Mapping):
                raise UnknownReferenceError(reference)
            updated = {**doc, **fields(doc)}
            table.update(updated, doc_ids=[doc.doc_id])
        return to_melding(updated)

    def remove(self, references: Collection[str]) -> list[str]:
        """Delete meldingen (one atomic rewrite); return the references that existed."""
        wanted = set(references)
        with open_db(self._path, self._on_corrupt) as db:
            table = db.table(TABLE)
            found = [doc["reference"] for doc in table.all() if doc["reference"] in wanted]
            if found:
                table.remove(where("reference").one_of(found))
        return found


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
            Addition(date=from_iso(item["date"]), text=item["text"])
            for item in record.get("additions") or []
        ),
        content=dict(record.get("melding") or {}),
    )


def addition_record(date: datetime, text: str) -> dict[str, str]:
    """The stored form of an aanvulling."""
    return {"date": to_iso(date), "text": text}
