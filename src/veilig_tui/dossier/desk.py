"""Use cases of the dossier (no Textual): list, open, record steps, IGJ duties, retention.

The holder (meldpunt or casusverantwoordelijke) works on the meldingen that `veilig
ontvang` stored. Who carries which task in a case is computed from the profile minus
everyone named as involved: never the suspected person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from veilig_tui.deadlines import Deadline, WorkingDays, explain, format_datum, igj_deadline
from veilig_tui.dossier.model import (
    ITEM_LABELS,
    STATUS_LABELS,
    Dossier,
    Duty,
    DutyKind,
    Improvement,
    ItemRecord,
    ItemState,
    Status,
    Who,
)
from veilig_tui.dossier.steps import DUTY_KINDS, ITEMS, STEPS, Item
from veilig_tui.dossier.store import DossierError, DossierStore, is_reference
from veilig_tui.org import ROLE_KEYS, UNSET, Profile, responsible, standard_key

ROUTES: dict[str, str] = {
    "meld_meldpunt": "meldpunt",
    "meld_ander_aanspreekpunt": "aanspreekpunt",
    "bel_vandaag": "spoed",
    "bel_112": "112",
    "meldcode": "meldcode",
    "buiten_leidraad": "buiten Leidraad",
}
"""Short Dutch names of the routes a melding can take (the flow's outcomes), to fit the
list at 80 columns: to the meldpunt, to another contact, urgent, 112, a naaste."""
_RECEIVED = re.compile(r"^(VZ-\d{4}-[A-Z0-9]{8})-[0-9a-f]{12}\.veilig$")


def route_label(route: str | None) -> str:
    if not route:
        return "onbekend"
    return ROUTES.get(route, route.replace("_", " "))


def received_references(root: Path) -> list[str]:
    """References of the meldingen kept in `ontvangen/` (from file names; no decryption)."""
    folder = root / "ontvangen"
    if not folder.is_dir():
        return []
    found = {m.group(1) for p in folder.iterdir() if (m := _RECEIVED.fullmatch(p.name))}
    return sorted(r for r in found if is_reference(r))


def holder_in_profile(profile: Profile, public_key: str) -> Who | None:
    """The holder as the profile knows them: the role whose key is this public key."""
    mine = standard_key(public_key)
    for key in ROLE_KEYS:
        person = profile.role(key).person
        if mine and standard_key(person.sleutel) == mine and person.naam.strip():
            return Who(rol=key, naam=person.naam.strip())
    return None


@dataclass(frozen=True)
class DutyView:
    """An IGJ duty with its last day (Algemene termijnenwet) and the count-down."""

    duty: Duty
    deadline: Deadline
    left: int
    """Working days after today up to and including the last day."""
    overdue: bool

    @property
    def kind(self) -> str:
        return DUTY_KINDS[self.duty.soort]

    @property
    def reported(self) -> bool:
        return self.duty.gemeld_op is not None

    @property
    def urgent(self) -> bool:
        """One working day or less left (or too late), and not reported yet."""
        return not self.reported and (self.overdue or self.left <= 1)

    @property
    def last_day(self) -> str:
        return format_datum(self.deadline.last_day)

    @property
    def explanation(self) -> str:
        """'Uiterlijk …. Overgeslagen: … (Koningsdag) …' (deadlines.explain)."""
        return explain(self.deadline)

    @property
    def countdown(self) -> str:
        """The count-down in words, so that it never depends on colour alone (short: it
        fits the list at 80 columns)."""
        if self.duty.gemeld_op is not None:
            return f"gemeld {self.duty.gemeld_op:%d-%m-%Y}"
        if self.overdue:
            return "TE LAAT"
        if self.left == 0:
            return "LET OP: laatste dag"
        if self.left == 1:
            return "LET OP: nog 1 werkdag"
        return f"nog {self.left} werkdagen"

    @property
    def sentence(self) -> str:
        """The count-down as a sentence with the last day, for the dossier screen."""
        if self.duty.gemeld_op is not None:
            return f"Gemeld bij de IGJ op {format_datum(self.duty.gemeld_op)}."
        if self.overdue:
            return f"TE LAAT: de laatste dag was {self.last_day}. Meld zo snel mogelijk."
        if self.left == 0:
            return f"LET OP: vandaag ({self.last_day}) is de laatste dag."
        if self.left == 1:
            return f"LET OP: nog 1 werkdag. De laatste dag is {self.last_day}."
        return f"Nog {self.left} werkdagen. De laatste dag is {self.last_day}."


@dataclass(frozen=True)
class Row:
    """One line of the dossier list: no content of the melding."""

    reference: str
    received: datetime | None
    route: str
    status: str
    step: str
    days_open: int | None
    countdown: str
    """Working days left to the IGJ deadline, in words; empty when none runs."""
    urgent: bool
    error: str = ""
    status_key: str = ""
    last_day: date | None = None
    """The nearest last day of an IGJ duty not reported yet."""


def current_step(dossier: Dossier) -> str:
    """The first step with an open item ('3'), or 'klaar'; steps may be done in any order."""
    for step in STEPS:
        if any(dossier.state(item.id) == "open" for item in step.items):
            return str(step.number)
    return "klaar"


class DossierDesk:
    """The holder's dossiers in one data folder, for one organisation profile."""

    def __init__(
        self,
        root: Path,
        profile: Profile,
        identities: list[Any],
        public_key: str,
        holder: Who,
        *,
        now: Callable[[], datetime] | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        from veilig_tui.store.clock import local_now

        self.root = root
        self.profile = profile
        self.identities = identities
        self.holder = holder
        self.store = DossierStore(root, public_key, identities)
        self._now = now or local_now
        self._today = today or (lambda: self._now().date())
        self.calendar = WorkingDays(profile.days_off())

    def today(self) -> date:
        return self._today()

    @property
    def lock_minutes(self) -> int:
        """Minutes without a key press before the screens lock (profile, default 10)."""
        return self.profile.model.dossier.vergrendelen_na_minuten

    def forget(self) -> None:
        """The idle lock: drop the unlocked identity; nothing opens until `remember`."""
        self.identities = []
        self.store.use_identities([])

    def remember(self, identities: list[Any]) -> None:
        self.identities = identities
        self.store.use_identities(identities)

    def now(self) -> datetime:
        return self._now()

    # -- reading ---------------------------------------------------------------------
    def sync(self) -> list[str]:
        """Make a dossier (status nieuw) for every received melding that has none.
        Returns the new references. A received melding that does not open is skipped."""
        from veilig_tui.handoff import received_melding

        with self.store.locked():
            missing = [r for r in received_references(self.root) if not self.store.exists(r)]
        made = []
        for reference in missing:
            melding = received_melding(self.root, self.identities, reference)
            if melding is None:
                continue
            payload = melding.payload
            suspects = [r for r in payload.inhoud.get("suspect_roles", []) if r in ROLE_KEYS]
            now = self._now()
            dossier = Dossier(
                kenmerk=reference,
                ontvangen=melding.received,
                route=payload.route,
                aangemaakt=now,
                betrokken=suspects,
            )
            with self.store.locked():
                if self.store.exists(reference):
                    continue
                self.store.write(dossier)
                self.store.log("aangemaakt", reference, self.holder, now)
            made.append(reference)
        return made

    def receive(self, data: bytes) -> str:
        """Take in a received hand-off file (as `veilig ontvang`): kept encrypted, then a
        dossier is made for a new melding. Returns what happened (Dutch); raises
        DossierError with the Dutch reason, and then nothing is stored."""
        from veilig_tui.handoff import HandoffError, keep, open_file

        try:
            payload = open_file(data, self.identities)
            kept = keep(self.root, data, payload, self.identities, self._now())
        except HandoffError as exc:
            raise DossierError(f"{exc} Er is niets opgeslagen.") from exc
        self.sync()
        return str(kept)[:1].upper() + str(kept)[1:]

    def get(self, reference: str) -> Dossier:
        with self.store.locked():
            return self.store.read(reference.strip().upper())

    def rows(self, status: str | None = None, search: str = "") -> list[Row]:
        """The list: reference, received, route, current step, days open, count-down.
        Filter by status key; search by (part of) the reference."""
        with self.store.locked():
            found = self.store.all()
        wanted = search.strip().upper()
        rows = []
        for reference, dossier in found:
            if wanted and wanted not in reference:
                continue
            if isinstance(dossier, DossierError):
                if status is None:
                    rows.append(Row(reference, None, "", "", "", None, "", False, str(dossier)))
                continue
            if status is not None and dossier.status != status:
                continue
            rows.append(self.row(dossier))
        rows.sort(
            key=lambda r: (
                r.status_key == "afgesloten",
                r.last_day is None,
                r.last_day or date.max,
                r.reference,
            )
        )
        return rows

    def row(self, dossier: Dossier) -> Row:
        end = dossier.afgesloten_op.date() if dossier.afgesloten_op else self._today()
        running = [d for d in self.duties(dossier) if not d.reported]
        first = min(running, key=lambda d: d.deadline.last_day) if running else None
        status = STATUS_LABELS[dossier.status]
        if dossier.overgedragen is not None:
            status = f"overgedragen aan {dossier.overgedragen.aan.naam}"
        return Row(
            dossier.kenmerk,
            dossier.ontvangen,
            route_label(dossier.route),
            status,
            current_step(dossier),
            max(0, (end - dossier.ontvangen.date()).days),
            first.countdown if first else "",
            first.urgent if first else False,
            status_key=dossier.status,
            last_day=first.deadline.last_day if first else None,
        )

    def melding(self, reference: str) -> Any:
        """The received melding (read-only, decrypted in memory), or None."""
        from veilig_tui.handoff import received_melding

        return received_melding(self.root, self.identities, reference)

    def duties(self, dossier: Dossier) -> list[DutyView]:
        today = self._today()
        views = []
        for duty in dossier.meldplicht:
            deadline = igj_deadline(duty.vastgesteld_op, self.profile.days_off())
            views.append(
                DutyView(
                    duty,
                    deadline,
                    self.calendar.left(deadline, today),
                    self.calendar.is_overdue(deadline, today),
                )
            )
        return views

    def who(self, dossier: Dossier, roles: Iterable[str]) -> list[str]:
        """Who carries these roles in this case: never anyone named as involved; a blank
        role says 'nog niet ingevuld door de organisatie'."""
        return responsible(self.profile, roles, dossier.involved_roles)

    def item_who(self, dossier: Dossier, item: Item) -> str:
        return "; ".join(self.who(dossier, item.roles))

    def roles_for_case(self, dossier: Dossier) -> list[str]:
        """Every role of the Leidraad for this case, as Dutch lines."""
        keys = [
            "casusverantwoordelijke",
            "mt",
            "wijkverpleegkundige",
            "directie",
            "zorgmanager",
            "igj_melder",
            "nazorg_client_rapporteert",
            "nazorg_client_ontvangt",
            "nazorg_medewerkers_rapporteert",
        ]
        involved = self.profile.involved(dossier.involved_roles)
        lines = []
        for key in keys:
            role = self.profile.role(key)
            if key in involved:
                lines += self.who(dossier, [key])
            elif role.filled:
                lines.append(role.keuze)
            else:
                lines.append(f"{role.capitalised}: {UNSET}")
        return lines

    def igj_warning(self, dossier: Dossier) -> str:
        """When nobody (not involved) is filled in as IGJ-melder: what to do meanwhile."""
        role = self.profile.role("igj_melder")
        involved = self.profile.involved(dossier.involved_roles)
        if role.filled and "igj_melder" not in involved:
            return ""
        return (
            f"Let op: er is geen IGJ-melder voor dit dossier ({UNSET}). "
            f"Wat nu: {role.meanwhile} Meld op tijd: de termijn loopt gewoon door."
        )

    def retention_days(self) -> int | None:
        return self.profile.model.bewaren.dossier_dagen

    def retention_text(self, dossier: Dossier | None = None) -> str:
        days = self.retention_days()
        if days is None:
            return (
                f"Bewaartermijn van afgesloten dossiers: {UNSET} (bewaren: dossier_dagen in "
                "profiel.yaml). Tot die is ingevuld, blijft een afgesloten dossier bewaard."
            )
        if dossier is not None and dossier.afgesloten_op is not None:
            until = dossier.afgesloten_op.date() + timedelta(days=days)
            return f"Dit dossier wordt verwijderd op {format_datum(until)} ({days} dagen na afsluiten)."
        return f"Een afgesloten dossier wordt {days} dagen na het afsluiten verwijderd."

    # -- changing ------------------------------------------------------------------
    def change(
        self, reference: str, event: str, change: Callable[[Dossier], str | None]
    ) -> Dossier:
        """Read, change, write and log one dossier under the lock; `change` returns the
        item id to log (never a text)."""
        reference = reference.strip().upper()
        with self.store.locked():
            dossier = self.store.read(reference)
            if dossier.overgedragen is not None:
                raise DossierError(
                    f"Dit dossier is overgedragen aan {dossier.overgedragen.aan} op "
                    f"{format_datum(dossier.overgedragen.op.date())}. Je kunt het alleen lezen."
                )
            item = change(dossier)
            self.store.write(dossier)
            self.store.log(event, reference, self.holder, self._now(), item)
        return dossier

    def set_item(self, reference: str, item_id: str, state: ItemState, note: str = "") -> Dossier:
        if item_id not in ITEMS:
            raise DossierError(f"Onbekend onderdeel: {item_id}.")
        if state not in ITEM_LABELS:
            raise DossierError(f"Onbekende stand: {state}.")

        def change(dossier: Dossier) -> str:
            dossier.items[item_id] = ItemRecord(
                staat=state, notitie=note.strip(), datum=self._today(), door=self.holder
            )
            if dossier.status == "nieuw":
                dossier.status = "in_behandeling"
            return item_id

        return self.change(reference, "onderdeel", change)

    def set_status(self, reference: str, status: Status) -> Dossier:
        if status not in STATUS_LABELS:
            raise DossierError(f"Onbekende status: {status}.")

        def change(dossier: Dossier) -> str:
            dossier.status = status
            dossier.afgesloten_op = self._now() if status == "afgesloten" else None
            return status

        return self.change(reference, "status", change)

    def add_duty(
        self, reference: str, kind: DutyKind, established: date, basis: str = ""
    ) -> Dossier:
        """Record an IGJ duty: its kind, basis and the day it was established (for
        ontslag: the day of the announcement). The term starts to run from that day."""
        if kind not in DUTY_KINDS:
            raise DossierError(f"Onbekende soort melding: {kind}.")

        def change(dossier: Dossier) -> str:
            duty_id = f"m{len(dossier.meldplicht) + 1}"
            dossier.meldplicht.append(
                Duty(
                    id=duty_id,
                    soort=kind,
                    basis=basis.strip(),
                    vastgesteld_op=established,
                    door=self.holder,
                )
            )
            if dossier.status != "afgesloten":
                dossier.status = "wacht_op_igj"
            return duty_id

        return self.change(reference, "meldplicht", change)

    def reported(self, reference: str, duty_id: str, on: date) -> Dossier:
        def change(dossier: Dossier) -> str:
            duty = next((d for d in dossier.meldplicht if d.id == duty_id), None)
            if duty is None:
                raise DossierError(f"Er is geen meldplicht {duty_id} in dit dossier.")
            duty.gemeld_op = on
            waiting = any(d.gemeld_op is None for d in dossier.meldplicht)
            if dossier.status == "wacht_op_igj" and not waiting:
                dossier.status = "in_behandeling"
            return duty_id

        return self.change(reference, "gemeld", change)

    def add_involved(self, reference: str, role: str) -> Dossier:
        """A role found to be involved later: it carries no task in this case any more."""
        if role not in ROLE_KEYS:
            raise DossierError(f"Onbekende rol: {role}.")

        def change(dossier: Dossier) -> str:
            if role not in dossier.later_betrokken and role not in dossier.betrokken:
                dossier.later_betrokken.append(role)
            return role

        return self.change(reference, "betrokken", change)

    def clear(self, reference: str, role: str) -> Dossier:
        """Someone turned out to be wrongly suspected: recorded as 'onterecht verdacht'
        (eerherstel in step 6). They still carry no task in this case."""
        if role not in ROLE_KEYS:
            raise DossierError(f"Onbekende rol: {role}.")

        def change(dossier: Dossier) -> str:
            if role not in dossier.onterecht_verdacht:
                dossier.onterecht_verdacht.append(role)
            if dossier.state("s6.nazorg_onterecht") == "nvt":
                del dossier.items["s6.nazorg_onterecht"]
            return role

        return self.change(reference, "onterecht_verdacht", change)

    def add_improvement(self, reference: str, text: str, owner: str = "zorgmanager") -> Dossier:
        """A verbeterpunt from the evaluation, for the verbeterregister (no client data)."""
        if owner not in ROLE_KEYS:
            raise DossierError(f"Onbekende rol: {owner}.")
        if not text.strip():
            raise DossierError("Schrijf op wat beter kan.")

        def change(dossier: Dossier) -> str:
            point_id = f"v{len(dossier.verbeterpunten) + 1}"
            dossier.verbeterpunten.append(
                Improvement(id=point_id, tekst=text.strip(), eigenaar=owner, datum=self._today())
            )
            return point_id

        return self.change(reference, "verbeterpunt", change)

    def improvement_done(self, reference: str, point_id: str) -> Dossier:
        def change(dossier: Dossier) -> str:
            point = next((p for p in dossier.verbeterpunten if p.id == point_id), None)
            if point is None:
                raise DossierError(f"Er is geen verbeterpunt {point_id} in dit dossier.")
            point.status = "gedaan"
            return point_id

        return self.change(reference, "verbeterpunt_gedaan", change)

    # -- retention -----------------------------------------------------------------
    def due(self) -> list[str]:
        """Closed dossiers past the profile's retention period (none when it is unset)."""
        days = self.retention_days()
        if days is None:
            return []
        cutoff = self._now() - timedelta(days=days)
        with self.store.locked():
            found = self.store.all()
        return [
            ref
            for ref, d in found
            if isinstance(d, Dossier) and d.afgesloten_op is not None and d.afgesloten_op < cutoff
        ]

    def clean_up(self, dry_run: bool = False) -> list[str]:
        """Delete closed dossiers past the retention period, with the received files of
        their melding; the audit keeps a content-free trace ('verwijderd')."""
        due = self.due()
        if dry_run:
            return due
        for reference in due:
            self.remove(reference)
        return due

    def remove(self, reference: str) -> None:
        """Delete a dossier with the received files of its melding; the audit keeps a
        content-free trace ('verwijderd')."""
        folder = self.root / "ontvangen"
        with self.store.locked():
            for kept in [
                *folder.glob(f"{reference}-*.veilig"),
                *folder.glob(f"{reference}.aanvulling-*.veilig"),
            ]:
                kept.unlink(missing_ok=True)
            self.store.delete(reference)
            self.store.log("verwijderd", reference, self.holder, self._now())


def improvement_rows(desk: DossierDesk) -> list[dict[str, str]]:
    """The verbeterregister across dossiers: verbeterpunt, source, owner, status, date."""
    with desk.store.locked():
        found = desk.store.all()
    rows = []
    for reference, dossier in found:
        if not isinstance(dossier, Dossier):
            continue
        for point in dossier.verbeterpunten:
            rows.append(
                {
                    "verbeterpunt": point.tekst,
                    "dossier": reference,
                    "eigenaar": desk.profile.role(point.eigenaar).label,
                    "status": point.status,
                    "datum": point.datum.isoformat(),
                }
            )
    return rows


def parse_day(text: str, today: date) -> date:
    """A date as people type it: 'dd-mm-jjjj' (also with / or .), 'jjjj-mm-dd', or empty
    for today. A date in the future is refused: it must already have happened."""
    text = text.strip()
    if not text:
        return today
    found = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
    try:
        if found:
            day = date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        else:
            day = date.fromisoformat(text)
    except ValueError as exc:
        raise DossierError(
            f"'{text}' is geen datum. Typ de datum zo: 21-04-2026 (dag-maand-jaar)."
        ) from exc
    if day > today:
        raise DossierError("Die datum ligt in de toekomst. Typ de dag waarop het gebeurde.")
    return day


def melding_lines(melding: Any) -> list[str]:
    """A received melding (ReceivedMelding or None) as question-and-answer lines, with
    the verified additions and when they were received."""
    if melding is None:
        return ["De melding zelf is niet (meer) op deze computer, of gaat niet open."]
    lines = []
    for line in melding.payload.inhoud.get("lines", []):
        if isinstance(line, dict):
            lines.append(f"{line.get('question', '')}: {line.get('answer', '')}")
    for addition in melding.additions:
        lines.append(f"Aanvulling ({addition.received_text}): {addition.text}")
    return lines or ["De melding heeft geen antwoorden."]
