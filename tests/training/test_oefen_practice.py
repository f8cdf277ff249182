"""Practising a case: feedback, plain mode, and practice never mixing with real meldingen."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from tests.training.helpers import (
    NOW,
    TODAY,
    answers_of,
    plain_lines,
    practice,
    real_files,
    real_store_with_a_draft,
)

from veilig_tui.cli import main
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.service import Service
from veilig_tui.session import Session
from veilig_tui.training import command
from veilig_tui.training.cases import Case
from veilig_tui.training.practice import (
    BANNER,
    NAME_HINTS,
    TrainingError,
    feedback,
    shown_order,
)


def finish_with(p_answers: list[tuple[str, Any]], session: Session) -> None:
    dialogue = session.dialogue
    for node_id, value in p_answers:
        while dialogue.current.id != node_id and dialogue.current.kind in ("info", "advice"):
            dialogue.answer(None)
        dialogue.answer(value)
    while not dialogue.finished:
        dialogue.answer(None)


def test_the_case_route_gets_full_marks_and_says_why(tmp_path: Path) -> None:
    p = practice(tmp_path / "data")
    case = p.case("14")
    session = p.start(case)
    finish_with(answers_of(case), session)
    fb = feedback(case, session.dialogue)
    assert fb.right and fb.differences == ()
    text = "\n".join(fb.lines())
    assert "Goed. Je kwam bij het advies 'Melden in de organisatie'" in text
    assert "Goed. Je kreeg ook het dringende advies 'Bel 112'" in text
    assert case.model.waarom.bron in text and case.model.onthoud[0] in text


def test_another_route_says_what_was_expected_and_where_the_trainee_chose_otherwise(
    tmp_path: Path,
) -> None:
    p = practice(tmp_path / "data")
    case = p.case("direct_gevaar")  # by its name without the number
    answers = [
        ("direct_gevaar", "nee") if k == "direct_gevaar" else (k, v) for k, v in answers_of(case)
    ]
    session = p.start(case)
    finish_with(answers, session)
    fb = feedback(case, session.dialogue)
    assert fb.outcome_right and not fb.urgent_right and not fb.right
    text = "\n".join(fb.lines())
    assert "bij deze casus hoort ook het dringende advies 'Bel 112'. Dat kreeg je niet." in text
    assert (
        "Jij koos: Nee, er is nu geen direct gevaar. De casus: Ja, er is nu direct gevaar." in text
    )


def test_a_wrong_outcome_is_named_with_the_right_one(tmp_path: Path) -> None:
    p = practice(tmp_path / "data")
    case = p.case("08_naaste_meldcode")
    answers = [("wie", "collega") if k == "wie" else (k, v) for k, v in answers_of(case)]
    answers = [(k, v) for k, v in answers if k not in ("naaste_werkt", "meldcode_opschrijven")]
    answers.insert(4, ("pleger_rol", ["geen"]))
    session = p.start(case)
    finish_with(answers, session)
    fb = feedback(case, session.dialogue)
    assert not fb.outcome_right
    assert "Bij deze casus past het advies 'Meldcode huiselijk geweld (een naaste)'." in fb.lines()


def test_unknown_case_is_refused_with_the_known_ids(tmp_path: Path) -> None:
    with pytest.raises(TrainingError, match="Kies uit: 01_toilet_lang_wachten"):
        practice(tmp_path / "data").case("bestaat-niet")


def test_question_order_is_stable_and_the_right_answer_is_not_always_first(
    tmp_path: Path,
) -> None:
    questions = [q for c in practice(tmp_path / "data").cases() for q in c.model.vragen]
    assert len(questions) >= 12
    places = [shown_order(q).index(q.right) for q in questions]
    assert places == [shown_order(q).index(q.right) for q in questions]
    assert len(set(places)) > 1


def test_plain_journey_feedback_questions_and_real_data_unchanged_byte_for_byte(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    real_store_with_a_draft(root)
    before = real_files(root)
    assert any(k.startswith("concepten/") for k in before) and "audit.jsonl" in before
    p = practice(root)
    case = p.case("11")
    out = io.StringIO()
    code = command.plain(p, "11", "", io.StringIO("\n".join(plain_lines(p, case)) + "\n"), out)
    text = out.getvalue()
    assert code == 0, text[-2000:]
    headers = [line for line in text.splitlines() if line.startswith("Direct gevaar? Bel 112")]
    assert headers and all(line.endswith(BANNER) for line in headers)
    assert NAME_HINTS["melder_naam"] in text
    assert "vul een verzonnen naam in of laat het leeg" in text
    assert "=== Hoe ging het? ===" in text and "Goed. Je kwam bij het advies" in text
    assert "Kennisvragen: 1 van 1 goed." in text
    # never the suspect: the meldpunt (Joyce Redelijkheid in the default profile)
    after_role = text.split("Is de cliënt nu veilig?")[1]  # the question after the roles
    assert "Joyce Redelijkheid" not in after_role
    assert real_files(root) == before
    results = list((root / "oefenen" / "resultaten").glob("*.json"))
    assert len(results) == 1
    saved = json.loads(results[0].read_text(encoding="utf-8"))
    assert saved["casus"] == "11_meldpunt_is_de_persoon" and saved["goed"] is True
    assert "iets gezien" not in results[0].read_text(encoding="utf-8")  # no free text
    assert list((root / "oefenen" / "concepten").glob("*.json")) == []


def test_practice_drafts_never_show_in_lijst_or_concepten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "data"
    p = practice(root)
    session = p.start(p.case("1"))
    session.answer("nee")  # saved, in the practice store only
    assert list((root / "oefenen" / "concepten").glob("*.json"))
    service = Service.open(OrgFolder.select(None, {}), root, {})
    assert service.drafts() == [] and service.meldingen() == []
    assert main(["concepten", "--data", str(root)]) == 0
    assert main(["lijst", "--data", str(root)]) == 0
    out = capsys.readouterr().out
    assert session.draft_id not in out


def test_stopping_keeps_nothing_and_cli_refuses_an_unknown_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = practice(tmp_path / "data")
    out = io.StringIO()
    assert command.plain(p, "3", "", io.StringIO("\n1\ns\n"), out) == 1
    assert "De oefening is niet bewaard" in out.getvalue()
    assert list((tmp_path / "data" / "oefenen" / "concepten").glob("*.json")) == []
    code = main(["oefenen", "--eenvoudig", "--casus", "99", "--data", str(tmp_path / "d")])
    assert code == 2
    assert "Er is geen oefencasus '99'" in capsys.readouterr().err


def test_pick_by_number_or_stop() -> None:
    cases = practice_cases()
    out = io.StringIO()
    assert command.pick(cases, io.StringIO("x\n2\n"), out) is cases[1]
    assert "Typ één nummer" in out.getvalue()
    assert command.pick(cases, io.StringIO(""), io.StringIO()) is None


def practice_cases() -> list[Case]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return practice(Path(folder)).cases()


assert TODAY and NOW  # the fixed clock of the helpers


def test_a_knowledge_round_in_plain_lines(tmp_path: Path) -> None:
    p = practice(tmp_path / "data")
    knowledge = p.rounds()[0]
    cases = p.cases()
    right = [str(shown_order(q).index(q.right) + 1) for q in knowledge.model.vragen]
    lines = [str(len(cases) + 1), *right[:-1], "9", "1" if right[-1] != "1" else "2"]
    out = io.StringIO()
    assert command.plain(p, None, "", io.StringIO("\n".join(lines) + "\n"), out) == 0
    text = out.getvalue()
    total = len(knowledge.model.vragen)
    assert f"Kennisvragen: {total - 1} van {total} goed." in text
    assert "Typ één nummer" in text and "(Bron: Leidraad Anka, r. 136)" in text
    saved = list((tmp_path / "data" / "oefenen" / "resultaten").glob("*.json"))
    assert json.loads(saved[0].read_text(encoding="utf-8"))["casus"].startswith("kennis-")


def test_feedback_never_names_the_person_it_is_about(tmp_path: Path) -> None:
    """The promise holds in practice: a case's suspect is named in no feedback, also when
    the trainee forgot to say the person's role (then the app did name them, and the
    feedback says to choose otherwise, by role)."""
    p = practice(tmp_path / "data")
    checked = 0
    for case in p.cases():
        for keys in ([], ["geen"]):
            answers = answers_of(case)
            if keys:
                answers = [(k, keys if k == "pleger_rol" else v) for k, v in answers]
            session = p.start(case)
            finish_with(answers, session)
            text = "\n".join(feedback(case, session.dialogue).lines())
            for role in case.model.verwacht.niet_genoemd:
                naam = p.profile.role(role).naam
                assert naam not in text, (case.id, role)
                checked += 1
    assert checked >= 2
