"""What keeps a key within one frame: the first screen imports little, answer widgets are
mounted ahead, and work in threads gives way to a key."""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.tui.driver import make_app
from veilig_tui.tui.giveway import GiveWay
from veilig_tui.tui.widgets.answers import ChoiceAnswer, ContinueAnswer
from veilig_tui.tui.widgets.fields import DateAnswer, LineAnswer, MultiAnswer, TextAnswer


def test_the_start_path_does_not_import_the_answer_fields() -> None:
    """TextArea, SelectionList and the fields of veilig come after the first frame."""
    code = (
        "import sys, veilig_tui.cli, veilig_tui.commands, veilig_tui.tui.app; "
        "print(sorted(m for m in ('textual.widgets._text_area', "
        "'textual.widgets._selection_list', 'veilig_tui.tui.widgets.fields', "
        "'veilig_tui.flow.check', 'pydantic') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


async def test_every_kind_of_answer_widget_is_mounted_ahead(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        kinds = {ChoiceAnswer, ContinueAnswer, DateAnswer, LineAnswer, MultiAnswer, TextAnswer}
        end = time.monotonic() + 20
        while True:
            box = app.screen.query_one("#answer")
            mounted = [type(slot.children[0]) for slot in box.children if slot.children]
            if kinds <= set(mounted) or time.monotonic() > end:
                break
            await pilot.pause(0.02)
        assert sorted(k.__name__ for k in mounted) == sorted(k.__name__ for k in kinds)
        shown = [slot for slot in box.children if slot.display]
        assert len(shown) == 1  # the danger question's; the rest wait hidden
        assert isinstance(shown[0].children[0], ChoiceAnswer)
        await pilot.press("3")  # no danger: the next question reuses a mounted widget
        await pilot.pause()
        assert len(box.children) == len(kinds)


def test_a_hold_makes_work_wait_until_released() -> None:
    way = GiveWay()
    way.hold(seconds=5)
    assert way.held
    waited = threading.Event()

    def work() -> None:
        way.wait()
        waited.set()

    thread = threading.Thread(target=work)
    thread.start()
    assert not waited.wait(0.05)
    way.release()
    assert waited.wait(5)
    thread.join()
    assert not way.held


def test_a_hold_ends_by_itself() -> None:
    way = GiveWay()
    way.hold(seconds=0.05)
    start = time.monotonic()
    way.wait()
    assert 0.02 < time.monotonic() - start < 2
    assert not way.held


def _import_missing() -> float:
    """Seconds to try importing a module that is not there (each try asks every finder)."""
    start = time.monotonic()
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("veilig_tui_not_a_module")
    return time.monotonic() - start


def test_only_the_thread_in_imports_waits_before_an_import() -> None:
    way = GiveWay()
    with way.in_imports():
        way.hold(seconds=5)
        other: list[float] = []
        thread = threading.Thread(target=lambda: other.append(_import_missing()))
        thread.start()
        thread.join(5)
        assert other and other[0] < 1  # another thread imports as usual
        threading.Timer(0.1, way.release).start()
        assert _import_missing() >= 0.05  # this one waits for the release first
    assert sum(type(f).__name__ == "_WaitBeforeImport" for f in sys.meta_path) == 1
    assert _import_missing() < 1  # after the block, this thread imports as usual again
