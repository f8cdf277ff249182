"""Benchmark: how fast 112 is on the screen, and how fast a key press shows the next question.

Run: .venv/bin/python bench/startup.py   (prints figures, no asserts; targets in the output)

Every run starts a fresh process on its own pseudo-terminal of 80×24 (TERM=xterm-256color)
and its own empty data directory. The app's stdin, stdout and stderr are all that
terminal: Textual's Linux driver writes the screen to stderr (`sys.__stderr__`), and that
is read here like everything else. The output is drained all the time, so the app never
blocks on a full terminal. The child is stopped with SIGTERM,
then SIGKILL; this script's own terminal is never touched.

1. Start → first output with "112": `python -m veilig_tui.cli` against a bare Textual app
   with one label "Direct gevaar? Bel 112", started the same way. Target: ratio ≤ 1.5.
   Also: start → the danger question with its answers painted (veilig only).
2. Key press → next question painted: wait until the danger question is painted and the
   app is idle, send "3" ("nee") and time until "Voor wie werk je" is in the output (and,
   as a second figure, until its first answer is painted too). Cold: the first key press
   after start. Warm: Escape back and "3" again in the same process. Target: < 50 ms.
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
QUESTION = b"Is er nu direct gevaar?"
NO_DANGER = b"3. Nee"
NEXT = b"Voor wie werk je"
NEXT_ANSWER = b"1. Voor "
VEILIG = [sys.executable, "-m", "veilig_tui.cli"]


class Child:
    """A process on its own 80×24 pseudo-terminal; everything it writes is kept."""

    def __init__(self, argv: Sequence[str], data: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        env.pop("VEILIG_ORGANISATIE", None)
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


def first_112(argv: Sequence[str], then: bytes = b"") -> tuple[float, float]:
    """Seconds from process start to the first output that contains 112, and to `then`."""
    with tempfile.TemporaryDirectory() as data:
        child = Child(argv, Path(data))
        try:
            shown = child.wait_for(b"112") - child.started
            return shown, (child.wait_for(then) - child.started if then else shown)
        finally:
            child.stop()


def key_to_next_question(warm: int) -> tuple[list[float], list[float]]:
    """Seconds from "3" to the next question (text; text and answers) in one process:
    the first press after start, then `warm` more after Escape back."""
    texts: list[float] = []
    answers: list[float] = []
    with tempfile.TemporaryDirectory() as data:
        child = Child(VEILIG, Path(data))
        try:
            since = 0
            for _ in range(1 + warm):
                child.wait_for(QUESTION, since)
                child.wait_for(NO_DANGER, since)
                child.wait_quiet()  # the answers have focus: the key is not lost
                since = len(child.output)
                sent = time.perf_counter()
                child.send(b"3")
                texts.append(child.wait_for(NEXT, since) - sent)
                answers.append(child.wait_for(NEXT_ANSWER, since) - sent)
                child.wait_quiet()
                since = len(child.output)
                child.send(b"\x1b")  # Escape: back to the danger question
        finally:
            child.stop()
    return texts, answers


def ms(values: Sequence[float]) -> str:
    return f"median {statistics.median(values) * 1000:6.1f} ms  (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f}, n={len(values)})"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bare_file = Path(folder) / "bare_app.py"
        bare_file.write_text(BARE_APP, encoding="utf-8")
        bare = [sys.executable, str(bare_file)]
        first_112(bare)  # warm the disk cache for both, not measured
        first_112(VEILIG)
        veilig_times: list[float] = []
        question_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(RUNS):  # alternate, so both see the same machine load
            shown, question = first_112(VEILIG, then=NO_DANGER)
            veilig_times.append(shown)
            question_times.append(question)
            bare_times.append(first_112(bare)[0])
    cold_text: list[float] = []
    cold_answers: list[float] = []
    warm_text: list[float] = []
    warm_answers: list[float] = []
    for run in range(RUNS):
        texts, answers = key_to_next_question(warm=RUNS if run == 0 else 0)
        cold_text.append(texts[0])
        cold_answers.append(answers[0])
        warm_text += texts[1:]
        warm_answers += answers[1:]

    ratio = statistics.median(veilig_times) / statistics.median(bare_times)
    print(f"Terminal {COLUMNS}x{ROWS}, TERM=xterm-256color, Python {sys.version.split()[0]}")
    print("Start -> first output with 112")
    print(f"  veilig            {ms(veilig_times)}")
    print(f"  bare Textual app  {ms(bare_times)}")
    print(f"  ratio veilig/bare {ratio:.2f}   (target <= 1.5)")
    print(f"  veilig, until the danger question and its answers: {ms(question_times)}")
    print("Key '3' on the danger question -> next question painted")
    print(f"  cold, text        {ms(cold_text)}   (target < 50 ms)")
    print(f"  cold, + answers   {ms(cold_answers)}")
    print(f"  warm, text        {ms(warm_text)}   (target < 50 ms)")
    print(f"  warm, + answers   {ms(warm_answers)}")


if __name__ == "__main__":
    main()
