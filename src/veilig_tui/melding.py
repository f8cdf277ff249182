"""What a finished dialogue becomes: the content stored for a melding."""

from __future__ import annotations

from typing import Any

from veilig_tui.flow.engine import Dialogue

CONTENT_VERSION = 2
"""2: `state` holds the answers on the final path only (no pending or remembered)."""


NO_MELDING = "Bij deze uitkomst maakt de app geen melding."


def keep_or_discard(dialogue: Dialogue) -> str:
    """The question before throwing away what was typed on a route without a melding."""
    days = dialogue.profile.model.bewaren.concept_dagen
    return (
        f"{NO_MELDING} Wat wil je met wat je hebt getypt? Bewaren: het blijft nog {days} "
        "dagen op deze computer, als onafgemaakte melding. Weggooien: het is meteen weg."
    )


KEPT = "Wat je typte, is bewaard als onafgemaakte melding."
DISCARDED = f"{NO_MELDING} Er is niets bewaard."


def melding_content(dialogue: Dialogue) -> dict[str, Any]:
    """The melding as stored: state for replay, facts, the advice as it was shown.

    Only the answers on the final path: an answer undone with 'back', replaced, or typed
    and never given is not part of the melding."""
    nodes = dialogue.flow.nodes
    return {
        "versie": CONTENT_VERSION,
        "flow_id": dialogue.flow.id,
        "state": dialogue.final_state(),
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
                "answer": dialogue.answer_text(nodes[line.node_id], value)
                if (value := dialogue.answers[line.index][1]) not in (None, "", [])
                else line.answer,
            }
            for line in dialogue.lines()
        ],
        "labels": {
            node.fact: dialogue.answer_text(node, value)
            for node_id, value in dialogue.answers
            if (node := nodes[node_id]).fact and value not in (None, "", [])
        },
    }
