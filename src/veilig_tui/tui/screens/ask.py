"""Small dialogs: a yes/no question, a line of text (a name), a file to make."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

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


class FileDialog(AppDialog):
    """Choose the kind of file and the folder it goes in; dismisses with
    (format, folder) or None on Escape. The recommended format comes first."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="file.cancel")]

    def __init__(self, question: str, formats: dict[str, str], folder: str) -> None:
        super().__init__()
        self._question = question
        self._formats = formats
        self._folder = folder

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="dialog"):
            yield Static(literal(self._question))
            yield OptionList(
                *(Option(literal(label), id=fmt) for fmt, label in self._formats.items()),
                id="formats",
            )
            yield Static("In deze map:", markup=False)
            yield SafeInput(self._folder, id="folder")
            with Horizontal(classes="buttons"):
                yield Button("Maken", id="make", variant="primary")
                yield Button("Annuleren", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        formats = self.query_one("#formats", OptionList)
        formats.highlighted = 0
        formats.focus()

    @on(OptionList.OptionSelected, "#formats")
    def _format_chosen(self) -> None:
        self.query_one("#folder", Input).focus()

    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#make")
    def _make(self) -> None:
        formats = self.query_one("#formats", OptionList)
        folder = self.query_one("#folder", Input).value.strip()
        index = formats.highlighted
        if index is None or not folder:
            return
        self.dismiss((formats.get_option_at_index(index).id, folder))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
