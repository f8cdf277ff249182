"""The melding before and after finishing: preview, finish, make the file, hand over.

After finishing, the screen leads to the hand-over: 'Bestand maken' (kind of file and
folder chosen here), then 'Overgedragen'. Leaving with a melding that reaches nobody yet
asks first. A melding opened again from the list (`reopened`) shows no content: the next
user of the computer sees its reference and status only.
"""

from __future__ import annotations

import io
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Static

from veilig_tui.service import Service, ServiceError
from veilig_tui.tui.screens.ask import ConfirmDialog, FileDialog, TextDialog
from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine

NOT_HANDED_OVER = (
    "Je melding is nog niet overgedragen. Hij blijft op deze computer bewaard. Later "
    "overdragen: start veilig en druk op m. Toch stoppen?"
)


class SummaryScreen(AppScreen):
    """Preview of the melding as the meldpunt will get it; then finish and hand it over."""

    BINDINGS = [Binding("escape", "back", "Terug", id="summary.back")]

    def __init__(self, reopened: bool = False) -> None:
        super().__init__()
        self._reopened = reopened

    @property
    def service(self) -> Service:
        service = self.veilig.service
        assert service is not None
        return service

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
                yield Button("Verwijderen", id="remove", disabled=True)
                yield Button("Klaar", id="done")
        yield Footer()

    def on_mount(self) -> None:
        if self.veilig.web is not None:  # no server files in a browser: only the kenmerk
            self.query_one("#export", Button).label = "Kenmerk opslaan"
        self.show()
        first = "#export" if self.veilig.melding is not None else "#finish"
        self.query_one(first, Button).focus()

    def show(self, status: str = "") -> None:
        melding = self.veilig.melding
        finished = melding is not None
        if melding is None:
            status = status or "Zo ziet je melding eruit. Klopt het? Kies 'Afronden en bewaren'."
            report = self.veilig.preview_text()
        elif self._reopened:
            done = f"{melding.finished:%d-%m-%Y %H:%M}"
            state = (
                f"overgedragen aan {melding.handed_over_to}"
                if melding.handed_over_to
                else "nog niet overgedragen"
            )
            if melding.handed_over_to:
                status = status or f"Deze melding is al overgedragen aan {melding.handed_over_to}."
            status = status or self.service.saved_text(melding)
            report = (
                f"Kenmerk: {melding.reference}\nAfgerond: {done}\nStatus: {state}\n\n"
                "Wat erin staat, toont de app hier niet: een volgende gebruiker van deze "
                "computer mag het niet zien. Maak een bestand om het te geven."
            )
        else:
            status = status or self.veilig.web_receipt or self.service.saved_text(melding)
            report = self.veilig.preview_text()
        self.query_one("#status", Static).update(literal(status))
        self.query_one("#report", Static).update(literal(report))
        self.query_one("#finish", Button).display = not finished
        private = melding is not None and self.service.is_private(melding)
        self.query_one("#export", Button).disabled = not finished
        self.query_one("#handed", Button).disabled = not finished or private
        remove = self.query_one("#remove", Button)
        remove.display = finished
        remove.disabled = not finished
        if self.veilig.web is not None:  # delivered already; nothing to hand over or remove
            self.query_one("#handed", Button).display = False
            remove.display = False

    @on(Button.Pressed, "#finish")
    def _finish(self) -> None:
        session = self.veilig.session
        assert session is not None
        if self.veilig.web is not None:
            self.show(self.veilig.deliver())
            self.query_one("#export" if self.veilig.web_receipt else "#done", Button).focus()
            return
        result = self.service.finish(session)
        self.veilig.melding = result.melding
        self.show(result.text)
        if result.melding is not None:
            self.query_one("#export", Button).focus()

    @on(Button.Pressed, "#export")
    @work
    async def _export(self) -> None:
        melding = self.veilig.melding
        if melding is None:
            return
        if self.veilig.web is not None:  # the receipt as a download, no file on the server
            self.app.deliver_text(
                io.StringIO(self.veilig.web_receipt or self.service.saved_text(melding)),
                save_filename=f"kenmerk-{melding.reference}.txt",
            )
            return
        service = self.service
        formats = service.file_formats(melding)
        question = "Welk soort bestand? Kies er een met de pijltjes en Enter."
        hint = service.file_hint(melding)
        if hint:
            question = f"{hint} {question}"
        folder = str(service.default_path(melding, None).parent)
        chosen = await self.app.push_screen_wait(FileDialog(question, formats, folder))
        if not chosen:
            return
        fmt, where = chosen
        path = service.default_path(melding, fmt, Path(where).expanduser())
        try:
            made = service.write_file(melding, path, fmt)
        except ServiceError as exc:
            self.show(str(exc))
            return
        receipt = " ".join(t for t in (made.file.warning, made.receipt) if t)
        self.show(receipt)
        if self.query_one("#handed", Button).disabled:  # an own record: nobody to give it to
            return
        self.query_one("#handed", Button).focus()
        given = await self.app.push_screen_wait(
            ConfirmDialog(
                f"{receipt}\n\nHeb je het bestand al gegeven?", yes="Ja, gegeven", no="Nog niet"
            )
        )
        if given:
            await self._hand_over()

    @on(Button.Pressed, "#handed")
    @work
    async def _handed(self) -> None:
        await self._hand_over()

    async def _hand_over(self) -> None:
        """Ask to whom it was given, note it, then offer to delete the local copy."""
        melding = self.veilig.melding
        if melding is None:
            return
        whom = await self.app.push_screen_wait(
            TextDialog(
                "Aan wie heb je de melding gegeven? Klopt de naam niet? Verander hem.",
                self.service.hand_to(melding),
            )
        )
        if not whom:
            return
        try:
            self.veilig.melding = self.service.hand_over(melding.reference, whom)
        except ServiceError as exc:  # not stored: say so, and keep this screen as it was
            self.show(str(exc))
            return
        status = f"Genoteerd: {melding.reference} is overgedragen aan {whom}."
        remove = await self.app.push_screen_wait(
            ConfirmDialog(f"{status}\nWil je de kopie op deze computer nu verwijderen?")
        )
        if remove:
            self._remove_now()
        else:
            self.show(f"{status} De kopie blijft op deze computer tot de bewaartermijn voorbij is.")

    @on(Button.Pressed, "#remove")
    @work
    async def _remove(self) -> None:
        melding = self.veilig.melding
        if melding is None:
            return
        question = "Deze melding van deze computer verwijderen? Dit kan niet terug."
        if melding.status != "overgedragen" and not self.service.is_private(melding):
            question = (
                "Deze melding is nog niet overgedragen. Als je hem verwijdert, krijgt "
                "niemand hem. " + question
            )
        if await self.app.push_screen_wait(ConfirmDialog(question)):
            self._remove_now()

    def _remove_now(self) -> None:
        melding = self.veilig.melding
        assert melding is not None
        try:
            self.service.remove(melding.reference)
        except ServiceError as exc:
            self.show(str(exc))
            return
        self.veilig.start_over("De melding is van deze computer verwijderd.")

    @on(Button.Pressed, "#done")
    @work
    async def _done(self) -> None:
        melding = self.veilig.melding
        if melding is None:
            stop = await self.app.push_screen_wait(
                ConfirmDialog(
                    "Je melding is nog niet afgerond en nog niet bij iemand anders. "
                    "Hij blijft op deze computer bewaard als onafgemaakte melding. Toch stoppen?"
                )
            )
            if stop:
                self.veilig.start_over("Je melding is bewaard als onafgemaakte melding. Druk op c.")
            return
        await self._leave()

    async def _leave(self) -> None:
        """Start over; first ask when the melding was not handed over yet."""
        melding = self.veilig.melding
        waiting = (
            self.veilig.web is None
            and melding is not None
            and melding.status != "overgedragen"
            and not self.service.is_private(melding)
        )
        if waiting and not await self.app.push_screen_wait(ConfirmDialog(NOT_HANDED_OVER)):
            return
        self.veilig.start_over()

    @work
    async def action_back(self) -> None:
        if self.veilig.melding is None:
            self.app.pop_screen()
        else:  # finished: back means a fresh start, with nothing of this melding on screen
            await self._leave()
