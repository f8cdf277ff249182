"""A crash while typing loses nothing that was saved: kill the app, start it again.

The real app runs in tmux on a temporary data directory. It gets two answers and some
typed text, waits until the pause after the last key has saved that text, and is then
killed with SIGKILL (no chance to clean up). A new app on the same data directory must
offer the draft and restore the answers and the typed text.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.tui.driver import make_app, screen_text
from tests.tui.test_tmux import Tmux, anchor, running, shadow_dialogue
from veilig_tui.store import Store

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (CI installs it, so it runs there)"
)

TYPED = "De cliënt werd hard vastgepakt"
TIMEOUT = 10.0
"""Seconds to wait for the typed text to be saved; it takes the save pause and a little."""


def wait_until_typing_saved(data: Path, text: str) -> None:
    """Poll the store (as a second window would) until the draft holds all the typed text."""
    store = Store(data)
    end = time.monotonic() + TIMEOUT
    while True:
        drafts = store.list_drafts()
        draft = store.load_draft(drafts[0].draft_id) if drafts else None
        if draft is not None and draft.typing is not None and draft.typing.text == text:
            return
        assert time.monotonic() < end, f"the typed text was not saved within {TIMEOUT} s"
        time.sleep(0.02)


def crash_while_typing(data: Path) -> None:
    """Answer 'nee' and 'organisatie', type in the free-text question, wait, SIGKILL."""
    tmux = Tmux()
    try:
        tmux.start(data)
        dialogue = shadow_dialogue()
        tmux.wait_for(*map(anchor, [dialogue.show().text, "3. Nee"]))
        tmux.keys("3")  # nee
        dialogue.answer("nee")
        tmux.wait_for(*map(anchor, [dialogue.show().text, "1. Voor"]))
        tmux.keys("1")  # organisatie
        dialogue.answer("organisatie")
        tmux.wait_for(anchor(dialogue.show().text), "Tab: naar Verder.")
        tmux.type(TYPED)
        tmux.wait_for(TYPED)
        wait_until_typing_saved(data, TYPED)  # the pause after the last key is what saves
        pid = tmux.pid
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:  # the pane runs the app itself
            assert b"veilig_tui.cli" in cmdline.read()
        assert running(pid)
        os.kill(pid, signal.SIGKILL)
        tmux.wait_stopped(pid)
    finally:
        tmux.close()


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc (Linux)")
async def test_typed_text_survives_a_kill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    crash_while_typing(data)
    app = make_app(data)
    async with app.run_test(size=(80, 24)) as pilot:
        end = time.monotonic() + 10
        while app.session is None or not app.screen.query("#answer-widget"):
            assert time.monotonic() < end, "the app did not load"
            await pilot.pause(0.05)
        assert "Je hebt 1 onafgemaakte melding" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert "Onafgemaakte meldingen" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        session = app.session
        assert session is not None
        assert session.dialogue.current.id == "wat_gebeurd"
        assert session.dialogue.answers == [
            ("direct_gevaar", "nee"),
            ("werkrelatie", "organisatie"),
        ]
        area = app.screen.query_one(TextArea)
        assert area.text == TYPED
        assert area.has_focus
