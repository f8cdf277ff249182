"""Which drafts, meldingen and leftover files are due for removal; broken copies never are."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from veilig_tui.store.atomic import broken_copy_time
from veilig_tui.store.clock import from_iso
from veilig_tui.store.models import BrokenCopy, DraftSummary


def due_drafts(drafts: Iterable[DraftSummary], cutoff: datetime) -> list[str]:
    """Drafts not updated since the cutoff."""
    return [draft.draft_id for draft in drafts if draft.updated < cutoff]


def due_meldingen(records: Iterable[dict[str, Any]], cutoff: datetime) -> list[str]:
    """Meldingen handed over before the cutoff; one that was never handed over is never due."""
    return [
        str(record["reference"])
        for record in records
        if record.get("status") == "overgedragen"
        and record.get("handed_over_at")
        and from_iso(record["handed_over_at"]) < cutoff
    ]


def broken_copies(directories: Iterable[Path]) -> list[BrokenCopy]:
    """Every moved-aside `.kapot-` copy, oldest first. None of them is ever due by itself."""
    found = []
    for directory in directories:
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            moved = broken_copy_time(path)
            if moved is not None and path.is_file():
                found.append(BrokenCopy(path, moved))
    return sorted(found, key=lambda copy: (copy.moved, copy.path))
