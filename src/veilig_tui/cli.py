"""The `veilig` command and its subcommands, with Dutch help and Dutch errors."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from veilig_tui.orgfolder import ENV_VAR

#: Every English text of argparse (3.11 to 3.14) that a user can see, in Dutch.
#: Placeholders (%s, %r, %(name)s, %(name)r) become {0}, {1}, ... in the order they appear.
DUTCH: dict[str, str] = {
    "usage: ": "Gebruik: ",
    "positional arguments": "argumenten",
    "optional arguments": "opties",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "{0}: fout: {1}\n",
    "argument %(argument_name)s: %(message)s": "bij {0}: {1}",
    "the following arguments are required: %s": "dit ontbreekt nog: {0}",
    "one of the arguments %s is required": "kies een van deze: {0}",
    "unrecognized arguments: %s": "dit kent veilig niet: {0}",
    "invalid choice: %(value)r (choose from %(choices)s)": "{0} kan niet; kies uit {1}",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "{0} kan niet; bedoel je {1}? Kies uit {2}"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "onbekende opdracht {0}; kies uit {1}"
    ),
    "expected one argument": "hier hoort één waarde bij",
    "expected at most one argument": "hier hoort hoogstens één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "expected %s argument": "hier hoort {0} waarde bij",
    "expected %s arguments": "hier horen {0} waarden bij",
    "not allowed with argument %s": "kan niet samen met {0}",
    "ignored explicit argument %r": "hier hoort geen waarde bij (je gaf {0})",
    "ambiguous option: %(option)s could match %(matches)s": (
        "{0} is niet duidelijk; bedoel je een van deze: {1}"
    ),
    "invalid %(type)s value: %(value)r": "{1} is geen geldige waarde",
    "unexpected option string: %s": "onverwachte optie: {0}",
    "option '%(option)s' is deprecated": "optie {0} verdwijnt binnenkort",
    "command '%(parser_name)s' is deprecated": "opdracht {0} verdwijnt binnenkort",
    "argument '%(argument_name)s' is deprecated": "argument {0} verdwijnt binnenkort",
}

#: Said when argparse produces a text that the table above does not know.
UNKNOWN_ERROR = "deze opdracht klopt niet"

_PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sr]")


def _pattern(english: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(english)
    return re.compile("(.+?)".join(re.escape(part) for part in parts), re.DOTALL)


#: Longest first, so a message that extends another (3.14's "maybe you meant") matches whole.
_PATTERNS = [
    (_pattern(english), DUTCH[english])
    for english in sorted(DUTCH, key=len, reverse=True)
    if "%" in english
]


def translate(message: str) -> str:
    """The Dutch text of an argparse message; nested messages are translated too."""
    if message in DUTCH:
        return DUTCH[message]
    for pattern, dutch in _PATTERNS:
        match = pattern.fullmatch(message)
        if match is not None:
            parts = [translate(part) if _is_message(part) else part for part in match.groups()]
            return dutch.format(*parts)
    return UNKNOWN_ERROR


def _is_message(text: str) -> bool:
    """True when a captured part is itself an argparse message (not a name or a value)."""
    return any(pattern.fullmatch(text) for pattern, _ in _PATTERNS) or text in DUTCH


class DutchHelpFormatter(argparse.HelpFormatter):
    """Help text with Dutch headings and a Dutch usage line, whatever the locale."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, DUTCH["usage: "] if prefix is None else prefix)

    def start_section(self, heading: str | None) -> None:
        super().start_section(DUTCH.get(heading, heading) if heading else heading)


class DutchParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Dutch, with exit code 2 for wrong usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        kwargs["add_help"] = False  # a Dutch -h/--help instead
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", help=DUTCH["show this help message and exit"]
            )

    def error(self, message: str) -> NoReturn:
        """argparse's own errors, which are English: said in Dutch."""
        self.refuse(translate(message))

    def refuse(self, dutch: str) -> NoReturn:
        """Wrong usage, said in Dutch: the usage line, the message, exit code 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {dutch}\nKijk met: {self.prog} --help\n")


#: Options that belong to the dialogue itself; before a subcommand they would do nothing.
DIALOGUE_ONLY = {"eenvoudig": "--eenvoudig", "verder": "--verder", "concept": "--concept"}


def _version() -> str:
    from importlib import metadata  # only for --version: importing it costs the first frame

    try:
        return metadata.version("veilig-tui")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "onbekend"


class _VersionAction(argparse.Action):
    """--version, looked up only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kw: Any) -> None:
        print(f"veilig {_version()}")  # on stdout, as argparse's own --version
        parser.exit()


def _place_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--organisatie and --data; after a subcommand they only count when given."""
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--organisatie",
        metavar="PAD",
        type=Path,
        default=default,
        help=f"map van de organisatie (standaard: ${ENV_VAR} of de ingebouwde map)",
    )
    parser.add_argument(
        "--data",
        metavar="PAD",
        type=Path,
        default=default,
        help="map voor de gegevens op deze computer (standaard: $VEILIG_DATA of je gebruikersmap)",
    )


def _parser() -> DutchParser:
    parser = DutchParser(
        prog="veilig",
        description="Hulp bij het melden van grensoverschrijdend gedrag of mishandeling "
        "van een cliënt. Bij direct gevaar: bel 112.",
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        help=DUTCH["show program's version number and exit"],
    )
    _place_options(parser, top=True)
    parser.add_argument(
        "--eenvoudig",
        action="store_true",
        help="gewone tekstregels in plaats van schermen (voor schermlezers en scripts)",
    )
    parser.add_argument(
        "--flow",
        dest="dialogue_flow",
        metavar="FLOW",
        default=None,
        help="welke vragenlijst (standaard: melden)",
    )
    go_on = parser.add_mutually_exclusive_group()
    go_on.add_argument(
        "--verder", action="store_true", help="ga verder met je laatste onafgemaakte melding"
    )
    go_on.add_argument("--concept", metavar="ID", help="ga verder met dit concept")
    sub = parser.add_subparsers(dest="command", title="opdrachten", metavar="OPDRACHT")

    def command(name: str, text: str, *, options: bool = True) -> argparse.ArgumentParser:
        found: argparse.ArgumentParser = sub.add_parser(name, help=text, description=text)
        if options:
            _place_options(found, top=False)
        return found

    check = command("controleer", "controleer een map van een organisatie")
    check.add_argument(
        "pad", nargs="?", type=Path, metavar="PAD", help="de map (standaard: de gekozen map)"
    )
    make = command(
        "organisatie-maken",
        "kopieer de standaardmap naar een nieuwe map om aan te passen",
        options=False,
    )
    make.add_argument("pad", type=Path, metavar="PAD", help="de nieuwe map")
    diagram = command("diagram", "toon een vragenlijst als Mermaid-diagram")
    diagram.add_argument("flow", metavar="FLOW", help="de vragenlijst, bijvoorbeeld melden")
    schema = command("schema", "toon het JSON-schema van het flow-formaat", options=False)
    schema.add_argument(
        "--overdracht",
        action="store_true",
        help="toon het schema van een overdrachtsbestand (.veilig) in plaats daarvan",
    )
    command("lijst", "toon de meldingen op deze computer (zonder inhoud)")
    drafts = command("concepten", "toon onafgemaakte meldingen (zonder inhoud)")
    drafts.add_argument("--verwijder", metavar="ID", help="verwijder dit concept")
    export = command("export", "maak een bestand van een melding")
    export.add_argument("kenmerk", metavar="KENMERK")
    export.add_argument(
        "--formaat",
        choices=["md", "html", "txt", "json", "veilig"],
        default=None,
        help=(
            "soort bestand; veilig: versleuteld, alleen te openen door wie de melding krijgt "
            "(standaard als het profiel sleutels heeft, anders html)"
        ),
    )
    export.add_argument(
        "-o", dest="uit", metavar="PAD", type=Path, help="bestand (standaard: op het scherm)"
    )
    receive = command("ontvang", "neem een versleuteld bestand (.veilig) op deze computer op")
    receive.add_argument("bestanden", nargs="+", type=Path, metavar="BESTAND")
    receive.add_argument(
        "--sleutel",
        type=Path,
        metavar="SLEUTELBESTAND",
        help="je sleutelbestand (standaard: de sleutel van veilig sleutel-maken)",
    )
    command("sleutel-maken", "maak je eigen sleutel om meldingen te openen (met een wachtwoord)")
    command("sleutel-toon", "toon je openbare sleutel en de code om die te controleren")
    handed = command("overgedragen", "zeg dat een melding is afgegeven")
    handed.add_argument("kenmerk", metavar="KENMERK")
    handed.add_argument("--aan", required=True, metavar="NAAM", help="aan wie (naam of rol)")
    handed.add_argument(
        "--verwijder", action="store_true", help="verwijder daarna de kopie op deze computer"
    )
    add = command("aanvullen", "voeg later iets toe aan een melding")
    add.add_argument("kenmerk", metavar="KENMERK")
    add.add_argument(
        "-o",
        dest="uit",
        metavar="BESTAND",
        type=Path,
        help=(
            "maak ook een versleuteld bestand van de aanvulling, voor wie de melding kreeg "
            "(een map: dan heet het KENMERK.aanvulling-N.veilig)"
        ),
    )
    dossier = command("dossier", "werk aan de dossiers van ontvangen meldingen (meldpunt)")
    dossier.add_argument("--sleutel", type=Path, metavar="SLEUTELBESTAND", help="je sleutelbestand")
    dossier.add_argument("--naam", metavar="NAAM", help="zeg één keer wie je bent (met --rol)")
    dossier.add_argument("--rol", metavar="ROL", help="jouw rol, bijvoorbeeld meldpunt")
    dossier.add_argument(
        "--opschonen", action="store_true", help="verwijder dossiers na de bewaartermijn"
    )
    dossier.add_argument("--proef", action="store_true", help="met --opschonen: alleen tonen")
    dossier.add_argument(
        "--verbeterregister", type=Path, metavar="PAD", help="schrijf het verbeterregister (CSV)"
    )
    dossier.add_argument("--overdragen", metavar="KENMERK", help="geef een dossier aan --aan ROL")
    dossier.add_argument("--aan", metavar="ROL", help="met --overdragen: aan wie (een rol)")
    dossier.add_argument(
        "-o", dest="uit", type=Path, metavar="PAD", help="bestand van --overdragen"
    )
    dossier.add_argument("--overnemen", type=Path, metavar="BESTAND", help="neem een dossier over")
    dossier.add_argument("--verslag", metavar="KENMERK", help="maak een verslag (-o PAD.md|.html)")
    dossier.add_argument("--igj-blad", metavar="KENMERK", help="voorbereiding IGJ-melding (-o PAD)")
    dossier.add_argument("--jaaroverzicht", type=int, metavar="JAAR", help="zonder namen (-o PAD)")
    clean = command("opschonen", "verwijder wat over de bewaartermijn is")
    clean.add_argument("--proef", action="store_true", help="laat alleen zien wat weg zou gaan")
    clean.add_argument(
        "--kapot-verwijderen",
        action="store_true",
        help="verwijder ook de kopieën van kapotte bestanden (na een vraag)",
    )
    practise = command("oefenen", "oefen met een casus: de echte vragen, zonder echte melding")
    practise.add_argument(
        "actie",
        nargs="?",
        choices=["klassikaal", "sessie-maken", "overzicht"],
        metavar="ACTIE",
        help="klassikaal: met een groep op één scherm; sessie-maken: een sessiebestand "
        "voor een groep; overzicht MAP: de resultaten van een groep",
    )
    practise.add_argument("map", nargs="?", type=Path, metavar="MAP", help="de map of het bestand")
    practise.add_argument("--casus", metavar="ID", help="oefen met deze casus (nummer of naam)")
    practise.add_argument(
        "--eenvoudig", dest="oefen_eenvoudig", action="store_true", help="gewone tekstregels"
    )
    practise.add_argument("--bijnaam", metavar="NAAM", help="je bijnaam in een groepssessie")
    practise.add_argument(
        "--sessie", type=Path, metavar="BESTAND", help="doe mee met een groepssessie"
    )
    serve = command("web", "toon de app in een browser (op de server van je organisatie)")
    serve.add_argument("--host", default="127.0.0.1", help="adres (standaard: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="poort (standaard: 8000)")
    serve.add_argument("--inbox", type=Path, metavar="MAP", help="map voor afgeronde meldingen")
    serve.add_argument("--publieke-url", metavar="URL", help="adres achter een reverse proxy")
    serve.add_argument("--max-sessies", type=int, default=20, metavar="N", help="standaard: 20")
    serve.add_argument("--token-bestand", type=Path, metavar="BESTAND", help="token uit bestand")
    return parser


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line; wrong usage ends with a Dutch message and exit code 2."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command:
        given = [flag for key, flag in DIALOGUE_ONLY.items() if getattr(args, key)]
        if args.dialogue_flow is not None:
            given.append("--flow")
        if given:
            parser.refuse(
                f"{', '.join(given)} hoort bij het invullen van een melding, "
                f"niet bij 'veilig {args.command}'"
            )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    from veilig_tui import commands

    args = parse(argv)
    return commands.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
