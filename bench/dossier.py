"""Benchmark: the meldpunt's dossiers at 10 and at 1 000 dossiers.

Targets: opening and changing one dossier costs the same with 1 000 dossiers as with 10
(ratio of the medians <= 1.5: one file per dossier, nothing grows), and the list of
1 000 dossiers in a new session (decrypt and parse every file; no plaintext index) takes
< 500 ms. Shown apart: the list again in the same session, which decrypts only the files
that changed (the decrypted dossiers stay in memory until the idle lock).

Run: .venv/bin/python bench/dossier.py   (one line per target; exit status 1 when one is missed)
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pyrage import x25519

from targets import Target, report
from veilig_tui.dossier import DossierDesk, Who
from veilig_tui.dossier.model import Dossier
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import OrgFolder

ROUNDS = 60
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


def reference(n: int) -> str:
    code = ""
    for _ in range(8):
        n, digit = divmod(n, len(ALPHABET))
        code += ALPHABET[digit]
    return f"VZ-2026-{code}"


def desk_with(root: Path, count: int) -> DossierDesk:
    identity = x25519.Identity.generate()
    profile = load_profile(OrgFolder.select(None, {}).profile)
    holder = Who(rol="casusverantwoordelijke", naam="N. Perkgoz")
    desk = DossierDesk(
        root, profile, [identity], str(identity.to_public()), holder, now=lambda: NOW
    )
    with desk.store.locked():
        for n in range(count):
            dossier = Dossier(
                kenmerk=reference(n), ontvangen=NOW, route="meld_meldpunt", aangemaakt=NOW
            )
            desk.store.write(dossier)
    return desk


def median_ms(action: Callable[[], object], rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def interleaved(a: Callable[[], object], b: Callable[[], object]) -> tuple[float, float]:
    """Medians of a and b measured in turns, so that the machine's load (fsync times
    vary a lot on a busy machine) weighs on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(ROUNDS):
        for action, kept in ((a, times[0]), (b, times[1])):
            start = time.perf_counter()
            action()
            kept.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def open_and_change(desk: DossierDesk) -> Callable[[], object]:
    target = reference(3)
    states = iter(["gedaan", "open"] * ROUNDS * 2)

    def action() -> None:
        desk.get(target)
        desk.set_item(target, "s3.overleg", next(states))  # type: ignore[arg-type]

    return action


def main() -> int:
    base = Path(tempfile.mkdtemp(prefix="veilig-bench-"))
    try:
        small = desk_with(base / "10", 10)
        large = desk_with(base / "1000", 1000)
        few, many = interleaved(open_and_change(small), open_and_change(large))
        cold = []
        for _ in range(3):  # a new session each time: every file is decrypted
            large.store.use_identities(large.identities)
            start = time.perf_counter()
            large.rows()
            cold.append((time.perf_counter() - start) * 1000)
        listing = statistics.median(cold)
        warm = median_ms(lambda: large.rows(), rounds=5)
    finally:
        shutil.rmtree(base)
    print(f"openen + wijzigen bij 10 dossiers   : {few:7.2f} ms")
    print(f"openen + wijzigen bij 1 000 dossiers: {many:7.2f} ms")
    print(f"lijst van 1 000 dossiers (koud)     : {listing:7.2f} ms")
    print(f"lijst van 1 000 dossiers (opnieuw)  : {warm:7.2f} ms  (alleen gewijzigde ontsleuteld)")
    return report(
        [
            Target("verhouding 1 000 : 10", many / few, 1.5, " x"),
            Target("lijst van 1 000", listing, 500, " ms"),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
