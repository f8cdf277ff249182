"""One application layer: the front ends call `service.py` and hold no decision of their own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "veilig_tui"
FRONT_ENDS = {
    "terminal app": [SRC / "tui" / "app.py", SRC / "tui" / "screens" / "summary.py"],
    "plain mode": [SRC / "plain.py"],
    "commands": [SRC / "commands.py"],
}


def sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_front_end_calls_the_use_cases_in_service() -> None:
    for name, paths in FRONT_ENDS.items():
        modules = set().union(*(imported_modules(p) for p in paths))
        assert "veilig_tui.service" in modules, name


def test_no_front_end_writes_to_the_store_itself() -> None:
    """Finishing, handing over, adding and deleting go through the service."""
    calls = re.compile(r"\.store\.(finish|mark_handed_over|add_addition|delete|log_export)\(")
    for name, paths in FRONT_ENDS.items():
        for path in paths:
            assert not calls.search(path.read_text(encoding="utf-8")), (name, path)


def test_a_melding_is_built_in_one_place() -> None:
    """Only the store turns a stored record into a Melding; nothing builds one by hand."""
    built = [p.relative_to(SRC) for p, text in sources().items() if re.search(r"\bMelding\(", text)]
    assert built == [Path("store/archive.py")]
    assert not any("cast(Any, None)" in text for text in sources().values())


def test_the_hand_off_sentence_is_said_in_one_place() -> None:
    """'Geef het (bestand) aan …' with the person computed from the profile: only the
    service says it, so the front ends cannot drift apart."""
    sentence = re.compile(r"[Gg]eef het (bestand )?aan \{")
    saying = [p.relative_to(SRC) for p, text in sources().items() if sentence.search(text)]
    assert saying == [Path("service.py")]
