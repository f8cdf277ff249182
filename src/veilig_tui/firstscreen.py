"""What a screen of the dialogue shows, as plain data; and the first screen, cached.

Why a cache. The danger question must be answerable in the first frame, but loading the
flow (YAML, pydantic, Jinja2), the profile and the store takes several hundred ms: most of
it imports, not work. Reading only the start node cheaply would still need the YAML parser
and Jinja2 (an answer label may say `{{ organisatie.naam }}`), and would be a second,
smaller interpreter of the flow format that can drift from the real one. So the first
screen is not interpreted at all on start: it is *copied* from a small JSON file that the
real core wrote earlier: the start node's `Page` and the page each of its answers leads to
(for the danger question: the 112 advice, so "ja" shows it after one key, also before the
core is ready). Nothing is invented: every text in it was rendered by the engine.

- Where: the user's cache folder (`$XDG_CACHE_HOME/veilig` or the platform's), one file
  per content key, never in the organisation folder (it may be read-only or shared) and
  never in the data folder (it holds no melding and must not look like one).
- Key: SHA-256 of this format's version, the flow id and the bytes of the flow file, the
  profile and the roles file. An edited flow or profile gives another key, so a stale
  cache is never read; a missing, unreadable or malformed file counts as no cache, and the
  app falls back to loading first ("Even laden…"), as before.
- Written by the first run (in the background, once the core is loaded) and by
  `veilig controleer` for every flow of a folder that passes.
- When the core is ready it renders the same page itself and takes over; if that differs
  from the cache (a newer veilig renders differently), the cache is rewritten.

This module imports only the standard library: the app reads the cache before anything
else is loaded. `page_of` and `build` take a `Dialogue` but do not import the engine.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veilig_tui.flow.engine import Dialogue
    from veilig_tui.orgfolder import OrgFolder

FORMAT = 2
"""Raise when `Page` or the way a page is rendered changes."""
QUESTION_KINDS = ("choice", "multi", "text", "date")


@dataclass(frozen=True)
class Page:
    """Everything the dialogue screen shows for one node, texts rendered (no markup)."""

    id: str
    kind: str
    progress: str
    text: str
    contacts: str = ""
    answers: tuple[tuple[str, str], ...] = ()
    optional: bool = False
    label: str = "Verder"
    """The button of information and advice."""
    safety: str = ""
    """The first row while this page is shown."""
    privacy_hint: bool = False
    regels: int | None = None
    """1 for a one-line text answer (the flow's `regels: 1`)."""

    @property
    def node(self) -> Page:
        """Answer widgets read `shown.node.optional`; a page is its own node."""
        return self

    @property
    def reading(self) -> bool:
        """Advice and information take the room; a question keeps its answers close by."""
        return self.kind in ("advice", "info")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Page:
        answers = tuple((str(a), str(label)) for a, label in data.get("answers", ()))
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            progress=str(data["progress"]),
            text=str(data["text"]),
            contacts=str(data.get("contacts", "")),
            answers=answers,
            optional=bool(data.get("optional", False)),
            label=str(data.get("label", "Verder")),
            safety=str(data["safety"]),
            privacy_hint=bool(data.get("privacy_hint", False)),
            regels=data.get("regels") if data.get("regels") == 1 else None,
        )


@dataclass(frozen=True)
class FirstScreen:
    """The start node's page and, per answer, the page it leads to."""

    start: Page
    after: dict[str, Page] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "start": self.start.to_dict(),
            "after": {a: p.to_dict() for a, p in self.after.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FirstScreen:
        if data.get("format") != FORMAT:
            raise ValueError("another format")
        after = {str(a): Page.from_dict(p) for a, p in dict(data.get("after", {})).items()}
        return cls(Page.from_dict(data["start"]), after)


def page_of(dialogue: Dialogue) -> Page:
    """The page of the dialogue's current node, as the dialogue screen shows it."""
    from veilig_tui.flow.engine import progress_text

    shown = dialogue.show()
    node = shown.node
    progress = ""
    if node.kind in QUESTION_KINDS:
        low, high = dialogue.questions_left()
        progress = f"Vraag {dialogue.question_number()} — {progress_text(low, high)}"
    elif node.kind == "advice":
        advices = dialogue.advices()
        title = advices[-1].title if advices else ""
        progress = f"{'Let op' if node.urgent else 'Advies'}: {title}".rstrip(": ")
    label = "Verder"
    if dialogue.finished:
        label = "Alles nakijken" if node.report else "Klaar"
    return Page(
        id=node.id,
        kind=node.kind,
        progress=progress,
        text=shown.text,
        contacts="\n".join(shown.contacts.lines()) if shown.contacts else "",
        answers=tuple(shown.answers),
        optional=bool(node.optional),
        label=label,
        safety=dialogue.safety_line(),
        privacy_hint=bool(node.privacy_hint),
        regels=node.regels,
    )


def build(new_dialogue: Any) -> FirstScreen:
    """The first screen of a fresh dialogue; `new_dialogue()` makes one."""
    dialogue = new_dialogue()
    start = page_of(dialogue)
    after: dict[str, Page] = {}
    if start.kind == "choice":
        for answer_id, _ in start.answers:
            ahead = new_dialogue()
            try:
                ahead.answer(answer_id)
            except ValueError:  # an answer the engine refuses: nothing to show ahead
                continue
            after[answer_id] = page_of(ahead)
    return FirstScreen(start, after)


# -- the cache on disk -------------------------------------------------------------------
def cache_dir() -> Path:
    """The user's cache folder for veilig ($XDG_CACHE_HOME/veilig on Linux)."""
    import platformdirs  # already loaded by Textual

    return Path(platformdirs.user_cache_dir("veilig", appauthor=False))


def cache_key(folder: OrgFolder, flow_id: str) -> str | None:
    """A key for the first screen of `flow_id` in `folder`: changes with the flow file,
    the profile and the roles file. None when the flow does not exist or cannot be read."""
    path = folder.flows().get(flow_id)
    if path is None:
        return None
    digest = hashlib.sha256(f"veilig-first-screen {FORMAT} {flow_id}\n".encode())
    try:
        for part in (path, folder.profile, folder.roles):
            data = part.read_bytes() if part.is_file() else b"(none)"
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
    except OSError:
        return None
    return digest.hexdigest()


def read(directory: Path, key: str | None) -> FirstScreen | None:
    """The cached first screen, or None (missing, unreadable, malformed: load instead)."""
    if key is None:
        return None
    try:
        data = json.loads((directory / f"{key}.json").read_text(encoding="utf-8"))
        return FirstScreen.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write(directory: Path, key: str | None, first: FirstScreen) -> bool:
    """Write the cache atomically; False (and nothing else) when it cannot be written."""
    if key is None:
        return False
    target = directory / f"{key}.json"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(first.to_dict(), out, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
        return False
    return True
