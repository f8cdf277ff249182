"""`veilig controleer` on broken organisation folders: exit code and the exact Dutch message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import DATA

from veilig_tui.cli import main
from veilig_tui.org import load_profile, safety_line
from veilig_tui.orgfolder import default_folder

FLOW_ERRORS = {
    "yaml": "flows/melden.yaml:26:5: fout: Dit is geen geldige YAML: er ontbreekt een dubbele punt. Controleer de inspringing, dubbele punten en aanhalingstekens op deze regel en de regel ervoor.",
    "onbekend_veld": "flows/melden.yaml:25:5: fout: Onbekend veld 'tekst'. Bedoel je 'text'?",
    "onbekende_node": "flows/melden.yaml:15:37: fout: Onbekende node 'wta': die bestaat niet in deze flow. Bedoel je 'wat'?",
    "dubbele_id": "flows/melden.yaml:27:9: fout: De id 'wat' bestaat al (node 3). Geef elke node een eigen id.",
    "onbekende_rol": "flows/melden.yaml:31:11: fout: Onbekende rol 'meldpunten' in de tekst.",
    "onbekend_feit_tekst": "flows/melden.yaml:20:11: fout: Onbekend feit 'gevaarr' in de tekst. Noem het eerst onder 'facts' bovenaan de flow.",
    "onbekend_feit_voorwaarde": "flows/melden.yaml:27:22: fout: Onbekend feit 'wie'. Noem het eerst onder 'facts' bovenaan de flow.",
    "onbereikbaar": "flows/melden.yaml:27:9: fout: Node 'vergeten' is onbereikbaar: geen enkel antwoord leidt hierheen. Verwijs ernaar of haal hem weg.",
    "doodlopend": "flows/melden.yaml:22:5: fout: Node 'wat' loopt dood: 'next' ontbreekt. Zeg waar het gesprek heen gaat.",
    "kring": "flows/melden.yaml:33:9: fout: Deze nodes vormen een kring zonder uitweg: rond1 → rond2. Vanaf hier komt het gesprek nooit bij een eindadvies. Laat een antwoord naar een eindadvies leiden.",
    "geen_eindadvies": "flows/melden.yaml:27:9: fout: Het pad eindigt hier zonder advies als geen enkele 'when' klopt. Voeg als laatste een regel zonder 'when' toe.",
    "advies_noemt_rol": "flows/melden.yaml:43:31: fout: Dit advies noemt de rol 'Meldpunt' zelf. Een advies noemt nooit zelf een rol of persoon: die kan de persoon zijn over wie het gaat. Schrijf 'de persoon hieronder' (de contacten van het advies) of gebruik {{ contact.eerste }}, {{ contact.volgende }} of {{ wie.<rol> }}.",
    "route_op_rollen": "flows/melden.yaml:37:15: fout: Kies bij wie iemand meldt niet met het antwoord 'rollen', maar met {contact_betrokken: <rol>}: dat ziet ook dezelfde persoon in twee rollen.",
    "contact_betrokken": "flows/melden.yaml:37:35: fout: Onbekende rol 'meldpnt'. Bedoel je 'meldpunt'?",
    "geen_112": "flows/melden.yaml:9:5: fout: De eerste vraag moet de vraag naar direct gevaar zijn: minstens één antwoord moet direct naar een dringend advies met outcome 'bel_112' leiden.",
}

PROFILE_ERRORS = {
    "onbekende_rol": "profiel.yaml:39:3: fout: Onbekende rol 'zorgmanagr'. Bedoel je 'zorgmanager'?",
    "veld_ontbreekt": "profiel.yaml:10:3: fout: Het veld 'naam' onder 'organisatie' ontbreekt. Voeg het toe.",
    "datum": "profiel.yaml:85:12: fout: Deze datum bestaat niet: '2027-05-32'. Schrijf een datum als jjjj-mm-dd, bijvoorbeeld 2027-05-07.",
    "rol_ontbreekt": "profiel.yaml:18:1: fout: De rol 'igj_melder' ontbreekt. Voeg hem toe onder 'rollen' (laat de naam leeg als je die nog niet weet).",
}


def make_folder(tmp_path: Path, flow: Path | None = None, profile: Path | None = None) -> Path:
    """An organisation folder with one replaced file and no scenarios of its own."""
    root = tmp_path / "org"
    (root / "flows" / "scenarios").mkdir(parents=True)
    shutil.copy(profile or default_folder() / "profiel.yaml", root / "profiel.yaml")
    shutil.copy(flow or default_folder() / "flows" / "melden.yaml", root / "flows" / "melden.yaml")
    return root


def controleer(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["controleer", str(root)])
    return code, capsys.readouterr().out.splitlines()


def errors_in(lines: list[str]) -> list[str]:
    return [line for line in lines if ": fout: " in line]


@pytest.mark.parametrize("name", sorted(FLOW_ERRORS))
def test_broken_flow_is_reported_with_place_and_fix(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_folder(tmp_path, flow=DATA / "flows" / f"bad_{name}.yaml")
    code, lines = controleer(root, capsys)
    assert code == 1
    assert errors_in(lines) == [FLOW_ERRORS[name]]
    assert "1 fout(en)" in "\n".join(lines)


def test_three_errors_are_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_folder(tmp_path, flow=DATA / "flows" / "bad_drie_fouten.yaml")
    code, lines = controleer(root, capsys)
    assert code == 1
    assert errors_in(lines) == [
        "flows/melden.yaml:15:37: fout: Onbekende node 'wta': die bestaat niet in deze flow. Bedoel je 'wat'?",
        "flows/melden.yaml:25:5: fout: Onbekend veld 'tekst2'. Controleer de spelling of haal het weg.",
        "flows/melden.yaml:32:11: fout: Onbekende rol 'meldpnt' in de tekst.",
    ]


@pytest.mark.parametrize("name", sorted(PROFILE_ERRORS))
def test_broken_profile_is_reported_with_place_and_fix(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_folder(tmp_path, profile=DATA / "profiles" / f"bad_{name}.yaml")
    code, lines = controleer(root, capsys)
    assert code == 1
    assert errors_in(lines) == [PROFILE_ERRORS[name]]


def test_default_folder_passes_with_warnings_for_blank_roles(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["controleer"])
    out = capsys.readouterr().out
    assert code == 0
    assert "0 fout(en)" in out
    assert "waarschuwing: De rol 'igj_melder'" in out
    assert "Scenario's: " in out and " goed." in out


def test_good_fixture_has_no_flow_errors_but_templates_need_its_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_folder(tmp_path, flow=DATA / "flows" / "goed.yaml")
    code, lines = controleer(root, capsys)
    assert [line for line in errors_in(lines) if line.startswith("flows/")] == []
    # the default templates use facts this small flow does not declare
    assert code == 1
    assert any("Onbekend feit 'bron': de flow noemt het niet" in line for line in lines)


TEMPLATE_ERRORS = {
    "onbekend_feit": "templates/melding.txt.j2:3:1: fout: Onbekend feit 'wie_was_het': de flow noemt het niet onder 'facts'.",
    "niet_afgeschermd": "templates/melding.txt.j2:3:1: fout: Feit 'client_kenmerk' is niet verplicht en kan leeg zijn. Zet het in {% if feiten.client_kenmerk %} … {% endif %} of gebruik |default(\"…\").",
    "onbekende_naam": "templates/melding.txt.j2:3:1: fout: Onbekende naam 'rol'. Gebruik: aangemaakt, aanvullingen, adviezen, afgerond, antwoord, betrokken_taken, extern, feiten, kenmerk, let_op, niet_ingevuld, organisatie, overgedragen_aan, overgedragen_op, status, uitkomst, vragen, wie.",
}


@pytest.mark.parametrize("name", sorted(TEMPLATE_ERRORS))
def test_broken_template_is_reported(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_folder(tmp_path)
    (root / "templates").mkdir()
    shutil.copy(DATA / "templates" / f"bad_{name}.txt.j2", root / "templates" / "melding.txt.j2")
    code, lines = controleer(root, capsys)
    assert code == 1
    assert errors_in(lines) == [TEMPLATE_ERRORS[name]]


def test_failing_scenario_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_folder(tmp_path)
    scenario = default_folder() / "flows" / "scenarios" / "01_direct_gevaar_collega.yaml"
    text = scenario.read_text(encoding="utf-8").replace(
        "uitkomst: meld_meldpunt", "uitkomst: meldcode"
    )
    (root / "flows" / "scenarios" / "fout.yaml").write_text(text, encoding="utf-8")
    code, lines = controleer(root, capsys)
    assert code == 1
    assert any(
        "fout: Verwacht uitkomst 'meldcode', maar het is 'meld_meldpunt'." in line for line in lines
    )


def test_missing_folder_is_said_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["controleer", str(tmp_path / "bestaat-niet")])
    assert code == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_broken_roles_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_folder(tmp_path)
    roles = (default_folder() / "rollen.yaml").read_text(encoding="utf-8")
    (root / "rollen.yaml").write_text(roles.replace("  zorgmanager:\n", "  zorgmanagr:\n"))
    code, lines = controleer(root, capsys)
    assert code == 1
    assert errors_in(lines) == [
        "rollen.yaml:33:3: fout: Onbekende rol 'zorgmanagr'. Bedoel je 'zorgmanager'?"
    ]


def test_role_labels_are_organisation_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quality officer renames a role in rollen.yaml: the app uses the new label, and the
    check on advice prose knows it too."""
    root = make_folder(tmp_path)
    roles = (default_folder() / "rollen.yaml").read_text(encoding="utf-8")
    (root / "rollen.yaml").write_text(
        roles.replace("    label: meldpunt\n", "    label: vertrouwenspunt\n"), encoding="utf-8"
    )
    flow = (root / "flows" / "melden.yaml").read_text(encoding="utf-8")
    (root / "flows" / "melden.yaml").write_text(
        flow.replace(
            "Meld dit bij de persoon hieronder. Ook", "Meld dit bij het vertrouwenspunt. Ook"
        ),
        encoding="utf-8",
    )
    code, lines = controleer(root, capsys)
    assert code == 1
    assert len(errors_in(lines)) == 1
    assert "fout: Dit advies noemt de rol 'vertrouwenspunt' zelf." in errors_in(lines)[0]
    profile = load_profile(root / "profiel.yaml")
    assert profile.role("meldpunt").label == "vertrouwenspunt"
    assert safety_line(profile.report_contact()).endswith("Joyce Redelijkheid (vertrouwenspunt)")


REGELS_ERRORS = {
    "direct_gevaar": ("choice", "1", "fout: Alleen een tekstvraag kan 'regels' hebben."),
    "melder_naam": ("text", "2", "fout: '2' kan niet bij 'regels'. Kies uit: 1."),
}


@pytest.mark.parametrize("node_id", sorted(REGELS_ERRORS))
def test_regels_is_checked_in_plain_dutch(
    node_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kind, value, error = REGELS_ERRORS[node_id]
    text = (default_folder() / "flows" / "melden.yaml").read_text(encoding="utf-8")
    head = f"  - id: {node_id}\n    kind: {kind}\n"
    text = text.replace(head + "    regels: 1\n", head).replace(
        head, f"{head}    regels: {value}\n"
    )
    flow = tmp_path / "melden.yaml"
    flow.write_text(text, encoding="utf-8")
    code, lines = controleer(make_folder(tmp_path, flow=flow), capsys)
    assert code == 1
    (found,) = errors_in(lines)
    assert error in found
