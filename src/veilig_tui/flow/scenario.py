"""Scenario files: a dialogue written down with the advice it must give, run as a check."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from veilig_tui.flow.check import Flow, named_roles
from veilig_tui.flow.engine import Advice, Dialogue
from veilig_tui.flow.inputs import AnswerError
from veilig_tui.flow.texts import render
from veilig_tui.org import ROLE_KEYS, UNSET, Profile, load_profile
from veilig_tui.problems import Problem, ProblemsError
from veilig_tui.yamlio import Marked, load_marked, schema_problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Expected(_Strict):
    """What the dialogue must show."""

    adviezen: list[str]
    """Every advice outcome on the path, in order (urgent and final)."""
    uitkomst: str
    """The final outcome."""
    contacten: list[str]
    """Roles the final advice must name first, in this order ([] for none)."""
    bevat: list[str] = Field(default_factory=list)
    """Text that must appear in the advice shown."""
    bevat_niet: list[str] = Field(default_factory=list)
    """Text that must not appear in the advice shown."""
    niet_genoemd: list[str] = Field(default_factory=list)
    """Roles whose person must not be named in any advice or contact (the suspect)."""

    @model_validator(mode="after")
    def _one_must_not(self) -> Expected:
        if not self.bevat_niet and not self.niet_genoemd:
            raise ValueError(
                "Noem onder 'verwacht' minstens één 'bevat_niet' of 'niet_genoemd': "
                "wat het advies nooit mag zeggen."
            )
        return self


class ScenarioModel(_Strict):
    """A whole scenario file."""

    naam: str
    beschrijving: str = ""
    flow: str = "melden"
    profiel: str | None = None
    """Another profile for this scenario, relative to this file."""
    antwoorden: list[dict[str, Any]]
    verwacht: Expected


@dataclass
class ScenarioRun:
    """The result of one scenario: problems (empty when it passed) and what it covered."""

    path: Path
    name: str
    problems: list[Problem] = field(default_factory=list)
    edges: set[tuple[str, str]] = field(default_factory=set)
    dialogue: Dialogue | None = None

    @property
    def passed(self) -> bool:
        return not self.problems


def shown_text(advice: Advice) -> str:
    """An advice as the user sees it: its text and every contact line."""
    lines = [advice.text]
    if advice.contacts is not None:
        lines += advice.contacts.lines()
    return "\n".join(lines)


def covered_edges(dialogue: Dialogue) -> set[tuple[str, str]]:
    """The (node, answer) pairs and (node, '→ target') routes a dialogue took."""
    edges: set[tuple[str, str]] = set()
    path = dialogue.path
    for i, (node_id, value) in enumerate(dialogue.answers):
        kind = dialogue.flow.nodes[node_id].kind
        if kind == "choice":
            edges.add((node_id, str(value)))
        elif kind == "multi":
            edges |= {(node_id, str(v)) for v in value}
        edges.add((node_id, f"→ {path[i + 1]}"))
    return edges


def run_scenario(
    path: Path,
    flows: dict[str, Flow],
    profile: Profile,
    today: Callable[[], dt.date] = dt.date.today,
) -> ScenarioRun:
    """Run one scenario file against the flows and profile; collect every mismatch."""
    doc, problems = load_marked(path)
    run = ScenarioRun(path, path.stem, problems)
    if problems:
        return run
    try:
        model = ScenarioModel.model_validate(doc.data)
    except ValidationError as exc:
        run.problems += schema_problems(doc, exc)
        return run
    run.name = model.naam
    dialogue = play_through(doc, model, path, flows, profile, today, run)
    if dialogue is not None:
        run.edges = covered_edges(dialogue)
    return run


def play_through(
    doc: Marked,
    model: ScenarioModel,
    path: Path,
    flows: dict[str, Flow],
    profile: Profile,
    today: Callable[[], dt.date],
    run: ScenarioRun,
) -> Dialogue | None:
    """Play a checked scenario (or practice case) file: its flow, its own profile when it
    names one, its answers, then compare with what it expects. Problems go into `run`;
    returns the dialogue, or None when the answers could not be played to the end."""
    flow = flows.get(model.flow)
    if flow is None:
        run.problems.append(doc.problem(("flow",), f"Er is geen flow '{model.flow}'."))
        return None
    if model.profiel:
        try:
            profile = load_profile((path.parent / model.profiel).resolve())
        except ProblemsError as exc:
            run.problems += exc.problems
            return None
    dialogue = Dialogue(flow, profile, today=today)
    run.dialogue = dialogue
    if not _play(doc, model, dialogue, run):
        return None
    _compare(doc, model.verwacht, dialogue, profile, run)
    return dialogue


def _play(doc: Marked, model: ScenarioModel, dialogue: Dialogue, run: ScenarioRun) -> bool:
    for i, entry in enumerate(model.antwoorden):
        loc = ("antwoorden", i)
        if len(entry) != 1:
            run.problems.append(
                doc.problem(loc, "Schrijf per regel één antwoord: '- vraag_id: antwoord_id'.")
            )
            return False
        ((node_id, value),) = entry.items()
        while dialogue.current.id != node_id and dialogue.current.kind in ("info", "advice"):
            if dialogue.finished:
                break
            dialogue.answer(None)
        if dialogue.current.id != node_id:
            run.problems.append(
                doc.problem(
                    loc,
                    f"Het scenario verwacht hier de vraag '{node_id}', maar de app vraagt "
                    f"'{dialogue.current.id}'.",
                    key=True,
                )
            )
            return False
        try:
            dialogue.answer(None if dialogue.current.kind in ("info", "advice") else value)
        except AnswerError as exc:
            run.problems.append(doc.problem((*loc, node_id), f"Het antwoord past niet: {exc}"))
            return False
    while not dialogue.finished and dialogue.current.kind in ("info", "advice"):
        dialogue.answer(None)
    if not dialogue.finished:
        run.problems.append(
            doc.problem(
                ("antwoorden",),
                f"Het scenario stopt bij de vraag '{dialogue.current.id}'. "
                "Voeg antwoorden toe tot het eindadvies.",
                key=True,
            )
        )
        return False
    return True


def _compare(
    doc: Marked, want: Expected, dialogue: Dialogue, profile: Profile, run: ScenarioRun
) -> None:
    def fail(key: str, message: str) -> None:
        run.problems.append(doc.problem(("verwacht", key), message, key=True))

    advices = dialogue.advices()
    got = [a.outcome for a in advices]
    if got != want.adviezen:
        fail("adviezen", f"Verwacht adviezen {want.adviezen}, maar de app gaf {got}.")
    if dialogue.outcome != want.uitkomst:
        fail("uitkomst", f"Verwacht uitkomst '{want.uitkomst}', maar het is '{dialogue.outcome}'.")
    final = advices[-1]
    roles = [r.key for r in final.contacts.roles] if final.contacts else []
    if roles[: len(want.contacten)] != want.contacten or (not want.contacten and roles):
        fail("contacten", f"Verwacht contacten {want.contacten}, maar het advies noemt {roles}.")
    shown = "\n".join(shown_text(a) for a in advices)
    shown += "\n" + dialogue.safety_line()
    for key in want.contacten:
        role = profile.role(key)
        if role.naam not in shown:
            fail("contacten", f"Het advies noemt niet '{role.naam}' ({role.label}).")
    context = dialogue.context()
    for text in (render(t, context) for t in want.bevat):
        if text not in shown:
            fail("bevat", f"Het advies bevat niet: '{text}'.")
    for text in (render(t, context) for t in want.bevat_niet):
        if text in shown:
            fail("bevat_niet", f"Het advies bevat wel: '{text}', en dat mag niet.")
    for problem in never_named(dialogue, want.niet_genoemd):
        fail("niet_genoemd", problem)


def never_named(dialogue: Dialogue, keys: list[str]) -> list[str]:
    """What the user saw that names a role (by label) or a person named as involved,
    for filled and blank profiles alike: the safety line, the text and help of every
    step on the path, and every advice with its contacts. Answer labels of questions
    are not checked: the roles question itself lists every role."""
    profile = dialogue.profile
    seen = [shown_text(a) for a in dialogue.advices()]
    for node_id in dialogue.path:
        shown = dialogue.show(dialogue.flow.nodes[node_id])
        seen += [shown.text, shown.help]
    safety = dialogue.safety_contact()
    if safety is not None and safety.first is not None:
        seen.append(safety.first.title)
    text = "\n".join(seen)
    problems: list[str] = []
    for key in profile.involved(keys):
        role = profile.role(key)
        if role.filled and role.naam != UNSET and role.naam in text:
            problems.append(
                f"De app noemt '{role.naam}' ({role.label}), maar die persoon mag hier "
                "niet genoemd worden."
            )
    for key in (k for k in keys if k in ROLE_KEYS):
        words = role_words_of(profile.role(key).label, key)
        for _, word in named_roles(text, words):
            problems.append(f"De app noemt de rol '{word}', maar die rol is genoemd als betrokken.")
            break
    return problems


def role_words_of(label: str, key: str) -> list[str]:
    """The words that name one role: its key and its label (also without '(…)')."""
    short = re.sub(r"\s*\(.*?\)", "", label).strip()
    return sorted({w for w in (key, label, short) if w}, key=len, reverse=True)
