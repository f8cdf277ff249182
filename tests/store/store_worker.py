"""Child process for tests/store/test_store_processes.py; run as a script, never imported."""

from __future__ import annotations

import os
import signal
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from veilig_tui.store import Progress, Store
from veilig_tui.store.locking import StoreLock
from veilig_tui.store.paths import Layout

ANSWERS_PER_DRAFT = 6
KILL_ENV = "VEILIG_TEST_KILL_AT"
"""Names the stage of an atomic write at which this worker dies, like a power cut."""
STAGES = ("after-write", "after-fsync", "before-rename", "after-rename")


def install_kill_hook(stage: str) -> None:
    """Make the store's atomic writes die with SIGKILL at one stage.

    The store's module sees an `os` whose fsync of a file and whose replace kill the
    process just before or just after the real call; production code carries no hook.
    """
    from veilig_tui.store import atomic

    if stage not in STAGES:
        raise SystemExit(f"unknown stage {stage}")

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def around(real: Callable[..., Any], before: str, after: str, *, file_only: bool) -> Any:
        def call(*args: Any) -> Any:
            counts = not file_only or stat.S_ISREG(os.fstat(args[0]).st_mode)
            if counts and stage == before:
                die()
            result = real(*args)
            if counts and stage == after:
                die()
            return result

        return call

    hooked = SimpleNamespace(**vars(os))
    hooked.fsync = around(os.fsync, "after-write", "after-fsync", file_only=True)
    hooked.replace = around(os.replace, "before-rename", "after-rename", file_only=False)
    atomic.os = hooked  # type: ignore[attr-defined,assignment]


def acknowledge(ack_file: Path, line: str) -> None:
    """Record, durably, that a save has returned."""
    fd = os.open(ack_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def kill_loop(data: Path, ack_file: Path, run: str) -> None:
    """Type, answer and finish drafts forever; acknowledge each save after it returned.

    Acknowledgement lines: `typing <draft> <node> <text>`, `draft <draft> <node> <text>`
    (the answer just added) and `melding <draft> <reference>`.
    """
    store, _ = Store.open(data)
    for number in range(1_000_000):
        draft_id = f"{run}d{number}"
        answers: list[list[str]] = []
        for k in range(1, ANSWERS_PER_DRAFT + 1):
            node, text = f"vraag{k}", f"{draft_id}-antwoord-{k}"
            store.save_typing(draft_id, node, text[:-3])
            acknowledge(ack_file, f"typing {draft_id} {node} {text[:-3]}")
            answers.append([node, text])
            store.save_draft(draft_id, {"flow_id": "melden", "answers": answers}, Progress(k))
            acknowledge(ack_file, f"draft {draft_id} {node} {text}")
        melding = store.finish(draft_id, {"outcome": "test", "answers": answers})
        acknowledge(ack_file, f"melding {draft_id} {melding.reference}")


def save_once(data: Path, draft_id: str, answer: str) -> None:
    """Add one answer to an existing draft (used with the kill hook)."""
    store = Store(data)
    draft = store.load_draft(draft_id)
    assert draft is not None
    answers = [*draft.state["answers"], answer]
    store.save_draft(draft_id, {"answers": answers}, Progress(len(answers)))


def race(data: Path, start_file: Path, worker: str, count: int) -> None:
    """Wait for the start signal, then draft and finish `count` meldingen."""
    store = Store(data, lock_timeout=60)
    start_file.with_name(f"{start_file.name}.klaar{worker}").touch()
    while not start_file.exists():
        time.sleep(0.001)
    for number in range(count):
        draft_id = f"w{worker}n{number}"
        store.save_draft(draft_id, {"answers": [["wie", draft_id]]}, Progress(1))
        melding = store.finish(draft_id, {"outcome": "race", "marker": draft_id})
        print(melding.reference, draft_id, flush=True)


def hold_lock(data: Path) -> None:
    """Take the store lock and keep it until killed."""
    with StoreLock(Layout(data).lock).held():
        print("vast", flush=True)
        time.sleep(120)


def main(argv: list[str]) -> None:
    """Dispatch on the first argument."""
    if os.environ.get(KILL_ENV):
        install_kill_hook(os.environ[KILL_ENV])
    command, *rest = argv
    if command == "kill-loop":
        kill_loop(Path(rest[0]), Path(rest[1]), rest[2])
    elif command == "save-once":
        save_once(Path(rest[0]), rest[1], rest[2])
    elif command == "race":
        race(Path(rest[0]), Path(rest[1]), rest[2], int(rest[3]))
    elif command == "hold-lock":
        hold_lock(Path(rest[0]))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
