"""Answer widgets generated from a flow node; each posts `Answered` when the user is done.

A widget that can show another node without being rebuilt has `refill(shown, current,
label) -> bool`: it returns False (and changes nothing) when the node needs another widget.
The dialogue screen keeps such widgets mounted and refills them: mounting a widget costs
more than a frame, refilling one costs a fraction of it.

This module holds what the first screen needs (one answer, and the button of information
and advice); the widgets for more answers, free text and dates are in `fields`, imported
when first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

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
    if kind not in ("multi", "text", "date"):
        return ContinueAnswer(finish_label, shown.id)
    from veilig_tui.tui.widgets.fields import DateAnswer, LineAnswer, MultiAnswer, TextAnswer

    if kind == "multi":
        return MultiAnswer(shown, current)
    if kind == "text":
        one_line = shown.node.regels == 1
        return LineAnswer(shown, current) if one_line else TextAnswer(shown, current)
    return DateAnswer(shown, current)
