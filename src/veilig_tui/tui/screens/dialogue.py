"""The dialogue: one question, information or advice at a time, generated from the flow."""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Static, TextArea

from veilig_tui.flow.inputs import AnswerError, privacy_hints
from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.widgets.answers import Answered, Typed, answer_widget, literal
from veilig_tui.tui.widgets.safety import SafetyLine

SAVE_PAUSE = 1.0
"""Seconds of no typing after which free text is saved."""
SAVE_AT_MOST = 5.0
"""Seconds of non-stop typing after which free text is saved anyway."""


class DialogueScreen(AppScreen):
    """Shows the current node of the session; answers go to the session."""

    BINDINGS = [
        Binding("escape", "back", "Terug", id="dialogue.back"),
        Binding("pageup", "scroll_text(-1)", "Tekst omhoog", id="dialogue.up", show=False),
        Binding("pagedown", "scroll_text(1)", "Tekst omlaag", id="dialogue.down", show=False),
        Binding("c", "drafts", "Concepten", id="dialogue.drafts", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._save_timer: Timer | None = None
        self._typed: str | None = None
        self._typed_since = 0.0
        self._shown_id = ""
        """The node whose answer widget is on screen; answers for other nodes are stale."""

    def compose(self) -> ComposeResult:
        # The text scrolls; the answer, messages and hints stay in view below it.
        yield SafetyLine()
        with VerticalScroll(id="body", can_focus=False):
            yield Static("", id="notice", markup=False)
            yield Static("", id="progress", markup=False)
            yield Static("Even laden…", id="text", markup=False)
            yield Static("", id="contacts", markup=False)
        yield Vertical(id="answer")
        yield Static("", id="message", markup=False)
        yield Static("", id="hints", markup=False)
        yield Footer()

    # -- showing -------------------------------------------------------------------
    async def show_current(self, notice: str = "", typed: str | None = None) -> None:
        """Render the session's current node; `typed` restores half-typed text."""
        from veilig_tui.flow.engine import progress_text

        session = self.veilig.session
        if session is None:
            return
        dialogue = session.dialogue
        shown = dialogue.show()
        node = shown.node
        self._set("#notice", notice)
        progress = ""
        if node.kind in ("choice", "multi", "text", "date"):
            low, high = dialogue.questions_left()
            progress = f"Vraag {dialogue.question_number()} — {progress_text(low, high)}"
        elif node.kind == "advice":
            title = dialogue.advices()[-1].title if dialogue.advices() else ""
            progress = f"{'Let op' if node.urgent else 'Advies'}: {title}".rstrip(": ")
        self.query_one("#progress", Static).update(progress)
        self.query_one("#text", Static).update(literal(shown.text))
        contacts = "\n".join(shown.contacts.lines()) if shown.contacts else ""
        self._set("#contacts", contacts)
        # Advice and information take the room; a question keeps its answers close by.
        self.set_class(node.kind in ("advice", "info"), "-reading")
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self._set("#message", "")
        self._set("#hints", "")
        current = dialogue.prefill(node.id) if typed is None else typed
        label = "Verder"
        if dialogue.finished:
            label = "Alles nakijken" if node.report else "Klaar"
        box = self.query_one("#answer", Vertical)
        for old in box.query("TextArea, Input"):
            # Stop the cursor blinking and hide the old field before it goes: a blink that
            # renders a removed TextArea crashes Textual 8.2 (KeyError 'text-area--gutter').
            old.cursor_blink = False  # type: ignore[attr-defined]
            old.display = False
        await box.remove_children()
        await box.mount(answer_widget(shown, current, label))
        self._shown_id = node.id
        self._focus_answer()
        self.veilig.update_safety()

    def _set(self, selector: str, text: str) -> None:
        """Show text as typed; an empty line takes no room."""
        widget = self.query_one(selector, Static)
        widget.update(literal(text))
        widget.display = bool(text)

    def _focus_answer(self) -> None:
        found = self.query("#answer-widget")
        if found:
            found.first().focus()

    def say(self, message: str) -> None:
        self._set("#message", message)

    # -- answering -----------------------------------------------------------------
    @on(Answered)
    async def _answered(self, event: Answered) -> None:
        event.stop()
        session = self.veilig.session
        if session is None or event.node_id != self._shown_id:
            return  # a key typed ahead, meant for a question that is gone: ignore it
        self._shown_id = ""  # one answer per question shown
        self._flush_typing()
        if session.dialogue.finished:
            self.veilig.finished()
            return
        try:
            session.answer(event.value)
        except AnswerError as exc:
            self._shown_id = session.dialogue.current.id
            self.say(f"Let op: {exc}")
            return
        self._typed = None
        await self.show_current(self.veilig.take_notices())

    @on(Typed)
    def _typed_text(self, event: Typed) -> None:
        event.stop()
        self._typed = event.text
        node = self.veilig.session.dialogue.current if self.veilig.session else None
        if node is not None and node.privacy_hint:
            hints = privacy_hints(event.text)
            self._set("#hints", "\n".join(f"Tip: '{h.found}'. {h.message}" for h in hints))
        if self._save_timer is not None:
            self._save_timer.stop()
        now = time.monotonic()
        if not self._typed_since:
            self._typed_since = now
        if now - self._typed_since >= SAVE_AT_MOST:  # someone who never pauses
            self._flush_typing()
            return
        self._save_timer = self.set_timer(SAVE_PAUSE, self._flush_typing)

    def _flush_typing(self) -> None:
        """Save half-typed text now (after a pause, before leaving, when hiding)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        session = self.veilig.session
        self._typed_since = 0.0
        if self._typed is not None and session is not None:
            session.save_typing(self._typed)
            self._typed = None

    async def action_back(self) -> None:
        session = self.veilig.session
        if session is None:
            return
        self._flush_typing()
        if not session.back():
            self.say("Dit is de eerste vraag. Terug kan niet.")
            return
        await self.show_current(self.veilig.take_notices())

    def action_scroll_text(self, direction: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        body.scroll_page_down() if direction > 0 else body.scroll_page_up()

    def action_drafts(self) -> None:
        self.veilig.open_drafts()

    def prepare_to_hide(self) -> None:
        areas = self.query("#answer TextArea")
        if areas and self.veilig.session is not None:
            self._typed = areas.first(TextArea).text  # a paste may not have been seen yet
        self._flush_typing()

    def on_screen_resume(self) -> None:
        """Back from the review: the advice's button works again."""
        session = self.veilig.session
        if session is not None and self.query("#answer-widget"):
            self._shown_id = session.dialogue.current.id
            self.veilig.update_safety()
