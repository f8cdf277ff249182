"""The `veilig web` server: textual-serve's app processes behind a token and a cookie.

Every HTTP and WebSocket request passes `_guard` before anything else: the Host must be
the served address, an Origin (always sent with a WebSocket) must be the served origin,
and the request must carry the token (first visit, `?token=`) or the cookie that the first
visit set. The cookie holds the browser session's id with an HMAC of it under the token,
so it is checked in constant time, needs no server memory and survives a restart with the
same `--token-bestand`. Only then does the WebSocket handler start an app process: one per
browser session, with the session's own data folder on its command line
(`veilig_tui.web.child`), so a reload resumes the same draft and two browsers never share
one. Folders not used for `web.concept_uren` hours are removed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import html
import logging
import re
import secrets
import shutil
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("veilig.web")

COOKIE = "veilig"
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{32}")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
STOP_SECONDS = 5.0
"""How long an app process may take to stop before it is killed."""
CLEAN_EVERY = 600.0
"""Seconds between two rounds of removing abandoned session folders."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _sign(token: str, session_id: str) -> str:
    return hmac.new(token.encode(), session_id.encode(), hashlib.sha256).hexdigest()


def cookie_value(token: str, session_id: str) -> str:
    return f"{session_id}.{_sign(token, session_id)}"


def session_of(token: str, cookie: str | None) -> str | None:
    """The session id in a cookie that this token signed, else None (constant time)."""
    if not cookie or "." not in cookie:
        return None
    session_id, _, mac = cookie.partition(".")
    if not SESSION_ID.fullmatch(session_id):
        return None
    if not hmac.compare_digest(mac.encode(), _sign(token, session_id).encode()):
        return None
    return session_id


def token_matches(token: str, given: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


@dataclass
class Config:
    """What `veilig web` was started with."""

    token: str
    inbox: Path
    sessions: Path
    """One folder per browser session lives here."""
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    max_sessions: int = 20
    concept_hours: int = 24
    organisation: Path | None = None
    python: str = sys.executable

    @property
    def base_url(self) -> str:
        """The address the browser uses, without a trailing slash."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def secure(self) -> bool:
        return self.base_url.startswith("https:")

    def allowed_hosts(self) -> set[str]:
        """Host headers that name this server."""
        hosts = {urlsplit(self.base_url).netloc.lower()}
        if self.host in LOOPBACK:
            hosts |= {f"{name}:{self.port}" for name in ("127.0.0.1", "localhost", "[::1]")}
        else:
            host = f"[{self.host}]" if ":" in self.host else self.host
            hosts.add(f"{host}:{self.port}".lower())
        return hosts

    def allowed_origins(self) -> set[str]:
        scheme = urlsplit(self.base_url).scheme
        own = {f"{scheme}://{host}" for host in self.allowed_hosts()}
        parts = urlsplit(self.base_url)
        return own | {f"{parts.scheme}://{parts.netloc}".lower()}


PAGE_STYLE = "/eigen/veilig.css"


def page(title: str, text: str, *, link: tuple[str, str] | None = None) -> str:
    """A small Dutch page (no script, only the package's own style sheet)."""
    extra = f'<p><a href="{html.escape(link[0])}">{html.escape(link[1])}</a></p>' if link else ""
    return (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{html.escape(title)}</title><link rel="stylesheet" href="{PAGE_STYLE}">'
        f'</head><body class="page"><main><h1>{html.escape(title)}</h1>'
        f"<p>{html.escape(text)}</p>{extra}"
        "<p>Bij direct gevaar: bel 112.</p></main></body></html>"
    )


NO_ACCESS = page(
    "Geen toegang",
    "Open veilig met de link die je van je organisatie kreeg. In die link staat een code.",
)
BUSY = page(
    "Het is nu druk",
    "Er zijn nu te veel mensen tegelijk bezig met veilig. Probeer het over een paar minuten "
    "opnieuw. Je kunt ook je leidinggevende of het meldpunt bellen.",
    link=("/", "Opnieuw proberen"),
)
ENDED = page("Gesloten", "Dit venster is leeg. Je kunt het nu sluiten.")
WRONG_ADDRESS = page("Geen toegang", "Dit adres hoort niet bij deze server.")


class Child(AppService):
    """An app process started without a shell, with the session's own arguments."""

    def __init__(self, argv: list[str], **kw: Any) -> None:
        super().__init__(" ".join(argv), **kw)
        self.argv = argv
        self._ending: asyncio.Future[None] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def end(self) -> None:
        """Ask the app to quit (it saves its draft); kill it when it does not. Several
        callers (a reload, the socket closing, a shutdown) share one ending."""
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        with contextlib.suppress(Exception):  # it may be gone already
            await asyncio.wait_for(self.stop(), STOP_SECONDS)
        process = self._process
        if process is None:
            return
        try:
            await asyncio.wait_for(process.wait(), STOP_SECONDS)
        except TimeoutError:
            log.warning("app process did not stop in time; killed")
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        if process.stdin is not None:  # the pipe's transport is closed with it
            process.stdin.close()
            with contextlib.suppress(Exception):
                await process.stdin.wait_closed()


@dataclass
class VeiligServer:
    """The aiohttp application of `veilig web`."""

    config: Config
    children: dict[str, Child] = field(default_factory=dict)
    downloads: DownloadManager = field(default_factory=DownloadManager)
    started: list[int] = field(default_factory=list)
    """Process ids of every app process started (for tests and the bench)."""
    _cleaner: asyncio.Task[None] | None = None

    # -- the application -------------------------------------------------------------
    def app(self) -> web.Application:
        application = web.Application(middlewares=[self._guard])
        application.add_routes(
            [
                web.get("/", self.index),
                web.get("/ws", self.websocket),
                web.get("/einde", self.end),
                web.get("/download/{key}", self.download),
                web.static("/static", _textual_serve_static()),
                web.static("/eigen", _own("static")),
            ]
        )
        application.on_startup.append(self._on_startup)
        application.on_shutdown.append(self._on_shutdown)
        return application

    async def _on_startup(self, _app: web.Application) -> None:
        self.config.sessions.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.remove_abandoned()
        self._cleaner = asyncio.create_task(self._clean_regularly())

    async def _on_shutdown(self, _app: web.Application) -> None:
        if self._cleaner is not None:
            self._cleaner.cancel()
        await asyncio.gather(*(child.end() for child in list(self.children.values())))
        self.children.clear()

    async def _clean_regularly(self) -> None:
        while True:
            await asyncio.sleep(CLEAN_EVERY)
            self.remove_abandoned()

    def remove_abandoned(self, now: float | None = None) -> list[str]:
        """Remove session folders not used for `concept_hours` (not those in use)."""
        limit = (now or time.time()) - self.config.concept_hours * 3600
        removed: list[str] = []
        root = self.config.sessions
        if not root.is_dir():
            return removed
        for folder in root.iterdir():
            if folder.name in self.children or not folder.is_dir():
                continue
            if _last_used(folder) < limit:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        return removed

    def folder(self, session_id: str) -> Path:
        return self.config.sessions / session_id

    # -- every request ----------------------------------------------------------------
    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Host, Origin and token or cookie: checked before any handler runs."""
        config = self.config
        if request.host.lower() not in config.allowed_hosts():
            return _secured(_html(WRONG_ADDRESS, 403), config)
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower() not in config.allowed_origins():
            return _secured(_html(WRONG_ADDRESS, 403), config)
        if request.path == "/ws" and origin is None:
            return _secured(_html(WRONG_ADDRESS, 403), config)
        if request.path == "/einde" or request.path == PAGE_STYLE:
            return _secured(await handler(request), config)
        given = request.query.get("token")
        if request.path == "/" and given is not None:
            if not token_matches(config.token, given):
                return _secured(_html(NO_ACCESS, 401), config)
            return self._welcome(request)
        session_id = session_of(config.token, request.cookies.get(COOKIE))
        if session_id is None:
            return _secured(_html(NO_ACCESS, 401), config)
        return _secured(await handler(request), config)

    def _welcome(self, request: web.Request) -> web.StreamResponse:
        """A right token: set the cookie, then go to the bare address (by a page, not an
        HTTP redirect, so the SameSite=Strict cookie also comes along when the link was
        opened from a mail)."""
        session_id = session_of(self.config.token, request.cookies.get(COOKIE))
        session_id = session_id or secrets.token_urlsafe(24)
        target = f"{self.config.base_url}/"
        response = _html(
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0;url={html.escape(target)}">'
            f'<title>veilig</title><link rel="stylesheet" href="{PAGE_STYLE}"></head>'
            f'<body class="page"><main><p><a href="{html.escape(target)}">Verder naar veilig'
            "</a></p></main></body></html>",
            200,
        )
        response.headers["Referrer-Policy"] = "no-referrer"  # the token stays here
        response.set_cookie(
            COOKIE,
            cookie_value(self.config.token, session_id),
            httponly=True,
            samesite="Strict",
            secure=self.config.secure,
            path="/",
        )
        return _secured(response, self.config)

    def _session(self, request: web.Request) -> str:
        """The session of a request that passed the guard."""
        session_id = session_of(self.config.token, request.cookies.get(COOKIE))
        assert session_id is not None
        return session_id

    def _full(self, session_id: str) -> bool:
        return session_id not in self.children and len(self.children) >= self.config.max_sessions

    # -- the pages --------------------------------------------------------------------
    async def index(self, request: web.Request) -> web.StreamResponse:
        if self._full(self._session(request)):
            return _html(BUSY, 503)
        template = _own("templates").joinpath("index.html").read_text(encoding="utf-8")
        ws_url = "ws" + self.config.base_url.removeprefix("http") + "/ws"
        body = template.replace("{{ws_url}}", html.escape(ws_url))
        return _html(body, 200)

    async def end(self, request: web.Request) -> web.StreamResponse:
        """'Verbergen': end the session, delete the cookie, show a neutral page."""
        session_id = session_of(self.config.token, request.cookies.get(COOKIE))
        if session_id is not None:
            child = self.children.pop(session_id, None)
            if child is not None:
                await child.end()
            # without the cookie nobody can reach this folder again: remove it now
            shutil.rmtree(self.folder(session_id), ignore_errors=True)
        response = _html(ENDED, 200)
        response.del_cookie(COOKIE, path="/")
        return response

    async def download(self, request: web.Request) -> web.StreamResponse:
        """A receipt the app delivered (Textual's deliver_text), as a download."""
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            return _html(page("Niet gevonden", "Dit bestand is er niet (meer)."), 404)
        if meta.app_service is not self.children.get(self._session(request)):
            return _html(page("Niet gevonden", "Dit bestand is er niet (meer)."), 404)
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        name = re.sub(r"[^A-Za-z0-9._-]", "_", meta.file_name)
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        _secured(response, self.config)
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- the app process --------------------------------------------------------------
    def argv(self, session_id: str) -> list[str]:
        """The command of one session's app process: its own data folder."""
        argv = [
            self.config.python,
            "-m",
            "veilig_tui.web.child",
            "--data",
            str(self.folder(session_id)),
            "--inbox",
            str(self.config.inbox),
            "--einde",
            f"{self.config.base_url}/einde",
        ]
        if self.config.organisation is not None:
            argv += ["--organisatie", str(self.config.organisation)]
        return argv

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        session_id: str = self._session(request)
        if self._full(session_id):
            return _html(BUSY, 503)
        socket = web.WebSocketResponse(heartbeat=15)
        await socket.prepare(request)
        old = self.children.pop(session_id, None)
        if old is not None:  # a reload or a second tab: one app per data folder
            await old.end()
        folder = self.folder(session_id)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        width = _number(request.query.get("width"), 80)
        height = _number(request.query.get("height"), 24)
        child = Child(
            self.argv(session_id),
            write_bytes=socket.send_bytes,
            write_str=socket.send_str,
            close=socket.close,
            download_manager=self.downloads,
        )
        self.children[session_id] = child
        try:
            await child.start(width, height)
            if child.pid is not None:
                self.started.append(child.pid)
            await self._relay(socket, child)
        except asyncio.CancelledError:
            await socket.close()
        finally:
            await child.end()  # listed until it is gone: a shutdown meanwhile ends it too
            if self.children.get(session_id) is child:
                del self.children[session_id]
            folder.touch(exist_ok=True)  # last used now (for removing abandoned ones)
        return socket

    async def _relay(self, socket: web.WebSocketResponse, child: Child) -> None:
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError):
                continue
            if kind == "stdin" and isinstance(data, str):
                await child.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await child.set_terminal_size(
                    _number(data.get("width"), 80), _number(data.get("height"), 24)
                )
            elif kind == "ping":
                await socket.send_json(["pong", data])
            elif kind == "blur":
                await child.blur()
            elif kind == "focus":
                await child.focus()


def _number(value: Any, default: int) -> int:
    try:
        return max(1, min(int(value), 1000))
    except (TypeError, ValueError):
        return default


def _last_used(folder: Path) -> float:
    newest = folder.stat().st_mtime
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            newest = max(newest, path.stat().st_mtime)
    return newest


def _html(body: str, status: int) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def csp(config: Config) -> str:
    ws = "ws" + config.base_url.removeprefix("http")
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data:; font-src 'self'; connect-src 'self' {ws}; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def _secured(response: web.StreamResponse, config: Config) -> web.StreamResponse:
    if response.prepared:  # a WebSocket or a download: its headers were sent already
        return response
    headers = response.headers
    headers.setdefault("Content-Security-Policy", csp(config))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    headers.setdefault("Cache-Control", "no-store")
    return response


def _own(name: str) -> Path:
    return Path(str(resources.files("veilig_tui.web"))) / name


def _textual_serve_static() -> Path:
    import textual_serve

    return Path(textual_serve.__file__).parent / "static"
