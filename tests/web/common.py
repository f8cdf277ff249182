"""Helpers for the `veilig web` tests: a free port, a server in this process, frames."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp import ClientWebSocketResponse, WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer

from veilig_tui.web.server import Config, VeiligServer

TOKEN = "test-token-0123456789-abcdefghij"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def config(tmp_path: Path, org: Path | None, **kw: Any) -> Config:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    return Config(
        token=TOKEN,
        inbox=tmp_path / "inbox",
        sessions=tmp_path / "sessies",
        host="127.0.0.1",
        port=free_port(),
        organisation=org,
        **kw,
    )


@asynccontextmanager
async def serving(cfg: Config) -> AsyncIterator[tuple[VeiligServer, TestServer]]:
    """The server on 127.0.0.1 at the configured port; every app process ended after."""
    server = VeiligServer(cfg)
    test_server = TestServer(server.app(), host="127.0.0.1", port=cfg.port)
    await test_server.start_server()
    try:
        yield server, test_server
    finally:
        await test_server.close()


@asynccontextmanager
async def browser(
    test_server: TestServer, *, token: bool = True
) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    """One browser: its own cookie jar; with the token, the cookie is set."""
    client: TestClient[web.Request, web.Application] = TestClient(test_server)
    await client.start_server()
    try:
        if token:
            response = await client.get(f"/?token={TOKEN}")
            assert response.status == 200
        yield client
    finally:
        await client.close()


def origin(cfg: Config) -> str:
    return f"http://127.0.0.1:{cfg.port}"


async def read_until(ws: ClientWebSocketResponse, wanted: str, seconds: float = 15.0) -> str:
    """The app's output as text (escape codes removed) until `wanted` was shown."""
    text = ""
    import asyncio

    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while wanted not in ANSI.sub("", text):
        left = end - loop.time()
        assert left > 0, f"{wanted!r} not shown; got {ANSI.sub('', text)[-400:]!r}"
        message = await ws.receive(timeout=left)
        if message.type == WSMsgType.BINARY:
            text += message.data.decode("utf-8", "replace")
        elif message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
            raise AssertionError(f"socket closed before {wanted!r}: {ANSI.sub('', text)[-400:]}")
    return ANSI.sub("", text)


def drafts_in(folder: Path) -> list[Path]:
    return sorted((folder / "concepten").glob("*")) if (folder / "concepten").is_dir() else []


async def wait_for(check: Any, seconds: float = 10.0) -> None:
    """Wait until check() is true (a file written by an app process)."""
    import asyncio

    for _ in range(int(seconds * 20)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("waited in vain")
