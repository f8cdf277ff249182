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


Answers = Sequence[tuple[str, object]]

REPORT: list[tuple[str, object]] = [
    ("direct_gevaar", "nee"),
    ("werkrelatie", "organisatie"),
    ("wat_gebeurd", "Collega A. trok hard aan de arm van de cliënt."),
    ("wie", "collega"),
    ("pleger_rol", ["geen"]),
    ("client_veilig", "ja"),
    ("bron", "zelf"),
    ("hoe_vaak", "vaker"),
    ("wanneer", "gisteren"),
    ("waar", "thuis"),
    ("aantal_clienten", "een"),
    ("client_kenmerk", "C-1042"),
    ("vertegenwoordiger", "weet_niet"),
    ("client_weet", "nee"),
    ("client_wil", ""),
    ("betrokkenen", ""),
    ("getuigen", "nee"),
    ("al_gedaan", ["nog_niets"]),
    ("melder_naam", ""),
    ("melder_bereikbaar", ""),
]
"""A whole melding to the meldpunt, in the order the melden flow asks."""


def with_answers(base: Answers, **changes: object) -> list[tuple[str, object]]:
    """`base` with some answers replaced (by question id), order kept."""
    return [(n, changes.get(n, v)) for n, v in base]


def play(d: Dialogue, answers: Answers) -> None:
    """Give the answers in order, passing information and urgent advice on the way."""
    for node_id, value in answers:
        while d.current.kind in ("info", "advice") and not d.finished and d.current.id != node_id:
            d.answer(None)
        assert d.current.id == node_id, f"the flow asks {d.current.id}, not {node_id}"
        d.answer(value)
    while d.current.kind in ("info", "advice") and not d.finished:
        d.answer(None)


def plain_lines(d: Dialogue, answers: Answers) -> list[str]:
    """The lines a person types in plain mode (`--eenvoudig`) to give these answers:
    a number per choice, numbers per multi, the text itself, Enter on information."""
    lines: list[str] = []
    for node_id, value in answers:
        while d.current.kind in ("info", "advice") and not d.finished and d.current.id != node_id:
            d.answer(None)
            lines.append("")
        assert d.current.id == node_id, f"the flow asks {d.current.id}, not {node_id}"
        ids = [a for a, _ in d.show().answers]
        if d.current.kind == "choice":
            lines.append(str(ids.index(str(value)) + 1))
        elif d.current.kind == "multi":
            assert isinstance(value, list)
            lines.append(" ".join(str(ids.index(v) + 1) for v in value))
        else:
            lines.append(str(value))
        d.answer(value)
    while d.current.kind in ("info", "advice") and not d.finished:
        d.answer(None)
        lines.append("")
    return lines


SLOW_FIRST = ("tests/store/test_store_processes.py", "tests/tui/")
"""Where the long tests live (many processes, Pilot journeys, tmux)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the long tests first, so parallel workers (pytest-xdist) end together instead
    of one worker finishing a long test alone at the end. The order is otherwise kept."""

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((i for i, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)), 99)

    items.sort(key=rank)


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own empty cache folder (the cached first screen): never the user's."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache / "veilig"
