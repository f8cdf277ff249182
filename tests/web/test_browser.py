"""`veilig web` in a real headless Chromium (Debian's, driven by Selenium; nothing is
downloaded): the link with the token, the 112 row, the danger question answered, the advice,
and not one request to another host. Then a clean stop ends every app process.

What the page shows is read from the WebSocket frames the browser received (xterm.js paints
them on a canvas), taken from Chromium's own network log.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_handoff_files import keys_fixture  # noqa: F401 - the `keys` fixture
from tests.web.common import ANSI, free_port

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and DRIVER.exists()),
    reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
)


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Page:
    """What the browser received: the app's text and every URL it asked for."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.text = ""
        self.urls: list[str] = []

    def take_log(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.webSocketFrameReceived":
                frame = params["response"]
                data = frame["payloadData"]
                if frame["opcode"] == 2:
                    data = base64.b64decode(data).decode("utf-8", "replace")
                self.text += ANSI.sub("", data)
            elif message["method"] == "Network.requestWillBeSent":
                self.urls.append(params["request"]["url"])
            elif message["method"] == "Network.webSocketCreated":
                self.urls.append(params["url"])

    def wait_for(self, wanted: str, seconds: float = 10.0) -> None:
        end = time.monotonic() + seconds
        while wanted not in self.text:
            assert time.monotonic() < end, f"{wanted!r} not shown: {self.text[-300:]!r}"
            time.sleep(0.05)
            self.take_log()


def test_in_chromium_the_112_row_then_the_danger_question_then_an_advice(
    keys: dict[str, Path], tmp_path: Path
) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "veilig_tui.cli",
            "web",
            "--port",
            str(port),
            "--data",
            str(tmp_path / "server"),
            "--inbox",
            str(tmp_path / "inbox"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ.copy(),
    )
    driver = None
    try:
        assert server.stdout is not None
        printed = ""
        while "?token=" not in printed:
            line = server.stdout.readline()
            assert line, f"veilig web stopped: {printed}"
            printed += line
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=\S+", printed)
        assert found, printed
        base, url = found.group(1), found.group(0)

        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1100,700",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
        driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
        page = Page(driver)
        for _ in range(50):  # the server may still be binding its port
            try:
                driver.get(url)
                break
            except Exception:  # noqa: BLE001 - connection refused: try again
                time.sleep(0.1)
        page.wait_for("Direct gevaar? Bel 112")
        page.wait_for("Is er nu direct gevaar?")
        assert driver.current_url == f"{base}/"  # the token left the address bar
        body = driver.find_element(By.TAG_NAME, "body")
        assert "-first-byte" in (body.get_attribute("class") or "")  # the terminal shows
        typing = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        typing.send_keys("1")  # 'Ja, er is nu direct gevaar'
        page.wait_for("Bel nu 112")
        page.take_log()
        others = [u for u in page.urls if not re.match(rf"(https?|wss?)://127\.0\.0\.1:{port}/", u)]
        assert [u for u in others if not u.startswith("data:")] == []
        assert page.urls, "the network log was read"
        apps = children_of(server.pid)
        assert len(apps) == 1, "one app process for this browser"
        server.send_signal(signal.SIGTERM)  # a clean stop ends every app process
        assert server.wait(timeout=10) == 0
        assert all(not Path(f"/proc/{pid}").exists() for pid in apps)
    finally:
        if driver is not None:
            driver.quit()
        if server.poll() is None:
            server.kill()
            server.wait()
