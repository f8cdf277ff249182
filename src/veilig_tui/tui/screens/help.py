"""F1: help with the current question, and who to contact in full.

The text scrolls (arrows, Page Up/Down, Home/End, or the mouse); the 'Sluiten' button
stays below it, in view, also in a small terminal.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from veilig_tui.tui.screens.base import AppDialog
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine

KEYS = (
    "Esc: terug of sluiten. F1: deze hulp. Pijltjes en Page Up/Down: deze tekst lezen. "
    "Ctrl+Q: verbergen (bewaart en sluit af). Ctrl+P: alle opdrachten."
)


class HelpDialog(AppDialog):
    """Help text of the question, full contact details, and the app's keys."""

    BINDINGS = [
        Binding("escape", "close", "Sluiten", id="help.close"),
        Binding("f1", "close", "Sluiten", id="help.close_f1", show=False),
        Binding("down", "read('down')", "Verder lezen", key_display="↓", id="help.down"),
        Binding("up", "read('up')", "Terug lezen", id="help.up", show=False),
        Binding("pagedown", "read('page_down')", "Verder lezen", id="help.pagedown", show=False),
        Binding("pageup", "read('page_up')", "Terug lezen", id="help.pageup", show=False),
        Binding("home", "read('home')", "Begin", id="help.home", show=False),
        Binding("end", "read('end')", "Einde", id="help.end", show=False),
    ]

    def __init__(self, help_text: str, contacts: str) -> None:
        super().__init__()
        self._help = help_text
        self._contacts = contacts

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="dialog"):
            with VerticalScroll(id="help-scroll", can_focus=False):
                if self._help:
                    yield Static("Uitleg bij deze vraag", classes="heading", markup=False)
                    yield Static(literal(self._help), id="help-text")
                yield Static("Bij wie kun je terecht?", classes="heading", markup=False)
                yield Static(literal(self._contacts), id="help-contacts")
                yield Static("Toetsen", classes="heading", markup=False)
                yield Static(KEYS, id="help-keys", markup=False)
            yield Button("Sluiten", id="close", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus(scroll_visible=False)
        self.query_one("#help-scroll", VerticalScroll).scroll_home(animate=False)
        # whether there is more to read is known after the first layout
        self.call_after_refresh(self.refresh_bindings)

    def on_resize(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read":  # 'Verder lezen' only when the text does not fit
            return self.query_one("#help-scroll", VerticalScroll).max_scroll_y > 0
        return True

    def action_read(self, how: str) -> None:
        text = self.query_one("#help-scroll", VerticalScroll)
        getattr(text, f"scroll_{how}")(animate=False)

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
