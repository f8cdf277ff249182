"""Append-only audit trail (JSON lines): what happened to which reference, never content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from veilig_tui.store.atomic import append_lines
from veilig_tui.store.clock import Clock, from_iso, to_iso
from veilig_tui.store.errors import StoreUnreadableError, StoreWriteError
from veilig_tui.store.models import AuditEvent, AuditEventName

_EVENTS = frozenset(get_args(AuditEventName))


class AuditLog:
    """The audit file of one data directory; callers hold the store lock."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self._path = path
        self._clock = clock

    def append(
        self,
        event: AuditEventName,
        *,
        reference: str | None = None,
        draft_id: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Add one line and fsync it."""
        record = {"time": to_iso(self._clock()), "event": event}
        for key, value in (("reference", reference), ("draft", draft_id), ("detail", detail)):
            if value is not None:
                record[key] = value
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            append_lines(self._path, line)
        except OSError as error:
            raise StoreWriteError(self._path.parent, error) from error

    def events(self) -> list[AuditEvent]:
        """All readable events, oldest first; half-written lines are skipped."""
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as error:
            raise StoreUnreadableError(self._path) from error
        events: list[AuditEvent] = []
        for line in raw.splitlines():
            try:
                record = json.loads(line)
                if record["event"] not in _EVENTS:
                    continue
                events.append(
                    AuditEvent(
                        time=from_iso(record["time"]),
                        event=record["event"],
                        reference=record.get("reference"),
                        draft_id=record.get("draft"),
                        detail=record.get("detail"),
                    )
                )
            except (ValueError, KeyError, TypeError):
                continue
        return events
