"""Handing a dossier to another role holder: one holder at a time, never to someone
involved; the sender's copy becomes read-only and may then be deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyrage import x25519

from tests.dossier.common import MARKER, NOTE, NOW, REFS, Setup, make_profile, receive, setup
from veilig_tui.dossier import DossierError
from veilig_tui.dossier.transfer import delete_handed_over, hand_over, take_over, targets
from veilig_tui.handoff import RECEIVED, addition_payload, keep, plaintext, seal
from veilig_tui.handoff import Recipient as HandoffRecipient
from veilig_tui.store.models import Addition


def with_mt(tmp_path: Path) -> tuple[Setup, Setup]:
    """The casusverantwoordelijke (sender) and the MT (receiver), each with a data folder."""
    sender = setup(tmp_path / "a")
    mt = x25519.Identity.generate()
    profile = make_profile(tmp_path / "a", sender.public, more={"mt": str(mt.to_public())})
    sender.profile = profile
    root = tmp_path / "b" / "data"
    root.mkdir(parents=True, mode=0o700)
    receiver = Setup(root, profile, [mt], str(mt.to_public()), sender.clock, sender.today)
    return sender, receiver


def add_addition(s: Setup) -> None:
    from veilig_tui.handoff import addition_page

    payload = addition_payload(REFS[0], Addition(NOW, "Aanvulling-DZ42"), "0" * 64)
    to = [HandoffRecipient("casusverantwoordelijke", "N. Perkgoz", s.public)]
    keep(s.root, seal(plaintext(addition_page(payload), payload), to), payload, s.identities, NOW)


def test_hand_over_to_the_mt(tmp_path: Path) -> None:
    sender, receiver = with_mt(tmp_path)
    receive(sender)
    add_addition(sender)
    desk = sender.desk()
    desk.sync()
    desk.set_item(REFS[0], "s4.gesprek", "gedaan", NOTE)
    assert [key for key, _, _ in targets(desk, desk.get(REFS[0]))] == ["mt"]
    data, who = hand_over(desk, REFS[0], "mt")
    assert who.naam == "MT" and MARKER.encode() not in data and NOTE.encode() not in data
    kept = desk.get(REFS[0])
    assert kept.read_only and desk.rows()[0].status == "overgedragen aan MT"
    with pytest.raises(DossierError, match="overgedragen aan MT"):
        desk.set_item(REFS[0], "s4.steun", "gedaan")
    theirs = receiver.desk()
    assert theirs.holder.rol == "mt"
    assert take_over(theirs, data) == REFS[0]
    dossier = theirs.get(REFS[0])
    assert dossier.items["s4.gesprek"].notitie == NOTE and not dossier.read_only
    melding = theirs.melding(REFS[0])
    assert melding is not None and melding.payload.feiten["wat_gebeurd"] == MARKER
    assert [a.text for a in melding.additions] == ["Aanvulling-DZ42"]
    theirs.set_item(REFS[0], "s4.steun", "gedaan")  # the new holder works on it
    with pytest.raises(DossierError, match="al een dossier"):
        take_over(theirs, data)
    for path in receiver.root.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes()
    delete_handed_over(desk, REFS[0])
    assert desk.rows() == [] and not list((sender.root / RECEIVED).glob(f"{REFS[0]}-*"))
    events = [a["gebeurtenis"] for a in desk.store.audit()]
    assert events[-2:] == ["overgedragen", "verwijderd"]


def test_never_to_someone_involved_or_a_foreign_key(tmp_path: Path) -> None:
    sender, receiver = with_mt(tmp_path)
    receive(sender, suspects=("mt",))
    desk = sender.desk()
    desk.sync()
    assert targets(desk, desk.get(REFS[0])) == []
    with pytest.raises(DossierError, match="genoemd als betrokken"):
        hand_over(desk, REFS[0], "mt")
    assert not desk.get(REFS[0]).read_only
    receive(sender, REFS[1])
    desk.sync()
    data, _ = hand_over(desk, REFS[1], "mt")
    with pytest.raises(DossierError, match="niet open met jouw sleutel"):
        take_over(desk, data)  # the sender's own key cannot open it
    with pytest.raises(DossierError, match="geen overdracht"):
        take_over(receiver.desk(), b"not a file")
