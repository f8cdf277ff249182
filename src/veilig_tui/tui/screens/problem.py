"""When the organisation's files cannot be used: say so, keep 112 on top."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine


class ProblemScreen(AppScreen):
    """A Dutch explanation of what is wrong and what to do."""

    BINDINGS = [Binding("escape", "close", "Sluiten", id="problem.close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="body"):
            yield Static(literal(self._text), id="problem")
        yield Footer()

    def action_close(self) -> None:
        self.app.exit(return_code=2)  # what was asked (a melding) cannot happen
