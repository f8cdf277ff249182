"""Finished meldingen on this computer: reference, date and status, never content."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from veilig_tui.service import ServiceError
from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine


class MeldingenScreen(AppScreen):
    """Open a finished melding to make its file or note the hand-over."""

    BINDINGS = [Binding("escape", "back", "Terug", id="meldingen.back")]

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="body"):
            yield Static(
                "Afgeronde meldingen op deze computer. Enter: openen. Esc: terug.",
                markup=False,
            )
            yield OptionList(id="meldingen")
            yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#meldingen", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self, notice: str = "") -> None:
        service = self.veilig.service
        shown = self.query_one("#meldingen", OptionList)
        shown.clear_options()
        try:
            found = service.meldingen() if service else []
            waiting = {m.reference for m in service.waiting()} if service else set()
        except ServiceError as exc:
            found, waiting, notice = [], set(), f"{notice} {exc}".strip()
        for melding in found:
            state = "nog niet overgedragen" if melding.reference in waiting else "overgedragen"
            if melding.status != "overgedragen" and melding.reference not in waiting:
                state = "alleen voor jou"
            text = f"{melding.reference} · afgerond {melding.finished:%d-%m-%Y %H:%M} · {state}"
            shown.add_option(Option(literal(text), id=melding.reference))
        if shown.option_count == 0:
            notice = f"{notice} Er staan geen afgeronde meldingen op deze computer.".strip()
        else:
            shown.highlighted = 0
        self.query_one("#message", Static).update(literal(notice))

    @on(OptionList.OptionSelected, "#meldingen")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            problem = self.veilig.open_melding(event.option.id)
            if problem:  # e.g. removed in another window: say so, show the list as it is
                self.refresh_list(problem)

    def action_back(self) -> None:
        self.app.pop_screen()
