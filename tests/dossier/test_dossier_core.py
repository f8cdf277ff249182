"""The dossier core without a screen: statuses, steps, who is responsible, the IGJ
deadline, encryption at rest, the audit trail and retention."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from pyrage import x25519

from tests.dossier.common import MARKER, NOTE, NOW, REFS, receive, setup
from veilig_tui.deadlines import format_datum, igj_deadline
from veilig_tui.dossier import DossierError, set_holder
from veilig_tui.dossier.desk import improvement_rows
from veilig_tui.dossier.steps import ITEMS, STEPS
from veilig_tui.dossier.store import DossierStore
from veilig_tui.org import UNSET


def all_bytes(root: Path) -> list[bytes]:
    return [p.read_bytes() for p in root.rglob("*") if p.is_file()]


def test_a_received_melding_becomes_a_new_dossier(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    assert desk.holder.rol == "casusverantwoordelijke" and desk.holder.naam == "N. Perkgoz"
    assert desk.sync() == [REFS[0]]
    assert desk.sync() == []  # one dossier per melding
    [row] = desk.rows()
    assert (row.reference, row.status, row.step, row.countdown) == (
        REFS[0],
        "nieuw",
        "1",
        "",
    )
    assert row.route == "meldpunt" and row.days_open == 0
    assert MARKER not in repr(row)  # no content of the melding in the list
    s.clock.advance(days=3)
    s.today[0] += dt.timedelta(days=3)
    assert desk.rows()[0].days_open == 3
    melding = desk.melding(REFS[0])
    assert melding is not None and melding.payload.feiten["wat_gebeurd"] == MARKER


def test_nothing_decrypted_on_disk_and_the_audit_has_ids_only(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    desk.sync()
    desk.set_item(REFS[0], "s5.politie", "gedaan", NOTE)
    desk.add_improvement(REFS[0], "Verbeterpunt-DZ42 scholing over grenzen")
    for data in all_bytes(s.root):
        for marker in (MARKER, NOTE, "Verbeterpunt-DZ42", "veilig-dossier", "s3.overleg"):
            assert marker.encode() not in data
    path = s.root / "dossiers" / f"{REFS[0]}.dossier"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    audit = desk.store.audit()
    assert [a["gebeurtenis"] for a in audit] == ["aangemaakt", "onderdeel", "verbeterpunt"]
    assert audit[1]["item"] == "s5.politie" and audit[1]["door"] == "N. Perkgoz"
    assert not list(s.root.rglob(".*.tmp"))


def test_another_key_opens_nothing(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s)
    s.desk().sync()
    other = x25519.Identity.generate()
    stranger = DossierStore(s.root, str(other.to_public()), [other])
    with pytest.raises(DossierError, match="niet open met jouw sleutel"):
        stranger.read(REFS[0])
    [(reference, error)] = stranger.all()
    assert reference == REFS[0] and isinstance(error, DossierError)


def test_items_record_state_note_date_role_and_holder(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    desk.sync()
    dossier = desk.set_item(REFS[0], "s3.overleg", "gedaan", "  gepland op dinsdag ")
    record = dossier.items["s3.overleg"]
    assert (record.staat, record.notitie, record.datum) == (
        "gedaan",
        "gepland op dinsdag",
        NOW.date(),
    )
    assert (record.door.rol, record.door.naam) == ("casusverantwoordelijke", "N. Perkgoz")
    assert dossier.status == "in_behandeling"
    for item in STEPS[0].items + STEPS[1].items:  # steps in any order: 3 first, then 1 and 2
        desk.set_item(REFS[0], item.id, "nvt" if item.id == "s1.aanspreken" else "gedaan")
    assert desk.rows()[0].step == "3"
    with pytest.raises(DossierError, match="Onbekend onderdeel"):
        desk.set_item(REFS[0], "s9.niets", "gedaan")


def test_the_steps_carry_the_seeds_sub_actions() -> None:
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5, 6]
    assert ITEMS["s4.politie"].decision and "politie" in ITEMS["s4.politie"].text
    assert "Waarschuwingsregister — als uw organisatie" in ITEMS["s5.ontslag"].text
    assert "calamiteit" in ITEMS["s5.calamiteit"].text
    assert ITEMS["s6.evaluatie"].roles == ("zorgmanager",)
    assert all(item.source for item in ITEMS.values())


def test_the_suspected_person_is_never_named_as_responsible(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s, suspects=("meldpunt",))
    desk = s.desk()
    desk.sync()
    dossier = desk.get(REFS[0])
    text = "\n".join(
        [*desk.roles_for_case(dossier), *(desk.item_who(dossier, i) for i in ITEMS.values())]
    )
    assert "Joyce" not in text
    assert "Casusverantwoordelijke (N. Perkgoz)" in text
    assert f"Wijkverpleegkundige: {UNSET}" in text  # blanks said plainly
    # step 4 reveals that the casusverantwoordelijke is involved too: recomputed
    dossier = desk.add_involved(REFS[0], "casusverantwoordelijke")
    text = "\n".join(desk.who(dossier, ["casusverantwoordelijke"]))
    assert "Perkgoz" not in text and "MT" in text
    # cleared later: recorded as onterecht verdacht, still without a task in this case
    dossier = desk.clear(REFS[0], "casusverantwoordelijke")
    assert dossier.onterecht_verdacht == ["casusverantwoordelijke"]
    assert "Perkgoz" not in "\n".join(desk.who(dossier, ["casusverantwoordelijke"]))


def test_no_igj_melder_warns_with_what_to_do_meanwhile(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    desk.sync()
    warning = desk.igj_warning(desk.get(REFS[0]))
    assert UNSET in warning and "Vraag het de casusverantwoordelijke." in warning


# (vastgesteld op, today, last day, working days left, words) across feestdagen,
# 5 mei, Goede Vrijdag and a gelijkgestelde dag of the default profile (15 mei 2026).
CASES = [
    (dt.date(2026, 4, 24), dt.date(2026, 4, 24), dt.date(2026, 4, 30), 3, "nog 3 werkdagen"),
    (dt.date(2026, 5, 1), dt.date(2026, 5, 6), dt.date(2026, 5, 7), 1, "LET OP: nog 1 werkdag"),
    (dt.date(2027, 3, 25), dt.date(2027, 4, 1), dt.date(2027, 4, 1), 0, "LET OP: laatste dag"),
    (dt.date(2026, 5, 13), dt.date(2026, 5, 19), dt.date(2026, 5, 20), 1, "LET OP: nog 1"),
    (dt.date(2026, 12, 24), dt.date(2026, 12, 31), dt.date(2026, 12, 30), 0, "TE LAAT"),
]


@pytest.mark.parametrize(("start", "today", "last", "left", "words"), CASES)
def test_the_igj_deadline_counts_working_days(
    tmp_path: Path, start: dt.date, today: dt.date, last: dt.date, left: int, words: str
) -> None:
    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    desk.sync()
    dossier = desk.add_duty(REFS[0], "geweld", start, "de collega gaf het toe")
    assert dossier.status == "wacht_op_igj"
    s.today[0] = today
    [view] = desk.duties(desk.get(REFS[0]))
    expected = igj_deadline(start, s.profile.days_off())
    assert view.deadline == expected and view.deadline.last_day == last
    assert view.left == left and view.countdown.startswith(words)
    assert view.urgent == (left <= 1)
    assert format_datum(last) in view.explanation
    row = desk.rows()[0]
    assert row.countdown == view.countdown and row.urgent == view.urgent
    if start == dt.date(2026, 5, 13):
        assert "gelijkgestelde dag" in view.explanation and "Hemelvaartsdag" in view.explanation
    dossier = desk.reported(REFS[0], view.duty.id, today)
    assert dossier.status == "in_behandeling"
    assert desk.rows()[0].countdown == "" and not desk.rows()[0].urgent
    assert desk.duties(dossier)[0].countdown == f"gemeld {today:%d-%m-%Y}"


def test_filter_by_status_and_search_by_reference(tmp_path: Path) -> None:
    s = setup(tmp_path)
    for ref in REFS:
        receive(s, ref)
    desk = s.desk()
    assert len(desk.sync()) == 3
    desk.set_status(REFS[1], "afgesloten")
    desk.add_duty(REFS[2], "ontslag", NOW.date())
    assert [r.reference for r in desk.rows("afgesloten")] == [REFS[1]]
    assert [r.reference for r in desk.rows("wacht_op_igj")] == [REFS[2]]
    assert [r.reference for r in desk.rows(search="abcd")] == [REFS[1]]
    assert desk.rows()[0].reference == REFS[2]  # a running deadline first


def test_retention_unset_keeps_closed_dossiers_and_says_so(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    desk.sync()
    desk.set_status(REFS[0], "afgesloten")
    s.clock.advance(days=4000)
    assert desk.retention_days() is None and desk.due() == []
    assert UNSET in desk.retention_text()


def test_retention_deletes_a_closed_dossier_with_a_content_free_trace(tmp_path: Path) -> None:
    s = setup(tmp_path, extra="  dossier_dagen: 30\n")
    receive(s)
    receive(s, REFS[1])
    desk = s.desk()
    desk.sync()
    desk.set_status(REFS[0], "afgesloten")
    assert "30 dagen na afsluiten" in desk.retention_text(desk.get(REFS[0]))
    s.clock.advance(days=29)
    assert desk.clean_up() == []
    s.clock.advance(days=2)
    assert desk.clean_up(dry_run=True) == [REFS[0]]
    assert desk.clean_up() == [REFS[0]]
    assert [r.reference for r in desk.rows()] == [REFS[1]]
    assert not list((s.root / "ontvangen").glob(f"{REFS[0]}-*"))
    assert desk.sync() == []  # not made again from the received file
    assert desk.store.audit()[-1]["gebeurtenis"] == "verwijderd"


def test_verbeterregister_across_dossiers(tmp_path: Path) -> None:
    s = setup(tmp_path)
    for ref in REFS[:2]:
        receive(s, ref)
    desk = s.desk()
    desk.sync()
    desk.add_improvement(REFS[0], "Scholing over grenzen")
    desk.add_improvement(REFS[1], "Tweede aanspreekpunt invullen", "directie")
    desk.improvement_done(REFS[1], "v1")
    rows = improvement_rows(desk)
    assert [(r["dossier"], r["eigenaar"], r["status"]) for r in rows] == [
        (REFS[1], "directie", "gedaan"),
        (REFS[0], "zorgmanager", "open"),
    ]


def test_a_holder_not_in_the_profile_is_asked_once(tmp_path: Path) -> None:
    s = setup(tmp_path)
    other = x25519.Identity.generate()
    s.identities = [other]
    with pytest.raises(DossierError, match="veilig dossier --naam"):
        s.desk()
    set_holder(s.root, "  A.  Jansen ", "meldpunt")
    assert s.desk().holder.naam == "A. Jansen"
