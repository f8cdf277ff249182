"""Reports of a dossier (Jinja2, md/html): the dossier summary and an IGJ preparation
sheet. The same sandbox and escaping as the melding's reports (`veilig_tui.report`):
every printed value is escaped for its format. Files are private (0600) and say that
they hold personal data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from veilig_tui.deadlines import explain
from veilig_tui.dossier.desk import DossierDesk, current_step, melding_lines, route_label
from veilig_tui.dossier.model import ITEM_LABELS, STATUS_LABELS, Dossier
from veilig_tui.dossier.steps import DUTY_KINDS, DUTY_START, STEPS
from veilig_tui.dossier.store import DossierError
from veilig_tui.org import UNSET

FORMATS = ("md", "html")
TEMPLATES = Path(__file__).parent / "templates"
EXTERNAL = "[extern] Controleer het actuele formulier van de IGJ"


def _render(name: str, fmt: str, context: dict[str, Any]) -> str:
    from veilig_tui.report import environment

    if fmt not in FORMATS:
        raise DossierError(f"Kies md of html, niet '{fmt}'.")
    return environment((TEMPLATES,), fmt).get_template(f"{name}.{fmt}.j2").render(context)


def summary_context(desk: DossierDesk, dossier: Dossier) -> dict[str, Any]:
    melding = desk.melding(dossier.kenmerk)
    status = STATUS_LABELS[dossier.status]
    if dossier.overgedragen is not None:
        status = f"overgedragen aan {dossier.overgedragen.aan}"
    return {
        "kenmerk": dossier.kenmerk,
        "organisatie": desk.profile.organisation.naam,
        "status": status,
        "ontvangen": dossier.ontvangen,
        "route": route_label(dossier.route),
        "stap": current_step(dossier),
        "houder": str(desk.holder),
        "rollen": desk.roles_for_case(dossier),
        "meldplicht": [
            {
                "soort": view.kind,
                "vastgesteld": view.duty.vastgesteld_op,
                "stand": view.sentence,
                "basis": view.duty.basis,
            }
            for view in desk.duties(dossier)
        ],
        "stappen": [
            {
                "nummer": step.number,
                "titel": step.title,
                "onderdelen": [
                    {
                        "stand": ITEM_LABELS[dossier.state(item.id)],
                        "tekst": item.text,
                        "datum": record.datum if record else None,
                        "door": str(record.door) if record else "",
                        "notitie": record.notitie if record else "",
                    }
                    for item in step.items
                    for record in [dossier.items.get(item.id)]
                ],
            }
            for step in STEPS
        ],
        "verbeterpunten": [
            {"tekst": p.tekst, "status": p.status, "datum": p.datum} for p in dossier.verbeterpunten
        ],
        "melding": melding_lines(melding),
    }


def summary(desk: DossierDesk, reference: str, fmt: str) -> str:
    """The dossier summary: status, roles for the case, IGJ duties, steps, verbeterpunten
    and the melding."""
    return _render("dossier", fmt, summary_context(desk, desk.get(reference)))


def _field(name: str, value: str) -> dict[str, str]:
    value = value.strip()
    return {"naam": name, "stand": "ingevuld" if value else "nog open", "waarde": value}


def igj_context(desk: DossierDesk, dossier: Dossier, duty_id: str | None = None) -> dict[str, Any]:
    views = desk.duties(dossier)
    view = next(
        (v for v in views if v.duty.id == duty_id)
        if duty_id
        else (v for v in [*[v for v in views if not v.reported], *views]),
        None,
    )
    if view is None:
        raise DossierError(
            "Er is nog geen meldplicht vastgesteld in dit dossier. Leg die eerst vast."
        )
    melding = desk.melding(dossier.kenmerk)
    facts = melding.payload.feiten if melding is not None else {}

    def decided(item_id: str) -> str:
        record = dossier.items.get(item_id)
        if record is None or record.staat == "open":
            return ""
        return record.notitie or ITEM_LABELS[record.staat]

    measures = [t for t in (decided("s5.stoppen"), decided("s5.maatregelen")) if t]
    duty = view.duty
    return {
        "kenmerk": dossier.kenmerk,
        "organisatie": desk.profile.organisation.naam,
        "velden": [
            _field("Soort melding", DUTY_KINDS[duty.soort]),
            _field(DUTY_START[duty.soort].capitalize(), f"{duty.vastgesteld_op:%d-%m-%Y}"),
            _field("Waarop gebaseerd", duty.basis),
            _field("KvK-vestigingsnummer", desk.profile.organisation.kvk_vestigingsnummer),
            _field("Is dit ook een calamiteit?", decided("s5.calamiteit")),
            _field("Beschrijving", str(facts.get("wat_gebeurd") or "")),
            _field("Genomen maatregelen", "; ".join(measures)),
        ],
        "laatste_dag": explain(view.deadline),
        "niet_ingevuld": UNSET,
    }


def igj_sheet(desk: DossierDesk, reference: str, fmt: str, duty_id: str | None = None) -> str:
    """What the IGJ form will ask, as far as the Leidraad and the profile say, each
    marked 'ingevuld' or 'nog open', headed: check the current form of the IGJ."""
    return _render("igj", fmt, igj_context(desk, desk.get(reference), duty_id))


CLIENT_ITEMS = (
    "s3.overleg",
    "s3.betrekken",
    "s3.vertrouwenspersoon",
    "s6.nazorg_client",
    "s6.nazorg_client_uitkomst",
)
"""What concerns the client: step 3 and the client's aftercare (Leidraad Anka, r. 200)."""


def client_summary(desk: DossierDesk, reference: str, fmt: str) -> str:
    """A short summary for the client file, where the Leidraad asks for one: only the
    client's items (step 3 and aftercare), without who did them."""
    from veilig_tui.dossier.steps import ITEMS

    dossier = desk.get(reference)
    items = []
    for item_id in CLIENT_ITEMS:
        record = dossier.items.get(item_id)
        items.append(
            {
                "tekst": ITEMS[item_id].text,
                "stand": ITEM_LABELS[dossier.state(item_id)],
                "datum": record.datum if record else None,
                "notitie": record.notitie if record else "",
            }
        )
    context = {
        "kenmerk": dossier.kenmerk,
        "organisatie": desk.profile.organisation.naam,
        "vandaag": desk.today(),
        "onderdelen": items,
    }
    return _render("client", fmt, context)


def write(path: Path, text: str) -> None:
    """A report file: atomic and private (0600)."""
    from veilig_tui.store.atomic import atomic_write

    atomic_write(path, text.encode("utf-8"))
