"""A broken data file is kept byte-for-byte, reported in Dutch, and never overwritten."""

from __future__ import annotations

import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from veilig_tui.store import FixedClock, Progress, Store, StoreUnreadableError

START = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def _open(data: Path, clock: FixedClock | None = None) -> Store:
    """Open a store and insist that opening needed no repairs."""
    store, report = Store.open(data, clock=clock or FixedClock(START))
    assert report.notices == ()
    return store


BROKEN = b'{"meldingen": {"1": {"reference": "VZ-2026-ABCDEFGH", "melding": {"tekst": "half'


def _write_private(path: Path, content: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o600)


def test_broken_archive_is_moved_aside_and_reported(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _write_private(data / "archief.json", BROKEN)

    store, report = Store.open(data, clock=FixedClock(START))

    kept = data / "archief.json.kapot-20260302-093000"
    assert report.moved_aside == (kept,)
    assert kept.read_bytes() == BROKEN
    assert _mode(kept) == 0o600
    (notice,) = report.notices
    assert str(data / "archief.json") in notice
    assert str(kept) in notice
    assert "kapot" in notice and "niets weggegooid" in notice

    # The app goes on with an empty archive, and the broken copy stays as it was.
    assert store.list_meldingen() == []
    store.save_draft("d1", {"answers": []}, Progress(0))
    store.finish("d1", {"outcome": "intern"})
    assert len(store.list_meldingen()) == 1
    assert kept.read_bytes() == BROKEN


def test_a_second_broken_file_never_overwrites_the_first_copy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _write_private(data / "archief.json", b"eerste kapotte versie")
    store, _ = Store.open(data, clock=FixedClock(START))
    (data / "archief.json").write_bytes(b"tweede kapotte versie")

    assert store.list_meldingen() == []

    assert (data / "archief.json.kapot-20260302-093000").read_bytes() == b"eerste kapotte versie"
    assert (data / "archief.json.kapot-20260302-093000-2").read_bytes() == b"tweede kapotte versie"
    (notice,) = store.take_notices()
    assert "archief.json.kapot-20260302-093000-2" in notice
    assert store.take_notices() == []


def test_broken_draft_found_later_is_reported_and_the_rest_still_works(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data)
    store.save_draft("goed", {"answers": [["a", "b"]]}, Progress(1))
    store.save_draft("kapot", {"answers": [["a", "b"]]}, Progress(1))
    broken = b'["geen", "tinydb"]'  # valid JSON, wrong shape
    (data / "concepten" / "kapot.json").write_bytes(broken)

    assert store.load_draft("kapot") is None
    assert [draft.draft_id for draft in store.list_drafts()] == ["goed"]
    (notice,) = store.take_notices()
    assert "kapot.json" in notice
    (kept,) = (data / "concepten").glob("kapot.json.kapot-*")
    assert kept.read_bytes() == broken


def test_unreadable_file_is_reported_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    store = _open(data)
    store.save_draft("d1", {"answers": []}, Progress(0))
    reference = store.finish("d1", {"outcome": "intern"}).reference
    stored = data / "meldingen" / f"{reference}.json"
    before = stored.read_bytes()
    real_read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path == stored:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(StoreUnreadableError) as raised:
        store.mark_handed_over(reference, "meldpunt")
    monkeypatch.undo()

    assert str(stored) in str(raised.value)
    assert "niets veranderd" in str(raised.value)
    assert stored.read_bytes() == before
    assert list(data.rglob("*.kapot-*")) == []


def test_broken_melding_file_is_moved_aside_and_the_rest_is_listed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data)
    references = []
    for draft_id in ("d1", "d2"):
        store.save_draft(draft_id, {"answers": []}, Progress(0))
        references.append(store.finish(draft_id, {"outcome": "intern"}).reference)
    broken = data / "meldingen" / f"{references[0]}.json"
    broken.write_bytes(BROKEN)

    assert [m.reference for m in store.list_meldingen()] == [references[1]]
    (notice,) = store.take_notices()
    assert str(broken) in notice and "niets weggegooid" in notice
    (kept,) = (data / "meldingen").glob("*.kapot-*")
    assert kept.read_bytes() == BROKEN
    assert store.get(references[0]) is None


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)
