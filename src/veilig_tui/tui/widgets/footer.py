"""The key bar at the bottom, redrawn only when the keys it shows change, after the paint."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

LATEST = 0.1
"""Seconds after which changed keys are shown even when no new screen was painted."""


class QuietFooter(Footer):
    """Textual's Footer rebuilds itself on every focus change, before the next paint. When
    an answer moves the focus to another kind of answer widget, that rebuild holds the next
    question back by more than a frame. This one rebuilds only when the keys it shows
    differ, and then right after the next question is painted."""

    _shown: tuple[Any, ...] | None = None
    _stale = False
    _timer: Timer | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.screen.screen_layout_refresh_signal.subscribe(self, self._painted)

    def _keys(self, screen: Screen[Any]) -> tuple[Any, ...]:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.action, binding.description, binding.key_display, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen and self.app.app_focus:
            keys = self._keys(screen)
            if self._bindings_ready and keys == self._shown:
                return
            first = self._shown is None
            self._shown = keys
            if not first:
                self._stale = True
                if self._timer is None:
                    self._timer = self.set_timer(LATEST, self._rebuild)
                return
        super().bindings_changed(screen)

    def _painted(self, _screen: object) -> None:
        if self._stale:
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._stale:
            self._stale = False
            await self.recompose()
