"""`veilig dossier` on the command line, and the whole way from a medewerker's melding:
finished, exported, received with `veilig ontvang`, and opened as a dossier."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.core.test_handoff import veilig
from tests.core.test_handoff_files import MARKER, export, finished, keys_fixture, receive
from tests.dossier.common import REFS, setup
from tests.dossier.common import receive as keep_received
from veilig_tui.dossier import open_desk
from veilig_tui.handoff import load_identities
from veilig_tui.org import load_profile

__all__ = ["keys_fixture"]  # the fixture `keys`, with identity files without passphrase


def test_from_melding_to_dossier(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["meldpunt"])
    target = tmp_path / "m.veilig"
    assert export(reference, target, capsys, monkeypatch)[0] == 0
    inbox = tmp_path / "casus-data"
    code, _, error = receive([target], keys["casusverantwoordelijke"], inbox, capsys, monkeypatch)
    assert code == 0, error
    profile = load_profile(tmp_path / "org" / "profiel.yaml")
    identities = load_identities(keys["casusverantwoordelijke"], lambda: "")
    desk = open_desk(inbox, profile, identities)
    assert desk.holder.naam == "N. Perkgoz"
    assert desk.sync() == [reference]
    dossier = desk.get(reference)
    assert dossier.betrokken == ["meldpunt"]
    melding = desk.melding(reference)
    assert melding is not None and melding.payload.feiten["wat_gebeurd"] == MARKER
    assert "Joyce" not in "\n".join(desk.roles_for_case(dossier))
    for path in inbox.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes()
    # the meldpunt, named as involved, cannot open the dossier: the file is not for them
    theirs = open_desk(inbox, profile, load_identities(keys["meldpunt"], lambda: ""))
    assert theirs.sync() == []
    [row] = theirs.rows()
    assert "niet open met jouw sleutel" in row.error and row.route == ""


def test_holder_cleanup_and_register_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    s = setup(tmp_path)
    key = tmp_path / "eigen.key"
    key.write_text(f"{s.identities[0]}\n", encoding="utf-8")
    keep_received(s, REFS[0])
    monkeypatch.setenv("VEILIG_ORGANISATIE", str(tmp_path / "org"))
    base = ["--sleutel", str(key), "--data", str(s.root)]
    code, out, _ = veilig(["dossier", *base, "--opschonen", "--proef"], capsys, monkeypatch)
    assert code == 0 and "nog niet ingevuld" in out and "Er is geen afgesloten dossier" in out
    desk = s.desk()
    desk.add_improvement(REFS[0], "=Scholing over grenzen")
    csv_file = tmp_path / "register.csv"
    code, out, _ = veilig(
        ["dossier", *base, "--verbeterregister", str(csv_file)], capsys, monkeypatch
    )
    assert code == 0 and "geen gegevens van cliënten" in out
    assert stat.S_IMODE(csv_file.stat().st_mode) == 0o600
    lines = csv_file.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "verbeterpunt,dossier,eigenaar,status,datum"
    assert lines[1].startswith("'=Scholing") and REFS[0] in lines[1]
    code, _, error = veilig(
        ["dossier", "--data", str(s.root), "--naam", "A. Jansen", "--rol", "baas"],
        capsys,
        monkeypatch,
    )
    assert code == 2 and "Onbekende rol 'baas'" in error
    code, out, _ = veilig(
        ["dossier", "--data", str(s.root), "--naam", "A. Jansen", "--rol", "meldpunt"],
        capsys,
        monkeypatch,
    )
    assert code == 0 and "A. Jansen (meldpunt)" in out


def test_hand_over_and_take_over_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.dossier.test_dossier_transfer import with_mt

    sender, receiver = with_mt(tmp_path)
    keep_received(sender, REFS[0])
    monkeypatch.setenv("VEILIG_ORGANISATIE", str(tmp_path / "a" / "org"))
    keys = {}
    for name, s in (("a", sender), ("b", receiver)):
        keys[name] = tmp_path / f"{name}.key"
        keys[name].write_text(f"{s.identities[0]}\n", encoding="utf-8")
    a = ["dossier", "--sleutel", str(keys["a"]), "--data", str(sender.root)]
    b = ["dossier", "--sleutel", str(keys["b"]), "--data", str(receiver.root)]
    target = tmp_path / "over.dossier-overdracht"
    code, _, error = veilig([*a, "--overdragen", REFS[0], "--aan", "directie"], capsys, monkeypatch)
    assert code == 2 and "Kies uit: mt." in error
    code, out, error = veilig(
        [*a, "--overdragen", REFS[0], "--aan", "mt", "-o", str(target)], capsys, monkeypatch
    )
    assert code == 0 and "Alleen MT (mt) kan het openen" in out, error
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, out, error = veilig([*b, "--overnemen", str(target)], capsys, monkeypatch)
    assert code == 0 and f"Dossier {REFS[0]} is nu van jou" in out, error
    assert sender.desk().get(REFS[0]).read_only


def test_reports_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    s = setup(tmp_path)
    key = tmp_path / "eigen.key"
    key.write_text(f"{s.identities[0]}\n", encoding="utf-8")
    keep_received(s, REFS[0])
    monkeypatch.setenv("VEILIG_ORGANISATIE", str(tmp_path / "org"))
    base = ["dossier", "--sleutel", str(key), "--data", str(s.root)]
    target = tmp_path / "verslag.md"
    code, out, _ = veilig([*base, "--verslag", REFS[0], "-o", str(target)], capsys, monkeypatch)
    assert code == 0 and "bevat persoonsgegevens" in out
    assert target.read_text(encoding="utf-8").startswith(f"# Dossier {REFS[0]}")
    code, _, error = veilig([*base, "--igj-blad", REFS[0]], capsys, monkeypatch)
    assert code == 2 and "nog geen meldplicht" in error
    yearly = tmp_path / "jaar.csv"
    code, out, _ = veilig(
        [*base, "--jaaroverzicht", "2026", "-o", str(yearly)], capsys, monkeypatch
    )
    assert code == 0 and "geen persoonsgegevens" in out
    assert (
        stat.S_IMODE(yearly.stat().st_mode) == 0o600 and "route,meldpunt,< 5" in yearly.read_text()
    )
