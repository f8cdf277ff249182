"""The promises, checked on many paths through the shipped flow, with blank and filled
profiles: 112 on every screen; nobody named as involved is ever named or sent to; blank
roles are said plainly, never invented.

The paths are random walks with a fixed seed: every answer of every question is taken
many times, in many combinations (the scenarios check chosen paths; this checks the rest).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator

import pytest
from tests.conftest import TODAY

from veilig_tui.flow.check import Flow
from veilig_tui.flow.engine import Dialogue
from veilig_tui.flow.scenario import never_named, shown_text
from veilig_tui.melding import melding_content
from veilig_tui.org import ROLE_KEYS, UNSET, Person, Profile, load_profile, safety_line
from veilig_tui.orgfolder import OrgFolder, default_folder
from veilig_tui.report import export
from veilig_tui.store.models import Melding

WALKS = 120
GLUED = re.compile(r"[a-zë][.?!][A-Z]")
"""Two sentences without a space between them: a template tag ate the line break."""
TEXTS = ("", "Collega A. duwde de cliënt.", "Het gebeurt vaker.")


def every_role_filled(profile: Profile) -> Profile:
    """Each role held by its own (made-up, test-only) person with a phone number."""
    model = profile.model.model_copy(deep=True)
    for i, key in enumerate(ROLE_KEYS):
        model.rollen[key] = Person(naam=f"Testpersoon {key}", telefoon=f"010-{5550000 + i}")
    return Profile(model, profile.path, profile.table)


@pytest.fixture(scope="module")
def profiles(profile: Profile, blank_profile: Profile) -> dict[str, Profile]:
    same = default_folder() / "flows" / "scenarios" / "profielen" / "zelfde_persoon.yaml"
    return {
        "ingevuld": profile,
        "leeg": blank_profile,
        "zelfde_persoon": load_profile(same),
        "alles_ingevuld": every_role_filled(profile),
    }


def random_value(d: Dialogue, rng: random.Random) -> object:
    node = d.current
    ids = [a.id for a in node.answers or []]
    if node.kind == "choice":
        return rng.choice(ids)
    if node.kind == "multi":
        alone = [a.id for a in node.answers or [] if a.exclusive]
        if alone and rng.random() < 0.3:
            return [rng.choice(alone)]
        others = [i for i in ids if i not in alone]
        return rng.sample(others, rng.choice([1, 1, 2, 3]))
    if node.kind == "text":
        return rng.choice(TEXTS if node.optional else TEXTS[1:])
    if node.kind == "date":
        return rng.choice(["", "gisteren"] if node.optional else ["gisteren"])
    return None


def walk(flow: Flow, profile: Profile, seed: int) -> Iterator[Dialogue]:
    """One random path; yields the dialogue at every screen, the last one finished."""
    rng = random.Random(seed)
    d = Dialogue(flow, profile, today=lambda: TODAY)
    yield d
    while not d.finished:
        d.answer(random_value(d, rng))
        yield d


def involved_names(d: Dialogue) -> set[str]:
    roles = [d.profile.role(k) for k in d.profile.involved(d.suspect_roles)]
    return {r.naam for r in roles if r.filled and r.naam.casefold() not in r.label.casefold()}


def on_screen(d: Dialogue) -> str:
    """What one screen shows besides the answer list: safety line, text, help, contacts."""
    shown = d.show()
    parts = [safety_line(d.safety_contact()), shown.text, shown.help]
    if shown.contacts is not None:
        parts += shown.contacts.lines()
    return "\n".join(parts)


@pytest.mark.parametrize("name", ["ingevuld", "leeg", "zelfde_persoon", "alles_ingevuld"])
def test_promises_hold_on_every_screen_of_every_path(
    name: str, melden: Flow, profiles: dict[str, Profile]
) -> None:
    profile = profiles[name]
    finals: set[str] = set()
    for seed in range(WALKS):
        for d in walk(melden, profile, seed):
            screen = on_screen(d)
            # 1. 112 first, on every screen
            assert screen.startswith("Direct gevaar? Bel 112 · Melden: "), screen
            # 2. nobody named as involved is named, nor sent to
            leaked = [n for n in involved_names(d) if n in screen]
            assert leaked == [], (seed, d.current.id, leaked)
            if not d.roles_known:
                filled = [r.naam for r in profile.roles().values() if r.filled]
                assert not any(n in safety_line(d.safety_contact()) for n in filled)
            # 3. nothing invented: every placeholder was filled, blanks are said plainly
            assert "{{" not in screen and "{%" not in screen
            assert not GLUED.search(screen), (d.current.id, GLUED.search(screen))
            shown = d.show()
            if shown.contacts is not None:
                lines = "\n".join(shown.contacts.lines())
                for role in shown.contacts.roles:
                    assert role.filled or UNSET in lines
                    # every person offered has a phone line, or it says plainly it is unset
                    assert (
                        not role.filled
                        or f"{role}\nTelefoon: " in lines
                        or (f"- {role}. Telefoon: " in lines)
                    ), (shown.id, str(role))
        finals.add(d.current.id)
        assert never_named(d, d.suspect_roles) == [], seed
        assert not (set(involved_names(d)) & {d.report_contact().hand_to}), seed
    # the walks reached every final advice of the flow
    assert finals == {n.id for n in melden.model.nodes if n.kind == "advice" and not n.urgent}


@pytest.mark.parametrize("name", ["ingevuld", "zelfde_persoon", "alles_ingevuld"])
def test_no_report_names_anyone_involved(
    name: str, melden: Flow, profiles: dict[str, Profile]
) -> None:
    profile = profiles[name]
    folder = OrgFolder.select(None, {})
    now = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)
    checked = 0
    for seed in range(0, WALKS, 3):
        *_, d = walk(melden, profile, seed)
        if not d.current.report or not d.suspect_roles:
            continue
        content = melding_content(d)
        melding = Melding("VZ-2026-TEST", "t", now, now, "afgerond", None, None, (), content)
        names = involved_names(d)
        for fmt in ("md", "html", "txt", "json"):
            report = export(fmt, melding, melden, profile, folder)
            assert [n for n in names if n in report] == [], (seed, fmt)
        checked += 1
    assert checked >= 5


def test_advice_shown_names_no_suspect_role_label(melden: Flow, blank_profile: Profile) -> None:
    """With a blank profile there are no names to leak: the role labels must not leak
    either (this is what a filled-profile-only check would miss)."""
    for seed in range(WALKS):
        *_, d = walk(melden, blank_profile, seed)
        advices = "\n".join(shown_text(a) for a in d.advices())
        for key in d.suspect_roles:
            if key in ROLE_KEYS:
                label = blank_profile.role(key).label
                assert f"{label}:" not in advices, (seed, key)
