"""The hand-off file: a melding that only the designated receivers can open.

Design (no home-made cryptography):
- The file is **armored age** (X25519 recipients, authenticated encryption) made with
  `pyrage`; it opens with the standard `age` tool too. The plaintext inside is one HTML
  page a person can read in a browser, with the machine-readable melding embedded as
  HTML-escaped JSON in `<pre hidden id="veilig-melding">` (no script).
- **Recipients are computed from the profile, never chosen**: the first person the
  medewerker was told to report to, the casusverantwoordelijke and the reserve, each only
  when not named as involved (by role, or as the same person by name, phone, e-mail or
  key) and only when they have a key.
- Receiving decrypts in memory, checks the format and version, and keeps the received
  file as it is (still encrypted); the decrypted melding is never written to disk.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from veilig_tui.flow.check import Flow
from veilig_tui.org import RESERVE, Person, Profile, fingerprint, identity_marks, standard_key
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.store.models import Melding

FORMAT: Literal["veilig-overdracht"] = "veilig-overdracht"
VERSION = 1
SUFFIX = ".veilig"
ARMOR = b"-----BEGIN AGE ENCRYPTED FILE-----"
BINARY = b"age-encryption.org/v1"
_EMBEDDED = re.compile(r'<pre hidden id="veilig-melding">(.*?)</pre>', re.DOTALL)


class HandoffError(Exception):
    """A file that cannot be made or received; the message is Dutch and says why."""


@dataclass(frozen=True)
class Recipient:
    """Someone a hand-off file opens for: the role (or 'reserve'), the name and the key."""

    role: str
    name: str
    key: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    def __str__(self) -> str:
        return f"{self.name} ({self.role}), sleutel {self.fingerprint}"


def recipients(profile: Profile, suspect_roles: Sequence[str]) -> list[Recipient]:
    """Who may open the file: the first contact to report to, the casusverantwoordelijke
    and the reserve; never someone named as involved; only people with a key."""
    involved = profile.involved(suspect_roles)
    marks = set().union(*(identity_marks(profile.role(k).person) for k in involved))
    chosen: list[tuple[str, Person]] = []
    first = profile.report_contact(suspect_roles).first
    if first is not None:
        chosen.append((first.key, first.person))
    if "casusverantwoordelijke" not in involved:
        chosen.append(("casusverantwoordelijke", profile.role("casusverantwoordelijke").person))
    reserve = profile.reserve
    if (
        reserve is not None
        and reserve.rol not in involved
        and not (identity_marks(reserve) & marks)
    ):
        chosen.append((RESERVE, reserve))
    out: list[Recipient] = []
    for role, person in chosen:
        key = standard_key(person.sleutel)
        if key and person.naam.strip() and key not in {r.key for r in out}:
            out.append(Recipient(role, person.naam.strip(), key))
    return out


class Payload(BaseModel):
    """What a hand-off file carries (version 1)."""

    model_config = ConfigDict(extra="forbid")

    formaat: Literal["veilig-overdracht"]
    versie: StrictInt = Field(ge=1)
    soort: Literal["melding"]
    """Later also 'aanvulling'."""
    kenmerk: str = Field(pattern=r"^VZ-\d{4}-[23456789A-HJKMNP-Z]{8}$")
    aangemaakt: datetime
    afgerond: datetime
    route: str | None
    feiten: dict[str, Any]
    inhoud: dict[str, Any]
    """The stored melding content, so the receiver can render the same report."""
    aanvullingen: list[dict[str, str]]
    inhoud_hash: str
    """SHA-256 over the facts: the same melding received twice is recognised."""


def payload_schema() -> dict[str, Any]:
    """The JSON Schema of what a hand-off file carries (docs/overdracht.schema.json)."""
    schema = Payload.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "veilig overdracht"
    return schema


def facts_hash(facts: dict[str, Any]) -> str:
    canonical = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def payload_of(melding: Melding) -> Payload:
    facts = dict(melding.content.get("facts", {}))
    return Payload(
        formaat=FORMAT,
        versie=VERSION,
        soort="melding",
        kenmerk=melding.reference,
        aangemaakt=melding.created,
        afgerond=melding.finished,
        route=melding.content.get("outcome"),
        feiten=facts,
        inhoud=json.loads(json.dumps(melding.content)),
        aanvullingen=[{"datum": a.date.isoformat(), "tekst": a.text} for a in melding.additions],
        inhoud_hash=facts_hash(facts),
    )


def plaintext(report_html: str, payload: Payload) -> bytes:
    """The readable report with the melding embedded as escaped JSON (browsers run none of it)."""
    data = html.escape(payload.model_dump_json(indent=1), quote=False)
    block = f'<pre hidden id="veilig-melding">{data}</pre>\n'
    at = report_html.rfind("</body>")
    page = report_html[:at] + block + report_html[at:] if at >= 0 else report_html + block
    return page.encode("utf-8")


def seal(data: bytes, to: Iterable[Recipient]) -> bytes:
    """Encrypt for these recipients, as armored age (survives e-mail)."""
    import pyrage
    from pyrage import x25519

    keys = [x25519.Recipient.from_str(r.key) for r in to]
    if not keys:
        raise HandoffError("Er is niemand met een sleutel om het bestand voor te maken.")
    encrypted: bytes = pyrage.encrypt(data, keys, armored=True)
    return encrypted


def read_identity(text: str) -> list[Any]:
    """The X25519 identities in an age identity file (as `age-keygen` writes it)."""
    from pyrage import x25519

    found = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                found.append(x25519.Identity.from_str(line))
            except Exception as exc:  # one error type for every bad key
                raise HandoffError("De sleutel in het sleutelbestand klopt niet.") from exc
    if not found:
        raise HandoffError(
            "In dit bestand staat geen sleutel. Een sleutel begint met 'AGE-SECRET-KEY-'."
        )
    return found


def open_file(data: bytes, identities: list[Any]) -> Payload:
    """Decrypt in memory and check the content. Raises HandoffError with a Dutch reason."""
    import pyrage

    head = data.lstrip()[:64]
    if not (head.startswith(ARMOR) or head.startswith(BINARY)):
        raise HandoffError("Dit is geen bestand van veilig: het is niet versleuteld.")
    try:
        plain: bytes = pyrage.decrypt(data, identities)
    except Exception as exc:  # pyrage raises one error type; tell the cases apart by text
        text = str(exc).lower()
        if "no matching keys" in text or "no identity matched" in text:
            raise HandoffError(
                "Dit bestand is niet voor jouw sleutel gemaakt. Vraag de afzender wie het kan openen."
            ) from exc
        raise HandoffError(
            "Dit bestand is beschadigd of veranderd. Vraag de afzender om een nieuw bestand."
        ) from exc
    found = _EMBEDDED.search(plain.decode("utf-8", errors="replace"))
    if found is None:
        raise HandoffError(
            "Dit bestand is wel versleuteld, maar er staat geen melding van veilig in."
        )
    try:
        raw = json.loads(html.unescape(found.group(1)))
    except (ValueError, RecursionError) as exc:  # also absurd numbers and nesting
        raise HandoffError("De melding in dit bestand is beschadigd.") from exc
    if not isinstance(raw, dict) or raw.get("formaat") != FORMAT:
        raise HandoffError("Er staat geen melding van veilig in dit bestand.")
    if not isinstance(raw.get("versie"), int) or raw["versie"] > VERSION:
        raise HandoffError(
            "Dit bestand is gemaakt met een nieuwere versie van veilig. Werk veilig bij."
        )
    try:
        payload = Payload.model_validate(raw)
        consistent = payload.inhoud.get("facts") == payload.feiten
        matches = payload.inhoud_hash == facts_hash(payload.feiten)
    except (ValidationError, ValueError, RecursionError) as exc:
        raise HandoffError("De melding in dit bestand is niet compleet.") from exc
    if not (consistent and matches):
        raise HandoffError("De melding in dit bestand klopt niet met haar controlegetal.")
    return payload


RECEIVED = "ontvangen"
"""Folder in the receiver's data folder: received files, kept encrypted, and an index."""


def keep_received(root: Path, data: bytes, payload: Payload, now: str) -> bool:
    """Store a received file as it is (still encrypted) with a content-free index line.
    False when this exact melding (reference and facts) was already received."""
    from veilig_tui.store.atomic import append_lines, atomic_write
    from veilig_tui.store.locking import StoreLock
    from veilig_tui.store.paths import Layout, ensure_private_dir

    layout = Layout(root)
    folder = root / RECEIVED
    name = f"{payload.kenmerk}-{payload.inhoud_hash[:12]}{SUFFIX}"
    if not re.fullmatch(r"VZ-\d{4}-[A-Z0-9]{8}-[0-9a-f]{12}\.veilig", name):
        raise HandoffError("Het kenmerk in dit bestand is geen kenmerk van veilig.")
    with StoreLock(layout.lock).held():
        ensure_private_dir(folder)
        target = folder / name
        if target.exists():
            return False
        atomic_write(target, data)
        line = {"kenmerk": payload.kenmerk, "hash": payload.inhoud_hash, "ontvangen": now}
        append_lines(folder / "index.jsonl", (json.dumps(line) + "\n").encode("utf-8"))
    return True


KEY_FILE = "sleutel.age"
"""The holder's identity in the data folder, protected with a passphrase (age scrypt)."""
PUBLIC_FILE = "sleutel.pub"
"""The holder's public key next to it, to show without the passphrase."""


def make_identity(root: Path, secret: str) -> str:
    """Create a passphrase-protected identity in the data folder; returns the public key.
    Never overwrites an existing identity (files made for it could not be opened any more)."""
    from pyrage import passphrase, x25519

    from veilig_tui.store.atomic import atomic_write

    target = root / KEY_FILE
    if target.exists():
        raise HandoffError(
            f"Er is al een sleutel: {target}. Een nieuwe sleutel zou bestanden voor de oude "
            "onleesbaar maken. Gebruik de oude, of verplaats hem eerst zelf."
        )
    if len(secret) < 8:
        raise HandoffError("Kies een wachtwoord van minstens 8 tekens.")
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    text = f"# public key: {public}\n{identity}\n".encode("ascii")
    atomic_write(target, passphrase.encrypt(text, secret, armored=True))
    atomic_write(root / PUBLIC_FILE, (public + "\n").encode("ascii"))
    return public


def load_identities(path: Path, ask: Callable[[], str]) -> list[Any]:
    """The identities in an identity file; a passphrase-protected one asks `ask()` once."""
    from pyrage import passphrase

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HandoffError(f"Het sleutelbestand {path} kan niet worden gelezen.") from exc
    head = data.lstrip()[:64]
    if head.startswith(ARMOR) or head.startswith(BINARY):
        try:
            data = passphrase.decrypt(data, ask())
        except Exception as exc:  # one error type: a wrong passphrase or a damaged file
            raise HandoffError(
                "Het wachtwoord klopt niet, of het sleutelbestand is beschadigd."
            ) from exc
    return read_identity(data.decode("utf-8", errors="replace"))


def is_private(melding: Melding, flow: Flow) -> bool:
    """True for a melding whose route keeps it with the user (a zzp'er's own record)."""
    outcome = melding.content.get("outcome")
    return any(n.outcome == outcome and not n.handoff for n in flow.model.nodes if n.outcome)


@dataclass(frozen=True)
class HandoffFile:
    """The file to give: encrypted when anyone who may receive it has a key."""

    text: str
    sealed: bool
    to: tuple[Recipient, ...]
    warning: str
    """Said on screen with a plain file; empty for an encrypted one or an own record."""

    @property
    def suffix(self) -> str:
        return SUFFIX if self.sealed else ".html"


NOT_SEALED = (
    "Let op: dit bestand is niet versleuteld. Iedereen die het krijgt, kan het lezen. "
    "Geef het persoonlijk. (Er staat geen sleutel in het profiel.)"
)
EVERYONE_INVOLVED = (
    "Iedereen met een sleutel is genoemd als betrokken. Er is geen bestand gemaakt. "
    "Geef de melding persoonlijk aan de persoon die de app noemt."
)


def sealed_file(
    melding: Melding, flow: Flow, profile: Profile, folder: OrgFolder, page: str | None = None
) -> HandoffFile | None:
    """The melding sealed for its computed receivers; None when none of them has a key."""
    from veilig_tui.report import export

    to = tuple(recipients(profile, melding.content.get("suspect_roles", [])))
    if not to:
        return None
    page = page if page is not None else export("html", melding, flow, profile, folder)
    return HandoffFile(seal(plaintext(page, payload_of(melding)), to).decode("ascii"), True, to, "")


def handoff_file(melding: Melding, flow: Flow, profile: Profile, folder: OrgFolder) -> HandoffFile:
    """The one decision about the file a medewerker gives: sealed for the computed
    receivers; plain (with a warning) only when the profile has no keys at all; a zzp'er's
    own record plain and for themselves. Raises HandoffError when keys exist but nobody
    who holds one may receive it."""
    from veilig_tui.report import export

    page = export("html", melding, flow, profile, folder)
    if is_private(melding, flow):
        return HandoffFile(page, False, (), "")
    sealed = sealed_file(melding, flow, profile, folder, page)
    if sealed is not None:
        return sealed
    if any(p.sleutel.strip() for p in profile.model.rollen.values()):
        raise HandoffError(EVERYONE_INVOLVED)
    return HandoffFile(page, False, (), NOT_SEALED)
