"""Exceptions of the store; str(error) is a Dutch message for the user."""

from __future__ import annotations

import errno
from pathlib import Path

from veilig_tui.store import messages


class StoreError(Exception):
    """Base class: something went wrong with the stored data."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class StoreBusyError(StoreError):
    """Another process kept the store lock longer than the timeout."""

    def __init__(self, lock_path: Path) -> None:
        super().__init__(messages.busy(), lock_path)


class StoreUnreadableError(StoreError):
    """A data file exists but cannot be read; it was left untouched."""

    def __init__(self, path: Path) -> None:
        super().__init__(messages.unreadable(path), path)


class StoreWriteError(StoreError):
    """Saving failed (disk full, no rights); the old file is still intact."""

    def __init__(self, path: Path, error: OSError | None = None) -> None:
        super().__init__(messages.not_writable(path, _write_cause(error)), path)


def _write_cause(error: OSError | None) -> str:
    """The likely cause of a failed write, in Dutch, so the user tries the right fix."""
    code = error.errno if error is not None else None
    if code == errno.EROFS:
        return "Daar mag niets worden opgeslagen (alleen lezen)."
    if code in (errno.EACCES, errno.EPERM):
        return "Veilig mag daar niet schrijven."
    if code == errno.ENAMETOOLONG:
        return "De naam is te lang."
    return "Misschien is de schijf vol."


class StorePermissionError(StoreError):
    """A data file or directory cannot be made private."""

    def __init__(self, path: Path) -> None:
        super().__init__(messages.cannot_protect(path), path)


class UnknownReferenceError(StoreError):
    """No finished melding has the given reference."""

    def __init__(self, reference: str) -> None:
        super().__init__(messages.unknown_reference(reference))
        self.reference = reference


class StoreLocationError(StoreError):
    """The data directory cannot be used: it is not a directory or cannot be made."""


class InvalidDraftIdError(StoreError, ValueError):
    """A draft id that is not a plain file name (for example `../x`)."""

    def __init__(self, draft_id: str) -> None:
        super().__init__(messages.invalid_draft_id(draft_id))
        self.draft_id = draft_id


def location_error(path: Path, error: OSError) -> StoreLocationError:
    """The data folder cannot be used; the message names the real cause and its fix."""
    if error.errno == errno.EROFS:
        return StoreLocationError(messages.read_only(path), path)
    if error.errno == errno.ENAMETOOLONG:
        return StoreLocationError(messages.name_too_long(path), path)
    if error.errno in (errno.EACCES, errno.EPERM):
        return StoreLocationError(messages.no_access(path), path)
    if error.errno == errno.EISDIR:
        return StoreLocationError(messages.lock_not_a_file(Path(error.filename or path)), path)
    if error.errno == errno.ENOSPC:
        return StoreLocationError(messages.not_writable(path, "De schijf is vol."), path)
    return StoreLocationError(messages.cannot_create(path), path)
