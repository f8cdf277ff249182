"""`veilig web` without a browser: the token, the cookie, Origin and Host, the session
limit, one data folder per browser session, and the refusal without keys."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.core.test_handoff import veilig
from tests.core.test_handoff_files import keys_fixture  # noqa: F401 - the `keys` fixture
from tests.web.common import (
    TOKEN,
    browser,
    config,
    drafts_in,
    origin,
    read_until,
    serving,
    wait_for,
)
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import default_folder
from veilig_tui.web.server import COOKIE, VeiligServer, cookie_value
from veilig_tui.web.start import read_token


def org_of(keys: dict[str, Path]) -> Path:
    return Path(os.environ["VEILIG_ORGANISATIE"])


async def test_without_the_token_nothing_is_served_and_no_app_starts(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    cfg = config(tmp_path, org_of(keys))
    async with serving(cfg) as (server, test_server), browser(test_server, token=False) as b:
        for path in ("/", "/static/js/textual.js", "/eigen/../templates/index.html"):
            response = await b.get(path)
            assert response.status in (401, 404), path
            assert "textual" not in await response.text()
        response = await b.get("/?token=wrong-token-0123456789-abcdefghij")
        assert response.status == 401 and COOKIE not in response.cookies
        assert "link die je van je organisatie kreeg" in await response.text()
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        forged = {COOKIE: cookie_value("another-token-0123456789", "A" * 32)}
        for cookies in ({}, forged):
            b.session.cookie_jar.update_cookies(cookies)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await b.ws_connect("/ws", origin=origin(cfg))
            assert refused.value.status == 401
        assert server.started == [] and server.children == {}
        assert not cfg.sessions.exists() or not any(cfg.sessions.iterdir())


async def test_a_cross_site_origin_or_a_strange_host_starts_no_app(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    cfg = config(tmp_path, org_of(keys))
    async with serving(cfg) as (server, test_server), browser(test_server) as b:
        for evil in ("http://evil.example", f"http://127.0.0.1:{cfg.port + 1}", "null"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await b.ws_connect("/ws", origin=evil)
            assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await b.ws_connect("/ws")  # no Origin at all: not a browser page of ours
        assert refused.value.status == 403
        response = await b.get("/", headers={"Host": "evil.example"})
        assert response.status == 403
        assert server.started == []


async def test_the_token_sets_a_strict_cookie_and_the_page_loads_only_its_own_assets(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    cfg = config(tmp_path, org_of(keys))
    async with serving(cfg) as (_server, test_server), browser(test_server, token=False) as b:
        response = await b.get(f"/?token={TOKEN}")
        assert response.status == 200
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert f'url=http://127.0.0.1:{cfg.port}/"' in await response.text()  # to the bare URL
        page = await b.get("/")
        assert page.status == 200
        body = await page.text()
        policy = page.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self';" in policy
        assert "style-src 'self';" in policy and "unsafe" not in policy
        assert "<script>" not in body and "http" not in body.replace(
            f"ws://127.0.0.1:{cfg.port}/ws", ""
        )
        for asset in ("/static/js/textual.js", "/static/css/xterm.css", "/eigen/veilig.css"):
            assert (await b.get(asset)).status == 200, asset
        font = await b.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
        assert font.status == 200
        jar = b.session.cookie_jar.filter_cookies(b.make_url("/"))[COOKIE]
        folder = cfg.sessions / jar.value.partition(".")[0]
        (folder / "concepten").mkdir(parents=True)
        ended = await b.get("/einde")  # 'Verbergen' leads here
        assert not folder.exists()  # nobody can reach it any more: removed
        assert ended.status == 200 and "venster is leeg" in await ended.text()
        assert 'veilig=""' in ended.headers["Set-Cookie"]
        assert (await b.get("/")).status == 401  # the cookie is gone


async def test_two_browsers_get_two_folders_and_a_reload_resumes_its_own(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    cfg = config(tmp_path, org_of(keys))
    async with (
        serving(cfg) as (server, test_server),
        browser(test_server) as first,
        browser(test_server) as second,
    ):
        ws_first = await first.ws_connect("/ws?width=100&height=30", origin=origin(cfg))
        ws_second = await second.ws_connect("/ws?width=100&height=30", origin=origin(cfg))
        await read_until(ws_first, "Nee, er is nu geen direct gevaar")
        await read_until(ws_second, "Nee, er is nu geen direct gevaar")
        assert len(server.started) == 2
        folders = [Path(server.argv(s)[4]) for s in server.children]
        assert len(set(folders)) == 2 and all(f.parent == cfg.sessions for f in folders)
        await ws_first.send_json(["stdin", "3"])  # 'Nee': a draft in the first folder
        await read_until(ws_first, "Voor wie werk je")
        await wait_for(lambda: any(drafts_in(f) for f in folders))
        mine = [f for f in folders if drafts_in(f)]
        assert len(mine) == 1, "only the browser that answered has a draft"
        cookie = first.session.cookie_jar.filter_cookies(first.make_url("/"))[COOKIE]
        assert mine[0].name == cookie.value.partition(".")[0]  # its own folder
        await ws_first.close()
        await ws_second.close()
        ws_again = await first.ws_connect("/ws?width=100&height=30", origin=origin(cfg))
        await read_until(ws_again, "Voor wie werk je")  # the reload goes on with its own draft
        assert Path(server.children[mine[0].name].argv[4]) == mine[0]
        await ws_again.close()
    assert server.children == {}


async def test_a_full_server_says_so_kindly(tmp_path: Path, keys: dict[str, Path]) -> None:
    cfg = config(tmp_path, org_of(keys), max_sessions=1)
    async with (
        serving(cfg) as (server, test_server),
        browser(test_server) as first,
        browser(test_server) as second,
    ):
        ws = await first.ws_connect("/ws", origin=origin(cfg))
        await read_until(ws, "direct gevaar")
        busy = await second.get("/")
        assert busy.status == 503 and "Het is nu druk" in await busy.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await second.ws_connect("/ws", origin=origin(cfg))
        assert refused.value.status == 503
        assert len(server.started) == 1
        await ws.close()


async def test_abandoned_session_folders_are_removed(tmp_path: Path) -> None:
    cfg = config(tmp_path, None, concept_hours=24)
    from veilig_tui.web.server import VeiligServer

    server = VeiligServer(cfg)
    old, fresh = cfg.sessions / ("o" * 32), cfg.sessions / ("f" * 32)
    for folder in (old, fresh):
        (folder / "concepten").mkdir(parents=True)
        (folder / "concepten" / "x.json").write_text("{}", encoding="utf-8")
    long_ago = time.time() - 25 * 3600
    for path in (old, old / "concepten", old / "concepten" / "x.json"):
        os.utime(path, (long_ago, long_ago))
    assert server.remove_abandoned() == [old.name]
    assert fresh.is_dir() and not old.exists()
    assert load_profile(default_folder() / "profiel.yaml").model.web.concept_uren == 24


def test_without_keys_web_mode_refuses_in_dutch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    code, out, error = veilig(["web", "--data", str(tmp_path)], capsys, monkeypatch)
    assert code == 2 and out == ""
    assert "niemand een sleutel" in error and "veilig sleutel-maken" in error


def test_a_token_file_is_made_once_and_must_be_private(tmp_path: Path) -> None:
    path = tmp_path / "token"
    made = read_token(path)
    assert read_token(path) == made and len(made) >= 40
    path.chmod(0o644)
    with pytest.raises(Exception, match="chmod 600"):
        read_token(path)


def test_start_prints_the_address_once_and_warns_off_loopback(
    keys: dict[str, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    served: list[Any] = []
    monkeypatch.setattr("aiohttp.web.run_app", lambda app, **kw: served.append(kw))
    token_file = tmp_path / "token"
    args = ["web", "--token-bestand", str(token_file), "--inbox", str(tmp_path / "in")]
    code, out, _ = veilig([*args, "--port", "8123"], capsys, monkeypatch)
    token = token_file.read_text(encoding="utf-8").strip()
    assert code == 0 and out.count(f"http://127.0.0.1:8123/?token={token}") == 1
    assert "reverse proxy" not in out and (tmp_path / "in").is_dir()
    code, out, _ = veilig([*args, "--host", "0.0.0.0"], capsys, monkeypatch)
    assert code == 0 and "reverse proxy" in out and "TLS" in out
    assert [kw["host"] for kw in served] == ["127.0.0.1", "0.0.0.0"]


class FakeApp:
    """Stands in for an app process that delivers one text (Textual's deliver_text)."""

    app_service_id = "fake"

    def __init__(self, server: VeiligServer) -> None:
        self.server = server
        self.sent = False

    async def send_meta(self, data: dict[str, Any]) -> bool:
        chunk = b"" if self.sent else b"Kenmerk: VZ-2026-TEST"
        self.sent = True
        await self.server.downloads.chunk_received(data["key"], chunk)
        return True


async def test_a_delivered_receipt_downloads_only_in_its_own_session(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    cfg = config(tmp_path, org_of(keys))
    async with (
        serving(cfg) as (server, test_server),
        browser(test_server) as mine,
        browser(test_server) as other,
        browser(test_server, token=False) as stranger,
    ):
        jar = mine.session.cookie_jar.filter_cookies(mine.make_url("/"))[COOKIE]
        session_id = jar.value.partition(".")[0]
        fake = FakeApp(server)
        server.children[session_id] = fake  # type: ignore[assignment]
        for key in ("k1", "k2"):
            await server.downloads.create_download(
                app_service=fake,  # type: ignore[arg-type]
                delivery_key=key,
                file_name="kenmerk VZ.txt",
                open_method="download",
                mime_type="text/plain",
                encoding="utf-8",
            )
        assert (await stranger.get("/download/k1")).status == 401
        assert (await other.get("/download/k1")).status == 404
        got = await mine.get("/download/k1")
        assert got.status == 200 and await got.text() == "Kenmerk: VZ-2026-TEST"
        assert got.headers["Content-Disposition"] == 'attachment; filename="kenmerk_VZ.txt"'
        del server.children[session_id]
