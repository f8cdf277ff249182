"""`veilig --eenvoudig` driven as a subprocess, as a script or screen reader user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SAFETY = "Direct gevaar? Bel 112 · Melden: Joyce Redelijkheid (meldpunt)"


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


FULL_REPORT = [
    "3",  # direct gevaar: nee
    "1",  # werkt voor de organisatie
    "Collega A. pakte de cliënt hardhandig vast bij het wassen.",
    "1",  # zelf gezien
    "1",  # een collega
    "8",  # geen van deze taken
    "2",  # vaker
    "gisteren",
    "1",  # thuis
    "1",  # één cliënt
    "C-1042",
    "",  # betrokkenen: leeg
    "2",  # geen getuigen
    "6",  # nog niets
    "1",  # cliënt is veilig
    "",  # naam: leeg
    "",  # bereikbaar: leeg
    "",  # alles nakijken: Enter rondt af
]


def test_full_report_through_plain_mode(tmp_path: Path) -> None:
    result = run(FULL_REPORT, tmp_path)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    questions = out.count("Vraag ")
    assert questions >= len(FULL_REPORT) - 1  # the last line finishes the review
    assert "=== Kijk je antwoorden na ===" in out
    # the 112 line comes before every question
    assert out.count(SAFETY) >= questions
    assert "=== Advies ===" in out and "Meld dit bij het meldpunt" in out
    assert "=== Je antwoorden ===" in out
    assert "Collega A. pakte de cliënt hardhandig vast bij het wassen." in out
    assert "(leeg gelaten)" in out


def test_112_path_then_back_and_help(tmp_path: Path) -> None:
    lines = ["1", "", "h", "t", "t", "2", "", "s"]
    result = run(lines, tmp_path)
    out = result.stdout
    assert result.returncode == 1
    assert "Bel nu 112 en vraag om de politie." in out
    assert "Als iemand nu gewond kan raken: bel 112" in out
    assert "Dit bepaalt bij wie je het meldt." in out  # help of 'Voor wie werk je?'
    assert "Gestopt. Je antwoorden zijn bewaard als onafgemaakte melding." in out
    assert "Verder gaan: veilig --eenvoudig --verder" in out


def test_wrong_number_asks_again(tmp_path: Path) -> None:
    result = run(["9", "3", "s"], tmp_path)
    assert "Typ één nummer van 1 tot 3." in result.stdout
    assert "Voor wie werk je bij deze cliënt?" in result.stdout


def test_typed_control_codes_are_shown_not_obeyed(tmp_path: Path) -> None:
    hostile = "\x1b[2J [bold]x[/] [@click=app.quit]x"
    lines = FULL_REPORT[:2] + [hostile] + FULL_REPORT[3:]
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
