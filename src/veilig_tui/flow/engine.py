"""The dialogue engine: runs a checked flow on a `transitions` state machine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transitions import Machine

from veilig_tui.flow import graph
from veilig_tui.flow.check import Flow, routes_of
from veilig_tui.flow.inputs import AnswerError, clean_text, format_date, parse_date
from veilig_tui.flow.model import QUESTION_KINDS, Condition, Node
from veilig_tui.flow.texts import render
from veilig_tui.org import NOBODY_NAMED, ROLE_KEYS, UNSET, ContactChoice, Profile, safety_line
from veilig_tui.yamlio import gc_paused

NEXT = "verder"
Facts = dict[str, Any]


def holds(
    cond: Condition, facts: Mapping[str, Any], involved: Collection[str] = frozenset()
) -> bool:
    """Evaluate a structured condition against the facts (no code, no eval).

    `involved` are the roles whose holder was named as involved (for `contact_betrokken`)."""
    if cond.all is not None:
        return all(holds(c, facts, involved) for c in cond.all)
    if cond.any is not None:
        return any(holds(c, facts, involved) for c in cond.any)
    if cond.not_ is not None:
        return not holds(cond.not_, facts, involved)
    if cond.contact_betrokken is not None:
        return cond.contact_betrokken in involved
    value = facts.get(cond.fact or "")
    if cond.set is not None:
        return (value not in (None, "", [])) is cond.set
    if cond.is_ is not None:
        return bool(value == cond.is_)
    if cond.in_ is not None:
        return value in cond.in_
    items = value if isinstance(value, list) else []
    if cond.contains is not None:
        return cond.contains in items
    return any(v in items for v in cond.contains_any or [])


@dataclass(frozen=True)
class State:
    """What a draft stores: the flow, its content hash and the answers in order."""

    flow_id: str
    flow_hash: str
    answers: tuple[tuple[str, Any], ...] = ()
    pending: tuple[tuple[str, Any], ...] = ()
    """Answers kept from before an edit, used again when their question comes back."""
    remembered: tuple[tuple[str, Any], ...] = ()
    """Answers undone with 'back', and text typed but not given: shown again as a starting
    point, never given by themselves."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "flow_id": self.flow_id,
            "flow_hash": self.flow_hash,
            "answers": [[n, v] for n, v in self.answers],
            "pending": [[n, v] for n, v in self.pending],
            "remembered": [[n, v] for n, v in self.remembered],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> State:
        def pairs(key: str) -> tuple[tuple[str, Any], ...]:
            return tuple((str(n), v) for n, v in data.get(key, []))

        return cls(
            str(data["flow_id"]),
            str(data.get("flow_hash", "")),
            pairs("answers"),
            pairs("pending"),
            pairs("remembered"),
        )


@dataclass(frozen=True)
class Shown:
    """A node as the user sees it, texts rendered."""

    node: Node
    text: str
    help: str
    answers: tuple[tuple[str, str], ...]
    contacts: ContactChoice | None

    @property
    def id(self) -> str:
        return self.node.id

    @property
    def kind(self) -> str:
        return self.node.kind


@dataclass(frozen=True)
class Advice:
    """An advice given on the path, with its contacts resolved."""

    node_id: str
    outcome: str
    urgent: bool
    title: str
    text: str
    contacts: ContactChoice | None


@dataclass(frozen=True)
class AnswerLine:
    """One answered question, for summaries and the review screen."""

    index: int
    node_id: str
    question: str
    answer: str


def progress_text(low: int, high: int) -> str:
    """Honest progress in Dutch: 'daarna nog 3 tot 6 vragen'."""
    if high == 0:
        return "dit is de laatste vraag"
    word = "vraag" if high == 1 else "vragen"
    if low == 0:
        return f"daarna nog hooguit {high} {word}"
    return f"daarna nog {low} tot {high} {word}" if low != high else f"daarna nog {high} {word}"


@dataclass(frozen=True)
class ContactText:
    """`contact.eerste` and `contact.volgende` in flow texts: people from the
    suspect-filtered contacts, or plainly that the profile names nobody."""

    eerste: str
    volgende: str

    @classmethod
    def of(cls, choice: ContactChoice) -> ContactText:
        filled = [r.title for r in choice.roles if r.filled]
        first = filled[0] if filled else NOBODY_NAMED
        return cls(first, filled[1] if len(filled) > 1 else NOBODY_NAMED)


@dataclass(frozen=True)
class Doers(Mapping[str, str]):
    """`wie.<rol>` in flow texts: who does a role's task, never a person named as
    involved. Computed only for the roles a text uses."""

    profile: Profile
    suspects: tuple[str, ...]

    def __getitem__(self, key: str) -> str:
        if key not in ROLE_KEYS:
            raise KeyError(key)
        doer = self.profile.doer(key, self.suspects)
        if doer is None:
            return NOBODY_NAMED
        return doer.title if doer.filled else f"de {doer.label} ({UNSET})"

    def __iter__(self) -> Iterator[str]:
        return iter(ROLE_KEYS)

    def __len__(self) -> int:
        return len(ROLE_KEYS)


@dataclass(frozen=True)
class IgjText:
    """`igj.laatste_dag` and `igj.uitleg`: the IGJ deadline from the date in the fact
    `igj_vastgesteld`, with the skipped days; empty while no date was given."""

    laatste_dag: str = ""
    uitleg: str = ""


IGJ_FACT = "igj_vastgesteld"


def igj_text(facts: Mapping[str, Any], profile: Profile) -> IgjText:
    value = facts.get(IGJ_FACT)
    if not value:
        return IgjText()
    from veilig_tui.deadlines import explain, format_datum, igj_deadline

    day = dt.date.fromisoformat(str(value)[:10])
    deadline = igj_deadline(day, profile.days_off())
    return IgjText(format_datum(deadline.last_day), explain(deadline))


class _Model:
    """The object the state machine moves; it only carries `state`."""

    state: str
    trigger: Callable[[str], bool]


@dataclass
class Dialogue:
    """One run of a flow: answer, go back, edit an earlier answer, save and restore."""

    flow: Flow
    profile: Profile
    today: Callable[[], dt.date] = dt.date.today
    facts: Facts = field(default_factory=dict)
    answers: list[tuple[str, Any]] = field(default_factory=list)
    pending: dict[str, Any] = field(default_factory=dict)
    """Answers kept from before an edit: given again when their node comes back."""
    remembered: dict[str, Any] = field(default_factory=dict)
    """Answers undone with 'back': offered again when their node comes back."""
    _model: _Model = field(default_factory=_Model)

    @gc_paused()  # thousands of transitions that stay alive: see gc_paused
    def __post_init__(self) -> None:
        transitions: list[dict[str, Any]] = []
        for node in self.flow.model.nodes:
            for answer, _, route in routes_of(node):
                item: dict[str, Any] = {
                    "trigger": answer.id if answer and node.kind == "choice" else NEXT,
                    "source": node.id,
                    "dest": route.to,
                }
                if route.when is not None:
                    item["conditions"] = [self._condition(route.when)]
                transitions.append(item)
        finals = [n.id for n in self.flow.model.nodes if n.kind == "advice" and not n.urgent]
        self.machine = Machine(
            model=self._model,
            states=[{"name": n.id, "final": n.id in finals} for n in self.flow.model.nodes],
            transitions=transitions,
            initial=self.flow.model.start,
            auto_transitions=False,
        )

    def _condition(self, cond: Condition) -> Callable[[], bool]:
        return lambda: holds(cond, self.facts, self.profile.involved(self.suspect_roles))

    # -- where we are ------------------------------------------------------------
    @property
    def current(self) -> Node:
        return self.flow.nodes[self._model.state]

    @property
    def finished(self) -> bool:
        node = self.current
        return node.kind == "advice" and not node.urgent

    @property
    def outcome(self) -> str | None:
        """The final routing outcome, once the dialogue is finished."""
        return self.current.outcome if self.finished else None

    @property
    def path(self) -> list[str]:
        """The node ids visited so far, ending with the current one."""
        return [n for n, _ in self.answers] + [self.current.id]

    @property
    def suspect_roles(self) -> list[str]:
        name = self.flow.model.suspect_roles_fact
        value = self.facts.get(name) if name else None
        return list(value) if isinstance(value, list) else []

    @property
    def roles_known(self) -> bool:
        """True once the user has said whether the person holds a role in the organisation
        (or the question can no longer come): from then on contacts may be named."""
        name = self.flow.model.suspect_roles_fact
        return name is None or name in self.facts or self.current.id not in self.flow.roles_ahead

    def question_number(self) -> int:
        """The number of the current question (questions only, not information)."""
        asked = sum(1 for n, _ in self.answers if self.flow.nodes[n].kind in QUESTION_KINDS)
        return asked + 1

    def questions_left(self) -> tuple[int, int]:
        """Least and most questions still to come after the current node."""
        return self.flow.questions_left(self.current.id)

    def state(self) -> State:
        return State(
            self.flow.id,
            self.flow.digest,
            tuple(self.answers),
            tuple(self.pending.items()),
            tuple(self.remembered.items()),
        )

    def final_state(self) -> dict[str, Any]:
        """What a finished melding keeps for replay: only the answers on its path, never
        an answer that was undone, replaced or typed and not given."""
        return {
            "flow_id": self.flow.id,
            "flow_hash": self.flow.digest,
            "answers": [[n, v] for n, v in self.answers],
        }

    def remember(self, node_id: str, text: str) -> None:
        """Keep text typed but not given as the starting point for its question (empty
        text: nothing to keep, so nothing is shown again)."""
        if text.strip():
            self.remembered[node_id] = text
        else:
            self.remembered.pop(node_id, None)

    def forget_unused(self) -> None:
        """Drop every remembered and pending answer (at finish: they are not on the path)."""
        self.pending = {}
        self.remembered = {}

    def prefill(self, node_id: str) -> Any:
        """The answer to show as a starting point: kept from an edit, or undone with back."""
        return self.pending.get(node_id, self.remembered.get(node_id))

    # -- answering ---------------------------------------------------------------
    def answer(self, value: Any = None) -> Node:
        """Answer the current node and move on. Raises AnswerError with a Dutch message."""
        node = self.current
        if self.finished:
            raise AnswerError("Het gesprek is klaar. Je kunt een antwoord nog wel veranderen.")
        stored, trigger, extra = self._accept(node, value)
        before = dict(self.facts)
        if node.fact is not None:
            if stored in (None, "", []):
                self.facts.pop(node.fact, None)
            else:
                self.facts[node.fact] = stored
        self.facts.update(extra)
        if not self._model.trigger(trigger):  # no route fits: the checker prevents this
            self.facts = before
            raise AnswerError("Er is geen vervolg voor dit antwoord. Meld dit aan de beheerder.")
        self.answers.append((node.id, stored))
        self.remembered.pop(node.id, None)  # the new answer supersedes an undone one
        self._use_pending()
        return self.current

    def _use_pending(self) -> None:
        """Give kept answers again while their nodes come up; stop at the first that fails."""
        while self.current.id in self.pending and not self.finished:
            value = self.pending.pop(self.current.id)
            try:
                self.answer(value)
            except AnswerError:
                return

    def _accept(self, node: Node, value: Any) -> tuple[Any, str, Facts]:
        kind = node.kind
        if kind == "choice":
            ids = {a.id: a for a in node.answers or []}
            if value not in ids:
                labels = ", ".join(render(a.label, self.context()) for a in ids.values())
                raise AnswerError(f"Kies een van de antwoorden: {labels}.")
            return value, value, dict(ids[value].sets)
        if kind == "multi":
            chosen = [value] if isinstance(value, str) else list(value or [])
            ids = {a.id: a for a in node.answers or []}
            unknown = [v for v in chosen if v not in ids]
            if unknown:
                raise AnswerError(f"Onbekend antwoord: {', '.join(map(str, unknown))}.")
            chosen = [a.id for a in node.answers or [] if a.id in chosen]
            if not chosen and not node.optional:
                raise AnswerError("Kies minstens één antwoord.")
            alone = [ids[c].label for c in chosen if ids[c].exclusive]
            if alone and len(chosen) > 1:
                raise AnswerError(f"'{alone[0]}' kun je niet samen met andere antwoorden kiezen.")
            extra: Facts = {}
            for c in chosen:
                extra.update(ids[c].sets)
            return chosen, NEXT, extra
        if kind == "text":
            text = clean_text(str(value or ""))
            if not text and not node.optional:
                raise AnswerError("Vul hier iets in. Een paar woorden is genoeg.")
            return text, NEXT, {}
        if kind == "date":
            raw = str(value or "").strip()
            if not raw:
                if node.optional:
                    return "", NEXT, {}
                raise AnswerError("Vul een datum in, of typ 'vandaag'.")
            return parse_date(raw, self.today()), NEXT, {}
        return None, NEXT, {}

    # -- going back and editing -----------------------------------------------------
    def _reset(self) -> None:
        self.machine.set_state(self.flow.model.start, model=self._model)
        self.facts = {}
        self.answers = []
        self.pending = {}

    def replay(self, answers: Sequence[tuple[str, Any]]) -> tuple[int, str | None]:
        """Start again and give these answers. Stops at the first one that no longer fits.

        Returns how many answers were used and, if it stopped early, why (in Dutch).
        """
        self._reset()
        for used, (node_id, value) in enumerate(answers):
            if node_id != self.current.id:
                return used, (
                    f"De vragen zijn veranderd sinds je begon. Je antwoorden tot en met vraag "
                    f"{self.question_number() - 1} zijn bewaard. Vanaf hier vragen we opnieuw."
                )
            try:
                self.answer(value)
            except AnswerError:
                return used, (
                    "Een eerder antwoord past niet meer bij de vragen. "
                    "Je antwoorden tot hier zijn bewaard. Vanaf hier vragen we opnieuw."
                )
        return len(answers), None

    def back(self) -> bool:
        """Undo the last answer (it is remembered, to show again). False at the start."""
        if not self.answers:
            return False
        node_id, value = self.answers[-1]
        remembered = {**self.remembered, node_id: value}
        self.replay(self.answers[:-1])
        self.remembered = remembered
        return True

    def edit(self, index: int, value: Any) -> list[str]:
        """Change answer `index`; later answers are kept for nodes still on the new path.

        Kept answers are given again as soon as their node comes up. Returns the ids of
        nodes whose answers were dropped because the new path cannot reach them. Raises
        AnswerError (and changes nothing) when the new value is not a valid answer.
        """
        old = list(self.answers)
        if not 0 <= index < len(old):
            raise IndexError(index)
        self.replay(old[:index])
        later = dict(reversed(old[index + 1 :]))  # the first answer per node wins
        try:
            self.answer(value)
        except AnswerError:
            self.replay(old)
            raise
        self.pending = {n: v for n, v in later.items() if n not in {a for a, _ in self.answers}}
        self._use_pending()
        ahead = graph.reachable(self.current.id, self.flow.edges)
        dropped = [n for n, _ in old[index + 1 :] if n not in ahead and n in self.pending]
        self.pending = {n: v for n, v in self.pending.items() if n in ahead}
        return dropped

    @classmethod
    def restore(
        cls, flow: Flow, profile: Profile, state: State, **kw: Any
    ) -> tuple[Dialogue, str | None]:
        """Rebuild a dialogue from a saved state. The message says what could not be kept."""
        dialogue = cls(flow, profile, **kw)
        if state.flow_id != flow.id:
            return dialogue, f"Dit concept hoort bij een andere vragenlijst ('{state.flow_id}')."
        _, message = dialogue.replay(state.answers)
        if message is None:
            dialogue.pending = dict(state.pending)
        dialogue.remembered = dict(state.remembered)
        return dialogue, message

    # -- showing -------------------------------------------------------------------
    def context(self, contacts: ContactChoice | None = None) -> dict[str, Any]:
        """What flow texts see. `contact` is the advice's own contacts, else where to report;
        `wie.<rol>` names who does a role's task, never a person named as involved."""
        declared = {name: self.facts.get(name, "") for name in self.flow.model.facts}
        suspects = self.suspect_roles
        return {
            "rol": self.profile.roles(),
            "feiten": declared,
            "organisatie": self.profile.organisation,
            "extern": self.profile.model.extern,
            "contact": self._contact_text(contacts),
            "wie": Doers(self.profile, tuple(suspects)),
            "igj": igj_text(self.facts, self.profile),
        }

    def _contact_text(self, contacts: ContactChoice | None) -> ContactText:
        if contacts is not None:
            return ContactText.of(contacts)
        if not self.roles_known:  # the meldpunt may be the person it is about: no names yet
            return ContactText("het meldpunt", "de volgende persoon bij wie je kunt melden")
        return ContactText.of(self.report_contact())

    def show(self, node: Node | None = None) -> Shown:
        """Render a node (default: the current one) for display."""
        node = node or self.current
        contacts = (
            self.profile.contacts(node.contacts, self.suspect_roles) if node.contacts else None
        )
        ctx = self.context(contacts)
        answers = tuple((a.id, render(a.label, ctx)) for a in node.answers or [])
        return Shown(node, render(node.text, ctx), render(node.help, ctx), answers, contacts)

    def report_contact(self) -> ContactChoice:
        """Where to report, never the suspected person: for the line on every screen."""
        return self.profile.report_contact(self.suspect_roles)

    @property
    def reports_self(self) -> bool:
        """True when the user reports themselves (the flow's `self_report` holds)."""
        cond = self.flow.model.self_report
        return cond is not None and holds(cond, self.facts)

    def safety_line(self, help_key: str = "F1") -> str:
        """The row on every screen: 112 first, then where to report, never the suspect."""
        if self.reports_self:
            return f"Direct gevaar? Bel 112 · Je meldt zelf ({help_key})"
        return safety_line(self.safety_contact(), help_key=help_key)

    def safety_contact(self) -> ContactChoice | None:
        """Where to report for the safety line; None (say the role, not a name) until the
        user has said whether the person holds a role."""
        return self.report_contact() if self.roles_known else None

    def contact_help(self) -> list[str]:
        """Whom to report to, in full, for F1: before the roles are known, the meldpunt
        and who to go to when it is about the meldpunt; after, the computed contacts."""
        if self.reports_self:
            own = [
                "Je bent zelf de zorgaanbieder. Je meldt zelf bij de Inspectie (IGJ).",
                "Werkt de persoon voor een organisatie? Meld het dan ook daar.",
            ]
            if not self.roles_known:
                return own
            return [*own, "", "Melden bij de organisatie:", *self.report_contact().lines()]
        if self.roles_known:
            return ["Melden bij:", *self.report_contact().lines()]
        first = self.profile.report_contact()
        lead = first.roles[0] if first.roles else None
        other = self.profile.report_contact([lead.key] if lead else [])
        label = lead.label if lead else "het meldpunt"
        return [
            "Melden bij:",
            *first.lines(),
            "",
            f"Gaat het over deze persoon ({label}) zelf? Meld het dan bij:",
            *other.lines(),
        ]

    def advices(self) -> list[Advice]:
        """Every advice on the path so far, in order, with contacts as they are now."""
        out = []
        for node_id in self.path:
            node = self.flow.nodes[node_id]
            if node.kind == "advice" and node.outcome:
                shown = self.show(node)
                title = render(node.title, self.context()) if node.title else node.outcome
                out.append(
                    Advice(node.id, node.outcome, node.urgent, title, shown.text, shown.contacts)
                )
        return out

    def lines(self) -> list[AnswerLine]:
        """The answered questions with the answers as text, for summaries and review."""
        out = []
        for i, (node_id, value) in enumerate(self.answers):
            node = self.flow.nodes[node_id]
            if node.kind not in QUESTION_KINDS:
                continue
            out.append(AnswerLine(i, node_id, self.show(node).text, self.answer_text(node, value)))
        return out

    def answer_text(self, node: Node, value: Any) -> str:
        """An answer as the user would say it. The roles of the person it is about are
        said by role, never by name."""
        labels = dict(self.show(node).answers)
        if node.fact and node.fact == self.flow.model.suspect_roles_fact:
            labels |= {k: self.profile.role(k).capitalised for k in ROLE_KEYS}
        if node.kind == "choice":
            return labels.get(value, str(value))
        if node.kind == "multi":
            return "; ".join(labels.get(v, str(v)) for v in value) or "(niets gekozen)"
        if node.kind == "date":
            return format_date(value) if value else "(leeg gelaten)"
        return str(value) if value else "(leeg gelaten)"
