"""`veilig controleer`: check a whole organisation folder and run its scenarios."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from veilig_tui.flow.check import Flow, check_flow
from veilig_tui.flow.scenario import ScenarioRun, run_scenario
from veilig_tui.melding import melding_content
from veilig_tui.org import Profile, check_profile, key_lines
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.problems import Problem, Severity, errors
from veilig_tui.report import content_context, render, template_name
from veilig_tui.report.check import check_template
from veilig_tui.training.cases import knowledge_paths, load_round, run_case

TEMPLATE_FORMATS = ("md", "html", "txt")


@dataclass
class FolderReport:
    """Everything `controleer` found: problems, loaded parts and scenario results."""

    problems: list[Problem] = field(default_factory=list)
    profile: Profile | None = None
    flows: dict[str, Flow] = field(default_factory=dict)
    scenarios: list[ScenarioRun] = field(default_factory=list)
    cases: list[ScenarioRun] = field(default_factory=list)
    """The practice cases (oefenen/*.yaml), run through the flow like scenarios."""

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def check_folder(folder: OrgFolder, today: Callable[[], dt.date] = dt.date.today) -> FolderReport:
    """Check profile and flows, then run the scenarios when both are sound."""
    report = FolderReport()
    report.profile, problems = check_profile(folder.profile)
    report.problems += problems
    for flow_id, path in folder.flows().items():
        flow, problems = check_flow(path, roles=report.profile.table if report.profile else None)
        report.problems += problems
        if flow is not None:
            if flow.id != flow_id:
                report.problems.append(
                    Problem(
                        path,
                        1,
                        1,
                        f"De id '{flow.id}' moet gelijk zijn aan de bestandsnaam '{flow_id}'.",
                    )
                )
            report.flows[flow_id] = flow
    if report.profile is None or not report.ok:
        return report
    facts = {name: d for flow in report.flows.values() for name, d in flow.model.facts.items()}
    for fmt in TEMPLATE_FORMATS:
        report.problems += check_template(folder.template(template_name(fmt)), facts)
    for path in folder.scenarios():
        run = run_scenario(path, report.flows, report.profile, today)
        report.scenarios.append(run)
        report.problems += run.problems
    for path in folder.cases():
        case = run_case(path, report.flows, report.profile, today).run
        report.cases.append(case)
        report.problems += case.problems
    for path in knowledge_paths(folder):
        report.problems += load_round(path)[1]
    if report.ok:
        report.problems += _render_sample(report, folder)
    return report


def _render_sample(report: FolderReport, folder: OrgFolder) -> list[Problem]:
    """Render every format once with a scenario's melding, to catch errors at run time."""
    sample = next((s for s in report.scenarios if s.dialogue and s.dialogue.current.report), None)
    if sample is None or sample.dialogue is None or report.profile is None:
        return []
    now = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    content = melding_content(sample.dialogue)
    context = content_context(
        content,
        sample.dialogue.flow,
        report.profile,
        reference="VZ-0000-PROEF",
        created=now,
        finished=now,
        status="afgerond",
    )
    problems = []
    for fmt in TEMPLATE_FORMATS:
        try:
            render(fmt, context, folder)
        except Exception as exc:  # a template error at run time, reported as a problem
            path = folder.template(template_name(fmt))
            line = getattr(exc, "lineno", None) or 1
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"Dit sjabloon geeft een fout bij het maken van een melding: {exc}",
                )
            )
    return problems


def _relative(problem: Problem, root: Path) -> Problem:
    try:
        path = problem.path.resolve().relative_to(root.resolve())
    except ValueError:
        return problem
    return replace(problem, path=path)


def format_report(report: FolderReport, root: Path) -> str:
    """The Dutch text `veilig controleer` prints."""
    ordered = sorted(report.problems, key=lambda p: (p.severity != Severity.ERROR, p))
    lines = [str(_relative(p, root)) for p in ordered]
    passed = sum(1 for s in report.scenarios if s.passed)
    n_err = len(errors(report.problems))
    n_warn = len(report.warnings())
    if report.profile is not None and key_lines(report.profile):
        lines.append("")
        lines.append("Sleutels (vergelijk deze codes door de telefoon met wie de sleutel maakte):")
        lines += [f"  {line}" for line in key_lines(report.profile)]
    lines.append("")
    lines.append(f"Gecontroleerd: {root}")
    lines.append(
        f"Flows: {len(report.flows)}. Scenario's: {passed} van {len(report.scenarios)} goed."
    )
    if report.cases:
        good = sum(1 for c in report.cases if c.passed)
        lines.append(f"Oefencasussen: {good} van {len(report.cases)} goed.")
    lines.append(f"{n_err} fout(en), {n_warn} waarschuwing(en).")
    if n_err:
        lines.append(
            "Los de fouten op en controleer opnieuw. Gebruikers zien deze map pas als er geen fouten meer zijn."
        )
    elif n_warn:
        lines.append(
            "Geen fouten. De waarschuwingen zijn lege of onvolledige gegevens: vul ze in zodra je ze weet."
        )
    else:
        lines.append("Alles in orde.")
    return "\n".join(lines)
