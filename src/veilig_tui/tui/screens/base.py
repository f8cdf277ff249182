"""Base classes: every screen and dialog starts with the safety line.

Small terminals. Every screen gets the class `-narrow` below 80 columns and `-short`
below 24 rows (Textual's breakpoints); `app.tcss` uses them to keep text, buttons and
the F1 key in view at 60×20. In a narrow screen the key bar shows F1 first, so help is
never the key that falls off its right edge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from veilig_tui.tui.app import VeiligApp

HELP_KEY = "f1"
NARROW = "-narrow"
SHORT = "-short"
WIDTHS: list[tuple[int, str]] = [(0, NARROW), (80, "-wide")]
HEIGHTS: list[tuple[int, str]] = [(0, SHORT), (24, "-tall")]


class AppScreen(Screen[Any]):
    """A full screen of the app."""

    HORIZONTAL_BREAKPOINTS = WIDTHS
    VERTICAL_BREAKPOINTS = HEIGHTS

    @property
    def veilig(self) -> VeiligApp:
        return cast("VeiligApp", self.app)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys, in the order the key bar shows them; F1 first in a narrow screen."""
        bindings = super().active_bindings
        if not self.has_class(NARROW) or HELP_KEY not in bindings:
            return bindings
        return {HELP_KEY: bindings[HELP_KEY], **bindings}

    def on_resize(self, _event: events.Resize) -> None:
        # The breakpoint classes may have changed: let the key bar put F1 first (or not).
        self.refresh_bindings()


class AppDialog(ModalScreen[Any]):
    """A dialog; it shows its own safety line, so 112 stays on top."""

    HORIZONTAL_BREAKPOINTS = WIDTHS
    VERTICAL_BREAKPOINTS = HEIGHTS

    @property
    def veilig(self) -> VeiligApp:
        return cast("VeiligApp", self.app)
