"""The dossier app: the list of dossiers, one dossier, F1 help; 112 on every screen."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from veilig_tui.tui.dossier.screens import DossierHelp, DossierListScreen, LockScreen

if TYPE_CHECKING:
    from veilig_tui.dossier import DossierDesk

CSS = """
#title { height: 1; text-style: bold; padding: 0 1; }
#search { height: 1; border: none; padding: 0 1; margin: 0; }
#search:focus { background: $boost; }
#dossiers { height: 1fr; }
#message { height: auto; max-height: 3; padding: 0 1; color: $text-warning; }
#body { padding: 0 1; }
.heading { text-style: bold; margin-top: 1; }
.urgent { color: $text-error; text-style: bold; }
#items { height: auto; max-height: 16; }
#files { height: 1fr; }
#help-body { padding: 0 1; }
LockScreen { background: $background; }
"""


class DossierApp(App[None]):
    """The meldpunt's or casusverantwoordelijke's dossiers."""

    CSS = CSS
    TITLE = "veilig dossier"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Afsluiten", id="dossier.quit", priority=True),
        Binding("f1", "help", "Hulp", id="dossier.help"),
    ]

    def __init__(
        self,
        desk: DossierDesk,
        theme: str = "textual-dark",
        *,
        unlock: Callable[[str], list[Any]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        start_dir: Path | None = None,
    ) -> None:
        """`unlock(passphrase)` loads the identity again after the idle lock (raises
        HandoffError on a wrong passphrase); None for an identity without passphrase."""
        super().__init__()
        self.desk = desk
        self.theme = theme
        self._unlock = unlock
        self._clock = clock
        self._active = clock()
        self._kept: list[Any] = []
        self.locked = False
        self.start_dir = start_dir
        """Where the file picker of 'O' (receive) starts; None: the home folder."""

    def on_mount(self) -> None:
        self.set_interval(1.0, self.lock_if_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown):
            self._active = self._clock()
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        """Lock after the profile's minutes without a key press."""
        if not self.locked and self._clock() - self._active >= self.desk.lock_minutes * 60:
            self.lock()

    def lock(self) -> None:
        """Hide everything and forget the identity until the passphrase is typed again."""
        self.locked = True
        self._kept = [] if self._unlock is not None else self.desk.identities
        self.desk.forget()
        self.push_screen(LockScreen(asks=self._unlock is not None))

    def try_unlock(self, passphrase: str) -> str:
        """Unlock with the passphrase; returns a Dutch message when it is wrong ('' if not)."""
        from veilig_tui.handoff import HandoffError

        if self._unlock is not None:
            try:
                identities = self._unlock(passphrase)
            except HandoffError:
                return "Het wachtwoord klopt niet. Er is niets veranderd. Probeer het nog eens."
        else:
            identities = self._kept
        self.desk.remember(identities)
        self._kept = []
        self.locked = False
        self._active = self._clock()
        return ""

    def get_default_screen(self) -> Screen[Any]:
        return DossierListScreen()

    def action_help(self) -> None:
        if not self.locked and not isinstance(self.screen, DossierHelp):
            self.push_screen(DossierHelp(getattr(self.screen, "HELP", "")))
