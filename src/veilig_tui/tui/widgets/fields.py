"""The answer widgets that the first screen does not need: more answers (a selection list),
free text (a text area), one-line text and dates (an input field).

Kept apart from `answers` because importing Textual's TextArea, SelectionList and Input
costs more than the rest of the first frame's own code: the danger question (a choice) and
its 112 advice (a button) are painted without them. The app imports this module in the
background once the first screen is up (see `VeiligApp._load_in_background`), so the first
question of these kinds finds it loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from veilig_tui.flow.inputs import visible
from veilig_tui.tui.widgets.answers import Answered, QuickButton, Typed, literal, numbered

if TYPE_CHECKING:
    from veilig_tui.firstscreen import Page
    from veilig_tui.flow.engine import Shown


class MultiList(SelectionList[str]):
    """Space or the number toggles, Enter confirms. A ✓ shows what is chosen."""

    BINDINGS = [
        Binding("space", "select", "Aan/uit", id="multi.toggle"),
        Binding("enter", "confirm", "Verder", id="multi.confirm"),
    ]

    def __init__(self, shown: Shown | Page, chosen: set[str]) -> None:
        self._labels = {a: numbered(i, label) for i, (a, label) in enumerate(shown.answers, 1)}
        self._node = shown.id
        selections = [Selection(self._prompt(a, a in chosen), a, a in chosen) for a in self._labels]
        super().__init__(*selections, id="answer-widget")

    def refill(self, shown: Shown | Page, chosen: set[str]) -> None:
        self._labels = {a: numbered(i, label) for i, (a, label) in enumerate(shown.answers, 1)}
        self._node = shown.id
        with self.prevent(SelectionList.SelectedChanged):
            self.clear_options()
            self.add_options(
                [Selection(self._prompt(a, a in chosen), a, a in chosen) for a in self._labels]
            )

    def _prompt(self, answer_id: str, chosen: bool) -> Content:
        """Not colour alone: a chosen answer carries a ✓."""
        return literal(("✓ " if chosen else "  ") + self._labels[answer_id])

    @on(SelectionList.SelectedChanged)
    def _mark(self) -> None:
        chosen = set(self.selected)
        for index, answer_id in enumerate(self._labels):
            self.replace_option_prompt_at_index(index, self._prompt(answer_id, answer_id in chosen))

    def on_key(self, event: Any) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < self.option_count:
                event.stop()
                self.highlighted = index
                self.toggle(self.get_option_at_index(index).value)

    def action_confirm(self) -> None:
        self.post_message(Answered(list(self.selected), self._node))


class MultiAnswer(Vertical):
    """More answers: a selection list."""

    def __init__(self, shown: Shown | Page, current: Any = None) -> None:
        super().__init__(id="answer-box")
        self._list = MultiList(shown, set(current or []))

    def compose(self) -> ComposeResult:
        yield self._list
        yield Static("Spatie of nummer: aan/uit. Enter: verder.", classes="keys", markup=False)

    def refill(self, shown: Shown | Page, current: Any = None, label: str = "") -> bool:
        if shown.kind != "multi":
            return False
        self._list.refill(shown, set(current or []))
        return True

    def blank(self) -> None:
        self._list.clear_options()
        self._list._node = ""


class SafeInput(Input):
    """A one-line field that shows pasted control codes as symbols, never sends them."""

    @on(Input.Changed)
    def _clean(self, event: Input.Changed) -> None:
        clean = visible(event.value)
        if clean != event.value:
            self.value = clean


class FieldAnswer(Vertical):
    """Base of the typed answers: the node, what was typed before, whether it may stay empty."""

    def __init__(self, shown: Shown | Page, current: Any = None) -> None:
        super().__init__(id="answer-box")
        self._start = str(current or "")
        self._optional = shown.node.optional
        self._node = shown.id


class TextAnswer(FieldAnswer):
    """Free text over several lines; Tab to 'Verder', then Enter."""

    def _keys(self) -> str:
        extra = " Je mag het leeg laten." if self._optional else ""
        return f"Enter: nieuwe regel. Tab: naar Verder.{extra}"

    def compose(self) -> ComposeResult:
        yield TextArea(self._start, id="answer-widget", soft_wrap=True, tab_behavior="focus")
        yield Static(self._keys(), classes="keys", markup=False)
        yield QuickButton("Verder", id="verder", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)  # go on typing where you left off

    def refill(self, shown: Shown | Page, current: Any = None, label: str = "") -> bool:
        if shown.kind != "text" or shown.node.regels == 1 or type(self) is not TextAnswer:
            return False
        self._start = str(current or "")
        self._optional = shown.node.optional
        self._node = shown.id
        area = self.query_one(TextArea)
        with area.prevent(TextArea.Changed):  # not typed by the user: nothing to save
            area.load_text(self._start)
        area.move_cursor(area.document.end)
        self.query_one(".keys", Static).update(self._keys())
        self.query_one("#verder", Button).remove_class("-active")
        return True

    def blank(self) -> None:
        area = self.query_one(TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text("")
        self._node = ""

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        clean = visible(area.text)
        if clean != area.text:  # pasted control codes are shown, never sent to the terminal
            area.text = clean
            return
        self.post_message(Typed(area.text))

    @on(Button.Pressed, "#verder")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(Answered(self.query_one(TextArea).text, self._node))


class InputAnswer(FieldAnswer):
    """Base of the one-line answers: a field, a line of keys, Enter to go on."""

    PLACEHOLDER = ""

    def _keys(self) -> str:
        raise NotImplementedError

    def fits(self, shown: Shown | Page) -> bool:
        """True when this widget can show the node (else the screen mounts another)."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield SafeInput(self._start, placeholder=self.PLACEHOLDER, id="answer-widget")
        yield Static(self._keys(), classes="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(SafeInput).cursor_position = len(self._start)

    def refill(self, shown: Shown | Page, current: Any = None, label: str = "") -> bool:
        if not self.fits(shown):
            return False
        self._start = str(current or "")
        self._optional = shown.node.optional
        self._node = shown.id
        field = self.query_one(SafeInput)
        with field.prevent(Input.Changed):  # not typed by the user: nothing to save
            field.value = self._start
        field.cursor_position = len(self._start)
        self.query_one(".keys", Static).update(self._keys())
        return True

    def blank(self) -> None:
        field = self.query_one(SafeInput)
        with field.prevent(Input.Changed):
            field.value = ""
        self._node = ""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """What is typed is saved (a name, a date): Escape or a crash does not lose it."""
        self.post_message(Typed(visible(event.value)))

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Answered(event.value, self._node))


class LineAnswer(InputAnswer):
    """Free text on one line (`regels: 1`): Enter to go on; what is typed is saved."""

    def _keys(self) -> str:
        extra = " Je mag het leeg laten." if self._optional else ""
        return f"Typ je antwoord en druk op Enter.{extra}"

    def fits(self, shown: Shown | Page) -> bool:
        return shown.kind == "text" and shown.node.regels == 1


class DateAnswer(InputAnswer):
    """A date as dd-mm-jjjj, 'vandaag' or 'gisteren'; Enter to go on."""

    PLACEHOLDER = "dd-mm-jjjj"

    def _keys(self) -> str:
        extra = " Leeg laten mag." if self._optional else ""
        return f"Typ de datum en druk op Enter.{extra}"

    def fits(self, shown: Shown | Page) -> bool:
        return shown.kind == "date"
