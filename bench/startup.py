"""Benchmark: how soon the danger question can be answered, and how fast a key press shows
the next question, per kind of question.

Run: .venv/bin/python bench/startup.py   (one line per target; exit status 1 when one is missed)

Every run starts a fresh process on its own pseudo-terminal of 80×24 (TERM=xterm-256color)
and its own empty data directory, with compiled bytecode as after `pip install` (the
unmeasured warm-up runs write it, also when PYTHONDONTWRITEBYTECODE is set here). The
app's stdin, stdout and stderr are all that terminal: Textual's Linux driver writes the
screen to stderr (`sys.__stderr__`), and that is read here like everything else. The output
is drained all the time, so the app never blocks on a full terminal. The child is stopped
with SIGTERM, then SIGKILL; this script's own terminal is never touched.

1. Headline: start → the danger question answerable, i.e. its answers painted ("3. Nee";
   they are painted once the core is loaded and the answers have focus), against the first
   paint of a bare Textual app with one label "Direct gevaar? Bel 112", started the same
   way, the two taking turns. Target: ratio ≤ 1.3. Also printed: start → first "112".
   The danger question comes from the cached first screen in the user's cache folder
   (veilig_tui/firstscreen.py), written by the unmeasured warm-up run: as on every start
   after the first run or after `veilig controleer`. Delete ~/.cache/veilig to see a first run.
2. Key → next question painted, its text *and* its answers (or its input hint), per kind
   of question, walking scenario 03 by keys: choice (a digit on the danger question),
   text (Enter on 'Verder' after typing), multi (Enter after choosing), date (Enter after
   typing). Each is the first of its kind in a fresh process. Warm: the choice again
   after Escape back, in the same process. Target: median ≤ 16.7 ms (one frame) each.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from targets import Target, report
from veilig_tui.flow.check import load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import OrgFolder

RUNS = 7
ROWS, COLUMNS = 24, 80
TIMEOUT = 20.0
QUIET = 0.15
"""Seconds without output after which the app counts as idle (ready for a key)."""
BARE_APP = """\
from textual.app import App, ComposeResult
from textual.widgets import Label


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("Direct gevaar? Bel 112")


if __name__ == "__main__":
    Bare().run()
"""
NO_DANGER = b"3. Nee"
VEILIG = [sys.executable, "-m", "veilig_tui.cli"]
SCENARIO = "03_collega_geen_gevaar_client_veilig"
TIMED = {"direct_gevaar": "choice", "wat_gebeurd": "text", "pleger_rol": "multi", "wanneer": "date"}
"""The first question of each kind in the scenario: the key that answers it is timed."""
FRAME_MS = 16.7
"""One frame at 60 Hz, in ms."""
START_RATIO = 1.3


class Child:
    """A process on its own 80×24 pseudo-terminal; everything it writes is kept."""

    def __init__(self, argv: Sequence[str], data: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        env.pop("VEILIG_ORGANISATIE", None)
        # As installed: pip compiles the bytecode of veilig at install. In a checkout with
        # PYTHONDONTWRITEBYTECODE set, every start would compile veilig's modules again
        # (~60 ms), which no user sees; the unmeasured warm-up run writes the bytecode.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(VEILIG_DATA=str(data), TERM="xterm-256color", LANG="C.UTF-8")
        self.output = b""
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: set the size before anything reads it, then run
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)

    def read(self, timeout: float) -> bool:
        """Read what is there (waiting up to `timeout`); False when nothing came."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the child closed its terminal
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, marker: bytes, since: int = 0) -> float:
        """Read until `marker` is in the output after byte `since`; perf_counter then."""
        end = time.perf_counter() + TIMEOUT
        while marker not in self.output[since:]:
            if time.perf_counter() > end:
                raise TimeoutError(f"no {marker!r} after {TIMEOUT} s")
            self.read(0.05)
        return time.perf_counter()

    def wait_quiet(self) -> None:
        """Read until the child writes nothing for QUIET seconds."""
        while self.read(QUIET):
            pass

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL; keep draining so the child never blocks on output."""
        for sig, grace in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 5.0)):
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                break
            end = time.perf_counter() + grace
            while time.perf_counter() < end:
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    os.close(self.fd)
                    return
                self.read(0.02)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def warm_up(argv: Sequence[str], until: bytes) -> None:
    """An unmeasured run until `until` is painted and the app is idle: the disk cache, the
    bytecode of every module the app loads, and veilig's cached first screen."""
    with tempfile.TemporaryDirectory() as data:
        child = Child(argv, Path(data))
        try:
            child.wait_for(until)
            end = time.perf_counter() + 1.5  # the core loads in the background meanwhile
            while time.perf_counter() < end:
                child.read(0.05)
        finally:
            child.stop()


def first_112(argv: Sequence[str], then: bytes = b"") -> tuple[float, float]:
    """Seconds from process start to the first output that contains 112, and to `then`."""
    with tempfile.TemporaryDirectory() as data:
        child = Child(argv, Path(data))
        try:
            shown = child.wait_for(b"112") - child.started
            return shown, (child.wait_for(then) - child.started if then else shown)
        finally:
            child.stop()


def shadow() -> tuple[Dialogue, list[tuple[str, Any]]]:
    """The same flow in the core, to know what each next screen must show; the answers."""
    folder = OrgFolder.select(None, {})
    dialogue = Dialogue(load_flow(folder.flows()["melden"]), load_profile(folder.profile))
    path = folder.default / "flows" / "scenarios" / f"{SCENARIO}.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dialogue, [next(iter(entry.items())) for entry in doc["antwoorden"]]


def painted(dialogue: Dialogue) -> tuple[bytes, bytes]:
    """Two markers of the current node on screen: its first words, and its first answer
    (or the input hint), each short enough not to be broken by a line wrap."""
    shown = dialogue.show()
    words = " ".join(shown.text.split()[:3]).encode()
    kind = shown.node.kind
    if kind in ("choice", "multi"):
        return words, f"1. {shown.answers[0][1]}".encode()[:12]
    hint = {"text": "Tab: naar Verder", "date": "Typ de datum"}.get(kind, "Verder")
    return words, hint.encode()


def keys_for(dialogue: Dialogue, value: Any) -> tuple[list[bytes], bytes]:
    """Keys that give `value`: the ones sent first, and the last one (which is timed)."""
    node = dialogue.current
    ids = [a.id for a in node.answers or []]
    if node.kind == "choice":
        return [], str(ids.index(value) + 1).encode()
    if node.kind == "multi":
        return [str(ids.index(chosen) + 1).encode() for chosen in value], b"\r"
    if node.kind == "text":
        return ([str(value)[:20].encode()] if value else []) + [b"\t"], b"\r"
    return ([str(value).encode()] if value else []), b"\r"


def key_to_next_question(warm: int) -> tuple[dict[str, float], list[float]]:
    """Seconds from the answering key to the next question painted, per kind (first of
    its kind in this process), and `warm` more for the choice after Escape back."""
    cold: dict[str, float] = {}
    warm_times: list[float] = []
    dialogue, answers = shadow()
    with tempfile.TemporaryDirectory() as data:
        child = Child(VEILIG, Path(data))
        try:
            since = 0
            for node_id, value in answers:
                while dialogue.current.kind in ("info", "advice"):
                    child.wait_for(painted(dialogue)[0], since)
                    child.wait_quiet()
                    since = len(child.output)
                    child.send(b"\r")
                    dialogue.answer(None)
                for marker in painted(dialogue):
                    child.wait_for(marker, since)
                child.wait_quiet()  # the answers have focus: the key is not lost
                before, last = keys_for(dialogue, value)
                for key in before:
                    child.send(key)
                    child.wait_quiet()
                first = dialogue.current.id == "direct_gevaar"
                dialogue.answer(value)
                since = len(child.output)
                sent = time.perf_counter()
                child.send(last)
                for marker in painted(dialogue):
                    child.wait_for(marker, since)
                if node_id in TIMED:
                    cold[TIMED[node_id]] = time.perf_counter() - sent
                if first:
                    for _ in range(warm):
                        child.wait_quiet()
                        since = len(child.output)
                        child.send(b"\x1b")  # Escape: back to the danger question
                        child.wait_for(b"3. Nee", since)
                        child.wait_quiet()
                        since = len(child.output)
                        sent = time.perf_counter()
                        child.send(last)
                        for marker in painted(dialogue):
                            child.wait_for(marker, since)
                        warm_times.append(time.perf_counter() - sent)
                if len(cold) == len(TIMED):
                    break
        finally:
            child.stop()
    return cold, warm_times


def ms(values: Sequence[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.1f} ms  (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, n={len(values)})"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        bare_file = Path(folder) / "bare_app.py"
        bare_file.write_text(BARE_APP, encoding="utf-8")
        bare = [sys.executable, str(bare_file)]
        warm_up(bare, b"112")
        warm_up(VEILIG, NO_DANGER)
        veilig_times: list[float] = []
        question_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(RUNS):  # alternate, so both see the same machine load
            shown, question = first_112(VEILIG, then=NO_DANGER)
            veilig_times.append(shown)
            question_times.append(question)
            bare_times.append(first_112(bare)[0])
    per_kind: dict[str, list[float]] = {kind: [] for kind in TIMED.values()}
    warm: list[float] = []
    for run in range(RUNS):
        cold, warm_run = key_to_next_question(warm=RUNS if run == 0 else 0)
        for kind, seconds in cold.items():
            per_kind[kind].append(seconds)
        warm += warm_run

    ratio = statistics.median(question_times) / statistics.median(bare_times)
    print(f"Terminal {COLUMNS}x{ROWS}, TERM=xterm-256color, Python {sys.version.split()[0]}")
    print("Start -> danger question answerable (its answers painted)")
    print(f"  veilig            {ms(question_times)}")
    print(f"  bare Textual app  {ms(bare_times)}   (first paint)")
    print(f"  veilig, first 112 {ms(veilig_times)}")
    print("Answering key -> next question with its answers painted")
    for kind, values in per_kind.items():
        print(f"  {kind:<6} (first)   {ms(values)}")
    print(f"  choice (warm)    {ms(warm)}")
    targets = [Target("start tot antwoordbare gevaarvraag / kale Textual-app", ratio, START_RATIO)]
    targets += [
        Target(
            f"toets tot volgende vraag, {kind}", statistics.median(values) * 1000, FRAME_MS, " ms"
        )
        for kind, values in per_kind.items()
    ]
    targets.append(
        Target(
            "toets tot volgende vraag, choice warm", statistics.median(warm) * 1000, FRAME_MS, " ms"
        )
    )
    return report(targets)


if __name__ == "__main__":
    sys.exit(main())
