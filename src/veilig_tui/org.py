"""The organisation profile: roles and people, contact details, days off, retention."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from veilig_tui.problems import Problem, ProblemsError, Severity, errors
from veilig_tui.yamlio import Marked, load_marked, schema_problems

UNSET = "nog niet ingevuld door de organisatie"


@dataclass(frozen=True)
class RoleDef:
    """A role of the Leidraad: what it is called and what to do while it is blank."""

    label: str
    task: str
    meanwhile: str


# The canonical role vocabulary. Flows, templates and the profile use these keys.
ROLES: dict[str, RoleDef] = {
    "meldpunt": RoleDef(
        "meldpunt",
        "Ontvangt meldingen van signalen en zorgen over grensoverschrijdend gedrag.",
        "Meld het bij de eerste persoon in de lijst die er niet bij betrokken is.",
    ),
    "casusverantwoordelijke": RoleDef(
        "casusverantwoordelijke",
        "Is verantwoordelijk voor de zes stappen van de Leidraad.",
        "Meld het bij de eerste persoon in de lijst die er niet bij betrokken is.",
    ),
    "mt": RoleDef(
        "MT (managementteam)",
        "Helpt zo nodig bij stap 4, 5 en 6.",
        "Vraag het iemand uit de lijst die er niet bij betrokken is.",
    ),
    "directie": RoleDef(
        "directie",
        "Maakt met de wijkverpleegkundige een kort plan voor de communicatie.",
        "Vraag het iemand uit de lijst die er niet bij betrokken is.",
    ),
    "wijkverpleegkundige": RoleDef(
        "wijkverpleegkundige",
        "Zorgt voor nazorg en bepaalt hoe er over de situatie wordt gecommuniceerd.",
        "Vraag het iemand uit de lijst die er niet bij betrokken is.",
    ),
    "zorgmanager": RoleDef(
        "zorgmanager",
        "Evalueert de hele situatie en zet verbeterpunten in het verbeterregister.",
        "Vraag het iemand uit de lijst die er niet bij betrokken is.",
    ),
    "igj_melder": RoleDef(
        "IGJ-melder",
        "Maakt binnen de organisatie de meldingen bij de Inspectie (IGJ).",
        "Vraag het iemand uit de lijst die er niet bij betrokken is.",
    ),
    "nazorg_client_rapporteert": RoleDef(
        "deelt de uitkomst van de nazorg voor de cliënt",
        "Deelt de uitkomsten van de nazorggesprekken met de cliënt.",
        "Vraag het de wijkverpleegkundige.",
    ),
    "nazorg_client_ontvangt": RoleDef(
        "krijgt de uitkomst van de nazorg voor de cliënt",
        "Krijgt de uitkomsten van de nazorggesprekken met de cliënt.",
        "Vraag het de wijkverpleegkundige.",
    ),
    "nazorg_medewerkers_rapporteert": RoleDef(
        "deelt de uitkomst van de nazorg voor medewerkers met de directie",
        "Vertelt de directie zo nodig de uitkomsten van de nazorg voor medewerkers.",
        "Vraag het de wijkverpleegkundige.",
    ),
    "tweede_aanspreekpunt": RoleDef(
        "tweede aanspreekpunt",
        "Voor als het meldpunt of de casusverantwoordelijke zelf betrokken is.",
        "Ga naar iemand anders uit deze lijst die er niet bij betrokken is.",
    ),
    "leidinggevende": RoleDef(
        "leidinggevende",
        "Voor agressie van een cliënt tegen jou, en voor spoed als het meldpunt "
        "niet bereikbaar is.",
        "Bel je eigen leidinggevende of teamleider.",
    ),
    "bereikbaarheid": RoleDef(
        "bereikbaarheidsdienst (avond, nacht, weekend)",
        "Is buiten kantoortijd bereikbaar bij spoed.",
        "Bel bij direct gevaar 112. Bel anders zo snel mogelijk de eerste persoon in de lijst.",
    ),
}

ROLE_KEYS = tuple(ROLES)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Strict):
    """Who holds a role. Leave a field empty ("") when it is not known yet."""

    naam: str = ""
    """Name of the person (or group, such as 'MT'). Empty: not filled in yet."""
    telefoon: str = ""
    email: str = ""
    bereikbaar: str = ""
    """When this person can be reached, in plain words (e.g. 'ma-vr 9-17 uur')."""
    toelichting: str = ""


class ExternalContact(_Strict):
    """An outside service (e.g. Veilig Thuis) with the source of its details."""

    naam: str
    telefoon: str = ""
    website: str = ""
    bron: str = ""
    """Where the details come from, shown to users ('bron: …')."""


class Guideline(_Strict):
    """The organisation's own Leidraad document, as the organisation describes it."""

    titel: str = ""
    versie: str = ""
    datum: str = ""
    link: str = ""


class Organisation(_Strict):
    """Name and registration of the care organisation."""

    naam: str
    kvk_vestigingsnummer: str = ""
    leidraad: Guideline = Field(default_factory=Guideline)


class DayOff(_Strict):
    """A day declared equal to a public holiday (Besluit gelijkstelling)."""

    datum: dt.date
    omschrijving: str = "gelijkgestelde dag (Besluit gelijkstelling)"


class Retention(_Strict):
    """How long data is kept on this computer."""

    concept_dagen: int = Field(ge=1)
    """A draft that was not touched for this many days is deleted."""
    na_overdracht_dagen: int = Field(ge=0)
    """A finished melding is deleted this many days after it was handed over."""


class ProfileModel(_Strict):
    """The whole `profiel.yaml`."""

    organisatie: Organisation
    rollen: dict[str, Person]
    melden_bij: list[str]
    """Where a melding goes, in order: the first role that is filled and not involved."""
    extern: dict[str, ExternalContact] = Field(default_factory=dict)
    gelijkgestelde_dagen: list[DayOff] = Field(default_factory=list)
    bewaren: Retention

    @field_validator("melden_bij")
    @classmethod
    def _not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("Noem in 'melden_bij' minstens één rol, zoals meldpunt.")
        return value


@dataclass(frozen=True)
class RoleView:
    """A role as users see it: the person, or plainly that nobody is filled in."""

    key: str
    label: str
    person: Person
    meanwhile: str

    @property
    def filled(self) -> bool:
        return bool(self.person.naam.strip())

    @property
    def naam(self) -> str:
        return self.person.naam.strip() or UNSET

    @property
    def telefoon(self) -> str:
        return self.person.telefoon.strip() or UNSET

    @property
    def email(self) -> str:
        return self.person.email.strip() or UNSET

    @property
    def bereikbaar(self) -> str:
        return self.person.bereikbaar.strip()

    @property
    def title(self) -> str:
        """Name and role, without saying a group's name twice ('MT (managementteam)')."""
        name, label = self.naam.casefold(), self.label.casefold()
        if label in name:
            return self.naam
        if name in label:
            return self.label
        return f"{self.naam} ({self.label})"

    def __str__(self) -> str:
        return self.title if self.filled else f"{self.label}: {UNSET}"

    def contact_lines(self) -> list[str]:
        """Name, phone, e-mail and hours as short Dutch lines; blanks said plainly."""
        if not self.filled:
            return [f"{self.label}: {UNSET}.", f"Wat nu: {self.meanwhile}"]
        lines = [self.title, f"Telefoon: {self.telefoon}"]
        lines.append(f"E-mail: {self.email}")
        if self.bereikbaar:
            lines.append(f"Bereikbaar: {self.bereikbaar}")
        return lines


@dataclass(frozen=True)
class ContactChoice:
    """Whom to contact, in order, with the suspected person left out."""

    roles: tuple[RoleView, ...]
    left_out: tuple[str, ...]
    """Role keys skipped because the suspected person holds them (or shares a name)."""

    @property
    def first(self) -> RoleView | None:
        """The first filled role, if any."""
        return next((r for r in self.roles if r.filled), None)

    @property
    def nobody(self) -> bool:
        """True when the profile leaves nobody who is filled in and not involved."""
        return self.first is None

    def lines(self) -> list[str]:
        """The contacts as Dutch lines: the first in full, the others as a fallback.

        When no role is filled in, it says so plainly, with what to do meanwhile.
        """
        first = self.first
        if first is None:
            lead = NOBODY_LEFT if self.left_out else NOBODY_FILLED
            if not self.roles:
                return [lead]
            return [lead, *self.roles[0].contact_lines(), *(f"- {r}" for r in self.roles[1:])]
        rest = [r for r in self.roles if r is not first]
        lines = first.contact_lines()
        if rest:
            lines.append("Lukt dat niet? Probeer dan:")
            lines += [f"- {r}" for r in rest]
        return lines


NOBODY_FILLED = (
    "De organisatie heeft hier nog niemand ingevuld. Vraag een collega die je vertrouwt "
    "wie dit is. Bij direct gevaar: bel 112."
)
NOBODY_LEFT = (
    "In deze app staat niemand anders bij wie je dit kunt melden. Maak je melding af. "
    "Vraag iemand van de organisatie die je vertrouwt en die er niet bij betrokken is, "
    "bij wie je kunt melden. Bij direct gevaar: bel 112."
)


class Profile:
    """A loaded, checked profile."""

    def __init__(self, model: ProfileModel, path: Path) -> None:
        self.model = model
        self.path = path

    @property
    def organisation(self) -> Organisation:
        return self.model.organisatie

    def role(self, key: str) -> RoleView:
        definition = ROLES[key]
        person = self.model.rollen.get(key, Person())
        return RoleView(key, definition.label, person, definition.meanwhile)

    def roles(self) -> dict[str, RoleView]:
        return {key: self.role(key) for key in ROLE_KEYS}

    def days_off(self) -> dict[dt.date, str]:
        return {d.datum: d.omschrijving for d in self.model.gelijkgestelde_dagen}

    def expand(self, keys: Iterable[str]) -> list[str]:
        """Role keys in order, with 'melden' replaced by the profile's `melden_bij` list."""
        out: list[str] = []
        for key in keys:
            for k in self.model.melden_bij if key == "melden" else [key]:
                if k not in out:
                    out.append(k)
        return out

    def contacts(self, keys: Iterable[str], suspect_roles: Iterable[str] = ()) -> ContactChoice:
        """The roles to contact, never one held by the suspected person.

        A role is also left out when its person has the same name as someone in a
        suspected role: one person can hold several roles.
        """
        suspects = set(suspect_roles) & set(ROLES)
        names = {self.role(k).naam.casefold() for k in suspects if self.role(k).filled}
        kept: list[RoleView] = []
        left_out: list[str] = []
        for key in self.expand(keys):
            view = self.role(key)
            if key in suspects or (view.filled and view.naam.casefold() in names):
                left_out.append(key)
            else:
                kept.append(view)
        return ContactChoice(tuple(kept), tuple(left_out))

    def report_contact(self, suspect_roles: Iterable[str] = ()) -> ContactChoice:
        """Where to report, for the safety line on every screen."""
        return self.contacts(["melden"], suspect_roles)


def _profile_problems(doc: Marked, model: ProfileModel) -> list[Problem]:
    problems: list[Problem] = []
    typos: set[str] = set()
    for key in model.rollen:
        if key not in ROLES:
            hint = difflib.get_close_matches(key, ROLE_KEYS, n=1)
            typos.update(hint)
            fix = f" Bedoel je '{hint[0]}'?" if hint else " Bekende rollen: " + ", ".join(ROLE_KEYS)
            problems.append(doc.problem(("rollen", key), f"Onbekende rol '{key}'.{fix}", key=True))
    for key in ROLE_KEYS:
        if key in typos:
            continue
        if key not in model.rollen:
            problems.append(
                doc.problem(
                    ("rollen",),
                    f"De rol '{key}' ontbreekt. Voeg hem toe onder 'rollen' "
                    "(laat de naam leeg als je die nog niet weet).",
                    key=True,
                )
            )
        elif not model.rollen[key].naam.strip():
            problems.append(
                doc.problem(
                    ("rollen", key),
                    f"De rol '{key}' ({ROLES[key].label}) is nog niet ingevuld. "
                    "Gebruikers zien dan: 'nog niet ingevuld door de organisatie'.",
                    key=True,
                    severity=Severity.WARNING,
                )
            )
    for i, key in enumerate(model.melden_bij):
        if key not in ROLES:
            problems.append(
                doc.problem(("melden_bij", i), f"Onbekende rol '{key}' in 'melden_bij'.")
            )
    meldpunt = model.rollen.get("meldpunt")
    if meldpunt and meldpunt.naam.strip() and not (meldpunt.telefoon or meldpunt.email):
        problems.append(
            doc.problem(
                ("rollen", "meldpunt"),
                "Het meldpunt heeft geen telefoonnummer en geen e-mail. "
                "Vul ze in, zodat medewerkers het meldpunt snel bereiken.",
                key=True,
                severity=Severity.WARNING,
            )
        )
    return problems


def check_profile(path: Path) -> tuple[Profile | None, list[Problem]]:
    """Load and check a profile. Returns the profile (None on errors) and all problems."""
    doc, problems = load_marked(path)
    if errors(problems):
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "Het profiel is leeg of is geen groep velden."))
        return None, problems
    try:
        model = ProfileModel.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems + schema_problems(doc, exc)
    problems += _profile_problems(doc, model)
    if errors(problems):
        return None, problems
    return Profile(model, path), problems


def load_profile(path: Path) -> Profile:
    """Load a profile or raise ProblemsError with every error in it."""
    profile, problems = check_profile(path)
    if profile is None:
        raise ProblemsError(errors(problems))
    return profile


SAFETY_PREFIX = "Direct gevaar? Bel 112 · Melden: "


def safety_line(choice: ContactChoice, width: int = 80) -> str:
    """The one-row line on every screen: 112 first, then where to report (never the suspect)."""
    first = choice.first
    who = first.title if first else UNSET
    line = SAFETY_PREFIX + who
    return line if len(line) <= width else line[: width - 1] + "…"


TAKE_OVER = ("mt", "directie")


def responsible(profile: Profile, roles: Iterable[str], suspect_roles: Iterable[str]) -> list[str]:
    """Who does a step, as Dutch lines; never the suspected person.

    A role the suspected person holds (or shares a name with) is said to be involved, and
    the first filled role of MT/directie that is not involved takes over, or it says the
    profile leaves nobody.
    """
    suspects = list(suspect_roles)
    lines: list[str] = []
    for key in roles:
        role = profile.role(key)
        if key not in profile.contacts([key], suspects).left_out:
            lines.append(role.title if role.filled else f"{role.label} ({UNSET})")
            continue
        others = profile.contacts([k for k in TAKE_OVER if k != key], suspects)
        who = role.label[0].upper() + role.label[1:]
        if others.first is not None:
            lines.append(f"{who} is zelf betrokken; dit neemt over: {others.first}")
        else:
            lines.append(f"{who} is zelf betrokken; het profiel noemt niemand anders ({UNSET})")
    return lines
