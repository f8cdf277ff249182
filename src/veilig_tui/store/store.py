"""The Store: one repository for drafts, finished meldingen and the audit trail."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from veilig_tui.store import messages
from veilig_tui.store.archive import (
    OVERGEDRAGEN,
    AdditionSealer,
    ArchiveFiles,
    Sealer,
    addition_record,
    to_melding,
)
from veilig_tui.store.atomic import fsync_dir, move_aside, temp_files
from veilig_tui.store.audit import AuditLog
from veilig_tui.store.clock import Clock, aware, from_iso, local_now, to_iso
from veilig_tui.store.drafts import DraftFiles
from veilig_tui.store.errors import StoreError, UnknownReferenceError
from veilig_tui.store.locking import DEFAULT_LOCK_TIMEOUT, StoreLock
from veilig_tui.store.models import (
    Addition,
    AuditEvent,
    BrokenCopy,
    CleanupReport,
    Draft,
    DraftSummary,
    Melding,
    MeldingSummary,
    Progress,
    StartupReport,
)
from veilig_tui.store.paths import Layout, claim_data_dir, ensure_private_dir, fix_file_modes
from veilig_tui.store.references import normalise_reference
from veilig_tui.store.retention import broken_copies, due_drafts, due_meldingen

_FORMAT = re.compile(r"[A-Za-z0-9._-]{1,20}")


class Store:
    """All reading and writing of one data directory, each call inside the shared lock.

    Use `Store.open`, which prepares the directory and repairs what a crash left behind.
    Dutch notices about repairs made later (a broken file moved aside) wait in
    `take_notices()`.
    """

    def __init__(
        self,
        root: Path,
        *,
        clock: Clock = local_now,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self._layout = Layout(root)
        self._clock = clock
        self._lock = StoreLock(self._layout.lock, lock_timeout)
        self._notices: list[str] = []
        self._moved: list[Path] = []
        self._audit = AuditLog(self._layout.audit, clock)
        self._drafts = DraftFiles(self._layout, clock, self._move_aside, self._audit)
        self._archive = ArchiveFiles(self._layout, clock, self._move_aside)

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        clock: Clock = local_now,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> tuple[Store, StartupReport]:
        """Prepare the directory (0700/0600), remove stray temp files, check every file."""
        store = cls(root, clock=clock, lock_timeout=lock_timeout)
        return store, store._start()

    @property
    def data_dir(self) -> Path:
        """The data directory."""
        return self._layout.root

    def take_notices(self) -> list[str]:
        """Dutch notices collected since the last call, for the UI to show."""
        notices, self._notices = self._notices, []
        return notices

    # Drafts

    def save_draft(
        self, draft_id: str, state: Mapping[str, Any], progress: Progress
    ) -> DraftSummary:
        """Save the dialogue state of a draft (only that draft's file is written)."""
        with self._lock.held():
            return self._drafts.save(draft_id, state, progress)

    def save_typing(self, draft_id: str, node_id: str, text: str) -> DraftSummary:
        """Save free text that is still being typed, so a crash does not lose it."""
        with self._lock.held():
            return self._drafts.save_typing(draft_id, node_id, text)

    def list_drafts(self) -> list[DraftSummary]:
        """Drafts with dates and progress only, never content; newest first."""
        with self._lock.held():
            return self._drafts.summaries()

    def load_draft(self, draft_id: str) -> Draft | None:
        """A draft with its state and half-typed text, or None."""
        with self._lock.held():
            return self._drafts.load(draft_id)

    def delete_draft(self, draft_id: str) -> bool:
        """Delete a draft; False when it did not exist."""
        with self._lock.held():
            removed = self._drafts.remove(draft_id)
            if removed:
                self._audit.append("deleted", draft_id=draft_id)
            return removed

    # Finished meldingen

    def finish(
        self, draft_id: str, melding: Mapping[str, Any], seal: Sealer | None = None
    ) -> Melding:
        """Archive the melding and delete its draft. Idempotent per draft: a draft finished
        before (another window, a retry) gives the melding it made then, with a notice.

        `seal`, when given, turns the melding (with its reference) into the content that is
        stored instead, e.g. only an encrypted copy: the readable content never reaches
        the disk. Once the melding is stored this returns it: a missing audit line or a
        draft file that stays behind is a notice, never an error that says saving failed."""
        with self._lock.held():
            draft = self._drafts.read(draft_id)
            created = from_iso(draft["created"]) if draft else self._clock()
            result, new = self._archive.add(draft_id, created, melding, seal)
            if not new:
                self._notices.append(messages.already_finished(result.reference))
            if new or draft is not None:  # a retry writes what the first try could not
                try:
                    self._audit.append("finished", reference=result.reference, draft_id=draft_id)
                except StoreError:
                    self._notices.append(messages.audit_missing(result.reference))
                try:
                    self._drafts.remove(draft_id)
                except OSError:
                    self._notices.append(messages.draft_left_behind())
            return result

    def list_meldingen(self) -> list[MeldingSummary]:
        """Finished meldingen: reference, date, outcome and status only; newest first."""
        with self._lock.held():
            return self._archive.summaries()

    def get(self, reference: str) -> Melding | None:
        """One finished melding with its content, or None."""
        with self._lock.held():
            return self._archive.get(normalise_reference(reference))

    def mark_handed_over(
        self, reference: str, to_whom: str, when: datetime | None = None
    ) -> Melding:
        """Record that the melding was handed over, to whom and when (default: now)."""
        moment = to_iso(when if when is not None else self._clock())
        fields = {"status": OVERGEDRAGEN, "handed_over_to": to_whom, "handed_over_at": moment}
        with self._lock.held():
            result = self._archive.change(normalise_reference(reference), lambda _: fields)
            self._audit.append("handed_over", reference=result.reference)
            return result

    def add_addition(
        self, reference: str, text: str, seal: AdditionSealer | None = None
    ) -> Melding:
        """Add a dated 'aanvulling' to a finished melding. With `seal`, only what it makes
        of the addition (an encrypted copy) is stored, not the text."""
        date = self._clock()

        def added(record: Mapping[str, Any]) -> dict[str, Any]:
            if seal is None:
                addition = addition_record(date, text)
            else:
                sealed = seal(to_melding(record), Addition(date, text))
                addition = addition_record(date, "", sealed)
            return {"additions": [*(record.get("additions") or []), addition]}

        with self._lock.held():
            result = self._archive.change(normalise_reference(reference), added)
            self._audit.append("addition_added", reference=result.reference)
            return result

    def delete(self, reference: str) -> None:
        """Delete a finished melding for good."""
        reference = normalise_reference(reference)
        with self._lock.held():
            if not self._archive.remove([reference]):
                raise UnknownReferenceError(reference)
            self._audit.append("deleted", reference=reference)

    def log_export(self, reference: str, fmt: str) -> None:
        """Note in the audit trail that a melding was exported, and in which format."""
        if not _FORMAT.fullmatch(fmt):
            raise ValueError(f"invalid export format name: {fmt!r}")
        reference = normalise_reference(reference)
        with self._lock.held():
            if self._archive.get(reference) is None:
                raise UnknownReferenceError(reference)
            self._audit.append("exported", reference=reference, detail=fmt)

    def audit_events(self) -> list[AuditEvent]:
        """The audit trail, oldest first."""
        with self._lock.held():
            return self._audit.events()

    # Retention

    def cleanup(self, draft_days: int, handed_over_days: int, dry_run: bool) -> CleanupReport:
        """Remove old drafts, meldingen handed over long ago, and stray temp files.

        A melding that was never handed over is never removed, and neither is a moved-aside
        `.kapot-` copy (it is listed in the report). With dry_run nothing changes.
        """
        if draft_days < 0 or handed_over_days < 0:
            raise ValueError("retention periods must not be negative")
        now = aware(self._clock())
        draft_cutoff = now - timedelta(days=draft_days)
        melding_cutoff = now - timedelta(days=handed_over_days)
        directories = (self._layout.root, *self._layout.subdirectories)
        with self._lock.held():
            report = CleanupReport(
                dry_run=dry_run,
                drafts=tuple(due_drafts(self._drafts.summaries(read_only=True), draft_cutoff)),
                meldingen=tuple(
                    due_meldingen(self._archive.records(read_only=True), melding_cutoff)
                ),
                temp_files=tuple(path for d in directories for path in temp_files(d)),
                broken_copies=tuple(broken_copies(directories)),
            )
            if not dry_run:
                self._remove(report)
            return report

    def _remove(self, report: CleanupReport) -> None:
        for reference in self._archive.remove(report.meldingen):
            self._audit.append("cleaned", reference=reference)
        for draft_id in report.drafts:
            if self._drafts.remove(draft_id):
                self._audit.append("cleaned", draft_id=draft_id)
        for path in report.temp_files:
            path.unlink(missing_ok=True)
            self._audit.append("cleaned", detail=path.name)
        for directory in (self._layout.root, *self._layout.subdirectories):
            if directory.is_dir():
                fsync_dir(directory)

    def broken_copies(self) -> list[BrokenCopy]:
        """Every moved-aside `.kapot-` copy, oldest first."""
        with self._lock.held():
            return broken_copies((self._layout.root, self._layout.drafts))

    def remove_broken_copies(self, copies: Iterable[BrokenCopy]) -> int:
        """Remove these moved-aside copies, on the user's explicit request; returns how many.

        Only `.kapot-` copies in this data folder are removed, whatever is passed in.
        """
        with self._lock.held():
            ours = {c.path for c in broken_copies((self._layout.root, self._layout.drafts))}
            removed = 0
            for copy in copies:
                if copy.path not in ours:
                    continue
                copy.path.unlink(missing_ok=True)
                self._audit.append("cleaned", detail=copy.path.name)
                removed += 1
            for directory in (self._layout.root, self._layout.drafts):
                fsync_dir(directory)
            return removed

    # Start-up and repairs

    def _start(self) -> StartupReport:
        notices = claim_data_dir(self._layout)  # refuses a folder that is not ours
        directories = (self._layout.root, *self._layout.subdirectories)
        with self._lock.held():
            for directory in self._layout.subdirectories:
                notices += ensure_private_dir(directory)
            for directory in directories:
                notices += fix_file_modes(directory)
            strays = [p for d in directories for p in temp_files(d)]
            for path in strays:  # inside the lock, so no writer is still using them
                path.unlink(missing_ok=True)
            if strays:
                for directory in directories:
                    fsync_dir(directory)
            self._archive.migrate()
            finished = self._remove_finished_drafts()
            notices += self.take_notices()
            moved, self._moved = tuple(self._moved), []
        return StartupReport(
            data_dir=self._layout.root,
            notices=tuple(notices),
            temp_files_removed=len(strays),
            moved_aside=moved,
            finished_drafts_removed=finished,
        )

    def _remove_finished_drafts(self) -> int:
        """Drop drafts that a killed `finish` had already archived (the archive is only
        listed when there are drafts)."""
        draft_ids = self._drafts.ids()
        if not draft_ids:
            return 0
        archived = {record["draft_id"]: record for record in self._archive.records()}
        removed = 0
        for draft_id in draft_ids:
            draft = self._drafts.read(draft_id)
            record = archived.get(draft_id)
            if draft is None or record is None:
                continue
            same_draft = from_iso(draft["created"]) == from_iso(record["created"])
            if same_draft and from_iso(draft["updated"]) <= from_iso(record["finished"]):
                removed += self._drafts.remove(draft_id)
        return removed

    def _move_aside(self, path: Path) -> None:
        kept_as = move_aside(path, self._clock())
        self._moved.append(kept_as)
        self._notices.append(messages.moved_aside(path, kept_as))
