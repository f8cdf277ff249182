"""Group sessions: a session file, nickname results, and the trainer's overview."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
from tests.training.helpers import plain_lines, practice

from veilig_tui.cli import main
from veilig_tui.training.group import OVERVIEW_HTML, CaseInfo, overview_html, summarise

GOLDEN = Path(__file__).parent / "data" / "overzicht.html"


def result(
    case: str, nickname: str, right: bool, outcome: str, answers: list[bool]
) -> dict[str, Any]:
    return {
        "formaat": 1,
        "casus": case,
        "bijnaam": nickname,
        "uitkomst": outcome,
        "goed": right,
        "vragen": [{"keuze": 0, "goed": a} for a in answers],
    }


def test_session_join_and_overview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    session = tmp_path / "groep.json"
    assert (
        main(["oefenen", "sessie-maken", str(session), "--casus", "09_client_agressief_tegen_mij"])
        == 0
    )
    assert main(["oefenen", "sessie-maken", str(session)]) == 2  # never overwritten
    data = tmp_path / "data"
    p = practice(data)
    lines = plain_lines(p, p.case("9"))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(["1", *lines]) + "\n"))
    args = ["oefenen", "--eenvoudig", "--sessie", str(session), "--data", str(data)]
    assert main([*args, "--bijnaam", "Tulp"]) == 0
    assert main([*args, "--bijnaam", "<script>"]) == 2  # not a nickname
    assert main(args) == 2  # a session needs a nickname
    out = capsys.readouterr()
    assert "Kies een bijnaam" in out.err
    handed = list((tmp_path / "resultaten").glob("*.json"))
    assert len(handed) == 1
    saved = json.loads(handed[0].read_text(encoding="utf-8"))
    assert saved["bijnaam"] == "Tulp" and saved["goed"] is True
    assert main(["oefenen", "overzicht", str(tmp_path / "resultaten")]) == 0
    page = (tmp_path / "resultaten" / OVERVIEW_HTML).read_text(encoding="utf-8")
    assert "Meneer slaat naar jou" in page and "Tulp" in page
    summary = json.loads((tmp_path / "resultaten" / "overzicht.json").read_text("utf-8"))
    assert summary["resultaten"] == 1 and summary["bijnamen"] == {"Tulp": 1}
    assert summary["uitkomst_titels"]["meld_meldpunt"] == "Melden in de organisatie"


def test_overview_golden_file_and_hostile_texts_are_inert() -> None:
    results = [
        result("15_niet_zeker", "Tulp", True, "meld_meldpunt", [True]),
        result("15_niet_zeker", "Roos", False, "meldcode", [False]),
        result("15_niet_zeker", "<script>alert(1)</script>", True, "meld_meldpunt", [True]),
        result("08_naaste_meldcode", "Tulp", False, '"><img src=x onerror=alert(1)>', []),
    ]
    results[1]["route"] = [["direct_gevaar", "nee"], ["wie", "naaste"], ["x", "<b>"]]
    results[2]["route"] = [["wie", "<b>naaste</b>"]]
    info = {
        "15_niet_zeker": CaseInfo("Een niet-pluisgevoel", "meld_meldpunt", {"wie": "collega"}),
        "08_naaste_meldcode": CaseInfo("08_naaste_meldcode", "meldcode"),
    }
    summary = summarise(results, info)
    assert summary["casussen"][1]["andere_keuzes"] == {"wie: naaste": 1, "wie: <b>naaste</b>": 1}
    page = overview_html(summary)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    if os.environ.get("VEILIG_GOLDEN_UPDATE"):
        GOLDEN.write_text(page, encoding="utf-8")
    assert page == GOLDEN.read_text(encoding="utf-8"), "VEILIG_GOLDEN_UPDATE=1 pytest …"
