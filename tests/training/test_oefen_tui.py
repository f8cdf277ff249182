"""Pilot journeys through a case on screen: alone, and klassikaal (projector mode)."""

from __future__ import annotations

from pathlib import Path

from tests.training.helpers import answers_of, practice, real_files, real_store_with_a_draft
from tests.tui.driver import play, screen_text
from textual.widgets import Static

from veilig_tui.training.practice import BANNER, shown_order
from veilig_tui.tui.oefenen import (
    CasesScreen,
    DoneScreen,
    FeedbackScreen,
    OefenApp,
    QuestionScreen,
    SituationScreen,
)


def safety(app: OefenApp) -> str:
    return str(app.screen.query_one("#safety", Static).render())


async def test_a_case_on_screen_from_the_list_to_the_feedback(tmp_path: Path) -> None:
    root = tmp_path / "data"
    real_store_with_a_draft(root)
    before = real_files(root)
    p = practice(root)
    case = p.case("9")
    app = OefenApp(p)
    seen: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CasesScreen)
        seen.append(safety(app))
        await pilot.press(*["down"] * 9, "enter")  # 1: random, 2..: the cases in order
        await pilot.pause()
        assert isinstance(app.screen, SituationScreen) and app.case == case
        assert case.model.situatie.split(".")[0] in screen_text(app)
        seen.append(safety(app))
        await pilot.press("enter")  # Begin
        await play(pilot, app, answers_of(case))
        seen.append(safety(app))
        await pilot.press("enter")  # the final advice's button
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        text = screen_text(app)
        assert "Goed. Je kwam bij het advies" in text and case.model.onthoud[0] in text
        seen.append(safety(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        question = case.model.vragen[0]
        await pilot.press(str(shown_order(question).index(question.right) + 1))
        await pilot.pause()
        assert "Goed!" in screen_text(app)
        seen.append(safety(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DoneScreen)
        assert "Kennisvragen: 1 van 1 goed." in screen_text(app)
        seen.append(safety(app))
    assert all(s.startswith("Direct gevaar? Bel 112") and s.endswith(BANNER) for s in seen), seen
    assert real_files(root) == before
    assert len(list((root / "oefenen" / "resultaten").glob("*.json"))) == 1


async def test_klassikaal_asks_the_group_and_the_trainer_types_the_choice(
    tmp_path: Path,
) -> None:
    p = practice(tmp_path / "data")
    case = p.case("09_client_agressief_tegen_mij")
    app = OefenApp(p, "9", klassikaal=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SituationScreen)
        assert "Lees de situatie samen" in screen_text(app)
        assert app.screen.has_class("-klassikaal")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # on the first question: back to the situation
        await pilot.pause()
        assert isinstance(app.screen, SituationScreen)
        await pilot.press("enter")
        await play(pilot, app, answers_of(case)[:1], to_end=False)
        assert "Bespreek samen: wat kiezen jullie?" in screen_text(app)
        assert safety(app).endswith(BANNER)
        await play(pilot, app, answers_of(case)[1:])
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "Bespreek samen" in screen_text(app)
        wrong = next(i for i, k in enumerate(shown_order(case.model.vragen[0])) if k != 0)
        await pilot.press(str(wrong + 1))
        await pilot.pause()
        assert "Niet goed. Het goede antwoord is" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Kennisvragen: 0 van 1 goed." in screen_text(app)
    assert app.nickname == "groep"
