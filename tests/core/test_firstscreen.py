"""The cached first screen: what the engine rendered, ignored as soon as a file changes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TODAY

from veilig_tui import firstscreen
from veilig_tui.cli import main
from veilig_tui.flow.check import load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import OrgFolder, create_folder, default_folder


def first_of(folder: OrgFolder) -> firstscreen.FirstScreen:
    flow = load_flow(folder.flows()["melden"])
    profile = load_profile(folder.profile)
    return firstscreen.build(lambda: Dialogue(flow, profile, today=lambda: TODAY))


def test_the_first_screen_is_the_danger_question_and_its_112_advice() -> None:
    first = first_of(OrgFolder.select(None, {}))
    assert first.start.id == "direct_gevaar" and first.start.kind == "choice"
    assert first.start.text.startswith("Is er nu direct gevaar?")
    assert first.start.safety == "Direct gevaar? Bel 112 · Melden: het meldpunt (F1)"
    assert [a for a, _ in first.start.answers] == ["ja", "weet_niet", "nee"]
    assert first.after["ja"].id == "advies_112" and "Bel nu 112" in first.after["ja"].text
    assert first.after["weet_niet"].id == "advies_112_twijfel"
    assert first.after["ja"].progress == "Let op: Bel 112"


def test_written_then_read_back_the_same(tmp_path: Path) -> None:
    folder = OrgFolder.select(None, {})
    first = first_of(folder)
    key = firstscreen.cache_key(folder, "melden")
    assert firstscreen.write(tmp_path, key, first)
    assert firstscreen.read(tmp_path, key) == first


def test_the_cache_is_ignored_when_the_flow_changed(tmp_path: Path) -> None:
    create_folder(tmp_path / "org")
    folder = OrgFolder(tmp_path / "org", default_folder())
    key = firstscreen.cache_key(folder, "melden")
    firstscreen.write(tmp_path / "cache", key, first_of(folder))
    flow = tmp_path / "org" / "flows" / "melden.yaml"
    flow.write_text(
        flow.read_text(encoding="utf-8").replace("Is er nu direct gevaar?", "Is er gevaar?"),
        encoding="utf-8",
    )
    changed = firstscreen.cache_key(folder, "melden")
    assert changed != key
    assert firstscreen.read(tmp_path / "cache", changed) is None
    profile = tmp_path / "org" / "profiel.yaml"
    flow.write_text(flow.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    profile.write_text(profile.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert firstscreen.cache_key(folder, "melden") not in (key, changed)


def test_a_broken_or_missing_cache_counts_as_none(tmp_path: Path) -> None:
    assert firstscreen.read(tmp_path, None) is None
    assert firstscreen.read(tmp_path, "abc") is None
    (tmp_path / "abc.json").write_text("{not json", encoding="utf-8")
    assert firstscreen.read(tmp_path, "abc") is None
    (tmp_path / "abc.json").write_text('{"format": 1, "start": {}}', encoding="utf-8")
    assert firstscreen.read(tmp_path, "abc") is None


def test_controleer_writes_the_cache(own_cache: Path) -> None:
    folder = OrgFolder.select(None, {})
    key = firstscreen.cache_key(folder, "melden")
    assert main(["controleer"]) == 0
    cached = firstscreen.read(own_cache, key)
    assert cached is not None and cached.start.id == "direct_gevaar"
