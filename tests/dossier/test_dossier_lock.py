"""The identity with a passphrase, and the idle lock (with a fake clock): it hides
everything, forgets the key, and a wrong passphrase changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.dossier.common import MARKER, NOW, REFS, Setup, make_profile, receive
from tests.dossier.test_dossier_tui import SIZE, safety_on_top, screen_text
from veilig_tui.dossier import DossierError, open_desk
from veilig_tui.handoff import load_identities
from veilig_tui.store.clock import FixedClock
from veilig_tui.tui.dossier.app import DossierApp
from veilig_tui.tui.dossier.screens import DossierScreen, LockScreen

SECRET = "lang-genoeg-wachtwoord"
DATA = Path(__file__).parent / "data"


async def test_passphrase_and_idle_lock(tmp_path: Path) -> None:
    """The fixture identity file is passphrase-protected (as `veilig sleutel-maken` makes
    it); `sleutel.txt` is the same key without one, so that only unlocking in the app
    costs scrypt (twice: a wrong passphrase, then the right one)."""
    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    key = DATA / "sleutel.age"
    identities = load_identities(DATA / "sleutel.txt", lambda: "")
    public = str(identities[0].to_public())
    assert key.read_bytes().startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    profile = make_profile(tmp_path, public, extra="")
    s = Setup(root, profile, identities, public, FixedClock(NOW), [NOW.date()])
    receive(s)
    desk = open_desk(root, profile, identities, now=s.clock)
    assert desk.lock_minutes == 10  # the profile's default
    seconds = [0.0]
    app = DossierApp(
        desk, unlock=lambda p: load_identities(key, lambda: p), clock=lambda: seconds[0]
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, DossierScreen) and MARKER in screen_text(app)
        seconds[0] = 9 * 60
        app.lock_if_idle()
        assert not app.locked
        await pilot.press("down")  # a key press: the idle time starts again
        seconds[0] = 18 * 60
        app.lock_if_idle()
        assert not app.locked
        seconds[0] = 19 * 60 + 1
        app.lock_if_idle()
        await pilot.pause()
        assert app.locked and isinstance(app.screen, LockScreen)
        safety_on_top(app)
        assert MARKER not in screen_text(app) and REFS[0] not in screen_text(app)
        with pytest.raises(DossierError):
            desk.get(REFS[0])  # the key is forgotten: nothing opens
        app.screen.query_one("#passphrase", Input).value = "fout-wachtwoord"
        await pilot.press("enter")
        assert app.locked and "klopt niet" in str(app.screen.query_one("#message", Static).render())
        await pilot.press("f1")
        assert isinstance(app.screen, LockScreen)  # no help over the lock
        app.screen.query_one("#passphrase", Input).value = SECRET
        await pilot.press("enter")
        await pilot.pause()
        assert not app.locked and isinstance(app.screen, DossierScreen)
        assert desk.get(REFS[0]).kenmerk == REFS[0]
