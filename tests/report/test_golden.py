"""Golden files: each report format, for fixed meldingen with a fixed clock.

Two meldingen, each from a shipped scenario:
- `pleger_meldpunt`: scenario 09, the person the melding is about is the meldpunt
  (the report must never name her);
- `meldcode_naaste`: scenario 22, a naaste of the client (the Meldcode applies).

The reports are compared exactly with `tests/data/golden/<naam>.<md|html|txt|json>`.
After an intended change to a template, the flow or the profile, rewrite them with

    VEILIG_GOLDEN_UPDATE=1 .venv/bin/pytest tests/report/test_golden.py

and read the diff (`git diff tests/data/golden`) before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from tests.conftest import DATA, TODAY

from veilig_tui.flow.check import Flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.flow.scenario import run_scenario
from veilig_tui.melding import melding_content
from veilig_tui.org import Profile
from veilig_tui.orgfolder import OrgFolder, default_folder
from veilig_tui.report import export
from veilig_tui.store.models import Addition, Melding

GOLDEN = DATA / "golden"
UPDATE = os.environ.get("VEILIG_GOLDEN_UPDATE") == "1"
FORMATS = ("md", "html", "txt", "json")
TZ = dt.timezone(dt.timedelta(hours=1))  # CET: 28 November is winter time
CASES = {
    "pleger_meldpunt": "09_pleger_is_meldpunt_client_niet_veilig.yaml",
    "meldcode_naaste": "22_naaste_opschrijven.yaml",
}
MELDPUNT_PERSON = "Joyce Redelijkheid"
SCENARIOS = sorted((default_folder() / "flows" / "scenarios").glob("*.yaml"))


def played(scenario: str, flow: Flow, profile: Profile, folder: OrgFolder) -> Dialogue:
    path = folder.default / "flows" / "scenarios" / scenario
    run = run_scenario(path, {"melden": flow}, profile, lambda: TODAY)
    assert run.problems == [] and run.dialogue is not None
    return run.dialogue


def fixed_melding(dialogue: Dialogue) -> Melding:
    return Melding(
        reference="VZ-2026-GOLDEN23",
        draft_id="golden",
        created=dt.datetime(2026, 11, 28, 9, 5, tzinfo=TZ),
        finished=dt.datetime(2026, 11, 28, 9, 41, tzinfo=TZ),
        status="overgedragen",
        handed_over_to="meldpunt",
        handed_over_at=dt.datetime(2026, 11, 30, 10, 15, tzinfo=TZ),
        additions=(
            Addition(
                dt.datetime(2026, 11, 29, 14, 30, tzinfo=TZ),
                "De cliënt vertelde vandaag dat het weer is gebeurd.\nZe had een blauwe plek op haar arm.",
            ),
        ),
        content=melding_content(dialogue),
    )


@pytest.fixture(scope="module")
def folder() -> OrgFolder:
    return OrgFolder.select(None, {})


@pytest.fixture(scope="module")
def rendered(melden: Flow, profile: Profile, folder: OrgFolder) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for name, scenario in CASES.items():
        melding = fixed_melding(played(scenario, melden, profile, folder))
        for fmt in FORMATS:
            out[name, fmt] = export(fmt, melding, melden, profile, folder)
    return out


def golden_path(name: str, fmt: str) -> Path:
    return GOLDEN / f"{name}.{fmt}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CASES)
def test_report_matches_golden_file(
    rendered: dict[tuple[str, str], str], name: str, fmt: str
) -> None:
    got = rendered[name, fmt]
    path = golden_path(name, fmt)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got.encode("utf-8"))
        return
    assert path.is_file(), f"{path} ontbreekt: maak het met VEILIG_GOLDEN_UPDATE=1"
    want = path.read_bytes().decode("utf-8")
    assert got == want, f"{path.name} wijkt af; bedoeld? Draai met VEILIG_GOLDEN_UPDATE=1"


@pytest.mark.parametrize("fmt", FORMATS)
def test_suspected_meldpunt_is_named_nowhere(
    rendered: dict[tuple[str, str], str], fmt: str
) -> None:
    report = rendered["pleger_meldpunt", fmt]
    assert MELDPUNT_PERSON not in report
    assert MELDPUNT_PERSON.split()[-1] not in report


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_report_names_a_suspected_person(
    path: Path, melden: Flow, profile: Profile, folder: OrgFolder
) -> None:
    """Every shipped scenario: a person whose role the suspect holds is named nowhere."""
    dialogue = played(path.name, melden, profile, folder)
    if not dialogue.current.report:  # this route makes no melding (e.g. zzp'er, own clients)
        return
    melding = fixed_melding(dialogue)
    people = set()
    for key in profile.involved(melding.content["suspect_roles"]):
        role = profile.role(key)
        # A role filled with a group ("MT") is said by its label; only people count here.
        if role.filled and role.naam not in role.label:
            people.add(role.naam)
    for fmt in FORMATS:
        report = export(fmt, melding, melden, profile, folder)
        assert [p for p in people if p in report] == [], fmt


def test_meldpunt_is_named_when_she_is_not_the_suspect(
    rendered: dict[tuple[str, str], str],
) -> None:
    # The check above means something: the same name does reach a report when it may.
    assert MELDPUNT_PERSON in rendered["meldcode_naaste", "md"]
