"""Finishing is idempotent per draft (issue 9, item 7): one draft, one melding, one
reference, also from two windows or after an error; a missing audit line after the
melding was stored is told as such, not as a failed save."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPORT, TODAY, play
from veilig_tui.flow.check import Flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import Profile
from veilig_tui.plain import PlainFront
from veilig_tui.session import Session
from veilig_tui.store import Progress, Store, StoreError


def finished_session(flow: Flow, profile: Profile, data: Path) -> Session:
    store, _ = Store.open(data)
    session = Session(Dialogue(flow, profile, today=lambda: TODAY), store)
    play(session.dialogue, REPORT)
    session.save()
    return session


def melding_files(data: Path) -> list[Path]:
    return sorted((data / "meldingen").glob("*.json"))


def test_one_draft_finished_in_two_windows_is_one_melding(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = finished_session(melden, profile, data)
    other_store, _ = Store.open(data)  # a second window with the same draft open
    second, _, _ = Session.resume(melden, profile, other_store, first.draft_id, today=lambda: TODAY)
    one = first.finish()
    two = second.finish()
    assert one is not None and two is not None
    assert one.reference == two.reference
    assert len(melding_files(data)) == 1
    assert [m.reference for m in other_store.list_meldingen()] == [one.reference]
    (notice,) = second.notices
    assert f"al afgerond en bewaard, met kenmerk {one.reference}" in notice
    assert "geen tweede melding" in notice
    finished = [e for e in other_store.audit_events() if e.event == "finished"]
    assert len(finished) == 1


def test_a_retry_after_an_error_gives_one_melding(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store, _ = Store.open(data)
    store.save_draft("d1", {"answers": []}, Progress(0))
    shutil.rmtree(data / "meldingen", ignore_errors=True)
    (data / "meldingen").write_text("geen map")  # the melding cannot be stored: an error
    with pytest.raises(StoreError):
        store.finish("d1", {"outcome": "intern"})
    assert [d.draft_id for d in store.list_drafts()] == ["d1"]  # kept: the user may retry
    (data / "meldingen").unlink()
    again = store.finish("d1", {"outcome": "intern"})
    assert melding_files(data) == [data / "meldingen" / f"{again.reference}.json"]
    assert store.finish("d1", {"outcome": "intern"}).reference == again.reference
    assert store.list_drafts() == []
    assert [m.reference for m in store.list_meldingen()] == [again.reference]


def test_an_index_that_cannot_be_written_does_not_undo_a_stored_change(tmp_path: Path) -> None:
    """The index is only a help: a melding stored or handed over while its index line
    cannot be written is stored, listed, and said to be stored."""
    data = tmp_path / "data"
    store, _ = Store.open(data)
    store.save_draft("d1", {"answers": []}, Progress(0))
    index = data / "meldingen" / "index.jsonl"
    index.mkdir(parents=True)
    melding = store.finish("d1", {"outcome": "intern"})
    store.mark_handed_over(melding.reference, "meldpunt")
    (listed,) = store.list_meldingen()
    assert (listed.reference, listed.status) == (melding.reference, "overgedragen")
    assert store.list_drafts() == []


def test_two_drafts_get_two_references(tmp_path: Path) -> None:
    store, _ = Store.open(tmp_path / "data")
    references = set()
    for draft_id in ("d1", "d2", "d3"):
        store.save_draft(draft_id, {"answers": []}, Progress(0))
        references.add(store.finish(draft_id, {"outcome": "intern"}).reference)
    assert len(references) == 3 and len(store.list_meldingen()) == 3


def test_missing_audit_line_says_the_melding_is_stored(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    session = finished_session(melden, profile, data)
    audit = data / "audit.jsonl"
    audit.unlink()
    audit.mkdir()  # the audit line cannot be written
    out = io.StringIO()
    assert PlainFront(session, io.StringIO(), out).finish() is True
    text = out.getvalue()
    (path,) = melding_files(data)
    reference = path.stem
    assert f"Je melding is wel bewaard, met kenmerk {reference}." in text
    assert "logboek van veilig ontbreekt" in text
    assert f"Je melding is bewaard. Kenmerk: {reference}." in text
    assert "NIET bewaard" not in text and "kon niet opslaan" not in text.lower()
    assert session.store.list_drafts() == []
