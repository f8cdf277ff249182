"""Injectable clock and the ISO timestamps stored on disk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """The current local time, with its UTC offset."""
    return datetime.now().astimezone()


def aware(moment: datetime) -> datetime:
    """Treat a naive datetime as local time, so all comparisons work."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def to_iso(moment: datetime) -> str:
    """Timestamp as stored: ISO 8601 with offset, whole seconds."""
    return aware(moment).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    """Parse a stored timestamp."""
    return aware(datetime.fromisoformat(text))


class FixedClock:
    """A clock that stands still until moved; for tests and demonstrations."""

    def __init__(self, now: datetime) -> None:
        self.now = aware(now)

    def __call__(self) -> datetime:
        """The current (fixed) time."""
        return self.now

    def advance(self, days: float = 0, seconds: float = 0) -> None:
        """Move the clock forward."""
        self.now += timedelta(days=days, seconds=seconds)
