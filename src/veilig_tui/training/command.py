"""`veilig oefenen …`: what the subcommand does (the parser lines are in cli.py)."""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections.abc import Sequence
from typing import TextIO

from veilig_tui.commands import DANGER, err, folder_of
from veilig_tui.training.cases import Case, Round
from veilig_tui.training.practice import Practice, TrainingError


def run(args: argparse.Namespace) -> int:
    """Practise a case (on screen or in plain lines), or a group task."""
    try:
        return _run(args)
    except TrainingError as exc:
        err(str(exc))
        return 2


def _run(args: argparse.Namespace) -> int:
    action = getattr(args, "actie", None)
    if action == "sessie-maken":
        from veilig_tui.training.group import make_session_command

        return make_session_command(args)
    if action == "overzicht":
        from veilig_tui.training.group import overview_command

        return overview_command(args)
    folder = folder_of(args)
    practice = Practice.open(folder, getattr(args, "data", None), os.environ)
    nickname = (getattr(args, "bijnaam", None) or "").strip()
    if nickname:
        from veilig_tui.training.group import check_nickname

        nickname = check_nickname(nickname)
    if getattr(args, "sessie", None) is not None:
        from veilig_tui.training.group import check_nickname, hand_in, read_session

        session = read_session(args.sessie)
        nickname = check_nickname(nickname)
        practice.only = session.cases
        practice.hand_in = lambda result: hand_in(session, result)
    if getattr(args, "oefen_eenvoudig", False):
        return plain(practice, args.casus, nickname, sys.stdin, sys.stdout)
    from veilig_tui.tui.oefenen import OefenApp

    if args.casus:
        practice.case(args.casus)  # an unknown case is said before the screen opens
    app = OefenApp(practice, args.casus, klassikaal=action == "klassikaal", nickname=nickname)
    app.run()
    return app.return_code or 0


def plain(
    practice: Practice, case_id: str | None, nickname: str, stdin: TextIO, stdout: TextIO
) -> int:
    """The plain practice: pick a case by number (or by --casus), then play it."""
    from veilig_tui.problems import ProblemsError
    from veilig_tui.training.plain import PracticePlain

    print(f"{DANGER} · OEFENING", file=stdout, flush=True)
    try:
        cases = practice.cases()
    except ProblemsError as exc:
        err(str(exc), f"Controleer de map met: veilig controleer {practice.folder.root}")
        return 2
    if practice.problems:
        err(
            f"Let op: {len(practice.problems)} fout(en) in de oefencasussen. Die casussen "
            f"ontbreken. Controleer met: veilig controleer {practice.folder.root}"
        )
    if not cases:
        err("Er zijn geen oefencasussen.")
        return 2
    chosen = (
        practice.case(case_id) if case_id else pick([*cases, *practice.rounds()], stdin, stdout)
    )
    if chosen is None:
        print("Gestopt. Er is niets bewaard.", file=stdout)
        return 1
    if isinstance(chosen, Round):
        from veilig_tui.training.plain import knowledge_round

        return knowledge_round(practice, chosen, stdin, stdout, nickname)
    case = chosen
    session = practice.start(case)
    return PracticePlain(practice, case, session, stdin, stdout, nickname).run()


def pick(cases: Sequence[Case | Round], stdin: TextIO, stdout: TextIO) -> Case | Round | None:
    """A case (or knowledge round) by number, 'w' for a random case, 's' to stop (None)."""
    print("Kies een casus om mee te oefenen:", file=stdout)
    for number, case in enumerate(cases, 1):
        print(f"  {number}. {case.title}", file=stdout)
    while True:
        stdout.write(f"Typ een nummer van 1 tot {len(cases)}, w = willekeurig, s = stoppen. ")
        stdout.flush()
        line = stdin.readline()
        word = line.strip().lower()
        if not line or word == "s":
            return None
        if word == "w":
            return random.choice([c for c in cases if isinstance(c, Case)] or cases)
        if word.isdigit() and 1 <= int(word) <= len(cases):
            return cases[int(word) - 1]
        print(f"Typ één nummer van 1 tot {len(cases)}.", file=stdout)


__all__ = ["TrainingError", "pick", "plain", "run"]
