"""The key bar at the bottom, redrawn only when the keys it shows change."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's Footer rebuilds itself on every focus change. When an answer moves the
    focus to another kind of answer widget, that rebuild costs more than a frame although
    the keys shown stay the same; this one rebuilds only when they differ."""

    _shown: tuple[Any, ...] | None = None

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
            self._shown = keys
        super().bindings_changed(screen)
