"""Review every answer before finishing; change one, and see what no longer applies."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from veilig_tui.flow.inputs import AnswerError
from veilig_tui.tui.screens.base import AppDialog, AppScreen
from veilig_tui.tui.widgets.answers import Answered, answer_widget, literal
from veilig_tui.tui.widgets.safety import SafetyLine


class ReviewScreen(AppScreen):
    """All answers; Enter on one changes it."""

    BINDINGS = [
        Binding("escape", "back", "Terug", id="review.back"),
        Binding("a", "finish", "Afronden", id="review.finish"),
    ]

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="body"):
            yield Static(
                "Kijk je antwoorden na. Enter: antwoord veranderen. A: afronden.",
                id="intro",
                markup=False,
            )
            yield Static("", id="message", markup=False)
            yield OptionList(id="answers")
            yield Button("Afronden", id="finish", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_answers()
        self.query_one("#answers", OptionList).focus()

    def refresh_answers(self, message: str = "") -> None:
        session = self.veilig.session
        if session is None:
            return
        answers = self.query_one("#answers", OptionList)
        keep = answers.highlighted or 0  # after a change, stay on the changed answer
        answers.clear_options()
        for line in session.dialogue.lines():
            answers.add_option(
                Option(literal(f"{line.question}\n  → {line.answer}"), id=str(line.index))
            )
        if answers.option_count:
            answers.highlighted = min(keep, answers.option_count - 1)
        note = self.query_one("#message", Static)
        note.update(literal(message))
        note.display = bool(message)

    @on(OptionList.OptionSelected, "#answers")
    def _change(self, event: OptionList.OptionSelected) -> None:
        index = int(event.option.id or 0)
        self.app.push_screen(EditDialog(index), self._edited)

    def _edited(self, dropped: list[str] | None) -> None:
        session = self.veilig.session
        if dropped is None or session is None:
            return
        self.veilig.update_safety()  # the suspected person may have changed
        flow = session.dialogue.flow
        message = "Je antwoord is veranderd."
        if dropped:
            gone = "; ".join(f"'{session.dialogue.show(flow.nodes[n]).text}'" for n in dropped)
            message += f" Deze vragen tellen nu niet meer mee: {gone}"
        if not session.dialogue.finished:
            self.veilig.continue_dialogue(message + " Beantwoord de nieuwe vragen.")
            return
        self.refresh_answers(message)

    @on(Button.Pressed, "#finish")
    def _finish_button(self) -> None:
        self.action_finish()

    def action_finish(self) -> None:
        self.veilig.open_summary()

    def action_back(self) -> None:
        self.app.pop_screen()


class EditDialog(AppDialog):
    """Change one earlier answer; dismisses with the dropped node ids, or None."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="edit.cancel")]

    def __init__(self, index: int) -> None:
        super().__init__()
        self._index = index

    def compose(self) -> ComposeResult:
        session = self.veilig.session
        assert session is not None
        node_id, value = session.dialogue.answers[self._index]
        shown = session.dialogue.show(session.dialogue.flow.nodes[node_id])
        yield SafetyLine()
        with Vertical(id="dialog"):
            yield Static(literal(shown.text), id="text")
            yield answer_widget(shown, value)
            yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#answer-widget").focus()

    @on(Answered)
    def _answered(self, event: Answered) -> None:
        event.stop()
        session = self.veilig.session
        assert session is not None
        try:
            dropped = session.edit(self._index, event.value)
        except AnswerError as exc:
            self.query_one("#message", Static).update(literal(f"Let op: {exc}"))
            return
        self.dismiss(dropped)

    def action_cancel(self) -> None:
        self.dismiss(None)
