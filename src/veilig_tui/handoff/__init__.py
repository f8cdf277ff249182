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
- **Additions are authentic**: each melding carries a secret, HMAC-SHA256(the sender's
  local secret, reference). An addition ('aanvulling') is its own file with an HMAC-SHA256
  over its content keyed by that secret; the receiver attaches it only to a melding it
  received before, and only when the HMAC verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from veilig_tui.flow.check import Flow
from veilig_tui.org import RESERVE, Person, Profile, fingerprint, identity_marks, standard_key
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.store.archive import addition_record, build_record, to_melding
from veilig_tui.store.models import Addition, Melding

FORMAT: Literal["veilig-overdracht"] = "veilig-overdracht"
VERSION = 2
"""2: a melding carries its secret (`geheim`); additions ('aanvulling') exist."""
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


REFERENCE = r"^VZ-\d{4}-[23456789A-HJKMNP-Z]{8}$"
SECRET = r"^[0-9a-f]{64}$"


class Payload(BaseModel):
    """What a hand-off file of a melding carries (version 2)."""

    model_config = ConfigDict(extra="forbid")

    formaat: Literal["veilig-overdracht"]
    versie: StrictInt = Field(ge=1)
    soort: Literal["melding"]
    kenmerk: str = Field(pattern=REFERENCE)
    aangemaakt: datetime
    afgerond: datetime
    route: str | None
    feiten: dict[str, Any]
    inhoud: dict[str, Any]
    """The stored melding content, so the receiver can render the same report."""
    aanvullingen: list[dict[str, str]]
    inhoud_hash: str
    """SHA-256 over the facts: the same melding received twice is recognised."""
    geheim: str | None = Field(default=None, pattern=SECRET)
    """This melding's secret (64 hex digits): the key of the HMAC of every addition to it.
    None (or absent, in version 1) when the file was made without it: no addition attaches."""


class AdditionPayload(BaseModel):
    """What a hand-off file of an addition ('aanvulling') carries (since version 2)."""

    model_config = ConfigDict(extra="forbid")

    formaat: Literal["veilig-overdracht"]
    versie: StrictInt = Field(ge=2)
    soort: Literal["aanvulling"]
    kenmerk: str = Field(pattern=REFERENCE)
    """The reference of the melding this addition belongs to."""
    gemaakt: str = Field(json_schema_extra={"format": "date-time"})
    """When the addition was made (ISO 8601 with the time zone), exactly as signed."""
    tekst: str = Field(min_length=1)
    hmac: str = Field(pattern=SECRET)
    """HMAC-SHA256 over `addition_message(...)`, keyed by the melding's secret (hex)."""

    @field_validator("gemaakt")
    @classmethod
    def _aware_time(cls, value: str) -> str:
        if datetime.fromisoformat(value).tzinfo is None:
            raise ValueError("gemaakt needs a time zone")
        return value

    @property
    def made(self) -> datetime:
        return datetime.fromisoformat(self.gemaakt)


AnyPayload = Annotated[Payload | AdditionPayload, Field(discriminator="soort")]
_ANY_PAYLOAD: TypeAdapter[Payload | AdditionPayload] = TypeAdapter(AnyPayload)


def payload_schema() -> dict[str, Any]:
    """The JSON Schema of what a hand-off file carries (docs/overdracht.schema.json)."""
    schema = _ANY_PAYLOAD.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "veilig overdracht"
    return schema


def melding_secret(local: bytes, reference: str) -> str:
    """A melding's secret: HMAC-SHA256(the data folder's local secret, reference), as hex.
    Nothing needs storing per melding; only whoever holds the local secret can derive it."""
    return hmac.new(local, reference.encode("utf-8"), hashlib.sha256).hexdigest()


def secret_for(root: Path, reference: str) -> str:
    """The secret of a melding made in this data folder (the local secret is made on first
    need). Raises a StoreError with a Dutch message when the local secret is damaged."""
    from veilig_tui.store.secret import local_secret

    return melding_secret(local_secret(root), reference)


def addition_message(reference: str, made: str, text: str) -> bytes:
    """The canonical bytes an addition's HMAC covers: sorted, compact JSON in UTF-8."""
    fields = {"soort": "aanvulling", "kenmerk": reference, "gemaakt": made, "tekst": text}
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return canonical.encode("utf-8")


def addition_mac(secret: str, reference: str, made: str, text: str) -> str:
    """HMAC-SHA256 of an addition, keyed by its melding's secret (hex in, hex out)."""
    key = bytes.fromhex(secret)
    return hmac.new(key, addition_message(reference, made, text), hashlib.sha256).hexdigest()


def is_authentic(addition: AdditionPayload, secret: str | None) -> bool:
    """True when the addition was made with this melding's secret and not changed since."""
    if secret is None:
        return False
    want = addition_mac(secret, addition.kenmerk, addition.gemaakt, addition.tekst)
    return hmac.compare_digest(want, addition.hmac)


def addition_payload(reference: str, addition: Addition, secret: str) -> AdditionPayload:
    """The content of an addition file, signed with the melding's secret."""
    made = addition.date.isoformat()
    if addition.date.tzinfo is None:
        raise ValueError("an addition needs a time zone")
    return AdditionPayload(
        formaat=FORMAT,
        versie=VERSION,
        soort="aanvulling",
        kenmerk=reference,
        gemaakt=made,
        tekst=addition.text,
        hmac=addition_mac(secret, reference, made, addition.text),
    )


def facts_hash(facts: dict[str, Any]) -> str:
    canonical = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def payload_of(melding: Melding, secret: str | None = None) -> Payload:
    """What the hand-off file of this melding carries; `secret` (see `secret_for`) lets the
    receiver verify later additions."""
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
        geheim=secret,
    )


def plaintext(report_html: str, payload: Payload | AdditionPayload) -> bytes:
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


def open_file(data: bytes, identities: list[Any]) -> Payload | AdditionPayload:
    """Decrypt in memory and check the content: a melding or an addition (whose HMAC is
    checked by `keep`, against the melding received before). Raises HandoffError with a
    Dutch reason."""
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
        payload = _ANY_PAYLOAD.validate_python(raw)
        if isinstance(payload, AdditionPayload):
            return payload
        consistent = payload.inhoud.get("facts") == payload.feiten
        matches = payload.inhoud_hash == facts_hash(payload.feiten)
    except (ValidationError, ValueError, RecursionError) as exc:
        raise HandoffError("De melding in dit bestand is niet compleet.") from exc
    if not (consistent and matches):
        raise HandoffError("De melding in dit bestand klopt niet met haar controlegetal.")
    return payload


RECEIVED = "ontvangen"
"""Folder in the receiver's data folder: received files, kept encrypted, and an index."""
INDEX = "index.jsonl"
"""Content-free lines in RECEIVED: reference, kind, file name, when it was received."""


def received_name(payload: Payload | AdditionPayload) -> str:
    """The name a received file is kept under: the reference and a check value, no content.
    A melding: `VZ-….-<facts hash>.veilig`; an addition: `VZ-….aanvulling-<hmac>.veilig`."""
    if isinstance(payload, AdditionPayload):
        name = f"{payload.kenmerk}.aanvulling-{payload.hmac[:16]}{SUFFIX}"
    else:
        name = f"{payload.kenmerk}-{payload.inhoud_hash[:12]}{SUFFIX}"
    if not re.fullmatch(
        r"VZ-\d{4}-[A-Z0-9]{8}(-[0-9a-f]{12}|\.aanvulling-[0-9a-f]{16})\.veilig", name
    ):
        raise HandoffError("Het kenmerk in dit bestand is geen kenmerk van veilig.")
    return name


def said_when(moment: datetime) -> str:
    """'ontvangen op donderdag 3 december 2026, 19:02' (local time)."""
    from veilig_tui.deadlines import format_datum

    local = moment.astimezone()
    return f"ontvangen op {format_datum(local.date())}, {local:%H:%M}"


@dataclass(frozen=True)
class Kept:
    """What `keep` did with a received file."""

    kind: Literal["melding", "aanvulling"]
    reference: str
    new: bool
    """False when the same file was received before (nothing changed)."""
    received: datetime
    """When it was received: now, or the first time."""

    def __str__(self) -> str:
        if self.kind == "melding":
            state = "opgenomen" if self.new else "was al ontvangen; niets veranderd"
            return f"melding {self.reference} {state}."
        if self.new:
            return f"aanvulling bij {self.reference} opgenomen ({said_when(self.received)})."
        return (
            f"aanvulling bij {self.reference} was al {said_when(self.received)}; niets veranderd."
        )


def _index(folder: Path) -> dict[str, datetime]:
    """When each kept file was received, from the index (broken lines are skipped)."""
    try:
        text = (folder / INDEX).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    found: dict[str, datetime] = {}
    for line in text.splitlines():
        try:
            entry = json.loads(line)
            name = entry.get("bestand") or f"{entry['kenmerk']}-{entry['hash'][:12]}{SUFFIX}"
            found.setdefault(str(name), datetime.fromisoformat(entry["ontvangen"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return found


def _received_at(folder: Path, name: str, index: dict[str, datetime]) -> datetime:
    from datetime import UTC

    known = index.get(name)
    if known is not None:
        return known if known.tzinfo else known.replace(tzinfo=UTC)
    return datetime.fromtimestamp((folder / name).stat().st_mtime, UTC)


def _meldingen(folder: Path, reference: str) -> list[Path]:
    """The kept files of the melding with this reference (one per version of its facts)."""
    if not re.fullmatch(REFERENCE, reference) or not folder.is_dir():
        return []
    return sorted(folder.glob(f"{reference}-*{SUFFIX}"))


def _opened(path: Path, identities: list[Any]) -> Payload | AdditionPayload | None:
    try:
        return open_file(path.read_bytes(), identities)
    except (HandoffError, OSError):
        return None


def keep_received(root: Path, data: bytes, payload: Payload, now: str) -> bool:
    """Store a received melding as it is (still encrypted) with a content-free index line.
    False when this exact melding (reference and facts) was already received."""
    return keep(root, data, payload, [], datetime.fromisoformat(now)).new


def keep(
    root: Path,
    data: bytes,
    payload: Payload | AdditionPayload,
    identities: list[Any],
    now: datetime,
) -> Kept:
    """Store a file that `open_file` accepted, as it is (still encrypted), with a
    content-free index line; the same file twice changes nothing.

    An addition is kept only when its melding was received before and its HMAC verifies
    with that melding's secret (the melding is decrypted in memory with `identities`).
    A melding with the reference of one received before but another secret is refused:
    it would take over that melding's additions. Raises HandoffError with a Dutch reason;
    then nothing is stored."""
    from veilig_tui.store.atomic import append_lines, atomic_write
    from veilig_tui.store.locking import StoreLock
    from veilig_tui.store.paths import Layout, ensure_private_dir

    folder = root / RECEIVED
    name = received_name(payload)
    kind: Literal["melding", "aanvulling"]
    with StoreLock(Layout(root).lock).held():
        earlier = [_opened(p, identities) for p in _meldingen(folder, payload.kenmerk)]
        if isinstance(payload, AdditionPayload):
            kind = "aanvulling"
            _check_addition(payload, earlier)
        else:
            kind = "melding"
            _check_melding(payload, earlier)
        target = folder / name
        if target.exists() and not _adds_secret(payload, target, identities):
            return Kept(kind, payload.kenmerk, False, _received_at(folder, name, _index(folder)))
        ensure_private_dir(folder)
        atomic_write(target, data)
        line = {
            "kenmerk": payload.kenmerk,
            "soort": kind,
            "bestand": name,
            "ontvangen": now.isoformat(),
        }
        if isinstance(payload, Payload):
            line["hash"] = payload.inhoud_hash
        append_lines(folder / INDEX, (json.dumps(line) + "\n").encode("utf-8"))
    return Kept(kind, payload.kenmerk, True, now)


def _adds_secret(payload: Payload | AdditionPayload, kept: Path, identities: list[Any]) -> bool:
    """True for the same melding as one kept without a secret, now with one: it replaces
    the kept file, so that additions to it can be verified."""
    if not isinstance(payload, Payload) or payload.geheim is None:
        return False
    earlier = _opened(kept, identities)
    return isinstance(earlier, Payload) and earlier.geheim is None


def _check_melding(payload: Payload, earlier: list[Payload | AdditionPayload | None]) -> None:
    for other in earlier:
        if (
            isinstance(other, Payload)
            and other.geheim is not None
            and payload.geheim is not None
            and not hmac.compare_digest(other.geheim, payload.geheim)
        ):
            raise HandoffError(
                f"Er is al een melding {payload.kenmerk} ontvangen, van een andere afzender. "
                "Dit bestand is daarom niet opgenomen. Vraag de afzender wat er aan de hand is."
            )


def _check_addition(
    payload: AdditionPayload, earlier: list[Payload | AdditionPayload | None]
) -> None:
    if not earlier:
        raise HandoffError(
            f"Deze aanvulling hoort bij melding {payload.kenmerk}. Die melding is hier nog "
            "niet ontvangen. Neem eerst het bestand van de melding op, en daarna de aanvulling."
        )
    meldingen = [m for m in earlier if isinstance(m, Payload)]
    if not meldingen:
        raise HandoffError(
            f"De melding {payload.kenmerk} is hier wel ontvangen, maar gaat niet open met "
            "deze sleutel. Gebruik de sleutel waarmee je de melding opnam."
        )
    if all(m.geheim is None for m in meldingen):
        raise HandoffError(
            f"Bij melding {payload.kenmerk} kan veilig geen aanvulling controleren: het "
            "bestand van de melding heeft geen geheim. Vraag de afzender om de aanvulling "
            "persoonlijk te geven."
        )
    if not any(is_authentic(payload, m.geheim) for m in meldingen):
        raise HandoffError(FORGED)


FORGED = (
    "Deze aanvulling klopt niet met de melding. Misschien is ze veranderd. Of iemand anders "
    "dan de maker van de melding heeft haar gemaakt. Vraag de maker om een nieuw bestand."
)


@dataclass(frozen=True)
class ReceivedAddition:
    """A verified addition to a received melding."""

    made: datetime
    text: str = field(repr=False)
    received: datetime

    @property
    def received_text(self) -> str:
        """'ontvangen op donderdag 3 december 2026, 19:02'."""
        return said_when(self.received)


@dataclass(frozen=True)
class ReceivedMelding:
    """A received melding, decrypted in memory, with its verified additions (oldest first)."""

    payload: Payload = field(repr=False)
    received: datetime
    additions: tuple[ReceivedAddition, ...]

    @property
    def reference(self) -> str:
        return self.payload.kenmerk

    def melding(self) -> Melding:
        """As a Melding for the report templates (in memory only): the sender's own
        additions and the verified ones received later, oldest first."""
        earlier = [
            Addition(datetime.fromisoformat(a["datum"]), a["tekst"])
            for a in self.payload.aanvullingen
            if "datum" in a and "tekst" in a
        ]
        later = [Addition(a.made, a.text) for a in self.additions]
        record = build_record(
            self.payload.kenmerk, "", self.payload.aangemaakt, self.payload.afgerond, {}
        )
        record["melding"] = self.payload.inhoud
        record["additions"] = [addition_record(a.date, a.text) for a in earlier + later]
        return to_melding(record)


def received_melding(root: Path, identities: list[Any], reference: str) -> ReceivedMelding | None:
    """The received melding with this reference (the version received last that opens with
    these identities) and every addition kept for it whose HMAC verifies with its secret;
    None when no such melding was received. Nothing is written."""
    from veilig_tui.store.locking import StoreLock
    from veilig_tui.store.paths import Layout

    reference = reference.strip().upper()
    folder = root / RECEIVED
    if not folder.is_dir():
        return None
    with StoreLock(Layout(root).lock).held():
        index = _index(folder)
        files = _meldingen(folder, reference)
        files.sort(key=lambda p: _received_at(folder, p.name, index), reverse=True)
        found = next(
            (
                (path, opened)
                for path in files
                if isinstance(opened := _opened(path, identities), Payload)
                and opened.kenmerk == reference
            ),
            None,
        )
        if found is None:
            return None
        path, melding = found
        additions = []
        for kept in sorted(folder.glob(f"{reference}.aanvulling-*{SUFFIX}")):
            addition = _opened(kept, identities)
            if (
                isinstance(addition, AdditionPayload)
                and addition.kenmerk == reference
                and is_authentic(addition, melding.geheim)
            ):
                when = _received_at(folder, kept.name, index)
                additions.append(ReceivedAddition(addition.made, addition.tekst, when))
        received = _received_at(folder, path.name, index)
    additions.sort(key=lambda a: (a.made, a.received))
    return ReceivedMelding(melding, received, tuple(additions))


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
    """Said on screen next to the receipt: that the file is not encrypted, and (when the
    meldpunt is named as involved) to give it directly to the remaining contact person.
    Empty when there is nothing to warn about."""
    reference: str = ""
    hand_to: str = ""
    """Whom to give the file to (never someone named as involved)."""
    fmt: str = "html"
    """The format of a plain file (md, html, txt, json)."""

    @property
    def suffix(self) -> str:
        return SUFFIX if self.sealed else f".{self.fmt}"


NOT_SEALED = (
    "Let op: dit bestand is niet versleuteld. Iedereen die het krijgt, kan het lezen. "
    "Geef het persoonlijk. (Er staat geen sleutel in het profiel.)"
)
CHOSEN_PLAIN = (
    "Let op: dit bestand is niet versleuteld. Iedereen die het krijgt, kan het lezen. "
    "Geef het persoonlijk en verwijder het daarna van deze computer."
)
EVERYONE_INVOLVED = (
    "Iedereen met een sleutel is genoemd als betrokken. Er is geen bestand gemaakt. "
    "Geef de melding persoonlijk aan de persoon die de app noemt."
)
NO_KEY_FOR_ADDITION = (
    "Niemand die deze melding mag krijgen, heeft een sleutel in het profiel. Er is geen "
    "versleuteld bestand van de aanvulling gemaakt. Geef de aanvulling persoonlijk."
)
OWN_RECORD = (
    "Deze melding is alleen voor jou: je bent zelf de zorgaanbieder. Er gaat geen bestand "
    "naar de organisatie."
)


def give_directly(profile: Profile, suspect_roles: Sequence[str]) -> str:
    """With the meldpunt named as involved: give the file directly to the remaining
    contact person, never through a shared inbox or mailbox; else empty."""
    if "meldpunt" not in profile.involved(suspect_roles):
        return ""
    to = profile.report_contact(suspect_roles).hand_to
    return (
        f"Het meldpunt is genoemd als betrokken. Geef het bestand daarom rechtstreeks aan {to}. "
        "Stuur het niet naar een gedeelde mailbox of een algemeen e-mailadres. "
        "Daar kan het meldpunt het zien."
    )


def _suspects(melding: Melding) -> list[str]:
    return list(melding.content.get("suspect_roles", []))


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def sealed_file(
    melding: Melding,
    flow: Flow,
    profile: Profile,
    folder: OrgFolder,
    page: str | None = None,
    *,
    secret: str | None = None,
) -> HandoffFile | None:
    """The melding sealed for its computed receivers; None when none of them has a key.
    Pass `secret` (see `secret_for`) so that additions to it can be verified."""
    from veilig_tui.report import export

    suspects = _suspects(melding)
    to = tuple(recipients(profile, suspects))
    if not to:
        return None
    page = page if page is not None else export("html", melding, flow, profile, folder)
    return HandoffFile(
        seal(plaintext(page, payload_of(melding, secret)), to).decode("ascii"),
        True,
        to,
        give_directly(profile, suspects),
        melding.reference,
        profile.report_contact(suspects).hand_to,
    )


def plain_file(
    fmt: str, melding: Melding, flow: Flow, profile: Profile, folder: OrgFolder
) -> HandoffFile:
    """A plain (not encrypted) file, asked for explicitly (`--formaat md|html|txt|json`):
    the file itself says at its top that it is not encrypted."""
    from veilig_tui.report import UNENCRYPTED, UNENCRYPTED_OWN
    from veilig_tui.report import plain_file as render

    if is_private(melding, flow):
        return HandoffFile(
            render(fmt, melding, flow, profile, folder, UNENCRYPTED_OWN),
            False,
            (),
            "",
            melding.reference,
            fmt=fmt,
        )
    suspects = _suspects(melding)
    return HandoffFile(
        render(fmt, melding, flow, profile, folder, UNENCRYPTED),
        False,
        (),
        _joined(CHOSEN_PLAIN, give_directly(profile, suspects)),
        melding.reference,
        profile.report_contact(suspects).hand_to,
        fmt,
    )


def handoff_file(
    melding: Melding,
    flow: Flow,
    profile: Profile,
    folder: OrgFolder,
    *,
    secret: str | None = None,
) -> HandoffFile:
    """The one decision about the file a medewerker gives: sealed for the computed
    receivers; plain (with a warning on screen and inside the file) only when the profile
    has no keys at all; a zzp'er's own record plain and for themselves. Raises
    HandoffError when keys exist but nobody who holds one may receive it."""
    from veilig_tui.report import UNENCRYPTED, UNENCRYPTED_OWN, export, with_warning

    page = export("html", melding, flow, profile, folder)
    if is_private(melding, flow):
        own = with_warning("html", page, UNENCRYPTED_OWN)
        return HandoffFile(own, False, (), "", melding.reference)
    sealed = sealed_file(melding, flow, profile, folder, page, secret=secret)
    if sealed is not None:
        return sealed
    if any(p.sleutel.strip() for p in profile.model.rollen.values()):
        raise HandoffError(EVERYONE_INVOLVED)
    suspects = _suspects(melding)
    return HandoffFile(
        with_warning("html", page, UNENCRYPTED),
        False,
        (),
        _joined(NOT_SEALED, give_directly(profile, suspects)),
        melding.reference,
        profile.report_contact(suspects).hand_to,
    )


def addition_file_name(reference: str, number: int) -> str:
    """The name of the file of a melding's n-th addition: only the reference, no content
    (`VZ-2026-7KQ4MXRT.aanvulling-1.veilig`)."""
    return f"{reference}.aanvulling-{number}{SUFFIX}"


def addition_page(payload: AdditionPayload) -> str:
    """The readable page of an addition (what `age -d` shows); user text is escaped."""
    from veilig_tui.deadlines import format_datum
    from veilig_tui.report.escape import plain

    made = payload.made
    when = f"{format_datum(made.date())}, {made:%H:%M}"
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Aanvulling bij melding {payload.kenmerk}</title>\n</head>\n<body>\n"
        f"<h1>Aanvulling bij melding {payload.kenmerk}</h1>\n"
        f"<p>Gemaakt: {when}</p>\n"
        f'<p style="white-space: pre-wrap">{html.escape(plain(payload.tekst))}</p>\n'
        "</body>\n</html>\n"
    )


def addition_file(
    melding: Melding, addition: Addition, secret: str, profile: Profile, flow: Flow
) -> HandoffFile:
    """An addition to a finished melding as its own hand-off file, signed with the
    melding's secret (see `secret_for`) and sealed for the same receivers as the melding
    (for a melding kept sealed: the receivers it was sealed for). Raises HandoffError
    (Dutch) for a zzp'er's own record, or when nobody who may receive it has a key."""
    if is_private(melding, flow):
        raise HandoffError(OWN_RECORD)
    if is_sealed(melding):
        kept = melding.content
        to = kept_recipients(melding)
        warning, hand_to = str(kept.get("waarschuwing") or ""), str(kept.get("geef_aan") or "")
    else:
        suspects = _suspects(melding)
        to = tuple(recipients(profile, suspects))
        warning = give_directly(profile, suspects)
        hand_to = profile.report_contact(suspects).hand_to
    if not to:
        raise HandoffError(NO_KEY_FOR_ADDITION)
    payload = addition_payload(melding.reference, addition, secret)
    return HandoffFile(
        seal(plaintext(addition_page(payload), payload), to).decode("ascii"),
        True,
        to,
        warning,
        melding.reference,
        hand_to,
    )


# -- a melding kept on the medewerker's computer only as its encrypted file --------------

SEALED_VERSION = 3
"""Content version of a melding kept sealed: no readable content at all."""


def is_sealed(melding: Melding) -> bool:
    """True for a melding kept only as its encrypted hand-off file."""
    return "versleuteld" in melding.content


def kept_sealed(melding: Melding, file: HandoffFile) -> dict[str, Any]:
    """What is stored of a finished melding once keys exist: the encrypted file and what
    the medewerker's computer needs without reading it (the outcome for the list, for
    whom it opens, whom to give it to). Nobody needs to read it back on that computer."""
    return {
        "versie": SEALED_VERSION,
        "flow_id": melding.content.get("flow_id"),
        "outcome": melding.content.get("outcome"),
        "versleuteld": file.text,
        "ontvangers": [{"rol": r.role, "naam": r.name, "sleutel": r.key} for r in file.to],
        "geef_aan": file.hand_to,
        "waarschuwing": file.warning,
    }


def kept_recipients(melding: Melding) -> tuple[Recipient, ...]:
    """The receivers a sealed melding was made for."""
    return tuple(
        Recipient(str(r["rol"]), str(r["naam"]), str(r["sleutel"]))
        for r in melding.content.get("ontvangers") or []
    )


def kept_file(melding: Melding) -> HandoffFile:
    """The encrypted file of a melding kept sealed, as it was made at finishing."""
    content = melding.content
    return HandoffFile(
        str(content["versleuteld"]),
        True,
        kept_recipients(melding),
        str(content.get("waarschuwing") or ""),
        melding.reference,
        str(content.get("geef_aan") or ""),
    )
