"""Flow texts as Jinja2 templates: checked by parsing, compiled lazily, rendered sandboxed."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

TEXT_NAMES = ("rol", "feiten", "organisatie", "extern", "contact", "wie", "igj")
ROLE_FIELDS = ("naam", "telefoon", "email", "bereikbaar", "label", "filled", "keuze")
CONTACT_FIELDS = ("eerste", "volgende")
IGJ_FIELDS = ("laatste_dag", "uitleg")


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """The one sandboxed environment for flow texts (a flow file is data, never code)."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True)


@dataclass(frozen=True)
class TextIssue:
    """A problem in a text: the line within the text (1-based) and the Dutch message."""

    line: int
    message: str


def _getattr_chain(node: nodes.Node) -> list[str] | None:
    """`rol.meldpunt.naam` -> ['rol', 'meldpunt', 'naam']; None for other expressions."""
    parts: list[str] = []
    while isinstance(node, nodes.Getattr | nodes.Getitem):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
        else:
            return None
        node = node.node
    if isinstance(node, nodes.Name):
        parts.append(node.name)
        return parts[::-1]
    return None


def _outer_chains(tree: nodes.Node) -> Iterator[tuple[list[str], int]]:
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        chain = _getattr_chain(node)
        if chain is not None:
            yield chain, node.lineno


def check_text(text: str, roles: Collection[str], facts: Mapping[str, object]) -> list[TextIssue]:
    """Parse a text and check every name it uses: roles, facts, the organisation."""
    if "{" not in text:  # no {{ }}, {% %} or {# #}: plain text, nothing to parse or check
        return []
    try:
        tree = environment().parse(text)
    except TemplateSyntaxError as exc:
        return [TextIssue(exc.lineno, f"De tekst is geen geldige sjabloontekst: {exc.message}.")]
    issues: list[TextIssue] = []
    local = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name not in TEXT_NAMES and name.name not in local:
            issues.append(
                TextIssue(
                    name.lineno,
                    f"Onbekende naam '{name.name}' in de tekst. Gebruik {', '.join(TEXT_NAMES)}.",
                )
            )
    for chain, line in _outer_chains(tree):
        if chain[0] == "rol" and len(chain) > 1:
            if chain[1] not in roles:
                issues.append(TextIssue(line, f"Onbekende rol '{chain[1]}' in de tekst."))
            elif len(chain) > 2 and chain[2] not in ROLE_FIELDS:
                issues.append(
                    TextIssue(
                        line,
                        f"Onbekend veld '{chain[2]}' van rol '{chain[1]}'. "
                        f"Gebruik {', '.join(ROLE_FIELDS)}.",
                    )
                )
        elif chain[0] == "wie" and len(chain) > 1 and chain[1] not in roles:
            issues.append(TextIssue(line, f"Onbekende rol '{chain[1]}' in de tekst."))
        elif chain[0] in ("contact", "igj") and len(chain) > 1:
            fields = CONTACT_FIELDS if chain[0] == "contact" else IGJ_FIELDS
            if chain[1] not in fields:
                issues.append(
                    TextIssue(
                        line,
                        f"Onbekend veld '{chain[1]}' van '{chain[0]}'. Gebruik {', '.join(fields)}.",
                    )
                )
        elif chain[0] == "feiten" and len(chain) > 1 and chain[1] not in facts:
            issues.append(
                TextIssue(
                    line,
                    f"Onbekend feit '{chain[1]}' in de tekst. "
                    "Noem het eerst onder 'facts' bovenaan de flow.",
                )
            )
    return sorted(set(issues), key=lambda i: (i.line, i.message))


def render(text: str, context: Mapping[str, Any]) -> str:
    """Render a checked text. Compiled templates are cached by their source."""
    out = text if "{" not in text else str(_compiled(text).render(context))
    return reflow(out.strip())


_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def reflow(text: str) -> str:
    """Join lines that an author wrapped in the middle of a sentence.

    A line break stays after a sentence (. ? ! :), before a list item, and around an
    empty line; the screen wraps the rest to its own width.
    """
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if (
            out
            and out[-1].strip()
            and line.strip()
            and not out[-1].rstrip().endswith((".", "?", "!", ":"))
            and not _LIST_ITEM.match(line)
        ):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=4096)
def _compiled(text: str) -> Any:
    return environment().from_string(text)
