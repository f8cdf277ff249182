"""What keeps a key within one frame: the first screen imports little, answer widgets are
mounted ahead, and work in threads gives way to a key."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

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


def test_work_giving_way_stops_at_its_next_call_while_held() -> None:
    way = GiveWay()
    steps: list[int] = []
    stop = threading.Event()

    def step(i: int) -> None:
        steps.append(i)

    def work() -> None:
        with way.giving_way():
            i = 0
            while not stop.is_set():
                step(i)
                i += 1
                time.sleep(0.001)

    thread = threading.Thread(target=work)
    thread.start()
    while not steps:
        time.sleep(0.01)
    way.hold(seconds=5)
    time.sleep(0.05)  # the work reaches its next call and waits there
    count = len(steps)
    time.sleep(0.1)
    assert len(steps) == count  # no progress while held
    way.release()
    time.sleep(0.1)
    assert len(steps) > count  # and on again once released
    stop.set()
    thread.join(5)
    assert sys.getprofile() is None  # only that thread had the check
