"""Attacks and faults against the real `veilig` process: a Dutch message, the right exit
code, never a traceback, and nothing outside the data folder changed.

Each test starts one process (about half a second); what needs no process is tested
in-process in test_cli.py, tests/store and test_plain_input.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.core.test_plain import FULL_REPORT

from veilig_tui.store import Progress, Store

COMMAND = [sys.executable, "-m", "veilig_tui.cli"]


@dataclass
class World:
    """A home folder with someone's own files, and a data folder inside it."""

    home: Path
    data: Path

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("VEILIG_")}
        return {**env, "VEILIG_DATA": str(self.data), "HOME": str(self.home), "LANG": "C.UTF-8"}

    def run(
        self, args: list[str], stdin: bytes = b"", command: list[str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*(command or []), *COMMAND, *args],
            input=stdin,
            capture_output=True,
            env=self.env(),
            cwd=self.home,
            timeout=60,
        )
        return subprocess.CompletedProcess(
            result.args,
            result.returncode,
            result.stdout.decode("utf-8", "replace"),
            result.stderr.decode("utf-8", "replace"),
        )

    def outside(self) -> dict[str, bytes | None]:
        """Every entry outside the data folder with its content."""
        return {
            str(path): path.read_bytes() if path.is_file() else None
            for path in sorted(self.home.rglob("*"))
            if not path.is_relative_to(self.data)
        }


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    home = tmp_path / "thuis"
    home.mkdir()
    (home / "brief.txt").write_text("Beste buurvrouw, ...", encoding="utf-8")
    (home / "x.json").write_text('{"van": "iemand anders"}', encoding="utf-8")
    found = World(home, home / "veilig-data")
    before = found.outside()
    yield found
    assert found.outside() == before, "a file outside the data folder changed"


def refused(result: subprocess.CompletedProcess[str], code: int, dutch: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert dutch in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Error" not in result.stderr  # no Python exception name leaks out


def test_schema_invalid_draft_is_moved_aside_and_the_rest_works(world: World) -> None:
    store, _ = Store.open(world.data)
    store.save_draft("goed", {}, Progress(2))
    (world.data / "concepten" / "slecht.json").write_text('{"concept":{"1":{"state":{}}}}')
    result = world.run(["concepten"])
    refused(result, 0, "Het bestand is kapot. Er is niets weggegooid")
    assert "goed" in result.stdout
    assert [p.name for p in (world.data / "concepten").glob("slecht.json.kapot-*")]


def test_lock_that_is_a_folder(world: World) -> None:
    Store.open(world.data)
    (world.data / ".veilig.lock").unlink()
    (world.data / ".veilig.lock").mkdir()
    refused(world.run(["lijst"]), 2, "hoort een gewoon bestand te zijn, maar het is een map")


def test_foreign_data_folder_is_refused(world: World) -> None:
    refused(world.run(["--data", str(world.home), "lijst"]), 2, "geen map van veilig")
    refused(world.run(["lijst", "--data", ""]), 2, "geen map van veilig")
    assert not world.data.exists()


@pytest.mark.parametrize(
    "args", [["concepten", "--verwijder", "../x"], ["--eenvoudig", "--concept", "../../x"]]
)
def test_path_traversal_in_a_draft_id(world: World, args: list[str]) -> None:
    refused(world.run(args), 2, "Er is geen concept")


def test_invalid_utf8_in_plain_mode_keeps_the_answer(world: World) -> None:
    lines = [line.encode() for line in FULL_REPORT]
    lines[2] = b"Collega A. schold Zo\xeb uit."  # a Latin-1 e-trema
    result = world.run(["--eenvoudig"], b"\n".join(lines) + b"\n")
    refused(result, 0, "een paar tekens konden niet worden gelezen")
    assert "Collega A. schold Zo\ufffd uit." in result.stdout
    assert "Kenmerk: VZ-" in result.stdout


def test_ctrl_d_in_plain_mode(world: World) -> None:
    result = world.run(["--eenvoudig"], "\n".join(FULL_REPORT[:4]).encode() + b"\n")
    refused(result, 1, "Gestopt. Je antwoorden zijn bewaard als onafgemaakte melding.")


def test_ctrl_c_in_plain_mode(world: World) -> None:
    process = subprocess.Popen(
        [*COMMAND, "--eenvoudig"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=world.env(),
        cwd=world.home,
        # a runner may start jobs with Ctrl+C ignored, and the child would inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdin is not None and process.stdout is not None
    seen = bytearray()

    def read() -> None:
        assert process.stdout is not None
        while chunk := os.read(process.stdout.fileno(), 4096):
            seen.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    process.stdin.write("\n".join(FULL_REPORT[:4]).encode() + b"\n")
    process.stdin.flush()
    deadline = time.monotonic() + 30
    while b"Vraag 5" not in seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert b"Vraag 5" in seen, bytes(seen)
    process.send_signal(signal.SIGINT)  # what Ctrl+C sends
    process.wait(timeout=30)
    reader.join(timeout=5)
    assert process.stderr is not None
    error = process.stderr.read().decode()
    process.stdin.close()
    process.stderr.close()
    process.stdout.close()
    result = subprocess.CompletedProcess(process.args, process.returncode, seen.decode(), error)
    refused(result, 1, "Gestopt. Je antwoorden zijn bewaard als onafgemaakte melding.")


def read_only_mount() -> list[str] | None:
    """A command prefix that runs veilig with the data folder mounted read-only, or None."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return None
    probe = subprocess.run(
        ["unshare", "-Urm", "true"], capture_output=True, timeout=10, check=False
    )
    return ["unshare", "-Urm", "sh", "-c"] if probe.returncode == 0 else None


def test_read_only_data_folder(world: World) -> None:
    prefix = read_only_mount()
    if prefix is None:
        pytest.skip("this system does not allow a private read-only mount (unshare -Urm)")
    store, _ = Store.open(world.data)
    store.save_draft("bewaard", {}, Progress(1))
    before = {p: p.read_bytes() for p in world.data.rglob("*") if p.is_file()}
    data = str(world.data)
    script = (
        f'mount --bind "{data}" "{data}" && mount -o remount,bind,ro "{data}" && exec "$0" "$@"'
    )
    result = world.run(["--eenvoudig"], b"3\n", command=[*prefix, script])
    if "mount:" in result.stderr:
        pytest.skip(f"mounting was refused here: {result.stderr.strip()}")
    refused(result, 2, "alleen lezen")
    assert "--data" in result.stderr
    assert {p: p.read_bytes() for p in world.data.rglob("*") if p.is_file()} == before
