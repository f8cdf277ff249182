"""Encrypted hand-off files: `veilig export --formaat veilig` and `veilig ontvang`.

Fixture identities are made without a passphrase; the profile gets their public keys.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519
from tests.conftest import REPORT, with_answers
from tests.core.test_handoff import veilig
from tests.core.test_plain import typed

from veilig_tui.handoff import ARMOR, FORMAT, payload_of, plaintext, recipients
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import default_folder

MARKER = "Merkteken-QZ81 de collega sloeg de cliënt"
HOLDERS = ("meldpunt", "casusverantwoordelijke")


@pytest.fixture(name="keys")
def keys_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """An organisation folder whose meldpunt, casusverantwoordelijke and reserve have keys;
    returns each holder's identity file."""
    org = tmp_path / "org"
    shutil.copytree(default_folder() / "flows", org / "flows")
    profile = (default_folder() / "profiel.yaml").read_text(encoding="utf-8")
    files: dict[str, Path] = {}
    for role in (*HOLDERS, "reserve"):
        identity = x25519.Identity.generate()
        path = tmp_path / f"{role}.key"
        path.write_text(f"# public key: {identity.to_public()}\n{identity}\n", encoding="utf-8")
        files[role] = path
        key = f'    sleutel: "{identity.to_public()}"\n'
        if role == "reserve":
            profile = profile.replace(
                '  reserve:\n    naam: ""\n    rol: ""\n    sleutel: ""\n',
                f"  reserve:\n    naam: R. Reserve\n    rol: directie\n{key}",
            )
        else:
            name = {"meldpunt": "Joyce Redelijkheid", "casusverantwoordelijke": "N. Perkgoz"}
            head = f"  {role}:\n    naam: {name[role]}\n"
            profile = profile.replace(head, head + key)
    (org / "profiel.yaml").write_text(profile, encoding="utf-8")
    monkeypatch.setenv("VEILIG_ORGANISATIE", str(org))
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "medewerker"))
    return files


def finished(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, roles: list[str]
) -> str:
    answers = with_answers(REPORT, wat_gebeurd=MARKER, pleger_rol=roles)
    lines = [*typed(answers), ""]  # Enter at the review finishes
    code, out, _ = veilig(["--eenvoudig"], capsys, monkeypatch, "\n".join(lines) + "\n")
    assert code == 0, out
    found = re.search(r"Kenmerk: (VZ-\d{4}-[A-Z0-9]+)", out)
    assert found, out
    return found.group(1)


def export(
    reference: str, target: Path, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch
) -> tuple[int, str]:
    code, _, error = veilig(
        ["export", reference, "--formaat", "veilig", "-o", str(target)], capsys, mp
    )
    return code, error


def receive(
    files: list[Path],
    identity: Path,
    data: Path,
    capsys: pytest.CaptureFixture[str],
    mp: pytest.MonkeyPatch,
) -> tuple[int, str, str]:
    args = ["ontvang", *map(str, files), "--sleutel", str(identity), "--data", str(data)]
    return veilig(args, capsys, mp)


def test_round_trip_to_the_meldpunt(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / f"{reference}.veilig"
    code, said = export(reference, target, capsys, monkeypatch)
    assert code == 0, said
    sealed = target.read_bytes()
    assert sealed.startswith(ARMOR)
    assert MARKER.encode() not in sealed and reference.encode() not in sealed
    assert "Joyce Redelijkheid (meldpunt)" in said and "R. Reserve (reserve)" in said
    inbox = tmp_path / "meldpunt-data"
    code, out, error = receive([target], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0, error
    assert f"melding {reference} opgenomen" in out
    code, out, _ = receive([target], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0 and "was al ontvangen; niets veranderd" in out
    kept = [p for p in inbox.rglob("*") if p.is_file()]
    assert any(p.suffix == ".veilig" for p in kept)
    assert not any(MARKER.encode() in p.read_bytes() for p in kept)  # never stored decrypted


def test_the_meldpunt_named_as_involved_cannot_open_it(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["meldpunt"])
    target = tmp_path / "m.veilig"
    code, said = export(reference, target, capsys, monkeypatch)
    assert code == 0 and "Joyce" not in said and "N. Perkgoz" in said
    code, _, error = receive([target], keys["meldpunt"], tmp_path / "a", capsys, monkeypatch)
    assert code == 2 and "niet voor jouw sleutel gemaakt" in error
    assert not (tmp_path / "a" / "ontvangen").exists()
    code, out, _ = receive(
        [target], keys["casusverantwoordelijke"], tmp_path / "b", capsys, monkeypatch
    )
    assert code == 0 and reference in out


def test_everyone_with_a_key_involved_makes_no_file(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["meldpunt", "casusverantwoordelijke", "directie"])
    profile = load_profile(Path(str(keys["meldpunt"].parent / "org" / "profiel.yaml")))
    assert [r.role for r in recipients(profile, ["meldpunt", "casusverantwoordelijke"])] == [
        "reserve"
    ]
    org = keys["meldpunt"].parent / "org" / "profiel.yaml"
    text = org.read_text(encoding="utf-8").replace("naam: R. Reserve", "naam: Joyce Redelijkheid")
    org.write_text(text, encoding="utf-8")  # the reserve is the same person as the meldpunt
    target = tmp_path / "x.veilig"
    code, said = export(reference, target, capsys, monkeypatch)
    assert code == 2 and "Er is geen versleuteld bestand gemaakt." in said
    assert not target.exists()


@pytest.mark.parametrize("damage", ["byte", "truncated", "plain", "other_key", "newer"])
def test_a_damaged_or_foreign_file_is_refused(
    damage: str,
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / "f.veilig"
    assert export(reference, target, capsys, monkeypatch)[0] == 0
    data = target.read_bytes()
    identity = keys["meldpunt"]
    why = {
        "byte": "beschadigd of veranderd",
        "truncated": "beschadigd of veranderd",
        "plain": "niet versleuteld",
        "other_key": "niet voor jouw sleutel",
        "newer": "nieuwere versie van veilig",
    }[damage]
    if damage == "byte":
        middle = len(data) // 2
        data = (
            data[:middle]
            + (b"A" if data[middle : middle + 1] != b"A" else b"B")
            + data[middle + 1 :]
        )
    elif damage == "truncated":
        data = data[: len(data) * 2 // 3]
    elif damage == "plain":
        code, out, _ = veilig(["export", reference, "--formaat", "json"], capsys, monkeypatch)
        data = out.encode("utf-8")
    elif damage == "other_key":
        other = x25519.Identity.generate()
        identity = tmp_path / "other.key"
        identity.write_text(f"{other}\n", encoding="utf-8")
    else:
        text = pyrage.decrypt(
            data, [x25519.Identity.from_str(keys["meldpunt"].read_text().split("\n")[1])]
        )
        newer = text.replace(
            f'"formaat": "{FORMAT}",\n "versie": 2'.encode(),
            f'"formaat": "{FORMAT}",\n "versie": 3'.encode(),
        )
        assert newer != text
        public = x25519.Identity.from_str(keys["meldpunt"].read_text().split("\n")[1]).to_public()
        data = pyrage.encrypt(newer, [public], armored=True)
    target.write_bytes(data)
    inbox = tmp_path / "inbox"
    code, _, error = receive([target], identity, inbox, capsys, monkeypatch)
    assert code == 2 and why in error and "Er is niets opgeslagen." in error
    assert "Traceback" not in error
    assert not (inbox / "ontvangen").exists() or not any((inbox / "ontvangen").glob("*.veilig"))


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_standard_age_tool_opens_the_file(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / "a.veilig"
    assert export(reference, target, capsys, monkeypatch)[0] == 0
    result = subprocess.run(
        ["age", "-d", "-i", str(keys["casusverantwoordelijke"]), str(target)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = result.stdout.decode("utf-8")
    assert reference in page and "Wat er gebeurde" in page and 'id="veilig-melding"' in page


def test_the_readable_page_embeds_the_melding_without_a_script() -> None:
    import datetime as dt

    from veilig_tui.store.models import Melding

    now = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    content = {"facts": {"wat_gebeurd": "<script>alert(1)</script>"}, "outcome": "meld_meldpunt"}
    melding = Melding("VZ-2026-ABCDEFGH", "d", now, now, "afgerond", None, None, (), content)
    page = plaintext("<html><body><p>x</p></body></html>", payload_of(melding)).decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.index('<pre hidden id="veilig-melding">') < page.index("</body>")


def test_a_key_with_a_passphrase_opens_what_was_sent_to_it(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The one test that pays for scrypt: make a key, put it in the profile, receive."""
    inbox = tmp_path / "inbox"
    answers = iter(["geheim-wachtwoord", "geheim-wachtwoord", "geheim-wachtwoord"])
    monkeypatch.setattr("veilig_tui.commands.ask_passphrase", lambda prompt: next(answers))
    code, out, _ = veilig(["sleutel-maken", "--data", str(inbox)], capsys, monkeypatch)
    assert code == 0
    public = re.search(r'sleutel: "(age1[0-9a-z]+)"', out)
    assert public and "Controlecode:" in out
    assert oct((inbox / "sleutel.age").stat().st_mode & 0o777) == "0o600"
    assert b"AGE-SECRET-KEY" not in (inbox / "sleutel.age").read_bytes()
    code, again, _ = veilig(["sleutel-toon", "--data", str(inbox)], capsys, monkeypatch)
    assert code == 0 and public.group(1) in again
    profile = keys["meldpunt"].parent / "org" / "profiel.yaml"
    text = profile.read_text(encoding="utf-8")
    old = re.search(
        r'(  meldpunt:\n    naam: Joyce Redelijkheid\n    sleutel: )"age1[0-9a-z]+"', text
    )
    assert old
    profile.write_text(
        text.replace(old.group(0), f'{old.group(1)}"{public.group(1)}"'), encoding="utf-8"
    )
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / "p.veilig"
    assert export(reference, target, capsys, monkeypatch)[0] == 0
    code, out, error = veilig(["ontvang", str(target), "--data", str(inbox)], capsys, monkeypatch)
    assert code == 0, error
    assert f"melding {reference} opgenomen" in out
    code, _, error = veilig(["sleutel-maken", "--data", str(inbox)], capsys, monkeypatch)
    assert code == 2 and "Er is al een sleutel" in error


def test_without_a_terminal_the_passphrase_is_never_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, error = veilig(["sleutel-maken", "--data", str(tmp_path / "d")], capsys, monkeypatch)
    assert code == 2 and "Typ het wachtwoord in een terminal." in error
    assert not (tmp_path / "d" / "sleutel.age").exists()


def test_the_default_file_is_encrypted_when_receivers_have_keys(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / "standaard.veilig"
    code, _, error = veilig(["export", reference, "-o", str(target)], capsys, monkeypatch)
    assert code == 0 and target.read_bytes().startswith(ARMOR)
    assert "Alleen deze mensen kunnen het bestand openen" in error


def test_without_keys_the_plain_file_comes_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "d"))
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / "gewoon.html"
    code, _, error = veilig(["export", reference, "-o", str(target)], capsys, monkeypatch)
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Let op: dit bestand is niet versleuteld." in error


def test_a_zzp_record_is_never_handed_to_the_organisation(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = [
        ("direct_gevaar", "nee"),
        ("werkrelatie", "zzp_eigen"),
        ("wat_gebeurd", MARKER),
        ("zzp_wie", "collega"),
        *[(n, v) for n, v in REPORT[5:]],
        ("zzp_vastgesteld", ""),
    ]
    code, out, _ = veilig(
        ["--eenvoudig"], capsys, monkeypatch, "\n".join([*typed(answers), ""]) + "\n"
    )
    assert code == 0 and "alleen voor jou" in out
    found = re.search(r"Kenmerk: (VZ-\d{4}-[A-Z0-9]+)", out)
    assert found
    target = tmp_path / "eigen.html"
    code, _, _ = veilig(["export", found.group(1), "-o", str(target)], capsys, monkeypatch)
    assert code == 0 and not target.read_bytes().startswith(ARMOR)  # for the zzp'er only
    asked = ["export", found.group(1), "--formaat", "veilig", "-o", str(tmp_path / "z.veilig")]
    code, _, error = veilig(asked, capsys, monkeypatch)
    assert code == 2 and "alleen voor jou" in error and not (tmp_path / "z.veilig").exists()
    code, _, error = veilig(
        ["overgedragen", found.group(1), "--aan", "meldpunt"], capsys, monkeypatch
    )
    assert code == 2 and "Deze melding is alleen voor jou" in error


def test_a_key_in_capitals_is_the_same_key(keys: dict[str, Path]) -> None:
    """age reads 'AGE1…' as 'age1…': the same person, never a second receiver."""
    profile = load_profile(keys["meldpunt"].parent / "org" / "profiel.yaml")
    model = profile.model.model_copy(deep=True)
    model.rollen["reserve"].sleutel = model.rollen["meldpunt"].sleutel.upper()
    same = Profile(model, profile.path, profile.table)
    assert "reserve" not in [r.role for r in recipients(same, ["meldpunt"])]
    model.rollen["mt"].sleutel = model.rollen["meldpunt"].sleutel.upper()
    assert "mt" in Profile(model, profile.path, profile.table).involved(["meldpunt"])


def test_the_reserve_of_a_named_role_is_left_out(keys: dict[str, Path]) -> None:
    profile = load_profile(keys["meldpunt"].parent / "org" / "profiel.yaml")
    assert profile.reserve is not None and profile.reserve.rol == "directie"
    assert "reserve" in [r.role for r in recipients(profile, ["mt"])]
    assert "reserve" not in [r.role for r in recipients(profile, ["directie"])]


def test_a_phone_number_with_the_country_code_is_the_same_person() -> None:
    from veilig_tui.org import Person, identity_marks

    local = identity_marks(Person(naam="A", telefoon="06-12345678"))
    international = identity_marks(Person(naam="B", telefoon="+31 6 1234 5678"))
    assert local & international == {"tel:0612345678"}


def test_no_plain_file_by_default_when_everyone_with_a_key_is_involved(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["meldpunt", "casusverantwoordelijke", "directie"])
    target = tmp_path / "x.html"
    code, _, error = veilig(["export", reference, "-o", str(target)], capsys, monkeypatch)
    assert code == 2 and "Iedereen met een sleutel is genoemd als betrokken." in error
    assert not target.exists()
    code, _, _ = veilig(
        ["export", reference, "--formaat", "html", "-o", str(target)], capsys, monkeypatch
    )
    assert code == 0 and target.exists()  # only after an explicit choice


@pytest.mark.parametrize(
    "embedded",
    [
        '{"formaat": "veilig-overdracht", "versie": ' + "9" * 5000 + "}",
        "[" * 100000 + "]" * 100000,
        '{"formaat": "veilig-overdracht", "versie": true}',
    ],
    ids=["huge_number", "deep_nesting", "wrong_type"],
)
def test_a_crafted_file_gets_a_dutch_refusal_not_a_crash(
    embedded: str,
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import html as html_lib

    page = f'<html><body><pre hidden id="veilig-melding">{html_lib.escape(embedded)}</pre></body></html>'
    public = x25519.Identity.from_str(keys["meldpunt"].read_text().split("\n")[1]).to_public()
    crafted = tmp_path / "crafted.veilig"
    crafted.write_bytes(pyrage.encrypt(page.encode(), [public], armored=True))
    code, _, error = receive([crafted], keys["meldpunt"], tmp_path / "in", capsys, monkeypatch)
    assert code == 2 and "Er is niets opgeslagen." in error
    assert "niet verwachtte" not in error and "Traceback" not in error


def test_once_keys_exist_the_medewerkers_computer_keeps_the_melding_only_encrypted(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = tmp_path / "Documenten"
    documents.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    data = tmp_path / "medewerker"
    reference = finished(capsys, monkeypatch, ["geen"])
    added = "Merkteken-ZZ42 ook de buurvrouw zag het"

    def readable_anywhere() -> list[Path]:
        files = [p for p in data.rglob("*") if p.is_file()]
        return [p for p in files if MARKER.encode() in p.read_bytes() or b"ZZ42" in p.read_bytes()]

    assert readable_anywhere() == []
    code, out, _ = veilig(["lijst"], capsys, monkeypatch)
    assert code == 0 and reference in out and "meld_meldpunt" in out
    # the file to give is the encrypted copy kept at finishing
    target = tmp_path / f"{reference}.veilig"
    code, _, said = veilig(["export", reference, "-o", str(target)], capsys, monkeypatch)
    assert code == 0 and "Joyce Redelijkheid (meldpunt)" in said
    inbox = tmp_path / "meldpunt-data"
    code, out, error = receive([target], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0 and f"melding {reference} opgenomen" in out, error
    # nobody can read it back here: a plain file is refused
    code, out, error = veilig(["export", reference, "--formaat", "html"], capsys, monkeypatch)
    assert code == 2 and "alleen versleuteld" in error and MARKER not in out
    # an addition is kept only encrypted too; its file goes to the documents folder
    code, out, error = veilig(["aanvullen", reference], capsys, monkeypatch, added + "\n")
    assert code == 0, error
    (addition,) = documents.glob(f"{reference}.aanvulling-*.veilig")
    assert readable_anywhere() == []
    code, out, error = receive([addition], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0 and f"aanvulling bij {reference} opgenomen" in out, error
