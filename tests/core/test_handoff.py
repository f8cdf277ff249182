"""From a finished dialogue to a handed-over melding, through the `veilig` commands."""

from __future__ import annotations

import io
import json
import re
import shutil
import stat
from pathlib import Path

import pytest
from tests.conftest import REPORT
from tests.core.test_plain import FULL_REPORT, TEXT_LINE, typed

from veilig_tui.cli import main
from veilig_tui.orgfolder import default_folder

MARKER = "Merkteken-7Q3Z: collega A. trok hard aan de arm van de cliënt."


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    return tmp_path / "data"


def veilig(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(args)
    out, error = capsys.readouterr()
    return code, out, error


def report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str = MARKER
) -> str:
    lines = [*FULL_REPORT[:TEXT_LINE], text, *FULL_REPORT[TEXT_LINE + 1 :]]
    code, out, _ = veilig(["--eenvoudig"], capsys, monkeypatch, "\n".join(lines) + "\n")
    assert code == 0
    found = re.search(r"Kenmerk: (VZ-\d{4}-[A-Z0-9]+)", out)
    assert found, out
    return found.group(1)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_finished_melding_is_listed_without_content(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = report(capsys, monkeypatch)
    code, out, _ = veilig(["lijst"], capsys, monkeypatch)
    assert code == 0
    assert ref in out and "meld_meldpunt" in out and "afgerond" in out
    assert "Merkteken" not in out
    for path in files_under(data):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_export_formats_and_private_file(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = report(capsys, monkeypatch, "<script>alert(1)</script> [x](y) # kop")
    out_file = tmp_path / "melding.html"
    code, _, said = veilig(
        ["export", ref, "--formaat", "html", "-o", str(out_file)], capsys, monkeypatch
    )
    assert code == 0 and f"Gemaakt: {out_file}." in said and "niet versleuteld" in said
    html = out_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f"Melding {ref}" in html
    # never overwritten
    code, _, error = veilig(
        ["export", ref, "--formaat", "html", "-o", str(out_file)], capsys, monkeypatch
    )
    assert code == 2 and "bestaat al" in error
    code, out, _ = veilig(["export", ref, "--formaat", "md"], capsys, monkeypatch)
    assert "\\<script\\>" in out and "\\[x\\](y) \\# kop" in out
    code, out, _ = veilig(["export", ref, "--formaat", "json"], capsys, monkeypatch)
    exported = json.loads(out)
    assert exported["kenmerk"] == ref and exported["formaat"] == "veilig-melding"
    assert exported["inhoud"]["outcome"] == "meld_meldpunt"


def test_addition_hand_over_and_remove(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = report(capsys, monkeypatch)
    code, _, error = veilig(["aanvullen", ref], capsys, monkeypatch, "  \n")
    assert code == 1 and "Er is niets toegevoegd" in error  # not done, though nothing broke
    code, out, _ = veilig(["aanvullen", ref], capsys, monkeypatch, "De cliënt is nu bij familie.\n")
    assert code == 0 and "aanvulling is bewaard" in out
    code, out, _ = veilig(["export", ref, "--formaat", "txt"], capsys, monkeypatch)
    assert "AANVULLINGEN" in out and "De cliënt is nu bij familie." in out
    code, out, _ = veilig(["overgedragen", ref, "--aan", "meldpunt"], capsys, monkeypatch)
    assert code == 0 and "is overgedragen" in out and "--verwijder" in out
    code, out, _ = veilig(["lijst"], capsys, monkeypatch)
    assert "overgedragen" in out
    code, out, _ = veilig(
        ["overgedragen", ref, "--aan", "meldpunt", "--verwijder"], capsys, monkeypatch
    )
    assert "van deze computer verwijderd" in out
    code, out, _ = veilig(["lijst"], capsys, monkeypatch)
    assert ref not in out
    assert not any(MARKER.encode() in p.read_bytes() for p in files_under(data))


def test_unknown_reference(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, error = veilig(["export", "VZ-2026-NIETS234"], capsys, monkeypatch)
    assert code == 2 and "Er is geen melding met kenmerk VZ-2026-NIETS234" in error


def test_stop_then_continue_the_draft(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = FULL_REPORT[:3]
    code, out, _ = veilig(["--eenvoudig"], capsys, monkeypatch, "\n".join([*first, "s"]) + "\n")
    assert code == 1 and "bewaard als onafgemaakte melding" in out
    code, out, _ = veilig(["concepten"], capsys, monkeypatch)
    assert "vraag 4" in out and "Collega" not in out
    code, out, _ = veilig(["--eenvoudig"], capsys, monkeypatch, "s\n")
    assert "Je hebt 1 onafgemaakte melding. Verder gaan: veilig --eenvoudig --verder" in out
    rest = "\n".join(FULL_REPORT[3:]) + "\n"
    code, out, _ = veilig(["--eenvoudig", "--verder"], capsys, monkeypatch, rest)
    assert code == 0 and "Kenmerk: VZ-" in out
    assert str(REPORT[2][1]) in out  # the restored answer
    code, out, _ = veilig(["concepten"], capsys, monkeypatch)
    assert "Er zijn geen onafgemaakte meldingen." in out


AGGRESSION = typed(
    [
        ("direct_gevaar", "nee"),
        ("werkrelatie", "organisatie"),
        ("wat_gebeurd", "Een cliënt schreeuwde tegen mij en gooide een kopje."),
        ("wie", "client"),
        ("gericht_tegen", "mij"),
    ]
)
"""A route that makes no melding (aggression of a client toward the medewerker)."""


def test_route_without_melding_asks_before_throwing_away(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = "\n".join([*AGGRESSION, "2"]) + "\n"
    code, out, _ = veilig(["--eenvoudig"], capsys, monkeypatch, stdin)
    assert "Wat wil je met wat je hebt getypt?" in out and "2. Weggooien" in out
    assert code == 0 and "Er is niets bewaard." in out
    code, out, _ = veilig(["concepten"], capsys, monkeypatch)
    assert "Er zijn geen onafgemaakte meldingen." in out


def test_route_without_melding_keeps_what_was_typed_by_default(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = "\n".join([*AGGRESSION, ""]) + "\n"
    code, out, _ = veilig(["--eenvoudig"], capsys, monkeypatch, stdin)
    assert code == 0 and "Wat je typte, is bewaard als onafgemaakte melding." in out
    code, out, _ = veilig(["concepten"], capsys, monkeypatch)
    assert "Er zijn geen onafgemaakte meldingen." not in out


def test_cleanup_removes_every_trace_of_content(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    org = tmp_path / "org"
    org.mkdir()
    profile = (default_folder() / "profiel.yaml").read_text(encoding="utf-8")
    (org / "profiel.yaml").write_text(
        profile.replace("na_overdracht_dagen: 30", "na_overdracht_dagen: 0"), encoding="utf-8"
    )
    shutil.copytree(default_folder() / "flows", org / "flows")
    monkeypatch.setenv("VEILIG_ORGANISATIE", str(org))
    ref = report(capsys, monkeypatch)
    kept = report(capsys, monkeypatch, "Een tweede melding, nog niet overgedragen.")
    veilig(["aanvullen", ref], capsys, monkeypatch, MARKER + " (aanvulling)\n")
    veilig(["overgedragen", ref, "--aan", "meldpunt"], capsys, monkeypatch)
    assert any(MARKER.encode() in p.read_bytes() for p in files_under(data))
    code, out, _ = veilig(["opschonen", "--proef"], capsys, monkeypatch)
    assert "Als je opruimt, gaat dit weg: 0 concepten, 1 melding" in out
    assert any(MARKER.encode() in p.read_bytes() for p in files_under(data))
    code, out, _ = veilig(["opschonen"], capsys, monkeypatch)
    assert code == 0 and "Opgeruimd: 0 concepten, 1 melding" in out
    assert not any(MARKER.encode() in p.read_bytes() for p in files_under(data))
    code, out, _ = veilig(["lijst"], capsys, monkeypatch)
    assert ref not in out and kept in out
    audit = (data / "audit.jsonl").read_text(encoding="utf-8")
    assert ref in audit and "Merkteken" not in audit


def test_template_names_match_the_report_context(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from veilig_tui.flow.check import load_flow
    from veilig_tui.org import load_profile
    from veilig_tui.report import CONTEXT_NAMES, report_context
    from veilig_tui.store import Store

    ref = report(capsys, monkeypatch)
    store, _ = Store.open(data)
    melding = store.get(ref)
    assert melding is not None
    folder = default_folder()
    context = report_context(
        melding, load_flow(folder / "flows" / "melden.yaml"), load_profile(folder / "profiel.yaml")
    )
    assert set(context) == CONTEXT_NAMES


def test_cleanup_lists_broken_copies_and_removes_them_only_after_yes(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = veilig(["lijst"], capsys, monkeypatch)
    kept = data / "concepten" / "oud.json.kapot-20200101-120000"
    kept.write_bytes(MARKER.encode())
    code, out, _ = veilig(["opschonen"], capsys, monkeypatch)
    assert code == 0
    assert f"{kept}  (" in out and "dagen oud)" in out
    assert "nooit vanzelf" in out and "less BESTAND" in out
    assert "veilig opschonen --kapot-verwijderen" in out
    assert kept.read_bytes() == MARKER.encode()

    for answer in ("n\n", "", "ja, misschien\n"):
        code, out, _ = veilig(["opschonen", "--kapot-verwijderen"], capsys, monkeypatch, answer)
        assert code == 1 and "Er is niets verwijderd." in out
        assert kept.exists()
    code, out, _ = veilig(["opschonen", "--kapot-verwijderen", "--proef"], capsys, monkeypatch)
    assert code == 0 and kept.exists() and "Wil je" not in out
    code, out, _ = veilig(["opschonen", "--kapot-verwijderen"], capsys, monkeypatch, "j\n")
    assert code == 0 and "Verwijderd: 1 bestand." in out
    assert not kept.exists()
    code, out, _ = veilig(["opschonen", "--kapot-verwijderen"], capsys, monkeypatch, "j\n")
    assert code == 0 and "Er zijn geen kopieën van kapotte bestanden." in out
