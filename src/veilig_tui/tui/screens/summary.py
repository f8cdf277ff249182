"""The melding before and after finishing: preview, finish, export, hand over."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from veilig_tui.tui.screens.ask import ConfirmDialog, TextDialog
from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine


class SummaryScreen(AppScreen):
    """Preview of the melding as the meldpunt will get it; then finish and hand it over."""

    BINDINGS = [Binding("escape", "back", "Terug", id="summary.back")]

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="body"):
            yield Static("", id="status", markup=False)
            with VerticalScroll(id="preview"):
                yield Static("", id="report")
            with Horizontal(classes="buttons"):
                yield Button("Afronden en bewaren", id="finish", variant="primary")
                yield Button("Bestand maken", id="export", disabled=True)
                yield Button("Overgedragen", id="handed", disabled=True)
                yield Button("Klaar", id="done")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#finish", Button).focus()

    def show(self, status: str = "") -> None:
        app = self.veilig
        melding = app.melding
        finished = melding is not None
        if not status:
            status = (
                app.saved_text()
                if melding is not None
                else "Zo ziet je melding eruit. Klopt het? Kies 'Afronden en bewaren'."
            )
        self.query_one("#status", Static).update(literal(status))
        self.query_one("#report", Static).update(literal(app.preview_text()))
        self.query_one("#finish", Button).disabled = finished
        self.query_one("#export", Button).disabled = not finished
        handoff = app.session is not None and app.session.dialogue.current.handoff
        self.query_one("#handed", Button).disabled = not finished or not handoff

    @on(Button.Pressed, "#finish")
    def _finish(self) -> None:
        notice = self.veilig.finish_melding()
        self.show(notice)
        self.query_one("#export", Button).focus()

    @on(Button.Pressed, "#export")
    @work
    async def _export(self) -> None:
        melding = self.veilig.melding
        if melding is None:
            return
        default = str(Path.home() / f"melding-{melding.reference}.html")
        answer = await self.app.push_screen_wait(
            TextDialog(
                "Waar moet het bestand komen? Het wordt een webpagina die je kunt afdrukken.",
                default,
            )
        )
        if answer:
            self.show(self.veilig.export_melding(Path(answer).expanduser()))

    @on(Button.Pressed, "#handed")
    @work
    async def _handed(self) -> None:
        whom = await self.app.push_screen_wait(
            TextDialog("Aan wie heb je de melding gegeven? (naam of rol)")
        )
        if not whom:
            return
        handed, status = self.veilig.hand_over(whom)
        if not handed:  # not stored: say so, and keep this screen as it was
            self.show(status)
            return
        remove = await self.app.push_screen_wait(
            ConfirmDialog(f"{status}\nWil je de kopie op deze computer nu verwijderen?")
        )
        problem = self.veilig.remove_melding() if remove else ""
        if problem:
            self.show(f"{status} {problem}")
        elif remove:
            self.veilig.start_over("De melding is van deze computer verwijderd.")
        else:
            self.show(f"{status} De kopie blijft op deze computer tot de bewaartermijn voorbij is.")

    @on(Button.Pressed, "#done")
    @work
    async def _done(self) -> None:
        if self.veilig.melding is None:
            stop = await self.app.push_screen_wait(
                ConfirmDialog(
                    "Je melding is nog niet afgerond en nog niet bij iemand anders. "
                    "Hij blijft op deze computer bewaard als onafgemaakte melding. Toch stoppen?"
                )
            )
            if not stop:
                return
            self.veilig.start_over("Je melding is bewaard als onafgemaakte melding. Druk op c.")
            return
        self.veilig.start_over()

    def action_back(self) -> None:
        if self.veilig.melding is None:
            self.app.pop_screen()
        else:  # finished: back means a fresh start, with nothing of this melding on screen
            self.veilig.start_over()
