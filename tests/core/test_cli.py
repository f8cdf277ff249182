"""The `veilig` command: Dutch help, organisation folders, diagrams."""

from __future__ import annotations

from pathlib import Path

import pytest

from veilig_tui.cli import main
from veilig_tui.orgfolder import OrgFolder, default_folder

ROOT = Path(__file__).resolve().parents[2]


def test_help_is_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Gebruik: veilig")
    assert "opties:" in out and "toon deze hulp en stop" in out
    assert "Bij direct gevaar: bel 112." in out
    assert "controleer" in out and "organisatie-maken" in out


def test_unknown_command_is_said_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["opruimen-alles"])
    assert stop.value.code == 2
    assert "veilig: fout: " in capsys.readouterr().err


def test_make_folder_then_check_and_use_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mijn-org"
    assert main(["organisatie-maken", str(target)]) == 0
    assert "veilig controleer" in capsys.readouterr().out
    assert (target / "profiel.yaml").is_file()
    assert (target / "flows" / "melden.yaml").is_file()
    assert len(list((target / "flows" / "scenarios").glob("*.yaml"))) >= 30
    # the copy is the organisation's own: a changed name shows up, and it still checks out
    profile = target / "profiel.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "naam: Joyce Redelijkheid", "naam: B. Voorbeeld"
        ),
        encoding="utf-8",
    )
    assert main(["controleer", str(target)]) == 0
    assert "0 fout(en)" in capsys.readouterr().out
    # never overwrites
    assert main(["organisatie-maken", str(target)]) == 2
    assert "er wordt niets overschreven" in capsys.readouterr().err


def test_folder_selection_and_fallback(tmp_path: Path) -> None:
    own = tmp_path / "org"
    own.mkdir()
    (own / "profiel.yaml").write_text("x: 1\n", encoding="utf-8")
    by_env = OrgFolder.select(None, {"VEILIG_ORGANISATIE": str(own)})
    assert by_env.root == own
    assert by_env.profile == own / "profiel.yaml"
    # a file the folder lacks comes from the default folder
    assert by_env.flow("melden") == default_folder() / "flows" / "melden.yaml"
    assert by_env.scenarios()[0].parent == default_folder() / "flows" / "scenarios"
    explicit = OrgFolder.select(tmp_path, {"VEILIG_ORGANISATIE": str(own)})
    assert explicit.root == tmp_path
    chosen = OrgFolder.select(None, {})
    assert chosen.root == chosen.default == default_folder()


def test_diagram_is_mermaid_and_in_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "melden"]) == 0
    diagram = capsys.readouterr().out.strip()
    assert "stateDiagram-v2" in diagram
    assert "direct_gevaar --> advies_112: ja" in diagram
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert diagram in readme, "run: veilig diagram melden, and paste it into README.md"


def test_unknown_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "bestaat_niet"]) == 2
    assert "Er is geen vragenlijst 'bestaat_niet'" in capsys.readouterr().err
