"""The shipped scenarios: each passes, together they take every answer of melden.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import TODAY

from veilig_tui.flow.check import Flow
from veilig_tui.flow.scenario import run_scenario
from veilig_tui.org import UNSET, Profile
from veilig_tui.orgfolder import default_folder

SCENARIOS = sorted((default_folder() / "flows" / "scenarios").glob("*.yaml"))


def test_at_least_thirty_scenarios_ship() -> None:
    assert len(SCENARIOS) >= 30


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_passes(path: Path, melden: Flow, profile: Profile) -> None:
    run = run_scenario(path, {"melden": melden}, profile, lambda: TODAY)
    assert run.problems == []


def test_every_answer_edge_is_taken(melden: Flow, profile: Profile) -> None:
    taken: set[tuple[str, str]] = set()
    for path in SCENARIOS:
        taken |= run_scenario(path, {"melden": melden}, profile, lambda: TODAY).edges
    wanted: set[tuple[str, str]] = set()
    for node in melden.model.nodes:
        if node.kind in ("choice", "multi"):
            wanted |= {(node.id, a.id) for a in node.answers or []}
        for target in melden.edges[node.id]:
            wanted.add((node.id, f"→ {target}"))
    assert sorted(wanted - taken) == []


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_blank_profile_says_not_filled_in(path: Path, melden: Flow, blank_profile: Profile) -> None:
    """With every role blank, advice that names contacts says so plainly."""
    run = run_scenario(path, {"melden": melden}, blank_profile, lambda: TODAY)
    assert run.dialogue is not None and run.dialogue.finished
    final = run.dialogue.advices()[-1]
    if final.contacts is not None:
        lines = "\n".join(final.contacts.lines())
        assert UNSET in lines
        assert "niemand" in lines
