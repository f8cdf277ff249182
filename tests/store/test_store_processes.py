"""Killed, competing and blocking processes: nothing acknowledged is lost, nothing hangs."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from veilig_tui.store import Melding, Progress, Store, StoreBusyError
from veilig_tui.store.atomic import temp_files

WORKER = Path(__file__).with_name("store_worker.py")
KILLS = 30
SEED = 20260302
RACERS = 4
PER_RACER = 200


def _start_worker(*args: str, kill_at: str | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "VEILIG_TEST_KILL_AT"}
    if kill_at is not None:
        env["VEILIG_TEST_KILL_AT"] = kill_at
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _open(data: Path, lock_timeout: float = 10.0) -> Store:
    store, report = Store.open(data, lock_timeout=lock_timeout)
    assert report.notices == ()
    return store


# Random kills


@dataclass
class Acked:
    """What the writer had acknowledged for one draft."""

    answers: list[list[str]] = field(default_factory=list)
    typed: list[str] | None = None
    reference: str | None = None


def _read_acks(ack_file: Path) -> dict[str, Acked]:
    acked: dict[str, Acked] = defaultdict(Acked)
    complete_lines = ack_file.read_text().split("\n")[:-1]  # a line without \n was cut off
    for line in complete_lines:
        kind, draft_id, *rest = line.split()
        if kind == "typing":
            acked[draft_id].typed = rest
        elif kind == "draft":
            acked[draft_id].answers.append(rest)
        else:
            acked[draft_id].reference = rest[0]
    return acked


def _archived_by_draft(store: Store) -> dict[str, Melding]:
    found: dict[str, Melding] = {}
    for summary in store.list_meldingen():
        melding = store.get(summary.reference)
        assert melding is not None
        found[melding.draft_id] = melding
    return found


def _check_nothing_acknowledged_is_lost(store: Store, ack_file: Path) -> None:
    archived: dict[str, Melding] | None = None
    for draft_id, acked in _read_acks(ack_file).items():
        if acked.reference is not None:
            melding = store.get(acked.reference)
            assert melding is not None, f"finished melding {acked.reference} is gone"
            assert melding.content["answers"] == acked.answers
            continue
        draft = store.load_draft(draft_id)
        if draft is None:  # finish had completed; only its acknowledgement was cut off
            archived = archived if archived is not None else _archived_by_draft(store)
            assert draft_id in archived, f"draft {draft_id} vanished"
            answers, typing = archived[draft_id].content["answers"], None
        else:
            answers, typing = draft.state.get("answers", []), draft.typing
        assert answers[: len(acked.answers)] == acked.answers
        if acked.typed is not None and acked.typed[0] not in {node for node, _ in answers}:
            assert typing is not None, f"half-typed text of {draft_id} is lost"
            assert [typing.node_id, typing.text] == acked.typed


def _wait_for_new_ack(ack_file: Path, lines_before: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if ack_file.exists() and ack_file.read_text().count("\n") > lines_before:
            return
        time.sleep(0.002)
    raise AssertionError("the writer never saved anything")


def test_random_kills_interrupt_writes_but_lose_no_acknowledged_answer(tmp_path: Path) -> None:
    data, ack_file = tmp_path / "data", tmp_path / "acks.txt"
    ack_file.touch()
    rng = random.Random(SEED)
    removed_total = 0
    for run in range(KILLS):
        lines_before = ack_file.read_text().count("\n")
        writer = _start_worker("kill-loop", str(data), str(ack_file), f"r{run}")
        _wait_for_new_ack(ack_file, lines_before)
        time.sleep(rng.uniform(0, 0.03))
        writer.send_signal(signal.SIGKILL)
        _, errors = writer.communicate()
        assert writer.returncode == -signal.SIGKILL, errors

        store, report = Store.open(data)
        assert report.notices == ()  # nothing was broken, nothing moved aside
        removed_total += report.temp_files_removed
        _check_nothing_acknowledged_is_lost(store, ack_file)
    # Proof that kills landed inside writes: their temp files were found and cleaned.
    assert removed_total > 0


# Deterministic kills inside one save


@pytest.mark.parametrize(
    ("stage", "new_answer_kept"),
    [
        ("after-write", False),
        ("after-fsync", False),
        ("before-rename", False),
        ("after-rename", True),
    ],
)
def test_kill_at_each_step_of_a_save_keeps_old_or_new_draft(
    tmp_path: Path, stage: str, new_answer_kept: bool
) -> None:
    data = tmp_path / "data"
    _open(data).save_draft("d1", {"answers": ["eerste"]}, Progress(1))

    writer = _start_worker("save-once", str(data), "d1", "tweede", kill_at=stage)
    _, errors = writer.communicate()
    assert writer.returncode == -signal.SIGKILL, errors
    leftovers = temp_files(data / "concepten")
    assert len(leftovers) == (0 if new_answer_kept else 1)

    store, report = Store.open(data)
    assert report.temp_files_removed == len(leftovers)
    assert temp_files(data / "concepten") == []
    draft = store.load_draft("d1")
    assert draft is not None
    assert draft.state["answers"] == (["eerste", "tweede"] if new_answer_kept else ["eerste"])


# Several windows at once


def test_four_processes_finishing_at_once_lose_nothing(tmp_path: Path) -> None:
    data, start = tmp_path / "data", tmp_path / "start"
    reader = _open(data)
    racers = [
        _start_worker("race", str(data), str(start), str(n), str(PER_RACER)) for n in range(RACERS)
    ]
    deadline = time.monotonic() + 30
    while len(list(tmp_path.glob("start.klaar*"))) < RACERS:  # barrier: all are waiting
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.005)
    start.touch()

    reads, seen = 0, 0
    while any(racer.poll() is None for racer in racers):
        count = len(reader.list_meldingen())
        assert count >= seen, "a finished melding disappeared while others were saving"
        seen = count
        reader.list_drafts()
        reads += 1
        # Pace the reader like a window refreshing its list: a process that takes the lock
        # again the moment it let go would starve the writers, which poll for it.
        time.sleep(0.01)

    reported: dict[str, str] = {}
    for racer in racers:
        output, errors = racer.communicate()
        assert racer.returncode == 0, errors
        for line in output.splitlines():
            reference, draft_id = line.split()
            reported[reference] = draft_id
    assert reads > 5, "the reader did not run alongside the writers"

    listed = reader.list_meldingen()
    assert len(listed) == RACERS * PER_RACER
    assert len({summary.reference for summary in listed}) == RACERS * PER_RACER
    assert set(reported) == {summary.reference for summary in listed}
    for reference, draft_id in reported.items():
        melding = reader.get(reference)
        assert melding is not None
        assert melding.content["marker"] == draft_id
    assert reader.list_drafts() == []
    finished = [event for event in reader.audit_events() if event.event == "finished"]
    assert len(finished) == RACERS * PER_RACER


# A window that keeps the lock


def test_lock_held_too_long_gives_a_dutch_message_quickly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data, lock_timeout=0.3)
    holder = _start_worker("hold-lock", str(data))
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "vast"
        started = time.monotonic()
        with pytest.raises(StoreBusyError) as raised:
            store.save_draft("d1", {"answers": []}, Progress(0))
        assert time.monotonic() - started < 2
        assert "Een ander venster van veilig is nog bezig met opslaan." in str(raised.value)
    finally:
        holder.kill()
        holder.communicate()

    store.save_draft("d1", {"answers": []}, Progress(0))
    assert [draft.draft_id for draft in store.list_drafts()] == ["d1"]
