"""Only the owner can read the data, whatever the umask; wide modes are fixed and reported."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs
import pytest

from veilig_tui.store import FixedClock, Progress, Store, StoreLocationError, data_dir

START = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def _open(data: Path, clock: FixedClock | None = None) -> Store:
    """Open a store and insist that opening needed no repairs."""
    store, report = Store.open(data, clock=clock or FixedClock(START))
    assert report.notices == ()
    return store


def test_everything_is_private_even_with_umask_000(tmp_path: Path) -> None:
    data = tmp_path / "nieuw" / "data"
    old_umask = os.umask(0)
    try:
        store = _open(data)
        store.save_typing("d1", "wat", "half getypt")
        store.save_draft("d1", {"answers": [["wat", "iets"]]}, Progress(1))
        melding = store.finish("d1", {"outcome": "intern"})
        store.mark_handed_over(melding.reference, "aandachtsfunctionaris")
        store.save_draft("d2", {"answers": []}, Progress(0))
        (data / "concepten" / "d2.json").write_bytes(b"kapot")
        store.load_draft("d2")  # moved aside
    finally:
        os.umask(old_umask)

    assert _mode(data) == 0o700
    paths = list(data.rglob("*"))
    assert {p.name for p in paths} >= {
        f"{melding.reference}.json",
        "index.jsonl",
        "meldingen",
        "audit.jsonl",
        "concepten",
        ".veilig.lock",
    }
    assert any(".kapot-" in p.name for p in paths)
    for path in paths:
        assert _mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_too_wide_modes_are_fixed_and_reported_in_dutch(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _open(data).save_draft("d1", {"answers": []}, Progress(0))
    data.chmod(0o755)
    (data / "concepten" / "d1.json").chmod(0o644)

    store, report = Store.open(data)

    assert _mode(data) == 0o700
    assert _mode(data / "concepten" / "d1.json") == 0o600
    dir_notice, file_notice = report.notices
    assert str(data) in dir_notice and "map" in dir_notice
    assert str(data / "concepten" / "d1.json") in file_notice
    assert "Alleen jij kunt het bestand nu lezen." in file_notice
    assert store.load_draft("d1") is not None


def test_data_dir_prefers_option_then_environment_then_user_dir(tmp_path: Path) -> None:
    env = {"VEILIG_DATA": str(tmp_path / "uit-env")}
    assert data_dir(tmp_path / "optie", env) == tmp_path / "optie"
    assert data_dir(None, env) == tmp_path / "uit-env"
    assert data_dir(None, {"VEILIG_DATA": "  "}) == Path(
        platformdirs.user_data_dir("veilig", appauthor=False)
    )
    assert data_dir(None, {}) == Path(platformdirs.user_data_dir("veilig", appauthor=False))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_unusable_data_path_gives_a_dutch_message(tmp_path: Path) -> None:
    a_file = tmp_path / "bestand"
    a_file.write_text("geen map")

    with pytest.raises(StoreLocationError, match="is geen map"):
        Store.open(a_file)
    with pytest.raises(StoreLocationError, match="kan de map .* niet maken"):
        Store.open(a_file / "data")
    assert a_file.read_text() == "geen map"
