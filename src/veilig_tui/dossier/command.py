"""`veilig dossier`: unlock the holder's key once, then the dossier screens (or a task)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from veilig_tui.dossier import DossierDesk


def run(args: argparse.Namespace) -> int:
    """Open the holder's dossiers. With --naam/--rol: say once who you are. With
    --opschonen: delete closed dossiers past the retention period (--proef: only show).
    With --verbeterregister PAD: write the verbeterregister as CSV."""
    from veilig_tui.commands import HandoffRefusal, ask_passphrase, err, folder_of, open_store
    from veilig_tui.dossier import DossierError, open_desk, set_holder
    from veilig_tui.handoff import KEY_FILE, HandoffError, load_identities
    from veilig_tui.org import load_profile
    from veilig_tui.problems import ProblemsError
    from veilig_tui.store import data_dir

    if open_store(args) is None:
        return 2
    root = data_dir(getattr(args, "data", None), os.environ)
    if args.naam or args.rol:
        if not (args.naam and args.rol):
            err("Geef allebei: --naam NAAM en --rol ROL.")
            return 2
        try:
            who = set_holder(root, args.naam, args.rol)
        except DossierError as exc:
            err(str(exc))
            return 2
        print(f"Opgeslagen: jij bent {who}. Dit staat bij elke wijziging in je dossiers.")
        return 0
    try:
        profile = load_profile(folder_of(args).profile)
    except ProblemsError as exc:
        err("Het profiel van de organisatie heeft fouten:", str(exc))
        return 2
    from veilig_tui.commands import DANGER

    print(DANGER, flush=True)  # before the passphrase is asked: 112 comes first
    key_file: Path = args.sleutel or root / KEY_FILE
    try:
        identities = load_identities(
            key_file, lambda: ask_passphrase("Wachtwoord van je sleutel: ")
        )
        desk = open_desk(root, profile, identities)
        made = desk.sync()
    except (HandoffError, HandoffRefusal, DossierError) as exc:
        err(f"{exc} Er is niets veranderd.")
        return 2
    if args.opschonen:
        due = desk.clean_up(dry_run=args.proef)
        print(desk.retention_text())
        verb = "zou weg gaan" if args.proef else "verwijderd"
        for reference in due:
            print(f"{reference}: {verb}.")
        if not due:
            print("Er is geen afgesloten dossier over de bewaartermijn.")
        return 0
    if args.verbeterregister is not None:
        from veilig_tui.dossier.export import write_register

        target = write_register(desk, args.verbeterregister)
        print(f"Het verbeterregister staat in {target}. Er staan geen gegevens van cliënten in.")
        return 0
    if args.overdragen or args.overnemen:
        return transfer(args, desk)
    if args.verslag or args.igj_blad:
        return report(args, desk)
    if args.jaaroverzicht is not None:
        from veilig_tui.dossier.report import write
        from veilig_tui.dossier.yearly import overview_csv, overview_html

        yearly: Path = args.uit or Path(f"jaaroverzicht-{args.jaaroverzicht}.html")
        html = yearly.suffix.lower() in (".html", ".htm")
        make = overview_html if html else overview_csv
        write(yearly, make(desk, args.jaaroverzicht))
        print(f"Het jaaroverzicht staat in {yearly}. Er staan geen persoonsgegevens in.")
        return 0
    if made:
        print(f"{len(made)} nieuw(e) dossier(s) gemaakt van ontvangen meldingen.")
    from veilig_tui.tui.dossier.app import DossierApp

    protected = key_file.read_bytes().lstrip().startswith((b"-----BEGIN AGE", b"age-encryption"))

    def unlock(passphrase: str) -> list[object]:
        return load_identities(key_file, lambda: passphrase)

    DossierApp(desk, unlock=unlock if protected else None).run()
    return 0


def transfer(args: argparse.Namespace, desk: DossierDesk) -> int:
    """--overdragen KENMERK --aan ROL -o PAD, or --overnemen BESTAND."""
    from veilig_tui.commands import err
    from veilig_tui.dossier import DossierError
    from veilig_tui.dossier.transfer import SUFFIX, hand_over, take_over
    from veilig_tui.store.atomic import atomic_write

    try:
        if args.overnemen:
            try:
                data = args.overnemen.read_bytes()
            except OSError:
                err(f"{args.overnemen}: dit bestand kan niet worden gelezen.")
                return 2
            reference = take_over(desk, data)
            print(f"Dossier {reference} is nu van jou ({desk.holder}).")
            return 0
        if not args.aan:
            err("Zeg aan wie: --aan ROL (bijvoorbeeld --aan mt).")
            return 2
        target: Path = args.uit or Path(f"{args.overdragen.strip().upper()}{SUFFIX}")
        if target.exists():
            err(f"{target} bestaat al. Kies een ander bestand met -o.")
            return 2
        _, who = hand_over(desk, args.overdragen, args.aan, lambda data: atomic_write(target, data))
    except DossierError as exc:
        err(f"{exc} Er is niets veranderd.")
        return 2
    except OSError as exc:
        err(f"{target}: opslaan lukte niet ({exc.strerror}). Er is niets veranderd.")
        return 2
    print(f"Het dossier staat versleuteld in {target}. Alleen {who} kan het openen.")
    print("Geef het bestand aan die persoon. Jouw kopie kun je nu alleen nog lezen.")
    return 0


def report(args: argparse.Namespace, desk: DossierDesk) -> int:
    """--verslag KENMERK or --igj-blad KENMERK, with -o PAD (.md or .html)."""
    from veilig_tui.commands import err
    from veilig_tui.dossier import DossierError
    from veilig_tui.dossier.report import igj_sheet, summary, write

    reference = str(args.verslag or args.igj_blad).strip().upper()
    kind = "dossier" if args.verslag else "igj"
    target: Path = args.uit or Path(f"{reference}-{kind}.html")
    fmt = "md" if target.suffix.lower() == ".md" else "html"
    try:
        text = summary(desk, reference, fmt) if args.verslag else igj_sheet(desk, reference, fmt)
        write(target, text)
    except DossierError as exc:
        err(str(exc))
        return 2
    except OSError as exc:
        err(f"{target}: opslaan lukte niet ({exc.strerror}).")
        return 2
    print(f"Het verslag staat in {target}. Let op: het bevat persoonsgegevens.")
    print("Bewaar het veilig, en verwijder het als je het niet meer nodig hebt.")
    return 0
