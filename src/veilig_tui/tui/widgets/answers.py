"""Answer widgets generated from a flow node; each posts `Answered` when the user is done.

A widget that can show another node without being rebuilt has `refill(shown, current,
label) -> bool`: it returns False (and changes nothing) when the node needs another widget.
The dialogue screen keeps such widgets mounted and refills them: mounting a widget costs
more than a frame, refilling one costs a fraction of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from veilig_tui.flow.inputs import visible

if TYPE_CHECKING:  # the engine is imported after the first frame
    from veilig_tui.firstscreen import Page
    from veilig_tui.flow.engine import Shown


class Answered(Message):
    """The user gave an answer (None for information and advice) to node `node_id`."""

    def __init__(self, value: Any, node_id: str = "") -> None:
        super().__init__()
        self.value = value
        self.node_id = node_id


class Typed(Message):
    """Free text changed; the screen saves it after a short pause."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


def literal(text: str) -> Content:
    """Text shown as typed: never markup, never control codes."""
    return Content(visible(text))


def numbered(number: int, label: str) -> str:
    """An answer with its key: 1 to 9 only, since one key press answers at once (so '10'
    would choose answer 1). Answers further down are reached with the arrows."""
    return f"{number}. {label}" if number <= 9 else f"   {label}"


def _options(shown: Shown | Page) -> list[Option]:
    return [
        Option(literal(numbered(i, label)), id=answer_id)
        for i, (answer_id, label) in enumerate(shown.answers, 1)
    ]


class QuickButton(Button):
    """A button without the pressed flash: the next screen is the feedback, and a flash
    painted first would hold that screen back to the next frame."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.active_effect_duration = 0


class ChoiceAnswer(OptionList):
    """One answer: arrows and Enter, or the answer's number."""

    def __init__(self, shown: Shown | Page, current: Any = None) -> None:
        super().__init__(*_options(shown), id="answer-widget")
        self._ids = [a for a, _ in shown.answers]
        self._node = shown.id
        if current in self._ids:
            self.highlighted = self._ids.index(current)

    def refill(self, shown: Shown | Page, current: Any = None, label: str = "") -> bool:
        if shown.kind != "choice":
            return False
        self.set_options(_options(shown))
        self._ids = [a for a, _ in shown.answers]
        self._node = shown.id
        # as a new, focused list: the given answer highlighted, else the first
        self.highlighted = self._ids.index(current) if current in self._ids else 0
        return True

    def blank(self) -> None:
        """Hidden until refilled: no stale answers kept around."""
        self.clear_options()
        self._ids = []
        self._node = ""

    def on_key(self, event: Any) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self._ids):
                event.stop()
                # No highlight first: a paint now would hold the next screen's paint
                # back to the next frame (Textual paints at most once per frame).
                self.post_message(Answered(self._ids[index], self._node))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Answered(event.option.id, self._node))


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

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Answered(event.value, self._node))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """What is typed is saved (a name, a date): Escape or a crash does not lose it."""
        self.post_message(Typed(visible(event.value)))


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


class ContinueAnswer(Vertical):
    """Information or advice: one button."""

    def __init__(self, label: str, node_id: str) -> None:
        super().__init__(id="answer-box")
        self._label = label
        self._node = node_id

    def compose(self) -> ComposeResult:
        yield QuickButton(self._label, id="answer-widget", variant="primary")

    def refill(self, shown: Shown | Page, current: Any = None, label: str = "Verder") -> bool:
        if shown.kind in ("choice", "multi", "text", "date"):
            return False
        self._label = label
        self._node = shown.id
        button = self.query_one(Button)
        button.label = label
        button.remove_class("-active")  # a pressed button ignores Enter for 0.2 s
        return True

    def blank(self) -> None:
        self._node = ""

    @on(Button.Pressed)
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(Answered(None, self._node))


def answer_widget(shown: Shown | Page, current: Any = None, finish_label: str = "Verder") -> Any:
    """The widget for a node's kind."""
    kind = shown.kind
    if kind == "choice":
        return ChoiceAnswer(shown, current)
    if kind == "multi":
        return MultiAnswer(shown, current)
    if kind == "text":
        one_line = shown.node.regels == 1
        return LineAnswer(shown, current) if one_line else TextAnswer(shown, current)
    if kind == "date":
        return DateAnswer(shown, current)
    return ContinueAnswer(finish_label, shown.id)
