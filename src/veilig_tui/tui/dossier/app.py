"""The dossier app: the list of dossiers, one dossier, F1 help; 112 on every screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from veilig_tui.tui.dossier.screens import DossierHelp, DossierListScreen

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
#help-body { padding: 0 1; }
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

    def __init__(self, desk: DossierDesk, theme: str = "textual-dark") -> None:
        super().__init__()
        self.desk = desk
        self.theme = theme

    def get_default_screen(self) -> Screen[Any]:
        return DossierListScreen()

    def action_help(self) -> None:
        if not isinstance(self.screen, DossierHelp):
            self.push_screen(DossierHelp(getattr(self.screen, "HELP", "")))
