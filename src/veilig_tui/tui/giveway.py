"""Background work that gives way while the event loop answers a key.

The core is loaded in a thread while the first screen already takes keys, and later every
node is rendered once in a thread (see `VeiligApp`). Python runs one thread at a time: when
a key comes while such a thread is busy, the two take turns (every 0.5 ms, see
`sys.setswitchinterval` in the app) and the next question is painted at half speed, a frame
late; the danger question is the one most likely answered while the core still loads. So a
key *holds* the background work until its answer is painted, and the work waits meanwhile:

- in `giving_way()`, at its next function call: a profile function of that thread only
  (`sys.setprofile`) checks one attribute per call. Loading the core is mostly imports
  whose module bodies run for tens of ms without another import, so waiting only between
  imports left the key sharing the interpreter for most of a frame. The check makes the
  load ~40 % slower in CPU time, in the background, while the person reads the question;
- elsewhere, where the work calls `wait()` itself (between the nodes it renders).

A hold ends at `release` (the next paint) and by itself after `HOLD` seconds, so the work is
never held up for long even if nothing is painted. Nothing here knows about Textual.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

HOLD = 0.05
"""Seconds at most that one key holds the background work."""


class GiveWay:
    """Held by the event loop while it answers a key; waited for by background work."""

    def __init__(self) -> None:
        self._free = threading.Event()
        self._free.set()
        self._until = 0.0
        self.holding = False
        """True from `hold` to `release`: the one attribute the profile function reads."""

    def hold(self, seconds: float = HOLD) -> None:
        """A key is being answered: background work waits until `release`, or `seconds`."""
        self._until = time.monotonic() + seconds
        self._free.clear()
        self.holding = True

    def release(self) -> None:
        """The answer is painted: background work goes on."""
        self.holding = False
        self._free.set()

    @property
    def held(self) -> bool:
        return self.holding and time.monotonic() < self._until

    def wait(self) -> None:
        """Called by background work: wait while a key is answered (at most until the hold
        ends by itself)."""
        left = self._until - time.monotonic()
        if left > 0 and not self._free.is_set():
            self._free.wait(left)
        if time.monotonic() >= self._until:
            self.holding = False

    @contextmanager
    def giving_way(self) -> Iterator[None]:
        """While this block runs, the current thread waits at its next function call while
        a key is held (other threads run as usual)."""

        def check(_frame: FrameType, _event: str, _arg: Any) -> None:
            if self.holding:
                self.wait()

        before = sys.getprofile()
        sys.setprofile(check)
        try:
            yield
        finally:
            sys.setprofile(before)
