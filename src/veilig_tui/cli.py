"""The `veilig` command and its subcommands, with Dutch help."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from veilig_tui.orgfolder import ENV_VAR

_DUTCH = {
    "usage: ": "Gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "onbekende keuze: %(value)r (kies uit %(choices)s)",
    "expected one argument": "hier hoort één waarde bij",
    "not allowed with argument %s": "kan niet samen met %s",
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
    common.add_argument(
        "--data",
        metavar="PAD",
        type=Path,
        help="map voor de gegevens op deze computer (standaard: $VEILIG_DATA of je gebruikersmap)",
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
    go_on = parser.add_mutually_exclusive_group()
    go_on.add_argument(
        "--verder", action="store_true", help="ga verder met je laatste onafgemaakte melding"
    )
    go_on.add_argument("--concept", metavar="ID", help="ga verder met dit concept")
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

    sub.add_parser(
        "lijst", parents=[common], help="toon de meldingen op deze computer (zonder inhoud)"
    )
    drafts = sub.add_parser(
        "concepten", parents=[common], help="toon onafgemaakte meldingen (zonder inhoud)"
    )
    drafts.add_argument("--verwijder", metavar="ID", help="verwijder dit concept")
    export = sub.add_parser("export", parents=[common], help="maak een bestand van een melding")
    export.add_argument("kenmerk", metavar="KENMERK")
    export.add_argument("--formaat", choices=["md", "html", "txt", "json"], default="html")
    export.add_argument(
        "-o", dest="uit", metavar="PAD", type=Path, help="bestand (standaard: op het scherm)"
    )
    handed = sub.add_parser(
        "overgedragen", parents=[common], help="zeg dat een melding is afgegeven"
    )
    handed.add_argument("kenmerk", metavar="KENMERK")
    handed.add_argument("--aan", required=True, metavar="NAAM", help="aan wie (naam of rol)")
    handed.add_argument(
        "--verwijder", action="store_true", help="verwijder daarna de kopie op deze computer"
    )
    add = sub.add_parser("aanvullen", parents=[common], help="voeg later iets toe aan een melding")
    add.add_argument("kenmerk", metavar="KENMERK")
    clean = sub.add_parser(
        "opschonen", parents=[common], help="verwijder wat over de bewaartermijn is"
    )
    clean.add_argument("--proef", action="store_true", help="laat alleen zien wat weg zou gaan")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from veilig_tui import commands

    args = _parser().parse_args(argv)
    handler = commands.HANDLERS.get(args.command or "", commands.dialogue)
    return handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
