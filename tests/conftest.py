"""Shared fixtures: the default organisation folder, its profile and flows, a fixed clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from veilig_tui.flow.check import Flow, load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import default_folder

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="session")
def org() -> Path:
    return default_folder()


@pytest.fixture(scope="session")
def profile(org: Path) -> Profile:
    return load_profile(org / "profiel.yaml")


@pytest.fixture(scope="session")
def blank_profile() -> Profile:
    return load_profile(DATA / "profiles" / "leeg.yaml")


@pytest.fixture(scope="session")
def melden(org: Path) -> Flow:
    return load_flow(org / "flows" / "melden.yaml")


def play(d: Dialogue, answers: Sequence[tuple[str, object]]) -> None:
    """Give the answers in order, passing information and urgent advice on the way."""
    for node_id, value in answers:
        while d.current.kind in ("info", "advice") and not d.finished and d.current.id != node_id:
            d.answer(None)
        assert d.current.id == node_id
        d.answer(value)
    while d.current.kind in ("info", "advice") and not d.finished:
        d.answer(None)


SLOW_FIRST = ("tests/store/test_store_processes.py", "tests/tui/")
"""Where the long tests live (many processes, Pilot journeys, tmux)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long tests first, so parallel workers (pytest-xdist) end together instead
    of one worker finishing a long test alone at the end. The order is otherwise kept."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((i for i, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)), 99)

    items.sort(key=rank)
