"""Benchmark: load + validate + build the dialogue for the shipped flow and large flows.

Run: python bench/flow.py   (prints figures; targets in the last lines)
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from veilig_tui.flow.check import load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import default_folder


def generated(n: int) -> str:
    """A valid flow of about `n` nodes: a chain of questions with conditions and texts."""
    lines = [
        "id: groot",
        "title: Groot",
        "start: q0",
        "facts:",
        "  keuze: {type: choice, values: [a, b, c]}",
        "  tekst: {type: text}",
        "nodes:",
        "  - id: q0",
        "    kind: choice",
        "    text: Is er nu direct gevaar?",
        "    answers:",
        "      - {id: ja, label: Ja, next: bel}",
        "      - {id: nee, label: Nee, next: q1}",
        "  - id: bel",
        "    kind: advice",
        "    urgent: true",
        "    outcome: bel_112",
        "    text: Bel 112.",
        "    next: q1",
    ]
    last = n - 3
    for i in range(1, last):
        nxt, skip = f"q{i + 1}", f"q{min(i + 2, last)}"
        if i % 10 == 0:
            lines += [
                f"  - id: q{i}",
                "    kind: text",
                "    fact: tekst",
                "    optional: true",
                f"    text: Vraag {i} voor {{{{ rol.meldpunt.naam }}}}?",
                f"    next: {nxt}",
            ]
            continue
        lines += [
            f"  - id: q{i}",
            "    kind: choice",
            "    fact: keuze",
            f"    text: Vraag {i}? Meld bij {{{{ rol.meldpunt.naam }}}}.",
            "    help: Uitleg bij deze vraag.",
            "    answers:",
            f"      - {{id: a, label: Antwoord a, next: {nxt}}}",
            "      - id: b",
            "        label: Antwoord b",
            "        next:",
            "          - when: {fact: keuze, in: [a, b]}",
            f"            to: {skip}",
            f"          - to: {nxt}",
            f"      - {{id: c, label: Antwoord c, next: {skip}}}",
        ]
    lines += [
        f"  - id: q{last}",
        "    kind: advice",
        "    outcome: meld_meldpunt",
        "    contacts: [melden]",
        "    text: Meld het bij {{ rol.meldpunt.naam }}.",
    ]
    return "\n".join(lines) + "\n"


def ready_time(path: Path, profile: object, repeat: int = 5) -> float:
    """Median seconds for load + validate + build the state machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        flow = load_flow(path)
        Dialogue(flow, profile)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def per_answer(path: Path, profile: object, answers: int = 300) -> float:
    flow = load_flow(path)
    dialogue = Dialogue(flow, profile)  # type: ignore[arg-type]
    dialogue.answer("nee")
    start = time.perf_counter()
    done = 0
    while not dialogue.finished and done < answers:
        kind = dialogue.current.kind
        dialogue.answer("a" if kind == "choice" else ("tekst" if kind == "text" else None))
        done += 1
    return (time.perf_counter() - start) / max(done, 1)


def main() -> None:
    folder = default_folder()
    profile = load_profile(folder / "profiel.yaml")
    shipped = folder / "flows" / "melden.yaml"
    results = {"melden.yaml": ready_time(shipped, profile)}
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for n in (500, 1000, 2000):
            paths[n] = Path(tmp) / f"groot_{n}.yaml"
            paths[n].write_text(generated(n), encoding="utf-8")
            results[f"{n} nodes"] = ready_time(paths[n], profile, repeat=3)
        answer = per_answer(paths[2000], profile)
    for name, seconds in results.items():
        print(f"klaar voor gebruik  {name:>12}: {seconds * 1000:8.1f} ms")
    ratio = results["2000 nodes"] / results["1000 nodes"]
    print(f"verhouding t(2000)/t(1000)      : {ratio:8.2f}   (doel ≤ 2.5)")
    print(f"tijd per antwoord (2000 nodes)  : {answer * 1000:8.3f} ms (doel < 1 ms)")
    print(
        f"doelen: melden.yaml < 50 ms: {results['melden.yaml'] < 0.05}; "
        f"2000 nodes < 2 s: {results['2000 nodes'] < 2}; ratio ≤ 2.5: {ratio <= 2.5}; "
        f"antwoord < 1 ms: {answer < 0.001}"
    )


if __name__ == "__main__":
    main()
