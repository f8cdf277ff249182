"""The danger question is answerable before the core is loaded; keys then are not lost."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from tests.tui.driver import TODAY, make_app, screen_text
from veilig_tui import firstscreen
from veilig_tui.flow.check import load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.tui.app import VeiligApp

SAFETY = "Direct gevaar? Bel 112 · Melden: het meldpunt (F1)"


@pytest.fixture
def cached(own_cache: Path) -> Path:
    """The first screen of the default folder in the (test's own) cache."""
    folder = OrgFolder.select(None, {})
    flow = load_flow(folder.flows()["melden"])
    profile = load_profile(folder.profile)
    first = firstscreen.build(lambda: Dialogue(flow, profile, today=lambda: TODAY))
    assert firstscreen.write(own_cache, firstscreen.cache_key(folder, "melden"), first)
    return own_cache


def held(app: VeiligApp) -> threading.Event:
    """Hold the core's loading until the event is set: 'before the core is ready'."""
    release = threading.Event()
    load = app._load_core

    def slow() -> Any:
        assert release.wait(10)
        return load()

    app._load_core = slow  # type: ignore[method-assign]
    return release


async def test_first_frame_shows_the_danger_question_and_its_answers(
    cached: Path, tmp_path: Path
) -> None:
    app = make_app(tmp_path)
    release = held(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert app.session is None  # the core is not loaded
        assert text.startswith(SAFETY)
        assert "Is er nu direct gevaar?" in text
        assert "3. Nee, er is nu geen direct gevaar" in text
        release.set()


async def test_keys_typed_during_loading_are_applied(cached: Path, tmp_path: Path) -> None:
    app = make_app(tmp_path)
    release = held(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")  # 'ja': the 112 advice at once, from the cache
        assert app.session is None
        text = screen_text(app)
        assert "Bel nu 112" in text and "Let op: Bel 112" in text
        assert text.startswith(SAFETY)
        await pilot.press("enter")  # 'Verder' on the advice: kept for when the core is ready
        assert app.session is None
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        while not app.ready:
            await pilot.pause(0.02)
        assert app.session is not None
        assert app.session.dialogue.answers[0] == ("direct_gevaar", "ja")
        assert app.session.dialogue.current.id == "werkrelatie"
        assert "Voor wie werk je bij deze cliënt?" in screen_text(app)
        assert app.store is not None and len(app.store.list_drafts()) == 1


async def test_without_a_cache_the_first_run_writes_it(own_cache: Path, tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        while not app.ready:
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
    folder = OrgFolder.select(None, {})
    first = firstscreen.read(own_cache, firstscreen.cache_key(folder, "melden"))
    assert first is not None and first.start.id == "direct_gevaar"


async def test_escape_during_loading_takes_the_answer_back(cached: Path, tmp_path: Path) -> None:
    app = make_app(tmp_path)
    release = held(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1", "escape")
        assert "Is er nu direct gevaar?" in screen_text(app)
        await pilot.press("3")
        assert "Voor wie werk je bij deze cliënt?" in screen_text(app)
        assert app.session is None
        release.set()
        while not app.ready:
            await pilot.pause(0.02)
        assert app.session is not None
        assert app.session.dialogue.answers == [("direct_gevaar", "nee")]
        assert app.session.dialogue.current.id == "werkrelatie"
