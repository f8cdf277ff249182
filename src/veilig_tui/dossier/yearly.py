"""Jaaroverzicht for the quality officer and the directie: per year, without personal data.

Counts per route, the time from receiving a melding to each finished step, IGJ terms met
or missed, and verbeterpunten open and done. A count below 5 could point at a person, so
it is shown as '< 5' (also 0); a median over fewer than 5 dossiers is not shown. The HTML
has inline SVG bars and makes no outside requests; the CSV has the same figures.
"""

from __future__ import annotations

import csv
import html
import io
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from veilig_tui.dossier.desk import ROUTES, DossierDesk, route_label
from veilig_tui.dossier.model import Dossier
from veilig_tui.dossier.steps import STEPS

SMALL = 5
"""Counts below this are shown as '< 5'."""


def shown(count: int) -> str:
    return f"< {SMALL}" if count < SMALL else str(count)


@dataclass(frozen=True)
class Figure:
    group: str
    label: str
    count: int | None
    """None for a median: then `value` says it."""
    value: str

    @property
    def bar(self) -> int:
        """What the bar shows: nothing for a count below 5."""
        return self.count if self.count is not None and self.count >= SMALL else 0


def step_done_on(dossier: Dossier, number: int) -> date | None:
    """The day a step was finished: every item gedaan or n.v.t.; the last of their dates."""
    step = STEPS[number - 1]
    records = [dossier.items.get(item.id) for item in step.items]
    if not records or any(r is None or r.staat == "open" for r in records):
        return None
    return max(r.datum for r in records if r is not None)


def figures(desk: DossierDesk, year: int) -> list[Figure]:
    with desk.store.locked():
        found = [d for _, d in desk.store.all() if isinstance(d, Dossier)]
    dossiers = [d for d in found if d.ontvangen.year == year]
    out = [Figure("meldingen", "totaal", len(dossiers), shown(len(dossiers)))]
    routes = Counter(d.route or "" for d in dossiers)
    for route in [*ROUTES, *sorted(set(routes) - set(ROUTES))]:
        count = routes.get(route, 0)
        out.append(Figure("route", route_label(route), count, shown(count)))
    for step in STEPS:
        days = [
            (done - d.ontvangen.date()).days
            for d in dossiers
            if (done := step_done_on(d, step.number)) is not None
        ]
        value = f"{statistics.median(days):g} dagen" if len(days) >= SMALL else "te weinig"
        out.append(Figure("dagen tot stap klaar (mediaan)", f"stap {step.number}", None, value))
    met = missed = running = 0
    today = desk.today()
    for dossier in dossiers:
        for view in desk.duties(dossier):
            if view.duty.gemeld_op is not None:
                if view.duty.gemeld_op <= view.deadline.last_day:
                    met += 1
                else:
                    missed += 1
            elif view.deadline.last_day < today:
                missed += 1
            else:
                running += 1
    for label, count in (("op tijd", met), ("te laat", missed), ("loopt nog", running)):
        out.append(Figure("IGJ-termijn", label, count, shown(count)))
    points: Counter[str] = Counter(p.status for d in dossiers for p in d.verbeterpunten)
    for label in ("open", "gedaan"):
        out.append(Figure("verbeterpunten", label, points[label], shown(points[label])))
    return out


def overview_csv(desk: DossierDesk, year: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["jaar", "onderdeel", "wat", "aantal"])
    for figure in figures(desk, year):
        writer.writerow([year, figure.group, figure.label, figure.value])
    return out.getvalue()


def overview_html(desk: DossierDesk, year: int) -> str:
    rows = []
    found = figures(desk, year)
    widest = max([f.bar for f in found] + [1])
    for figure in found:
        width = round(200 * figure.bar / widest)
        bar = (
            f'<svg width="210" height="14" role="img" aria-label="{html.escape(figure.value)}">'
            f'<rect x="0" y="2" width="{width}" height="10" fill="#333"></rect></svg>'
            if figure.count is not None
            else ""
        )
        rows.append(
            f"<tr><td>{html.escape(figure.group)}</td><td>{html.escape(figure.label)}</td>"
            f"<td>{html.escape(figure.value)}</td><td>{bar}</td></tr>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Jaaroverzicht {year}</title>\n</head>\n<body>\n"
        f"<h1>Jaaroverzicht {year}: meldingen over een veilige zorgrelatie</h1>\n"
        f"<p>Zonder persoonsgegevens. Een aantal onder de {SMALL} staat er als "
        f"'&lt; {SMALL}', zodat niemand te herkennen is.</p>\n"
        "<table>\n<tr><th>onderdeel</th><th>wat</th><th>aantal</th><th></th></tr>\n"
        + "\n".join(rows)
        + "\n</table>\n</body>\n</html>\n"
    )
