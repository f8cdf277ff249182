"""Cleanup removes what is due, never an unhanded melding, and leaves no trace of content."""

from __future__ import annotations

from pathlib import Path

from tests.store.common import START
from tests.store.common import open_clean as _open
from veilig_tui.store import BrokenCopy, FixedClock, Progress

MARKER = "UNIEK-MERKTEKEN-7f3a9c"


def test_cleanup_dry_run_then_real_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FixedClock(START)
    store = _open(data, clock)

    # Day 0: an old draft, a melding handed over, one never handed over, leftovers.
    store.save_draft("oud", {"answers": [["wat", "oud concept"]]}, Progress(1))
    store.save_typing("weg", "wat", MARKER)
    store.save_draft("weg", {"answers": [["wat", MARKER]]}, Progress(1))
    gone = store.finish("weg", {"outcome": "Veilig Thuis", "answers": [["wat", MARKER]]})
    store.add_addition(gone.reference, f"aanvulling {MARKER}")
    store.mark_handed_over(gone.reference, f"teamleider {MARKER}", clock())
    store.save_draft("blijft", {"answers": []}, Progress(0))
    kept_unhanded = store.finish("blijft", {"outcome": "intern"})
    stray = data / f".archief.json.{4242}.{'ab12cd34'}.tmp"
    stray.write_bytes(MARKER.encode())
    (data / "concepten" / "kapot.json").write_bytes(f"kapot {MARKER}".encode())
    store.load_draft("kapot")  # moved aside to kapot.json.kapot-<day 0>

    # Day 40: a fresh draft and a melding handed over today.
    clock.advance(days=40)
    store.save_draft("nieuw", {"answers": []}, Progress(0))
    store.save_draft("recent", {"answers": []}, Progress(0))
    recent = store.finish("recent", {"outcome": "politie"})
    store.mark_handed_over(recent.reference, "politie", clock())

    before = _every_file(data)
    preview = store.cleanup(draft_days=30, handed_over_days=30, dry_run=True)
    assert _every_file(data) == before
    assert preview.dry_run
    assert preview.drafts == ("oud",)
    assert preview.meldingen == (gone.reference,)
    assert preview.temp_files == (stray,)
    (broken,) = preview.broken_copies
    assert broken.path.name == "kapot.json.kapot-20260302-093000"
    assert broken.age_days(clock()) == 40
    assert preview.summary().startswith("Als je opruimt, gaat dit weg: 1 concept, 1 melding")

    done = store.cleanup(draft_days=30, handed_over_days=30, dry_run=False)
    assert (done.drafts, done.meldingen) == (preview.drafts, preview.meldingen)
    assert done.summary().startswith("Opgeruimd: 1 concept, 1 melding")
    assert {d.draft_id for d in store.list_drafts()} == {"nieuw"}
    assert {m.reference for m in store.list_meldingen()} == {
        kept_unhanded.reference,
        recent.reference,
    }
    # a moved-aside copy may hold the only copy of a melding: it stays until asked
    assert broken.path.read_bytes() == f"kapot {MARKER}".encode()
    assert done.broken_copies == preview.broken_copies
    assert store.remove_broken_copies(done.broken_copies) == 1
    for path, content in _every_file(data).items():
        assert MARKER.encode() not in content, f"{path} still holds deleted content"
    cleaned = [e for e in store.audit_events() if e.event == "cleaned"]
    assert gone.reference in {e.reference for e in cleaned}
    assert "oud" in {e.draft_id for e in cleaned}

    # Much later, a melding that was never handed over is still kept.
    clock.advance(days=3650)
    later = store.cleanup(draft_days=30, handed_over_days=30, dry_run=False)
    assert later.broken_copies == ()
    assert kept_unhanded.reference not in later.meldingen
    assert store.get(kept_unhanded.reference) is not None


def test_deleting_a_melding_leaves_no_copy_of_its_content(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data)
    store.save_typing("d1", "wat", MARKER)
    store.save_draft("d1", {"answers": [["wat", MARKER]]}, Progress(1))
    melding = store.finish("d1", {"outcome": "intern", "answers": [["wat", MARKER]]})

    store.delete(melding.reference)

    assert store.get(melding.reference) is None
    for path, content in _every_file(data).items():
        assert MARKER.encode() not in content, f"{path} still holds deleted content"
    assert ("deleted", melding.reference) in {(e.event, e.reference) for e in store.audit_events()}


def _every_file(root: Path) -> dict[Path, bytes]:
    """Content of every regular file under root."""
    return {p: p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_broken_copies_are_never_removed_by_cleanup_however_old(tmp_path: Path) -> None:
    data = tmp_path / "data"
    clock = FixedClock(START)
    store = _open(data, clock)
    (data / "concepten" / "d1.json").write_bytes(b"kapot")
    store.load_draft("d1")
    clock.advance(days=5000)
    for dry_run in (True, False):
        report = store.cleanup(draft_days=0, handed_over_days=0, dry_run=dry_run)
        assert [c.path.name for c in report.broken_copies] == ["d1.json.kapot-20260302-093000"]
    assert (data / "concepten" / "d1.json.kapot-20260302-093000").read_bytes() == b"kapot"
    # only copies in this data folder can be removed, whatever is asked
    outside = tmp_path / "elders.json.kapot-20260302-093000"
    outside.write_bytes(b"van iemand anders")
    fake = BrokenCopy(outside, report.broken_copies[0].moved)
    assert store.remove_broken_copies([fake]) == 0
    assert outside.read_bytes() == b"van iemand anders"
