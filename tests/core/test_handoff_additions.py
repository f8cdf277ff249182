"""Additions ('aanvullingen') as their own hand-off files, and what plain files say.

A melding is finished in one data folder (the medewerker's), sealed with its secret and
received in a second one (the meldpunt's). An addition made on the medewerker's computer
(`veilig aanvullen -o`) is attached there only when its HMAC verifies with that secret.
Fixture identities are made without a passphrase (see test_handoff_files).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pyrage
import pytest
from tests.core.test_handoff import veilig
from tests.core.test_handoff_files import MARKER, finished, keys_fixture, receive  # noqa: F401

from veilig_tui.flow.check import Flow, load_flow
from veilig_tui.handoff import (
    Payload,
    ReceivedMelding,
    addition_page,
    addition_payload,
    handoff_file,
    open_file,
    plain_file,
    plaintext,
    read_identity,
    received_melding,
    sealed_file,
    secret_for,
)
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.report import UNENCRYPTED, export
from veilig_tui.store import Addition, Melding, Store, local_now

ADDED = "Merkteken-AV77 de cliënt heeft vandaag een blauwe plek op haar arm."
FORGED_WORDS = ("klopt niet met de melding", "Er is niets opgeslagen.")


def medewerker(tmp_path: Path) -> Path:
    return tmp_path / "medewerker"


def loaded() -> tuple[OrgFolder, Flow, Profile]:
    folder = OrgFolder.select(None, os.environ)
    return folder, load_flow(folder.flows()["melden"]), load_profile(folder.profile)


def stored(tmp_path: Path, reference: str) -> Melding:
    store, _ = Store.open(medewerker(tmp_path))
    melding = store.get(reference)
    assert melding is not None
    return melding


def sealed_export(tmp_path: Path, reference: str, target: Path) -> None:
    """What `veilig export` writes: once keys exist, the medewerker's computer keeps the
    melding only as this encrypted file (made with the melding's secret)."""
    target.write_text(stored(tmp_path, reference).content["versleuteld"], encoding="ascii")


def original(tmp_path: Path, reference: str, keys: dict[str, Path]) -> Melding:
    """The melding as it was finished, opened from its sealed copy with a receiver's key
    (the medewerker's computer cannot read it back)."""
    both = identities(keys["meldpunt"]) + identities(keys["casusverantwoordelijke"])
    payload = open_file(stored(tmp_path, reference).content["versleuteld"].encode(), both)
    assert isinstance(payload, Payload)
    return ReceivedMelding(payload, local_now(), ()).melding()


def add(
    reference: str,
    text: str,
    target: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, str, str]:
    return veilig(["aanvullen", reference, "-o", str(target)], capsys, monkeypatch, text)


def identities(path: Path) -> list[Any]:
    return read_identity(path.read_text(encoding="utf-8"))


def public(path: Path) -> Any:
    return identities(path)[0].to_public()


def kept_additions(inbox: Path) -> list[Path]:
    return sorted((inbox / "ontvangen").glob("*.aanvulling-*.veilig"))


@pytest.fixture(name="handed")
def handed_fixture(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[str, Path, Path]:
    """A melding finished, sealed and received by the meldpunt; an addition file made.
    Returns the reference, the meldpunt's data folder and the addition file."""
    reference = finished(capsys, monkeypatch, ["geen"])
    melding_file = tmp_path / f"{reference}.veilig"
    sealed_export(tmp_path, reference, melding_file)
    inbox = tmp_path / "meldpunt-data"
    code, out, error = receive([melding_file], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0, error
    code, out, error = add(reference, ADDED + "\n", tmp_path, capsys, monkeypatch)
    assert code == 0, error
    addition = tmp_path / f"{reference}.aanvulling-1.veilig"
    assert f"Gemaakt: {addition}" in error and "Joyce Redelijkheid (meldpunt)" in error
    assert "De aanvulling is bewaard" in out
    return reference, inbox, addition


def test_a_verified_addition_attaches_with_its_receive_time(
    handed: tuple[str, Path, Path],
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference, inbox, addition = handed
    sealed = addition.read_bytes()
    assert sealed.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    assert ADDED.encode() not in sealed and reference.encode() not in sealed
    code, out, error = receive([addition], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0, error
    assert re.search(rf"aanvulling bij {reference} opgenomen \(ontvangen op \w+dag \d+ ", out)
    code, out, _ = receive([addition], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0 and "was al ontvangen op" in out and "niets veranderd" in out
    assert len(kept_additions(inbox)) == 1

    found = received_melding(inbox, identities(keys["meldpunt"]), reference.lower())
    assert found is not None and found.reference == reference
    assert MARKER in found.payload.feiten.values()
    assert [a.text for a in found.additions] == [ADDED]
    assert found.additions[0].received_text.startswith("ontvangen op ")
    folder, flow, profile = loaded()
    page = export("txt", found.melding(), flow, profile, folder)  # in memory, never on disk
    assert reference in page and "Merkteken-QZ81" in page and "Merkteken-AV77" in page
    for path in (p for p in inbox.rglob("*") if p.is_file()):  # kept encrypted only
        assert MARKER.encode() not in path.read_bytes()
        assert ADDED.encode() not in path.read_bytes()
        assert "Merkteken" not in path.name


def test_the_melding_and_its_addition_in_one_go_in_any_order(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["geen"])
    melding_file = tmp_path / f"{reference}.veilig"
    sealed_export(tmp_path, reference, melding_file)
    assert add(reference, ADDED, tmp_path, capsys, monkeypatch)[0] == 0
    addition = tmp_path / f"{reference}.aanvulling-1.veilig"
    inbox = tmp_path / "casus-data"
    key = keys["casusverantwoordelijke"]
    code, out, error = receive([addition, melding_file], key, inbox, capsys, monkeypatch)
    assert code == 0, error
    assert out.index(f"melding {reference} opgenomen") < out.index("aanvulling bij")


@pytest.mark.parametrize("forgery", ["flipped_text_byte", "other_secret", "ciphertext_byte"])
def test_a_forged_addition_is_refused_and_nothing_is_stored(
    forgery: str,
    handed: tuple[str, Path, Path],
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference, inbox, addition = handed
    meldpunt = public(keys["meldpunt"])
    if forgery == "flipped_text_byte":  # someone who can seal to the key changes the text
        page = pyrage.decrypt(addition.read_bytes(), identities(keys["meldpunt"]))
        at = page.rindex(b"Merkteken-AV77") + len(b"Merkteken-")
        page = page[:at] + bytes([page[at] ^ 0x01]) + page[at + 1 :]
        data = pyrage.encrypt(page, [meldpunt], armored=True)
        why = FORGED_WORDS[0]
    elif forgery == "other_secret":  # made by someone without the medewerker's secret
        forged = addition_payload(reference, Addition(local_now(), "Valse aanvulling"), "ab" * 32)
        data = pyrage.encrypt(plaintext(addition_page(forged), forged), [meldpunt], armored=True)
        why = FORGED_WORDS[0]
    else:
        data = addition.read_bytes()
        middle = len(data) // 2
        data = data[:middle] + (b"A" if data[middle] != ord("A") else b"B") + data[middle + 1 :]
        why = "beschadigd of veranderd"
    forged_file = tmp_path / "vals.veilig"
    forged_file.write_bytes(data)
    code, out, error = receive([forged_file], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 2 and why in error and "Er is niets opgeslagen." in error, out
    assert "Traceback" not in error
    assert kept_additions(inbox) == []
    found = received_melding(inbox, identities(keys["meldpunt"]), reference)
    assert found is not None and found.additions == ()


def test_an_addition_before_its_melding_is_refused(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["geen"])
    assert add(reference, ADDED, tmp_path, capsys, monkeypatch)[0] == 0
    inbox = tmp_path / "leeg"
    addition = tmp_path / f"{reference}.aanvulling-1.veilig"
    code, _, error = receive([addition], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 2 and f"hoort bij melding {reference}" in error
    assert "nog niet ontvangen" in error and "Er is niets opgeslagen." in error
    assert not (inbox / "ontvangen").exists()


def test_a_planted_addition_file_is_not_shown(
    handed: tuple[str, Path, Path], keys: dict[str, Path]
) -> None:
    """Whatever lies in the folder, only additions that verify are listed."""
    reference, inbox, _ = handed
    forged = addition_payload(reference, Addition(local_now(), "Geplant"), "cd" * 32)
    planted = pyrage.encrypt(
        plaintext(addition_page(forged), forged), [public(keys["meldpunt"])], armored=True
    )
    (inbox / "ontvangen" / f"{reference}.aanvulling-{forged.hmac[:16]}.veilig").write_bytes(planted)
    found = received_melding(inbox, identities(keys["meldpunt"]), reference)
    assert found is not None and found.additions == ()


def test_a_melding_with_a_known_reference_but_another_secret_is_refused(
    handed: tuple[str, Path, Path],
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Otherwise it would take over the additions of the real melding."""
    reference, inbox, _ = handed
    folder, flow, profile = loaded()
    melding = original(tmp_path, reference, keys)
    content = {**melding.content, "facts": {**melding.content["facts"], "waar": "elders"}}
    other = Melding(
        reference, "x", melding.created, melding.finished, "afgerond", None, None, (), content
    )
    made = sealed_file(other, flow, profile, folder, secret="ef" * 32)
    assert made is not None
    target = tmp_path / "tweede.veilig"
    target.write_text(made.text, encoding="ascii")
    code, _, error = receive([target], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 2 and "van een andere afzender" in error
    assert len(list((inbox / "ontvangen").glob(f"{reference}-*.veilig"))) == 1


def test_the_local_secret_is_private_stable_and_survives_cleanup(
    handed: tuple[str, Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference, _, _ = handed
    secret_file = medewerker(tmp_path) / "geheim"
    assert oct(secret_file.stat().st_mode & 0o777) == "0o600"
    before = secret_file.read_bytes()
    first = secret_for(medewerker(tmp_path), reference)
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert secret_for(tmp_path / "ander", reference) != first  # each computer its own
    code, _, _ = veilig(["opschonen"], capsys, monkeypatch)
    assert code == 0 and secret_file.read_bytes() == before
    assert secret_for(medewerker(tmp_path), reference) == first
    assert Store.open(medewerker(tmp_path))[1].notices == ()  # still our own folder


def test_a_damaged_local_secret_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from veilig_tui.store import StoreError

    root = tmp_path / "d"
    Store.open(root)
    (root / "geheim").write_text("kapot\n", encoding="ascii")
    with pytest.raises(StoreError, match="beschadigd"):
        secret_for(root, "VZ-2026-ABCDEFGH")
    assert (root / "geheim").read_text(encoding="ascii") == "kapot\n"


def test_an_addition_without_keys_is_kept_but_no_file_is_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "d"))
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / "a.veilig"
    code, out, error = add(reference, ADDED, target, capsys, monkeypatch)
    assert code == 2 and "Geef de aanvulling persoonlijk." in error
    assert "De aanvulling is wel bewaard" in error and not target.exists()
    code, out, _ = veilig(["export", reference, "--formaat", "txt"], capsys, monkeypatch)
    assert ADDED in out


@pytest.mark.skipif(shutil.which("age") is None, reason="the age tool is not installed")
def test_the_standard_age_tool_opens_an_addition(
    handed: tuple[str, Path, Path], keys: dict[str, Path]
) -> None:
    reference, _, addition = handed
    result = subprocess.run(
        ["age", "-d", "-i", str(keys["casusverantwoordelijke"]), str(addition)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = result.stdout.decode("utf-8")
    assert f"Aanvulling bij melding {reference}" in page and html.escape(ADDED) in page


# -- the meldpunt named as involved: give the file directly ----------------------------

DIRECT = "Geef het bestand daarom rechtstreeks aan"


def test_with_the_meldpunt_involved_the_advice_is_to_give_it_directly(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["meldpunt"])
    target = tmp_path / "m.veilig"
    code, _, error = veilig(
        ["export", reference, "--formaat", "veilig", "-o", str(target)], capsys, monkeypatch
    )
    assert code == 0 and DIRECT in error and "gedeelde mailbox" in error
    assert "Joyce" not in error
    assert "N. Perkgoz" in error
    code, _, error = add(reference, ADDED, tmp_path, capsys, monkeypatch)
    assert code == 0 and DIRECT in error


def test_without_the_meldpunt_involved_there_is_no_such_advice(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["mt"])
    target = tmp_path / "m.veilig"
    code, _, error = veilig(
        ["export", reference, "--formaat", "veilig", "-o", str(target)], capsys, monkeypatch
    )
    assert code == 0 and DIRECT not in error


# -- a plain file says, inside, that it is not encrypted -------------------------------


def test_a_plain_file_made_without_keys_says_so_at_its_top(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "medewerker"))
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    reference = finished(capsys, monkeypatch, ["geen"])
    target = tmp_path / "gewoon.html"
    code, _, _ = veilig(["export", reference, "-o", str(target)], capsys, monkeypatch)
    assert code == 0
    page = target.read_text(encoding="utf-8")
    body = page.index("<body>")
    assert body < page.index(UNENCRYPTED) < page.index(f"Melding {reference}</h1>")


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "json"])
def test_a_plain_file_chosen_explicitly_says_so_inside(
    fmt: str,
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = finished(capsys, monkeypatch, ["geen"])
    folder, flow, profile = loaded()
    melding = original(tmp_path, reference, keys)
    made = plain_file(fmt, melding, flow, profile, folder)
    assert not made.sealed and made.suffix == f".{fmt}" and "niet versleuteld" in made.warning
    preview = export(fmt, melding, flow, profile, folder)
    assert "niet versleuteld" not in preview  # the preview on screen is not a file
    if fmt == "json":
        data = json.loads(made.text)
        assert data["versleuteld"] is False and data["waarschuwing"] == UNENCRYPTED
        assert data["inhoud"] == json.loads(preview)["inhoud"]
    elif fmt == "html":
        assert made.text.index(UNENCRYPTED) < made.text.index(f"Melding {reference}</h1>")
    else:
        top = " ".join(made.text.split("\n\n")[0].replace("*", "").replace(">", "").split())
        assert top == UNENCRYPTED


def test_a_zzp_own_record_says_it_is_not_encrypted_without_advising_to_give_it(
    tmp_path: Path,
) -> None:
    import datetime as dt

    from veilig_tui.report import UNENCRYPTED_OWN

    folder, flow, profile = loaded()
    now = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    content = {"facts": {"wat_gebeurd": "x"}, "outcome": "zzp_zelf_igj", "suspect_roles": []}
    melding = Melding("VZ-2026-ABCDEFGH", "d", now, now, "afgerond", None, None, (), content)
    made = handoff_file(melding, flow, profile, folder)
    assert UNENCRYPTED_OWN in made.text and "Geef het persoonlijk" not in made.text


def test_a_melding_sent_again_with_its_secret_makes_its_additions_verifiable(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file made without the secret (an older veilig) takes no additions; the same
    melding sent again with its secret replaces it, and then they attach."""
    reference = finished(capsys, monkeypatch, ["geen"])
    folder, flow, profile = loaded()
    without = sealed_file(original(tmp_path, reference, keys), flow, profile, folder)
    assert without is not None
    first = tmp_path / "zonder.veilig"
    first.write_text(without.text, encoding="ascii")
    inbox = tmp_path / "inbox"
    assert receive([first], keys["meldpunt"], inbox, capsys, monkeypatch)[0] == 0
    assert add(reference, ADDED, tmp_path, capsys, monkeypatch)[0] == 0
    addition = tmp_path / f"{reference}.aanvulling-1.veilig"
    code, _, error = receive([addition], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 2 and "geen geheim" in error
    again = tmp_path / "met.veilig"
    sealed_export(tmp_path, reference, again)
    code, out, error = receive([again, addition], keys["meldpunt"], inbox, capsys, monkeypatch)
    assert code == 0, error
    found = received_melding(inbox, identities(keys["meldpunt"]), reference)
    assert found is not None and [a.text for a in found.additions] == [ADDED]
