"""The archive: one file per melding, an index that may break without harm, migration."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

from tests.store.common import START
from tests.store.common import open_clean as _open
from veilig_tui.store import FixedClock, Progress, Store, build_record

REFERENCES = ("VZ-2026-AAAAAAAA", "VZ-2026-BBBBBBBB", "VZ-2026-CCCCCCCC")


def _finish(store: Store, draft_id: str, outcome: str = "intern") -> str:
    store.save_draft(draft_id, {"answers": [["wat", draft_id]]}, Progress(1))
    return store.finish(draft_id, {"outcome": outcome, "answers": [["wat", draft_id]]}).reference


def _files(directory: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file with its inode, change time and bytes: what a rewrite would change."""
    return {
        path.name: (path.stat().st_ino, path.stat().st_mtime_ns, path.read_bytes())
        for path in directory.iterdir()
        if path.name.endswith(".json")
    }


def test_a_change_writes_only_the_file_of_that_melding(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data)
    first = _finish(store, "d1")
    before = _files(data / "meldingen")

    second = _finish(store, "d2")
    store.mark_handed_over(second, "meldpunt")
    store.add_addition(second, "later nog dit")

    after = _files(data / "meldingen")
    assert after[f"{first}.json"] == before[f"{first}.json"]
    assert set(after) == {f"{first}.json", f"{second}.json"}
    assert list(data.glob("archief.json*")) == []


def test_the_index_is_only_a_help_the_files_decide(tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FixedClock(START)
    store = _open(data, clock)
    first = _finish(store, "d1", "Veilig Thuis")
    clock.advance(days=1)
    second = _finish(store, "d2", "politie")
    index = data / "meldingen" / "index.jsonl"
    stale = index.read_bytes()
    store.mark_handed_over(first, "meldpunt")
    expected = store.list_meldingen()
    assert [(m.reference, m.status, m.outcome) for m in expected] == [
        (second, "afgerond", "politie"),
        (first, "overgedragen", "Veilig Thuis"),
    ]

    # A kill between writing a melding and its index line: the line is missing.
    index.write_bytes(stale)
    assert Store(data).list_meldingen() == expected
    # Half a line, garbage, no index at all: the list stays right.
    index.write_bytes(stale + b'{"reference": "VZ-2026-HALF')
    assert Store(data).list_meldingen() == expected
    index.write_bytes(b"\x00geen json\n[1, 2]\n")
    assert Store(data).list_meldingen() == expected
    index.unlink()
    assert Store(data).list_meldingen() == expected
    # Listing repaired the index: it now describes every file as it is.
    lines = [json.loads(line) for line in index.read_text().splitlines()]
    assert {(line["reference"], line["status"]) for line in lines} == {
        (first, "overgedragen"),
        (second, "afgerond"),
    }
    assert all("answers" not in line and "handed_over_to" not in line for line in lines)


def test_a_deleted_melding_leaves_only_its_audit_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data)
    gone, kept = _finish(store, "d1"), _finish(store, "d2")

    store.delete(gone)

    assert [m.reference for m in store.list_meldingen()] == [kept]
    assert store.get(gone) is None
    for path in data.rglob("*"):
        if path.is_file() and path.name != "audit.jsonl":
            assert gone.encode() not in path.read_bytes(), path
    assert [e.event for e in store.audit_events() if e.reference == gone] == [
        "finished",
        "deleted",
    ]


def _legacy_archive(data: Path, records: list[dict[str, object]]) -> Path:
    data.mkdir(mode=0o700, parents=True)
    legacy = data / "archief.json"
    tables = {"meldingen": {str(n): record for n, record in enumerate(records, 1)}}
    legacy.write_text(json.dumps(tables), encoding="utf-8")
    legacy.chmod(0o600)
    return legacy


def _old_record(reference: str, number: int) -> dict[str, object]:
    finished = START - timedelta(days=number)
    return build_record(
        reference, f"oud{number}", finished, finished, {"outcome": "intern", "nummer": number}
    )


def test_an_old_single_archive_file_is_migrated_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    records = [_old_record(reference, n) for n, reference in enumerate(REFERENCES)]
    records[1] |= {"status": "overgedragen", "handed_over_to": "meldpunt"}
    records[1]["handed_over_at"] = records[1]["finished"]
    legacy = _legacy_archive(data, records)

    store = _open(data)

    assert not legacy.exists()
    assert [(m.reference, m.status) for m in store.list_meldingen()] == [
        (REFERENCES[0], "afgerond"),
        (REFERENCES[1], "overgedragen"),
        (REFERENCES[2], "afgerond"),
    ]
    for number, reference in enumerate(REFERENCES):
        melding = store.get(reference)
        assert melding is not None and melding.content["nummer"] == number
        assert melding.draft_id == f"oud{number}"
        assert (data / "meldingen" / f"{reference}.json").stat().st_mode & 0o777 == 0o600
    new = _finish(store, "nieuw")
    assert new not in REFERENCES and len(store.list_meldingen()) == 4


def test_a_migration_cut_short_goes_on_and_never_overwrites(tmp_path: Path) -> None:
    data = tmp_path / "data"
    legacy = _legacy_archive(data, [_old_record(ref, n) for n, ref in enumerate(REFERENCES)])
    # As if a first migration wrote one file, the user handed it over, and the old file
    # was still there (a kill before it was removed).
    saved = legacy.read_bytes()
    store = _open(data)
    store.mark_handed_over(REFERENCES[0], "meldpunt")
    (data / "meldingen" / f"{REFERENCES[1]}.json").unlink()
    legacy.write_bytes(saved)
    legacy.chmod(0o600)

    store = _open(data)

    assert not legacy.exists()
    statuses = {m.reference: m.status for m in store.list_meldingen()}
    assert statuses == {
        REFERENCES[0]: "overgedragen",
        REFERENCES[1]: "afgerond",
        REFERENCES[2]: "afgerond",
    }


def test_an_old_record_that_cannot_be_a_file_name_keeps_the_old_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    odd = _old_record("../VZ-2026-WEG", 7)
    legacy = _legacy_archive(data, [_old_record(REFERENCES[0], 0), odd])

    store, report = Store.open(data, clock=FixedClock(START))

    (kept,) = report.moved_aside
    assert kept.name.startswith("archief.json.kapot-") and not legacy.exists()
    assert json.loads(kept.read_text())["meldingen"]["2"]["reference"] == "../VZ-2026-WEG"
    (notice,) = report.notices
    assert str(kept) in notice
    assert [m.reference for m in store.list_meldingen()] == [REFERENCES[0]]
    assert not (data.parent / "VZ-2026-WEG.json").exists()
    assert sorted(os.listdir(data / "meldingen")) == [f"{REFERENCES[0]}.json", "index.jsonl"]


def test_the_index_stays_about_one_line_per_melding(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data)
    reference = _finish(store, "d1")
    for number in range(150):
        store.add_addition(reference, f"aanvulling {number}")
    index = data / "meldingen" / "index.jsonl"
    assert len(index.read_text().splitlines()) == 151  # one line per change

    assert [m.reference for m in store.list_meldingen()] == [reference]

    (line,) = index.read_text().splitlines()
    assert json.loads(line)["reference"] == reference
    melding = store.get(reference)
    assert melding is not None and len(melding.additions) == 150
