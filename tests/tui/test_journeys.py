"""Journeys through the terminal app, driven only by key presses."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.core.test_handoff_files import keys_fixture  # noqa: F401  (the fixture "keys")
from tests.tui.driver import (
    TYPED,
    answer,
    answer_field,
    make_app,
    make_file,
    play,
    resume_first_draft,
    scenario_answers,
    screen_text,
    started,
    type_text,
)
from veilig_tui.store import Store, StoreWriteError

FINAL = {
    # 03 and 08 are played to the end, with these same checks, by the long journeys
    # below (test_full_melding_… and test_suspect_meldpunt_is_never_named).
    "22_naaste_opschrijven": ("meldcode", "Veilig Thuis", True),
    "23_naaste_niet_opschrijven": ("meldcode", "Veilig Thuis", False),
    "20_client_agressie_tegen_medewerker": ("buiten_leidraad", "leidinggevende", False),
    "25_zzp_eigen_clienten": ("zzp_zelf_igj", "binnen drie werkdagen", True),
}


@pytest.mark.parametrize("name", sorted(FINAL))
async def test_every_final_outcome(name: str, tmp_path: Path) -> None:
    outcome, visible, makes_melding = FINAL[name]
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, scenario_answers(name))
        assert app.session is not None and app.session.dialogue.outcome == outcome
        text = screen_text(app)
        assert visible in text
        assert "Direct gevaar? Bel 112" in text
        await pilot.press("enter")  # 'Alles nakijken' or 'Klaar'
        await pilot.pause()
        if makes_melding:
            assert "Kijk je antwoorden na" in screen_text(app)
        else:
            if "Wat wil je met wat je hebt getypt?" in screen_text(app):
                await pilot.press("shift+tab", "enter")  # 'Weggooien'
                await pilot.pause()
            assert "Er is niets bewaard" in screen_text(app)
            store, _ = Store.open(tmp_path)
            assert store.list_drafts() == [] and store.list_meldingen() == []


async def test_typed_text_is_not_wiped_without_asking(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, scenario_answers("23_naaste_niet_opschrijven"))
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Wat wil je met wat je hebt getypt?" in text
        assert "Bewaren" in text and "Weggooien" in text
        await pilot.press("enter")  # 'Bewaren' has focus
        await pilot.pause()
        assert "Wat je typte, is bewaard als onafgemaakte melding." in screen_text(app)
        store, _ = Store.open(tmp_path)
        assert len(store.list_drafts()) == 1 and store.list_meldingen() == []


async def test_112_path_after_one_keystroke(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        assert "Is er nu direct gevaar?" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert "Bel nu 112 en vraag om de politie." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Voor wie werk je bij deze cliënt?" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert "Kan iemand nu gewond raken? Bel 112" in screen_text(app)


async def test_full_melding_review_edit_finish_export_hand_over(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, scenario_answers("03_collega_geen_gevaar_client_veilig"))
        assert app.session is not None and app.session.dialogue.outcome == "meld_meldpunt"
        text = screen_text(app)
        assert "Joyce Redelijkheid" in text and "Direct gevaar? Bel 112" in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Kijk je antwoorden na" in screen_text(app)
        # change 'wie' to a naaste: the role question no longer applies
        lines = app.session.dialogue.lines()
        position = next(i for i, line in enumerate(lines) if line.node_id == "wie")
        await pilot.press(*(["down"] * position), "enter")
        await pilot.pause()
        await pilot.press("8")  # een naaste
        await pilot.pause()
        assert "Werkt deze naaste ook voor Anka Thuiszorg bv?" in screen_text(app)
        # the new questions: no, information, then 'ja, ik maak mijn melding af'
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.session is not None and app.session.dialogue.outcome == "meldcode"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert "Zo ziet je melding eruit" in screen_text(app)
        # stopping before finishing asks first
        await pilot.click("#done")
        await pilot.pause()
        assert "nog niet afgerond" in screen_text(app)
        await pilot.press("enter")  # 'Nee': stay
        await pilot.pause()
        assert "Zo ziet je melding eruit" in screen_text(app)
        await pilot.click("#finish")  # Afronden en bewaren
        await pilot.pause()
        assert app.melding is not None
        ref = app.melding.reference
        assert f"Kenmerk: {ref}" in screen_text(app)
        store, _ = Store.open(tmp_path / "data")
        assert [m.reference for m in store.list_meldingen()] == [ref]
        # make the file: no keys in the profile, so a web page (not encrypted) is offered
        await make_file(pilot, app, tmp_path)
        target = tmp_path / f"{ref}.html"
        assert target.is_file() and ref in target.read_text(encoding="utf-8")
        assert "niet versleuteld" in screen_text(app)
        # asked at once whether it was given: yes; to whom; then remove the local copy
        assert "Heb je het bestand al gegeven?" in screen_text(app)
        await pilot.press("shift+tab", "enter")  # 'Ja, gegeven'
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.pause()
        await type_text(pilot, "meldpunt")
        await pilot.press("enter")
        await pilot.pause()
        assert "Wil je de kopie op deze computer nu verwijderen?" in screen_text(app)
        assert "Direct gevaar? Bel 112" in screen_text(app)  # also on the dialog
        await pilot.press("shift+tab", "enter")  # 'Nee' has focus; go to 'Ja'
        await pilot.pause()
        assert "van deze computer verwijderd" in screen_text(app)
        store, _ = Store.open(tmp_path / "data")
        assert store.list_meldingen() == []


async def test_hide_key_saves_and_a_new_app_offers_the_draft(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(
            pilot, app, [("direct_gevaar", "nee"), ("werkrelatie", "organisatie")], to_end=False
        )
        await pilot.press(*"Half", "space", *"getypt")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 1  # stopped: the melding is not finished (kept as a draft)
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await started(pilot, again)
        assert "Je hebt 1 onafgemaakte melding" in screen_text(again)
        await pilot.press("c")
        await pilot.pause()
        assert "Onafgemaakte meldingen" in screen_text(again)
        assert "Half" not in screen_text(again)  # the list shows no content
        await pilot.press("enter")
        await pilot.pause()
        assert again.session is not None and again.session.dialogue.current.id == "wat_gebeurd"
        area = again.screen.query_one("TextArea")
        assert area.text == "Half getypt"  # type: ignore[attr-defined]


async def test_typed_markup_and_escapes_stay_literal(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    hostile = "[@click=app.quit]x [bold]x[/] \x1b[2J"
    literal = "[@click=app.quit]x [bold]x[/] ␛[2J"
    answers = scenario_answers("03_collega_geen_gevaar_client_veilig")
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, answers[:2], to_end=False)
        area = app.screen.query_one("TextArea")
        app.post_message(events.Paste(hostile))  # what a terminal sends on paste
        await pilot.pause()
        assert area.text == literal  # type: ignore[attr-defined]
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert app.is_running
        await play(pilot, app, answers[3:])
        await pilot.press("enter")
        await pilot.pause()
        assert literal in screen_text(app)  # the review screen
        await pilot.click("#answers", offset=(2, 5))  # a click on the list does no harm
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert literal in screen_text(app)  # the preview of the melding
        assert app.is_running


async def test_escape_keeps_what_was_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(
            pilot, app, [("direct_gevaar", "nee"), ("werkrelatie", "organisatie")], to_end=False
        )
        await pilot.press(*"Collega", "space", *"B.", "tab", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        area = app.screen.query_one("TextArea")
        assert area.text == "Collega B."  # type: ignore[attr-defined]
        await pilot.press(*"!")  # the cursor is at the end: typing goes on there
        assert area.text == "Collega B.!"  # type: ignore[attr-defined]


async def test_hide_right_after_a_paste_keeps_the_paste(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(
            pilot, app, [("direct_gevaar", "nee"), ("werkrelatie", "organisatie")], to_end=False
        )
        app.post_message(events.Paste("Geplakte tekst"))  # a paste, as the terminal sends it
        await pilot.press("ctrl+q")
        await pilot.pause()
    store, _ = Store.open(tmp_path)
    draft = store.load_draft(store.list_drafts()[0].draft_id)
    assert draft is not None and draft.typing is not None
    assert draft.typing.text == "Geplakte tekst"


async def test_suspect_meldpunt_is_named_on_no_screen_and_in_no_file(tmp_path: Path) -> None:
    """The meldpunt is the person it is about: until the roles answer the safety row says
    the role only; from then on her name is on no screen, not in the review (the answer
    reads 'Meldpunt'), not in the finished melding and not in the file made of it."""
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        answers = scenario_answers("08_pleger_is_meldpunt")
        roles_at = answers.index(("pleger_rol", ["meldpunt"]))
        for node_id, value in answers[:roles_at]:
            assert app.safety_text == "Direct gevaar? Bel 112 · Melden: het meldpunt (F1)"
            await answer(pilot, app, node_id, value)
        await answer(pilot, app, *answers[roles_at])
        for node_id, value in answers[roles_at + 1 :]:
            assert "Joyce" not in screen_text(app), node_id
            await answer(pilot, app, node_id, value)
        for _ in range(3):  # information and advice up to the final advice
            assert "Joyce" not in screen_text(app)
            if app.session is not None and app.session.dialogue.finished:
                break
            await pilot.press("enter")
            await pilot.pause()
        assert app.session is not None
        assert app.session.dialogue.outcome == "meld_ander_aanspreekpunt"
        text = screen_text(app)
        assert "N. Perkgoz" in text and "Direct gevaar? Bel 112" in text
        await pilot.press("enter")  # review
        await pilot.pause()
        text = screen_text(app)
        assert "Kijk je antwoorden na" in text and "Meldpunt" in text and "Joyce" not in text
        await pilot.press("a")
        await pilot.pause()
        assert "Joyce" not in screen_text(app)  # the preview of the melding
        await pilot.press("enter")  # Afronden en bewaren
        await pilot.pause()
        text = screen_text(app)
        assert "geef het aan N. Perkgoz (casusverantwoordelijke)" in text
        assert "Joyce" not in text
        await make_file(pilot, app, tmp_path)
        assert app.melding is not None
        target = tmp_path / f"{app.melding.reference}.html"
        assert target.is_file() and "Joyce" not in target.read_text(encoding="utf-8")


async def test_help_before_the_roles_answer_names_the_meldpunt_and_who_else(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        assert "Joyce" not in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Joyce Redelijkheid (meldpunt)" in text
        assert "Gaat het over deze persoon (meldpunt) zelf? Meld het dan bij:" in text
        assert "N. Perkgoz (casusverantwoordelijke)" in text.split("Meld het dan bij:")[1]


async def test_a_storage_problem_at_start_does_not_send_the_user_to_the_wrong_fix(
    tmp_path: Path,
) -> None:
    (tmp_path / "brief.txt").write_text("van iemand anders", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        text = screen_text(app)
        assert "geen map van veilig" in text and "--data" in text
        assert "veilig controleer" not in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.txt"]


async def test_escape_keeps_text_not_yet_given_also_after_a_restart(tmp_path: Path) -> None:
    """Typed, not sent with Verder, then Esc: the text is there when the question comes
    back, in this window and after the app is closed and opened again."""
    start = [("direct_gevaar", "nee"), ("werkrelatie", "organisatie")]
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, start, to_end=False)
        await type_text(pilot, "Half getypt verhaal")
        await pilot.press("escape")  # 'Terug', without pressing Verder
        await pilot.pause()
        assert "Voor wie werk je" in screen_text(app)
        await answer(pilot, app, "werkrelatie", "organisatie")
        area = app.screen.query_one("TextArea")
        assert area.text == "Half getypt verhaal"  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await resume_first_draft(pilot, again)
        await answer(pilot, again, "werkrelatie", "organisatie")
        area = again.screen.query_one("TextArea")
        assert area.text == "Half getypt verhaal"  # type: ignore[attr-defined]


async def test_one_line_answers_move_on_with_enter(tmp_path: Path) -> None:
    """Client number, name and phone are one-line fields: Enter gives the answer."""
    answers = scenario_answers("03_collega_geen_gevaar_client_veilig")
    at = [n for n, _ in answers].index("client_kenmerk")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, answers[:at], to_end=False)
        assert "Om welke cliënt gaat het?" in screen_text(app)
        assert "Typ je antwoord en druk op Enter." in screen_text(app)
        await type_text(pilot, "C-1042")
        await pilot.press("enter")
        await pilot.pause()
        assert "Om welke cliënt gaat het?" not in screen_text(app)
        assert app.session is not None
        assert ("client_kenmerk", "C-1042") in app.session.dialogue.answers
        rest = [
            (n, v) for n, v in answers[at + 1 :] if n not in ("melder_naam", "melder_bereikbaar")
        ]
        await play(pilot, app, rest, to_end=False)
        for node_id, typed in (("melder_naam", "Sanne"), ("melder_bereikbaar", "06 12345678")):
            assert app.session.dialogue.current.id == node_id
            await type_text(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert (node_id, typed) in app.session.dialogue.answers


async def test_resuming_a_draft_deleted_in_another_window_keeps_the_screen(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(
            pilot, app, [("direct_gevaar", "nee"), ("werkrelatie", "organisatie")], to_end=False
        )
        await type_text(pilot, "Half getypt")
        await pilot.press("escape")  # saved as a draft
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert "Onafgemaakte meldingen" in screen_text(app)
        other, _ = Store.open(tmp_path)  # another window deletes the draft
        (draft,) = other.list_drafts()
        other.delete_draft(draft.draft_id)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Deze onafgemaakte melding is er niet meer." in text
        assert "Er zijn geen onafgemaakte meldingen." in text
        assert app.is_running


async def test_a_storage_error_at_handed_over_is_a_notice_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, scenario_answers("03_collega_geen_gevaar_client_veilig"))
        await pilot.press("enter")  # 'Alles nakijken'
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.click("#finish")
        await pilot.pause()
        assert app.melding is not None and app.store is not None
        melding_file = data / "meldingen" / f"{app.melding.reference}.json"
        stored = melding_file.read_bytes()

        def cannot_write(*args: object, **kw: object) -> None:
            raise StoreWriteError(data / "meldingen")  # e.g. the disk is full

        monkeypatch.setattr(app.store, "mark_handed_over", cannot_write)
        await pilot.click("#handed")
        await pilot.pause()
        await type_text(pilot, "meldpunt")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Dat je de melding hebt overgedragen, is niet genoteerd." in text
        assert "Veilig kon niet opslaan" in text
        assert "Wil je de kopie op deze computer nu verwijderen?" not in text
        assert app.is_running and app.return_code is None
        assert melding_file.read_bytes() == stored  # nothing half noted


async def test_escape_keeps_a_half_typed_one_line_answer(tmp_path: Path) -> None:
    answers = scenario_answers("03_collega_geen_gevaar_client_veilig")
    at = [n for n, _ in answers].index("client_kenmerk")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, answers[:at], to_end=False)
        await type_text(pilot, "C-10")
        await pilot.press("escape")
        await pilot.pause()
        assert "Om welke cliënt gaat het?" not in screen_text(app)
        await answer(pilot, app, *answers[at - 1])
        field = answer_field(app)
        assert field.value == "C-10"


async def test_drafts_that_cannot_be_read_at_start_are_a_notice_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from veilig_tui.store import StoreError

    def unreadable(self: Store) -> list[object]:
        raise StoreError("De onafgemaakte meldingen konden niet worden gelezen.")

    monkeypatch.setattr(Store, "list_drafts", unreadable)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        for _ in range(50):  # the core loads in the background
            if app.session is not None:
                break
            await pilot.pause(0.05)
        text = screen_text(app)
        assert "De onafgemaakte meldingen konden niet worden gelezen." in text
        assert "Is er nu direct gevaar?" in text
        await pilot.press("3")
        await pilot.pause()
        assert "Voor wie werk je bij deze cliënt?" in screen_text(app)


async def test_the_file_made_on_screen_is_encrypted_when_receivers_have_keys(
    keys: dict[str, Path], tmp_path: Path
) -> None:
    from veilig_tui.handoff import ARMOR
    from veilig_tui.orgfolder import OrgFolder

    folder = OrgFolder.select(keys["meldpunt"].parent / "org", {})
    app = make_app(tmp_path / "data", folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, scenario_answers("03_collega_geen_gevaar_client_veilig"))
        await pilot.press("enter", "a")
        await pilot.pause()
        await pilot.click("#finish")
        await pilot.pause()
        assert app.melding is not None
        # on screen the melding is still shown; on disk it is only encrypted
        typed = str(dict(scenario_answers("03_collega_geen_gevaar_client_veilig"))["wat_gebeurd"])
        assert f"MELDING {app.melding.reference}" in screen_text(app)
        assert typed[:TYPED] in screen_text(app)
        stored = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
        assert stored and not any(typed[:TYPED].encode() in p.read_bytes() for p in stored)
        await make_file(pilot, app, tmp_path)  # the first kind offered: encrypted
        sealed = tmp_path / f"{app.melding.reference}.veilig"
        assert sealed.read_bytes().startswith(ARMOR)
        assert not list(tmp_path.glob("VZ-*.html"))  # no plain copy beside it
        text = screen_text(app)
        assert "versleuteld" in text and "Joyce Redelijkheid (meldpunt), sleutel" in text


async def test_a_melding_not_handed_over_is_asked_about_and_offered_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documenten"
    documents.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(documents))
    answers = scenario_answers("03_collega_geen_gevaar_client_veilig")
    typed = str(dict(answers)["wat_gebeurd"])[:TYPED]
    app = make_app(tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, answers)
        await pilot.press("enter", "a")
        await pilot.pause()
        await pilot.click("#finish")
        await pilot.pause()
        assert app.melding is not None
        ref = app.melding.reference
        # leaving without a hand-over asks first; 'Nee' keeps the screen
        await pilot.press("escape")
        await pilot.pause()
        assert "Je melding is nog niet overgedragen" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert f"Kenmerk: {ref}" in screen_text(app)
        await pilot.click("#done")
        await pilot.pause()
        await pilot.press("shift+tab", "enter")  # 'Ja': stop anyway
        await pilot.pause()
        assert app.melding is None and typed not in screen_text(app)
    again = make_app(tmp_path / "data")
    async with again.run_test(size=(80, 24)) as pilot:
        await started(pilot, again)
        assert "1 melding is nog niet overgedragen. Druk op m" in screen_text(again)
        await pilot.press("m")
        await pilot.pause()
        listed = screen_text(again)
        assert ref in listed and "nog niet overgedragen" in listed and typed not in listed
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(again)
        assert f"Kenmerk: {ref}" in shown and typed not in shown  # no content for the next user
        # 'Bestand maken' has the focus; the documents folder is offered
        await pilot.press("enter")
        await pilot.pause()
        assert again.screen.query_one("#folder", Input).value == str(documents)
        await pilot.press("enter", "enter")  # the recommended kind, in that folder
        await pilot.pause()
        assert (documents / f"{ref}.html").is_file()
        assert "Heb je het bestand al gegeven?" in screen_text(again)
        await pilot.press("enter")  # 'Nog niet': back, with the focus on 'Overgedragen'
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        name = again.screen.query_one(Input)
        assert name.value == "Joyce Redelijkheid (meldpunt)"  # filled in: the person to give it to
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Joyce")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # keep the copy ('Nee')
        await pilot.pause()
        assert f"{ref} is overgedragen aan Joyce" in screen_text(again)
        await pilot.press("escape")  # handed over: leaving asks nothing
        await pilot.pause()
        assert again.melding is None and "Wil je" not in screen_text(again)
    third = make_app(tmp_path / "data")
    async with third.run_test(size=(80, 24)) as pilot:
        await started(pilot, third)
        assert "nog niet overgedragen" not in screen_text(third)


async def test_escape_keeps_a_half_typed_date_also_after_a_restart(tmp_path: Path) -> None:
    answers = scenario_answers("03_collega_geen_gevaar_client_veilig")
    at = [n for n, _ in answers].index("wanneer")
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await play(pilot, app, answers[:at], to_end=False)
        assert app.session is not None and app.session.dialogue.current.id == "wanneer"
        await type_text(pilot, "27-11")
        await pilot.press("escape")  # 'Terug', without Enter
        await pilot.pause()
        await answer(pilot, app, *answers[at - 1])
        assert answer_field(app).value == "27-11"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await resume_first_draft(pilot, again)
        await answer(pilot, again, *answers[at - 1])
        assert answer_field(again).value == "27-11"


async def test_exit_codes_say_what_happened(tmp_path: Path) -> None:
    """As every command: 2 when the app cannot start, 1 when stopped before finishing,
    0 when nothing was left unfinished."""
    from veilig_tui.orgfolder import OrgFolder

    broken = tmp_path / "org"
    broken.mkdir()
    source = Path(__file__).resolve().parents[1] / "data" / "profiles" / "bad_datum.yaml"
    (broken / "profiel.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(tmp_path / "data", OrgFolder.select(broken, {}))
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot, app)
        assert "De app kan niet starten" in screen_text(app)
        assert "Direct gevaar? Bel 112" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 2
    fine = make_app(tmp_path / "data2")
    async with fine.run_test(size=(80, 24)) as pilot:
        await started(pilot, fine)
        await pilot.press("ctrl+q")  # nothing answered: nothing left unfinished
        await pilot.pause()
    assert fine.return_code == 0
