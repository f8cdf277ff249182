"""Where the data lives, which folder is ours, and keeping it private (dir 0700, files 0600)."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from veilig_tui.store import messages
from veilig_tui.store.errors import (
    InvalidDraftIdError,
    StoreLocationError,
    StorePermissionError,
    location_error,
)

DATA_ENV = "VEILIG_DATA"
DIR_MODE = 0o700
FILE_MODE = 0o600
MARKER_FORMAT = 1
"""Format version of the data folder, written in its marker file."""
_DRAFT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: Leftovers of this app's own files: temp files of an atomic write, moved-aside copies.
_LEFTOVER = re.compile(
    r"\.?(?P<name>[^/]+?)(?:\.\d+\.[0-9a-f]{8}\.tmp|\.kapot-\d{8}-\d{6}(?:-\d+)?)"
)


def data_dir(explicit: Path | None, env: Mapping[str, str]) -> Path:
    """Pick the data directory: explicit path, then $VEILIG_DATA, then the user data dir."""
    if explicit is not None:  # --data "" is the current folder: refused unless it is ours
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
    def marker(self) -> Path:
        """Small file that marks the folder as a veilig data folder, with a format version."""
        return self.root / ".veilig-data"

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
            raise InvalidDraftIdError(draft_id)
        return self.drafts / f"{draft_id}.json"

    def own_names(self) -> set[str]:
        """Names this app puts directly in the data folder."""
        paths = (
            self.marker,
            self.legacy_archive,
            self.meldingen,
            self.audit,
            self.lock,
            self.drafts,
            self.root / "ontvangen",
            self.root / "dossiers",
            self.root / "sleutel.age",
            self.root / "sleutel.pub",
            self.root / "geheim",
        )
        return {path.name for path in paths}

    def is_own(self, name: str) -> bool:
        """True for a file this app made in the data folder (or left behind while making it)."""
        if name in self.own_names():
            return True
        leftover = _LEFTOVER.fullmatch(name)
        return leftover is not None and leftover["name"] in self.own_names()


def claim_data_dir(layout: Layout) -> list[str]:
    """Make sure the data folder is ours before anything is written to it.

    Missing: created (with any missing parents, all 0700). Empty, or holding only this
    app's files: adopted and marked. Anything else is someone else's folder: refused,
    without changing anything in it.
    """
    root = layout.root
    try:
        if not root.exists():
            _make_dirs(root)
            _write_marker(layout)
            return []
        if not root.is_dir():
            raise StoreLocationError(messages.not_a_directory(root), root)
        if layout.marker.is_file():
            _check_marker(layout)
        else:
            names = os.listdir(root)
            if not all(layout.is_own(name) for name in names):
                raise StoreLocationError(messages.foreign_dir(root), root)
            notices = ensure_private_dir(root)
            _write_marker(layout)
            return notices
        lock = layout.lock
        if lock.exists() and not lock.is_file():
            raise StoreLocationError(messages.lock_not_a_file(lock), lock)
        return ensure_private_dir(root)
    except OSError as error:
        raise location_error(root, error) from error


def _make_dirs(path: Path) -> None:
    """mkdir -p, with every folder it creates 0700 whatever the umask."""
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE)
        _chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask


def _write_marker(layout: Layout) -> None:
    text = json.dumps({"app": "veilig", "format": MARKER_FORMAT}) + "\n"
    fd = os.open(layout.marker, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, text.encode("ascii"))
    finally:
        os.close(fd)
    _chmod(layout.marker, FILE_MODE)


def _check_marker(layout: Layout) -> None:
    """Refuse a data folder written by a newer version of veilig."""
    try:
        content = json.loads(layout.marker.read_text(encoding="utf-8"))
    except ValueError:
        return  # a damaged marker still marks the folder as ours
    version = content.get("format") if isinstance(content, dict) else None
    if isinstance(version, int) and version > MARKER_FORMAT:
        raise StoreLocationError(messages.newer_format(layout.root), layout.root)


def ensure_private_dir(path: Path) -> list[str]:
    """Create the directory with mode 0700, or fix a wider mode; return Dutch notices."""
    if not path.exists():
        try:
            _make_dirs(path)
        except OSError as error:
            raise location_error(path, error) from error
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


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except PermissionError as error:
        raise StorePermissionError(path) from error
    except OSError as error:  # a read-only file system, for example
        raise location_error(path, error) from error
