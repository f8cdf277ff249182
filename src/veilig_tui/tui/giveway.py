"""Background work that gives way while the event loop answers a key.

The core is loaded in a thread while the first screen already takes keys, and later every
node is rendered once in a thread (see `VeiligApp`). Python runs one thread at a time: when
a key comes while such a thread is busy, the two take turns (every 0.5 ms, see
`sys.setswitchinterval` in the app) and the next question is painted at half speed, a frame
late. So a key *holds* the background work until the next paint, and the work waits at
points where that is safe: before each module it imports (loading the core is mostly
imports) and between the nodes it renders. A hold ends at the next paint, and by itself
after `HOLD` seconds, so the work is never held up for long even if nothing is painted.

Nothing here knows about Textual; the app calls `hold` and `release`.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

HOLD = 0.05
"""Seconds at most that one key holds the background work."""


class GiveWay:
    """Held by the event loop while it answers a key; waited for by background work."""

    def __init__(self) -> None:
        install()
        self._free = threading.Event()
        self._free.set()
        self._until = 0.0

    def hold(self, seconds: float = HOLD) -> None:
        """A key is being answered: background work waits until `release`, or `seconds`."""
        self._until = time.monotonic() + seconds
        self._free.clear()

    def release(self) -> None:
        """The answer is painted: background work goes on."""
        self._free.set()

    @property
    def held(self) -> bool:
        return not self._free.is_set() and time.monotonic() < self._until

    def wait(self) -> None:
        """Called by background work at a safe point: wait while a key is answered."""
        left = self._until - time.monotonic()
        if left > 0 and not self._free.is_set():
            self._free.wait(left)

    @contextmanager
    def in_imports(self) -> Iterator[None]:
        """While this block runs, the current thread waits for `wait` before each module
        it imports (other threads import as usual)."""
        thread = threading.get_ident()
        _WaitBeforeImport.waiting[thread] = self
        try:
            yield
        finally:
            del _WaitBeforeImport.waiting[thread]


class _WaitBeforeImport(MetaPathFinder):
    """A finder that finds nothing: it only lets the threads in `waiting` wait before an
    import. Installed once and never removed: `sys.meta_path` is a list that an import in
    another thread may be walking through at that moment."""

    waiting: dict[int, GiveWay] = {}

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        way = self.waiting.get(threading.get_ident())
        if way is not None:
            way.wait()
        return None


def install() -> None:
    """Put the finder first in `sys.meta_path`, once per process; call it before threads
    that import are started (the app does so when it is made)."""
    if not any(isinstance(finder, _WaitBeforeImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WaitBeforeImport())
