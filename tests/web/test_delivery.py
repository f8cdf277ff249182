"""The app in web mode (as `veilig web` runs it for one browser session), driven by keys:
'Afronden' delivers the melding encrypted into the inbox, the meldpunt receives it with
`veilig ontvang`, and nothing stays in the session's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Button

from tests.core.test_handoff_files import MARKER, keys_fixture, receive  # noqa: F401
from tests.tui.driver import NOW, TODAY, play, scenario_answers, screen_text, started
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.tui.app import VeiligApp
from veilig_tui.tui.screens.help import HelpDialog
from veilig_tui.web.mode import WebMode


def web_app(data: Path, inbox: Path) -> VeiligApp:
    return VeiligApp(
        folder=OrgFolder.select(None, os.environ),
        data=data,
        today=lambda: TODAY,
        now=lambda: NOW,
        web=WebMode(inbox, "http://127.0.0.1:9/einde"),
    )


async def test_finishing_in_web_mode_delivers_it_sealed_and_leaves_nothing(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inbox, data = tmp_path / "inbox", tmp_path / "sessie"
    inbox.mkdir()
    app = web_app(data, inbox)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        await play(pilot, app, scenario_answers("03_collega_geen_gevaar_client_veilig"))
        await pilot.press("enter")  # to the review
        await pilot.pause()
        await pilot.press("a")  # Afronden: the summary
        await pilot.pause()
        assert "Zo ziet je melding eruit" in screen_text(app)
        export = app.screen.query_one("#export", Button)
        assert str(export.label) == "Kenmerk opslaan"  # no 'Bestand maken' in a browser
        await pilot.click("#finish")
        await pilot.pause()
        text = screen_text(app)
        assert app.melding is not None
        reference = app.melding.reference
        assert "Je melding is afgeleverd bij het meldpunt" in text and reference in text
        assert "Joyce Redelijkheid" in text  # whom to contact for additions
        assert str(inbox) not in text  # no server path on screen
        assert not app.screen.query_one("#handed", Button).display
        assert not app.screen.query_one("#remove", Button).display
        assert [p for p in data.rglob("*") if p.is_file()] == []  # the folder is emptied
        delivered = sorted(inbox.iterdir())
        assert [p.name for p in delivered] == [f"{reference}.veilig"]
        assert MARKER.encode() not in delivered[0].read_bytes()
        await pilot.click("#done")  # a new melding can start (the folder opens anew)
        await pilot.pause()
        assert "direct gevaar" in screen_text(app)
    code, out, error = receive(delivered, keys["meldpunt"], tmp_path / "mp", capsys, monkeypatch)
    assert code == 0, error
    assert f"melding {reference} opgenomen" in out


async def test_web_mode_shows_hulp_and_verbergen_on_every_screen(
    keys: dict[str, Path], tmp_path: Path
) -> None:
    app = web_app(tmp_path / "sessie", tmp_path)
    opened: list[str] = []

    def open_url(url: str, *, new_tab: bool = True) -> None:
        opened.append(url)

    app.open_url = open_url  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot, app)
        assert app.screen.query_one("#web-help", Button).display
        shown = {a.binding.key for a in app.screen.active_bindings.values() if a.binding.show}
        assert not shown & {"f1", "ctrl+q", "ctrl+p"}  # browsers keep these keys
        await pilot.click("#web-help")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert app.screen.query_one("#web-hide", Button).display
        await pilot.click("#web-hide")
        await pilot.pause()
    assert opened == ["http://127.0.0.1:9/einde"]
