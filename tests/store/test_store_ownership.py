"""The data folder: made private, adopted when it is ours, refused when it is someone else's."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from tests.store.common import START, open_clean
from veilig_tui.cli import main
from veilig_tui.store import (
    FixedClock,
    Progress,
    Store,
    StoreError,
    StoreLocationError,
    StoreWriteError,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under the folder with its mode and content, to prove nothing changed."""
    return {
        str(path.relative_to(folder)): (mode(path), path.read_bytes() if path.is_file() else None)
        for path in sorted(folder.rglob("*"))
    } | {".": (mode(folder), None)}


def test_a_new_folder_and_its_missing_parents_are_private_under_umask_000(
    tmp_path: Path,
) -> None:
    tmp_path.chmod(0o755)
    data = tmp_path / "nieuw" / "dieper" / "data"
    old_umask = os.umask(0)
    try:
        open_clean(data).save_draft("d1", {}, Progress(0))
    finally:
        os.umask(old_umask)
    for folder in (tmp_path / "nieuw", tmp_path / "nieuw" / "dieper", data, data / "concepten"):
        assert mode(folder) == 0o700, folder
    marker = json.loads((data / ".veilig-data").read_text(encoding="utf-8"))
    assert marker == {"app": "veilig", "format": 1}
    assert mode(data / ".veilig-data") == 0o600
    assert mode(tmp_path) == 0o755  # a parent that already existed is left alone


def test_an_empty_folder_is_adopted(tmp_path: Path) -> None:
    data = tmp_path / "leeg"
    data.mkdir(mode=0o755)
    Store.open(data)
    assert (data / ".veilig-data").is_file()
    assert mode(data) == 0o700


def test_a_folder_with_only_our_files_is_adopted_and_keeps_its_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_clean(data, FixedClock(START))
    store.save_draft("d1", {"answers": []}, Progress(0))
    reference = store.finish("d1", {"outcome": "intern"}).reference
    store.save_draft("d2", {"answers": []}, Progress(1))
    (data / ".veilig-data").unlink()  # as a data folder of an older version looks
    (data / "archief.json.kapot-20260101-120000").write_bytes(b"oud")

    reopened, report = Store.open(data)

    assert (data / ".veilig-data").is_file()
    assert [m.reference for m in reopened.list_meldingen()] == [reference]
    assert [d.draft_id for d in reopened.list_drafts()] == ["d2"]


@pytest.mark.parametrize("foreign", ["notities.txt", "Documenten", ".bashrc"])
def test_someone_elses_folder_is_refused_and_left_as_it_was(tmp_path: Path, foreign: str) -> None:
    folder = tmp_path / "thuis"
    folder.mkdir(mode=0o755)
    (folder / foreign).write_text("van iemand anders", encoding="utf-8")
    (folder / "archief.json").write_text("{}", encoding="utf-8")
    before = snapshot(folder)

    with pytest.raises(StoreLocationError, match="geen map van veilig") as refused:
        Store.open(folder)

    assert "--data" in str(refused.value)
    assert snapshot(folder) == before


def test_data_in_the_current_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "werk.odt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    assert main(["--data", "", "lijst"]) == 2
    assert "geen map van veilig" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_a_newer_data_format_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_clean(data)
    (data / ".veilig-data").write_text('{"app": "veilig", "format": 99}', encoding="utf-8")
    with pytest.raises(StoreLocationError, match="nieuwere versie"):
        Store.open(data)


@pytest.mark.parametrize(
    "content",
    [
        b'{"concept":{"1":{"state":{}}}}',
        b'{"concept":{"1":{"draft_id":"d9","created":"gisteren","updated":"x","state":{}}}}',
        b'{"iets":{"1":{}}}',
        b'{"concept":{"1":{"draft_id":"ander","created":"2026-03-02T09:30:00+01:00",'
        b'"updated":"2026-03-02T09:30:00+01:00","state":{}}}}',
    ],
)
def test_a_draft_that_does_not_fit_the_schema_is_moved_aside(
    tmp_path: Path, content: bytes
) -> None:
    data = tmp_path / "data"
    store = open_clean(data, FixedClock(START))
    store.save_draft("goed", {"answers": []}, Progress(2))
    broken = data / "concepten" / "d9.json"
    broken.write_bytes(content)
    broken.chmod(0o600)

    reopened, report = Store.open(data, clock=FixedClock(START))

    kept = data / "concepten" / "d9.json.kapot-20260302-093000"
    assert report.moved_aside == (kept,)
    assert kept.read_bytes() == content
    assert "niets weggegooid" in report.notices[0]
    assert [d.draft_id for d in reopened.list_drafts()] == ["goed"]
    reopened.save_draft("d9", {"answers": []}, Progress(0))  # the name can be used again
    assert kept.read_bytes() == content


def test_a_broken_draft_is_not_merged_into_when_saving(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_clean(data, FixedClock(START))
    broken = data / "concepten" / "d1.json"
    broken.write_bytes(b'{"concept":{"1":{"state":{}}}}')
    summary = store.save_draft("d1", {"answers": []}, Progress(1))
    assert summary.draft_id == "d1"
    assert (data / "concepten" / "d1.json.kapot-20260302-093000").is_file()
    assert store.take_notices()


def test_a_lock_that_is_a_folder_is_a_dutch_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_clean(data)
    (data / ".veilig.lock").unlink()
    (data / ".veilig.lock").mkdir()
    with pytest.raises(StoreError, match="het is een map"):
        Store.open(data)


def test_a_name_longer_than_the_file_system_allows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lijst", "--data", str(tmp_path / ("a" * 300))]) == 2
    assert "te lang" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["concepten", "--verwijder", "../x"],
        ["--eenvoudig", "--concept", "../x"],
        ["--eenvoudig", "--concept", "a/../../b"],
    ],
)
def test_a_draft_id_that_is_a_path_is_refused(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    assert main(argv) == 2
    assert "Er is geen concept" in capsys.readouterr().err
    assert (tmp_path / "x.json").read_text(encoding="utf-8") == "{}"


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.EROFS, "alleen lezen"),
        (errno.EACCES, "mag daar niet schrijven"),
        (errno.ENOSPC, "schijf vol"),
    ],
)
def test_a_failed_save_names_its_real_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, said: str
) -> None:
    store = open_clean(tmp_path / "data")

    def refuse(*args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("veilig_tui.store.atomic.atomic_write", refuse)
    with pytest.raises(StoreWriteError) as failed:
        store.save_draft("d1", {}, Progress(0))
    assert said in str(failed.value)
    if code != errno.ENOSPC:
        assert "schijf vol" not in str(failed.value)
