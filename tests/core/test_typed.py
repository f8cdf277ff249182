"""What the user typed: nothing typed is lost, nothing deleted survives (issue 9)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from tests.conftest import REPORT, TODAY, play, with_answers

from veilig_tui.flow.check import Flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import Profile
from veilig_tui.plain import PlainFront
from veilig_tui.report import export_json
from veilig_tui.session import Session
from veilig_tui.store import Store

OLD_NAME = "Jan de Vries uit kamer 12"
WITNESS = "Piet Pietersen de buurman"


def upto(node_id: str) -> list[tuple[str, object]]:
    """The answers of REPORT before the question `node_id`."""
    return REPORT[: [n for n, _ in REPORT].index(node_id)]


def new_session(flow: Flow, profile: Profile, data: Path) -> Session:
    store, _ = Store.open(data)
    return Session(Dialogue(flow, profile, today=lambda: TODAY), store)


def stored_files(data: Path) -> str:
    """Every file in the data folder, as one text."""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in data.rglob("*") if p.is_file()
    )


def test_a_replaced_answer_is_nowhere_in_the_archive_or_the_export(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    session = new_session(melden, profile, data)
    d = session.dialogue
    play(d, upto("client_kenmerk"))
    session.answer(OLD_NAME)  # a name where the client number belongs
    assert session.back() and d.current.id == "client_kenmerk"
    assert d.prefill("client_kenmerk") == OLD_NAME  # shown again as a starting point
    session.answer("C-1042")
    assert OLD_NAME not in stored_files(data)  # the new answer supersedes it at once
    # a witness named, then the route changed: that text is not on the final path
    rest = REPORT[len(upto("client_kenmerk")) + 1 :]
    play(d, rest[: [n for n, _ in rest].index("getuigen")])
    session.answer("ja")
    session.answer(WITNESS)
    assert session.back() and session.back() and d.current.id == "getuigen"
    play(d, rest[[n for n, _ in rest].index("getuigen") :])
    assert d.finished
    melding = session.finish()
    assert melding is not None
    files = stored_files(data)
    exported = export_json(melding)
    for text in (OLD_NAME, WITNESS):
        assert text not in files and text not in exported
    assert "C-1042" in files and "C-1042" in exported
    assert '"versie": 2' in exported
    assert '"remembered"' not in exported and '"pending"' not in exported


def test_an_edited_away_answer_is_not_in_the_melding(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    session = new_session(melden, profile, data)
    d = session.dialogue
    play(d, with_answers(REPORT, getuigen="ja")[: len(upto("getuigen")) + 1])
    session.answer(WITNESS)
    play(d, REPORT[len(upto("al_gedaan")) :])
    index = next(line.index for line in d.lines() if line.node_id == "getuigen")
    session.edit(index, "nee")
    assert d.finished
    melding = session.finish()
    assert melding is not None
    assert WITNESS not in stored_files(data) and WITNESS not in export_json(melding)


ACCOUNT = "Vanochtend zag ik dat collega A."


def test_back_keeps_half_typed_text_also_after_a_restart(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    session = new_session(melden, profile, data)
    d = session.dialogue
    play(d, upto("wat_gebeurd"))
    session.save_typing(ACCOUNT)  # typed, not given
    assert session.back() and d.current.id == "werkrelatie"
    session.answer("organisatie")
    assert d.current.id == "wat_gebeurd" and d.prefill("wat_gebeurd") == ACCOUNT
    assert session.back()  # nothing typed this time: the kept text stays
    store, _ = Store.open(data)
    again, message, typed = Session.resume(
        melden, profile, store, session.draft_id, today=lambda: TODAY
    )
    assert message is None and typed is None
    again.answer("organisatie")
    assert again.dialogue.prefill("wat_gebeurd") == ACCOUNT


def test_back_after_emptying_the_field_shows_it_empty(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    session = new_session(melden, profile, tmp_path / "data")
    d = session.dialogue
    play(d, upto("wat_gebeurd"))
    session.answer(ACCOUNT)
    assert session.back()
    session.save_typing("")  # the user deleted it all, then went back
    assert session.back()
    session.answer("organisatie")
    assert not d.prefill("wat_gebeurd")


def plain_session(
    flow: Flow, profile: Profile, data: Path, lines: list[str]
) -> tuple[Session, str, int]:
    session = new_session(flow, profile, data)
    out = io.StringIO()
    code = PlainFront(session, io.StringIO("\n".join(lines) + "\n"), out).run()
    return session, out.getvalue(), code


def test_plain_mode_back_then_enter_keeps_the_text(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    from tests.core.test_plain import typed

    lines = typed(REPORT)
    at = lines.index(str(REPORT[2][1]))  # the account
    # the account, then 't' at the next question, then Enter at the account again
    lines = [*lines[: at + 1], "t", "", *lines[at + 1 :], ""]
    session, out, code = plain_session(melden, profile, tmp_path / "data", lines)
    assert code == 0, out
    assert f"Je antwoord was: {REPORT[2][1]}" in out
    assert "Enter = zo laten." in out
    store, _ = Store.open(tmp_path / "data")
    (summary,) = store.list_meldingen()
    melding = store.get(summary.reference)
    assert melding is not None and str(REPORT[2][1]) in export_json(melding)


def test_plain_mode_optional_text_can_be_emptied_after_back(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    from tests.core.test_plain import typed

    answers = with_answers(REPORT, client_wil="Ze wil dat het stopt")
    lines = typed(answers)
    at = lines.index("Ze wil dat het stopt")
    lines = [*lines[: at + 1], "t", "-", *lines[at + 1 :], ""]
    _, out, code = plain_session(melden, profile, tmp_path / "data", lines)
    assert code == 0, out
    assert "Leeg laten: typ een streepje (-)." in out
    assert "Ze wil dat het stopt" not in out.split("=== Je antwoorden ===")[1]


def test_plain_mode_survives_a_strange_remembered_date(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    """A draft edited by hand with a remembered date that is no date: no crash."""
    from tests.core.test_plain import typed

    session = new_session(melden, profile, tmp_path / "data")
    lines = typed(REPORT)
    play(session.dialogue, upto("wanneer"))
    session.dialogue.remembered["wanneer"] = "geen-datum"
    done = len(typed(upto("wanneer")))
    out = io.StringIO()
    code = PlainFront(session, io.StringIO("\n".join(["", *lines[done:], ""]) + "\n"), out).run()
    assert "Je antwoord was: geen-datum" in out.getvalue()
    assert "Deze datum begrijpt de app niet." in out.getvalue()
    assert code == 0, out.getvalue()


def test_export_of_an_older_melding_leaves_out_undone_answers(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    """A melding finished by the previous version still has `remembered` in its state:
    the JSON export leaves it out."""
    session = new_session(melden, profile, tmp_path / "data")
    play(session.dialogue, REPORT)
    melding = session.finish()
    assert melding is not None
    old = dict(melding.content)
    old["state"] = {**old["state"], "pending": [], "remembered": [["client_kenmerk", OLD_NAME]]}
    exported = export_json(replace(melding, content=old))
    assert OLD_NAME not in exported and "C-1042" in exported
