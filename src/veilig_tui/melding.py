"""What a finished dialogue becomes: the content stored for a melding."""

from __future__ import annotations

from typing import Any

from veilig_tui.flow.engine import Dialogue
from veilig_tui.flow.model import Node
from veilig_tui.org import ROLES

CONTENT_VERSION = 1


def _answer(dialogue: Dialogue, node: Node, value: Any) -> str:
    """An answer for the record. The suspect's roles are named by role, never by person."""
    if node.fact and node.fact == dialogue.flow.model.suspect_roles_fact:
        labels = dict(dialogue.show(node).answers)
        return "; ".join(ROLES[v].label if v in ROLES else labels.get(v, v) for v in value)
    return dialogue.answer_text(node, value)


def melding_content(dialogue: Dialogue) -> dict[str, Any]:
    """The melding as stored: state for replay, facts, the advice as it was shown."""
    nodes = dialogue.flow.nodes
    return {
        "versie": CONTENT_VERSION,
        "flow_id": dialogue.flow.id,
        "state": dialogue.state().to_dict(),
        "outcome": dialogue.outcome,
        "facts": dict(dialogue.facts),
        "suspect_roles": dialogue.suspect_roles,
        "advices": [
            {
                "outcome": a.outcome,
                "urgent": a.urgent,
                "title": a.title,
                "text": a.text,
                "contacts": a.contacts.lines() if a.contacts else [],
            }
            for a in dialogue.advices()
        ],
        "lines": [
            {
                "node": line.node_id,
                "question": line.question,
                "answer": _answer(dialogue, nodes[line.node_id], value)
                if (value := dialogue.answers[line.index][1]) not in (None, "", [])
                else line.answer,
            }
            for line in dialogue.lines()
        ],
        "labels": {
            node.fact: _answer(dialogue, node, value)
            for node_id, value in dialogue.answers
            if (node := nodes[node_id]).fact and value not in (None, "", [])
        },
    }
