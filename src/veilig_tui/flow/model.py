"""The flow file format: nodes, answers, routes, conditions and declared facts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

NodeKind = Literal["choice", "multi", "text", "date", "info", "advice"]
FactType = Literal["text", "choice", "multi", "date", "flag"]
QUESTION_KINDS = ("choice", "multi", "text", "date")
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Condition(_Strict):
    """A test on facts. Use exactly one form, e.g. `{fact: wie, in: [collega]}`."""

    fact: str | None = None
    """The fact to test (with `is`, `in`, `contains` or `set`)."""
    is_: Any = Field(default=None, alias="is")
    """True when the fact has exactly this value."""
    in_: list[Any] | None = Field(default=None, alias="in")
    """True when the fact has one of these values."""
    contains: Any = None
    """For a multi fact (a list): true when the list contains this value."""
    contains_any: list[Any] | None = None
    """For a multi fact: true when the list contains one of these values."""
    set: bool | None = None
    """`set: true` is true when the fact has a value; `set: false` when it has none."""
    contact_betrokken: str | None = None
    """True when this role's holder was named as involved: by role, or because the same
    person (same name, phone or e-mail) holds a role that was named. Use this, not the raw
    answer, to choose whom someone reports to."""
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")


class Route(_Strict):
    """Where to go next; the first route whose `when` holds is taken."""

    when: Condition | None = None
    to: str


def _routes(value: Any) -> Any:
    """Allow `next: node_id` as a short form of `next: [{to: node_id}]`."""
    return [{"to": value}] if isinstance(value, str) else value


class Answer(_Strict):
    """One answer to a choice or multi question."""

    id: str = Field(pattern=ID_PATTERN)
    """Stable id, used in scenarios and saved drafts. Never change it lightly."""
    label: str
    """The Dutch text the user sees."""
    help: str = ""
    next: list[Route] | None = None
    """For choice questions: where this answer leads."""
    sets: dict[str, Any] = Field(default_factory=dict)
    """Extra facts this answer sets, e.g. `{bron: vermoeden}`."""
    exclusive: bool = False
    """For multi questions: this answer cannot be combined with others."""

    _norm = field_validator("next", mode="before")(classmethod(lambda cls, v: _routes(v)))


class Node(_Strict):
    """One step of the dialogue: a question, some information or an advice."""

    id: str = Field(pattern=ID_PATTERN)
    kind: NodeKind
    text: str
    """What the user sees, in B1 Dutch. May use {{ rol.meldpunt.naam }} and the like."""
    help: str = ""
    """Extra explanation, shown on request (F1 or 'h')."""
    fact: str | None = None
    """The fact the answer to this question is stored in."""
    answers: list[Answer] | None = None
    next: list[Route] | None = None
    """Where to go after this node (not for choice questions, whose answers say it)."""
    optional: bool = False
    """For text and date questions: the user may leave it empty."""
    role_answers: bool = False
    """For a multi question: one answer per role of the organisation (its label and, when
    filled in, the name) follows the answers listed here."""
    privacy_hint: bool = True
    """For text questions: warn when the text looks like a name, BSN, address or phone."""
    regels: Literal[1] | None = None
    """For text questions: `regels: 1` is a one-line answer (a number, a name, a phone
    number) where Enter moves on. Without it the answer may take several lines."""
    urgent: bool = False
    """For advice: shown at once, then the dialogue goes on (e.g. call 112)."""
    outcome: str | None = Field(default=None, pattern=ID_PATTERN)
    """For advice: the routing outcome, e.g. bel_112 or meld_meldpunt."""
    contacts: list[str] = Field(default_factory=list)
    """Roles to show as contacts, in order ('melden' = the profile's melden_bij list)."""
    report: bool = True
    """For final advice: this outcome leads to a written melding."""
    handoff: bool = True
    """For final advice with a melding: false when the melding stays with the user and is
    never handed to the organisation (e.g. a zzp'er's own record for the Inspectie)."""
    title: str = ""
    """For advice: a short name of the route, shown in the melding (e.g. 'Melden bij het meldpunt')."""

    _norm = field_validator("next", mode="before")(classmethod(lambda cls, v: _routes(v)))


class FactDecl(_Strict):
    """A fact the flow provides: the contract with the report templates."""

    type: FactType
    required: bool = False
    """Set on every path that ends in a final advice with a melding."""
    values: list[str] | None = None
    """For choice and multi facts: the possible values."""
    description: str = ""


class FlowModel(_Strict):
    """A whole flow file."""

    id: str = Field(pattern=ID_PATTERN)
    title: str
    start: str
    """The first node: it must be the danger question."""
    suspect_roles_fact: str | None = None
    """A multi fact whose values are the profile roles held by the suspected person."""
    self_report: Condition | None = None
    """When this holds, the user is their own care provider (a zzp'er with own clients)
    and reports themselves: the safety row says so instead of naming a contact."""
    facts: dict[str, FactDecl] = Field(default_factory=dict)
    nodes: list[Node]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the flow format, for editors."""
    schema = FlowModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "veilig flow"
    return schema
