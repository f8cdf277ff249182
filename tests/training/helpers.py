"""Shared helpers for the practice tests: a case's answers, as keys or as plain lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from veilig_tui.flow.engine import Dialogue
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.store import Store
from veilig_tui.training.cases import Case
from veilig_tui.training.practice import Practice, shown_order

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
PASSING = ("info", "advice")


def practice(data: Path, folder: OrgFolder | None = None) -> Practice:
    return Practice.open(
        folder or OrgFolder.select(None, {}), data, {}, today=lambda: TODAY, now=lambda: NOW
    )


def answers_of(case: Case) -> list[tuple[str, Any]]:
    """The case's answers, free text shortened to something that raises no privacy tip."""
    out: list[tuple[str, Any]] = []
    for entry in case.model.antwoorden:
        ((node_id, value),) = entry.items()
        out.append((node_id, value))
    return out


def plain_lines(p: Practice, case: Case) -> list[str]:
    """The lines a trainee types in plain mode to follow the case and answer every
    knowledge question right."""
    flow = p.flows()[case.model.flow]
    dialogue = Dialogue(flow, p.profile, today=lambda: TODAY)
    lines = [""]  # Enter after the situation
    for node_id, value in answers_of(case):
        while dialogue.current.id != node_id and dialogue.current.kind in PASSING:
            lines.append("")
            dialogue.answer(None)
        node = dialogue.current
        ids = [a.id for a in node.answers or []]
        if node.kind == "choice":
            lines.append(str(ids.index(value) + 1))
        elif node.kind == "multi":
            lines.append(" ".join(str(ids.index(v) + 1) for v in value))
        elif node.kind == "text" and value and not node.optional:
            lines.append("iets gezien")
            value = "iets gezien"
        else:
            lines.append("")
            value = ""
        dialogue.answer(value)
    while not dialogue.finished and dialogue.current.kind in PASSING:
        lines.append("")
        dialogue.answer(None)
    lines.append("")  # the final advice: on to the feedback
    for question in case.model.vragen:
        lines.append(str(shown_order(question).index(question.right) + 1))
    return lines


def real_files(root: Path) -> dict[str, bytes]:
    """Every file of the real data folder (not the practice store), with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "oefenen" not in p.relative_to(root).parts and p.name != ".veilig.lock"
    }


def real_store_with_a_draft(root: Path) -> None:
    """A data folder in use: one real draft and one audit line."""
    store, _ = Store.open(root)
    from veilig_tui.store import Progress

    store.save_draft("echtconcept", {"flow_id": "melden", "answers": []}, Progress(0, "vraag 1"))
    store.save_draft("weg", {"flow_id": "melden", "answers": []}, Progress(0, "vraag 1"))
    store.delete_draft("weg")
