"""Check report templates: only declared facts, optional facts guarded, known names."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from jinja2 import TemplateAssertionError, TemplateSyntaxError, meta, nodes

from veilig_tui.flow.model import FactDecl
from veilig_tui.problems import Problem
from veilig_tui.report import CONTEXT_NAMES, environment

FACT_NAMES = ("feiten", "antwoord")


def _fact_of(node: nodes.Node) -> str | None:
    """`feiten.x` or `antwoord['x']` -> 'x'."""
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return node.attr if node.node.name in FACT_NAMES else None
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.node, nodes.Name)
        and node.node.name in FACT_NAMES
        and isinstance(node.arg, nodes.Const)
    ):
        return str(node.arg.value)
    return None


def _facts_in(node: nodes.Node) -> set[str]:
    found = {_fact_of(n) for n in node.find_all((nodes.Getattr, nodes.Getitem))}
    own = _fact_of(node)
    return {f for f in (found | {own}) if f}


def _uses(node: nodes.Node, guarded: frozenset[str]) -> Iterator[tuple[str, int, bool]]:
    """Every fact used, with its line and whether a test around it guards it."""
    fact = _fact_of(node)
    if fact is not None:
        yield fact, node.lineno, fact in guarded
        return
    if isinstance(node, nodes.If):
        inner = guarded | _facts_in(node.test)
        yield from _uses(node.test, inner)
        for child in node.body:
            yield from _uses(child, inner)
        for child in (*node.elif_, *node.else_):
            yield from _uses(child, guarded)
        return
    if isinstance(node, nodes.CondExpr):
        inner = guarded | _facts_in(node.test)
        yield from _uses(node.test, inner)
        yield from _uses(node.expr1, inner)
        if node.expr2 is not None:
            yield from _uses(node.expr2, guarded)
        return
    if isinstance(node, nodes.Filter) and node.name == "default" and node.node is not None:
        yield from _uses(node.node, guarded | _facts_in(node.node))
        return
    for child in node.iter_child_nodes():
        yield from _uses(child, guarded)


def check_template(path: Path, facts: Mapping[str, FactDecl]) -> list[Problem]:
    """Problems in one report template, each with its line."""
    try:
        text = path.read_text(encoding="utf-8")
        tree = environment((path.parent,), "txt").parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(path, 1, 1, f"Dit sjabloon kan niet worden gelezen ({exc}).")]
    except (TemplateSyntaxError, TemplateAssertionError) as exc:
        return [Problem(path, exc.lineno, 1, f"Dit sjabloon klopt niet: {exc.message}.")]
    problems: list[Problem] = []
    try:
        unknown = sorted(meta.find_undeclared_variables(tree) - CONTEXT_NAMES)
    except TemplateAssertionError as exc:  # e.g. an unknown filter
        return [Problem(path, exc.lineno, 1, f"Dit sjabloon klopt niet: {exc.message}.")]
    for name in unknown:
        line = next(n.lineno for n in tree.find_all(nodes.Name) if n.name == name)
        problems.append(
            Problem(
                path,
                line,
                1,
                f"Onbekende naam '{name}'. Gebruik: {', '.join(sorted(CONTEXT_NAMES))}.",
            )
        )
    for fact, line, guarded in _uses(tree, frozenset()):
        decl = facts.get(fact)
        if decl is None:
            problems.append(
                Problem(
                    path, line, 1, f"Onbekend feit '{fact}': de flow noemt het niet onder 'facts'."
                )
            )
        elif not decl.required and not guarded:
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"Feit '{fact}' is niet verplicht en kan leeg zijn. Zet het in "
                    f'{{% if feiten.{fact} %}} … {{% endif %}} of gebruik |default("…").',
                )
            )
    return sorted(set(problems))
