"""Packaging and layering: the wheel carries the default folder; the core needs no Textual."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from veilig_tui.flow.model import json_schema

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_the_default_folder_and_loads_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("veilig_tui-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "veilig_tui/organisatie/profiel.yaml",
        "veilig_tui/organisatie/flows/melden.yaml",
        "veilig_tui/organisatie/flows/scenarios/01_direct_gevaar_collega.yaml",
    ):
        assert needed in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "from veilig_tui.orgfolder import default_folder; from veilig_tui.cli import main; "
        "print(default_folder()); raise SystemExit(main(['controleer']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(site / "veilig_tui" / "organisatie")
    assert "0 fout(en)" in result.stdout


def test_core_imports_no_textual() -> None:
    code = (
        "import sys, veilig_tui.flow.engine, veilig_tui.flow.scenario, veilig_tui.checker, "
        "veilig_tui.org, veilig_tui.deadlines, veilig_tui.plain, veilig_tui.cli, "
        "veilig_tui.service, veilig_tui.handoff, veilig_tui.report, veilig_tui.store; "
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_shipped_json_schema_is_up_to_date() -> None:
    shipped = json.loads((ROOT / "docs" / "flow.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "run: veilig schema > docs/flow.schema.json"
    from veilig_tui.handoff import payload_schema

    handoff = json.loads((ROOT / "docs" / "overdracht.schema.json").read_text(encoding="utf-8"))
    assert handoff == payload_schema(), (
        "run: veilig schema --overdracht > docs/overdracht.schema.json"
    )
