"""Drafts, finished meldingen and the audit trail behave as the UI expects."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.common import START
from tests.store.common import open_clean as _open
from veilig_tui.store import (
    FixedClock,
    Progress,
    Store,
    UnknownReferenceError,
    new_draft_id,
    new_reference,
)

SECRET = "mijn collega sloeg meneer Jansen"


def test_half_typed_text_comes_back_and_is_cleared_once_answered(tmp_path: Path) -> None:
    store = _open(tmp_path / "data")
    store.save_draft("d1", {"answers": [["direct_gevaar", "nee"]]}, Progress(1, "ongeveer 9"))
    store.save_typing("d1", "wat_gebeurd", "Vanochtend zag ik")

    draft = store.load_draft("d1")
    assert draft is not None and draft.typing is not None
    assert (draft.typing.node_id, draft.typing.text) == ("wat_gebeurd", "Vanochtend zag ik")
    assert draft.state == {"answers": [["direct_gevaar", "nee"]]}
    assert draft.progress == Progress(1, "ongeveer 9")

    answers = [["direct_gevaar", "nee"], ["wat_gebeurd", "Vanochtend zag ik iets"]]
    store.save_draft("d1", {"answers": answers}, Progress(2))
    draft = store.load_draft("d1")
    assert draft is not None and draft.typing is None
    assert draft.state["answers"] == answers


def test_draft_listing_shows_no_content(tmp_path: Path) -> None:
    store = _open(tmp_path / "data")
    store.save_draft("d1", {"answers": [["wat_gebeurd", SECRET]]}, Progress(1))
    store.save_typing("d1", "wie", SECRET)

    listing = store.list_drafts()

    assert [draft.draft_id for draft in listing] == ["d1"]
    assert listing[0].progress.answered == 1
    assert SECRET not in repr(listing)
    assert SECRET not in repr(store.load_draft("d1"))  # content stays out of logs too


def test_drafts_are_listed_newest_first_with_dates(tmp_path: Path) -> None:
    clock = FixedClock(START)
    store = _open(tmp_path / "data", clock)
    store.save_draft("eerst", {}, Progress(0))
    clock.advance(seconds=60)
    store.save_draft("later", {}, Progress(0))
    clock.advance(seconds=60)
    store.save_draft("eerst", {}, Progress(1))

    listing = store.list_drafts()
    assert [d.draft_id for d in listing] == ["eerst", "later"]
    assert listing[0].created == FixedClock(START).now
    assert listing[0].updated == clock.now


def test_finish_archives_under_a_readable_reference_and_removes_the_draft(
    tmp_path: Path,
) -> None:
    store = _open(tmp_path / "data")
    draft_id = new_draft_id()
    store.save_draft(draft_id, {"answers": [["wat_gebeurd", SECRET]]}, Progress(1))

    melding = store.finish(draft_id, {"outcome": "Veilig Thuis", "answers": [["a", SECRET]]})

    assert re.fullmatch(r"VZ-2026-[2-9A-HJKMNP-Z]{8}", melding.reference)
    assert store.load_draft(draft_id) is None
    assert store.list_drafts() == []
    (summary,) = store.list_meldingen()
    assert (summary.reference, summary.outcome, summary.status) == (
        melding.reference,
        "Veilig Thuis",
        "afgerond",
    )
    assert SECRET not in repr(store.list_meldingen())
    again = store.get(melding.reference.lower())
    assert again is not None and again.content["answers"] == [["a", SECRET]]


def test_hand_over_additions_export_and_delete(tmp_path: Path) -> None:
    clock = FixedClock(START)
    store = _open(tmp_path / "data", clock)
    reference = store.finish("d1", {"outcome": "intern"}).reference

    clock.advance(days=1)
    handed = store.mark_handed_over(reference, "aandachtsfunctionaris", clock())
    assert handed.status == "overgedragen"
    assert handed.handed_over_to == "aandachtsfunctionaris"
    assert handed.handed_over_at == clock.now

    clock.advance(days=1)
    store.add_addition(reference, "Later hoorde ik nog meer.")
    melding = store.get(reference)
    assert melding is not None
    assert [(a.date, a.text) for a in melding.additions] == [
        (clock.now, "Later hoorde ik nog meer.")
    ]

    store.log_export(reference, "pdf")
    store.delete(reference)
    assert store.get(reference) is None
    with pytest.raises(UnknownReferenceError, match="Er is geen melding met kenmerk"):
        store.add_addition(reference, "te laat")

    events = [(e.event, e.reference or e.draft_id) for e in store.audit_events()]
    assert events == [
        ("finished", reference),
        ("handed_over", reference),
        ("addition_added", reference),
        ("exported", reference),
        ("deleted", reference),
    ]


def test_audit_trail_holds_no_content(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = _open(data)
    store.save_typing("d1", "wat", SECRET)
    store.save_draft("d1", {"answers": [["wat", SECRET]]}, Progress(1))
    reference = store.finish("d1", {"outcome": SECRET}).reference
    store.mark_handed_over(reference, SECRET)
    store.add_addition(reference, SECRET)
    store.log_export(reference, "txt")
    store.delete_draft("d1")

    assert SECRET.encode() not in (data / "audit.jsonl").read_bytes()


def test_reference_draw_skips_references_already_in_the_archive() -> None:
    draws = iter("A" * 8 + "A" * 8 + "B" * 8)
    reference = new_reference(2026, {"VZ-2026-AAAAAAAA"}, choose=lambda _: next(draws))
    assert reference == "VZ-2026-BBBBBBBB"


def test_a_finish_cut_off_before_removing_the_draft_is_completed_at_start(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    store = _open(data)
    store.save_draft("d1", {"answers": [["wat", "iets"]]}, Progress(1))
    draft_bytes = (data / "concepten" / "d1.json").read_bytes()
    store.finish("d1", {"outcome": "intern"})
    (data / "concepten" / "d1.json").write_bytes(draft_bytes)  # as if killed before unlink

    reopened, report = Store.open(data)

    assert report.finished_drafts_removed == 1
    assert reopened.list_drafts() == []
    assert len(reopened.list_meldingen()) == 1


def test_store_core_does_not_import_textual() -> None:
    code = "import sys, veilig_tui.store; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
