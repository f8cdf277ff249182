"""The dialogue engine on the shipped flow, without any UI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.conftest import REPORT as FULL
from tests.conftest import TODAY, play

from veilig_tui.flow.check import Flow, check_flow
from veilig_tui.flow.engine import Dialogue, State, progress_text
from veilig_tui.flow.inputs import AnswerError
from veilig_tui.org import Profile, safety_line

START = FULL[:2]
REPORT = FULL[2:]


def new(flow: Flow, profile: Profile) -> Dialogue:
    return Dialogue(flow, profile, today=lambda: TODAY)


def test_starts_with_the_danger_question_and_112_in_one_step(
    melden: Flow, profile: Profile
) -> None:
    d = new(melden, profile)
    assert d.current.id == "direct_gevaar"
    d.answer("ja")
    assert d.current.outcome == "bel_112"
    assert "Bel nu 112" in d.show().text
    d.answer(None)
    assert d.current.id == "werkrelatie"


def test_full_report_reaches_meldpunt(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    play(d, START + REPORT)
    assert d.finished and d.outcome == "meld_meldpunt"
    assert d.facts["wanneer"] == (TODAY - dt.timedelta(days=1)).isoformat()
    final = d.advices()[-1]
    assert final.contacts is not None and final.contacts.first is not None
    assert final.contacts.first.naam == "Joyce Redelijkheid"


def test_suspect_meldpunt_is_never_named(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    answers = [(n, ["meldpunt"] if n == "pleger_rol" else v) for n, v in START + REPORT]
    play(d, answers)
    assert d.outcome == "meld_ander_aanspreekpunt"
    final = d.advices()[-1]
    assert final.contacts is not None
    assert "Joyce Redelijkheid" not in "\n".join(final.contacts.lines())
    assert "Joyce" not in safety_line(d.report_contact())
    assert safety_line(d.report_contact()).startswith("Direct gevaar? Bel 112 · Melden: N. Perkgoz")


def test_blank_roles_are_said_plainly(melden: Flow, blank_profile: Profile) -> None:
    d = new(melden, blank_profile)
    play(d, START + REPORT)
    lines = "\n".join(d.advices()[-1].contacts.lines())  # type: ignore[union-attr]
    assert "De organisatie heeft hier nog niemand ingevuld." in lines
    assert "meldpunt: nog niet ingevuld door de organisatie" in lines
    assert "Wat nu: " in lines
    assert safety_line(d.report_contact()).endswith("nog niet ingevuld door de organisatie")


def test_nobody_left_when_the_suspect_holds_every_filled_role(
    melden: Flow, blank_profile: Profile
) -> None:
    only_meldpunt = blank_profile.model.model_copy(deep=True)
    only_meldpunt.rollen["meldpunt"].naam = "A. Test"
    profile = Profile(only_meldpunt, blank_profile.path)
    d = new(melden, profile)
    play(d, [(n, ["meldpunt"] if n == "pleger_rol" else v) for n, v in START + REPORT])
    lines = "\n".join(d.advices()[-1].contacts.lines())  # type: ignore[union-attr]
    assert "In deze app staat niemand anders bij wie je dit kunt melden." in lines
    assert "A. Test" not in lines


def test_back_undoes_the_last_answer(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    assert d.back() is False
    d.answer("nee")
    d.answer("organisatie")
    assert d.current.id == "wat_gebeurd"
    assert d.back() and d.current.id == "werkrelatie"
    assert d.back() and d.current.id == "direct_gevaar"
    assert d.facts == {}


def test_edit_keeps_answers_still_on_the_path_and_drops_the_rest(
    melden: Flow, profile: Profile
) -> None:
    d = new(melden, profile)
    play(d, START + REPORT)
    wie = next(i for i, (n, _) in enumerate(d.answers) if n == "wie")
    dropped = d.edit(wie, "naaste")
    assert dropped == []  # the roles question can still come (a naaste who works here)
    assert "pleger_rollen" not in d.facts
    assert d.current.id == "naaste_werkt"  # new on the path: asked, not skipped
    d.answer("nee")
    assert d.current.id == "meldcode_uitleg"  # new on the path: shown, not skipped
    d.answer(None)
    assert d.current.id == "meldcode_opschrijven"  # client_veilig was kept and given again
    d.answer("ja")
    # bron … melder_bereikbaar were kept and replayed: the dialogue is finished again
    assert d.finished and d.outcome == "meldcode"
    assert d.facts["client_kenmerk"] == "C-1042"
    assert "pleger_rollen" not in d.facts


def test_edit_to_a_new_route_unsets_facts(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    play(d, START + REPORT)
    dropped = d.edit(1, "zzp_eigen")
    assert d.current.id == "zzp_wie"  # the account was kept; who did it is asked anew
    assert dropped == ["wie"]  # the roles question can still come (a person from here)
    assert "pleger_soort" not in d.facts and "pleger_rollen" not in d.facts
    d.answer("collega")
    assert d.current.id == "zzp_vastgesteld"  # the rest was kept and given again
    d.answer("")
    assert d.outcome == "zzp_zelf_igj"


def test_invalid_edit_changes_nothing(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    play(d, START + REPORT)
    before = list(d.answers)
    with pytest.raises(AnswerError):
        d.edit(0, "misschien")
    assert d.answers == before and d.finished


def test_state_round_trip(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    play(d, START + REPORT[:5])
    state = State.from_dict(d.state().to_dict())
    again, message = Dialogue.restore(melden, profile, state, today=lambda: TODAY)
    assert message is None
    assert again.current.id == d.current.id and again.facts == d.facts


def test_changed_flow_stops_replay_with_a_message(
    melden: Flow, profile: Profile, tmp_path: Path
) -> None:
    d = new(melden, profile)
    play(d, START + REPORT[:5])
    text = melden.path.read_text(encoding="utf-8").replace(
        "{id: zelf, label: Ik zag of hoorde het zelf",
        "{id: gezien, label: Ik zag of hoorde het zelf",
    )
    text = text.replace(
        "values: [zelf, verteld, vermoeden]", "values: [gezien, verteld, vermoeden]"
    )
    changed, problems = check_flow(tmp_path / "melden.yaml", text)
    assert changed is not None, problems
    assert changed.digest != melden.digest
    again, message = Dialogue.restore(changed, profile, d.state(), today=lambda: TODAY)
    assert again.current.id == "bron"
    assert message is not None and "Vanaf hier vragen we opnieuw" in message
    assert [n for n, _ in again.answers] == [n for n, _ in FULL[:6]]


def test_progress_is_a_range_that_shrinks(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    low, high = d.questions_left()
    assert low < high
    play(d, START + REPORT[:2])
    assert d.current.id == "pleger_rol"
    assert d.questions_left()[1] < high
    assert progress_text(3, 6) == "daarna nog 3 tot 6 vragen"
    assert progress_text(1, 1) == "daarna nog 1 vraag"
    assert progress_text(0, 0) == "dit is de laatste vraag"


def test_answers_are_validated_in_dutch(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    with pytest.raises(AnswerError, match="Kies een van de antwoorden"):
        d.answer("misschien")
    play(d, START)
    with pytest.raises(AnswerError, match="Vul hier iets in"):
        d.answer("   ")
    play(d, REPORT[:2])
    with pytest.raises(AnswerError, match="niet samen met andere antwoorden"):
        d.answer(["geen", "meldpunt"])
    d.answer(["mt", "directie"])
    play(d, [("client_veilig", "ja"), ("bron", "zelf"), ("hoe_vaak", "een_keer")])
    with pytest.raises(AnswerError, match="in de toekomst"):
        d.answer("01-01-2027")
    with pytest.raises(AnswerError, match="bestaat niet"):
        d.answer("31-02-2026")
    d.answer("14-11-2026 15:30")
    assert d.facts["wanneer"] == "2026-11-14T15:30"


def test_not_safe_gives_phone_today_advice_without_the_suspect(
    melden: Flow, profile: Profile
) -> None:
    d = new(melden, profile)
    answers = [
        (n, ["meldpunt", "casusverantwoordelijke"] if n == "pleger_rol" else v)
        for n, v in START + REPORT
    ]
    answers = [(n, "nee" if n == "client_veilig" else v) for n, v in answers]
    play(d, answers)
    outcomes = [a.outcome for a in d.advices()]
    assert outcomes == ["bel_vandaag", "meld_ander_aanspreekpunt"]
    today = d.advices()[0]
    assert today.contacts is not None
    assert [r.key for r in today.contacts.roles][:3] == [
        "bereikbaarheid",
        "leidinggevende",
        "tweede_aanspreekpunt",
    ]
    shown = "\n".join(today.contacts.lines())
    assert "Joyce" not in shown and "Perkgoz" not in shown


def test_back_remembers_the_answer_to_show_again(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    play(d, START + REPORT[:2])
    assert d.back() and d.back()
    assert d.current.id == "wat_gebeurd"
    assert d.prefill("wat_gebeurd") == REPORT[0][1]
    assert d.prefill("wie") == "collega"
    # remembered answers are a starting point only: nothing is answered by itself
    d.answer(REPORT[0][1])
    assert d.current.id == "wie"
    again, _ = Dialogue.restore(melden, profile, State.from_dict(d.state().to_dict()))
    assert again.prefill("wie") == "collega"


@pytest.mark.parametrize("source", ["zelf", "verteld", "vermoeden"])
def test_reassurance_is_on_screen_for_every_source(
    source: str, melden: Flow, profile: Profile
) -> None:
    d = new(melden, profile)
    play(d, START + REPORT[:4])
    d.answer(source)
    assert d.current.kind == "info"
    text = d.show().text
    assert "Je hoeft niet zeker te weten dat het mishandeling is." in text
    assert "Ook diefstal, of geld lenen van een cliënt, meld je." in text
    assert "Kan het veilig? Dan mag je de persoon er meteen op aanspreken." in text


def test_what_happens_next_is_told_without_the_suspect(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    answers = [(n, ["wijkverpleegkundige"] if n == "pleger_rol" else v) for n, v in FULL]
    play(d, answers)
    told = next(d.show(melden.nodes[n]).text for n in d.path if n == "na_melden")
    assert "- Joyce Redelijkheid (meldpunt) krijgt je melding." in told
    assert "- De organisatie praat ook met de persoon over wie het gaat." in told
    assert "Stuur ze door naar MT (managementteam)." in told  # not the wijkverpleegkundige
    assert "Hoor je binnen twee werkdagen niets? Bel dan N. Perkgoz" in told
    assert "Die twee dagen zijn een keuze van veilig." in told
    plain = new(melden, profile)
    play(plain, FULL)
    told = plain.show(melden.nodes["na_melden"]).text
    assert "Stuur ze door naar de wijkverpleegkundige (nog niet ingevuld" in told


def test_anonymous_melding_without_client_is_warned_before_finishing(
    melden: Flow, profile: Profile
) -> None:
    d = new(melden, profile)
    play(d, [(n, "" if n == "client_kenmerk" else v) for n, v in FULL])
    assert "niemand_kan_verder" in d.path
    assert "Zo kan niemand je melding oppakken." in d.show(melden.nodes["niemand_kan_verder"]).text
    named = new(melden, profile)
    play(named, FULL)  # a client number is enough to act on
    assert "niemand_kan_verder" not in named.path


def test_client_safety_is_asked_on_the_naaste_path(melden: Flow, profile: Profile) -> None:
    d = new(melden, profile)
    play(d, [*FULL[:3], ("wie", "naaste"), ("naaste_werkt", "nee")])
    assert d.current.id == "client_veilig"
    d.answer("nee")
    assert d.current.outcome == "bel_vandaag"
