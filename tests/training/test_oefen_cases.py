"""The practice cases as data: checked by `veilig controleer`, through the real flow."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

import pytest
import textstat
import yaml

from veilig_tui.checker import check_folder
from veilig_tui.flow.check import Flow
from veilig_tui.org import Profile
from veilig_tui.orgfolder import OrgFolder, create_folder, default_folder
from veilig_tui.problems import errors
from veilig_tui.training.cases import (
    SOURCES,
    CaseModel,
    KnowledgeRound,
    json_schema,
    load_round,
    run_case,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((default_folder() / "oefenen").glob("*.yaml"))
ROUNDS = sorted((default_folder() / "oefenen" / "kennis").glob("*.yaml"))
TOPICS = {
    "toilet": "01_",
    "alarm": "02_",
    "uit de slof": "03_",
    "diefstal": "04_",
    "geld lenen": "05_",
    "seksuele grappen": "06_",
    "verwaarlozing": "07_",
    "naaste": "08_",
    "agressie tegen medewerker": "09_",
    "medecliënt dagbesteding": "10_",
    "meldpunt betrokken": "11_",
    "zzp in opdracht": "12_",
    "zzp eigen cliënten": "13_",
    "direct gevaar": "14_",
    "niet zeker": "15_",
    "zelf melden": "16_",
}


def test_every_topic_of_the_issue_has_a_case() -> None:
    names = [p.name for p in CASES]
    assert len(names) >= 16
    for topic, prefix in TOPICS.items():
        assert any(n.startswith(prefix) for n in names), topic


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_each_case_reaches_its_expected_outcome(path: Path, melden: Flow, profile: Profile) -> None:
    checked = run_case(path, {"melden": melden}, profile)
    assert checked.run.problems == []
    assert checked.case is not None
    model = checked.case.model
    assert any(source in model.waarom.bron for source in SOURCES)
    assert model.onthoud


def test_controleer_runs_the_cases_and_a_broken_case_fails_with_its_line(
    tmp_path: Path,
) -> None:
    create_folder(tmp_path / "org")
    case = tmp_path / "org" / "oefenen" / "15_niet_zeker.yaml"
    text = case.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  uitkomst:"))
    case.write_text(text.replace("uitkomst: meld_meldpunt", "uitkomst: meldcode"), "utf-8")
    report = check_folder(OrgFolder(tmp_path / "org", default_folder()))
    assert len(report.cases) == len(CASES)
    found = errors(report.problems)
    assert len(found) == 1
    assert found[0].path == case and found[0].line == line
    assert "meldcode" in found[0].message and str(found[0]).startswith(f"{case}:{line}:")


def test_a_case_that_names_the_melder_or_has_a_typo_is_an_error_with_its_place(
    tmp_path: Path, melden: Flow, profile: Profile
) -> None:
    source = (default_folder() / "oefenen" / "09_client_agressief_tegen_mij.yaml").read_text(
        encoding="utf-8"
    )
    case = tmp_path / "casus.yaml"
    case.write_text(source.replace("situatie:", "situatei:"), encoding="utf-8")
    problems = run_case(case, {"melden": melden}, profile).run.problems
    assert [p.line for p in problems] == [4]  # two comment lines, naam, situatie
    assert "Bedoel je 'situatie'" in problems[0].message
    named = CASES[0].read_text(encoding="utf-8").replace("melder_naam: ''", "melder_naam: Kim")
    case.write_text(named, encoding="utf-8")
    problems = run_case(case, {"melden": melden}, profile).run.problems
    assert len(problems) == 1 and "geen naam" in problems[0].message


def test_a_question_needs_exactly_one_right_answer_and_a_source_is_named() -> None:
    base = {
        "naam": "x",
        "situatie": "x",
        "antwoorden": [],
        "verwacht": {"adviezen": [], "uitkomst": "x", "contacten": [], "bevat_niet": ["x"]},
        "onthoud": ["x"],
    }
    with pytest.raises(ValueError, match="precies één"):
        CaseModel.model_validate(
            {
                **base,
                "waarom": {"tekst": "x", "bron": "Leidraad Anka, r. 1"},
                "vragen": [
                    {"vraag": "x", "keuzes": [{"tekst": "a"}, {"tekst": "b"}], "uitleg": "x"}
                ],
            }
        )
    with pytest.raises(ValueError, match="docs/leidraad.md"):
        CaseModel.model_validate({**base, "waarom": {"tekst": "x", "bron": "internet"}})


def test_shipped_case_schema_is_up_to_date() -> None:
    shipped = json.loads((ROOT / "docs" / "oefenen.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), (
        "run: python -c 'import json; from veilig_tui.training.cases import json_schema; "
        "print(json.dumps(json_schema(), indent=2, ensure_ascii=False))' > docs/oefenen.schema.json"
    )


def test_organisatie_maken_copies_the_cases_and_the_wheel_ships_them(tmp_path: Path) -> None:
    create_folder(tmp_path / "org")
    copied = sorted(p.name for p in (tmp_path / "org" / "oefenen").glob("*.yaml"))
    assert copied == [p.name for p in CASES]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"oefenen" = "veilig_tui/organisatie/oefenen"' in pyproject


def test_the_project_files_never_point_at_the_seed_folder() -> None:
    for path in [*CASES, ROOT / "docs" / "oefenen.md"]:
        assert "shared/seeds" not in path.read_text(encoding="utf-8"), path


# -- readability, measured as for the flow (tests/core/test_readability.py) -------------
textstat.set_lang("nl")


def case_texts() -> list[tuple[str, str]]:
    out = []
    for path in [*CASES, *ROUNDS]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        parts: list[tuple[str, str]] = []
        model: CaseModel | KnowledgeRound
        if path in ROUNDS:
            model = KnowledgeRound.model_validate(data)
            parts.append(("uitleg", model.uitleg))
        else:
            model = CaseModel.model_validate(data)
            parts += [("situatie", model.situatie), ("waarom", model.waarom.tekst)]
            parts += [("onthoud", o) for o in model.onthoud]
        for q in model.vragen:
            parts += [("vraag", q.vraag), ("uitleg", q.uitleg)]
            parts += [("keuze", c.tekst) for c in q.keuzes]
        for where, text in parts:
            text = " ".join(re.sub(r"'", "", text).split())
            if len(text.split()) >= 4:
                out.append((f"{path.stem} {where}", text))
    return out


def test_case_texts_read_at_b1_level() -> None:
    texts = case_texts()
    assert len(texts) >= 100
    scores = [(where, round(textstat.flesch_reading_ease(t))) for where, t in texts]
    assert statistics.median(s for _, s in scores) >= 80
    low = [item for item in scores if item[1] < 60]
    assert len(low) <= len(texts) // 10, f"moeilijk te lezen: {low}"


def test_the_practice_core_imports_no_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys, veilig_tui.training.practice, veilig_tui.training.plain, "
        "veilig_tui.training.group, veilig_tui.training.command; print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_knowledge_rounds_load_and_a_broken_one_fails_controleer_with_its_line(
    tmp_path: Path,
) -> None:
    assert ROUNDS
    for path in ROUNDS:
        found, problems = load_round(path)
        assert problems == [] and found is not None and len(found.model.vragen) >= 5
    create_folder(tmp_path / "org")
    broken = tmp_path / "org" / "oefenen" / "kennis" / ROUNDS[0].name
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("bron: A4 Leidraad\n", "bron: ergens\n", 1), "utf-8")
    line = next(
        i
        for i, t in enumerate(text.splitlines(), 1)
        if t.strip() == "- vraag: De Leidraad geeft raad over drie dingen. Welke?"
    )
    report = check_folder(OrgFolder(tmp_path / "org", default_folder()))
    found_errors = errors(report.problems)
    assert [(p.path, p.line) for p in found_errors] == [(broken, line)]
