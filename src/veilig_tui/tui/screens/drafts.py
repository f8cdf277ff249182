"""Unfinished meldingen on this computer: date and progress only, never content."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from veilig_tui.tui.screens.ask import ConfirmDialog
from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine


class DraftsScreen(AppScreen):
    """Continue or delete a draft."""

    BINDINGS = [
        Binding("escape", "back", "Terug", id="drafts.back"),
        Binding("d,delete", "delete", "Verwijderen", id="drafts.delete"),
    ]

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="body"):
            yield Static(
                "Onafgemaakte meldingen. Enter: verder gaan. D: verwijderen. Esc: terug.",
                markup=False,
            )
            yield OptionList(id="drafts")
            yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one("#drafts", OptionList).focus()

    def refresh_list(self, notice: str = "") -> None:
        drafts = self.query_one("#drafts", OptionList)
        drafts.clear_options()
        found, problem = self.veilig.drafts()
        for draft in found:
            where = draft.progress.total_estimate or f"{draft.progress.answered} antwoorden"
            text = (
                f"Begonnen {draft.created:%d-%m-%Y %H:%M} · bewaard {draft.updated:%H:%M} · {where}"
            )
            drafts.add_option(Option(literal(text), id=draft.draft_id))
        message = " ".join(m for m in (notice, problem) if m)
        if drafts.option_count == 0:
            message = f"{message} Er zijn geen onafgemaakte meldingen.".strip()
        else:
            drafts.highlighted = 0
        self.query_one("#message", Static).update(literal(message))

    @on(OptionList.OptionSelected, "#drafts")
    def _continue(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            problem = self.veilig.resume(event.option.id)
            if problem:  # e.g. deleted in another window: say so, show the list as it is
                self.refresh_list(problem)

    @work
    async def action_delete(self) -> None:
        drafts = self.query_one("#drafts", OptionList)
        if drafts.highlighted is None:
            return
        draft_id = drafts.get_option_at_index(drafts.highlighted).id
        sure = await self.app.push_screen_wait(
            ConfirmDialog("Deze onafgemaakte melding verwijderen? Dit kan niet terug.")
        )
        if sure and draft_id:
            self.refresh_list(self.veilig.delete_draft(draft_id))

    def action_back(self) -> None:
        self.app.pop_screen()
