"""What the store tests share: a fixed start time and a store opened without repairs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from veilig_tui.store import FixedClock, Store

START = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def open_clean(data: Path, clock: FixedClock | None = None) -> Store:
    """Open a store and insist that opening needed no repairs."""
    store, report = Store.open(data, clock=clock or FixedClock(START))
    assert report.notices == ()
    return store
