"""What each `veilig` subcommand does. Messages are Dutch; errors never end in a traceback."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from veilig_tui.orgfolder import ENV_VAR, PROFILE, OrgFolder, default_folder
from veilig_tui.oserrors import os_reason

if TYPE_CHECKING:  # the core is imported where it is used: `veilig` paints 112 first
    from veilig_tui.service import Service
    from veilig_tui.store import BrokenCopy, Melding, Store

DANGER = "Direct gevaar? Bel 112."
DEFAULT_FLOW = "melden"


class Refusal(Exception):
    """What the user asked cannot be done; str(refusal) is a Dutch message (exit code 2)."""


def err(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def check_org_root(root: Path, source: str) -> None:
    """Refuse an organisation folder that does not exist or has no profile."""
    if not root.is_dir():
        raise Refusal(
            f"De map van de organisatie bestaat niet: {root} ({source}). "
            "Kies een bestaande map, of laat de optie weg voor de standaardmap."
        )
    if not (root / PROFILE).is_file():
        raise Refusal(
            f"In de map {root} staat geen {PROFILE}, dus het is geen map van een organisatie "
            f"({source}). Maak een nieuwe map met: veilig organisatie-maken PAD"
        )


def folder_of(args: argparse.Namespace) -> OrgFolder:
    """The chosen organisation folder; a chosen folder that is not one is refused."""
    explicit: Path | None = getattr(args, "organisatie", None)
    folder = OrgFolder.select(explicit, os.environ)
    if explicit is not None:
        check_org_root(folder.root, "gekozen met --organisatie")
    elif folder.root != folder.default:
        check_org_root(folder.root, f"gekozen met ${ENV_VAR}")
    return folder


def open_store(args: argparse.Namespace) -> Store | None:
    """Open the data directory; say plainly what was repaired or what went wrong."""
    from veilig_tui.store import Store, StoreError, data_dir

    try:
        store, startup = Store.open(data_dir(getattr(args, "data", None), os.environ))
    except StoreError as exc:
        err(str(exc))
        return None
    for notice in startup.notices:
        err(notice)
    return store


def open_service(args: argparse.Namespace) -> Service | None:
    """The use cases for the chosen organisation and data folder; a storage problem is
    said here (None)."""
    from veilig_tui.service import Service
    from veilig_tui.store import StoreError

    folder = folder_of(args)
    flow_id = getattr(args, "dialogue_flow", None) or DEFAULT_FLOW
    try:
        service = Service.open(folder, getattr(args, "data", None), os.environ, flow_id)
    except StoreError as exc:
        err(str(exc))
        return None
    for notice in service.startup.notices if service.startup else ():
        err(notice)
    return service


def loaded(service: Service, flow_id: str | None = None) -> bool:
    """Load the profile and a flow; say what is broken and how to check it."""
    from veilig_tui.problems import ProblemsError

    try:
        service.flow(flow_id)
        service.profile  # noqa: B018 - loads it
    except FileNotFoundError as exc:
        err(str(exc))
        return False
    except ProblemsError as exc:
        err(
            "De app kan niet starten. Er zijn fouten in de bestanden van de organisatie:",
            str(exc),
            f"Controleer de map met: veilig controleer {service.folder.root}",
            DANGER,
        )
        return False
    return True


# -- the organisation folder ---------------------------------------------------------


def check(args: argparse.Namespace) -> int:
    from veilig_tui.checker import check_folder, format_report

    if args.pad:
        folder = OrgFolder(args.pad.expanduser(), default_folder())
        check_org_root(folder.root, "gekozen bij veilig controleer")
    else:
        folder = folder_of(args)
    report = check_folder(folder)
    print(format_report(report, folder.root))
    if report.ok:
        cache_first_screens(folder)
    return 0 if report.ok else 1


def cache_first_screens(folder: OrgFolder) -> None:
    """Write the cached first screen of every flow of a folder that passed the check, so
    the app shows the danger question in its first frame (see veilig_tui.firstscreen)."""
    from veilig_tui import firstscreen
    from veilig_tui.flow.check import load_flow
    from veilig_tui.flow.engine import Dialogue
    from veilig_tui.org import load_profile
    from veilig_tui.problems import ProblemsError

    try:
        profile = load_profile(folder.profile)
        for flow_id, path in folder.flows().items():
            flow = load_flow(path)
            first = firstscreen.build(lambda: Dialogue(flow, profile))  # noqa: B023
            firstscreen.write(
                firstscreen.cache_dir(), firstscreen.cache_key(folder, flow_id), first
            )
    except (ProblemsError, OSError, ValueError):
        return  # a cache is a nicety: the app loads without it


def make(args: argparse.Namespace) -> int:
    from veilig_tui.orgfolder import create_folder

    target: Path = args.pad
    try:
        files = create_folder(target)
    except FileExistsError as exc:
        err(str(exc))
        return 2
    except OSError as exc:
        err(f"De map {target} kon niet worden gemaakt: {os_reason(exc)}.")
        return 2
    print(f"Klaar: {len(files)} bestanden gekopieerd naar {target}.")
    print("Pas profiel.yaml aan met de namen en telefoonnummers van je organisatie.")
    print(f"Controleer daarna met: veilig controleer {target}")
    print(f"Gebruik de map met: veilig --organisatie {target}")
    return 0


def diagram(args: argparse.Namespace) -> int:
    from veilig_tui.flow.check import load_flow
    from veilig_tui.flow.diagram import mermaid
    from veilig_tui.problems import ProblemsError

    folder = folder_of(args)
    path = folder.flows().get(args.flow)
    if path is None:
        err(f"Er is geen vragenlijst '{args.flow}' in {folder.root}.")
        return 2
    try:
        flow = load_flow(path)
    except ProblemsError as exc:
        err(str(exc), f"Controleer de map met: veilig controleer {folder.root}")
        return 2
    print(mermaid(flow))
    return 0


def schema(args: argparse.Namespace) -> int:
    from veilig_tui.flow.model import json_schema
    from veilig_tui.handoff import payload_schema

    chosen = payload_schema() if getattr(args, "overdracht", False) else json_schema()
    print(json.dumps(chosen, indent=2, ensure_ascii=False))
    return 0


# -- the dialogue ----------------------------------------------------------------------


def dialogue(args: argparse.Namespace) -> int:
    if not args.eenvoudig:
        return terminal_app(args)
    return plain_dialogue(args)


def terminal_app(args: argparse.Namespace) -> int:
    """The Textual app. It imports the core itself, after its first frame."""
    from veilig_tui.tui.app import VeiligApp

    folder = folder_of(args)
    app = VeiligApp(folder=folder, data=args.data, flow_id=args.dialogue_flow or DEFAULT_FLOW)
    app.run()
    return app.return_code or 0


def plain_dialogue(args: argparse.Namespace) -> int:
    from veilig_tui.plain import PlainFront
    from veilig_tui.service import ServiceError

    print(DANGER, flush=True)
    service = open_service(args)
    if service is None or not loaded(service):
        return 2
    drafts = service.drafts()
    draft_id = args.concept or (drafts[0].draft_id if args.verder and drafts else None)
    if args.verder and not drafts:
        err("Er is geen onafgemaakte melding. We beginnen een nieuwe.")
    if draft_id:
        if args.concept and args.concept not in {d.draft_id for d in drafts}:
            err(f"Er is geen concept '{draft_id}'. Kijk met: veilig concepten")
            return 2
        try:
            resumed = service.resume(draft_id)
        except ServiceError as exc:
            err(str(exc))
            return 2
        session = resumed.session
        if resumed.message:
            print(resumed.message)
    else:
        notice = service.drafts_notice("Verder gaan: veilig --eenvoudig --verder")
        if notice:
            print(notice)
        session = service.new_session()
    return PlainFront(session, sys.stdin, sys.stdout, service).run()


# -- meldingen on this computer --------------------------------------------------------


def listing(args: argparse.Namespace) -> int:
    service = open_service(args)
    if service is None:
        return 2
    meldingen = service.meldingen()
    if not meldingen:
        print("Er staan geen afgeronde meldingen op deze computer.")
    for m in meldingen:
        print(f"{m.reference}  {m.finished:%d-%m-%Y %H:%M}  {m.outcome:<26}  {m.status}")
    drafts = service.drafts()
    if drafts:
        print(f"Onafgemaakt: {len(drafts)}. Bekijk ze met: veilig concepten")
    return 0


def drafts(args: argparse.Namespace) -> int:
    service = open_service(args)
    if service is None:
        return 2
    if args.verwijder:
        if service.delete_draft(args.verwijder):
            print("Het concept is verwijderd.")
            return 0
        err(f"Er is geen concept '{args.verwijder}'.")
        return 2
    found = service.drafts()
    if not found:
        print("Er zijn geen onafgemaakte meldingen.")
    for d in found:
        where = d.progress.total_estimate or f"{d.progress.answered} antwoorden"
        print(
            f"{d.draft_id}  begonnen {d.created:%d-%m-%Y %H:%M}  bewaard {d.updated:%d-%m-%Y %H:%M}  {where}"
        )
    return 0


def _melding(args: argparse.Namespace) -> tuple[Service, Melding] | None:
    """The service and the melding named on the command line, with its flow and profile
    loaded; what went wrong is said (None)."""
    service = open_service(args)
    if service is None:
        return None
    melding = service.get(args.kenmerk)
    if not loaded(service, str(melding.content.get("flow_id") or DEFAULT_FLOW)):
        return None
    return service, melding


def export(args: argparse.Namespace) -> int:
    found = _melding(args)
    if found is None:
        return 2
    service, melding = found
    made = service.write_file(melding, args.uit, args.formaat)
    if args.uit is None:
        sys.stdout.write(made.file.text)
    err(*(line for line in (made.file.warning, made.receipt) if line))
    return 0


def receive(args: argparse.Namespace) -> int:
    """`veilig ontvang`: check and keep encrypted files, never writing them decrypted.
    Meldingen are taken before additions, so `veilig ontvang *.veilig` works in any order."""
    from datetime import UTC, datetime

    from veilig_tui.handoff import (
        KEY_FILE,
        AdditionPayload,
        HandoffError,
        Payload,
        keep,
        load_identities,
        open_file,
    )
    from veilig_tui.store import data_dir

    store = open_store(args)
    if store is None:
        return 2
    root = data_dir(getattr(args, "data", None), os.environ)
    key_file: Path = args.sleutel or root / KEY_FILE
    try:
        identities = load_identities(
            key_file, lambda: ask_passphrase("Wachtwoord van je sleutel: ")
        )
    except (HandoffError, HandoffRefusal) as exc:
        err(f"{key_file}: {exc}")
        return 2
    refused = 0
    opened: list[tuple[Path, bytes, Payload | AdditionPayload]] = []
    for path in args.bestanden:
        try:
            data = path.read_bytes()
        except OSError:
            err(f"{path}: dit bestand kan niet worden gelezen.")
            refused += 1
            continue
        try:
            opened.append((path, data, open_file(data, identities)))
        except HandoffError as exc:
            err(f"{path}: {exc} Er is niets opgeslagen.")
            refused += 1
    opened.sort(key=lambda item: isinstance(item[2], AdditionPayload))  # meldingen first
    for path, data, payload in opened:
        try:
            kept = keep(root, data, payload, identities, datetime.now(UTC))
        except HandoffError as exc:
            err(f"{path}: {exc} Er is niets opgeslagen.")
            refused += 1
            continue
        except OSError as exc:
            err(f"{path}: opslaan lukte niet ({os_reason(exc)}). Er is niets opgeslagen.")
            refused += 1
            continue
        print(f"{path}: {kept}")
    return 2 if refused else 0


def ask_passphrase(prompt: str) -> str:
    """Ask a passphrase on the terminal, never echoed; never from an argument or variable."""
    import getpass

    if not sys.stdin.isatty():
        raise HandoffRefusal(
            "Typ het wachtwoord in een terminal. veilig leest het nooit uit een argument of "
            "een omgevingsvariabele."
        )
    return getpass.getpass(prompt)


class HandoffRefusal(Exception):
    """The passphrase cannot be asked here (no terminal)."""


def make_key(args: argparse.Namespace) -> int:
    """`veilig sleutel-maken`: a passphrase-protected identity in the data folder."""
    from veilig_tui.handoff import KEY_FILE, HandoffError, make_identity
    from veilig_tui.org import fingerprint
    from veilig_tui.store import data_dir

    if open_store(args) is None:
        return 2
    root = data_dir(getattr(args, "data", None), os.environ)
    if (root / KEY_FILE).exists():
        err(
            f"Er is al een sleutel: {root / KEY_FILE}. Een nieuwe sleutel zou bestanden voor "
            "de oude onleesbaar maken. Gebruik de oude, of verplaats hem eerst zelf."
        )
        return 2
    print("Je maakt een sleutel. Daarmee open je meldingen die voor jou zijn versleuteld.")
    print(
        "Kies een wachtwoord dat je onthoudt. Zonder wachtwoord kan niemand de sleutel gebruiken."
    )
    try:
        first = ask_passphrase("Nieuw wachtwoord: ")
        if ask_passphrase("Nog een keer: ") != first:
            err("De twee wachtwoorden zijn niet gelijk. Er is geen sleutel gemaakt.")
            return 1
        public = make_identity(root, first)
    except (HandoffError, HandoffRefusal) as exc:
        err(str(exc))
        return 2
    print(f"Je sleutel staat in {root / KEY_FILE}.")
    print("Zet deze regel bij jouw rol in profiel.yaml (de kwaliteitsmedewerker doet dat):")
    print(f'    sleutel: "{public}"')
    print(
        f"Controlecode: {fingerprint(public)}. Lees die door de telefoon voor aan wie het profiel"
    )
    print("aanpast, en vergelijk met wat 'veilig controleer' toont.")
    print("Maak een reservekopie van het sleutelbestand (het is beschermd met je wachtwoord).")
    print("Kwijt, of wachtwoord vergeten? Dan kun je bestanden voor deze sleutel niet meer openen.")
    print("Daarvoor is er de reservesleutel in het profiel.")
    return 0


def show_key(args: argparse.Namespace) -> int:
    """`veilig sleutel-toon`: the public key and its check code, without the passphrase."""
    from veilig_tui.handoff import PUBLIC_FILE
    from veilig_tui.org import fingerprint
    from veilig_tui.store import data_dir

    if open_store(args) is None:
        return 2
    path = data_dir(getattr(args, "data", None), os.environ) / PUBLIC_FILE
    try:
        public = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        err("Er is nog geen sleutel op deze computer. Maak er een met: veilig sleutel-maken")
        return 1
    print(f'sleutel: "{public}"')
    print(f"Controlecode: {fingerprint(public)}")
    return 0


def handed_over(args: argparse.Namespace) -> int:
    found = _melding(args)
    if found is None:
        return 2
    service, melding = found
    melding = service.hand_over(melding.reference, args.aan)
    print(f"Genoteerd: {melding.reference} is overgedragen aan {melding.handed_over_to}.")
    remove = args.verwijder
    if not remove and sys.stdin.isatty():
        try:
            answer = input("Wil je de kopie op deze computer nu verwijderen? (j/n) ")
        except EOFError:  # Ctrl+D: no answer, so nothing is removed
            answer = ""
            print()
        remove = answer.strip().lower() in ("j", "ja")
    if remove:
        service.remove(melding.reference)
        print("De melding is van deze computer verwijderd.")
    else:
        print(
            f"De kopie blijft bewaard tot de bewaartermijn voorbij is. Nu verwijderen: "
            f"veilig overgedragen {melding.reference} --aan '{args.aan}' --verwijder"
        )
    return 0


def addition(args: argparse.Namespace) -> int:
    from veilig_tui.plain import UNREADABLE
    from veilig_tui.service import ServiceError

    service = open_service(args)
    if service is None:
        return 2
    service.get(args.kenmerk)  # an unknown reference is said before anything is typed
    target: Path | None = getattr(args, "uit", None)
    if target is not None and target.exists() and not target.is_dir():
        err(f"Het bestand {target} bestaat al. Kies een andere naam; er wordt niets overschreven.")
        return 2
    try:
        text = read_addition()
    except (EOFError, KeyboardInterrupt):  # Ctrl+D or Ctrl+C while typing
        print()
        err("Gestopt. Er is niets toegevoegd; de melding is niet veranderd.")
        return 1
    if not text.strip():
        err("Er is niets getypt. Er is niets toegevoegd.")
        return 1  # nothing went wrong, but what was asked did not happen
    if UNREADABLE in text:
        err(
            f"Let op: een paar tekens konden niet worden gelezen. Ze staan er nu als "
            f"{UNREADABLE}. De rest van je aanvulling is er nog."
        )
    melding = service.add(args.kenmerk, text)
    print("De aanvulling is bewaard bij de melding, met de datum van vandaag.")
    if target is None and melding.additions[-1].sealed:  # only kept encrypted: give the file
        target = service.default_path(melding, "veilig").parent
    if target is None:
        return 0
    if not loaded(service, str(melding.content.get("flow_id") or DEFAULT_FLOW)):
        return 2
    try:
        made = service.write_addition(melding, target)
    except ServiceError as exc:
        err(str(exc), "De aanvulling is wel bewaard op deze computer.")
        return 2
    err(*(line for line in (made.file.warning, made.receipt) if line))
    return 0


def read_addition() -> str:
    """The text of an addition: typed lines up to an empty line, or all of a pipe."""
    if not sys.stdin.isatty():
        return sys.stdin.read()
    print(
        "Typ je aanvulling. Sluit af met een lege regel. Stoppen zonder iets toe te voegen: Ctrl+C."
    )
    lines: list[str] = []
    while (line := input()) != "":
        lines.append(line)
    return "\n".join(lines)


def cleanup(args: argparse.Namespace) -> int:
    from veilig_tui.problems import ProblemsError

    service = open_service(args)
    if service is None:
        return 2
    try:
        report = service.clean_up(args.proef)
    except ProblemsError as exc:
        err("Het profiel heeft fouten, dus de bewaartermijnen zijn niet bekend:", str(exc))
        return 2
    print(report.summary())
    keep = service.profile.model.bewaren
    print(
        f"Bewaartermijnen: concepten {keep.concept_dagen} dagen; "
        f"meldingen {keep.na_overdracht_dagen} dagen na overdracht. "
        "Een melding die nog niet is overgedragen, blijft altijd bewaard."
    )
    return broken_copies(
        service.store, report.broken_copies, remove=args.kapot_verwijderen, dry=args.proef
    )


def broken_copies(store: Store, copies: Sequence[BrokenCopy], *, remove: bool, dry: bool) -> int:
    """List the `.kapot-` copies with their age; remove them only after a clear yes."""
    from veilig_tui.store import local_now

    if not copies:
        if remove:
            print("Er zijn geen kopieën van kapotte bestanden.")
        return 0
    now = local_now()
    print()
    print(
        f"Kopieën van kapotte bestanden: {len(copies)}. "
        "Veilig verwijdert ze nooit vanzelf: er kan een melding in staan die nergens anders is."
    )
    for copy in copies:
        days = copy.age_days(now)
        print(f"  {copy.path}  ({days} {'dag' if days == 1 else 'dagen'} oud)")
    print(
        "Bekijken: open het bestand in een teksteditor, of met: less BESTAND. "
        "Vraag je ICT-afdeling om hulp als je een melding terug wilt halen."
    )
    if not remove:
        print("Verwijderen: veilig opschonen --kapot-verwijderen")
        return 0
    if dry:
        print("Zonder --proef vraagt veilig of deze bestanden weg mogen.")
        return 0
    word = "dit bestand" if len(copies) == 1 else f"deze {len(copies)} bestanden"
    print(f"Wil je {word} echt verwijderen? Dat kan niet ongedaan worden gemaakt. (j/n) ", end="")
    sys.stdout.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer not in ("j", "ja"):
        print()
        print("Er is niets verwijderd.")
        return 1
    removed = store.remove_broken_copies(copies)
    print(f"Verwijderd: {removed} {'bestand' if removed == 1 else 'bestanden'}.")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the chosen command; a refusal or a storage problem is a Dutch message, exit 2."""
    handler = HANDLERS.get(args.command or "", dialogue)
    tolerate_bad_input()
    try:
        try:
            if getattr(args, "organisatie", None) is not None:
                folder_of(args)  # a chosen folder that is not one is an error, also where unused
            return handler(args)
        except Exception as exc:
            if isinstance(exc, Refusal) or is_known_error(exc):
                err(str(exc))
                return 2
            raise
    except KeyboardInterrupt:  # Ctrl+C where no command says more
        print()
        err("Gestopt. Wat al bewaard was, blijft bewaard.")
        return 1
    except Exception as exc:  # a last resort: a Dutch message instead of a traceback
        err(
            "Er ging iets mis dat veilig niet verwachtte. Veilig heeft niets weggegooid.",
            "Vraag je ICT-afdeling om hulp, en geef ze deze regel:",
            f"  {type(exc).__name__}: {exc}",
            DANGER,
        )
        return 2


def web(args: argparse.Namespace) -> int:
    """`veilig web`: the app in a browser (see veilig_tui.web)."""
    from veilig_tui.web.start import serve

    return serve(args)


def is_known_error(exc: BaseException) -> bool:
    """A storage or use-case problem (a Dutch message)? Their modules are not imported to
    ask: importing them costs the terminal app its first frame, and an error from one
    means it is loaded."""
    for module, name in (
        ("veilig_tui.store", "StoreError"),
        ("veilig_tui.service", "ServiceError"),
    ):
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return True
    return False


def tolerate_bad_input() -> None:
    """Bytes on standard input that are not valid text become U+FFFD instead of a crash."""
    if isinstance(sys.stdin, io.TextIOWrapper):
        with contextlib.suppress(ValueError):  # already read from: it keeps its setting
            sys.stdin.reconfigure(errors="replace")


def dossier(args: argparse.Namespace) -> int:
    """`veilig dossier`: the meldpunt's dossiers (veilig_tui.dossier)."""
    from veilig_tui.dossier.command import run as run_dossier

    return run_dossier(args)


def practise(args: argparse.Namespace) -> int:
    from veilig_tui.training.command import run as run_practice

    return run_practice(args)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "controleer": check,
    "organisatie-maken": make,
    "diagram": diagram,
    "schema": schema,
    "lijst": listing,
    "concepten": drafts,
    "export": export,
    "ontvang": receive,
    "sleutel-maken": make_key,
    "sleutel-toon": show_key,
    "overgedragen": handed_over,
    "aanvullen": addition,
    "opschonen": cleanup,
    "dossier": dossier,
    "oefenen": practise,
    "web": web,
}
