"""The `veilig` command: Dutch help, organisation folders, diagrams."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from veilig_tui.cli import main, translate
from veilig_tui.commands import HANDLERS
from veilig_tui.orgfolder import OrgFolder, default_folder
from veilig_tui.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_help_is_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Gebruik: veilig")
    assert "opties:" in out and "toon deze hulp en stop" in out
    assert "Bij direct gevaar: bel 112." in out
    assert "controleer" in out and "organisatie-maken" in out


def test_unknown_command_is_said_in_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["opruimen-alles"])
    assert stop.value.code == 2
    assert "veilig: fout: " in capsys.readouterr().err


def test_make_folder_then_check_and_use_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mijn-org"
    assert main(["organisatie-maken", str(target)]) == 0
    assert "veilig controleer" in capsys.readouterr().out
    assert (target / "profiel.yaml").is_file()
    assert (target / "flows" / "melden.yaml").is_file()
    assert len(list((target / "flows" / "scenarios").glob("*.yaml"))) >= 30
    # the copy is the organisation's own: a changed name shows up, and it still checks out
    profile = target / "profiel.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace(
            "naam: Joyce Redelijkheid", "naam: B. Voorbeeld"
        ),
        encoding="utf-8",
    )
    assert main(["controleer", str(target)]) == 0
    assert "0 fout(en)" in capsys.readouterr().out
    # never overwrites
    assert main(["organisatie-maken", str(target)]) == 2
    assert "er wordt niets overschreven" in capsys.readouterr().err


def test_folder_selection_and_fallback(tmp_path: Path) -> None:
    own = tmp_path / "org"
    own.mkdir()
    (own / "profiel.yaml").write_text("x: 1\n", encoding="utf-8")
    by_env = OrgFolder.select(None, {"VEILIG_ORGANISATIE": str(own)})
    assert by_env.root == own
    assert by_env.profile == own / "profiel.yaml"
    # a file the folder lacks comes from the default folder
    assert by_env.flow("melden") == default_folder() / "flows" / "melden.yaml"
    assert by_env.scenarios()[0].parent == default_folder() / "flows" / "scenarios"
    explicit = OrgFolder.select(tmp_path, {"VEILIG_ORGANISATIE": str(own)})
    assert explicit.root == tmp_path
    chosen = OrgFolder.select(None, {})
    assert chosen.root == chosen.default == default_folder()


def test_diagram_is_mermaid_and_in_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "melden"]) == 0
    diagram = capsys.readouterr().out.strip()
    assert "stateDiagram-v2" in diagram
    assert "direct_gevaar --> advies_112: ja" in diagram
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert diagram in readme, "run: veilig diagram melden, and paste it into README.md"


def test_unknown_flow(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "bestaat_niet"]) == 2
    assert "Er is geen vragenlijst 'bestaat_niet'" in capsys.readouterr().err


# -- Dutch usage errors --------------------------------------------------------------

#: Words of argparse's English texts; none may reach the user.
ENGLISH = {
    "usage", "error", "argument", "arguments", "options", "optional", "positional",
    "required", "expected", "invalid", "choice", "choose", "from", "unrecognized",
    "ambiguous", "could", "match", "allowed", "with", "ignored", "explicit", "show",
    "message", "exit", "the", "following", "are", "maybe", "meant", "program", "version",
    "number", "unknown", "parser", "choices", "unexpected", "string", "value", "at", "least",
    "most",
}  # fmt: skip


def english_words(text: str) -> set[str]:
    without_options = re.sub(r"--?[\w-]+", " ", text)
    return {word for word in re.findall(r"[a-z]+", without_options.lower()) if word in ENGLISH}


@pytest.mark.parametrize(
    ("argv", "dutch"),
    [
        (["opruimen-alles"], "kan niet; kies uit"),  # invalid choice of a subcommand
        (["export"], "dit ontbreekt nog: KENMERK"),  # required positional
        (["overgedragen", "VZ-2026-AAAA"], "dit ontbreekt nog: --aan"),  # required option
        (["lijst", "extra"], "dit kent veilig niet: extra"),  # unrecognised
        (["export", "X", "--formaat", "pdf"], "'pdf' kan niet; kies uit"),  # invalid choice
        (["export", "X", "--formaat"], "hier hoort één waarde bij"),  # missing value
        (["--verder", "--concept", "abc"], "kan niet samen met --verder"),  # exclusive
        (["opschonen", "--proef=ja"], "hier hoort geen waarde bij"),  # explicit argument
        (["--ver"], "is niet duidelijk"),  # ambiguous abbreviation
        (["--eenvoudig", "lijst"], "hoort bij het invullen van een melding"),
        (["--flow", "melden", "controleer"], "hoort bij het invullen van een melding"),
    ],
)
def test_every_usage_error_is_dutch(
    argv: list[str], dutch: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert dutch in captured.err
    assert captured.err.startswith("Gebruik: veilig")
    assert ": fout: " in captured.err and "--help" in captured.err
    assert not english_words(captured.err), captured.err


def test_an_unknown_argparse_text_is_not_shown_in_english() -> None:
    assert translate("frobnicated the widget") == "deze opdracht klopt niet"
    assert (
        translate("argument --x: invalid choice: 'y' (choose from 'a', 'b')")
        == "bij --x: 'y' kan niet; kies uit 'a', 'b'"
    )
    assert "bedoel je 'aa'" in translate(
        "invalid choice: 'a', maybe you meant 'aa'? (choose from 'aa', 'b')"
    )


@pytest.mark.parametrize("command", [None, *sorted(HANDLERS)])
def test_help_of_every_command_is_dutch(
    command: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"] if command else ["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Gebruik: veilig")
    assert "toon deze hulp en stop" in out
    assert not english_words(out), out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert re.fullmatch(r"veilig \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)


# -- options in both positions --------------------------------------------------------


def both(option: list[str], command: list[str]) -> list[list[str]]:
    """The option before the subcommand, and after it."""
    return [[*option, *command], [*command, *option]]


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("VEILIG_ORGANISATIE", raising=False)
    monkeypatch.setenv("VEILIG_DATA", str(tmp_path / "standaard-data"))
    return tmp_path


def broken_org(tmp_path: Path) -> Path:
    """A copy of the default folder whose profile points at a contact that does not exist."""
    target = tmp_path / "kapot-org"
    assert main(["organisatie-maken", str(target)]) == 0
    profile = target / "profiel.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("concept_dagen: 14", "concept_dagen: -3"), encoding="utf-8")
    return target


def test_organisation_option_is_used_in_both_positions(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = broken_org(clean_env)
    capsys.readouterr()
    for argv in both(["--organisatie", str(org)], ["controleer"]):
        assert main(argv) == 1, argv
        assert "Geen fouten" not in capsys.readouterr().out
    # a folder with its own flow: the diagram of that flow exists only there
    own = clean_env / "eigen-org"
    assert main(["organisatie-maken", str(own)]) == 0
    shutil.copy(own / "flows" / "melden.yaml", own / "flows" / "eigen.yaml")
    capsys.readouterr()
    for argv in both(["--organisatie", str(own)], ["diagram", "eigen"]):
        assert main(argv) == 0, argv
        assert "stateDiagram-v2" in capsys.readouterr().out
    assert main(["diagram", "eigen"]) == 2


def test_retention_of_the_chosen_organisation_in_both_positions(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = clean_env / "eigen-org"
    assert main(["organisatie-maken", str(own)]) == 0
    profile = own / "profiel.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("concept_dagen: 14", "concept_dagen: 9"), encoding="utf-8")
    capsys.readouterr()
    for argv in both(["--organisatie", str(own)], ["opschonen", "--proef"]):
        assert main(argv) == 0, argv
        assert "concepten 9 dagen" in capsys.readouterr().out


ORG_COMMANDS = [["controleer"], ["diagram", "melden"], ["opschonen", "--proef"]]


@pytest.mark.parametrize("command", ORG_COMMANDS, ids=lambda c: c[0])
def test_missing_or_profileless_organisation_is_refused(
    command: list[str], clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = clean_env / "bestaat-niet"
    empty = clean_env / "leeg"
    empty.mkdir()
    for folder, said in ((missing, "bestaat niet"), (empty, "staat geen profiel.yaml")):
        for argv in both(["--organisatie", str(folder)], command):
            assert main(argv) == 2, argv
            captured = capsys.readouterr()
            assert said in captured.err and "Geen fouten" not in captured.out


def test_organisation_from_the_environment_must_exist_too(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("VEILIG_ORGANISATIE", str(clean_env / "weg"))
    assert main(["controleer"]) == 2
    assert "$VEILIG_ORGANISATIE" in capsys.readouterr().err


def test_check_with_a_path_needs_a_profile(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["controleer", str(clean_env)]) == 2
    assert "staat geen profiel.yaml" in capsys.readouterr().err


def test_plain_dialogue_options_before_nothing(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--eenvoudig", "--flow", "bestaat_niet"]) == 2
    assert "Er is geen vragenlijst 'bestaat_niet'" in capsys.readouterr().err
    assert main(["--eenvoudig", "--organisatie", str(clean_env / "weg")]) == 2
    assert "bestaat niet" in capsys.readouterr().err


DATA_COMMANDS = [
    ["lijst"],
    ["concepten"],
    ["export", "VZ-2026-AAAA"],
    ["overgedragen", "VZ-2026-AAAA", "--aan", "meldpunt"],
    ["aanvullen", "VZ-2026-AAAA"],
    ["opschonen", "--proef"],
]


@pytest.mark.parametrize("command", DATA_COMMANDS, ids=lambda c: c[0])
def test_data_option_is_used_in_both_positions(
    command: list[str], clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = clean_env / "gewoon-bestand"
    not_a_folder.write_text("x", encoding="utf-8")
    for argv in both(["--data", str(not_a_folder)], command):
        assert main(argv) == 2, argv
        assert "is geen map" in capsys.readouterr().err
    assert not (clean_env / "standaard-data").exists()


def test_data_option_lists_that_folder_in_both_positions(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from veilig_tui.store import Progress, Store

    chosen = clean_env / "gekozen"
    store, _ = Store.open(chosen)
    store.save_draft("abc123", {}, Progress(3, None))
    for argv in both(["--data", str(chosen)], ["concepten"]):
        assert main(argv) == 0, argv
        assert "abc123" in capsys.readouterr().out
    assert main(["concepten"]) == 0
    assert "abc123" not in capsys.readouterr().out


def test_an_unexpected_problem_is_a_dutch_message_not_a_traceback(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = clean_env / "data"
    assert main(["lijst", "--data", str(data)]) == 0

    def broken(self: Store) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "list_meldingen", broken)
    assert main(["lijst", "--data", str(data)]) == 2
    error = capsys.readouterr().err
    assert "Er ging iets mis dat veilig niet verwachtte. Veilig heeft niets weggegooid." in error
    assert "Traceback" not in error


def test_an_old_archive_that_is_not_an_archive_is_kept_aside(
    clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = clean_env / "data"
    assert main(["lijst", "--data", str(data)]) == 0
    archive = data / "archief.json"
    archive.write_text('{"meldingen": {"1": {}}}', encoding="utf-8")  # JSON, not a melding
    assert main(["lijst", "--data", str(data)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    kept = [
        p for p in data.iterdir() if p.is_file() and p.read_bytes() == b'{"meldingen": {"1": {}}}'
    ]
    assert kept and kept[0].name.startswith("archief.json")


def test_export_uses_the_organisation_in_both_positions(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.core.test_handoff import report

    reference = report(capsys, monkeypatch)
    own = clean_env / "eigen-org"
    assert main(["organisatie-maken", str(own)]) == 0
    profile = own / "profiel.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("Anka Thuiszorg bv", "Zorg Eigen bv"), encoding="utf-8")
    capsys.readouterr()
    for argv in both(["--organisatie", str(own)], ["export", reference, "--formaat", "txt"]):
        assert main(argv) == 0, argv
        assert "Zorg Eigen bv" in capsys.readouterr().out
    for argv in both(["--organisatie", str(clean_env / "weg")], ["export", reference]):
        assert main(argv) == 2, argv
        assert "bestaat niet" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["lijst"], ["concepten"], ["schema"]], ids=str)
def test_a_missing_organisation_is_an_error_for_every_command(
    command: list[str], clean_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--organisatie", str(clean_env / "weg"), *command]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_a_draft_that_cannot_be_replayed_is_kept_and_not_called_missing(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from veilig_tui.store import Progress, Store

    store, _ = Store.open(clean_env / "standaard-data")
    store.save_draft("oudformaat", {"answers": "geen lijst", "remembered": 5}, Progress(1))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--eenvoudig", "--concept", "oudformaat"]) == 2
    error = capsys.readouterr().err
    assert "kan het concept 'oudformaat' niet meer openen" in error
    assert "Er is geen concept" not in error
    assert store.load_draft("oudformaat") is not None


def test_a_file_that_cannot_be_made_is_said_in_dutch(
    clean_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.core.test_handoff import report

    reference = report(capsys, monkeypatch)
    out = clean_env / "bestaat-niet" / "melding.html"
    assert main(["export", reference, "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert f"Het bestand {out} kon niet worden gemaakt: de map bestaat niet." in error
    assert "No such file" not in error
    blocker = clean_env / "bestand"
    blocker.write_text("x", encoding="utf-8")
    assert main(["organisatie-maken", str(blocker / "org")]) == 2
    error = capsys.readouterr().err
    assert "kon niet worden gemaakt: een deel van het pad is geen map." in error
