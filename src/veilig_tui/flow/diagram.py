"""A Mermaid diagram of a flow, drawn by the `transitions` machine itself."""

from __future__ import annotations

import re

from transitions.extensions import GraphMachine

from veilig_tui.flow.check import Flow, routes_of
from veilig_tui.flow.engine import NEXT


def mermaid(flow: Flow) -> str:
    """A Mermaid state diagram: nodes by id, arrows labelled with answer ids."""
    labels: dict[tuple[str, str], list[str]] = {}
    for node in flow.model.nodes:
        for answer, _, route in routes_of(node):
            label = answer.id if answer and node.kind == "choice" else NEXT
            if route.when is not None:
                label += " [als]"
            labels.setdefault((node.id, route.to), []).append(label)
    # one arrow per pair of nodes, its answers in file order (a stable diagram)
    transitions = [
        {"trigger": " | ".join(dict.fromkeys(names)), "source": src, "dest": dst}
        for (src, dst), names in labels.items()
    ]

    class Model:
        pass

    model = Model()
    machine = GraphMachine(
        model=model,
        states=[n.id for n in flow.model.nodes],
        transitions=transitions,
        initial=flow.model.start,
        auto_transitions=False,
        graph_engine="mermaid",
        title=flow.model.title,
        show_conditions=False,
    )
    text = str(machine.get_graph().draw(None))
    # Drop the colour classes that mark the active state: a document has none.
    text = re.sub(r"^\s*(classDef|Class) .*\n", "", text, flags=re.M)
    return text.replace("\n  \n", "\n")
