"""Drive the app like a person: only key presses, from a scenario's answers."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Static

from veilig_tui.orgfolder import OrgFolder
from veilig_tui.tui.app import VeiligApp

TODAY = dt.date(2026, 11, 28)
TYPED = 20
"""Characters of a scenario's free text that the driver types."""
SCENARIOS = OrgFolder.select(None, {}).default / "flows" / "scenarios"


NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def make_app(data: Path, folder: OrgFolder | None = None) -> VeiligApp:
    return VeiligApp(
        folder=folder, data=data, today=lambda: TODAY, now=lambda: NOW, theme="textual-dark"
    )


def scenario_answers(name: str) -> list[tuple[str, Any]]:
    doc = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
    return [next(iter(entry.items())) for entry in doc["antwoorden"]]


def shown(widget: Widget) -> bool:
    """True when the widget and all around it are displayed (not a hidden, reused one)."""
    return widget.display and all(
        node.display for node in widget.ancestors if isinstance(node, Widget)
    )


def answer_field(app: VeiligApp) -> Any:
    """The answer widget on screen (widgets of other kinds wait, hidden, in their slots)."""
    return next(w for w in app.screen.query("#answer-widget") if shown(w))


def screen_text(app: VeiligApp) -> str:
    """Everything visible as text: every Static on the current screen, and options."""
    parts = []
    for static in app.screen.query(Static):
        if shown(static):
            parts.append(str(static.render()))
    for options in app.screen.query(OptionList):
        if not shown(options):
            continue
        for index in range(options.option_count):
            parts.append(str(options.get_option_at_index(index).prompt))
    return "\n".join(parts)


def key_name(char: str) -> str:
    """The name Textual gives the key that types `char` ("a", "space", "full_stop")."""
    if char.isalnum():
        return char
    return unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` the way a quick typist does: one key event per character, sent in one
    burst through the app's own key handling, then wait until the app is idle.
    (`pilot.press` waits for idle after every key, which makes long texts slow.)"""
    for char in text:
        pilot.app.post_message(events.Key(key_name(char), char))
    await pilot.pause()


async def answer(pilot: Pilot[None], app: VeiligApp, node_id: str, value: Any) -> None:
    """Press the keys that give `value` to the current question."""
    session = app.session
    assert session is not None
    # information and urgent advice on the way: Enter on 'Verder'
    while session.dialogue.current.id != node_id and session.dialogue.current.kind in (
        "info",
        "advice",
    ):
        await pilot.press("enter")
        await pilot.pause()
    node = session.dialogue.current
    assert node.id == node_id, f"expected {node_id}, app shows {node.id}"
    ids = [a.id for a in node.answers or []]
    if node.kind == "choice":
        await pilot.press(str(ids.index(value) + 1))
    elif node.kind == "multi":
        for chosen in value:
            index = ids.index(chosen)
            if index < 9:  # a number toggles answers 1 to 9
                await pilot.press(str(index + 1))
            else:  # further down the list: arrows and space
                await pilot.press("home", *["down"] * index, "space")
        await pilot.press("enter")
    elif node.kind == "text":
        if value:  # a few words are enough to route; typing is slow in a test
            await type_text(pilot, str(value)[:TYPED])
        if node.regels == 1:  # one line: Enter moves on
            await pilot.press("enter")
        else:  # several lines: Enter is a new line, Tab goes to 'Verder'
            await pilot.press("tab", "enter")
    elif node.kind == "date":
        if value:
            await type_text(pilot, str(value))
        await pilot.press("enter")
    await pilot.pause()


async def play(
    pilot: Pilot[None], app: VeiligApp, answers: list[tuple[str, Any]], *, to_end: bool = True
) -> None:
    """Give the answers; with `to_end`, press Enter through advice up to the final advice.
    Waits for the app to be ready first: keys pressed earlier are kept and replayed, but
    the checks here read the session, which follows only after the replay."""
    await started(pilot, app)
    for node_id, value in answers:
        await answer(pilot, app, node_id, value)
    assert app.session is not None
    for _ in range(5):
        if not to_end or app.session.dialogue.finished:
            break
        await pilot.press("enter")
        await pilot.pause()
    assert not to_end or app.session.dialogue.finished


async def make_file(pilot: Pilot[None], app: VeiligApp, folder: Path, choice: int = 0) -> None:
    """'Bestand maken' (it has the focus): pick the kind of file (0: the recommended one,
    first in the list) and type the folder, as a person would."""
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*(["down"] * choice), "enter")  # the folder field gets the focus
    await pilot.pause()
    await pilot.press("ctrl+a", "ctrl+k")
    await type_text(pilot, str(folder))
    await pilot.press("enter")
    await pilot.pause()


async def started(pilot: Pilot[None], app: VeiligApp, timeout: float = 10.0) -> None:
    """Wait until the core is loaded and its first page with the start notices is shown,
    or the app said it cannot start (on a busy machine that takes more than one pause)."""
    waited = 0.0
    while not (app.ready or app.exit_code() == 2) and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    await pilot.pause()


async def resume_first_draft(pilot: Pilot[None], app: VeiligApp) -> None:
    """At a new start: open the list of drafts with 'c' and continue the first one."""
    await started(pilot, app)
    await pilot.press("c")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
