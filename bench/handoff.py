"""Benchmark: making and opening a hand-off file for a typical melding.

Targets: seal (embed + encrypt for three receivers) and open (decrypt + check) of a melding
with a full report, each < 20 ms median. The baseline in the same run is encrypting the
same bytes with no embedding or checks, so the ratio shows what veilig adds to age itself.
A passphrase unlock (age scrypt) is not part of this: it costs about a second by design.

Run: .venv/bin/python bench/handoff.py   (one line per target; exit status 1 when one is missed)
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable

import pyrage
from pyrage import x25519

from targets import Target, report
from veilig_tui.flow.check import load_flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.handoff import Recipient, open_file, payload_of, plaintext, seal
from veilig_tui.melding import melding_content
from veilig_tui.org import load_profile
from veilig_tui.orgfolder import OrgFolder
from veilig_tui.report import export
from veilig_tui.store.models import Melding

ROUNDS = 50


def typical_melding() -> tuple[Melding, str]:
    folder = OrgFolder.select(None, {})
    flow = load_flow(folder.flow("melden"))
    profile = load_profile(folder.profile)
    d = Dialogue(flow, profile, today=lambda: dt.date(2026, 11, 28))
    answers = {
        "direct_gevaar": "nee",
        "werkrelatie": "organisatie",
        "wat_gebeurd": "De collega pakte de cliënt hard bij de arm. " * 20,
        "wie": "collega",
        "pleger_rol": ["geen"],
        "client_veilig": "ja",
        "bron": "zelf",
        "hoe_vaak": "vaker",
        "wanneer": "gisteren",
        "waar": "thuis",
        "aantal_clienten": "een",
        "client_kenmerk": "C-1042",
        "vertegenwoordiger": "ja",
        "client_weet": "ja",
        "client_wil": "Een andere zorgverlener.",
        "betrokkenen": "",
        "getuigen": "nee",
        "al_gedaan": ["nog_niets"],
        "melder_naam": "Sam",
        "melder_bereikbaar": "06-12345678",
    }
    while not d.finished:
        node = d.current
        d.answer(None if node.kind in ("info", "advice") else answers[node.id])
    now = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    melding = Melding(
        "VZ-2026-BENCH", "b", now, now, "afgerond", None, None, (), melding_content(d)
    )
    return melding, export("html", melding, flow, profile, folder)


def median_ms(action: Callable[[], object]) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    melding, page = typical_melding()
    identities = [x25519.Identity.generate() for _ in range(3)]
    to = [Recipient("rol", f"Persoon {i}", str(k.to_public())) for i, k in enumerate(identities)]
    data = plaintext(page, payload_of(melding))
    sealed = seal(data, to)
    baseline = median_ms(lambda: pyrage.encrypt(data, [k.to_public() for k in identities]))
    making = median_ms(lambda: seal(plaintext(page, payload_of(melding)), to))
    opening = median_ms(lambda: open_file(sealed, identities[2:]))
    print(f"melding: {len(data) / 1024:.1f} KB leesbaar, {len(sealed) / 1024:.1f} KB versleuteld")
    print(f"age alleen (basis)       : {baseline:6.2f} ms")
    print(f"maken (inbedden + age)   : {making:6.2f} ms  ({making / baseline:.1f} x basis)")
    print(f"openen (age + controle)  : {opening:6.2f} ms")
    return report(
        [
            Target("bestand maken", making, 20, " ms"),
            Target("bestand openen", opening, 20, " ms"),
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
