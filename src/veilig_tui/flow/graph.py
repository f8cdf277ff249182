"""Graph facts about a flow: edges, reachability, stuck loops, questions left."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence


def reachable(start: str, edges: Mapping[str, Sequence[str]]) -> set[str]:
    """All nodes reachable from `start` (known targets only)."""
    seen = {start}
    todo = deque([start])
    while todo:
        for nxt in edges.get(todo.popleft(), ()):
            if nxt in edges and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def reverse(edges: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    back: dict[str, list[str]] = {n: [] for n in edges}
    for src, targets in edges.items():
        for dst in targets:
            if dst in back:
                back[dst].append(src)
    return back


def can_finish(finals: Iterable[str], edges: Mapping[str, Sequence[str]]) -> set[str]:
    """Nodes from which some final node can be reached."""
    back = reverse(edges)
    done = set(finals)
    todo = deque(done)
    while todo:
        for prev in back[todo.popleft()]:
            if prev not in done:
                done.add(prev)
                todo.append(prev)
    return done


def dfs_order(
    start: str, edges: Mapping[str, Sequence[str]]
) -> tuple[list[str], set[tuple[str, str]]]:
    """Post-order of nodes reachable from `start`, and the back edges (loops) found."""
    order: list[str] = []
    back_edges: set[tuple[str, str]] = set()
    state: dict[str, int] = {start: 1}  # 1 = on the stack, 2 = done
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        node, i = stack[-1]
        targets = [t for t in edges.get(node, ()) if t in edges]
        if i < len(targets):
            stack[-1] = (node, i + 1)
            nxt = targets[i]
            if nxt not in state:
                state[nxt] = 1
                stack.append((nxt, 0))
            elif state[nxt] == 1:
                back_edges.add((node, nxt))
        else:
            state[node] = 2
            order.append(node)
            stack.pop()
    return order, back_edges


def questions_left(
    start: str, edges: Mapping[str, Sequence[str]], is_question: Callable[[str], bool]
) -> dict[str, tuple[int, int]]:
    """For each node: the least and most questions still to come after it.

    Loops are counted as taken once at most, so with loops the maximum is a guide.
    """
    order, back_edges = dfs_order(start, edges)
    result: dict[str, tuple[int, int]] = {}
    for node in order:  # post-order: successors first (except along loops)
        lows: list[int] = []
        highs: list[int] = []
        for nxt in edges.get(node, ()):
            if (node, nxt) in back_edges or nxt not in result:
                continue
            weight = 1 if is_question(nxt) else 0
            low, high = result[nxt]
            lows.append(low + weight)
            highs.append(high + weight)
        result[node] = (min(lows), max(highs)) if lows else (0, 0)
    return result


def must_facts(
    start: str,
    out_edges: Mapping[str, Sequence[tuple[str, frozenset[str]]]],
    universe: frozenset[str],
) -> dict[str, frozenset[str]]:
    """For each node: the facts that are set on every path from `start` to it."""
    known: dict[str, frozenset[str]] = {start: frozenset()}
    todo = deque([start])
    while todo:
        node = todo.popleft()
        for nxt, gen in out_edges.get(node, ()):
            if nxt not in out_edges:
                continue
            new = known[node] | gen
            old = known.get(nxt, universe)
            merged = old & new if nxt in known else new
            if nxt not in known or merged != old:
                known[nxt] = merged
                todo.append(nxt)
    return known
