"""The `veilig` command and its subcommands, with Dutch help."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from veilig_tui.orgfolder import ENV_VAR, OrgFolder

_DUTCH = {
    "usage: ": "Gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "onbekende keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "hier hoort één waarde bij",
}
argparse._ = lambda text: _DUTCH.get(text, text)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {message}\n")


def _parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--organisatie",
        metavar="PAD",
        type=Path,
        help=f"map van de organisatie (standaard: ${ENV_VAR} of de ingebouwde map)",
    )
    parser = _Parser(
        prog="veilig",
        description="Hulp bij het melden van grensoverschrijdend gedrag of mishandeling "
        "van een cliënt. Bij direct gevaar: bel 112.",
        parents=[common],
    )
    parser.add_argument(
        "--eenvoudig",
        action="store_true",
        help="gewone tekstregels in plaats van schermen (voor schermlezers en scripts)",
    )
    parser.add_argument("--flow", default="melden", help="welke vragenlijst (standaard: melden)")
    sub = parser.add_subparsers(dest="command", title="opdrachten", metavar="OPDRACHT")
    check = sub.add_parser(
        "controleer", parents=[common], help="controleer een map van een organisatie"
    )
    check.add_argument(
        "pad", nargs="?", type=Path, metavar="PAD", help="de map (standaard: de gekozen map)"
    )
    make = sub.add_parser(
        "organisatie-maken", help="kopieer de standaardmap naar een nieuwe map om aan te passen"
    )
    make.add_argument("pad", type=Path, metavar="PAD", help="de nieuwe map")
    diagram = sub.add_parser(
        "diagram", parents=[common], help="toon een vragenlijst als Mermaid-diagram"
    )
    diagram.add_argument("flow", metavar="FLOW", help="de vragenlijst, bijvoorbeeld melden")
    sub.add_parser("schema", help="toon het JSON-schema van het flow-formaat")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    folder = OrgFolder.select(getattr(args, "organisatie", None), os.environ)
    if args.command == "controleer":
        return _check(OrgFolder(args.pad, folder.default) if args.pad else folder)
    if args.command == "organisatie-maken":
        return _make(args.pad)
    if args.command == "diagram":
        return _diagram(folder, args.flow)
    if args.command == "schema":
        from veilig_tui.flow.model import json_schema

        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return 0
    return _dialogue(folder, args.flow)


def _check(folder: OrgFolder) -> int:
    from veilig_tui.checker import check_folder, format_report

    if not folder.root.is_dir():
        print(f"De map {folder.root} bestaat niet.", file=sys.stderr)
        return 2
    report = check_folder(folder)
    print(format_report(report, folder.root))
    return 0 if report.ok else 1


def _make(target: Path) -> int:
    from veilig_tui.orgfolder import create_folder

    try:
        files = create_folder(target)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Klaar: {len(files)} bestanden gekopieerd naar {target}.")
    print("Pas profiel.yaml aan met de namen en telefoonnummers van je organisatie.")
    print(f"Controleer daarna met: veilig controleer {target}")
    print(f"Gebruik de map met: veilig --organisatie {target}")
    return 0


def _load(folder: OrgFolder, flow_id: str) -> tuple[object, object] | None:
    from veilig_tui.flow.check import load_flow
    from veilig_tui.org import load_profile
    from veilig_tui.problems import ProblemsError

    path = folder.flows().get(flow_id)
    if path is None:
        print(f"Er is geen vragenlijst '{flow_id}' in {folder.root}.", file=sys.stderr)
        return None
    try:
        return load_flow(path), load_profile(folder.profile)
    except ProblemsError as exc:
        print(
            "De app kan niet starten. Er zijn fouten in de bestanden van de organisatie:",
            file=sys.stderr,
        )
        print(exc, file=sys.stderr)
        print(f"Controleer de map met: veilig controleer {folder.root}", file=sys.stderr)
        print("Bij direct gevaar: bel 112.", file=sys.stderr)
        return None


def _diagram(folder: OrgFolder, flow_id: str) -> int:
    from veilig_tui.flow.check import Flow
    from veilig_tui.flow.diagram import mermaid

    loaded = _load(folder, flow_id)
    if loaded is None:
        return 2
    flow = loaded[0]
    assert isinstance(flow, Flow)
    print(mermaid(flow))
    return 0


def _dialogue(folder: OrgFolder, flow_id: str) -> int:
    from veilig_tui.flow.check import Flow
    from veilig_tui.flow.engine import Dialogue
    from veilig_tui.org import Profile
    from veilig_tui.plain import PlainFront

    print("Direct gevaar? Bel 112.", flush=True)
    loaded = _load(folder, flow_id)
    if loaded is None:
        return 2
    flow, profile = loaded
    assert isinstance(flow, Flow) and isinstance(profile, Profile)
    return PlainFront(Dialogue(flow, profile), sys.stdin, sys.stdout).run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
