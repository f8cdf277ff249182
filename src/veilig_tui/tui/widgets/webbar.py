"""Web mode only: 'Hulp' and 'Verbergen' as buttons on every screen.

Browsers keep F1, Ctrl+Q, Ctrl+P and Ctrl+W for themselves, so in `veilig web` these two
are always on screen as buttons (mouse, touch or Tab and Enter).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button

BAR_ID = "web-bar"


class WebBar(Horizontal):
    """The two buttons, docked at the bottom above the footer."""

    DEFAULT_CSS = """
    WebBar {
        dock: bottom;
        height: 1;
        margin-bottom: 1;
        width: 100%;
        align-horizontal: right;
        background: $panel;
    }
    WebBar Button {
        height: 1;
        min-width: 12;
        border: none;
        margin-left: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Button("Hulp", id="web-help", compact=True)
        yield Button("Verbergen", id="web-hide", variant="error", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()  # a dialog's own button handler must not see these
        action = "help" if event.button.id == "web-help" else "hide"
        self.app.call_later(self.app.run_action, action)


def add_web_bar(screen: Screen[Any]) -> None:
    """Mount the bar on a screen that does not have it yet."""
    if not screen.query(f"#{BAR_ID}"):
        screen.mount(WebBar(id=BAR_ID))
