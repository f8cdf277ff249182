"""Base classes: every screen and dialog starts with the safety line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from veilig_tui.tui.app import VeiligApp


class AppScreen(Screen[Any]):
    """A full screen of the app."""

    @property
    def veilig(self) -> VeiligApp:
        return cast("VeiligApp", self.app)


class AppDialog(ModalScreen[Any]):
    """A dialog; it shows its own safety line, so 112 stays on top."""

    @property
    def veilig(self) -> VeiligApp:
        return cast("VeiligApp", self.app)
