"""Problems found in an organisation's files, reported as data and shown in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is: errors stop the app, warnings are shown."""

    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, with the place (1-based line and column) and the fix."""

    path: Path
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"


class ProblemsError(Exception):
    """Raised when a file has errors; carries all problems found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that are errors."""
    return [p for p in problems if p.severity is Severity.ERROR]
