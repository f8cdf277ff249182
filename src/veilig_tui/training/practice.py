"""Practising on the real dialogue: pick a case, run the melden flow, get feedback.

The use cases of `veilig oefenen` for every front end (terminal app, plain mode, the
commands), without Textual. Practice never mixes with real meldingen: answers are saved
in a store of its own, the folder `oefenen/` inside the data folder (its own drafts,
audit log and results). The real drafts, archive and audit log are never written; a
practice run never finishes a melding, it only writes a small result without free text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from veilig_tui.flow.check import Flow, load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.flow.texts import render
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.problems import Problem
from veilig_tui.session import Session
from veilig_tui.store import Store, StoreError, data_dir, local_now
from veilig_tui.store.paths import FILE_MODE, Layout, claim_data_dir, ensure_private_dir
from veilig_tui.training.cases import Case, Question, Round, knowledge_paths, load_round, run_case

PRACTICE_DIR = "oefenen"
"""The practice store: a folder inside the data folder."""
RESULTS_DIR = "resultaten"
BANNER = "OEFENING"
"""Said on every screen of a practice run, next to the 112 row."""

NAME_HINTS = {
    "melder_naam": "Dit is een oefening: vul een verzonnen naam in of laat het leeg.",
    "melder_bereikbaar": "Dit is een oefening: vul een verzonnen nummer in of laat het leeg.",
    "client_kenmerk": "Dit is een oefening: vul een verzonnen nummer in of laat het leeg.",
}
"""Questions that ask for a name or a number: in practice, a made-up one or nothing."""


class TrainingError(Exception):
    """What was asked cannot be done; str() is a Dutch message that says what to do."""


def banner(safety: str) -> str:
    """The first row in practice mode: the 112 row with OEFENING next to it."""
    return f"{safety} · {BANNER}"


def name_hint(dialogue: Dialogue) -> str:
    """The practice hint for the current question, or ''."""
    fact = dialogue.current.fact
    return NAME_HINTS.get(fact or "", "") if dialogue.current.kind == "text" else ""


def shown_order(question: Question) -> list[int]:
    """The order in which a question's choices are shown: the same every time, but the
    right answer is not always first (files list it first, as is easiest to write)."""
    return sorted(
        range(len(question.keuzes)),
        key=lambda i: hashlib.sha256(f"{question.vraag}\0{i}".encode()).hexdigest(),
    )


@dataclass(frozen=True)
class Difference:
    """A question where the trainee chose otherwise than the case."""

    node_id: str
    question: str
    yours: str
    case: str


@dataclass(frozen=True)
class Feedback:
    """The outcome reached against the expected one, and what the case teaches."""

    case: Case
    outcome: str | None
    urgent: tuple[str, ...]
    titles: Mapping[str, str]
    differences: tuple[Difference, ...] = ()

    @property
    def expected_outcome(self) -> str:
        return self.case.model.verwacht.uitkomst

    @property
    def expected_urgent(self) -> tuple[str, ...]:
        return tuple(a for a in self.case.model.verwacht.adviezen[:-1])

    @property
    def outcome_right(self) -> bool:
        return self.outcome == self.expected_outcome

    @property
    def urgent_right(self) -> bool:
        return set(self.expected_urgent) <= set(self.urgent)

    @property
    def right(self) -> bool:
        return self.outcome_right and self.urgent_right

    def title(self, outcome: str | None) -> str:
        return self.titles.get(outcome or "", outcome or "geen advies")

    def lines(self) -> list[str]:
        """The feedback in Dutch, a line each."""
        want = self.title(self.expected_outcome)
        if self.outcome_right:
            out = [f"Goed. Je kwam bij het advies '{want}'. Dat past bij deze casus."]
        else:
            out = [
                f"Niet helemaal. Je kwam bij het advies '{self.title(self.outcome)}'.",
                f"Bij deze casus past het advies '{want}'.",
            ]
        for outcome in self.expected_urgent:
            if outcome in self.urgent:
                out.append(f"Goed. Je kreeg ook het dringende advies '{self.title(outcome)}'.")
            else:
                out.append(
                    f"Let op: bij deze casus hoort ook het dringende advies "
                    f"'{self.title(outcome)}'. Dat kreeg je niet."
                )
        for outcome in self.urgent:
            if outcome not in self.expected_urgent:
                out.append(
                    f"Je kreeg ook het dringende advies '{self.title(outcome)}'. Bij deze "
                    "casus was dat niet nodig. Twijfel je echt? Dan is voorzichtig zijn goed."
                )
        if self.differences:
            out += ["", "Hier koos je anders dan de casus:"]
            for diff in self.differences:
                out.append(f"- {diff.question}")
                out.append(f"  Jij koos: {diff.yours}. De casus: {diff.case}.")
        model = self.case.model
        out += ["", "Waarom?", model.waarom.tekst.strip(), f"(Bron: {model.waarom.bron})"]
        out += ["", "Onthoud:"]
        out += [f"- {line}" for line in model.onthoud]
        return out


def outcome_titles(flow: Flow, dialogue: Dialogue) -> dict[str, str]:
    """The title of the first advice of every outcome, as the user reads it."""
    titles: dict[str, str] = {}
    context = dialogue.context()
    for node in flow.model.nodes:
        if node.kind == "advice" and node.outcome and node.outcome not in titles:
            titles[node.outcome] = render(node.title, context) if node.title else node.outcome
    return titles


def _routing(dialogue: Dialogue, node_id: str) -> bool:
    """A question whose answer changes the route or the person to report to."""
    node = dialogue.flow.nodes[node_id]
    if node.kind == "multi":
        return node.role_answers
    if node.kind != "choice" or not node.answers:
        return False
    routes = {repr(a.next) for a in node.answers}
    return len(routes) > 1 or any(a.sets for a in node.answers)


def differences(case: Case, dialogue: Dialogue) -> tuple[Difference, ...]:
    """The routing questions the trainee answered otherwise than the case."""
    wanted = {k: v for entry in case.model.antwoorden for k, v in entry.items()}
    found = []
    for node_id, value in dialogue.answers:
        if node_id not in wanted or not _routing(dialogue, node_id):
            continue
        want = wanted[node_id]
        same = sorted(value) == sorted(want) if isinstance(value, list) else value == want
        if same:
            continue
        node = dialogue.flow.nodes[node_id]
        found.append(
            Difference(
                node_id,
                dialogue.show(node).text,
                dialogue.answer_text(node, value),
                dialogue.answer_text(node, want),
            )
        )
    return tuple(found)


def feedback(case: Case, dialogue: Dialogue) -> Feedback:
    """Compare a finished practice dialogue with its case."""
    advices = dialogue.advices()
    urgent = tuple(a.outcome for a in advices if a.urgent)
    return Feedback(
        case,
        dialogue.outcome,
        urgent,
        outcome_titles(dialogue.flow, dialogue),
        differences(case, dialogue),
    )


@dataclass(frozen=True)
class Answered:
    """A knowledge question answered: the choice (index in the file) and the feedback."""

    question: Question
    chosen: int

    @property
    def right(self) -> bool:
        return self.chosen == self.question.right

    def lines(self) -> list[str]:
        good = self.question.keuzes[self.question.right].tekst
        head = "Goed!" if self.right else f"Niet goed. Het goede antwoord is: {good}."
        lines = [head, self.question.uitleg.strip()]
        if self.question.bron:
            lines.append(f"(Bron: {self.question.bron})")
        return lines


@dataclass(frozen=True)
class Result:
    """What a practice run leaves behind: choices only, never free text or a name."""

    case_id: str
    outcome: str | None
    expected: str
    right: bool
    urgent_right: bool
    route: tuple[tuple[str, Any], ...]
    answers: tuple[tuple[int, bool], ...] = ()
    """Per knowledge question: the choice (index in the file) and whether it was right."""
    nickname: str = ""
    when: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "formaat": 1,
            "casus": self.case_id,
            "bijnaam": self.nickname,
            "wanneer": self.when,
            "uitkomst": self.outcome,
            "verwacht": self.expected,
            "goed": self.right,
            "dringend_goed": self.urgent_right,
            "route": [[node, value] for node, value in self.route],
            "vragen": [{"keuze": c, "goed": ok} for c, ok in self.answers],
        }


def choices_on_route(dialogue: Dialogue) -> tuple[tuple[str, Any], ...]:
    """The choices a trainee made (never typed text): enough to see common wrong routes."""
    nodes = dialogue.flow.nodes
    return tuple(
        (node_id, value)
        for node_id, value in dialogue.answers
        if nodes[node_id].kind in ("choice", "multi")
    )


def result_of(
    fb: Feedback, dialogue: Dialogue, answered: list[Answered], nickname: str = ""
) -> Result:
    return Result(
        fb.case.id,
        fb.outcome,
        fb.expected_outcome,
        fb.right,
        fb.urgent_right,
        choices_on_route(dialogue),
        tuple((a.chosen, a.right) for a in answered),
        nickname,
    )


@dataclass
class Practice:
    """The practice use cases for one organisation folder and one practice store."""

    folder: OrgFolder
    store: Store
    today: Callable[[], dt.date] = dt.date.today
    now: Callable[[], dt.datetime] = local_now
    problems: list[Problem] = field(default_factory=list)
    """Cases that could not be used (shown by the front ends; `controleer` says more)."""
    only: tuple[str, ...] = ()
    """A group session's cases (empty: all)."""
    hand_in: Callable[[Result], Path] | None = None
    """A group session: also write each result where the trainer collects them."""
    _profile: Profile | None = field(default=None, repr=False)
    _flows: dict[str, Flow] = field(default_factory=dict, repr=False)
    _cases: list[Case] | None = field(default=None, repr=False)
    _rounds: list[Round] | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls, folder: OrgFolder, data: Path | None, env: Mapping[str, str], **kw: Any
    ) -> Practice:
        """Open the practice store inside the data folder (StoreError: a Dutch message).
        The data folder itself is claimed first, as the real store does, so that a new
        practice folder never makes it look like someone else's folder."""
        root = data_dir(data, env)
        claim_data_dir(Layout(root))
        store, _ = Store.open(practice_dir(root))
        return cls(folder, store, **kw)

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            self._profile = load_profile(self.folder.profile)
        return self._profile

    def flows(self) -> dict[str, Flow]:
        if not self._flows:
            self._flows = {fid: load_flow(path) for fid, path in self.folder.flows().items()}
        return self._flows

    def cases(self) -> list[Case]:
        """Every case that passes the checks, in file order."""
        if self._cases is None:
            self._cases = []
            for path in self.folder.cases():
                checked = run_case(path, self.flows(), self.profile, self.today)
                self.problems += checked.run.problems
                if checked.case is not None and (not self.only or path.stem in self.only):
                    self._cases.append(checked.case)
        return self._cases

    def rounds(self) -> list[Round]:
        """The knowledge rounds that load (not in a group session of cases)."""
        if self._rounds is None:
            self._rounds = []
            for path in [] if self.only else knowledge_paths(self.folder):
                found, problems = load_round(path)
                self.problems += problems
                if found is not None:
                    self._rounds.append(found)
        return self._rounds

    def finish_round(
        self, knowledge: Round, answered: list[Answered], nickname: str = ""
    ) -> tuple[Result, str]:
        """Keep the result of a knowledge round (its choices only)."""
        result = Result(
            f"kennis-{knowledge.id}",
            None,
            "",
            all(a.right for a in answered),
            True,
            (),
            tuple((a.chosen, a.right) for a in answered),
            nickname,
            self.now().isoformat(timespec="seconds"),
        )
        try:
            write_result(self.store.data_dir / RESULTS_DIR, result)
        except OSError as exc:
            return result, f"Je resultaat is niet bewaard ({exc.strerror})."
        return result, ""

    def case(self, case_id: str) -> Case:
        """A case by its id ('01_toilet_lang_wachten'), its number ('1') or its name
        without the number ('toilet_lang_wachten')."""
        wanted = case_id.strip().lower()
        for case in self.cases():
            number, _, name = case.id.partition("_")
            if wanted in (case.id.lower(), name.lower()) or (
                wanted.isdigit() and number.isdigit() and int(wanted) == int(number)
            ):
                return case
        known = ", ".join(c.id for c in self.cases()) or "geen"
        raise TrainingError(f"Er is geen oefencasus '{case_id}'. Kies uit: {known}.")

    def start(self, case: Case) -> Session:
        """A practice session: the real flow, saved in the practice store only."""
        flow = self.flows()[case.model.flow]
        return Session(Dialogue(flow, self.profile, today=self.today), self.store)

    def situation(self, case: Case) -> str:
        return case.model.situatie.strip()

    def feedback(self, case: Case, session: Session) -> Feedback:
        return feedback(case, session.dialogue)

    def finish(
        self,
        fb: Feedback,
        session: Session,
        answered: list[Answered],
        nickname: str = "",
    ) -> tuple[Result, str]:
        """Keep the result (choices only) and drop the practice draft. Returns the result
        and a notice ('' when all went well)."""
        result = result_of(fb, session.dialogue, answered, nickname)
        result = replace(result, when=self.now().isoformat(timespec="seconds"))
        session.discard()
        notice = " ".join(session.notices)
        session.notices = []
        try:
            write_result(self.store.data_dir / RESULTS_DIR, result)
        except OSError as exc:
            notice = f"{notice} Je resultaat is niet bewaard ({exc.strerror}).".strip()
        if self.hand_in is not None:
            try:
                where = self.hand_in(result)
            except OSError as exc:
                notice = f"{notice} Je resultaat kon niet naar de groep ({exc.strerror}).".strip()
            else:
                notice = f"{notice} Je resultaat staat voor de trainer in: {where}".strip()
        return result, notice


def practice_dir(root: Path) -> Path:
    return root / PRACTICE_DIR


def write_result(folder: Path, result: Result) -> Path:
    """One small JSON file per practice run, private (0600) like the rest of the data."""
    ensure_private_dir(folder)
    stamp = result.when.replace(":", "").replace("-", "") or "zonder-tijd"
    base = f"{stamp}-{result.case_id}"
    path = folder / f"{base}.json"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    return path


__all__ = [
    "BANNER",
    "Answered",
    "Difference",
    "Feedback",
    "Practice",
    "Result",
    "StoreError",
    "TrainingError",
    "banner",
    "feedback",
    "name_hint",
    "shown_order",
]
