"""The local secret: 32 random bytes in the data folder, the key for each melding's secret.

Each melding's secret is HMAC-SHA256(local secret, reference). It travels inside the
encrypted hand-off file, and only whoever holds the local secret can make an addition
that the receiver accepts. The file is made on first need (0600, atomically), never
replaced and never removed by `veilig opschonen`.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from veilig_tui.store.errors import StoreError, StoreWriteError
from veilig_tui.store.locking import StoreLock
from veilig_tui.store.paths import Layout

SECRET_FILE = "geheim"
"""Name of the local secret in the data folder (64 hex digits and a newline)."""
_SIZE = 32


class SecretError(StoreError):
    """The local secret exists but cannot be read or is damaged; the message is Dutch."""


def local_secret(root: Path) -> bytes:
    """The data folder's local secret; made (0600) on first need, never replaced.

    Raises SecretError when the file exists but is damaged: a new secret would make the
    receiver refuse every later addition to a melding that was handed off before.
    """
    from veilig_tui.store.atomic import atomic_write

    path = root / SECRET_FILE
    with StoreLock(Layout(root).lock).held():
        if not path.exists():
            try:
                atomic_write(path, secrets.token_bytes(_SIZE).hex().encode("ascii") + b"\n")
            except OSError as exc:
                raise StoreWriteError(root, exc) from exc
        try:
            text = path.read_text(encoding="ascii").strip()
            value = bytes.fromhex(text)
        except (OSError, ValueError) as exc:  # includes bad ASCII
            raise SecretError(_damaged(path)) from exc
    if len(value) != _SIZE:
        raise SecretError(_damaged(path))
    return value


def _damaged(path: Path) -> str:
    return (
        f"Het bestand {path} is beschadigd. Veilig maakt geen nieuw: dan klopt een aanvulling "
        "op een eerdere melding niet meer. Vraag je ICT-afdeling om hulp."
    )
