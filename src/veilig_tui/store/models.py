"""Frozen dataclasses that the store returns; content fields are kept out of repr."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Status = Literal["afgerond", "overgedragen"]
AuditEventName = Literal[
    "created", "finished", "exported", "handed_over", "addition_added", "deleted", "cleaned"
]


@dataclass(frozen=True)
class Progress:
    """How far a draft is: answers given and an optional estimate from the caller."""

    answered: int = 0
    total_estimate: str | None = None


@dataclass(frozen=True)
class Typing:
    """Free text still being typed for one question, saved so it survives a crash."""

    node_id: str
    text: str = field(repr=False)
    updated: datetime


@dataclass(frozen=True)
class DraftSummary:
    """A draft as listed to whoever uses the computer: no content."""

    draft_id: str
    created: datetime
    updated: datetime
    progress: Progress


@dataclass(frozen=True)
class Draft:
    """A draft with its opaque dialogue state and any half-typed text."""

    draft_id: str
    created: datetime
    updated: datetime
    progress: Progress
    state: dict[str, Any] = field(repr=False)
    typing: Typing | None


@dataclass(frozen=True)
class Addition:
    """An 'aanvulling' added to a finished melding."""

    date: datetime
    text: str = field(repr=False)
    sealed: str = field(default="", repr=False)
    """Its encrypted hand-off file, kept instead of the text once keys exist."""


@dataclass(frozen=True)
class MeldingSummary:
    """A finished melding as listed: no content."""

    reference: str
    finished: datetime
    outcome: str
    status: Status


@dataclass(frozen=True)
class Melding:
    """A finished melding: the caller's opaque content plus the store's own fields."""

    reference: str
    draft_id: str
    created: datetime
    finished: datetime
    status: Status
    handed_over_to: str | None = field(repr=False)
    handed_over_at: datetime | None
    additions: tuple[Addition, ...]
    content: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class AuditEvent:
    """One line of the audit trail; never personal content."""

    time: datetime
    event: AuditEventName
    reference: str | None = None
    draft_id: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class StartupReport:
    """What Store.open found and repaired; `notices` are Dutch texts for the user."""

    data_dir: Path
    notices: tuple[str, ...]
    temp_files_removed: int
    moved_aside: tuple[Path, ...]
    finished_drafts_removed: int


@dataclass(frozen=True)
class BrokenCopy:
    """A file that could not be read, kept under a `.kapot-` name. Never removed by itself."""

    path: Path
    moved: datetime
    """When it was moved aside (local wall time, from its name)."""

    def age_days(self, now: datetime) -> int:
        """Whole days since it was moved aside."""
        return max(0, (now.replace(tzinfo=None) - self.moved).days)


@dataclass(frozen=True)
class CleanupReport:
    """What cleanup removed, or would remove when `dry_run` is true.

    `broken_copies` are listed, never removed here: they may hold the only copy of a
    melding. `Store.remove_broken_copies` removes them on an explicit request.
    """

    dry_run: bool
    drafts: tuple[str, ...]
    meldingen: tuple[str, ...]
    temp_files: tuple[Path, ...]
    broken_copies: tuple[BrokenCopy, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to remove."""
        return not (self.drafts or self.meldingen or self.temp_files)

    def summary(self) -> str:
        """One Dutch sentence for the user."""
        if self.is_empty:
            return "Er is niets om op te ruimen."
        parts = [
            _count(len(self.drafts), "concept", "concepten"),
            _count(len(self.meldingen), "melding", "meldingen"),
            _count(len(self.temp_files), "tijdelijk bestand", "tijdelijke bestanden"),
        ]
        listed = ", ".join(parts[:-1]) + " en " + parts[-1]
        if self.dry_run:
            return f"Als je opruimt, gaat dit weg: {listed}."
        return f"Opgeruimd: {listed}."


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
