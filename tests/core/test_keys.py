"""Public keys in the profile (for encrypted hand-off files): checked by `veilig controleer`
with file:line:col, shown as fingerprints, and one key counts as one person."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyrage import x25519

from veilig_tui.cli import main
from veilig_tui.org import Profile, fingerprint, load_profile
from veilig_tui.orgfolder import default_folder


def new_key() -> str:
    return str(x25519.Identity.generate().to_public())


def folder_with(tmp_path: Path, replacements: dict[str, str]) -> Path:
    """A copy of the default organisation folder with lines of its profile replaced."""
    root = tmp_path / "org"
    shutil.copytree(default_folder() / "flows", root / "flows")
    profile = (default_folder() / "profiel.yaml").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in profile
        profile = profile.replace(old, new, 1)
    (root / "profiel.yaml").write_text(profile, encoding="utf-8")
    return root


MELDPUNT = "  meldpunt:\n    naam: Joyce Redelijkheid\n"
CASUS = "  casusverantwoordelijke:\n    naam: N. Perkgoz\n"


def controleer(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["controleer", str(root)])
    return code, capsys.readouterr().out


def test_valid_keys_are_shown_as_fingerprints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = new_key()
    root = folder_with(tmp_path, {MELDPUNT: f'{MELDPUNT}    sleutel: "{key}"\n'})
    code, out = controleer(root, capsys)
    assert code == 0
    assert f"meldpunt (Joyce Redelijkheid): {fingerprint(key)}" in out
    assert "rol 'meldpunt' heeft nog geen sleutel" not in out
    assert "De rol 'casusverantwoordelijke' heeft nog geen sleutel." in out  # a warning


def test_a_malformed_key_is_an_error_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = folder_with(tmp_path, {MELDPUNT: f'{MELDPUNT}    sleutel: "age1dezesleutelklopt"\n'})
    code, out = controleer(root, capsys)
    assert code == 1
    line = next(n for n, text in enumerate(out.splitlines()) if "fout:" in text)
    assert out.splitlines()[line] == (
        "profiel.yaml:23:14: fout: Rol 'meldpunt': Dit is geen geldige sleutel. Een sleutel "
        "begint met 'age1' en is één lange regel."
    )


def test_one_key_for_two_people_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = new_key()
    root = folder_with(
        tmp_path,
        {
            MELDPUNT: f'{MELDPUNT}    sleutel: "{key}"\n',
            CASUS: f'{CASUS}    sleutel: "{key}"\n',
        },
    )
    code, out = controleer(root, capsys)
    assert code == 1
    assert (
        "fout: De rol 'casusverantwoordelijke' heeft dezelfde sleutel als 'meldpunt', maar een "
        "andere persoon." in out
    )


def test_the_same_key_is_the_same_person_when_naming_who_is_involved() -> None:
    """Two spellings of one name with one key: the check refuses that profile, and if such
    a profile is used anyway, the key still marks one person, never to be named."""
    key = new_key()
    profile = load_profile(default_folder() / "profiel.yaml")
    model = profile.model.model_copy(deep=True)
    model.rollen["meldpunt"].sleutel = key
    model.rollen["casusverantwoordelijke"].naam = "J. Redelijkheid"
    model.rollen["casusverantwoordelijke"].sleutel = key
    same = Profile(model, profile.path, profile.table)
    assert "casusverantwoordelijke" in same.involved(["meldpunt"])
    first = same.report_contact(["meldpunt"]).first
    assert first is not None and first.key == "mt"


def test_the_reserve_holds_a_key_but_is_not_a_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = new_key()
    blank = '  reserve:\n    naam: ""\n    rol: ""\n    sleutel: ""\n'
    filled = f'  reserve:\n    naam: A. Reserve\n    rol: directie\n    sleutel: "{key}"\n'
    root = folder_with(tmp_path, {blank: filled})
    code, out = controleer(root, capsys)
    assert code == 0
    assert f"reserve (A. Reserve): {fingerprint(key)}" in out
    profile = load_profile(root / "profiel.yaml")
    assert profile.reserve is not None and profile.reserve.rol == "directie"
    assert "reserve" not in profile.roles()  # never a contact, never in the roles question


def test_rol_belongs_only_to_the_reserve(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = folder_with(tmp_path, {MELDPUNT: f"{MELDPUNT}    rol: meldpunt\n"})
    code, out = controleer(root, capsys)
    assert code == 1
    assert "profiel.yaml:23:5: fout: 'rol' hoort alleen bij 'reserve'. Haal het hier weg." in out
