"""Drafts: one small TinyDB file per draft, so saving never touches the archive."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from tinydb.table import Document

from veilig_tui.store.atomic import fsync_dir, open_db
from veilig_tui.store.audit import AuditLog
from veilig_tui.store.clock import Clock, from_iso, to_iso
from veilig_tui.store.models import Draft, DraftSummary, Progress, Typing
from veilig_tui.store.paths import Layout, is_draft_id

_TABLE = "concept"
_DOC_ID = 1
_VERSION = 1


def new_draft_id() -> str:
    """A fresh random id for a new draft; never reuse one."""
    return secrets.token_hex(8)


class DraftFiles:
    """Reads and writes draft files; callers hold the store lock."""

    def __init__(
        self,
        layout: Layout,
        clock: Clock,
        on_corrupt: Callable[[Path], None],
        audit: AuditLog,
    ) -> None:
        self._layout = layout
        self._clock = clock
        self._on_corrupt = on_corrupt
        self._audit = audit

    def ids(self) -> list[str]:
        """Ids of all draft files on disk."""
        return sorted(
            path.stem for path in self._layout.drafts.glob("*.json") if is_draft_id(path.stem)
        )

    def read(self, draft_id: str, *, read_only: bool = False) -> dict[str, Any] | None:
        """The raw document of a draft, or None when missing or broken.

        A broken file (bad JSON, or JSON that does not fit the schema of a draft) is moved
        aside, unless read_only, which leaves it alone.
        """
        path = self._layout.draft(draft_id)
        with open_db(path, None if read_only else self._on_corrupt) as db:
            table = db.table(_TABLE)
            doc = table.get(doc_id=_DOC_ID)
            others = len(table) - (doc is not None) + sum(name != _TABLE for name in db.tables())
        if doc is None and others == 0:
            return None  # missing or empty file
        if isinstance(doc, Mapping) and _fits_schema(doc, draft_id):
            return dict(doc)
        if not read_only and path.exists():
            self._on_corrupt(path)
        return None

    def save(self, draft_id: str, state: Mapping[str, Any], progress: Progress) -> DraftSummary:
        """Store the dialogue state; clears the half-typed text, which is now an answer."""
        fields: dict[str, Any] = {
            "state": dict(state),
            "answered": progress.answered,
            "total_estimate": progress.total_estimate,
            "typing": None,
        }
        return self._write(draft_id, fields)

    def save_typing(self, draft_id: str, node_id: str, text: str) -> DraftSummary:
        """Store text still being typed for one question."""
        now = to_iso(self._clock())
        return self._write(draft_id, {"typing": {"node_id": node_id, "text": text, "updated": now}})

    def load(self, draft_id: str) -> Draft | None:
        """The full draft, or None."""
        doc = self.read(draft_id)
        return None if doc is None else _to_draft(doc)

    def summaries(self, *, read_only: bool = False) -> list[DraftSummary]:
        """All drafts without content, most recently updated first."""
        found = []
        for draft_id in self.ids():
            doc = self.read(draft_id, read_only=read_only)
            if doc is not None:
                found.append(_to_summary(doc))
        return sorted(found, key=lambda summary: summary.updated, reverse=True)

    def remove(self, draft_id: str) -> bool:
        """Delete the draft file; False when it was not there."""
        path = self._layout.draft(draft_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_dir(path.parent)
        return True

    def _write(self, draft_id: str, fields: dict[str, Any]) -> DraftSummary:
        path = self._layout.draft(draft_id)
        self.read(draft_id)  # moves a broken file aside, so it is never merged into
        now = to_iso(self._clock())
        with open_db(path, self._on_corrupt) as db:
            table = db.table(_TABLE)
            old = table.get(doc_id=_DOC_ID)
            if isinstance(old, Mapping):
                doc = {**old, **fields, "updated": now}
                table.update(doc, doc_ids=[_DOC_ID])
            else:
                doc = {
                    "version": _VERSION,
                    "draft_id": draft_id,
                    "created": now,
                    "state": {},
                    "answered": 0,
                    "total_estimate": None,
                    "typing": None,
                    **fields,
                    "updated": now,
                }
                table.insert(Document(doc, doc_id=_DOC_ID))
        if not isinstance(old, Mapping):
            self._audit.append("created", draft_id=draft_id)
        return _to_summary(doc)


def _fits_schema(doc: Mapping[str, Any], draft_id: str) -> bool:
    """True when the document is a draft this version can read, for this file name."""
    try:
        draft = _to_draft(doc)
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    return (
        draft.draft_id == draft_id
        and isinstance(doc.get("state"), Mapping)
        and isinstance(doc.get("answered", 0), int)
        and isinstance(doc.get("total_estimate"), str | None)
    )


def _to_summary(doc: Mapping[str, Any]) -> DraftSummary:
    return DraftSummary(
        draft_id=str(doc["draft_id"]),
        created=from_iso(doc["created"]),
        updated=from_iso(doc["updated"]),
        progress=Progress(int(doc.get("answered", 0)), doc.get("total_estimate")),
    )


def _to_draft(doc: Mapping[str, Any]) -> Draft:
    summary = _to_summary(doc)
    typing = doc.get("typing")
    return Draft(
        draft_id=summary.draft_id,
        created=summary.created,
        updated=summary.updated,
        progress=summary.progress,
        state=dict(doc.get("state") or {}),
        typing=None
        if not isinstance(typing, Mapping)
        else Typing(
            node_id=str(typing["node_id"]),
            text=str(typing["text"]),
            updated=from_iso(typing["updated"]),
        ),
    )
