"""One lock file per data directory, so processes take turns; never waits forever."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from veilig_tui.store.errors import StoreBusyError, location_error
from veilig_tui.store.paths import FILE_MODE

DEFAULT_LOCK_TIMEOUT = 10.0
POLL_INTERVAL = 0.005
"""Seconds between tries while another process holds the lock. filelock's default (50 ms)
lets a busy window keep the lock to itself and makes a waiting one lag by a frame or more."""


class StoreLock:
    """Inter-process lock around every store operation."""

    def __init__(self, path: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        if not timeout > 0:
            raise ValueError("the lock timeout must be positive, or a busy store would hang")
        self._path = path
        self._lock = FileLock(path, timeout=timeout, mode=FILE_MODE)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the block; raise StoreBusyError after the timeout."""
        try:
            self._lock.acquire(poll_interval=POLL_INTERVAL)
        except Timeout as error:
            raise StoreBusyError(self._path) from error
        except OSError as error:  # the lock is a folder, or the file system is read-only
            raise location_error(self._path.parent, error) from error
        try:
            yield
        finally:
            self._lock.release()
