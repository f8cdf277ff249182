"""Benchmark: saving a draft answer must not slow down as the archive of meldingen grows.

Also: how long it takes to render one report (html, md, txt) of a typical melding.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from veilig_tui.flow.check import Flow, load_flow
from veilig_tui.flow.scenario import run_scenario
from veilig_tui.melding import melding_content
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.report import export
from veilig_tui.store import Progress, Store, build_record, local_now, new_reference
from veilig_tui.store.atomic import atomic_write
from veilig_tui.store.models import Addition, Melding
from veilig_tui.store.paths import Layout

SIZES = (10, 1_000, 10_000)
REPORT_FORMATS = ("html", "md", "txt")
REPORT_TARGET_MS = {"html": 20.0}
# Every free-text answer filled, witnesses, reporter's name: a typical full melding.
TYPICAL_SCENARIO = "32_getuigen_en_naam_ingevuld.yaml"


def sample_melding(number: int) -> dict[str, object]:
    """A melding of realistic size: 20 answers, facts, advices, an outcome."""
    answers = [[f"vraag_{k}", f"Antwoord {k} bij melding {number}. " * 6] for k in range(20)]
    return {
        "flow_id": "melden",
        "answers": answers,
        "facts": {f"feit_{k}": k % 2 == 0 for k in range(15)},
        "advices": [f"Advies {k}: bespreek dit met je leidinggevende." for k in range(5)],
        "outcome": "Veilig Thuis",
    }


def build_archive(data: Path, count: int) -> None:
    """Write an archive of `count` meldingen to disk in one go."""
    now = local_now()
    taken: set[str] = set()
    records: dict[str, object] = {}
    for number in range(1, count + 1):
        reference = new_reference(now.year, taken)
        taken.add(reference)
        finished = now - timedelta(minutes=number)
        records[str(number)] = build_record(
            reference, f"bench{number}", finished, finished, sample_melding(number)
        )
    payload = json.dumps({"meldingen": records}, ensure_ascii=False, separators=(",", ":"))
    atomic_write(Layout(data).archive, payload.encode("utf-8"))


def median_ms(action: Callable[[int], object], repeats: int) -> float:
    """Median duration of action(i) over `repeats` calls, in milliseconds."""
    durations = []
    for i in range(repeats):
        started = time.perf_counter()
        action(i)
        durations.append(time.perf_counter() - started)
    return statistics.median(durations) * 1000


def measure(count: int, saves: int) -> dict[str, float]:
    """Build an archive of `count` meldingen and time the store operations on it."""
    with tempfile.TemporaryDirectory(prefix="veilig-bench-") as tmp:
        data = Path(tmp) / "data"
        store, _ = Store.open(data)
        build_archive(data, count)
        answers: list[list[str]] = []

        def save_answer(i: int) -> None:
            answers.append([f"vraag_{i}", f"Een antwoord van een paar zinnen, nummer {i}. " * 4])
            store.save_draft("bench", {"flow_id": "melden", "answers": answers}, Progress(i))

        def save_typing(i: int) -> None:
            store.save_typing("bench", f"vraag_{saves}", "Ik zag vanochtend dat " * (i + 1))

        def finish(i: int) -> None:
            store.save_draft(f"af{i}", {"answers": answers}, Progress(len(answers)))
            store.finish(f"af{i}", sample_melding(i))

        archive_mb = Layout(data).archive.stat().st_size / 1e6
        return {
            "archive_mb": archive_mb,
            "save_draft": median_ms(save_answer, saves),
            "save_typing": median_ms(save_typing, saves),
            "list_meldingen": median_ms(lambda _: store.list_meldingen(), 5),
            "finish": median_ms(finish, 5),
        }


def typical_melding(folder: OrgFolder, flow: Flow, profile: Profile) -> Melding:
    """A finished melding from a shipped scenario, handed over, with one addition."""
    path = folder.default / "flows" / "scenarios" / TYPICAL_SCENARIO
    run = run_scenario(path, {"melden": flow}, profile, lambda: date(2026, 11, 28))
    if run.problems or run.dialogue is None:
        raise SystemExit(f"Scenario {path.name} loopt niet: {run.problems}")
    now = local_now()
    return Melding(
        reference="VZ-2026-BENCH001",
        draft_id="bench",
        created=now - timedelta(minutes=20),
        finished=now,
        status="overgedragen",
        handed_over_to="meldpunt",
        handed_over_at=now,
        additions=(Addition(now, "De cliënt vertelde later dat het vaker gebeurde. " * 5),),
        content=melding_content(run.dialogue),
    )


def measure_reports(renders: int) -> dict[str, dict[str, float]]:
    """Per format: the first render (loads and compiles the template), the median of the
    next `renders` renders (both in ms), and the size of the report in KB."""
    folder = OrgFolder.select(None, {})
    flow = load_flow(folder.flow("melden"))
    profile = load_profile(folder.profile)
    melding = typical_melding(folder, flow, profile)
    results: dict[str, dict[str, float]] = {}
    for fmt in REPORT_FORMATS:

        def render(_: int, fmt: str = fmt) -> str:
            return export(fmt, melding, flow, profile, folder)

        first = median_ms(render, 1)
        results[fmt] = {
            "first": first,
            "median": median_ms(render, renders),
            "kb": len(render(0).encode("utf-8")) / 1000,
        }
    return results


def main() -> None:
    """Print the figures; no pass/fail."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=50, help="draft saves per archive size")
    parser.add_argument("--renders", type=int, default=50, help="renders per report (>= 20)")
    args = parser.parse_args()
    saves, renders = args.saves, max(20, args.renders)

    results = {count: measure(count, saves) for count in SIZES}
    print(f"Median over {saves} saves (ms); list/finish over 5 calls (ms)")
    header = "meldingen  archief MB  save_draft  save_typing  list_meldingen    finish"
    print(header)
    for count, row in results.items():
        print(
            f"{count:>9}  {row['archive_mb']:>10.1f}  {row['save_draft']:>10.2f}  "
            f"{row['save_typing']:>11.2f}  {row['list_meldingen']:>14.1f}  {row['finish']:>8.1f}"
        )
    ratio = results[SIZES[-1]]["save_draft"] / results[SIZES[0]]["save_draft"]
    print(f"save_draft ratio {SIZES[-1]} : {SIZES[0]} = {ratio:.2f} (target <= 1.5)")

    print()
    print(f"Report render of a typical melding ({TYPICAL_SCENARIO})")
    print(f"First render (loads the template) and median over {renders} renders (ms)")
    print("format      first    median  size KB")
    for fmt, row in measure_reports(renders).items():
        target = REPORT_TARGET_MS.get(fmt)
        note = f"  (target < {target:.0f})" if target is not None else ""
        print(f"{fmt:>6}  {row['first']:>9.2f}  {row['median']:>8.2f}  {row['kb']:>7.1f}{note}")


if __name__ == "__main__":
    main()
