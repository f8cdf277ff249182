"""Targets of the benches: one summary line per target, and an exit status that can fail."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """A measured figure and the most it may be."""

    name: str
    value: float
    limit: float
    unit: str = ""

    @property
    def met(self) -> bool:
        return self.value <= self.limit

    def line(self) -> str:
        verdict = "gehaald" if self.met else "niet gehaald"
        return (
            f"doel {self.name}: {self.value:.2f}{self.unit} "
            f"(hoogstens {self.limit:g}{self.unit}) {verdict}"
        )


def report(targets: Iterable[Target]) -> int:
    """Print one line per target; the exit status is 1 when any target was missed."""
    missed = 0
    print()
    for target in targets:
        print(target.line())
        missed += not target.met
    if missed:
        print(f"{missed} doel(en) niet gehaald", file=sys.stderr)
    return 1 if missed else 0
