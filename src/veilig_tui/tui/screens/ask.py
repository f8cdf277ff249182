"""Small dialogs: a yes/no question, and a line of text (a name, a file)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Static

from veilig_tui.tui.screens.base import AppDialog
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.fields import SafeInput
from veilig_tui.tui.widgets.safety import SafetyLine


class ConfirmDialog(AppDialog):
    """Two buttons ('Ja' and 'Nee' unless named); dismisses with True for the first.
    The second is the safe default: it has the focus, and Escape chooses it."""

    BINDINGS = [Binding("escape", "no", "Nee", id="confirm.no")]

    def __init__(self, question: str, yes: str = "Ja", no: str = "Nee") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no
        # the footer names what Escape does: the second button
        self._bindings.key_to_bindings["escape"] = [Binding("escape", "no", no, id="confirm.no")]

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="dialog"):
            yield Static(literal(self._question))
            with Horizontal(classes="buttons"):
                yield Button(self._yes, id="yes")
                yield Button(self._no, id="no", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_no(self) -> None:
        self.dismiss(False)


class TextDialog(AppDialog):
    """One line of text; dismisses with the text, or None on Escape."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="text.cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._question = question
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="dialog"):
            yield Static(literal(self._question))
            yield SafeInput(self._value, placeholder=self._placeholder, id="line")
            yield Static("Enter: klaar. Esc: annuleren.", classes="keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
