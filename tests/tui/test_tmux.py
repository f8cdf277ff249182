"""The real app in a real terminal: tmux at 80×24, one journey with the keyboard alone.

The app runs as `python -m veilig_tui.cli` in a private tmux server (own socket, no
config). The test only sends keys (`tmux send-keys`) and reads the screen
(`tmux capture-pane -p`). To know what each step should show, it runs the same flow
in the core next to the app (a "shadow" dialogue); the app itself gets nothing but keys.
It polls until the expected text is on the screen and the screen stands still; it
never sleeps a fixed time.

Every captured frame must pass these rules:

1. Row 1 contains "Bel 112". This holds for every frame from the first one that shows
   the safety line; that nothing is painted before it, is checked byte by byte in a
   pseudo-terminal by `test_nothing_is_painted_before_the_112_line`.
2. Nothing runs into the right edge: the last column (80) holds a space or a border
   glyph (box drawing and block elements, U+2500–U+259F: borders, scrollbars, the
   edges of buttons and lists). No line is wider than the terminal.
3. No word is split or cut off: every text this step must show (the question, each
   answer, the advice and its contacts, the keys, the button) appears in full on the
   screen, after border glyphs are removed and all whitespace (line breaks included)
   is read as one space. A word broken at the edge ("verantwoor" / "delijk") or text
   clipped at the right edge or at the bottom fails this rule.

`test_no_button_is_clipped` also looks for buttons whose lower edge is hidden.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.tui.driver import TYPED, scenario_answers
from veilig_tui.flow.check import load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.store import Store
from veilig_tui.tui.widgets.answers import numbered

pytestmark = [
    pytest.mark.skipif(
        shutil.which("tmux") is None,
        reason="tmux is not installed (CI installs it, so it runs there)",
    ),
    # With pytest-xdist, keep this module on one worker, so the module-scoped journey
    # is walked once and not once per worker.
    pytest.mark.xdist_group("tmux"),
]

WIDTH, HEIGHT = 80, 24
TIMEOUT = 30.0
"""Seconds to wait for one step; a step takes well under a second."""
POLL = 0.02
SCENARIO = "03_collega_geen_gevaar_client_veilig"
REFERENCE = re.compile(r"Kenmerk: (VZ-[0-9A-Z-]+)")
ESCAPE = re.compile(
    rb"\x1b\[[0-9;?<=>$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)


def app_command(data: Path) -> list[str]:
    """The app as a user starts it, on its own data directory and the built-in folder."""
    return [
        "env",
        "-u",
        "VEILIG_ORGANISATIE",
        f"VEILIG_DATA={data}",
        "TERM=xterm-256color",
        "LANG=C.UTF-8",
        sys.executable,
        "-m",
        "veilig_tui.cli",
    ]


def running(pid: int) -> bool:
    """False once the process has ended (gone, or a zombie that nobody reaped yet)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def is_border(char: str) -> bool:
    return "\u2500" <= char <= "\u259f"


def cells(line: str) -> list[str]:
    """The characters of a line, one per terminal column (wide characters take two)."""
    out: list[str] = []
    for char in line:
        if unicodedata.combining(char):
            continue
        out.append(char)
        if unicodedata.east_asian_width(char) in ("W", "F"):
            out.append("")
    return out


def flat(text: str) -> str:
    """Text as a reader sees it: border glyphs gone, any whitespace one space."""
    return " ".join("".join(" " if is_border(c) else c for c in text).split())


def missing_112(lines: Sequence[str]) -> list[str]:
    """Rule 1."""
    return [] if lines and "Bel 112" in lines[0] else ["row 1 does not contain 'Bel 112'"]


def past_the_edge(lines: Sequence[str]) -> list[str]:
    """Rule 2."""
    problems = []
    for number, line in enumerate(lines, 1):
        row = cells(line)
        if len(row) > WIDTH:
            problems.append(f"row {number} is wider than {WIDTH} columns")
        elif len(row) == WIDTH and row[-1] != " " and not is_border(row[-1]):
            problems.append(f"row {number} runs into the last column: {line!r}")
    return problems


def not_in_full(lines: Sequence[str], expected: Sequence[str]) -> list[str]:
    """Rule 3."""
    screen = flat("\n".join(lines))
    return [f"not shown in full: {text!r}" for text in expected if flat(text) not in screen]


def anchor(text: str) -> str:
    """The first words of a text: enough to know it is painted, even when cut off."""
    return " ".join(flat(text).split()[:3])


def clipped_buttons(lines: Sequence[str]) -> list[str]:
    """A button is drawn as ▔▔▔ / label / ▁▁▁. An upper edge without the lower edge two
    rows further down, at the same columns, is a button that is partly hidden."""
    problems = []
    for number, line in enumerate(lines):
        for match in re.finditer("▔{3,}", line):
            if line[: match.start()].rstrip(" ").endswith("▊"):
                continue  # the upper edge of a list, not of a button
            below = lines[number + 2] if number + 2 < len(lines) else ""
            if below[match.start() : match.end()] != "▁" * len(match.group()):
                label = lines[number + 1].strip() if number + 1 < len(lines) else ""
                problems.append(f"button at row {number + 1} is clipped (label row: {label!r})")
    return problems


@dataclass
class Tmux:
    """A private tmux server (own socket, no config) with one pane of 80×24."""

    socket: str = field(default_factory=lambda: f"veilig-test-{os.getpid()}-{uuid.uuid4().hex}")
    frames: list[list[str]] = field(default_factory=list)
    """Every different non-blank frame seen, in order."""
    socket_path: str = ""

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", os.devnull, *args],
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout

    def start(self, data: Path) -> None:
        """Start the app with `exec`, so the pane's process is the app itself; the pane
        stays after the app stops, to read its last screen and exit status."""
        command = "exec " + shlex.join(app_command(data))
        self.run("new-session", "-d", "-s", "app", "-x", str(WIDTH), "-y", str(HEIGHT), command)
        self.run("set-option", "-w", "-t", "app", "remain-on-exit", "on")
        self.socket_path = self.display("#{socket_path}")
        size = self.display("#{pane_width}x#{pane_height}")
        assert size == f"{WIDTH}x{HEIGHT}", f"the pane is {size}"

    def close(self) -> None:
        """Stop the private server (and so the app) and remove its socket file."""
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False, timeout=10
        )
        if self.socket_path:
            Path(self.socket_path).unlink(missing_ok=True)

    def display(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", "app", fmt).strip()

    @property
    def pid(self) -> int:
        return int(self.display("#{pane_pid}"))

    @property
    def dead(self) -> bool:
        return self.display("#{pane_dead}") == "1"

    def wait_stopped(self, pid: int, timeout: float = TIMEOUT) -> None:
        """Wait until the app has closed its terminal and its process has ended. (tmux
        does not always report the exit status of the pane here, so it is not used.)"""
        end = time.monotonic() + timeout
        while not (self.dead and not running(pid)):
            assert time.monotonic() < end, "the app did not stop:\n" + "\n".join(self.capture())
            time.sleep(POLL)

    def capture(self) -> list[str]:
        lines = self.run("capture-pane", "-p", "-t", "app").split("\n")[:HEIGHT]
        return lines + [""] * (HEIGHT - len(lines))

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "app", "-l", text)

    def styled_row(self, text: str) -> str:
        """The row that holds only `text` (a button's label), with its colours."""
        for line in self.run("capture-pane", "-p", "-e", "-t", "app").split("\n"):
            if ESCAPE.sub(b"", line.encode()).decode().strip() == text:
                return line
        raise AssertionError(f"no row holds only {text!r}")

    def focus_button(self, label: str, timeout: float = TIMEOUT) -> None:
        """Tab to the button `label` and wait until its colours change (it has focus).
        Tab and Enter sent together lose the Enter (see the report), so wait between."""
        before = self.styled_row(label)
        self.keys("Tab")
        end = time.monotonic() + timeout
        while self.styled_row(label) == before:
            assert time.monotonic() < end, f"the button {label!r} did not get focus"
            time.sleep(POLL)

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> list[str]:
        """Poll until every text is on the screen and the screen stands still (so the
        answer widget is mounted and has focus, and the next key is not lost)."""
        return self.wait_until(lambda screen: all(flat(t) in screen for t in texts), texts, timeout)

    def wait_until(
        self, check: Callable[[str], bool], what: object, timeout: float = TIMEOUT
    ) -> list[str]:
        """Poll until `check(flat screen)` holds and the screen stands still."""
        end = time.monotonic() + timeout
        previous: list[str] = []
        lines: list[str] = []
        while time.monotonic() < end:
            lines = self.capture()
            if any(line.strip() for line in lines):
                if not self.frames or lines != self.frames[-1]:
                    self.frames.append(lines)
                if lines == previous and check(flat("\n".join(lines))):
                    return lines
            previous = lines
            time.sleep(POLL)
        raise AssertionError(f"waited {timeout} s for {what!r}; the screen:\n" + "\n".join(lines))


def shadow_dialogue() -> Dialogue:
    """The same flow in the core, to know what the app should show next."""
    folder = OrgFolder.select(None, {})
    return Dialogue(load_flow(folder.flows()["melden"]), load_profile(folder.profile))


def expected_texts(dialogue: Dialogue) -> list[str]:
    """What the current node must show in full."""
    shown = dialogue.show()
    node = shown.node
    texts = [shown.text]
    if node.kind in ("choice", "multi"):
        texts += [numbered(i, label).strip() for i, (_, label) in enumerate(shown.answers, 1)]
    if node.kind == "multi":
        texts.append("Spatie of nummer: aan/uit. Enter: verder.")
    elif node.kind == "text" and node.regels == 1:
        texts.append("Typ je antwoord en druk op Enter.")
    elif node.kind == "text":
        texts += ["Tab: naar Verder.", "Verder"]
    elif node.kind == "date":
        texts.append("Typ de datum en druk op Enter.")
    elif node.kind in ("info", "advice"):
        if shown.contacts is not None:
            texts += shown.contacts.lines()
        label = "Verder"
        if dialogue.finished:
            label = "Alles nakijken" if node.report else "Klaar"
        texts.append(label)
    return texts


def press_answer(tmux: Tmux, dialogue: Dialogue, value: Any) -> Any:
    """Send the keys for `value`; returns the value as the app receives it."""
    node = dialogue.current
    ids = [a.id for a in node.answers or []]
    if node.kind == "choice":
        tmux.keys(str(ids.index(value) + 1))
    elif node.kind == "multi":
        for chosen in value:
            index = ids.index(chosen)
            if index < 9:  # a number toggles answers 1 to 9
                tmux.keys(str(index + 1))
            else:  # further down the list: arrows and space
                tmux.keys("Home", *["Down"] * index, "Space")
        tmux.keys("Enter")
    elif node.kind == "text":
        value = str(value)[:TYPED]  # a few words are enough, as in the Pilot driver
        if value:
            tmux.type(value)
            tmux.wait_for(value)
        if node.regels != 1:  # one line: Enter moves on; more lines: Tab to 'Verder'
            tmux.focus_button("Verder")
        tmux.keys("Enter")
    elif node.kind == "date":
        if value:
            tmux.type(str(value))
            tmux.wait_for(str(value))
        tmux.keys("Enter")
    return value


@dataclass
class Step:
    label: str
    lines: list[str]
    expected: tuple[str, ...]


@dataclass
class Journey:
    tmux: Tmux
    steps: list[Step]
    """The frame after every step, with the texts it must show."""
    reference: str
    data: Path
    seconds: float

    @property
    def frames(self) -> list[list[str]]:
        """Every different frame seen, from the first that shows the safety line (what
        comes before it is checked by `test_nothing_is_painted_before_the_112_line`)."""
        frames = self.tmux.frames
        start = next(i for i, lines in enumerate(frames) if "Bel 112" in lines[0])
        return frames[start:]


def play(
    tmux: Tmux,
    dialogue: Dialogue,
    answers: Iterator[tuple[str, Any]],
    steps: list[Step],
    stop: str | None = None,
) -> None:
    """Answer by keys until the final advice (or the node `stop`) is on the screen."""
    while True:
        expected = tuple(expected_texts(dialogue))
        steps.append(Step(dialogue.current.id, tmux.wait_for(*map(anchor, expected)), expected))
        if dialogue.finished or dialogue.current.id == stop:
            return
        node = dialogue.current
        if node.kind in ("info", "advice"):
            tmux.keys("Enter")
            dialogue.answer(None)
            continue
        node_id, value = next(answers)
        assert node_id == node.id, f"the scenario answers {node_id}, the flow asks {node.id}"
        dialogue.answer(press_answer(tmux, dialogue, value))


def walk(tmux: Tmux, data: Path) -> Journey:
    """No danger → organisatie → short text → … → meld_meldpunt → review → finish."""
    steps: list[Step] = []

    def step(label: str, *texts: str) -> list[str]:
        lines = tmux.wait_for(*map(anchor, texts))
        steps.append(Step(label, lines, texts))
        return lines

    started = time.monotonic()
    tmux.start(data)
    dialogue = shadow_dialogue()
    play(tmux, dialogue, iter(scenario_answers(SCENARIO)), steps)
    assert dialogue.outcome == "meld_meldpunt"
    first = dialogue.lines()[0]
    tmux.keys("Enter")  # 'Alles nakijken'
    step(
        "review",
        "Kijk je antwoorden na. Enter: antwoord veranderen. A: afronden.",
        first.question,
        f"→ {first.answer}",
        "Afronden",
    )
    tmux.keys("a")
    buttons = ("Afronden en bewaren", "Bestand maken", "Overgedragen", "Klaar")
    step(
        "summary",
        "Zo ziet je melding eruit. Klopt het? Kies 'Afronden en bewaren'.",
        "MELDING (nog geen kenmerk)",
        *buttons,
    )
    tmux.keys("Enter")  # 'Afronden en bewaren' has focus
    lines = step("finished", "Je melding is bewaard. Kenmerk: VZ-", *buttons[1:], "Verwijderen")
    found = REFERENCE.search(flat("\n".join(lines)))
    assert found, "no reference on the screen"
    reference = found.group(1)
    step("finished preview", f"MELDING {reference}")
    return Journey(tmux, steps, reference, data, time.monotonic() - started)


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journey]:
    """One walk for the whole module; the app still runs at the end."""
    terminal = Tmux()
    try:
        yield walk(terminal, tmp_path_factory.mktemp("tmux") / "data")
    finally:
        terminal.close()


def show(problems: list[tuple[str, list[str]]]) -> str:
    return "\n\n".join(problem + "\n" + "\n".join(lines) for problem, lines in problems)


def test_journey_completes_by_keyboard_alone(journey: Journey) -> None:
    labels = [step.label for step in journey.steps]
    assert labels[0] == "direct_gevaar"
    assert labels[-4:] == ["review", "summary", "finished", "finished preview"]
    assert len(labels) >= 20
    # the melding is stored under the reference on the screen
    store, _ = Store.open(journey.data)
    assert [m.reference for m in store.list_meldingen()] == [journey.reference]
    assert journey.seconds < 30


def test_every_frame_has_112_on_row_1(journey: Journey) -> None:
    assert len(journey.frames) >= len(journey.steps)
    problems = [(p, lines) for lines in journey.frames for p in missing_112(lines)]
    assert not problems, show(problems)


def test_no_line_runs_past_the_right_edge(journey: Journey) -> None:
    problems = [(p, lines) for lines in journey.frames for p in past_the_edge(lines)]
    assert not problems, show(problems)


def test_no_text_is_cut_off(journey: Journey) -> None:
    problems = [
        (f"{step.label}: {p}", step.lines)
        for step in journey.steps
        for p in not_in_full(step.lines, step.expected)
    ]
    assert not problems, show(problems)


def test_no_button_is_clipped(journey: Journey) -> None:
    problems = [(p, lines) for lines in journey.frames for p in clipped_buttons(lines)]
    assert not problems, show(problems)


def test_hide_key_stops_at_once_and_leaves_nothing_on_screen(journey: Journey) -> None:
    tmux = journey.tmux
    pid = tmux.pid
    assert not tmux.dead and running(pid)
    tmux.keys("C-q")
    tmux.wait_stopped(pid)
    after = "\n".join(tmux.capture())  # what the terminal shows once the app is gone
    typed = str(scenario_answers(SCENARIO)[2][1])[:TYPED]
    assert journey.reference not in after and typed not in after, after
    assert "Traceback" not in after and "Error" not in after, after


def read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    out = b""
    end = time.monotonic() + timeout
    while marker not in out and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
    return out


def test_nothing_is_painted_before_the_112_line(tmp_path: Path) -> None:
    """In the byte stream, the first visible text the app writes is the safety line.
    (Position in the stream, not timing: how the bytes are split up does not matter.)"""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, on an 80×24 pseudo-terminal; never back to pytest
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
            command = app_command(tmp_path / "data")
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    try:
        out = read_until(fd, b"Bel 112", TIMEOUT)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    assert b"Bel 112" in out, out[-500:]
    before = ESCAPE.sub(b"", out[: out.index(b"Bel 112")]).decode("utf-8", "replace")
    assert before.split() == ["Direct", "gevaar?"], f"painted before the 112 line: {before!r}"
