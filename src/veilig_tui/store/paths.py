"""Where the data lives, and keeping it private (dir 0700, files 0600)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from veilig_tui.store import messages
from veilig_tui.store.errors import StoreLocationError, StorePermissionError

DATA_ENV = "VEILIG_DATA"
DIR_MODE = 0o700
FILE_MODE = 0o600
_DRAFT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def data_dir(explicit: Path | None, env: Mapping[str, str]) -> Path:
    """Pick the data directory: explicit path, then $VEILIG_DATA, then the user data dir."""
    if explicit is not None:
        return explicit.expanduser().absolute()
    from_env = env.get(DATA_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser().absolute()
    return Path(platformdirs.user_data_dir("veilig", appauthor=False))


def is_draft_id(text: str) -> bool:
    """True for ids (and references) that are safe as a file name: letters, digits, - and _."""
    return _DRAFT_ID.fullmatch(text) is not None


@dataclass(frozen=True)
class Layout:
    """Names of the files in a data directory."""

    root: Path

    @property
    def legacy_archive(self) -> Path:
        """The single archive file of earlier versions; migrated to `meldingen` on first use."""
        return self.root / "archief.json"

    @property
    def meldingen(self) -> Path:
        """Directory with one small file per finished melding, and their index."""
        return self.root / "meldingen"

    @property
    def melding_index(self) -> Path:
        """Append-only JSON lines that make listing cheap (no content)."""
        return self.meldingen / "index.jsonl"

    def melding(self, reference: str) -> Path:
        """File of one finished melding; rejects references that are not a plain file name."""
        if not is_draft_id(reference):
            raise ValueError(f"invalid reference: {reference!r}")
        return self.meldingen / f"{reference}.json"

    @property
    def audit(self) -> Path:
        """Append-only JSON lines without personal content."""
        return self.root / "audit.jsonl"

    @property
    def lock(self) -> Path:
        """Lock file shared by all processes using this directory."""
        return self.root / ".veilig.lock"

    @property
    def drafts(self) -> Path:
        """Directory with one small file per draft."""
        return self.root / "concepten"

    @property
    def subdirectories(self) -> tuple[Path, ...]:
        """The directories inside the data directory, all private."""
        return (self.drafts, self.meldingen)

    def draft(self, draft_id: str) -> Path:
        """File of one draft; rejects ids that are not a plain file name."""
        if not is_draft_id(draft_id):
            raise ValueError(f"invalid draft id: {draft_id!r}")
        return self.drafts / f"{draft_id}.json"


def ensure_private_dir(path: Path) -> list[str]:
    """Create the directory with mode 0700, or fix a wider mode; return Dutch notices."""
    if not path.exists():
        try:
            path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreLocationError(messages.cannot_create(path), path) from error
        _chmod(path, DIR_MODE)  # mkdir's mode is filtered by the umask
        return []
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise StoreLocationError(messages.not_a_directory(path), path)
    if stat.S_IMODE(info.st_mode) != DIR_MODE:
        too_open = bool(info.st_mode & 0o077)
        _chmod(path, DIR_MODE)
        if too_open:
            return [messages.dir_too_open(path)]
    return []


def fix_file_modes(directory: Path) -> list[str]:
    """Make every regular file in the directory 0600; return notices for ones others could read."""
    notices: list[str] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if not entry.is_file(follow_symlinks=False):
                continue
            mode = stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode)
            if mode != FILE_MODE:
                _chmod(Path(entry.path), FILE_MODE)
                if mode & 0o077:
                    notices.append(messages.file_too_open(Path(entry.path)))
    return notices


def secure_layout(layout: Layout) -> list[str]:
    """Create or fix the data and drafts directories and the modes of their files."""
    notices = ensure_private_dir(layout.root)
    for directory in layout.subdirectories:
        notices += ensure_private_dir(directory)
    for directory in (layout.root, *layout.subdirectories):
        notices += fix_file_modes(directory)
    return notices


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except PermissionError as error:
        raise StorePermissionError(path) from error
