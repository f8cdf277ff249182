"""Practice cases (`oefenen/*.yaml`): a scenario plus the story, the why and what to remember.

A case is a scenario file (`antwoorden` + `verwacht`, see docs/scenarios.md) with training
fields on top. `veilig controleer` runs every case through the real flow with the same
scenario runner, so a flow change that breaks a case is an error with file:line:col.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from veilig_tui.flow.check import Flow
from veilig_tui.flow.scenario import ScenarioModel, ScenarioRun, play_through
from veilig_tui.org import Profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.problems import Problem
from veilig_tui.yamlio import load_marked, schema_problems

SOURCES = ("Leidraad Anka", "Leidraad zzp", "A4 Leidraad", "Achtergrond", "keuze van veilig")
"""The sources of docs/leidraad.md; every `waarom` names at least one."""

MADE_UP = ("melder_naam", "melder_bereikbaar")
"""Answers a case leaves empty: a practice case never carries a name or a number."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Choice(_Strict):
    """One answer of a knowledge question."""

    tekst: str
    goed: bool = False
    """True for the right answer (exactly one per question)."""


class Question(_Strict):
    """A short multiple-choice question with feedback."""

    vraag: str
    keuzes: list[Choice] = Field(min_length=2, max_length=5)
    uitleg: str
    """Why the right answer is right: shown after answering."""
    bron: str = ""
    """Where it is written (optional), as in `waarom.bron`."""

    @model_validator(mode="after")
    def _one_right(self) -> Question:
        if sum(c.goed for c in self.keuzes) != 1:
            raise ValueError("Geef precies één keuze 'goed: true'.")
        if self.bron and not any(source in self.bron for source in SOURCES):
            raise ValueError(
                f"Noem bij 'bron' waar dit staat, zoals in docs/leidraad.md: {', '.join(SOURCES)}."
            )
        return self

    @property
    def right(self) -> int:
        """Index of the right answer."""
        return next(i for i, c in enumerate(self.keuzes) if c.goed)


class Why(_Strict):
    """Why the expected outcome is right, and the part of the Leidraad it rests on."""

    tekst: str
    bron: str
    """For example 'Leidraad Anka, r. 134' (see docs/leidraad.md)."""

    @model_validator(mode="after")
    def _known_source(self) -> Why:
        if not any(source in self.bron for source in SOURCES):
            raise ValueError(
                f"Noem bij 'bron' waar dit staat, zoals in docs/leidraad.md: {', '.join(SOURCES)}."
            )
        return self


class CaseModel(ScenarioModel):
    """A whole case file: a scenario with training fields."""

    situatie: str
    """The story, told as a colleague would tell it."""
    waarom: Why
    onthoud: list[str] = Field(min_length=1)
    """What to remember, one short sentence each."""
    vragen: list[Question] = Field(default_factory=list)


@dataclass(frozen=True)
class Case:
    """A loaded case; its id is the file name without .yaml."""

    id: str
    path: Path
    model: CaseModel

    @property
    def title(self) -> str:
        return self.model.naam


@dataclass
class CaseRun:
    """A case checked against the flow: the scenario result, and the case when it loaded."""

    run: ScenarioRun
    case: Case | None = None


def run_case(
    path: Path,
    flows: dict[str, Flow],
    profile: Profile,
    today: Callable[[], dt.date] = dt.date.today,
) -> CaseRun:
    """Check one case file and play its answers through the flow (like run_scenario)."""
    doc, problems = load_marked(path)
    result = CaseRun(ScenarioRun(path, path.stem, problems))
    run = result.run
    if problems:
        return result
    try:
        model = CaseModel.model_validate(doc.data)
    except ValidationError as exc:
        run.problems += schema_problems(doc, exc)
        return result
    run.name = model.naam
    for i, entry in enumerate(model.antwoorden):
        for key, value in entry.items():
            if key in MADE_UP and value not in ("", None):
                run.problems.append(
                    doc.problem(
                        ("antwoorden", i, key),
                        "Een oefencasus noemt geen naam of nummer van de melder. Zet hier ''.",
                    )
                )
    play_through(doc, model, path, flows, profile, today, run)
    if not run.problems:
        result.case = Case(path.stem, path, model)
    return result


class KnowledgeRound(_Strict):
    """A knowledge round (`oefenen/kennis/*.yaml`): questions only, no dialogue."""

    naam: str
    uitleg: str = ""
    """Said before the first question."""
    vragen: list[Question] = Field(min_length=1)


@dataclass(frozen=True)
class Round:
    """A loaded knowledge round; its id is the file name without .yaml."""

    id: str
    path: Path
    model: KnowledgeRound

    @property
    def title(self) -> str:
        return self.model.naam


KNOWLEDGE = "oefenen/kennis"


def knowledge_paths(folder: OrgFolder) -> list[Path]:
    """The folder's own knowledge rounds if it has its own `oefenen/` folder (as for the
    cases), else the defaults."""
    own = (folder.root / KNOWLEDGE).parent.is_dir()
    base = (folder.root if own else folder.default) / KNOWLEDGE
    return sorted(base.glob("*.yaml"))


def load_round(path: Path) -> tuple[Round | None, list[Problem]]:
    """A knowledge round, or its problems with file:line:col."""
    doc, problems = load_marked(path)
    if problems:
        return None, problems
    try:
        model = KnowledgeRound.model_validate(doc.data)
    except ValidationError as exc:
        return None, schema_problems(doc, exc)
    return Round(path.stem, path, model), []


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, for editors (docs/oefenen.schema.json)."""
    schema = CaseModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "veilig oefencasus"
    return schema
