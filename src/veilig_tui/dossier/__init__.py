"""The meldpunt's and casusverantwoordelijke's dossier of a received melding (no Textual).

- `model`: what a dossier holds (statuses, checklist items, IGJ duties, verbeterpunten);
- `steps`: the six steps of the Leidraad as checklists, from the seeds;
- `store`: one age-encrypted file per dossier, to the holder's own key, and an audit
  trail with ids only;
- `desk`: the use cases (list, open, record, deadlines, retention).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from veilig_tui.dossier.desk import DossierDesk, DutyView, Row, holder_in_profile
from veilig_tui.dossier.model import Dossier, Who
from veilig_tui.dossier.store import DossierError, read_holder, write_holder
from veilig_tui.org import ROLE_KEYS, Profile

__all__ = [
    "Dossier",
    "DossierDesk",
    "DossierError",
    "DutyView",
    "Row",
    "Who",
    "holder_for",
    "open_desk",
]

NO_HOLDER = (
    "veilig weet nog niet wie jij bent. Jouw sleutel staat niet bij een rol in het profiel. "
    "Zeg het één keer met: veilig dossier --naam NAAM --rol ROL "
    "(bijvoorbeeld --rol casusverantwoordelijke)."
)


def public_key_of(identities: list[Any]) -> str:
    """The public key of the first identity: dossiers are encrypted to it."""
    if not identities:
        raise DossierError("Er is geen sleutel geladen.")
    return str(identities[0].to_public())


def holder_for(root: Path, profile: Profile, public_key: str) -> Who:
    """Who the holder is: the profile's role with this key, else what was stored once."""
    found = holder_in_profile(profile, public_key) or read_holder(root)
    if found is None:
        raise DossierError(NO_HOLDER)
    return found


def set_holder(root: Path, name: str, role: str) -> Who:
    """Store the holder's name and role once (no case content)."""
    if role not in ROLE_KEYS:
        raise DossierError(f"Onbekende rol '{role}'. Bekende rollen: {', '.join(ROLE_KEYS)}.")
    if not name.strip():
        raise DossierError("Vul je naam in.")
    who = Who(rol=role, naam=" ".join(name.split()))
    write_holder(root, who)
    return who


def open_desk(root: Path, profile: Profile, identities: list[Any], **clock: Any) -> DossierDesk:
    """The holder's dossiers in this data folder (the identity is already unlocked)."""
    public = public_key_of(identities)
    return DossierDesk(
        root, profile, identities, public, holder_for(root, profile, public), **clock
    )
