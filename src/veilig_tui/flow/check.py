"""Load a flow file and check it: schema, facts, texts, roles and the graph."""

from __future__ import annotations

import copy
import difflib
import hashlib
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from veilig_tui.flow import graph
from veilig_tui.flow.model import QUESTION_KINDS, Answer, Condition, FlowModel, Node, Route
from veilig_tui.flow.texts import check_text
from veilig_tui.org import ROLE_KEYS, RoleTable, default_role_table
from veilig_tui.problems import Problem, ProblemsError, errors
from veilig_tui.yamlio import Marked, gc_paused, load_marked, schema_problems

URGENT_112 = "bel_112"
RESERVED = {"state", "trigger", "verder", "machine"}
Loc = tuple[Hashable, ...]


@dataclass
class Flow:
    """A checked flow, ready to run: nodes by id and facts about its graph."""

    model: FlowModel
    path: Path
    digest: str
    nodes: dict[str, Node]
    edges: dict[str, list[str]]
    left: dict[str, tuple[int, int]] = field(default_factory=dict)
    roles_ahead: frozenset[str] = frozenset()
    """Nodes from which the question about the person's roles can still come."""

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def start(self) -> Node:
        return self.nodes[self.model.start]

    def questions_left(self, node_id: str) -> tuple[int, int]:
        """Least and most questions still to come after `node_id`."""
        return self.left.get(node_id, (0, 0))


def routes_of(node: Node) -> Iterator[tuple[Answer | None, Loc, Route]]:
    """Every route leaving a node: its answer (None: the node's own), place and route."""
    for i, route in enumerate(node.next or []):
        yield None, ("next", i), route
    for j, answer in enumerate(node.answers or []):
        for i, route in enumerate(answer.next or []):
            yield answer, ("answers", j, "next", i), route


def role_words(table: RoleTable) -> list[str]:
    """The words that name a role: every key and label (also without its '(…)' part)."""
    words: set[str] = set()
    for key in ROLE_KEYS:
        label = table.label(key)
        words |= {key, label, re.sub(r"\s*\(.*?\)", "", label).strip()}
    return sorted((w for w in words if w), key=len, reverse=True)


_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def named_roles(text: str, words: list[str]) -> list[tuple[int, str]]:
    """Role names in a text outside its placeholders: (offset, word) pairs, in order."""
    prose = _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)
    found: list[tuple[int, str]] = []
    for word in words:
        pattern = r"(?<![\w-])" + re.escape(word) + r"(?![\w-])"
        for match in re.finditer(pattern, prose, re.IGNORECASE):
            if not any(start <= match.start() < start + len(w) for start, w in found):
                found.append((match.start(), match.group()))
    return sorted(found)


ADVICE_ROLE_FIX = (
    "Een advies noemt nooit zelf een rol of persoon: die kan de persoon zijn over wie het "
    "gaat. Schrijf 'de persoon hieronder' (de contacten van het advies) of gebruik "
    "{{ contact.eerste }}, {{ contact.volgende }} of {{ wie.<rol> }}."
)


class _Checker:
    def __init__(self, doc: Marked, model: FlowModel, table: RoleTable, lines: list[str]) -> None:
        self.doc = doc
        self.model = model
        self.role_words = role_words(table)
        self.lines = lines
        self.problems: list[Problem] = []
        self.facts = model.facts
        self.node_index = {n.id: i for i, n in enumerate(model.nodes)}

    def add(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(loc, message, key=key))

    # -- per node --------------------------------------------------------------
    def run(self) -> list[Problem]:
        seen: dict[str, int] = {}
        for i, node in enumerate(self.model.nodes):
            loc: Loc = ("nodes", i)
            if node.id in seen:
                self.add(
                    (*loc, "id"),
                    f"De id '{node.id}' bestaat al (node {seen[node.id] + 1}). "
                    "Geef elke node een eigen id.",
                )
            else:
                seen[node.id] = i
            self.check_node(node, loc)
        self.check_facts_decl()
        self.check_graph()
        return self.problems

    def check_node(self, node: Node, loc: Loc) -> None:
        kind = node.kind
        needs_answers = kind in ("choice", "multi")
        if needs_answers and not node.answers:
            self.add(loc, f"Een vraag van soort '{kind}' heeft antwoorden nodig ('answers').")
        if not needs_answers and node.answers:
            self.add(
                (*loc, "answers"), f"Een node van soort '{kind}' heeft geen 'answers'.", key=True
            )
        node_next = kind in ("multi", "text", "date", "info") or (kind == "advice" and node.urgent)
        if node_next and not node.next:
            self.add(
                loc,
                f"Node '{node.id}' loopt dood: 'next' ontbreekt. Zeg waar het gesprek heen gaat.",
            )
        if not node_next and node.next:
            what = (
                "een eindadvies sluit het gesprek af"
                if kind == "advice"
                else "bij een keuzevraag staat 'next' bij elk antwoord"
            )
            self.add((*loc, "next"), f"Hier hoort geen 'next': {what}.", key=True)
        if kind == "advice" and not node.outcome:
            self.add(loc, "Een advies heeft een 'outcome' nodig, zoals meld_meldpunt of bel_112.")
        if kind != "advice" and (node.outcome or node.urgent):
            self.add(loc, "Alleen een advies heeft 'outcome' of 'urgent'.")
        if node.optional and kind not in ("text", "date", "multi"):
            self.add(
                (*loc, "optional"),
                "Alleen tekst-, datum- en meerkeuzevragen kunnen 'optional' zijn.",
                key=True,
            )
        if node.regels is not None and kind != "text":
            self.add((*loc, "regels"), "Alleen een tekstvraag kan 'regels' hebben.", key=True)
        self.check_fact_of_node(node, loc)
        self.check_text(node.text, (*loc, "text"))
        if node.help:
            self.check_text(node.help, (*loc, "help"))
        if kind == "advice":
            for name in ("title", "text", "help"):
                self.check_advice_prose(getattr(node, name), (*loc, name))
        if node.role_answers and (kind != "multi" or node.fact != self.model.suspect_roles_fact):
            self.add(
                (*loc, "role_answers"),
                "'role_answers' hoort alleen bij de meerkeuzevraag van 'suspect_roles_fact'.",
                key=True,
            )
        for j, role in enumerate(node.contacts):
            if role != "melden" and role not in ROLE_KEYS:
                self.add((*loc, "contacts", j), self.unknown_role(role))
        ids: set[str] = set()
        for j, answer in enumerate(node.answers or []):
            aloc: Loc = (*loc, "answers", j)
            if answer.id in ids:
                self.add(
                    (*aloc, "id"), f"Het antwoord '{answer.id}' staat twee keer bij deze vraag."
                )
            ids.add(answer.id)
            if answer.id in RESERVED or answer.id.startswith(("may_", "to_", "is_")):
                self.add((*aloc, "id"), f"'{answer.id}' is gereserveerd. Kies een andere id.")
            if kind == "choice" and not answer.next:
                self.add(aloc, f"Antwoord '{answer.id}' loopt dood: 'next' ontbreekt.")
            if kind == "multi" and answer.next:
                self.add(
                    (*aloc, "next"),
                    "Bij een meerkeuzevraag staat 'next' bij de vraag, niet bij een antwoord.",
                    key=True,
                )
            if kind != "multi" and answer.exclusive:
                self.add(
                    (*aloc, "exclusive"),
                    "'exclusive' hoort alleen bij een meerkeuzevraag.",
                    key=True,
                )
            self.check_text(answer.label, (*aloc, "label"))
            for name, value in answer.sets.items():
                self.check_value(name, value, (*aloc, "sets", name))
        for _, where, route in routes_of(node):
            if route.when is not None:
                self.check_condition(route.when, (*loc, *where, "when"))
        self.check_route_order(node, loc)

    def check_fact_of_node(self, node: Node, loc: Loc) -> None:
        if node.fact is None:
            if node.kind in ("text", "date", "multi"):
                self.add(
                    loc,
                    f"Een vraag van soort '{node.kind}' moet een 'fact' hebben om het antwoord in te bewaren.",
                )
            return
        if node.kind in ("info", "advice"):
            self.add(
                (*loc, "fact"),
                "Informatie en advies bewaren geen antwoord: haal 'fact' weg.",
                key=True,
            )
            return
        decl = self.facts.get(node.fact)
        if decl is None:
            self.add((*loc, "fact"), self.unknown_fact(node.fact))
            return
        if decl.type != node.kind:
            self.add(
                (*loc, "fact"),
                f"Feit '{node.fact}' is van type '{decl.type}', maar deze vraag is '{node.kind}'. Maak ze gelijk.",
            )
        elif decl.values is not None:
            for j, answer in enumerate(node.answers or []):
                if answer.id not in decl.values:
                    self.add(
                        (*loc, "answers", j, "id"),
                        f"Antwoord '{answer.id}' staat niet bij de waarden (values) van feit '{node.fact}'. Voeg het daar toe.",
                    )

    def check_route_order(self, node: Node, loc: Loc) -> None:
        groups = [((*loc, "next"), node.next or [])]
        groups += [
            ((*loc, "answers", j, "next"), a.next or []) for j, a in enumerate(node.answers or [])
        ]
        for gloc, routes in groups:
            if not routes:
                continue
            for i, route in enumerate(routes[:-1]):
                if route.when is None:
                    self.add(
                        (*gloc, i + 1),
                        "Deze regel wordt nooit gebruikt: de regel erboven heeft geen 'when' en geldt dus altijd.",
                    )
                    break
            else:
                if routes[-1].when is not None:
                    self.add(
                        (*gloc, len(routes) - 1),
                        "Het pad eindigt hier zonder advies als geen enkele 'when' klopt. "
                        "Voeg als laatste een regel zonder 'when' toe.",
                    )

    # -- facts, values, conditions, texts -----------------------------------------
    def check_facts_decl(self) -> None:
        if self.model.self_report is not None:
            self.check_condition(self.model.self_report, ("self_report",))
        srf = self.model.suspect_roles_fact
        if srf is None:
            return
        decl = self.facts.get(srf)
        if decl is None:
            self.add(("suspect_roles_fact",), self.unknown_fact(srf))
        elif decl.type != "multi":
            self.add(
                ("suspect_roles_fact",),
                f"Feit '{srf}' moet van type 'multi' zijn: een lijst van rollen.",
            )

    def check_value(self, name: str, value: Any, loc: Loc) -> None:
        decl = self.facts.get(name)
        if decl is None:
            self.add(loc, self.unknown_fact(name), key=True)
            return
        ok = {
            "text": isinstance(value, str),
            "flag": isinstance(value, bool),
            "date": isinstance(value, str),
            "choice": isinstance(value, str) and (decl.values is None or value in decl.values),
            "multi": isinstance(value, list)
            and (decl.values is None or set(value) <= set(decl.values)),
        }[decl.type]
        if not ok:
            allowed = f" Kies uit: {', '.join(decl.values)}." if decl.values else ""
            self.add(
                loc, f"De waarde '{value}' past niet bij feit '{name}' (type {decl.type}).{allowed}"
            )

    def check_condition(self, cond: Condition, loc: Loc) -> None:
        forms = [
            cond.fact is not None,
            cond.all is not None,
            cond.any is not None,
            cond.not_ is not None,
            cond.contact_betrokken is not None,
        ]
        tests = [
            x is not None for x in (cond.is_, cond.in_, cond.contains, cond.contains_any, cond.set)
        ]
        if (
            sum(forms) != 1
            or (cond.fact is not None and sum(tests) != 1)
            or (cond.fact is None and any(tests))
        ):
            self.add(
                loc,
                "Een voorwaarde heeft precies één vorm: {fact: …, is: …}, {fact: …, in: […]}, "
                "{fact: …, contains: …}, {fact: …, set: true}, {contact_betrokken: rol}, "
                "{all: […]}, {any: […]} of {not: …}.",
            )
            return
        if cond.contact_betrokken is not None:
            if cond.contact_betrokken not in ROLE_KEYS:
                self.add((*loc, "contact_betrokken"), self.unknown_role(cond.contact_betrokken))
            return
        for key, subs in (("all", cond.all), ("any", cond.any)):
            for i, sub in enumerate(subs or []):
                self.check_condition(sub, (*loc, key, i))
        if cond.not_ is not None:
            self.check_condition(cond.not_, (*loc, "not"))
        if cond.fact is None:
            return
        decl = self.facts.get(cond.fact)
        if decl is None:
            self.add((*loc, "fact"), self.unknown_fact(cond.fact))
            return
        multi = decl.type == "multi"
        if multi and (cond.is_ is not None or cond.in_ is not None):
            self.add(loc, f"Feit '{cond.fact}' is een lijst: gebruik 'contains' of 'contains_any'.")
            return
        if not multi and (cond.contains is not None or cond.contains_any is not None):
            self.add(
                loc,
                f"'contains' werkt alleen bij een lijst (multi); gebruik 'is' of 'in' voor '{cond.fact}'.",
            )
            return
        values = [cond.is_] if cond.is_ is not None else cond.in_ or []
        values += [cond.contains] if cond.contains is not None else cond.contains_any or []
        for value in values:
            if decl.type == "flag" and not isinstance(value, bool):
                self.add(loc, f"Feit '{cond.fact}' is ja/nee: vergelijk met true of false.")
            elif decl.values is not None and value not in decl.values:
                self.add(
                    loc,
                    f"'{value}' is geen waarde van feit '{cond.fact}'. Kies uit: {', '.join(decl.values)}.",
                )

    def check_text(self, text: str, loc: Loc) -> None:
        line, column = self.doc.where(loc)
        block = 1 if loc in self.doc.blocks else 0
        for issue in check_text(text, ROLE_KEYS, self.facts):
            self.problems.append(
                Problem(self.doc.path, line + block + issue.line - 1, column, issue.message)
            )

    def check_advice_prose(self, text: str, loc: Loc) -> None:
        """An advice names no role in its own words (file:line:col of each word)."""
        if not text:
            return
        line, column = self.doc.where(loc)
        block = loc in self.doc.blocks
        for offset, word in named_roles(text, self.role_words):
            row = text.count("\n", 0, offset)
            at_line = line + row + (1 if block else 0)
            at_column = column + offset if row == 0 and not block else 1
            if 0 < at_line <= len(self.lines):
                found = self.lines[at_line - 1].casefold().find(word.casefold())
                at_column = found + 1 if found >= 0 else at_column
            self.problems.append(
                Problem(
                    self.doc.path,
                    at_line,
                    at_column,
                    f"Dit advies noemt de rol '{word}' zelf. {ADVICE_ROLE_FIX}",
                )
            )

    def check_contact_routes(self, nodes: dict[str, Node]) -> None:
        """Whom to report to is chosen on computed contacts, not on the raw roles answer."""
        srf = self.model.suspect_roles_fact
        if srf is None:
            return
        for i, node in enumerate(self.model.nodes):
            for _, where, route in routes_of(node):
                target = nodes.get(route.to)
                if target is None or target.kind != "advice" or route.when is None:
                    continue
                if srf in _condition_facts(route.when):
                    self.add(
                        ("nodes", i, *where, "when"),
                        f"Kies bij wie iemand meldt niet met het antwoord '{srf}', maar met "
                        "{contact_betrokken: <rol>}: dat ziet ook dezelfde persoon in twee rollen.",
                    )

    def unknown_fact(self, name: str) -> str:
        hint = difflib.get_close_matches(name, list(self.facts), n=1)
        fix = (
            f" Bedoel je '{hint[0]}'?"
            if hint
            else " Noem het eerst onder 'facts' bovenaan de flow."
        )
        return f"Onbekend feit '{name}'.{fix}"

    @staticmethod
    def unknown_role(role: str) -> str:
        hint = difflib.get_close_matches(role, list(ROLE_KEYS), n=1)
        fix = f" Bedoel je '{hint[0]}'?" if hint else ""
        return f"Onbekende rol '{role}'.{fix}"

    # -- the graph -----------------------------------------------------------------
    def check_graph(self) -> None:
        model = self.model
        nodes = {n.id: n for n in model.nodes}
        for i, node in enumerate(model.nodes):
            for _, where, route in routes_of(node):
                if route.to not in nodes:
                    hint = difflib.get_close_matches(route.to, list(nodes), n=1)
                    fix = f" Bedoel je '{hint[0]}'?" if hint else ""
                    self.add(
                        ("nodes", i, *where),
                        f"Onbekende node '{route.to}': die bestaat niet in deze flow.{fix}",
                    )
        if model.start not in nodes:
            self.add(("start",), f"De startnode '{model.start}' bestaat niet.")
        if errors(self.problems):  # the checks below would only repeat these errors
            return
        edges = {n.id: [r.to for _, _, r in routes_of(n)] for n in model.nodes}
        seen = graph.reachable(model.start, edges)
        for i, node in enumerate(model.nodes):
            if node.id not in seen:
                self.add(
                    ("nodes", i, "id"),
                    f"Node '{node.id}' is onbereikbaar: geen enkel antwoord leidt hierheen. Verwijs ernaar of haal hem weg.",
                )
        finals = [n.id for n in model.nodes if n.kind == "advice" and not n.urgent]
        finishing = graph.can_finish(finals, edges)
        stuck = [n for n in model.nodes if n.id in seen and n.id not in finishing]
        reported: set[str] = set()
        for node in stuck:
            if node.id in reported:
                continue
            loop = graph.reachable(node.id, edges) - finishing
            reported |= loop
            names = " → ".join(n.id for n in model.nodes if n.id in loop)
            self.add(
                ("nodes", self.node_index[node.id], "id"),
                f"Deze nodes vormen een kring zonder uitweg: {names}. Vanaf hier komt het gesprek "
                "nooit bij een eindadvies. Laat een antwoord naar een eindadvies leiden.",
            )
        self.check_start(nodes)
        self.check_required(edges, nodes)
        self.check_contact_routes(nodes)

    def check_start(self, nodes: dict[str, Node]) -> None:
        start = nodes[self.model.start]
        for answer in start.answers or []:
            for route in answer.next or []:
                target = nodes[route.to]
                if target.kind == "advice" and target.urgent and target.outcome == URGENT_112:
                    return
        self.add(
            ("nodes", self.node_index[start.id]),
            "De eerste vraag moet de vraag naar direct gevaar zijn: minstens één antwoord "
            f"moet direct naar een dringend advies met outcome '{URGENT_112}' leiden.",
        )

    def check_required(self, edges: dict[str, list[str]], nodes: dict[str, Node]) -> None:
        required = [name for name, d in self.facts.items() if d.required]
        if not required:
            return
        out: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for node in self.model.nodes:
            sure = {node.fact} if node.fact and not node.optional else set()
            out[node.id] = [
                (
                    route.to,
                    frozenset(sure | set(answer.sets if answer and node.kind == "choice" else ())),
                )
                for answer, _, route in routes_of(node)
            ]
        known = graph.must_facts(self.model.start, out, frozenset(self.facts))
        for node in self.model.nodes:
            if node.kind != "advice" or node.urgent or not node.report or node.id not in known:
                continue
            for name in required:
                if name not in known[node.id]:
                    self.add(
                        ("nodes", self.node_index[node.id], "id"),
                        f"Feit '{name}' is verplicht (required), maar er is een pad naar "
                        f"'{node.id}' waarop het niet wordt ingevuld.",
                    )


def _condition_facts(cond: Condition) -> set[str]:
    facts = {cond.fact} if cond.fact else set()
    for sub in [*(cond.all or []), *(cond.any or []), *([cond.not_] if cond.not_ else [])]:
        facts |= _condition_facts(sub)
    return facts


def _add_role_answers(model: FlowModel) -> None:
    """Put one answer per role after the listed answers of a `role_answers` question (so
    'Nee, geen van deze' keeps key 1), and the role keys among the values of its fact."""
    for node in model.nodes:
        if not node.role_answers:
            continue
        listed = node.answers or []
        own = {a.id for a in listed}
        generated = [
            Answer(id=key, label=f"{{{{ rol.{key}.keuze }}}}")
            for key in ROLE_KEYS
            if key not in own
        ]
        node.answers = listed + generated
        decl = model.facts.get(node.fact or "")
        if decl is not None and decl.values is not None:
            decl.values = [*ROLE_KEYS, *(v for v in decl.values if v not in ROLE_KEYS)]


def _validate(doc: Marked) -> tuple[FlowModel | None, list[Problem]]:
    """Validate the schema. When only unknown keys are wrong, validate again without them,
    so that the other checks still run and every problem is reported at once."""
    try:
        return FlowModel.model_validate(doc.data), []
    except ValidationError as exc:
        problems = schema_problems(doc, exc)
        if any(e["type"] != "extra_forbidden" for e in exc.errors()):
            return None, problems
        data = copy.deepcopy(doc.data)
        for err in exc.errors():
            parent = data
            for part in err["loc"][:-1]:
                parent = parent[part]
            parent.pop(err["loc"][-1], None)
        try:
            return FlowModel.model_validate(data), problems
        except ValidationError:
            return None, problems


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@gc_paused()  # many objects that stay alive: see gc_paused
def check_flow(
    path: Path, text: str | None = None, roles: RoleTable | None = None
) -> tuple[Flow | None, list[Problem]]:
    """Load and check a flow file. Returns the flow (None on errors) and every problem.

    `roles` gives the role labels that advice prose may not use (default: the built-in)."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
    doc, problems = load_marked(path, text)
    if errors(problems) or text is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, [*problems, doc.problem((), "Deze flow is leeg of is geen groep velden.")]
    model, schema = _validate(doc)
    problems += schema
    if model is None:
        return None, problems
    _add_role_answers(model)
    table = roles or default_role_table()
    found = _Checker(doc, model, table, text.splitlines()).run()
    problems += list(dict.fromkeys(found))  # a text shared with '&anchor' is checked once
    if errors(problems):
        return None, problems
    nodes = {n.id: n for n in model.nodes}
    edges = {n.id: [r.to for _, _, r in routes_of(n)] for n in model.nodes}
    flow = Flow(model, path, _digest(text), nodes, edges)
    flow.left = graph.questions_left(model.start, edges, lambda n: nodes[n].kind in QUESTION_KINDS)
    srf = model.suspect_roles_fact
    back = graph.reverse(edges)
    asks = [n.id for n in model.nodes if srf is not None and n.fact == srf]
    flow.roles_ahead = frozenset().union(*(graph.reachable(a, back) for a in asks))
    return flow, problems


def load_flow(path: Path) -> Flow:
    """Load a flow or raise ProblemsError with every error in it."""
    flow, problems = check_flow(path)
    if flow is None:
        raise ProblemsError(errors(problems))
    return flow
