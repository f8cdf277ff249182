"""Handing a dossier to another role holder: one holder per dossier at a time.

The dossier, its received melding and the verified additions go in one armored age file
for the new holder's key (from the profile; never someone involved in the case). The
sender's copy becomes read-only ('overgedragen aan … op …') and may then be deleted. The
new holder takes it over: the melding and additions are kept as received files again
(sealed to their own key; the additions' HMAC is checked as on `veilig ontvang`), the
dossier is stored encrypted to their key. Nothing decrypted is written on either side.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from veilig_tui.dossier.desk import DossierDesk
from veilig_tui.dossier.model import Dossier, Handover, Who
from veilig_tui.dossier.store import DossierError
from veilig_tui.org import ROLE_KEYS, standard_key

FORMAT: Literal["veilig-dossier-overdracht"] = "veilig-dossier-overdracht"
SUFFIX = ".dossier-overdracht"


class TransferPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    formaat: Literal["veilig-dossier-overdracht"]
    versie: int
    dossier: dict[str, Any]
    melding: dict[str, Any]
    aanvullingen: list[dict[str, Any]]


def targets(desk: DossierDesk, dossier: Dossier) -> list[tuple[str, Who, str]]:
    """Whom the dossier may go to: filled roles with a key, not involved in this case,
    not the holder's own key. (role key, who, public key)."""
    involved = desk.profile.involved(dossier.involved_roles)
    mine = standard_key(desk.store.public_key)
    found = []
    for key in ROLE_KEYS:
        role = desk.profile.role(key)
        public = standard_key(role.person.sleutel)
        if key in involved or not role.filled or not public or public == mine:
            continue
        found.append((key, Who(rol=key, naam=role.person.naam.strip()), public))
    return found


def _additions(desk: DossierDesk, reference: str) -> list[dict[str, Any]]:
    """The kept additions of the melding that open with the holder's key (checked again
    by the new holder against the melding's secret)."""
    from veilig_tui.handoff import AdditionPayload, HandoffError, open_file

    found = []
    for path in sorted((desk.root / "ontvangen").glob(f"{reference}.aanvulling-*.veilig")):
        try:
            opened = open_file(path.read_bytes(), desk.identities)
        except (HandoffError, OSError):
            continue
        if isinstance(opened, AdditionPayload):
            found.append(opened.model_dump(mode="json"))
    return found


def hand_over(
    desk: DossierDesk,
    reference: str,
    role: str,
    write: Callable[[bytes], None] | None = None,
) -> tuple[bytes, Who]:
    """The transfer file for the holder of `role`; once `write` (if given) has stored
    it, the sender's copy becomes read-only."""
    import pyrage
    from pyrage import x25519

    reference = reference.strip().upper()
    dossier = desk.get(reference)
    if dossier.read_only:
        raise DossierError("Dit dossier is al overgedragen. Je kunt het alleen lezen.")
    allowed = {key: (who, public) for key, who, public in targets(desk, dossier)}
    if role not in allowed:
        raise DossierError(
            f"Aan '{role}' kan dit dossier niet: die rol is niet ingevuld, heeft geen sleutel, "
            "is genoemd als betrokken, of ben jij zelf. Kies uit: "
            + (", ".join(allowed) or "niemand (vul eerst sleutels in het profiel in)")
            + "."
        )
    melding = desk.melding(reference)
    if melding is None:
        raise DossierError("De melding van dit dossier is niet op deze computer.")
    who, public = allowed[role]
    payload = TransferPayload(
        formaat=FORMAT,
        versie=1,
        dossier=dossier.model_dump(mode="json"),
        melding=melding.payload.model_dump(mode="json"),
        aanvullingen=_additions(desk, reference),
    )
    data: bytes = pyrage.encrypt(
        payload.model_dump_json().encode("utf-8"), [x25519.Recipient.from_str(public)], armored=True
    )

    if write is not None:
        write(data)

    def change(kept: Dossier) -> str:
        kept.overgedragen = Handover(aan=who, op=desk.now())
        return role

    desk.change(reference, "overgedragen", change)
    return data, who


def take_over(desk: DossierDesk, data: bytes) -> str:
    """Take over a dossier handed to this holder; returns its reference. Raises
    DossierError (Dutch) and stores nothing when the file is not for this key, changed,
    or a dossier with that reference is already here."""
    import pyrage

    from veilig_tui.handoff import (
        ARMOR,
        AdditionPayload,
        HandoffError,
        Payload,
        Recipient,
        addition_page,
        keep,
        plaintext,
        seal,
    )

    if not data.lstrip().startswith(ARMOR):
        raise DossierError("Dit is geen overdracht van een dossier van veilig.")
    try:
        plain: bytes = pyrage.decrypt(data, desk.identities)
        transfer = TransferPayload.model_validate(json.loads(plain))
        dossier = Dossier.model_validate(transfer.dossier)
        melding = Payload.model_validate(transfer.melding)
        additions = [AdditionPayload.model_validate(a) for a in transfer.aanvullingen]
    except (ValueError, ValidationError) as exc:
        raise DossierError("Dit is geen overdracht van een dossier van veilig.") from exc
    except Exception as exc:  # pyrage: one error type for a foreign key and a damaged file
        raise DossierError(
            "Dit bestand gaat niet open met jouw sleutel, of het is beschadigd."
        ) from exc
    if melding.kenmerk != dossier.kenmerk or any(a.kenmerk != dossier.kenmerk for a in additions):
        raise DossierError("Het dossier en de melding in dit bestand horen niet bij elkaar.")
    if desk.store.exists(dossier.kenmerk):
        raise DossierError(f"Er is hier al een dossier {dossier.kenmerk}. Er is niets veranderd.")
    me = [Recipient(desk.holder.rol, desk.holder.naam, desk.store.public_key)]
    now = desk.now()
    try:
        page = f"<html><body><p>Melding {melding.kenmerk}</p></body></html>"
        keep(desk.root, seal(plaintext(page, melding), me), melding, desk.identities, now)
        for addition in additions:
            sealed = seal(plaintext(addition_page(addition), addition), me)
            keep(desk.root, sealed, addition, desk.identities, now)
    except HandoffError as exc:
        raise DossierError(str(exc)) from exc
    dossier.overgedragen = None
    with desk.store.locked():
        desk.store.write(dossier)
        desk.store.log("overgenomen", dossier.kenmerk, desk.holder, now)
    return dossier.kenmerk


def delete_handed_over(desk: DossierDesk, reference: str) -> None:
    """Delete the sender's read-only copy (after the app asked), with the received files;
    the audit keeps a content-free trace."""
    reference = reference.strip().upper()
    if not desk.get(reference).read_only:
        raise DossierError("Alleen een overgedragen dossier kun je zo verwijderen.")
    desk.remove(reference)
