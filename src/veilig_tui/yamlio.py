"""Read YAML keeping the line and column of every value, for error messages."""

from __future__ import annotations

import difflib
import gc
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from veilig_tui.problems import Problem

try:  # the C loader is much faster; fall back when libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[Hashable, ...]
_STR_TAG = "tag:yaml.org,2002:str"


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is turned into many objects that all
    stay alive. Every full pass of the collector walks all of them again, which made
    loading a flow grow quadratically with its size (2 000 nodes: 1.3 s of 2.4 s in
    collections). Also usable as a decorator; nesting is fine."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class Marked:
    """A YAML document as plain Python data plus the place of every value and key."""

    path: Path
    data: Any
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    blocks: set[Loc] = field(default_factory=set)
    """Places of block scalars (| or >), whose text starts on the next line."""

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of `loc`, or of its nearest parent that has a place."""
        loc = tuple(loc)
        while True:
            if key and loc in self.key_marks:
                return self.key_marks[loc]
            if loc in self.marks:
                return self.marks[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def problem(self, loc: Loc, message: str, *, key: bool = False, **kw: Any) -> Problem:
        """A problem placed at `loc` in this file."""
        line, column = self.where(loc, key=key)
        return Problem(self.path, line, column, message, **kw)


class _Builder:
    def __init__(self, doc: Marked, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.constructor = _Loader("")

    def scalar(self, node: yaml.Node) -> Any:
        """The value of a node; plain strings (most of a flow) skip the constructor's
        bookkeeping, which gives the same string."""
        if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return node.value
        return self.constructor.construct_object(node, deep=True)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        mark = node.start_mark
        self.doc.marks[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node)
                if not isinstance(key, Hashable):
                    key = str(key)
                kmark = key_node.start_mark
                if key in out:
                    self.problems.append(
                        Problem(
                            self.doc.path,
                            kmark.line + 1,
                            kmark.column + 1,
                            f"De sleutel '{key}' staat hier twee keer. Haal er één weg.",
                        )
                    )
                self.doc.key_marks[(*loc, key)] = (kmark.line + 1, kmark.column + 1)
                out[key] = self.build(value_node, (*loc, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            self.doc.blocks.add(loc)
        try:
            return self.scalar(node)
        except (ValueError, yaml.YAMLError):
            # e.g. 2027-05-32 looks like a date but is none; keep the text, report it
            what = (
                "Deze datum bestaat niet" if "timestamp" in node.tag else "Deze waarde klopt niet"
            )
            self.problems.append(
                Problem(
                    self.doc.path,
                    mark.line + 1,
                    mark.column + 1,
                    f"{what}: '{node.value}'. Schrijf een datum als jjjj-mm-dd, bijvoorbeeld 2027-05-07.",
                )
            )
            return node.value


@gc_paused()
def load_marked(path: Path, text: str | None = None) -> tuple[Marked, list[Problem]]:
    """Parse one YAML file. Problems (bad YAML, duplicate keys) are returned, not raised."""
    doc = Marked(path, None)
    problems: list[Problem] = []
    try:
        if text is None:
            text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_Loader)
    except UnicodeDecodeError:
        problems.append(
            Problem(path, 1, 1, "Dit bestand is geen tekst in UTF-8. Sla het op als UTF-8.")
        )
        return doc, problems
    except OSError as exc:
        problems.append(
            Problem(path, 1, 1, f"Dit bestand kan niet worden gelezen ({exc.strerror}).")
        )
        return doc, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = _dutch_yaml_problem(exc.problem or "")
        problems.append(
            Problem(
                path,
                line,
                column,
                f"Dit is geen geldige YAML: {what} Controleer de inspringing, "
                "dubbele punten en aanhalingstekens op deze regel en de regel ervoor.",
            )
        )
        return doc, problems
    if node is None:
        doc.data = None
        return doc, problems
    doc.data = _Builder(doc, problems).build(node, ())
    return doc, problems


def _dutch_yaml_problem(problem: str) -> str:
    known = {
        "mapping values are not allowed here": "hier mag geen dubbele punt staan.",
        "could not find expected ':'": "er ontbreekt een dubbele punt.",
        "found character '\\t' that cannot start any token": "er staat een tab; gebruik spaties.",
        "found unexpected end of stream": "het bestand houdt te vroeg op.",
        "expected <block end>, but found '-'": "een lijst-streepje staat niet goed ingesprongen.",
        "found undefined alias": "er staat een onbekende verwijzing (*).",
    }
    exact = (dutch for english, dutch in known.items() if english in problem)
    close = (dutch for english, dutch in known.items() if problem.startswith(english[:20]))
    return next(exact, None) or next(close, "de opbouw klopt niet.")


_TYPE_WORDS = {
    "string_type": "tekst",
    "bool_type": "ja of nee (true of false)",
    "bool_parsing": "ja of nee (true of false)",
    "int_type": "een heel getal",
    "int_parsing": "een heel getal",
    "list_type": "een lijst (regels die beginnen met '-')",
    "dict_type": "een groep velden (sleutel: waarde)",
    "model_type": "een groep velden (sleutel: waarde)",
    "model_attributes_type": "een groep velden (sleutel: waarde)",
    "date_type": "een datum (jjjj-mm-dd)",
    "date_parsing": "een datum (jjjj-mm-dd)",
    "date_from_datetime_parsing": "een datum (jjjj-mm-dd)",
}


def _similar(a: str, b: str) -> bool:
    return bool(difflib.get_close_matches(a, [b], n=1, cutoff=0.6))


def schema_problems(doc: Marked, exc: Any, base: Loc = ()) -> list[Problem]:
    """Turn a pydantic ValidationError on `doc.data` into Dutch problems with places."""
    problems: list[Problem] = []
    errs = exc.errors()
    extra = {
        tuple(e["loc"][:-1]): str(e["loc"][-1]) for e in errs if e["type"] == "extra_forbidden"
    }
    typos: dict[tuple[Any, ...], str] = {}  # missing field -> the unknown key that is its typo
    for e in errs:
        parent = tuple(e["loc"][:-1])
        field_name = str(e["loc"][-1])
        if e["type"] == "missing" and parent in extra and _similar(field_name, extra[parent]):
            typos[parent] = field_name
    for err in errs:
        loc: Loc = (*base, *err["loc"])
        kind = err["type"]
        name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        parent = tuple(err["loc"][:-1])
        if kind == "missing" and typos.get(parent) == name:
            continue
        if kind == "extra_forbidden" and parent in typos:
            msg = f"Onbekend veld '{name}'. Bedoel je '{typos[parent]}'?"
            problems.append(doc.problem(loc, msg, key=True))
            continue
        if kind == "missing":
            under = f" onder '{loc[-2]}'" if len(loc) > 1 and isinstance(loc[-2], str) else ""
            msg = f"Het veld '{name}'{under} ontbreekt. Voeg het toe."
            problems.append(doc.problem(loc[:-1], msg))
        elif kind == "extra_forbidden":
            msg = f"Onbekend veld '{name}'. Controleer de spelling of haal het weg."
            problems.append(doc.problem(loc, msg, key=True))
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            msg = f"'{err['input']}' kan niet bij '{name}'. Kies uit: {expected}."
            problems.append(doc.problem(loc, msg))
        elif kind in _TYPE_WORDS:
            msg = f"'{name}' moet {_TYPE_WORDS[kind]} zijn."
            problems.append(doc.problem(loc, msg))
        elif kind == "value_error":
            reason = str(err.get("ctx", {}).get("error", err["msg"]))
            problems.append(doc.problem(loc, reason))
        else:
            problems.append(doc.problem(loc, f"'{name}' klopt niet ({err['msg']})."))
    return problems
