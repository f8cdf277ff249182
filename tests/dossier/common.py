"""Shared helpers: an organisation whose casusverantwoordelijke has a key (no passphrase),
and received meldingen made directly as hand-off files (no dialogue: fast)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyrage import x25519

from veilig_tui.dossier import DossierDesk, open_desk
from veilig_tui.handoff import (
    FORMAT,
    VERSION,
    Payload,
    Recipient,
    facts_hash,
    keep,
    plaintext,
    seal,
)
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import default_folder
from veilig_tui.store.clock import FixedClock

MARKER = "Merkteken-DZ42 de collega sloeg de cliënt"
NOTE = "Notitie-DZ42 aangifte gedaan bij bureau Noord"
NOW = dt.datetime(2026, 4, 22, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
REFS = ("VZ-2026-7KQ4MXRT", "VZ-2026-2ABCDEFG", "VZ-2026-HJKMNPQR")


@dataclass
class Setup:
    root: Path
    profile: Profile
    identities: list[Any]
    public: str
    clock: FixedClock
    today: list[dt.date]

    def desk(self, profile: Profile | None = None) -> DossierDesk:
        return open_desk(
            self.root,
            profile or self.profile,
            self.identities,
            now=self.clock,
            today=lambda: self.today[0],
        )


def make_profile(
    tmp: Path, public: str, extra: str = "", more: dict[str, str] | None = None
) -> Profile:
    """The default profile with the casusverantwoordelijke's key, keys of `more` roles
    (role → public key) and any extra lines under `bewaren`."""
    text = (default_folder() / "profiel.yaml").read_text(encoding="utf-8")
    for role, key in {"casusverantwoordelijke": public, **(more or {})}.items():
        text = re.sub(
            rf"(\n  {role}:\n    naam: [^\n]*\n)", rf'\g<1>    sleutel: "{key}"\n', text, count=1
        )
    if extra:
        text = text.replace("  na_overdracht_dagen: 30\n", f"  na_overdracht_dagen: 30\n{extra}")
    org = tmp / "org"
    org.mkdir(parents=True, exist_ok=True)
    (org / "profiel.yaml").write_text(text, encoding="utf-8")
    return load_profile(org / "profiel.yaml")


def setup(tmp: Path, extra: str = "") -> Setup:
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    root = tmp / "data"
    root.mkdir(parents=True, mode=0o700)
    return Setup(
        root,
        make_profile(tmp, public, extra),
        [identity],
        public,
        FixedClock(NOW),
        [NOW.date()],
    )


def receive(
    s: Setup,
    reference: str = REFS[0],
    suspects: tuple[str, ...] = (),
    route: str = "meld_meldpunt",
    text: str = MARKER,
) -> None:
    """Keep a received melding in `ontvangen/`, as `veilig ontvang` does."""
    payload, data = sealed(s, reference, suspects, route, text)
    keep(s.root, data, payload, s.identities, NOW)


def sealed(
    s: Setup,
    reference: str = REFS[0],
    suspects: tuple[str, ...] = (),
    route: str = "meld_meldpunt",
    text: str = MARKER,
) -> tuple[Payload, bytes]:
    """A hand-off file of a melding for the holder of `s` (as a medewerker makes it)."""
    facts = {"wat_gebeurd": text, "client_kenmerk": "C-1042"}
    payload = Payload(
        formaat=FORMAT,
        versie=VERSION,
        soort="melding",
        kenmerk=reference,
        aangemaakt=NOW - dt.timedelta(days=1),
        afgerond=NOW - dt.timedelta(days=1),
        route=route,
        feiten=facts,
        inhoud={
            "facts": facts,
            "outcome": route,
            "suspect_roles": list(suspects),
            "lines": [{"node": "wat_gebeurd", "question": "Wat is er gebeurd?", "answer": text}],
        },
        aanvullingen=[],
        inhoud_hash=facts_hash(facts),
        geheim="0" * 64,
    )
    to = [Recipient("casusverantwoordelijke", "N. Perkgoz", s.public)]
    return payload, seal(plaintext("<html><body></body></html>", payload), to)
