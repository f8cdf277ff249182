"""Reports of a dossier: golden files for the summary and the IGJ preparation sheet, and
hostile text that must stay literal in every format."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest

from tests.dossier.common import REFS, Setup, receive, setup
from veilig_tui.dossier import DossierError
from veilig_tui.dossier.report import EXTERNAL, client_summary, igj_sheet, summary, write

GOLDEN = Path(__file__).parent / "golden"
HOSTILE = "<script>alert(1)</script> **vet**\n# kop [klik](http://x.test) \x1b[31m|rood|"


def filled(tmp_path: Path, text: str = "De collega sloeg de cliënt.", note: str = "") -> Setup:
    s = setup(tmp_path)
    receive(s, text=text)
    desk = s.desk()
    desk.sync()
    desk.set_item(REFS[0], "s3.overleg", "gedaan", note or "Gepland op dinsdag.")
    desk.set_item(REFS[0], "s1.aanspreken", "nvt")
    desk.set_item(REFS[0], "s5.calamiteit", "gedaan", note or "Nee: geen ernstige schade.")
    desk.set_item(
        REFS[0], "s5.maatregelen", "gedaan", note or "De collega werkt niet meer bij deze cliënt."
    )
    desk.add_duty(REFS[0], "geweld", dt.date(2026, 4, 24), note or "De collega gaf het toe.")
    desk.add_improvement(REFS[0], note or "Scholing over grenzen voor het team.")
    s.today[0] = dt.date(2026, 4, 28)
    return s


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("kind", ["dossier", "igj", "client"])
def test_golden(tmp_path: Path, kind: str, fmt: str) -> None:
    s = filled(tmp_path)
    desk = s.desk()
    make = {"dossier": summary, "igj": igj_sheet, "client": client_summary}[kind]
    text = make(desk, REFS[0], fmt)
    golden = GOLDEN / f"{kind}.{fmt}"
    if os.environ.get("VEILIG_GOLDEN_BIJWERKEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert "bevat persoonsgegevens" in text
    if kind == "client":
        assert "Perkgoz" not in text and "Gepland op dinsdag." in text
    if kind == "igj":
        assert EXTERNAL in text and "nog open" in text and "ingevuld" in text
        assert "donderdag 30 april 2026" in text and "Koningsdag" in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_hostile_text_stays_literal(tmp_path: Path, fmt: str) -> None:
    s = filled(tmp_path, text=HOSTILE, note=HOSTILE)
    desk = s.desk()
    made = [summary(desk, REFS[0], fmt), igj_sheet(desk, REFS[0], fmt)]
    for text in [*made, client_summary(desk, REFS[0], fmt)]:
        assert "\x1b" not in text and "␛" in text
        if fmt == "md":
            assert re.search(r"(?<!\\)<", text) is None  # every < is escaped
            assert "[klik](" not in text and "**vet**" not in text and "\n# kop" not in text
        else:
            assert "<script" not in text and "&lt;script&gt;" in text


def test_no_sheet_without_a_duty_and_files_are_private(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    desk.sync()
    with pytest.raises(DossierError, match="nog geen meldplicht"):
        igj_sheet(desk, REFS[0], "md")
    target = tmp_path / "verslag.md"
    write(target, summary(desk, REFS[0], "md"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_suspected_person_is_named_in_no_report(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s, suspects=("meldpunt", "casusverantwoordelijke"))
    desk = s.desk()
    desk.sync()
    desk.add_duty(REFS[0], "geweld", dt.date(2026, 4, 22))
    for fmt in ("md", "html"):
        for text in (summary(desk, REFS[0], fmt), igj_sheet(desk, REFS[0], fmt)):
            assert "Joyce" not in text
    roles = "\n".join(desk.roles_for_case(desk.get(REFS[0])))
    assert "Perkgoz" not in roles and "neemt over" in roles
