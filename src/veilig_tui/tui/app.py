"""The veilig terminal app: a thin shell that asks the core and shows screens.

Start-up. The first frame shows the safety row and, when the first screen is cached
(`veilig_tui.firstscreen`: the start node's page, copied from what the core rendered on an
earlier run, keyed by the content of the flow, profile and roles files), the danger question
with its answers, focused and answerable. Nothing of the core is imported for that. The
flow, the profile and the store are then loaded in a thread worker while the screen takes
keys; an answer given meanwhile is queued (the page it leads to, e.g. the 112 advice, is
in the cache too, so it shows at once) and applied to the session when the core is ready,
which then shows its own rendering of the same page: same texts, same widget, no jump.
Without a (valid) cache the screen says "Even laden…" and the core loads on the event loop
right after the first frame, as there is nothing to answer meanwhile; keys pressed then are
kept by the screen and replayed. That first run writes the cache (so does
`veilig controleer`).

The first frame imports only what it shows: no core, and of the answer widgets only the
one for a choice and the button (`widgets.answers`); TextArea, SelectionList and Input
(`widgets.fields`) are imported in a thread once the core is there, and mounted ahead,
hidden. A key holds the work in threads until its answer is painted (`giveway`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from veilig_tui.tui.giveway import GiveWay
from veilig_tui.tui.screens.dialogue import DialogueScreen
from veilig_tui.tui.widgets.safety import FIRST_FRAME

if TYPE_CHECKING:  # the core is imported after the first frame, to paint 112 at once
    from veilig_tui.firstscreen import FirstScreen, Page
    from veilig_tui.flow.check import Flow
    from veilig_tui.org import Profile
    from veilig_tui.orgfolder import OrgFolder
    from veilig_tui.service import Service
    from veilig_tui.session import Session
    from veilig_tui.store import DraftSummary, Melding, Store
    from veilig_tui.web.mode import WebMode


class VeiligApp(App[None]):
    """Report something: the danger question first, then the dialogue, then the melding."""

    CSS_PATH = "app.tcss"
    TITLE = "veilig"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "hide", "Verbergen", id="app.hide", priority=True),
        Binding("f1", "help", "Hulp", id="app.help"),
        Binding("f2", "toggle_theme", "Licht/donker", id="app.theme", show=False),
        Binding(
            "ctrl+p", "command_palette", "Opdrachten", id="app.palette", priority=True, show=False
        ),
    ]

    safety_text: reactive[str] = reactive(FIRST_FRAME)
    """The first row of every screen."""

    def __init__(
        self,
        folder: OrgFolder | None = None,
        data: Path | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        theme: str = "textual-dark",
        flow_id: str = "melden",
        now: Callable[[], dt.datetime] | None = None,
        cache: Path | None = None,
        web: WebMode | None = None,
    ) -> None:
        super().__init__()
        self.web = web
        """Set when the app runs in a browser (`veilig web`); None in the terminal."""
        self.web_receipt = ""
        """In web mode: what to tell after the melding was delivered."""
        if web is not None:  # browsers keep F1, Ctrl+Q, Ctrl+P: the web bar's buttons instead
            keys = self._bindings.key_to_bindings
            for key, found in keys.items():
                keys[key] = [dataclasses.replace(b, show=False) for b in found]
        self._folder_arg = folder
        self._data_arg = data
        self._today = today
        self._now = now or (lambda: dt.datetime.now().astimezone())
        self._flow_id = flow_id
        self.theme = theme
        self.folder: OrgFolder | None = None
        self.service: Service | None = None
        self.session: Session | None = None
        self.melding: Melding | None = None
        self._failed = False
        """True when the organisation's files or the data folder could not be used."""
        self.ready = False
        """True once the core is loaded and the session's first page is shown."""
        self._cache = cache
        self._cache_key: str | None = None
        self._first: FirstScreen | None = self._read_first()
        self._queued: list[tuple[str, Any]] = []
        """Answers given before the core was ready, in order: (node id, value)."""
        self.give_way = GiveWay()
        """Held from a key to the next paint: the work in threads waits meanwhile."""
        if self._first is not None:
            self.safety_text = self._first.start.safety
        self.dialogue_screen = DialogueScreen(self._first.start if self._first else None)

    # -- start ----------------------------------------------------------------------
    def _read_first(self) -> FirstScreen | None:
        """The cached first screen of this folder and flow, or None (then load first)."""
        from veilig_tui import firstscreen
        from veilig_tui.orgfolder import OrgFolder

        try:
            folder = self._folder_arg or OrgFolder.select(None, os.environ)
            self._cache = self._cache or firstscreen.cache_dir()
        except OSError:
            return None
        self._cache_key = firstscreen.cache_key(folder, self._flow_id)
        return firstscreen.read(self._cache, self._cache_key)

    def get_default_screen(self) -> Screen[Any]:
        """The dialogue is the bottom screen: current from the start, so the first frame is
        painted whole (a pushed screen first paints the regions that changed, answers first)."""
        return self.dialogue_screen

    def on_mount(self) -> None:
        if self.web is not None:
            from veilig_tui.tui.widgets.webbar import add_web_bar

            add_web_bar(self.screen)
            self.screen_change_signal.subscribe(self, add_web_bar)
        if self._first is None:
            self.call_after_refresh(self._load)
        else:  # the first screen is answerable: load the rest without blocking it
            self.call_after_refresh(
                self.run_worker, self._load_in_background, thread=True, name="core"
            )

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):  # the answer it gives goes before work in threads
            self.give_way.hold()
        await super().on_event(event)

    def queue_answer(self, node_id: str, value: Any) -> Page | None:
        """Keep an answer given before the core is ready; the cached page it leads to."""
        self._queued.append((node_id, value))
        return self._queued_page()

    def unqueue_answer(self) -> tuple[bool, Page | None]:
        """Escape before the core is ready: take back the last queued answer. Whether there
        was one, and the cached page to show now (None: not in the cache)."""
        if not self._queued:
            return False, None
        self._queued.pop()
        return True, self._queued_page()

    def _queued_page(self) -> Page | None:
        """The cached page that the queued answers lead to, if it is cached."""
        first = self._first
        if first is None:
            return None
        if not self._queued:
            return first.start
        node_id, value = self._queued[0]
        if len(self._queued) == 1 and node_id == first.start.id and isinstance(value, str):
            return first.after.get(value)
        return None

    def _load_in_background(self) -> None:
        """The worker: load the core in this thread, take over on the event loop."""
        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)  # keys and paints go first: switch threads often
        try:
            with self.give_way.giving_way():
                loaded = self._load_core()
        finally:
            sys.setswitchinterval(interval)
        with contextlib.suppress(RuntimeError):  # the app stopped before the core was ready
            self.call_from_thread(self._take_over, loaded)

    def _load(self) -> None:
        """Load on the event loop (nothing to answer yet) and take over."""
        self._take_over(self._load_core())

    def _load_core(self) -> Service | Exception:
        """Open the data folder and load the organisation's files; a known problem is
        returned, to be shown on the event loop."""
        from veilig_tui.orgfolder import OrgFolder
        from veilig_tui.problems import ProblemsError
        from veilig_tui.service import Service
        from veilig_tui.store import StoreError

        folder: OrgFolder | None = None
        try:
            folder = self._folder_arg or OrgFolder.select(None, os.environ)
            service = Service.open(
                folder, self._data_arg, os.environ, self._flow_id, today=self._today, now=self._now
            )
            service.flow(), service.profile  # noqa: B018 - load now, in this worker
        except (ProblemsError, StoreError, OSError) as exc:
            self.folder = folder  # to name it in the message
            return exc
        return service

    def _write_first(self) -> None:
        """Cache the first screen as the core renders it, when it differs from the cache."""
        from veilig_tui import firstscreen
        from veilig_tui.flow.engine import Dialogue

        flow, profile = self.flow, self.profile
        if flow is None or profile is None or self._cache is None:
            return
        fresh = firstscreen.build(lambda: Dialogue(flow, profile, today=self._today))
        if fresh != self._first:
            firstscreen.write(self._cache, self._cache_key, fresh)

    def _take_over(self, loaded: Service | Exception) -> None:
        """The core is loaded: apply queued answers and show the session's page."""
        from veilig_tui.flow.inputs import AnswerError
        from veilig_tui.store import StoreError
        from veilig_tui.tui.screens.problem import ProblemScreen

        if isinstance(loaded, Exception):
            self._failed = True
            exc = loaded
            root = self.folder.root if self.folder else "de map van de organisatie"
            # a storage message says its own fix; the organisation folder is not the cause
            what_now = (
                ""
                if isinstance(exc, StoreError)
                else f"Wat nu? Vraag de beheerder om 'veilig controleer {root}' uit te voeren. "
            )
            self.push_screen(
                ProblemScreen(
                    f"De app kan niet starten.\n\n{exc}\n\n{what_now}"
                    "Bij direct gevaar: bel 112. Bel anders je leidinggevende."
                )
            )
            return
        self.service = loaded
        self.folder = loaded.folder
        notices = list(loaded.startup.notices if loaded.startup else ())
        notices += [n for n in (loaded.drafts_notice(), loaded.waiting_notice()) if n]
        self._new_session()
        assert self.session is not None
        queued, self._queued = self._queued, []
        for node_id, value in queued:
            if self.session.dialogue.current.id != node_id:
                break
            try:
                self.session.dialogue.answer(value)
            except AnswerError as exc:
                notices.append(f"Let op: {exc}")
                break
        if queued:
            self.session.save()
            notices += self.session.notices
            self.session.notices = []
        self.call_later(self._shown_first, " ".join(notices))

    async def _shown_first(self, notice: str) -> None:
        await self.dialogue_screen.show_current(notice)
        self.ready = True
        self.dialogue_screen._replay_early_keys()
        if self.web is not None and not self._queued:  # a reload goes on with its draft
            drafts, _ = self.drafts()
            if drafts and self.session is not None and not self.session.saved:
                self.resume(drafts[0].draft_id)
        self.run_worker(self._prepare, thread=True, name="prepare", exit_on_error=False)

    def _prepare(self) -> None:
        """In the background, once: load the answer widgets that the first screen did not
        need and have the screen mount one of each kind (hidden) between frames; render
        every node once (Jinja compiles each text the first time; compiled texts are
        cached, so no later key waits for a compile); cache the first screen for the next
        start."""
        with self.give_way.giving_way():
            import veilig_tui.tui.widgets.fields  # noqa: F401  (here, off the event loop)
        from veilig_tui.flow.engine import Dialogue

        screen = self.dialogue_screen
        with contextlib.suppress(RuntimeError):  # the app stopped meanwhile
            self.call_from_thread(screen.call_after_refresh, screen.premount)

        if self.flow is not None and self.profile is not None:
            warm = Dialogue(self.flow, self.profile, today=self._today)
            for node in self.flow.nodes.values():
                self.give_way.wait()
                with contextlib.suppress(Exception):  # only a warm-up: showing it says more
                    warm.show(node)
        self._write_first()

    def _new_session(self) -> None:
        assert self.service is not None
        self.session = self.service.new_session()
        self.melding = None

    # the loaded organisation and data, for the screens
    @property
    def flow(self) -> Flow | None:
        return self.service.flow() if self.service else None

    @property
    def profile(self) -> Profile | None:
        return self.service.profile if self.service else None

    @property
    def store(self) -> Store | None:
        return self.service.store if self.service else None

    # -- the safety line ----------------------------------------------------------------
    def update_safety(self) -> None:
        if self.session is not None:
            self.safety_text = self.session.dialogue.safety_line()

    def take_notices(self) -> str:
        if self.session is None:
            return ""
        notices, self.session.notices = self.session.notices, []
        return " ".join(notices)

    # -- moving between screens ---------------------------------------------------------
    def _to_dialogue(self) -> None:
        while len(self.screen_stack) > 1 and self.screen is not self.dialogue_screen:
            self.pop_screen()

    def finished(self) -> None:
        """The final advice was read: review (melding) or start over (no melding)."""
        from veilig_tui.melding import keep_or_discard
        from veilig_tui.tui.screens.ask import ConfirmDialog
        from veilig_tui.tui.screens.review import ReviewScreen

        assert self.session is not None
        if self.session.dialogue.current.report:
            self.push_screen(ReviewScreen())
            return
        if not self.session.typed_something():
            self._discard(True)
            return
        self.push_screen(
            ConfirmDialog(keep_or_discard(self.session.dialogue), yes="Weggooien", no="Bewaren"),
            self._discard,
        )

    def _discard(self, discard: bool | None) -> None:
        from veilig_tui.melding import DISCARDED, KEPT

        assert self.session is not None
        if discard:
            self.session.discard()
            self.start_over(DISCARDED)
        else:
            self.start_over(f"{KEPT} Druk op c om het te zien.")

    def continue_dialogue(self, message: str) -> None:
        self._to_dialogue()
        self.call_later(self.dialogue_screen.show_current, message)

    def open_summary(self) -> None:
        from veilig_tui.tui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen())

    def start_over(self, message: str = "") -> None:
        self._to_dialogue()
        if self.web is not None and self.web_receipt:  # delivered: the folder was emptied
            self.reopen_store()
        self._new_session()
        self.call_later(self.dialogue_screen.show_current, message)

    # -- drafts -------------------------------------------------------------------------
    def drafts(self) -> tuple[list[DraftSummary], str]:
        """The drafts, and a Dutch notice when they could not be read."""
        from veilig_tui.service import ServiceError

        try:
            return (self.service.drafts() if self.service else []), ""
        except ServiceError as exc:
            return [], str(exc)

    def open_drafts(self) -> None:
        from veilig_tui.tui.screens.drafts import DraftsScreen

        if self.service is not None:
            self.push_screen(DraftsScreen())

    def resume(self, draft_id: str) -> str:
        """Continue a draft; a Dutch notice (and nothing changed) when that is not possible."""
        from veilig_tui.service import ServiceError

        assert self.service is not None
        try:
            resumed = self.service.resume(draft_id)
        except ServiceError as exc:
            return str(exc)
        self.session = resumed.session
        self.melding = None
        self._to_dialogue()
        note = f"Je gaat verder met je onafgemaakte melding. {resumed.message}".strip()
        self.call_later(self.dialogue_screen.show_current, note, resumed.typed)
        return ""

    def delete_draft(self, draft_id: str) -> str:
        """Delete a draft; a Dutch notice when that failed."""
        from veilig_tui.service import ServiceError

        if self.service is None:
            return ""
        try:
            self.service.delete_draft(draft_id)
        except ServiceError as exc:
            return str(exc)
        if self.session is not None and self.session.draft_id == draft_id:
            self.session.saved = False
        return ""

    # -- finished meldingen ---------------------------------------------------------------
    def open_meldingen(self) -> None:
        from veilig_tui.tui.screens.meldingen import MeldingenScreen

        if self.service is not None and self.web is None:  # no files in a browser
            self.push_screen(MeldingenScreen())

    def open_melding(self, reference: str) -> str:
        """Show a finished melding's hand-off screen (no content); a notice if it failed."""
        from veilig_tui.service import ServiceError
        from veilig_tui.tui.screens.summary import SummaryScreen

        assert self.service is not None
        try:
            melding = self.service.get(reference)
        except ServiceError as exc:
            return str(exc)
        self._new_session()  # nothing of a melding in progress stays behind it
        self.melding = melding
        self.push_screen(SummaryScreen(reopened=True))
        return ""

    # -- the melding --------------------------------------------------------------------
    def preview_text(self) -> str:
        """The melding on screen as text: before finishing with 'nog geen kenmerk', after
        finishing with its reference (from the dialogue: the stored copy may be sealed)."""
        assert self.service is not None and self.session is not None
        return self.service.preview(self.session, self.melding)

    def deliver(self) -> str:
        """Web mode: finish the melding, write it encrypted into the inbox and empty this
        session's data folder; what to tell the user (the receipt, or what went wrong)."""
        from veilig_tui.report import write_private_file
        from veilig_tui.service import ServiceError
        from veilig_tui.web.mode import empty_folder

        assert self.web is not None and self.service is not None and self.session is not None
        service = self.service
        result = service.finish(self.session)
        melding = result.melding
        if melding is None:
            return result.text
        self.melding = melding
        try:
            file = service.make_file(melding, "veilig")
            write_private_file(self.web.inbox / f"{melding.reference}.veilig", file.text)
        except (ServiceError, OSError) as exc:
            return (
                f"Je melding is bewaard, maar nog NIET afgeleverd. Kenmerk: "
                f"{melding.reference}. Laat dit scherm open en bel het meldpunt. ({exc})"
            )
        readers = "; ".join(str(reader) for reader in file.to)
        to = service.hand_to(melding)
        self.web_receipt = (
            f"Kenmerk: {melding.reference}. Bewaar dit kenmerk. De melding is versleuteld. "
            f"Alleen deze mensen kunnen hem openen: {readers}. Wil je later iets toevoegen? "
            f"Neem contact op met {to} en noem je kenmerk."
        )
        empty_folder(service.store.data_dir)  # delivered: nothing stays on the server
        return f"Je melding is afgeleverd bij het meldpunt. {self.web_receipt}"

    def reopen_store(self) -> None:
        """Web mode, after a delivery emptied the data folder: open it anew."""
        from veilig_tui.service import Service

        assert self.service is not None
        service = self.service
        self.service = Service.open(
            service.folder,
            service.store.data_dir,
            os.environ,
            self._flow_id,
            today=self._today,
            now=self._now,
        )
        self.web_receipt = ""

    # -- actions --------------------------------------------------------------------------
    def action_help(self) -> None:
        from veilig_tui.tui.screens.help import HelpDialog

        help_text = ""
        contact = ""
        if self.session is not None and self.profile is not None:
            shown = self.session.dialogue.show()
            help_text = shown.help
            lines = ["Direct gevaar: bel 112 (politie, brandweer, ambulance).", ""]
            lines += self.session.dialogue.contact_help()
            if not self.session.dialogue.roles_known:
                lines += [
                    "",
                    "Gaat het over iemand bij wie je normaal meldt? Dat vraagt de app je. "
                    "Dan wijst de app je iemand anders aan.",
                ]
            vt = self.profile.model.extern.get("veilig_thuis")
            if vt is not None:
                lines += ["", f"Gaat het om een naaste? {vt.naam}: {vt.telefoon} (bron: {vt.bron})"]
            contact = "\n".join(lines)
        self.push_screen(HelpDialog(help_text, contact or "Direct gevaar: bel 112."))

    def action_hide(self) -> None:
        """Save, clear the screen and stop at once (for a shared computer)."""
        self.dialogue_screen.prepare_to_hide()
        if self.web is not None:  # the browser goes to a neutral page that ends the session
            self.open_url(self.web.end_url, new_tab=False)
        self.exit(return_code=self.exit_code())

    def exit_code(self) -> int:
        """As every command: 2 when the app could not start, 1 when a melding was left
        unfinished (it is kept as a draft), else 0."""
        if self._failed:
            return 2
        session = self.session
        return 1 if session is not None and session.saved else 0

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Nieuwe melding", "Begin opnieuw met een lege melding", self.start_over)
        yield SystemCommand(
            "Onafgemaakte meldingen", "Verder gaan of verwijderen", self.open_drafts
        )
        if self.web is None:
            yield SystemCommand(
                "Afgeronde meldingen", "Bestand maken of overdragen (m)", self.open_meldingen
            )
        yield SystemCommand(
            "Hulp en contact", "Uitleg en bij wie je terecht kunt (F1)", self.action_help
        )
        yield SystemCommand(
            "Licht of donker", "Wissel het kleurenschema (F2)", self.action_toggle_theme
        )
        yield SystemCommand(
            "Verbergen", "Bewaar, wis het scherm en sluit af (Ctrl+Q)", self.action_hide
        )
