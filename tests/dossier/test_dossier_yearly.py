"""The jaaroverzicht: a fixture year of dossiers, a golden CSV, and never a count under 5."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

from tests.dossier.common import NOW, setup
from veilig_tui.dossier.model import Dossier, Duty, Improvement, ItemRecord, Who
from veilig_tui.dossier.yearly import overview_csv, overview_html

GOLDEN = Path(__file__).parent / "golden" / "jaaroverzicht.csv"
WHO = Who(rol="casusverantwoordelijke", naam="N. Perkgoz")
CODES = "23456789ABCDEFGH"


def a_year(tmp_path: Path) -> object:
    s = setup(tmp_path)
    desk = s.desk()
    with desk.store.locked():
        for n in range(9):
            received = NOW.replace(month=1 + n) if n < 8 else NOW.replace(year=2025)
            dossier = Dossier(
                kenmerk=f"VZ-2026-{CODES[n]}{CODES[n]}{CODES[n]}{CODES[n]}2345",
                ontvangen=received,
                route="meldcode" if n == 0 else "meld_meldpunt",
                aangemaakt=received,
            )
            if n < 6:  # step 1 finished n + 1 days after receiving
                for item in ("s1.signalen", "s1.aanspreken"):
                    dossier.items[item] = ItemRecord(
                        staat="gedaan", datum=received.date() + dt.timedelta(days=n + 1), door=WHO
                    )
            if n < 2:
                day = received.date()
                dossier.meldplicht.append(
                    Duty(id="m1", soort="geweld", vastgesteld_op=day, door=WHO, gemeld_op=day)
                )
            dossier.verbeterpunten.append(
                Improvement(id="v1", tekst="Scholing", eigenaar="zorgmanager", datum=NOW.date())
            )
            desk.store.write(dossier)
    s.today[0] = dt.date(2026, 12, 31)
    return s.desk()


def test_jaaroverzicht_golden_and_no_small_counts(tmp_path: Path) -> None:
    desk = a_year(tmp_path)
    text = overview_csv(desk, 2026)  # type: ignore[arg-type]
    if os.environ.get("VEILIG_GOLDEN_BIJWERKEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        value = row["aantal"]
        if value[:1].isdigit() and "dagen" not in value:
            assert int(value) >= 5, row
    assert "meldingen,totaal,8" in text and "route,meldcode,< 5" in text
    assert "stap 1,3.5 dagen" in text and "stap 2,te weinig" in text
    page = overview_html(desk, 2026)  # type: ignore[arg-type]
    assert "<svg" in page and "http" not in page.replace('"https://', "")
    assert "Scholing" not in page and "Perkgoz" not in page  # no personal data, no texts
