"""The organisation profile: roles and people, contact details, days off, retention."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from veilig_tui.problems import Problem, ProblemsError, Severity, errors
from veilig_tui.yamlio import Loc, Marked, load_marked, schema_problems

UNSET = "nog niet ingevuld door de organisatie"


ROLE_KEYS = (
    "meldpunt",
    "casusverantwoordelijke",
    "mt",
    "directie",
    "wijkverpleegkundige",
    "zorgmanager",
    "igj_melder",
    "nazorg_client_rapporteert",
    "nazorg_client_ontvangt",
    "nazorg_medewerkers_rapporteert",
    "tweede_aanspreekpunt",
    "leidinggevende",
    "bereikbaarheid",
)
"""The canonical role vocabulary: flows, templates and the profile use these keys.
What each role is called and does is organisation data (`rollen.yaml`)."""
ROLES_FILE = "rollen.yaml"
RESERVE = "reserve"
"""An extra entry under `rollen`: who holds the reserve key (not a role of the Leidraad)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoleDef(_Strict):
    """What a role is called and does: organisation data, not code."""

    label: str = Field(min_length=1)
    """How the app names the role in a sentence, e.g. 'meldpunt'."""
    taak: str = ""
    """What the role does, in one short sentence."""
    intussen: str = Field(min_length=1)
    """What a medewerker does while the organisation has not filled in the role."""
    bron: str = ""
    """Where the role comes from when the Leidraad does not name it, e.g. 'keuze van
    veilig'; shown with the role wherever it is a contact."""


class RolesModel(_Strict):
    """The whole `rollen.yaml`."""

    rollen: dict[str, RoleDef]
    overnemen: list[str] = Field(default_factory=list)
    """Who takes over a task whose holder was named as involved, in order (a choice of veilig)."""


@dataclass(frozen=True)
class RoleTable:
    """Every role's label, task and 'meanwhile' text, and the takeover order."""

    roles: dict[str, RoleDef]
    take_over: tuple[str, ...]
    path: Path | None = None

    def label(self, key: str) -> str:
        return self.roles[key].label if key in self.roles else key


class Person(_Strict):
    """Who holds a role. Leave a field empty ("") when it is not known yet."""

    naam: str = ""
    """Name of the person (or group, such as 'MT'). Empty: not filled in yet."""
    telefoon: str = ""
    email: str = ""
    bereikbaar: str = ""
    """When this person can be reached, in plain words (e.g. 'ma-vr 9-17 uur')."""
    toelichting: str = ""
    sleutel: str = ""
    """The person's public age key ('age1…', from `age-keygen`), so that a melding can be
    encrypted for them. Empty: no key yet."""
    rol: str = ""
    """Only for `reserve`: the role the reserve key holder belongs to (a role key, e.g.
    `directie`); when that role is named as involved, the reserve is left out too."""


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
    dossier_dagen: int | None = Field(default=None, ge=1)
    """A closed dossier (on the meldpunt's computer) is deleted this many days after it was
    closed. None: not filled in; then a closed dossier is kept and the app says so."""


class DossierSettings(_Strict):
    """The meldpunt's dossier screens (`veilig dossier`)."""

    vergrendelen_na_minuten: int = Field(default=10, ge=1)
    """After this many minutes without a key press the screens hide everything and ask
    for the passphrase again."""


class WebSettings(_Strict):
    """Settings of `veilig web`."""

    concept_uren: int = Field(default=24, ge=1)
    """A browser session's folder that was not used for this many hours is removed."""


class ProfileModel(_Strict):
    """The whole `profiel.yaml`."""

    organisatie: Organisation
    rollen: dict[str, Person]
    melden_bij: list[str]
    """Where a melding goes, in order: the first role that is filled and not involved."""
    extern: dict[str, ExternalContact] = Field(default_factory=dict)
    gelijkgestelde_dagen: list[DayOff] = Field(default_factory=list)
    bewaren: Retention
    dossier: DossierSettings = Field(default_factory=DossierSettings)
    web: WebSettings = Field(default_factory=WebSettings)

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
    source: str = ""
    """Shown after the label when the role is not in the Leidraad ('keuze van veilig')."""

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

    @property
    def capitalised(self) -> str:
        """The label as the start of a line: 'Meldpunt'."""
        return self.label[:1].upper() + self.label[1:]

    @property
    def keuze(self) -> str:
        """The role as an answer to 'which task does this person have?': label and name."""
        label, name = self.capitalised, self.naam.casefold()
        same = name in label.casefold() or label.casefold() in name  # 'MT', 'de directie'
        return f"{label} ({self.naam})" if self.filled and not same else label

    @property
    def sourced(self) -> str:
        """The label with its source when the Leidraad does not name the role."""
        return f"{self.label} ({self.source})" if self.source else self.label

    def __str__(self) -> str:
        if not self.filled:
            return f"{self.sourced}: {UNSET}"
        return f"{self.title} ({self.source})" if self.source else self.title

    def contact_lines(self) -> list[str]:
        """Name, phone, e-mail and hours as short Dutch lines; blanks said plainly."""
        if not self.filled:
            return [f"{self.sourced}: {UNSET}.", f"Wat nu: {self.meanwhile}"]
        lines = [str(self), f"Telefoon: {self.telefoon}"]
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
    def hand_to(self) -> str:
        """Whom to give the melding to, never someone involved, or plainly nobody."""
        first = self.first
        return first.title if first else NOBODY_NAMED

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
        # the fallbacks: people first (in order), then the roles nobody fills in yet
        rest = [r for r in self.roles if r is not first and r.filled]
        rest += [r for r in self.roles if not r.filled]
        lines = first.contact_lines()
        if rest:
            lines.append("Lukt dat niet? Probeer dan:")
            lines += [f"- {r}. Telefoon: {r.telefoon}" if r.filled else f"- {r}" for r in rest]
        return lines


NOBODY_NAMED = f"iemand die er niet bij betrokken is ({UNSET})"
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
    """A loaded, checked profile with the organisation's role table."""

    def __init__(self, model: ProfileModel, path: Path, table: RoleTable | None = None) -> None:
        self.model = model
        self.path = path
        self.table = table or default_role_table()
        self._views: dict[str, RoleView] = {}
        self._involved: dict[frozenset[str], frozenset[str]] = {}

    @property
    def organisation(self) -> Organisation:
        return self.model.organisatie

    def role(self, key: str) -> RoleView:
        view = self._views.get(key)
        if view is None:
            definition = self.table.roles[key]
            person = self.model.rollen.get(key) or Person()
            view = self._views[key] = RoleView(
                key, definition.label, person, definition.intussen, definition.bron
            )
        return view

    def roles(self) -> dict[str, RoleView]:
        return {key: self.role(key) for key in ROLE_KEYS}

    @property
    def reserve(self) -> Person | None:
        """Who holds the reserve key, if the profile names someone."""
        person = self.model.rollen.get(RESERVE)
        return person if person is not None and person.naam.strip() else None

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

    def involved(self, suspect_roles: Iterable[str]) -> frozenset[str]:
        """Every role held by someone named as involved: by role, or because its holder has
        the same name, phone number, e-mail address or key as a named role's holder."""
        named = frozenset(suspect_roles) & frozenset(ROLE_KEYS)
        found = self._involved.get(named)
        if found is None:
            ids = {k: identity_marks(self.role(k).person) for k in ROLE_KEYS}
            marks = set().union(*(ids[k] for k in named))
            found = named | {k for k in ROLE_KEYS if ids[k] & marks}
            self._involved[named] = found
        return found

    def contacts(self, keys: Iterable[str], suspect_roles: Iterable[str] = ()) -> ContactChoice:
        """The roles to contact, never one held by someone named as involved."""
        involved = self.involved(suspect_roles)
        kept: list[RoleView] = []
        left_out: list[str] = []
        for key in self.expand(keys):
            if key in involved:
                left_out.append(key)
            else:
                kept.append(self.role(key))
        return ContactChoice(tuple(kept), tuple(left_out))

    def report_contact(self, suspect_roles: Iterable[str] = ()) -> ContactChoice:
        """Where to report, for the safety line on every screen."""
        return self.contacts(["melden"], suspect_roles)

    def doer(self, key: str, suspect_roles: Iterable[str] = ()) -> RoleView | None:
        """Who does a role's task: the role itself, or (when its holder was named as
        involved) the first filled role of the takeover order that was not; None if nobody."""
        involved = self.involved(suspect_roles)
        if key not in involved:
            return self.role(key)
        return next(
            (
                self.role(k)
                for k in self.table.take_over
                if k not in involved and self.role(k).filled
            ),
            None,
        )


def identity_marks(person: Person) -> set[str]:
    """What identifies a role's holder: name, phone number, e-mail and key, each in one
    standard form (empty when blank)."""
    marks = set()
    if person.naam.strip():
        marks.add("naam:" + " ".join(person.naam.split()).casefold())
    digits = "".join(c for c in person.telefoon if c.isdigit())
    for country in ("0031", "31"):  # +31 6 1234 5678 is 06 12345678
        if person.telefoon.strip().startswith(("+", "00")) and digits.startswith(country):
            digits = "0" + digits[len(country) :]
            break
    if len(digits) >= 6:
        marks.add("tel:" + digits)
    if person.email.strip():
        marks.add("mail:" + person.email.strip().casefold())
    if person.sleutel.strip():
        marks.add("key:" + standard_key(person.sleutel))
    return marks


def standard_key(public_key: str) -> str:
    """A public key in one form: age accepts 'AGE1…' and 'age1…' as the same key."""
    return public_key.strip().lower()


def _unknown_role(doc: Marked, loc: Loc, key: str, typos: set[str] | None = None) -> Problem:
    hint = difflib.get_close_matches(key, ROLE_KEYS, n=1)
    if typos is not None:
        typos.update(hint)
    fix = f" Bedoel je '{hint[0]}'?" if hint else " Bekende rollen: " + ", ".join(ROLE_KEYS)
    return doc.problem(loc, f"Onbekende rol '{key}'.{fix}", key=True)


def _profile_problems(doc: Marked, model: ProfileModel, table: RoleTable) -> list[Problem]:
    problems: list[Problem] = []
    typos: set[str] = set()
    for key in model.rollen:
        if key not in ROLE_KEYS and key != RESERVE:
            problems.append(_unknown_role(doc, ("rollen", key), key, typos))
        elif key != RESERVE and model.rollen[key].rol:
            problems.append(
                doc.problem(
                    ("rollen", key, "rol"),
                    "'rol' hoort alleen bij 'reserve'. Haal het hier weg.",
                    key=True,
                )
            )
        elif key == RESERVE and model.rollen[key].rol and model.rollen[key].rol not in ROLE_KEYS:
            problems.append(_unknown_role(doc, ("rollen", key, "rol"), model.rollen[key].rol))
    problems += key_problems(doc, model)
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
                    f"De rol '{key}' ({table.label(key)}) is nog niet ingevuld. "
                    "Gebruikers zien dan: 'nog niet ingevuld door de organisatie'.",
                    key=True,
                    severity=Severity.WARNING,
                )
            )
    for i, key in enumerate(model.melden_bij):
        if key not in ROLE_KEYS:
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


def fingerprint(public_key: str) -> str:
    """A short, readable check of a public key, to compare by phone: 'K7QF-2M9D-XW4A'."""
    import base64
    import hashlib

    digest = hashlib.sha256(standard_key(public_key).encode("ascii", "replace")).digest()
    text = base64.b32encode(digest).decode("ascii")[:12]
    return "-".join(text[i : i + 4] for i in range(0, 12, 4))


def key_error(public_key: str) -> str | None:
    """None when `public_key` is a valid age X25519 recipient, else why not (Dutch)."""
    from pyrage import x25519

    try:
        x25519.Recipient.from_str(public_key.strip())
    except Exception:  # pyrage raises one error type for every kind of bad key
        return "Dit is geen geldige sleutel. Een sleutel begint met 'age1' en is één lange regel."
    return None


RECEIVING = ("meldpunt", "casusverantwoordelijke")
"""Roles that receive a melding as a file; without a key it cannot be encrypted for them."""


def key_problems(doc: Marked, model: ProfileModel) -> list[Problem]:
    """Keys in the profile: each valid, and one key never shared by different people."""
    problems: list[Problem] = []
    holders: dict[str, tuple[str, str]] = {}
    for key, person in model.rollen.items():
        public = standard_key(person.sleutel)
        if not public:
            if person.naam.strip() and (key in RECEIVING or key in model.melden_bij):
                problems.append(
                    doc.problem(
                        ("rollen", key),
                        f"De rol '{key}' heeft nog geen sleutel. Dan kan een melding niet "
                        "versleuteld worden voor deze persoon. Die maakt een sleutel met het "
                        "programma age (age-keygen); zet de regel die begint met 'age1' bij 'sleutel'.",
                        key=True,
                        severity=Severity.WARNING,
                    )
                )
            continue
        why = key_error(public)
        if why is not None:
            problems.append(doc.problem(("rollen", key, "sleutel"), f"Rol '{key}': {why}"))
            continue
        name = " ".join(person.naam.split()).casefold()
        other = holders.get(public)
        if other is not None and other[1] != name:
            problems.append(
                doc.problem(
                    ("rollen", key, "sleutel"),
                    f"De rol '{key}' heeft dezelfde sleutel als '{other[0]}', maar een andere "
                    "persoon. Iedere persoon heeft een eigen sleutel.",
                )
            )
        holders.setdefault(public, (key, name))
    return problems


def key_lines(profile: Profile) -> list[str]:
    """Each key's fingerprint next to its role, for `veilig controleer`."""
    lines = []
    for key, person in profile.model.rollen.items():
        if person.sleutel.strip():
            who = person.naam.strip() or UNSET
            lines.append(f"{key} ({who}): {fingerprint(person.sleutel)}")
    return lines


def roles_file_for(profile_path: Path) -> Path:
    """The role table beside a profile, or the built-in one when the folder has none."""
    from veilig_tui.orgfolder import default_folder

    own = profile_path.parent / ROLES_FILE
    return own if own.is_file() else default_folder() / ROLES_FILE


def check_roles(path: Path) -> tuple[RoleTable | None, list[Problem]]:
    """Load and check a role table (`rollen.yaml`): every role once, known keys only."""
    doc, problems = load_marked(path)
    if errors(problems):
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [*problems, doc.problem((), "Dit bestand is leeg of is geen groep velden.")]
    try:
        model = RolesModel.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems + schema_problems(doc, exc)
    typos: set[str] = set()
    for key in model.rollen:
        if key not in ROLE_KEYS:
            problems.append(_unknown_role(doc, ("rollen", key), key, typos))
    for key in ROLE_KEYS:
        if key not in model.rollen and key not in typos:
            problems.append(
                doc.problem(
                    ("rollen",),
                    f"De rol '{key}' ontbreekt. Voeg hem toe onder 'rollen', met label en intussen.",
                    key=True,
                )
            )
    for i, key in enumerate(model.overnemen):
        if key not in ROLE_KEYS:
            problems.append(_unknown_role(doc, ("overnemen", i), key))
    if errors(problems):
        return None, problems
    return RoleTable(dict(model.rollen), tuple(model.overnemen), path), problems


@cache
def default_role_table() -> RoleTable:
    """The built-in role table (the default organisation folder's `rollen.yaml`)."""
    from veilig_tui.orgfolder import default_folder

    return load_roles(default_folder() / ROLES_FILE)


def load_roles(path: Path) -> RoleTable:
    """Load a role table or raise ProblemsError with every error in it."""
    table, problems = check_roles(path)
    if table is None:
        raise ProblemsError(errors(problems))
    return table


def check_profile(path: Path) -> tuple[Profile | None, list[Problem]]:
    """Load and check a profile and the role table beside it. Returns the profile (None on
    errors) and all problems of both files."""
    table, problems = check_roles(roles_file_for(path))
    doc, own = load_marked(path)
    problems += own
    if errors(own):
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "Het profiel is leeg of is geen groep velden."))
        return None, problems
    try:
        model = ProfileModel.model_validate(doc.data)
    except ValidationError as exc:
        return None, problems + schema_problems(doc, exc)
    if table is None:
        return None, problems
    problems += _profile_problems(doc, model, table)
    if errors(problems):
        return None, problems
    return Profile(model, path, table), problems


def load_profile(path: Path) -> Profile:
    """Load a profile or raise ProblemsError with every error in it."""
    profile, problems = check_profile(path)
    if profile is None:
        raise ProblemsError(errors(problems))
    return profile


SAFETY_PREFIX = "Direct gevaar? Bel 112 · Melden: "


def safety_line(choice: ContactChoice | None, width: int = 80, help_key: str = "F1") -> str:
    """The one-row line on every screen: 112 first, then where to report (never the suspect).

    `choice` is None while it is not yet known whether the person holds a role: then the
    line names the role, never a name, since the meldpunt may be the person it is about.
    `help_key` is the key that shows who that is."""
    if choice is None:
        line = f"{SAFETY_PREFIX}het meldpunt ({help_key})"
    else:
        first = choice.first
        line = SAFETY_PREFIX + (first.title if first else UNSET)
    return line if len(line) <= width else line[: width - 1] + "…"


TAKEN_OVER = "is genoemd als betrokken; dit neemt over (keuze van veilig)"
NOBODY_TAKES_OVER = "is genoemd als betrokken; het profiel noemt niemand anders"


def responsible(profile: Profile, roles: Iterable[str], suspect_roles: Iterable[str]) -> list[str]:
    """Who does a step, as Dutch lines; never a person named as involved.

    A role held by someone named as involved (or by the same person) is said to be so,
    and the first filled role of the takeover order that is not involved takes over, or
    it says the profile leaves nobody.
    """
    suspects = list(suspect_roles)
    involved = profile.involved(suspects)
    lines: list[str] = []
    for key in roles:
        role = profile.role(key)
        if key not in involved:
            lines.append(role.title if role.filled else f"{role.label} ({UNSET})")
            continue
        who = role.capitalised
        doer = profile.doer(key, suspects)
        if doer is not None:
            lines.append(f"{who} {TAKEN_OVER}: {doer}")
        else:
            lines.append(f"{who} {NOBODY_TAKES_OVER} ({UNSET})")
    return lines
