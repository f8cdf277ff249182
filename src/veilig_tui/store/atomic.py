"""Atomic private file writes, moving broken files aside, and a TinyDB storage on top."""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from veilig_tui.store.errors import StoreUnreadableError, StoreWriteError
from veilig_tui.store.paths import FILE_MODE

BROKEN_STAMP = "%Y%m%d-%H%M%S"
_TEMP_NAME = re.compile(r"\.(?P<target>.+)\.(?P<pid>\d+)\.(?P<token>[0-9a-f]{8})\.tmp")
_BROKEN_NAME = re.compile(r".+\.kapot-(?P<stamp>\d{8}-\d{6})(?:-\d+)?")
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_APPEND_FLAGS = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)

TinyData = dict[str, dict[str, Any]]


def is_temp_file(path: Path) -> bool:
    """True for the temp files that atomic_write creates (`.{name}.{pid}.{random}.tmp`)."""
    return _TEMP_NAME.fullmatch(path.name) is not None


def temp_files(directory: Path) -> list[Path]:
    """Temp files left in the directory; only stray ones when the store lock is held."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if is_temp_file(p))


def broken_copy_time(path: Path) -> datetime | None:
    """When a `.kapot-` copy was moved aside (from its name), or None for other files."""
    match = _BROKEN_NAME.fullmatch(path.name)
    if match is None:
        return None
    return datetime.strptime(match["stamp"], BROKEN_STAMP)


def fsync_dir(directory: Path) -> None:
    """Make a rename or unlink in the directory durable (no-op where unsupported)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file with data: temp file 0600, fsync, rename, fsync the directory."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, _OPEN_FLAGS, FILE_MODE)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, FILE_MODE)  # exactly 0600, whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


def append_lines(path: Path, lines: bytes, *, durable: bool = True) -> None:
    """Append complete lines (0600, O_APPEND); with `durable`, fsync them before returning.

    A killed writer may have left half a line at the end: the new lines then start on a
    line of their own, so readers can skip the broken one.
    """
    created = not path.exists()
    fd = os.open(path, _APPEND_FLAGS, FILE_MODE)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
        size = os.fstat(fd).st_size
        if size and hasattr(os, "pread") and os.pread(fd, 1, size - 1) != b"\n":
            lines = b"\n" + lines
        view = memoryview(lines)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    if created and durable:
        fsync_dir(path.parent)


def move_aside(path: Path, when: datetime) -> Path:
    """Keep a broken file byte-for-byte as `{name}.kapot-{stamp}` (0600); never overwrite one."""
    base = f"{path.name}.kapot-{when.strftime(BROKEN_STAMP)}"
    for attempt in range(1, 1000):
        target = path.with_name(base if attempt == 1 else f"{base}-{attempt}")
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system
            if target.exists():
                continue
            os.rename(path, target)
        else:
            os.unlink(path)
        os.chmod(target, FILE_MODE)
        fsync_dir(path.parent)
        return target
    raise StoreWriteError(path)


def _looks_like_tinydb(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    for table in data.values():
        if not isinstance(table, dict):
            return False
        if not all(isinstance(doc, dict) for doc in table.values()):
            return False
    return True


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes atomically and never overwrites a file it could not parse.

    A broken file is handed to `on_corrupt` (which moves it aside) and read as empty.
    With `on_corrupt=None` the storage is read-only and leaves broken files alone.
    """

    def __init__(self, path: Path, on_corrupt: Callable[[Path], None] | None = None) -> None:
        super().__init__()
        self._path = path
        self._on_corrupt = on_corrupt

    def read(self) -> TinyData | None:
        """Parsed content, or None for a missing, empty or broken file."""
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreUnreadableError(self._path) from error
        if not raw:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError:  # includes bad UTF-8 and bad JSON
            data = None
        if _looks_like_tinydb(data):
            return data  # type: ignore[no-any-return]
        if self._on_corrupt is not None:
            self._on_corrupt(self._path)
        return None

    def write(self, data: TinyData) -> None:
        """Serialise and replace the file atomically."""
        if self._on_corrupt is None:
            raise RuntimeError("this storage was opened read-only")
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write(self._path, payload)
        except OSError as error:
            raise StoreWriteError(self._path.parent, error) from error


@contextmanager
def open_db(path: Path, on_corrupt: Callable[[Path], None] | None) -> Iterator[TinyDB]:
    """A fresh TinyDB on the atomic storage; use it only while holding the store lock."""
    db = TinyDB(path, storage=AtomicJSONStorage, on_corrupt=on_corrupt)
    try:
        yield db
    finally:
        db.close()
