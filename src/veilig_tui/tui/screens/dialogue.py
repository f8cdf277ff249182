"""The dialogue: one question, information or advice at a time, generated from the flow.

Speed: a key answers within one frame. The next screen is a `Page` (plain data, rendered by
the core); its texts go into the Statics that are there, and its answers into an answer
widget that is already mounted: each widget kind is mounted once, in its own slot, and
refilled after that (mounting costs more than a frame; refilling a fraction of it). Slots
of other kinds stay hidden and blank. Once the core is ready, `premount` mounts a hidden
slot of every kind between frames, so also the first question of a kind only refills. A
Static whose text stays the same is not updated (an update renders it again). The draft
is saved right after the paint; until then work in threads gives way (`giveway`).

Before the core is loaded the screen can show a cached first page (see
`veilig_tui.firstscreen`): an answer given then is queued by the app and applied when the
core is ready, and keys pressed while nothing can be answered are kept and replayed.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from veilig_tui.flow.inputs import AnswerError, privacy_hints
from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.widgets.answers import Answered, Typed, answer_widget, literal
from veilig_tui.tui.widgets.footer import QuietFooter
from veilig_tui.tui.widgets.safety import SafetyLine

if TYPE_CHECKING:
    from veilig_tui.firstscreen import Page

SAVE_PAUSE = 1.0
"""Seconds of no typing after which free text is saved."""
SAVE_AT_MOST = 5.0
"""Seconds of non-stop typing after which free text is saved anyway."""
SAVE_ANSWER_LATEST = 0.2
"""An answer's draft is saved right after the next screen is painted, at the latest after
this many seconds."""


PREMOUNTED: tuple[tuple[str, int | None], ...] = (
    ("text", None),
    ("multi", None),
    ("date", None),
    ("text", 1),
    ("info", None),
    ("choice", None),
)
"""The kinds of answer widget mounted ahead (kind, `regels`), most needed first."""


class DialogueScreen(AppScreen):
    """Shows the current node of the session; answers go to the session."""

    AUTO_FOCUS = None
    """The answers get the focus when they are shown (see `_focus_answer`)."""
    BINDINGS = [
        Binding("escape", "back", "Terug", id="dialogue.back"),
        Binding("pageup", "scroll_text(-1)", "Tekst omhoog", id="dialogue.up", show=False),
        Binding("pagedown", "scroll_text(1)", "Tekst omlaag", id="dialogue.down", show=False),
        Binding("c", "drafts", "Concepten", id="dialogue.drafts", show=False),
        Binding("m", "meldingen", "Meldingen", id="dialogue.meldingen", show=False),
    ]

    def __init__(self, first: Page | None = None) -> None:
        super().__init__()
        self._first = first
        """A cached first page, shown in the first frame before the core is loaded."""
        self._slot: Widget | None = None
        """The slot of the answer widget on screen."""
        self._early_keys: list[events.Key] = []
        """Keys pressed while nothing could be answered yet: replayed once it can."""
        self._unsaved = False
        self._save_timer: Timer | None = None
        self._typed: str | None = None
        self._typed_since = 0.0
        self._shown_id = ""
        """The node whose answer widget is on screen; answers for other nodes are stale."""
        self._texts: dict[str, str] = {"#text": "Even laden…"}
        """What each Static of `_set` shows now."""
        self._mounting = asyncio.Lock()
        """Held while an answer widget is refilled or mounted: one at a time."""

    def compose(self) -> ComposeResult:
        # The text scrolls; the answer, messages and hints stay in view below it.
        yield SafetyLine()
        with VerticalScroll(id="body", can_focus=False):
            yield Static("", id="notice", markup=False)
            yield Static("", id="progress", markup=False)
            yield Static("Even laden…", id="text", markup=False)
        with VerticalScroll(id="contacts-box", can_focus=False):  # stays in view (app.tcss)
            yield Static("", id="contacts", markup=False)
        with Vertical(id="answer"):
            if self._first is not None:
                with Vertical(classes="slot"):
                    yield answer_widget(self._first, None, self._first.label)
        yield Static("", id="message", markup=False)
        yield Static("", id="hints", markup=False)
        yield QuietFooter()

    # -- showing -------------------------------------------------------------------
    def on_mount(self) -> None:
        # After each layout the screen is painted: the moment to save an answer's draft.
        self.screen_layout_refresh_signal.subscribe(self, self._painted)
        if self._first is not None:  # painted in the first frame, answerable at once
            self._fill(self._first, "")
            self._slot = self.query_one("#answer > .slot")
            self._shown_id = self._first.id
            # Focus after the first frame: focusing now paints the answers before the
            # safety row. A key pressed before that is kept and replayed.
            self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        self._focus_answer()
        self._replay_early_keys()

    async def show_current(self, notice: str = "", typed: str | None = None) -> None:
        """Render the session's current node; `typed` restores half-typed text."""
        from veilig_tui.firstscreen import page_of

        session = self.veilig.session
        if session is None:
            return
        page = page_of(session.dialogue)
        current = session.dialogue.prefill(page.id) if typed is None else typed
        await self.show_page(page, notice, current)
        self._replay_early_keys()

    async def show_page(self, page: Page, notice: str = "", current: Any = None) -> None:
        """Show a page: its texts in place, its answers in a reused widget."""
        self._fill(page, notice)
        await self._show_answer(page, current)
        self._shown_id = page.id
        self._focus_answer()
        self.veilig.safety_text = page.safety
        # Lay out the whole screen in the next paint: left to the widgets, a first paint
        # shows the new texts and a layout one frame later the new answers.
        self.refresh(layout=True)

    def _fill(self, page: Page, notice: str) -> None:
        self._set("#notice", notice)
        self._set("#progress", page.progress, hide=False)
        self._set("#text", page.text, hide=False)
        self._set("#contacts", page.contacts)
        self.set_class(page.reading, "-reading")
        body = self.query_one("#body", VerticalScroll)
        if body.scroll_offset.y:
            body.scroll_home(animate=False)
        contacts = self.query_one("#contacts-box", VerticalScroll)
        if contacts.scroll_offset.y:
            contacts.scroll_home(animate=False)
        self._set("#message", "")
        self._set("#hints", "")

    async def _show_answer(self, page: Page, current: Any) -> None:
        """Refill the widget on screen, or a hidden one that fits; mount one only when none
        does (once per kind)."""
        async with self._mounting:  # not while `premount` mounts one
            await self._refill_or_mount(page, current)

    async def _refill_or_mount(self, page: Page, current: Any) -> None:
        box = self.query_one("#answer", Vertical)
        shown = self._slot
        slots = [shown] if shown is not None else []
        slots += [slot for slot in box.children if slot is not shown]
        target: Widget | None = None
        for slot in slots:
            refill = getattr(slot.children[0], "refill", None) if slot.children else None
            if refill is not None and refill(page, current, page.label):
                target = slot
                break
        if target is None:
            target = Vertical(answer_widget(page, current, page.label), classes="slot")
            await box.mount(target)
        if shown is not None and shown is not target:
            old = shown.children[0] if shown.children else None
            blank = getattr(old, "blank", None)
            if blank is not None:
                blank()  # hidden and empty until a page of its kind comes again
                shown.display = False
            else:
                for area in shown.query("TextArea, Input"):
                    # Stop the cursor blinking and hide the old field before it goes: a
                    # blink that renders a removed TextArea crashes Textual 8.2.
                    area.cursor_blink = False  # type: ignore[attr-defined]
                    area.display = False
                shown.display = False
                await shown.remove()
        target.display = True
        self._slot = target

    async def premount(self) -> None:
        """Mount a hidden, blank answer widget of one more kind that has none yet, and ask to
        be called again after the next paint, until every kind has one. Run when the core
        is ready: the first question of each kind then refills a widget instead of mounting
        one (mounting costs more than a frame: the kind's styles are parsed, its parts
        composed). One kind per turn of the event loop, so a key never waits for more
        than one mount."""
        from veilig_tui.firstscreen import Page

        if self.veilig.give_way.held:  # a key is being answered: that goes first
            self.set_timer(0.05, self.premount)
            return
        box = self.query_one("#answer", Vertical)
        async with self._mounting:  # what `_show_answer` mounted meanwhile counts too
            mounted = {type(slot.children[0]) for slot in box.children if slot.children}
            for kind, regels in PREMOUNTED:
                page = Page(id="", kind=kind, progress="", text="", regels=regels)
                blank = answer_widget(page)
                if type(blank) not in mounted:
                    slot = Vertical(blank, classes="slot")
                    slot.display = False
                    await box.mount(slot)
                    self.call_after_refresh(self.premount)
                    return

    def _set(self, selector: str, text: str, *, hide: bool = True) -> None:
        """Show text as typed; with `hide`, an empty line takes no room. A text that is
        already shown is left alone: updating a Static renders it again."""
        widget = self.query_one(selector, Static)
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            widget.update(literal(text))
        if hide:
            widget.display = bool(text)

    def _focus_answer(self) -> None:
        found = self._slot.query("#answer-widget") if self._slot is not None else None
        if found:
            found.first().focus()

    def on_key(self, event: events.Key) -> None:
        """A key that nothing could take because nothing is shown yet: keep it."""
        waiting = not self._shown_id or self.focused is None
        if waiting and not self.veilig.ready and len(self._early_keys) < 200:
            event.stop()
            self._early_keys.append(event)

    def _replay_early_keys(self) -> None:
        keys, self._early_keys = self._early_keys, []
        for key in keys:
            self.app.post_message(events.Key(key.key, key.character))

    def say(self, message: str) -> None:
        self._set("#message", message)

    # -- answering -----------------------------------------------------------------
    @on(Answered)
    async def _answered(self, event: Answered) -> None:
        event.stop()
        session = self.veilig.session
        if not event.node_id or event.node_id != self._shown_id:
            return  # a key typed ahead, meant for a question that is gone: ignore it
        self._shown_id = ""  # one answer per question shown
        if session is None:  # the core is still loading: it takes the answer when ready
            ahead = self.veilig.queue_answer(event.node_id, event.value)
            if ahead is not None:
                await self.show_page(ahead)
            else:
                self.say("Even geduld: de app laadt nog. Je antwoord telt mee.")
            return
        if session.dialogue.finished:
            self._flush_typing()
            self.veilig.finished()
            return
        try:
            session.dialogue.answer(event.value)
        except AnswerError as exc:
            self._flush_typing()
            self._shown_id = session.dialogue.current.id
            self.say(f"Let op: {exc}")
            return
        # The answer holds what was typed; it is saved right after the next paint (no
        # disk write between the key and the next question).
        self._stop_typing_save()
        self._typed = None
        self._unsaved = True
        await self.show_current(self.veilig.take_notices())
        self.set_timer(SAVE_ANSWER_LATEST, self._save_answers)  # in case nothing is painted

    def _painted(self, _screen: object) -> None:
        self.veilig.give_way.release()
        self._save_answers()

    def _save_answers(self) -> None:
        """Save the draft right after the next screen is painted."""
        session = self.veilig.session
        if not self._unsaved or session is None:
            return
        self._unsaved = False
        session.save()
        notices = self.veilig.take_notices()
        if notices:
            self._set("#notice", notices)

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

    def _stop_typing_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._typed_since = 0.0

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
        if session is None:  # still loading: take back a queued answer
            if self.veilig.ready or self._first is None:
                return
            taken_back, page = self.veilig.unqueue_answer()
            if not taken_back:
                self.say("Dit is de eerste vraag. Terug kan niet.")
            elif page is not None:
                await self.show_page(page)
            else:
                self.say("Even geduld: de app laadt nog. Je antwoord telt mee.")
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

    def action_meldingen(self) -> None:
        self.veilig.open_meldingen()

    def prepare_to_hide(self) -> None:
        from textual.widgets import TextArea  # loaded once a text question was shown

        self._save_answers()
        areas = self._slot.query(TextArea) if self._slot is not None else None
        if areas and self.veilig.session is not None:
            self._typed = areas.first(TextArea).text  # a paste may not have been seen yet
        self._flush_typing()

    def on_screen_resume(self) -> None:
        """Back from the review: the advice's button works again."""
        session = self.veilig.session
        if session is not None and self.query("#answer-widget"):
            self._shown_id = session.dialogue.current.id
            self.veilig.update_safety()
