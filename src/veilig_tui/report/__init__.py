"""Reports for the meldpunt: Jinja2 templates from the organisation folder, and JSON."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import textwrap
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from veilig_tui.deadlines import format_datum
from veilig_tui.flow.check import Flow
from veilig_tui.org import ROLE_KEYS, UNSET, Profile, responsible
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.report.escape import markdown, plain
from veilig_tui.store.models import Addition, Melding

FORMATS = ("md", "html", "txt", "json")
CONTEXT_NAMES = frozenset(
    [
        "kenmerk",
        "betrokken_taken",
        "extern",
        "aangemaakt",
        "afgerond",
        "status",
        "overgedragen_aan",
        "overgedragen_op",
        "aanvullingen",
        "organisatie",
        "niet_ingevuld",
        "feiten",
        "antwoord",
        "vragen",
        "adviezen",
        "uitkomst",
        "wie",
        "let_op",
    ]
)
"""The names a report template can use: exactly the keys of `report_context`."""
_RAW_CONTROL = re.compile("[\x7f-\x9f]")
EXPORT_FORMAT = "veilig-melding"
EXPORT_VERSION = 2
"""2: `inhoud.state` holds only the answers on the final path (no pending, no remembered)."""
UNENCRYPTED = (
    "Let op: dit bestand is niet versleuteld. Iedereen die het bestand heeft, kan het lezen. "
    "Geef het persoonlijk en verwijder het daarna."
)
"""At the top of every plain file made to give to someone (never in the on-screen preview)."""
UNENCRYPTED_OWN = (
    "Let op: dit bestand is niet versleuteld. Iedereen die het bestand heeft, kan het lezen. "
    "Bewaar het op een veilige plek."
)
"""The same for a zzp'er's own record, which is not given to anyone."""
_BODY = re.compile(r"<body\b[^>]*>\n?", re.IGNORECASE)


def template_name(fmt: str) -> str:
    return f"melding.{fmt}.j2"


def _finalize_for(fmt: str) -> Callable[[Any], Any]:
    """What every printed value passes through: in HTML, `plain` first and then Jinja's
    autoescape, so control codes cannot reach a terminal that shows the file."""
    escape = markdown if fmt == "md" else plain
    return lambda value: "" if value is None else escape(value)


@cache
def environment(template_dirs: tuple[Path, ...], fmt: str) -> SandboxedEnvironment:
    """One sandboxed, strict environment per folder and format.

    Every printed value passes through the format's escaping (`finalize`, or HTML
    autoescape), so nothing a user typed can become markup in the file.
    """
    env = SandboxedEnvironment(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        undefined=StrictUndefined,
        autoescape=fmt == "html",
        finalize=_finalize_for(fmt),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["datum"] = _date_text
    return env


def _date_text(value: Any) -> str:
    """A date or date-time (or ISO text) in Dutch: 'zaterdag 28 november 2026, 14:05'."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        return f"{format_datum(value.date())}, {value:%H:%M}"
    if isinstance(value, dt.date):
        return format_datum(value)
    return str(value)


def warnings(
    facts: dict[str, Any], involved: Sequence[str], outcome: str | None, goes_to: str
) -> list[str]:
    """The 'let op' lines at the top of a melding, most urgent first, in plain Dutch.
    `goes_to` is who takes the melding when the person it is about holds a role."""
    out: list[str] = []
    done = facts.get("al_gedaan") or []
    if "gebeld_112" in done:
        out.append("De melder heeft 112 gebeld.")
    elif facts.get("direct_gevaar") in ("ja", "weet_niet"):
        word = "direct gevaar" if facts["direct_gevaar"] == "ja" else "misschien direct gevaar"
        out.append(f"Bij de start was er {word}. De melder kreeg het advies om 112 te bellen.")
    unsafe = {
        "nee": "De cliënt is volgens de melder nu niet veilig.",
        "weet_niet": "De melder weet niet of de cliënt nu veilig is.",
    }.get(facts.get("client_veilig") or "")
    if unsafe:
        out.append(f"{unsafe} De melder kreeg het advies om vandaag nog te bellen.")
    if facts.get("hoe_vaak") == "nog_steeds":
        out.append("Het gebeurt volgens de melder nog steeds.")
    if involved:
        out.append(
            "Volgens de melder heeft de persoon over wie deze melding gaat deze taak: "
            f"{', '.join(involved)}. Geef deze melding niet aan die persoon. "
            f"Deze melding gaat naar: {goes_to}. "
            'Bij "Wat gebeurt er nu?" staat wie de stappen overneemt.'
        )
    if not (
        facts.get("melder_naam") or facts.get("melder_bereikbaar") or facts.get("client_kenmerk")
    ):
        out.append(
            "Er staat geen naam van de melder in en geen cliëntnummer. Zoek uit om welke "
            "cliënt het gaat, bijvoorbeeld met de datum, de plaats en wat er gebeurde."
        )
    if facts.get("pleger_soort") == "andere_organisatie":
        out.append(
            "De persoon werkt voor een andere zorgorganisatie. Die organisatie heeft een eigen "
            "plicht om dit aan te pakken en te melden. Laat het haar weten."
        )
    if outcome == "zzp_zelf_igj":
        out.append(
            "Dit is de eigen melding van een zzp'er met eigen cliënten. De zzp'er meldt zelf "
            "bij de Inspectie. Deze melding is niet voor een organisatie."
        )
    return out


def report_context(melding: Melding, flow: Flow, profile: Profile) -> dict[str, Any]:
    """What the templates see for a stored melding."""
    return content_context(
        melding.content,
        flow,
        profile,
        reference=melding.reference,
        created=melding.created,
        finished=melding.finished,
        status=melding.status,
        handed_over=(melding.handed_over_to, melding.handed_over_at),
        additions=melding.additions,
    )


def content_context(
    content: dict[str, Any],
    flow: Flow,
    profile: Profile,
    *,
    reference: str,
    created: dt.datetime,
    finished: dt.datetime | None,
    status: str,
    handed_over: tuple[str | None, dt.datetime | None] = (None, None),
    additions: Sequence[Addition] = (),
) -> dict[str, Any]:
    """What the templates see: a melding's content and its head (reference, dates, status),
    also for one not stored yet (the preview: no reference, not finished). There is no
    `rol`: people are named only through `wie()`, which never names the suspected person."""
    facts = content.get("facts", {})
    labels = content.get("labels", {})
    suspects: Sequence[str] = content.get("suspect_roles", [])

    def wie(*roles: str) -> str:
        return "; ".join(responsible(profile, roles, suspects))

    involved = [profile.role(r).label for r in suspects if r in ROLE_KEYS]
    goes_to = profile.report_contact(suspects).hand_to
    return {
        "kenmerk": reference,
        "betrokken_taken": involved,
        "extern": profile.model.extern,
        "aangemaakt": created,
        "afgerond": finished,
        "status": status,
        "overgedragen_aan": handed_over[0],
        "overgedragen_op": handed_over[1],
        "aanvullingen": additions,
        "organisatie": profile.organisation,
        "niet_ingevuld": UNSET,
        "feiten": {name: facts.get(name) for name in flow.model.facts},
        "antwoord": {name: labels.get(name) for name in flow.model.facts},
        "vragen": content.get("lines", []),
        "adviezen": content.get("advices", []),
        "uitkomst": content.get("outcome"),
        "wie": wie,
        "let_op": warnings(facts, involved, content.get("outcome"), goes_to),
    }


def render(fmt: str, context: dict[str, Any], folder: OrgFolder) -> str:
    """Render the melding in one format (md, html, txt) with the folder's templates."""
    dirs = tuple(dict.fromkeys([folder.root / "templates", folder.default / "templates"]))
    return environment(dirs, fmt).get_template(template_name(fmt)).render(context)


def _final_path_only(content: dict[str, Any]) -> dict[str, Any]:
    """The content without answers that are not on the final path: a melding finished by
    an older version (content version 1) still holds its undone and pending answers."""
    state = content.get("state")
    if not isinstance(state, dict):
        return content
    kept = {k: v for k, v in state.items() if k not in ("pending", "remembered")}
    return {**content, "state": kept}


def export_json(melding: Melding, warning: str | None = None) -> str:
    """A JSON export that another installation can import: everything, nothing rendered.
    With `warning` (a plain file to give), it says inside that it is not encrypted."""
    data: dict[str, Any] = {
        "formaat": EXPORT_FORMAT,
        "versie": EXPORT_VERSION,
        **({"versleuteld": False, "waarschuwing": warning} if warning else {}),
        "kenmerk": melding.reference,
        "aangemaakt": melding.created.isoformat(),
        "afgerond": melding.finished.isoformat(),
        "status": melding.status,
        "overgedragen_aan": melding.handed_over_to,
        "overgedragen_op": melding.handed_over_at.isoformat() if melding.handed_over_at else None,
        "aanvullingen": [{"datum": a.date.isoformat(), "tekst": a.text} for a in melding.additions],
        "inhoud": _final_path_only(melding.content),
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    # json.dumps leaves DEL and C1 codes raw; they only occur inside strings, so escape them.
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_private_file(path: Path, text: str) -> None:
    """Write an export readable by the owner only; never overwrite an existing file.

    Raises FileExistsError or OSError with a Dutch message.
    """
    from veilig_tui.oserrors import os_reason
    from veilig_tui.store.atomic import atomic_write

    if path.exists():
        raise FileExistsError(
            f"Het bestand {path} bestaat al. Kies een andere naam; er wordt niets overschreven."
        )
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise OSError(f"Het bestand {path} kon niet worden gemaakt: {os_reason(exc)}.") from exc


def export(fmt: str, melding: Melding, flow: Flow, profile: Profile, folder: OrgFolder) -> str:
    """The melding as text in the chosen format."""
    if fmt == "json":
        return export_json(melding)
    return render(fmt, report_context(melding, flow, profile), folder)


def with_warning(fmt: str, text: str, warning: str) -> str:
    """The rendered report with the warning visibly at its top (whatever the template):
    in HTML right after `<body>`, in Markdown as a quote in bold, in text on its own lines."""
    if fmt == "html":
        block = (
            '<p class="niet-versleuteld" style="border: 3px solid #000; padding: .4rem .6rem; '
            f'font-weight: bold;">{html.escape(warning)}</p>\n'
        )
        body = _BODY.search(text)
        return text[: body.end()] + block + text[body.end() :] if body else block + text
    if fmt == "md":
        return f"> **{warning}**\n\n{text}"
    return textwrap.fill(warning, 70) + "\n\n" + text


def plain_file(
    fmt: str,
    melding: Melding,
    flow: Flow,
    profile: Profile,
    folder: OrgFolder,
    warning: str = UNENCRYPTED,
) -> str:
    """The melding as a plain (not encrypted) file to give: like `export`, with the
    warning at the top inside the file, and in JSON the fields `versleuteld` and
    `waarschuwing`. The on-screen preview uses `export`, without the warning."""
    if fmt == "json":
        return export_json(melding, warning)
    return with_warning(fmt, export(fmt, melding, flow, profile, folder), warning)
