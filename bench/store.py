"""Benchmark: the store must not slow down as the archive of meldingen grows.

Saving a draft, finishing, handing over and adding an aanvulling at 1 000 meldingen cost
at most 1.5 times what they cost at 10 (measured in the same run, the sizes taking turns);
listing 1 000 takes < 100 ms, opening the store < 50 ms (with a draft waiting, so opening
looks at the archive). The 10 000 figures are printed without a target. Also: rendering
one report (html, md, txt) of a typical melding.

Run: .venv/bin/python bench/store.py   (one line per target; exit status 1 when one is missed)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from targets import Target, report
from veilig_tui.flow.check import Flow, load_flow
from veilig_tui.flow.scenario import run_scenario
from veilig_tui.melding import melding_content
from veilig_tui.org import Profile, load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.report import export
from veilig_tui.store import Progress, Store, build_record, local_now, new_reference
from veilig_tui.store.archive import file_data, fingerprint, index_entry
from veilig_tui.store.models import Addition, Melding
from veilig_tui.store.paths import Layout

SIZES = (10, 1_000, 10_000)
BASE, PROVE = 10, 1_000
"""Cost at PROVE meldingen is compared with BASE, measured in the same run."""
ROUNDS = 15
"""Each operation is timed once per archive size per round, the sizes taking turns, so a
busy moment of the machine hits every size alike; the medians are compared."""
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


def build_archive(data: Path, count: int) -> list[str]:
    """Write `count` meldingen and their index straight to disk (setup, so no fsync), in
    the store's own format; return their references."""
    layout = Layout(data)
    now = local_now()
    taken: set[str] = set()
    lines = []
    for number in range(1, count + 1):
        reference = new_reference(now.year, taken)
        taken.add(reference)
        finished = now - timedelta(minutes=number)
        record = build_record(
            reference, f"bench{number}", finished, finished, sample_melding(number)
        )
        path = layout.melding(reference)
        path.write_text(json.dumps(file_data(record), ensure_ascii=False), encoding="utf-8")
        path.chmod(0o600)
        lines.append(json.dumps(index_entry(record, fingerprint(path.stat()))) + "\n")
    layout.melding_index.write_text("".join(lines), encoding="utf-8")
    layout.melding_index.chmod(0o600)
    return sorted(taken)


def median_ms(action: Callable[[int], object], repeats: int) -> float:
    """Median duration of action(i) over `repeats` calls, in milliseconds."""
    durations = []
    for i in range(repeats):
        started = time.perf_counter()
        action(i)
        durations.append(time.perf_counter() - started)
    return statistics.median(durations) * 1000


def timed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


class Archive:
    """One data directory with `count` meldingen and one draft, and the timed operations."""

    def __init__(self, root: Path, count: int) -> None:
        self.data = root / f"data{count}"
        self.store, _ = Store.open(self.data)
        self.references = build_archive(self.data, count)
        self.answers: list[list[str]] = []
        self.store.save_draft("open", {"answers": []}, Progress(0))  # open lists the archive
        self.times: dict[str, list[float]] = defaultdict(list)
        self.round = 0

    def measure_round(self) -> None:
        """Time every operation once."""
        store, n, times = self.store, self.round, self.times
        self.round += 1
        self.answers.append([f"vraag_{n}", f"Een antwoord van een paar zinnen, nummer {n}. " * 4])
        answers = list(self.answers)
        times["save_draft"].append(
            timed_ms(lambda: store.save_draft("bench", {"answers": answers}, Progress(n)))
        )
        typed = "Ik zag vanochtend dat " * (n + 1)
        times["save_typing"].append(timed_ms(lambda: store.save_typing("bench", "v", typed)))
        store.save_draft(f"af{n}", {"answers": answers}, Progress(len(answers)))
        finished: list[Melding] = []
        times["finish"].append(
            timed_ms(lambda: finished.append(store.finish(f"af{n}", sample_melding(n))))
        )
        reference = self.references[n % len(self.references)]
        times["hand_over"].append(
            timed_ms(lambda: store.mark_handed_over(reference, "aandachtsfunctionaris"))
        )
        text = "Later vertelde de cliënt dat het vaker gebeurde. " * 3
        times["add"].append(timed_ms(lambda: store.add_addition(reference, text)))
        times["list"].append(timed_ms(store.list_meldingen))
        times["open"].append(timed_ms(lambda: Store.open(self.data)))

    def median(self, name: str) -> float:
        return statistics.median(self.times[name])


def measure(sizes: tuple[int, ...], rounds: int) -> dict[int, Archive]:
    """Build an archive per size, then time the operations round by round."""
    with tempfile.TemporaryDirectory(prefix="veilig-bench-") as tmp:
        archives = {count: Archive(Path(tmp), count) for count in sizes}
        for _ in range(rounds):
            for archive in archives.values():
                archive.measure_round()
        return archives


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


OPERATIONS = ("save_draft", "save_typing", "finish", "hand_over", "add", "list", "open")


def main() -> int:
    """Print the figures and one line per target; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="timings per operation")
    parser.add_argument("--renders", type=int, default=50, help="renders per report (>= 20)")
    args = parser.parse_args()
    rounds, renders = max(3, args.rounds), max(20, args.renders)

    archives = measure(SIZES, rounds)
    print(f"Mediaan over {rounds} keer per bewerking (ms)")
    print("meldingen" + "".join(f"{name:>13}" for name in OPERATIONS))
    for count, archive in archives.items():
        print(f"{count:>9}" + "".join(f"{archive.median(name):>13.2f}" for name in OPERATIONS))

    print()
    print(f"Report render of a typical melding ({TYPICAL_SCENARIO})")
    print(f"First render (loads the template) and median over {renders} renders (ms)")
    print("format      first    median  size KB")
    reports = measure_reports(renders)
    for fmt, row in reports.items():
        print(f"{fmt:>6}  {row['first']:>9.2f}  {row['median']:>8.2f}  {row['kb']:>7.1f}")

    base, prove = archives[BASE], archives[PROVE]
    targets = [
        Target(
            f"{name} bij {PROVE} / bij {BASE} meldingen",
            prove.median(name) / base.median(name),
            1.5,
        )
        for name in ("save_draft", "save_typing", "finish", "hand_over", "add")
    ]
    targets += [
        Target(f"lijst van {PROVE} meldingen", prove.median("list"), 100, " ms"),
        Target(f"store openen bij {PROVE} meldingen", prove.median("open"), 50, " ms"),
    ]
    targets += [
        Target(f"rapport {fmt} renderen", reports[fmt]["median"], limit, " ms")
        for fmt, limit in REPORT_TARGET_MS.items()
    ]
    return report(targets)


if __name__ == "__main__":
    sys.exit(main())
