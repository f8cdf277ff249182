"""What the app needs to know when it runs in a browser (`veilig web`).

Kept free of heavy imports: the terminal app imports it only for its type.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class WebMode:
    """The app runs for one browser session of `veilig web`."""

    inbox: Path
    """Where a finished melding is delivered, encrypted for the meldpunt."""
    end_url: str
    """The neutral page that 'Verbergen' leads to (it also ends the session)."""


def empty_folder(folder: Path) -> None:
    """Remove everything inside `folder`, keeping the folder itself."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
