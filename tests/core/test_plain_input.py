"""Plain mode and `veilig aanvullen` with unusual input: review, Ctrl+C, Ctrl+D, bad bytes."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.core.test_handoff import MARKER, report
from tests.core.test_plain import FULL_REPORT

from veilig_tui.cli import main
from veilig_tui.store import Store, StoreWriteError

TEXT_ANSWER = 3
"""Number of the free-text answer ("Wat heb je gezien of gehoord?") in the review list."""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    return tmp_path / "data"


class Keyboard:
    """Standard input that gives some lines, then acts as if Ctrl+C was pressed."""

    def __init__(self, lines: list[str]) -> None:
        self._lines: Iterator[str] = iter(lines)

    def readline(self) -> str:
        try:
            return next(self._lines) + "\n"
        except StopIteration:
            raise KeyboardInterrupt from None


def plain(
    stdin: io.TextIOBase | Keyboard,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", stdin)
    code = main(["--eenvoudig"])
    out, error = capsys.readouterr()
    return code, out, error


def drafts(data: Path) -> int:
    store, _ = Store.open(data)
    return len(store.list_drafts())


def test_review_lets_the_user_change_an_answer_before_finishing(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [*FULL_REPORT[:-1], "99", str(TEXT_ANSWER), "t", str(TEXT_ANSWER), MARKER, ""]
    code, out, _ = plain(io.StringIO("\n".join(lines) + "\n"), capsys, monkeypatch)
    assert code == 0
    review = out[out.index("=== Kijk je antwoorden na ===") :]
    assert f"{TEXT_ANSWER}. Wat heb je gezien of gehoord?" in review
    assert "Typ een nummer van 1 tot" in review  # 99
    assert "Je antwoord blijft zoals het was." in review  # t
    assert "Je antwoord is veranderd." in review
    reference = out.split("Kenmerk: ")[1].split()[0].rstrip(".")
    assert main(["export", reference, "--formaat", "txt"]) == 0
    assert MARKER in capsys.readouterr().out


def test_review_can_stop_and_the_draft_is_kept(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [*FULL_REPORT[:-1], "s"]
    code, out, _ = plain(io.StringIO("\n".join(lines) + "\n"), capsys, monkeypatch)
    assert code == 1
    assert "Gestopt. Je antwoorden zijn bewaard als onafgemaakte melding." in out
    assert "Kenmerk:" not in out
    assert drafts(data) == 1


@pytest.mark.parametrize("how", ["ctrl+c", "ctrl+d"])
def test_ctrl_c_and_ctrl_d_say_what_was_kept(
    how: str, data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = FULL_REPORT[:4]
    stdin = Keyboard(first) if how == "ctrl+c" else io.StringIO("\n".join(first) + "\n")
    code, out, error = plain(stdin, capsys, monkeypatch)
    assert code == 1
    assert "Gestopt. Je antwoorden zijn bewaard als onafgemaakte melding." in out
    assert "Alleen wat je nog niet met Enter had gegeven, is niet bewaard." in out
    assert "Traceback" not in error
    assert drafts(data) == 1


def test_ctrl_c_before_any_answer_says_nothing_was_kept(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = plain(Keyboard([]), capsys, monkeypatch)
    assert code == 1 and "Gestopt. Er is niets bewaard." in out


def test_invalid_utf8_is_kept_with_a_notice(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [line.encode() for line in FULL_REPORT]
    lines[2] = b"Collega A. was boos op Zo" + b"\xeb" + b" (Latijn-1)."
    stdin = io.TextIOWrapper(io.BytesIO(b"\n".join(lines) + b"\n"), encoding="utf-8")
    code, out, _ = plain(stdin, capsys, monkeypatch)
    assert code == 0
    assert "een paar tekens konden niet worden gelezen" in out
    reference = out.split("Kenmerk: ")[1].split()[0].rstrip(".")
    assert main(["export", reference, "--formaat", "json"]) == 0
    assert "Collega A. was boos op Zo\ufffd (Latijn-1)." in json.dumps(
        json.loads(capsys.readouterr().out), ensure_ascii=False
    )


def test_a_melding_that_could_not_be_saved_exits_1(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: Store, draft_id: str, melding: object, seal: object = None) -> None:
        raise StoreWriteError(data)

    monkeypatch.setattr(Store, "finish", full_disk)
    code, out, _ = plain(io.StringIO("\n".join(FULL_REPORT) + "\n"), capsys, monkeypatch)
    assert code == 1
    assert "Je melding is NIET bewaard." in out and "veilig --eenvoudig --verder" in out
    assert "Kenmerk:" not in out


@pytest.mark.parametrize("key", [EOFError, KeyboardInterrupt])
def test_addition_stopped_with_ctrl_d_or_ctrl_c(
    key: type[BaseException],
    data: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference = report(capsys, monkeypatch)
    typed = iter(["De cliënt is nu bij familie."])

    def keyboard(prompt: str = "") -> str:
        try:
            return next(typed)
        except StopIteration:
            raise key from None

    monkeypatch.setattr("sys.stdin", io.StringIO())
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", keyboard)
    assert main(["aanvullen", reference]) == 1
    out, error = capsys.readouterr()
    assert "Gestopt. Er is niets toegevoegd" in error
    assert main(["export", reference, "--formaat", "txt"]) == 0
    assert "bij familie" not in capsys.readouterr().out
