"""Screens of the dossier app. Texts from the melding are shown literally (never markup)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, DirectoryTree, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from veilig_tui.dossier.desk import current_step, melding_lines, parse_day, route_label
from veilig_tui.dossier.model import ITEM_LABELS, STATUS_LABELS, STATUSES
from veilig_tui.dossier.steps import (
    DUTY_KINDS,
    DUTY_START,
    ITEMS,
    STEPS,
    WHEN_SOURCE,
    WHEN_TO_REPORT,
)
from veilig_tui.dossier.store import DossierError
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import SafetyLine

if TYPE_CHECKING:
    from veilig_tui.dossier import DossierDesk
    from veilig_tui.dossier.model import Dossier, DutyKind, ItemState, Status

FILTERS: tuple[str | None, ...] = (None, *STATUSES)
MARKS = {"gedaan": "[x]", "nvt": "[-]", "open": "[ ]"}


class _Desk:
    @property
    def desk(self) -> DossierDesk:
        return cast("DossierDesk", cast("Any", self).app.desk)


class DossierListScreen(_Desk, Screen[None]):
    """Every dossier: reference, received, route, step, days open, IGJ count-down."""

    HELP = (
        "Hier staan de dossiers van de meldingen die je hebt ontvangen. Er staat geen inhoud "
        "van de meldingen in de lijst. Een dossier met 1 werkdag of minder tot de laatste dag "
        "voor de melding bij de Inspectie (IGJ) krijgt 'LET OP' of 'TE LAAT', in rood.\n"
        "Toetsen: Enter opent een dossier. S kiest welke status je ziet. / zoekt op kenmerk. "
        "Esc maakt het zoeken leeg. O: neem een bestand op dat je kreeg (een melding, "
        ".veilig, of een overgedragen dossier). "
        "Ctrl+Q sluit af."
    )
    BINDINGS = [
        Binding("s", "next_filter", "Status", id="dossiers.filter"),
        Binding("slash", "search", "Zoeken", id="dossiers.search"),
        Binding("escape", "clear", "Alles", id="dossiers.clear", show=False),
        Binding("o", "receive", "Ontvangen", id="dossiers.receive"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter: str | None = None
        self._pending = ""

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        yield Static("", id="title", markup=False)
        yield Input(placeholder="Zoek op kenmerk (/)", id="search", max_length=20)
        table: DataTable[Any] = DataTable(id="dossiers", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="message", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#dossiers", DataTable)
        for label, key in (
            ("Kenmerk", "kenmerk"),
            ("Ontvangen", "ontvangen"),
            ("Route", "route"),
            ("Stap", "stap"),
            ("Open", "open"),
            ("IGJ-termijn", "igj"),
        ):
            table.add_column(label, key=key)
        notice = ""
        try:
            made = self.desk.sync()
        except DossierError as exc:
            made, notice = [], str(exc)
        if made:
            notice = f"Nieuw: {len(made)} dossier(s) gemaakt van ontvangen meldingen."
        self.refresh_list(notice)
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_list(self._pending)
        self._pending = ""

    def refresh_list(self, notice: str = "") -> None:
        table = self.query_one("#dossiers", DataTable)
        search = self.query_one("#search", Input).value
        table.clear()
        try:
            rows = self.desk.rows(self.filter, search)
        except DossierError as exc:
            rows, notice = [], str(exc)
        for row in rows:
            if row.error:
                table.add_row(Text(row.reference), Text(row.error), key=row.reference)
                continue
            countdown = Text(row.countdown, style="bold red" if row.urgent else "")
            table.add_row(
                Text(row.reference),
                Text(f"{row.received:%d-%m-%y}" if row.received else ""),
                Text(row.route),
                Text(row.step),
                Text(f"{row.days_open} d" if row.days_open is not None else ""),
                countdown,
                key=row.reference,
            )
        shown = STATUS_LABELS[self.filter] if self.filter else "alle"
        self.query_one("#title", Static).update(
            f"Dossiers · status: {shown} · {len(rows)} gevonden"
        )
        if not rows:
            notice = notice or "Er zijn geen dossiers die hierbij passen."
        self.query_one("#message", Static).update(literal(notice))

    def action_next_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.refresh_list()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        search = self.query_one("#search", Input)
        if search.value or self.filter:
            search.value = ""
            self.filter = None
            self.refresh_list()
        self.query_one("#dossiers", DataTable).focus()

    def action_receive(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is None:
                return
            from veilig_tui.dossier.transfer import SUFFIX, take_over

            try:
                if path.name.endswith(SUFFIX):
                    reference = take_over(self.desk, path.read_bytes())
                    said = f"Dossier {reference} is nu van jou."
                else:
                    said = self.desk.receive(path.read_bytes())
            except OSError:
                said = f"{path.name}: dit bestand kan niet worden gelezen."
            except DossierError as exc:
                said = f"{path.name}: {exc}"
            self._pending = said  # shown when this screen is back (on_screen_resume)
            self.refresh_list(said)

        start = getattr(self.app, "start_dir", None) or Path.home()
        self.app.push_screen(FileDialog(start), chosen)

    @on(Input.Changed, "#search")
    def _searched(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#search")
    def _to_table(self) -> None:
        self.query_one("#dossiers", DataTable).focus()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(DossierScreen(event.row_key.value))


class DossierScreen(_Desk, Screen[None]):
    """One dossier: the melding (read-only), who does what, the IGJ duties, the steps."""

    HELP = (
        "Dit is één dossier. Bovenaan staat de melding. Die kun je niet veranderen. "
        "Daaronder staat wie wat doet in deze zaak. Wie is genoemd als betrokken, krijgt "
        "geen taak. Dan staan de stappen. De volgorde mag anders zijn.\n"
        "Toetsen: kies een onderdeel met de pijltjes. G: gedaan. N: niet van toepassing. "
        "O: weer open. T: notitie bij het onderdeel. V: leg vast dat er een meldplicht bij de "
        "IGJ is (soort, datum, reden); dan loopt de termijn. R: de oudste open meldplicht is "
        "vandaag gemeld. S: status kiezen. P: verbeterpunt (voor het verbeterregister; geen "
        "gegevens van cliënten). B: een rol blijkt later ook betrokken. E: iemand is "
        "onterecht verdacht (eerherstel in stap 6). X: een overgedragen dossier verwijderen "
        "(na een vraag). D: verslag van het dossier als bestand. I: voorbereiding van de "
        "melding bij de IGJ als bestand. C: korte samenvatting voor het cliëntendossier. "
        "H: het dossier overdragen aan een ander (nooit aan "
        "iemand die betrokken is). Esc: terug naar de lijst."
    )
    BINDINGS = [
        Binding("escape", "back", "Terug", id="dossier.back"),
        Binding("g", "mark('gedaan')", "Gedaan", id="dossier.done"),
        Binding("n", "mark('nvt')", "N.v.t.", id="dossier.nvt"),
        Binding("o", "mark('open')", "Open", id="dossier.open", show=False),
        Binding("t", "note", "Notitie", id="dossier.note", show=False),
        Binding("v", "duty", "Vaststelling", id="dossier.duty"),
        Binding("r", "reported", "Gemeld", id="dossier.reported", show=False),
        Binding("s", "status", "Status", id="dossier.status", show=False),
        Binding("p", "improvement", "Verbeterpunt", id="dossier.improvement", show=False),
        Binding("b", "involved", "Betrokken", id="dossier.involved", show=False),
        Binding("e", "cleared", "Onterecht", id="dossier.cleared", show=False),
        Binding("x", "delete", "Verwijderen", id="dossier.delete", show=False),
        Binding("d", "report('dossier')", "Verslag", id="dossier.report", show=False),
        Binding("i", "report('igj')", "IGJ-blad", id="dossier.igj", show=False),
        Binding("h", "hand_over", "Overdragen", id="dossier.hand_over", show=False),
        Binding("c", "report('client')", "Cliëntendossier", id="dossier.client", show=False),
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="body"):
            yield Static("", id="head", classes="heading", markup=False)
            yield Static("", id="message", markup=False)
            yield Static("De melding (alleen lezen)", classes="heading", markup=False)
            yield Static("", id="melding", markup=False)
            yield Static("Wie doet wat in deze zaak", classes="heading", markup=False)
            yield Static("", id="roles", markup=False)
            yield Static("Melden bij de Inspectie (IGJ)", classes="heading", markup=False)
            yield Static("", id="duties", markup=False)
            yield Static(
                "Stappen (G gedaan · N n.v.t. · O open · T notitie · F1 alle toetsen)",
                classes="heading",
            )
            yield OptionList(id="items")
            yield Static("", id="detail", markup=False)
            yield Static("Verbeterpunten (P)", classes="heading", markup=False)
            yield Static("", id="improvements", markup=False)
            yield Static("Bewaren", classes="heading", markup=False)
            yield Static("", id="retention", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#items", OptionList).focus(scroll_visible=False)
        self.call_after_refresh(self.query_one("#body", VerticalScroll).scroll_home, animate=False)

    def show(self, notice: str = "") -> None:
        desk = self.desk
        try:
            dossier = desk.get(self.reference)
            melding = desk.melding(self.reference)
        except DossierError as exc:
            self.query_one("#message", Static).update(literal(str(exc)))
            return
        status = STATUS_LABELS[dossier.status]
        if dossier.overgedragen is not None:
            status = f"overgedragen aan {dossier.overgedragen.aan} (alleen lezen)"
        head = (
            f"Dossier {dossier.kenmerk} · {status} · ontvangen "
            f"{dossier.ontvangen:%d-%m-%Y} · route: {route_label(dossier.route)} · "
            f"stap: {current_step(dossier)}"
        )
        self.query_one("#head", Static).update(literal(head))
        self.query_one("#message", Static).update(literal(notice))
        self.query_one("#melding", Static).update(literal(melding_text(melding)))
        roles = desk.roles_for_case(dossier)
        if dossier.involved_roles:
            labels = ", ".join(desk.profile.role(k).label for k in dossier.involved_roles)
            roles = [*roles, f"Genoemd als betrokken (geen taak in deze zaak): {labels}"]
        if dossier.onterecht_verdacht:
            labels = ", ".join(desk.profile.role(k).label for k in dossier.onterecht_verdacht)
            roles.append(f"Onterecht verdacht (eerherstel in stap 6): {labels}")
        warning = desk.igj_warning(dossier)
        self.query_one("#roles", Static).update(
            literal("\n".join([*roles, *([warning] if warning else [])]))
        )
        self.query_one("#duties", Static).update(duties_text(desk, dossier))
        self.fill_items(dossier)
        self.query_one("#retention", Static).update(literal(desk.retention_text(dossier)))
        points = [f"- {p.tekst} ({p.status}, {p.datum:%d-%m-%Y})" for p in dossier.verbeterpunten]
        self.query_one("#improvements", Static).update(
            literal("\n".join(points) or "Nog geen verbeterpunten.")
        )

    def fill_items(self, dossier: Dossier) -> None:
        items = self.query_one("#items", OptionList)
        keep = items.highlighted
        items.clear_options()
        for step in STEPS:
            items.add_option(Option(literal(f"Stap {step.number}. {step.title}"), disabled=True))
            for item in step.items:
                state = dossier.state(item.id)
                items.add_option(Option(literal(f"{MARKS[state]} {item.text}"), id=item.id))
        items.highlighted = keep if keep is not None else 1

    @on(OptionList.OptionHighlighted, "#items")
    def _detail(self, event: OptionList.OptionHighlighted) -> None:
        item_id = event.option.id
        if item_id is None:
            return
        try:
            dossier = self.desk.get(self.reference)
        except DossierError:
            return
        self.query_one("#detail", Static).update(literal(item_detail(self.desk, dossier, item_id)))

    def action_mark(self, state: ItemState) -> None:
        items = self.query_one("#items", OptionList)
        if items.highlighted is None:
            return
        item_id = items.get_option_at_index(items.highlighted).id
        if item_id is None:
            return
        try:
            self.desk.set_item(self.reference, item_id, state)
        except DossierError as exc:
            self.show(str(exc))
            return
        self.show(f"Opgeslagen: {ITEM_LABELS[state]}.")

    def _highlighted_item(self) -> str | None:
        items = self.query_one("#items", OptionList)
        if items.highlighted is None:
            return None
        return items.get_option_at_index(items.highlighted).id

    def action_note(self) -> None:
        item_id = self._highlighted_item()
        if item_id is None:
            return
        dossier = self.desk.get(self.reference)
        record = dossier.items.get(item_id)

        def save(note: str | None) -> None:
            if note is None:
                return
            state = dossier.state(item_id)
            try:
                self.desk.set_item(self.reference, item_id, state, note)
            except DossierError as exc:
                self.show(str(exc))
                return
            self.show("Notitie opgeslagen.")

        self.app.push_screen(
            TextDialog(
                f"Notitie bij: {ITEMS[item_id].text}",
                "Schrijf kort wat er is gedaan of besloten.",
                record.notitie if record else "",
            ),
            save,
        )

    def action_duty(self) -> None:
        def save(answer: tuple[str, str, str] | None) -> None:
            if answer is None:
                return
            kind, day, basis = answer
            try:
                established = parse_day(day, self.desk.today())
                self.desk.add_duty(self.reference, cast("DutyKind", kind), established, basis)
            except DossierError as exc:
                self.show(str(exc))
                return
            self.show("Meldplicht vastgelegd. De termijn loopt.")
            self.query_one("#duties", Static).scroll_visible(animate=False)

        self.app.push_screen(DutyDialog(), save)

    def action_reported(self) -> None:
        dossier = self.desk.get(self.reference)
        waiting = [d for d in dossier.meldplicht if d.gemeld_op is None]
        if not waiting:
            self.show("Er is geen open meldplicht. Leg er een vast met V.")
            return
        try:
            self.desk.reported(self.reference, waiting[0].id, self.desk.today())
        except DossierError as exc:
            self.show(str(exc))
            return
        self.show(f"Vastgelegd: {DUTY_KINDS[waiting[0].soort]} is vandaag gemeld bij de IGJ.")

    def _do(self, done: str, action: Callable[[], object]) -> None:
        try:
            action()
        except DossierError as exc:
            self.show(str(exc))
            return
        self.show(done)

    def action_status(self) -> None:
        options = [(key, STATUS_LABELS[key]) for key in STATUSES]

        def chosen(status: str | None) -> None:
            if status is not None:
                self._do(
                    f"Status: {STATUS_LABELS[status]}.",
                    lambda: self.desk.set_status(self.reference, cast("Status", status)),
                )

        self.app.push_screen(ChoiceDialog("Welke status heeft dit dossier?", options), chosen)

    def action_improvement(self) -> None:
        def save(text: str | None) -> None:
            if text is not None:
                self._do(
                    "Verbeterpunt opgeslagen voor het verbeterregister.",
                    lambda: self.desk.add_improvement(self.reference, text),
                )

        self.app.push_screen(
            TextDialog(
                "Verbeterpunt uit de evaluatie",
                "Wat kan beter in de organisatie? Schrijf geen namen of gegevens van cliënten.",
            ),
            save,
        )

    def _roles(self, keys: list[str]) -> list[tuple[str, str]]:
        return [(key, self.desk.profile.role(key).capitalised) for key in keys]

    def action_involved(self) -> None:
        from veilig_tui.org import ROLE_KEYS

        dossier = self.desk.get(self.reference)
        keys = [k for k in ROLE_KEYS if k not in dossier.involved_roles]

        self._pick_role(
            "Welke rol is ook betrokken?",
            keys,
            "Vastgelegd. Wie wat doet, is opnieuw bepaald.",
            self.desk.add_involved,
        )

    def action_cleared(self) -> None:
        dossier = self.desk.get(self.reference)
        keys = [k for k in dossier.involved_roles if k not in dossier.onterecht_verdacht]

        self._pick_role(
            "Wie is onterecht verdacht?",
            keys,
            "Vastgelegd als onterecht verdacht. Denk aan eerherstel in stap 6.",
            self.desk.clear,
        )

    def _pick_role(
        self, question: str, keys: list[str], done: str, record: Callable[[str, str], object]
    ) -> None:
        """Ask which of these roles; record the chosen one for this dossier."""

        def chosen(role: str | None) -> None:
            if role is not None:
                self._do(done, lambda: record(self.reference, role))

        self.app.push_screen(ChoiceDialog(question, self._roles(keys)), chosen)

    def action_delete(self) -> None:
        from veilig_tui.dossier.transfer import delete_handed_over

        dossier = self.desk.get(self.reference)
        if not dossier.read_only:
            self.show("Alleen een overgedragen dossier kun je verwijderen.")
            return

        def chosen(answer: str | None) -> None:
            if answer == "ja":
                try:
                    delete_handed_over(self.desk, self.reference)
                except DossierError as exc:
                    self.show(str(exc))
                    return
                self.app.pop_screen()

        question = f"Je kopie van {self.reference} verwijderen? Dat kan niet terug."
        options = [("nee", "Nee, bewaren"), ("ja", "Ja, verwijderen")]
        self.app.push_screen(ChoiceDialog(question, options), chosen)

    def action_report(self, kind: str) -> None:
        from veilig_tui.dossier.report import client_summary, igj_sheet, summary, write

        def save(name: str | None) -> None:
            if not name or not name.strip():
                return
            target = Path(name.strip()).expanduser()
            if target.exists():
                self.show(f"{target} bestaat al. Kies een andere naam.")
                return
            fmt = "md" if target.suffix.lower() == ".md" else "html"
            try:
                make = {"dossier": summary, "igj": igj_sheet, "client": client_summary}[kind]
                write(target, make(self.desk, self.reference, fmt))
            except DossierError as exc:
                self.show(str(exc))
                return
            except OSError as exc:
                self.show(f"Opslaan lukte niet: {exc.strerror}.")
                return
            self.show(f"Opgeslagen in {target}. Let op: het bevat persoonsgegevens.")

        what = {
            "dossier": "Verslag van het dossier",
            "igj": "Voorbereiding IGJ-melding",
            "client": "Samenvatting voor het cliëntendossier",
        }[kind]
        self.app.push_screen(
            TextDialog(
                what,
                "Typ de naam van het bestand (.html of .md). Het bevat persoonsgegevens.",
                f"{self.reference}-{kind}.html",
            ),
            save,
        )

    def action_hand_over(self) -> None:
        from veilig_tui.dossier.transfer import SUFFIX, hand_over, targets
        from veilig_tui.store.atomic import atomic_write

        dossier = self.desk.get(self.reference)
        if dossier.read_only:
            self.show("Dit dossier is al overgedragen.")
            return
        found = {key: who for key, who, _ in targets(self.desk, dossier)}
        if not found:
            self.show(
                "Er is niemand aan wie je dit dossier kunt geven: een rol moet zijn ingevuld, "
                "een sleutel hebben, en niet betrokken zijn."
            )
            return

        def named(role: str | None) -> None:
            if role is None:
                return

            def save(name: str | None) -> None:
                if not name or not name.strip():
                    return
                target = Path(name.strip()).expanduser()
                if target.exists():
                    self.show(f"{target} bestaat al. Kies een andere naam.")
                    return
                try:
                    _, who = hand_over(
                        self.desk, self.reference, role, lambda data: atomic_write(target, data)
                    )
                except DossierError as exc:
                    self.show(str(exc))
                    return
                except OSError as exc:
                    self.show(f"Opslaan lukte niet: {exc.strerror}. Er is niets veranderd.")
                    return
                self.show(
                    f"Opgeslagen in {target}. Alleen {who} kan het openen. Geef het aan die "
                    "persoon. Je kopie kun je nu alleen lezen (X: verwijderen)."
                )

            self.app.push_screen(
                TextDialog(
                    f"Overdragen aan {found[role]}",
                    "Typ de naam van het bestand. Het is versleuteld.",
                    f"{self.reference}{SUFFIX}",
                ),
                save,
            )

        options = [(key, str(who)) for key, who in found.items()]
        self.app.push_screen(ChoiceDialog("Aan wie geef je dit dossier?", options), named)

    def action_back(self) -> None:
        self.app.pop_screen()


class TextDialog(ModalScreen[str | None]):
    """One line of text (a note, a verbeterpunt). Enter: save. Esc: cancel."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="text.cancel")]

    def __init__(self, title: str, explain: str, value: str = "") -> None:
        super().__init__()
        self._title = title
        self._explain = explain
        self._value = value

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="help-body"):
            yield Static(literal(self._title), classes="heading")
            yield Static(f"{self._explain} Enter: opslaan. Esc: annuleren.", markup=False)
            yield Input(value=self._value, id="text", max_length=500)
        yield Footer()

    @on(Input.Submitted, "#text")
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Choose one of a few options. Enter: choose. Esc: cancel."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="choice.cancel")]

    def __init__(self, title: str, options: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._options = options

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="help-body"):
            yield Static(literal(self._title), classes="heading")
            yield Static("Enter: kiezen. Esc: annuleren.", markup=False)
            choices = OptionList(id="choices")
            for key, label in self._options:
                choices.add_option(Option(literal(label), id=key))
            yield choices
        yield Footer()

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0 if self._options else None
        choices.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DutyDialog(ModalScreen[tuple[str, str, str] | None]):
    """Record an IGJ duty: kind, the day it was established, and the reason."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="duty.cancel")]

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="help-body"):
            yield Static("Meldplicht bij de Inspectie (IGJ) vastleggen", classes="heading")
            yield Static(
                "Kies de soort. Typ dan de dag waarop het is vastgesteld (bij ontslag: de dag "
                "van de mededeling). Leeg is vandaag. Typ ook kort waarop het is gebaseerd. "
                "Enter: opslaan. Esc: annuleren.",
                markup=False,
            )
            kinds = OptionList(id="kind")
            for key, label in DUTY_KINDS.items():
                kinds.add_option(Option(f"{label} ({DUTY_START[key]})", id=key))
            yield kinds
            yield Input(placeholder="dag-maand-jaar, bv. 21-04-2026", id="day", max_length=10)
            yield Input(placeholder="waarop het is gebaseerd", id="basis", max_length=300)
        yield Footer()

    def on_mount(self) -> None:
        kinds = self.query_one("#kind", OptionList)
        kinds.highlighted = 0
        kinds.focus()

    @on(OptionList.OptionSelected, "#kind")
    def _kind_chosen(self) -> None:
        self.query_one("#day", Input).focus()

    @on(Input.Submitted, "#day")
    def _to_basis(self) -> None:
        self.query_one("#basis", Input).focus()

    @on(Input.Submitted, "#basis")
    def _save(self) -> None:
        kinds = self.query_one("#kind", OptionList)
        kind = kinds.get_option_at_index(kinds.highlighted or 0).id or "geweld"
        day = self.query_one("#day", Input).value
        self.dismiss((kind, day, self.query_one("#basis", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)


def duties_text(desk: DossierDesk, dossier: Dossier) -> Text:
    """The IGJ duties as the dossier screen shows them: the count-down in words (red when
    one working day or less is left), the last day with the skipped days, and when to
    report (from the Leidraad)."""
    text = Text()
    views = desk.duties(dossier)
    if not views:
        text.append("Nog geen meldplicht vastgesteld. V: leg er een vast.\n")
    for view in views:
        text.append(f"{view.kind}, vastgesteld op {view.duty.vastgesteld_op:%d-%m-%Y}: ")
        text.append(view.sentence + "\n", style="bold red" if view.urgent else "")
        if not view.reported:
            text.append(view.explanation + "\n")
    text.append(f"Wanneer meld je bij de IGJ? ({WHEN_SOURCE})\n")
    for line in WHEN_TO_REPORT:
        text.append(f"- {line}\n")
    return text


def melding_text(melding: Any) -> str:
    """The received melding as question and answer lines, with verified additions."""
    return "\n".join(melding_lines(melding))


def item_detail(desk: DossierDesk, dossier: Dossier, item_id: str) -> str:
    item = ITEMS[item_id]
    lines = [f"Wie: {desk.item_who(dossier, item)}", f"Bron: {item.source}"]
    lines += [f"- {topic}" for topic in item.topics]
    record = dossier.items.get(item_id)
    if record is not None:
        lines.append(
            f"{ITEM_LABELS[record.staat].capitalize()} op {record.datum:%d-%m-%Y} door {record.door}"
            + (f": {record.notitie}" if record.notitie else "")
        )
    return "\n".join(lines)


class DossierHelp(ModalScreen[None]):
    """F1: what this screen is for, and its keys. 112 stays on top."""

    BINDINGS = [
        Binding("escape", "close", "Sluiten", id="dossierhelp.close"),
        Binding("f1", "close", "Sluiten", id="dossierhelp.f1", show=False),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="help-body"):
            yield Static("Hulp", classes="heading", markup=False)
            yield Static(literal(self._text), id="help-text")
            yield Static(
                "Bij direct gevaar: bel 112. Esc of F1: sluiten.", classes="heading", markup=False
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


class LockScreen(ModalScreen[None]):
    """The idle lock: nothing of the dossiers shows until the passphrase is typed."""

    def __init__(self, asks: bool) -> None:
        super().__init__()
        self._asks = asks

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="help-body"):
            yield Static("Vergrendeld", classes="heading", markup=False)
            yield Static(
                "Je hebt een tijd niets gedaan. Daarom zie je de dossiers niet meer. "
                + (
                    "Typ je wachtwoord en druk op Enter."
                    if self._asks
                    else "Druk op Enter om verder te gaan."
                ),
                markup=False,
            )
            yield Input(password=True, id="passphrase", max_length=200)
            yield Static("", id="message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def _unlock(self, event: Input.Submitted) -> None:
        event.input.value = ""
        said = cast("Any", self.app).try_unlock(event.value)
        if said:
            self.query_one("#message", Static).update(said)
            return
        self.dismiss(None)


class FileDialog(ModalScreen[Path | None]):
    """Choose a received file (.veilig) to take in. Enter: choose. Esc: cancel."""

    BINDINGS = [Binding("escape", "cancel", "Annuleren", id="file.cancel")]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self._start = start

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with Vertical(id="help-body"):
            yield Static("Een bestand opnemen", classes="heading", markup=False)
            yield Static(
                "Kies het bestand (.veilig) dat je kreeg. Het blijft versleuteld bewaard. "
                "Enter: kiezen. Esc: annuleren.",
                markup=False,
            )
            yield DirectoryTree(self._start, id="files")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#files", DirectoryTree).focus()

    @on(DirectoryTree.FileSelected, "#files")
    def _chosen(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

    def action_cancel(self) -> None:
        self.dismiss(None)
