"""Dossiers on disk: one age-encrypted file per dossier, to the holder's own key.

- `dossiers/<kenmerk>.dossier`: the dossier as JSON, encrypted (age, X25519) to the
  holder's public key. Writing needs only the public key; reading needs the identity.
  Nothing decrypted is ever written; there is no plaintext index.
- `dossiers/audit.jsonl`: who did what, when, to which dossier and item id; never a text.
- `dossiers/houder.json`: the holder's name and role, stored once (no case content).

Every operation holds the data folder's store lock; writes are atomic and private (0600).
Opening or changing one dossier touches one file, whatever the number of dossiers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from veilig_tui.dossier.model import Dossier, Who

FOLDER = "dossiers"
SUFFIX = ".dossier"
AUDIT = "audit.jsonl"
HOLDER = "houder.json"
_REFERENCE = re.compile(r"^VZ-\d{4}-[23456789A-HJKMNP-Z]{8}$")


class DossierError(Exception):
    """A dossier that cannot be opened or stored; the message is Dutch and says why."""


def is_reference(text: str) -> bool:
    return _REFERENCE.fullmatch(text) is not None


class DossierStore:
    """The dossiers of one data folder, encrypted to `public_key`, read with `identities`."""

    def __init__(self, root: Path, public_key: str, identities: list[Any]) -> None:
        self.root = root
        self.folder = root / FOLDER
        self.public_key = public_key
        self._identities = identities
        self._cache: dict[str, tuple[tuple[int, int, int], Dossier]] = {}
        """Dossiers decrypted before in this session, in memory only, by file stamp
        (inode, mtime, size): the list decrypts only what changed. Emptied by the idle lock."""

    def use_identities(self, identities: list[Any]) -> None:
        """Forget the identities (an empty list: the idle lock) or take them (unlocked)."""
        self._identities = identities
        self._cache.clear()

    # -- files ---------------------------------------------------------------------
    def path(self, reference: str) -> Path:
        if not is_reference(reference):
            raise DossierError(f"'{reference}' is geen kenmerk van veilig.")
        return self.folder / f"{reference}{SUFFIX}"

    @contextmanager
    def locked(self) -> Iterator[None]:
        from veilig_tui.store.locking import StoreLock
        from veilig_tui.store.paths import Layout

        with StoreLock(Layout(self.root).lock).held():
            yield

    def references(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(
            p.name[: -len(SUFFIX)]
            for p in self.folder.iterdir()
            if p.name.endswith(SUFFIX) and is_reference(p.name[: -len(SUFFIX)])
        )

    def exists(self, reference: str) -> bool:
        return self.path(reference).is_file()

    def seal(self, dossier: Dossier, to: list[str] | None = None) -> bytes:
        """The dossier encrypted to the holder (or to the given public keys)."""
        import pyrage
        from pyrage import x25519

        keys = [x25519.Recipient.from_str(k) for k in (to or [self.public_key])]
        data: bytes = pyrage.encrypt(dossier.model_dump_json().encode("utf-8"), keys)
        return data

    def unseal(self, data: bytes) -> Dossier:
        import pyrage

        try:
            plain: bytes = pyrage.decrypt(data, self._identities)
        except Exception as exc:  # pyrage raises one error type for every failure
            text = str(exc).lower()
            if "no matching keys" in text or "no identity matched" in text:
                raise DossierError(
                    "Dit dossier gaat niet open met jouw sleutel. Het is van iemand anders."
                ) from exc
            raise DossierError("Dit dossier is beschadigd. Er is niets veranderd.") from exc
        try:
            return Dossier.model_validate_json(plain)
        except ValidationError as exc:
            raise DossierError(
                "Dit dossier is gemaakt met een andere versie van veilig, of is beschadigd."
            ) from exc

    def read(self, reference: str, *, copy: bool = True) -> Dossier:
        """One dossier, decrypted in memory (the caller holds the lock). A copy, that the
        caller may change (`copy=False`: the kept one, only to look at)."""
        path = self.path(reference)
        try:
            info = path.stat()
            stamp = (info.st_ino, info.st_mtime_ns, info.st_size)
            cached = self._cache.get(reference)
            if cached is not None and cached[0] == stamp and self._identities:
                return cached[1].model_copy(deep=True) if copy else cached[1]
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise DossierError(f"Er is geen dossier {reference} op deze computer.") from exc
        except OSError as exc:
            raise DossierError(f"Het dossier {reference} kan niet worden gelezen.") from exc
        dossier = self.unseal(data)
        self._cache[reference] = (stamp, dossier.model_copy(deep=True) if copy else dossier)
        return dossier

    def write(self, dossier: Dossier) -> None:
        """Replace the dossier's file atomically (the caller holds the lock)."""
        from veilig_tui.store.atomic import atomic_write
        from veilig_tui.store.paths import ensure_private_dir

        ensure_private_dir(self.folder)
        atomic_write(self.path(dossier.kenmerk), self.seal(dossier))

    def delete(self, reference: str) -> None:
        from veilig_tui.store.atomic import fsync_dir

        self._cache.pop(reference, None)
        self.path(reference).unlink(missing_ok=True)
        fsync_dir(self.folder)

    def all(self) -> list[tuple[str, Dossier | DossierError]]:
        """Every dossier, decrypted in memory; one that does not open is returned as its error."""
        found: list[tuple[str, Dossier | DossierError]] = []
        for reference in self.references():
            try:
                found.append((reference, self.read(reference, copy=False)))
            except DossierError as exc:
                found.append((reference, exc))
        return found

    # -- audit ---------------------------------------------------------------------
    def log(
        self, event: str, reference: str, who: Who, now: datetime, item: str | None = None
    ) -> None:
        """One audit line: when, what, which dossier and item id, by whom. Never a text."""
        from veilig_tui.store.atomic import append_lines
        from veilig_tui.store.paths import ensure_private_dir

        record: dict[str, str] = {
            "tijd": now.isoformat(timespec="seconds"),
            "gebeurtenis": event,
            "kenmerk": reference,
            "door": who.naam,
            "rol": who.rol,
        }
        if item is not None:
            record["item"] = item
        ensure_private_dir(self.folder)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        append_lines(self.folder / AUDIT, line.encode("utf-8"))

    def audit(self) -> list[dict[str, str]]:
        try:
            raw = (self.folder / AUDIT).read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        lines = []
        for line in raw.splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                lines.append({str(k): str(v) for k, v in entry.items()})
        return lines


def read_holder(root: Path) -> Who | None:
    """The holder's name and role as stored once with the identity, if any."""
    try:
        raw = json.loads((root / FOLDER / HOLDER).read_text(encoding="utf-8"))
        return Who(rol=str(raw["rol"]), naam=str(raw["naam"]))
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None


def write_holder(root: Path, who: Who) -> None:
    from veilig_tui.store.atomic import atomic_write
    from veilig_tui.store.paths import ensure_private_dir

    ensure_private_dir(root / FOLDER)
    text = json.dumps({"naam": who.naam, "rol": who.rol}, ensure_ascii=False) + "\n"
    atomic_write(root / FOLDER / HOLDER, text.encode("utf-8"))
