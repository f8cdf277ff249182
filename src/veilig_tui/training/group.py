"""Group sessions: a session file, nickname results, and the trainer's overview.

- `veilig oefenen sessie-maken BESTAND [--casus ID]` writes a small session file.
- A trainee joins with `veilig oefenen --sessie BESTAND --bijnaam NAAM`: after each case a
  result file (choices only, a nickname, no free text) is written next to the session
  file, in `resultaten/`. The trainer collects those files in one folder.
- `veilig oefenen overzicht MAP` reads every result in MAP and writes `overzicht.json`
  and `overzicht.html` there: per case and per question the share right and the common
  wrong outcomes. Plain files, not encrypted: they hold no personal data. The HTML makes
  no outside requests and escapes every text from a result file.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veilig_tui.training.practice import Result, TrainingError, write_result

SESSION_FORMAT = 1
OVERVIEW_JSON = "overzicht.json"
OVERVIEW_HTML = "overzicht.html"
NICKNAME = re.compile(r"[^\W_][\w .'-]{0,19}")
"""A nickname: 1 to 20 letters, digits, spaces and . ' - _ (starting with a letter or
digit). Checked when joining; the overview escapes whatever a file says anyway."""


def check_nickname(nickname: str) -> str:
    name = nickname.strip()
    if not NICKNAME.fullmatch(name):
        raise TrainingError(
            "Kies een bijnaam van 1 tot 20 letters of cijfers. Gebruik geen echte naam."
        )
    return name


@dataclass(frozen=True)
class SessionFile:
    """A group session: an id and the cases to practise."""

    session_id: str
    cases: tuple[str, ...]
    path: Path

    @property
    def results(self) -> Path:
        return self.path.parent / "resultaten"


def make_session(path: Path, cases: list[str]) -> SessionFile:
    """Write a new session file (never overwrites)."""
    session = SessionFile(secrets.token_hex(4), tuple(cases), path)
    data = {"formaat": SESSION_FORMAT, "sessie": session.session_id, "casussen": cases}
    try:
        with path.open("x", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
    except FileExistsError as exc:
        raise TrainingError(f"Het bestand {path} bestaat al. Kies een nieuwe naam.") from exc
    except OSError as exc:
        raise TrainingError(
            f"Het bestand {path} kon niet worden gemaakt ({exc.strerror})."
        ) from exc
    return session


def read_session(path: Path) -> SessionFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TrainingError(f"Het sessiebestand {path} kan niet worden gelezen.") from exc
    if not isinstance(data, dict) or data.get("formaat") != SESSION_FORMAT:
        raise TrainingError(f"{path} is geen sessiebestand van veilig oefenen.")
    cases = data.get("casussen") or []
    return SessionFile(str(data.get("sessie", "")), tuple(str(c) for c in cases), path)


def hand_in(session: SessionFile, result: Result) -> Path:
    """Write the trainee's result next to the session file, for the trainer."""
    return write_result(session.results, result)


# -- the overview ---------------------------------------------------------------------


@dataclass
class CaseStats:
    """What a group did with one case."""

    case_id: str
    title: str = ""
    runs: int = 0
    right: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    detours: Counter[str] = field(default_factory=Counter)
    """Choices on the route that differ from the case's own route, described."""
    questions: dict[int, list[int]] = field(default_factory=dict)
    """Per question: [right, answered]."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "casus": self.case_id,
            "titel": self.title,
            "keer": self.runs,
            "goed": self.right,
            "uitkomsten": dict(self.outcomes.most_common()),
            "andere_keuzes": dict(self.detours.most_common(5)),
            "vragen": [
                {"vraag": n + 1, "goed": r, "beantwoord": a}
                for n, (r, a) in sorted(self.questions.items())
            ],
        }


def read_results(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Every result file in the folder (not the overview itself); and the files skipped."""
    found: list[dict[str, Any]] = []
    skipped: list[str] = []
    for path in sorted(folder.glob("*.json")):
        if path.name == OVERVIEW_JSON:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            skipped.append(path.name)
            continue
        if not isinstance(data, dict) or data.get("formaat") != 1 or "casus" not in data:
            skipped.append(path.name)
            continue
        found.append(data)
    return found, skipped


@dataclass(frozen=True)
class CaseInfo:
    """What the overview knows of a case from the organisation folder."""

    title: str
    expected: str
    route: dict[str, Any] = field(default_factory=dict)
    """The case's own answers, by question id."""


Describe = Callable[[str, Any], str]
"""Says a choice in words: (question id, answer) -> 'Vraag: jij koos …'."""


def _plain_choice(node_id: str, value: Any) -> str:
    return f"{node_id}: {value}"


def summarise(
    results: list[dict[str, Any]],
    cases_info: dict[str, CaseInfo],
    describe: Describe = _plain_choice,
) -> dict[str, Any]:
    """The group overview as plain data: per case and question, and per nickname."""
    cases: dict[str, CaseStats] = {}
    people: Counter[str] = Counter()
    for result in results:
        case_id = str(result.get("casus", ""))
        info = cases_info.get(case_id, CaseInfo(case_id, ""))
        stats = cases.setdefault(case_id, CaseStats(case_id, info.title))
        stats.runs += 1
        stats.right += bool(result.get("goed"))
        stats.outcomes[str(result.get("uitkomst"))] += 1
        people[str(result.get("bijnaam") or "(zonder bijnaam)")] += 1
        for n, answer in enumerate(result.get("vragen") or []):
            if isinstance(answer, dict):
                right, total = stats.questions.setdefault(n, [0, 0])
                stats.questions[n] = [right + bool(answer.get("goed")), total + 1]
        for step in result.get("route") or []:
            if not (isinstance(step, list) and len(step) == 2 and str(step[0]) in info.route):
                continue
            node_id, value = str(step[0]), step[1]
            want = info.route[node_id]
            same = (
                sorted(map(str, value)) == sorted(map(str, want))
                if isinstance(value, list)
                else value == want
            )
            if not same:
                stats.detours[describe(node_id, value)] += 1
    out = []
    for key in sorted(cases):
        case = cases[key].to_dict()
        case["verwacht"] = cases_info[key].expected if key in cases_info else ""
        out.append(case)
    return {
        "formaat": 1,
        "resultaten": len(results),
        "casussen": out,
        "bijnamen": dict(sorted(people.items())),
    }


def _bar(label: str, part: int, whole: int, y: int) -> str:
    width = 0 if not whole else round(300 * part / whole)
    e = html.escape
    return (
        f'<text x="0" y="{y + 14}">{e(label)}</text>'
        f'<rect x="220" y="{y}" width="300" height="18" fill="#ddd"/>'
        f'<rect x="220" y="{y}" width="{width}" height="18" fill="#2a7"/>'
        f'<text x="530" y="{y + 14}">{part} van {whole}</text>'
    )


def overview_html(summary: dict[str, Any]) -> str:
    """A self-contained page: no scripts, no outside requests, every text escaped."""
    e = html.escape
    cases = summary["casussen"]
    bars = "".join(
        _bar(str(c["titel"]), int(c["goed"]), int(c["keer"]), 24 * i) for i, c in enumerate(cases)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="{24 * len(cases) + 4}" '
        f'role="img" aria-label="Deel goed per casus">{bars}</svg>'
    )
    rows = []
    for case in cases:
        words = summary.get("uitkomst_titels", {})
        wrong = ", ".join(
            f"{e(str(words.get(o, o)))} ({n})"
            for o, n in case["uitkomsten"].items()
            if o != case.get("verwacht")
        )
        questions = "; ".join(
            f"vraag {q['vraag']}: {q['goed']} van {q['beantwoord']} goed" for q in case["vragen"]
        )
        detours = "<br>".join(
            f"{e(str(what))} ({n})" for what, n in case.get("andere_keuzes", {}).items()
        )
        rows.append(
            f"<tr><td>{e(str(case['titel']))}</td><td>{case['goed']} van {case['keer']}</td>"
            f"<td>{wrong or '-'}</td><td>{detours or '-'}</td><td>{e(questions) or '-'}</td></tr>"
        )
    people = "".join(
        f"<li>{e(str(name))}: {count}</li>" for name, count in summary["bijnamen"].items()
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="nl"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        "<title>Oefenen: overzicht van de groep</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
        "td,th{border:1px solid #999;padding:.3em;text-align:left}"
        "table{border-collapse:collapse}</style></head><body>\n"
        "<h1>Oefenen: overzicht van de groep</h1>\n"
        f"<p>{summary['resultaten']} resultaten. Alleen bijnamen, geen echte namen. "
        "Bij direct gevaar: bel 112.</p>\n"
        f"<h2>Deel goed per casus</h2>\n{svg}\n"
        "<h2>Per casus</h2>\n<table><tr><th>Casus</th><th>Advies goed</th>"
        "<th>Andere uitkomsten (aantal)</th><th>Vaak anders gekozen (aantal)</th>"
        "<th>Kennisvragen</th></tr>\n" + "\n".join(rows) + "\n</table>\n"
        f"<h2>Bijnamen (aantal casussen)</h2>\n<ul>{people}</ul>\n"
        "</body></html>\n"
    )


def write_overview(
    folder: Path,
    cases_info: dict[str, CaseInfo],
    describe: Describe = _plain_choice,
    outcome_titles: dict[str, str] | None = None,
) -> list[Path]:
    """Read the results in `folder`; write overzicht.json and overzicht.html there."""
    results, _ = read_results(folder)
    summary = summarise(results, cases_info, describe)
    if outcome_titles:
        summary["uitkomst_titels"] = outcome_titles
    out_json = folder / OVERVIEW_JSON
    out_json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", "utf-8")
    out_html = folder / OVERVIEW_HTML
    out_html.write_text(overview_html(summary), "utf-8")
    return [out_json, out_html]


# -- the commands ------------------------------------------------------------------------


def make_session_command(args: argparse.Namespace) -> int:
    from veilig_tui.commands import err, folder_of

    path: Path | None = args.map
    if path is None:
        err(
            "Zeg waar het sessiebestand moet komen, bijvoorbeeld: veilig oefenen sessie-maken groep.json"
        )
        return 2
    folder = folder_of(args)
    known = [p.stem for p in folder.cases()]
    cases = [args.casus] if args.casus else known
    unknown = [c for c in cases if c not in known]
    if unknown:
        err(f"Onbekende casus: {', '.join(unknown)}. Kies uit: {', '.join(known)}.")
        return 2
    session = make_session(path, cases)
    print(f"Sessiebestand gemaakt: {path} ({len(cases)} casussen).")
    print(f"Deelnemers oefenen met: veilig oefenen --sessie {path} --bijnaam BIJNAAM")
    print(f"Hun resultaten komen in: {session.results}")
    print(f"Daarna het overzicht: veilig oefenen overzicht {session.results}")
    return 0


def overview_command(args: argparse.Namespace) -> int:
    from veilig_tui.commands import err, folder_of
    from veilig_tui.flow.check import load_flow
    from veilig_tui.flow.engine import Dialogue
    from veilig_tui.org import load_profile
    from veilig_tui.problems import ProblemsError
    from veilig_tui.training.cases import CaseModel
    from veilig_tui.training.practice import outcome_titles
    from veilig_tui.yamlio import load_marked

    folder: Path | None = args.map
    if folder is None or not folder.is_dir():
        err("Zeg welke map de resultaten heeft, bijvoorbeeld: veilig oefenen overzicht resultaten")
        return 2
    org = folder_of(args)
    info: dict[str, CaseInfo] = {}
    for path in org.cases():
        doc, problems = load_marked(path)
        if problems:
            continue
        try:
            model = CaseModel.model_validate(doc.data)
        except ValueError:
            continue
        route = {k: v for entry in model.antwoorden for k, v in entry.items()}
        info[path.stem] = CaseInfo(model.naam, model.verwacht.uitkomst, route)
    describe: Describe = _plain_choice
    titles: dict[str, str] = {}
    try:
        flow_path = org.flows().get("melden")
        if flow_path is not None:
            dialogue = Dialogue(load_flow(flow_path), load_profile(org.profile))
            titles = outcome_titles(dialogue.flow, dialogue)

            def describe(node_id: str, value: Any) -> str:
                node = dialogue.flow.nodes.get(node_id)
                if node is None:
                    return _plain_choice(node_id, value)
                question = dialogue.show(node).text
                return f"{question} Gekozen: {dialogue.answer_text(node, value)}"
    except (ProblemsError, OSError):
        pass  # the ids then say it
    try:
        written = write_overview(folder, info, describe, titles)
    except OSError as exc:
        err(f"Het overzicht kon niet worden gemaakt ({exc.strerror}).")
        return 2
    for path in written:
        print(f"Gemaakt: {path}")
    return 0
