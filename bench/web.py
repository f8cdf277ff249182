"""Benchmark: `veilig web` with many browser sessions at once.

Run: .venv/bin/python bench/web.py   (one line per target; exit status 1 when one is missed)

Starts `veilig web` on 127.0.0.1 (a free port, a throw-away organisation folder whose
meldpunt has a key, its own data and cache folders), warms the first-screen cache with one
unmeasured session, then:

1. 20 sessions started 0.5 s apart, each as a browser does it: the link with the token
   (cookie), then the WebSocket. Per session: connect → first "112" painted, and connect →
   the danger question answerable (its answers painted). Printed: p50/p95 of both, and the
   memory (RSS) of one app process. Target: answerable p95 < 3 s.
2. A burst: 20 sessions started at the same moment. Measured and printed, no target.

Traffic goes only to the server this script started on 127.0.0.1; every loop is bounded
in count and time, and the server is stopped (SIGTERM, then SIGKILL) at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from pyrage import x25519

from targets import Target, report
from veilig_tui.orgfolder import default_folder

SESSIONS = 20
APART = 0.5
TIMEOUT = 30.0
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
FIRST = "112"
ANSWERABLE = "Nee, er is nu geen direct gevaar"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def keyed_org(root: Path) -> Path:
    """The default organisation folder, with a key for the meldpunt."""
    org = root / "org"
    shutil.copytree(default_folder() / "flows", org / "flows")
    profile = (default_folder() / "profiel.yaml").read_text(encoding="utf-8")
    head = "  meldpunt:\n"
    start = profile.index(head) + len(head)
    public = x25519.Identity.generate().to_public()
    profile = profile[:start] + f'    sleutel: "{public}"\n' + profile[start:]
    (org / "profiel.yaml").write_text(profile, encoding="utf-8")
    return org


def rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return 0
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found.group(1)) if found else 0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


async def session(
    base: str, token: str, hold: asyncio.Event, ready: asyncio.Future[tuple[float, float]]
) -> None:
    """One browser session: `ready` gets the seconds to the first '112' and to the
    answerable question; then it stays connected (reading, as a browser does, so the
    server's heartbeat is answered) until `hold` is set."""
    try:
        await _session(base, token, hold, ready)
    except BaseException as exc:
        if not ready.done():
            ready.set_exception(exc)
        raise


async def _session(
    base: str, token: str, hold: asyncio.Event, ready: asyncio.Future[tuple[float, float]]
) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(f"{base}/?token={token}") as response:
            assert response.status == 200, response.status
        start = time.perf_counter()
        first = answerable = 0.0
        ws_url = base.replace("http", "ws", 1) + "/ws?width=100&height=30"
        async with client.ws_connect(ws_url, origin=base) as ws:
            text = ""
            while not answerable:
                left = TIMEOUT - (time.perf_counter() - start)
                if left <= 0:
                    raise TimeoutError("no answerable question in time")
                message = await ws.receive(timeout=left)
                if message.type != aiohttp.WSMsgType.BINARY:
                    if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        raise ConnectionError("the server closed the session")
                    continue
                text += message.data.decode("utf-8", "replace")
                plain = ANSI.sub("", text)
                now = time.perf_counter() - start
                if not first and FIRST in plain:
                    first = now
                if ANSWERABLE in plain:
                    answerable = now
            ready.set_result((first, answerable))
            while not hold.is_set():  # stay connected: the sessions run at the same time
                with contextlib.suppress(TimeoutError):
                    await ws.receive(timeout=0.2)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def round_of(
    base: str, token: str, server: int, apart: float
) -> tuple[list[tuple[float, float]], list[int]]:
    hold = asyncio.Event()
    loop = asyncio.get_running_loop()
    readies: list[asyncio.Future[tuple[float, float]]] = []
    tasks = []
    for _ in range(SESSIONS):
        ready: asyncio.Future[tuple[float, float]] = loop.create_future()
        readies.append(ready)
        tasks.append(asyncio.create_task(session(base, token, hold, ready)))
        if apart:
            await asyncio.sleep(apart)
    # all answerable (or failed): measure the app processes while connected, then let go
    await asyncio.wait(readies, timeout=TIMEOUT)
    apps = children_of(server)
    sizes = [rss_kib(pid) for pid in apps]
    cpu = [cpu_seconds(pid) for pid in apps]
    if cpu:
        print(f"  CPU per app-proces tot nu: mediaan {statistics.median(cpu):.2f} s")
    hold.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    timings = [r.result() for r in readies if r.done() and not r.exception()]
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        print(f"  {len(failed)} sessies mislukt: {failed[0]!r}")
    return timings, sizes


async def wait_idle(server: int, seconds: float = 20.0) -> None:
    end = time.monotonic() + seconds
    while children_of(server) and time.monotonic() < end:
        await asyncio.sleep(0.1)


def show(name: str, timings: list[tuple[float, float]], sizes: list[int]) -> float:
    firsts = [t[0] for t in timings]
    answers = [t[1] for t in timings]
    p95 = percentile(answers, 0.95) if answers else float("inf")
    print(f"{name}: {len(timings)} van {SESSIONS} sessies")
    if answers:
        print(
            f"  eerste 112:     p50 {statistics.median(firsts):.2f} s, "
            f"p95 {percentile(firsts, 0.95):.2f} s"
        )
        print(f"  te beantwoorden: p50 {statistics.median(answers):.2f} s, p95 {p95:.2f} s")
    if sizes:
        print(
            f"  geheugen per app-proces: {statistics.median(sizes) / 1024:.0f} MiB "
            f"(mediaan van {len(sizes)}; hoogstens {max(sizes) / 1024:.0f} MiB)"
        )
    return p95


async def measure(base: str, token: str, server: int) -> list[Target]:
    hold = asyncio.Event()
    hold.set()
    warm: asyncio.Future[tuple[float, float]] = asyncio.get_running_loop().create_future()
    await session(base, token, hold, warm)  # warm-up: writes the first-screen cache
    print(f"een sessie alleen (opwarmen, eerste keer): {warm.result()[1]:.2f} s")
    await wait_idle(server)
    timings, sizes = await round_of(base, token, server, APART)
    p95 = show(f"{SESSIONS} sessies, {APART} s na elkaar", timings, sizes)
    await wait_idle(server)
    burst, burst_sizes = await round_of(base, token, server, 0.0)
    show(f"{SESSIONS} sessies tegelijk (geen doel)", burst, burst_sizes)
    complete = p95 if len(timings) == SESSIONS else float("inf")
    return [Target("te beantwoorden p95", complete, 3.0, " s")]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="veilig-bench-web-") as tmp:
        root = Path(tmp)
        org = keyed_org(root)
        port = free_port()
        env = {**os.environ, "XDG_CACHE_HOME": str(root / "cache")}
        env.pop("VEILIG_ORGANISATIE", None)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "veilig_tui.cli",
                "web",
                "--port",
                str(port),
                "--organisatie",
                str(org),
                "--data",
                str(root / "data"),
                "--max-sessies",
                str(SESSIONS + 5),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        try:
            assert server.stdout is not None
            printed = ""
            while "?token=" not in printed:
                line = server.stdout.readline()
                if not line:
                    print(f"veilig web startte niet:\n{printed}")
                    return 1
                printed += line
            found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\S+)", printed)
            assert found, printed
            base, token = found.group(1), found.group(2)
            for _ in range(100):  # the port is bound just after the address is printed
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.05)
            targets = asyncio.run(measure(base, token, server.pid))
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return report(targets)


if __name__ == "__main__":
    sys.exit(main())
