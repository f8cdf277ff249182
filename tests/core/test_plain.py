"""`veilig --eenvoudig` driven as a subprocess, as a script or screen reader user would."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPORT, Answers, plain_lines, with_answers

from veilig_tui.flow.check import load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import default_folder

SAFETY = "Direct gevaar? Bel 112 · Melden: Joyce Redelijkheid (meldpunt)"
BEFORE_ROLES = "Direct gevaar? Bel 112 · Melden: het meldpunt (typ h)"


def run(lines: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VEILIG_DATA": str(tmp_path / "data")}
    env.pop("VEILIG_ORGANISATIE", None)
    return subprocess.run(
        [sys.executable, "-m", "veilig_tui.cli", "--eenvoudig"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )


def typed(answers: Answers) -> list[str]:
    """The lines a person types in plain mode for these answers (default organisation)."""
    folder = default_folder()
    flow = load_flow(folder / "flows" / "melden.yaml")
    dialogue = Dialogue(flow, load_profile(folder / "profiel.yaml"), today=dt.date.today)
    return plain_lines(dialogue, answers)


FULL_REPORT = [*typed(with_answers(REPORT, wanneer="gisteren")), ""]  # Enter: finish the review
TEXT_LINE = FULL_REPORT.index(str(REPORT[2][1]))
"""Where the account of what happened is typed."""


def test_full_report_through_plain_mode(tmp_path: Path) -> None:
    result = run(FULL_REPORT, tmp_path)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    questions = out.count("Vraag ")
    assert questions >= len(REPORT)
    assert "=== Kijk je antwoorden na ===" in out
    # the 112 line comes before every question: the role until the roles are known
    assert out.count(BEFORE_ROLES) + out.count(SAFETY) >= questions
    assert out.count(BEFORE_ROLES) == 5  # danger, work, account, who, and the roles question
    assert "=== Advies ===" in out and "Meld dit bij de persoon hieronder" in out
    assert "=== Je antwoorden ===" in out
    assert str(REPORT[2][1]) in out
    assert "(leeg gelaten)" in out


def test_112_path_then_back_and_help(tmp_path: Path) -> None:
    lines = ["1", "", "h", "t", "t", "2", "", "s"]
    result = run(lines, tmp_path)
    out = result.stdout
    assert result.returncode == 1
    assert "Bel nu 112 en vraag om de politie." in out
    assert "Kan iemand nu gewond raken? Bel 112" in out
    assert "Dit bepaalt bij wie je het meldt." in out  # help of 'Voor wie werk je?'
    assert "Gestopt. Je antwoorden zijn bewaard als onafgemaakte melding." in out
    assert "Verder gaan: veilig --eenvoudig --verder" in out


def test_wrong_number_asks_again(tmp_path: Path) -> None:
    result = run(["9", "3", "s"], tmp_path)
    assert "Typ één nummer van 1 tot 3." in result.stdout
    assert "Voor wie werk je bij deze cliënt?" in result.stdout


def test_typed_control_codes_are_shown_not_obeyed(tmp_path: Path) -> None:
    hostile = "\x1b[2J [bold]x[/] [@click=app.quit]x"
    lines = [*FULL_REPORT[:TEXT_LINE], hostile, *FULL_REPORT[TEXT_LINE + 1 :]]
    result = run(lines, tmp_path)
    assert "\x1b" not in result.stdout
    assert "␛[2J [bold]x[/] [@click=app.quit]x" in result.stdout


def test_broken_profile_stops_with_dutch_message(tmp_path: Path) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / "profiel.yaml").write_text("organisatie: [\n", encoding="utf-8")
    env = {**os.environ, "VEILIG_ORGANISATIE": str(org)}
    result = subprocess.run(
        [sys.executable, "-m", "veilig_tui.cli", "--eenvoudig"],
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Direct gevaar? Bel 112." in result.stdout
    assert "profiel.yaml:2:1: fout: Dit is geen geldige YAML" in result.stderr
    assert "veilig controleer" in result.stderr
