"""F1: help with the current question, and who to contact in full."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Footer, Static

from veilig_tui.tui.screens.base import AppDialog
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine


class HelpDialog(AppDialog):
    """Help text of the question, full contact details, and the app's keys."""

    BINDINGS = [
        Binding("escape", "close", "Sluiten", id="help.close"),
        Binding("f1", "close", "Sluiten", id="help.close_f1", show=False),
    ]

    def __init__(self, help_text: str, contacts: str) -> None:
        super().__init__()
        self._help = help_text
        self._contacts = contacts

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="dialog"):
            if self._help:
                yield Static("Uitleg bij deze vraag", classes="heading", markup=False)
                yield Static(literal(self._help), id="help-text")
            yield Static("Bij wie kun je terecht?", classes="heading", markup=False)
            yield Static(literal(self._contacts), id="help-contacts")
            yield Static("Toetsen", classes="heading", markup=False)
            yield Static(
                "Esc: terug of sluiten. F1: deze hulp. Ctrl+Q: verbergen (bewaart en sluit af).",
                markup=False,
            )
            yield Button("Sluiten", id="close", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus(scroll_visible=False)
        self.query_one("#dialog", VerticalScroll).scroll_home(animate=False)

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
