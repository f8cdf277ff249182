"""Dutch texts (B1 level) that the store shows to users."""

from __future__ import annotations

from pathlib import Path


def busy() -> str:
    """Another process holds the store lock for too long."""
    return (
        "Een ander venster van veilig is nog bezig met opslaan. "
        "Daarom kan veilig nu even niet verder. "
        "Wacht een paar seconden en probeer het opnieuw. "
        "Wat je typte, staat nog op het scherm."
    )


def file_too_open(path: Path) -> str:
    """A data file could be read by others; its mode was fixed."""
    return (
        f"De rechten van {path} waren te ruim. Ook anderen konden het bestand lezen. "
        "Dat is nu aangepast. Alleen jij kunt het bestand nu lezen."
    )


def dir_too_open(path: Path) -> str:
    """The data directory could be opened by others; its mode was fixed."""
    return (
        f"De rechten van de map {path} waren te ruim. Ook anderen konden erin kijken. "
        "Dat is nu aangepast. Alleen jij kunt de map nu openen."
    )


def moved_aside(path: Path, kept_as: Path) -> str:
    """A data file could not be parsed and was kept under another name."""
    return (
        f"Veilig kon het bestand {path} niet lezen. Het bestand is kapot. "
        f"Er is niets weggegooid: het bestand is bewaard als {kept_as}. "
        "Veilig gaat verder zonder de gegevens uit dat bestand. "
        "Vraag je ICT-afdeling om hulp als je die gegevens nodig hebt."
    )


def unreadable(path: Path) -> str:
    """A data file exists but the operating system refuses to read it."""
    return (
        f"Veilig kan het bestand {path} niet openen. "
        "Veilig heeft niets veranderd en niets weggegooid. "
        "Vraag je ICT-afdeling om hulp."
    )


def not_writable(path: Path, cause: str = "Misschien is de schijf vol.") -> str:
    """Saving failed; `cause` says why, as far as is known."""
    return (
        f"Veilig kon niet opslaan in {path}. {cause} "
        "Wat je typte, staat nog op het scherm. "
        "Probeer het opnieuw of vraag je ICT-afdeling om hulp."
    )


def not_a_directory(path: Path) -> str:
    """The chosen data path exists but is not a directory."""
    return f"{path} is geen map. Kies een andere map voor de gegevens van veilig."


def cannot_create(path: Path) -> str:
    """The data directory could not be created."""
    return (
        f"Veilig kan de map {path} niet maken. "
        "Kies een andere map met --data, of vraag je ICT-afdeling om hulp."
    )


def cannot_protect(path: Path) -> str:
    """The mode of a data file or directory could not be fixed."""
    return (
        f"Veilig kan {path} niet afschermen voor anderen. "
        "Misschien is het van een andere gebruiker. Vraag je ICT-afdeling om hulp."
    )


def unknown_reference(reference: str) -> str:
    """No finished melding has this reference."""
    return f"Er is geen melding met kenmerk {reference}. Misschien is die al verwijderd."


def foreign_dir(path: Path) -> str:
    """--data points at a folder with files that are not veilig's."""
    return (
        f"De map {path} is geen map van veilig: er staan andere bestanden in. "
        "Veilig verandert niets in die map. "
        "Kies met --data een nieuwe of lege map, of laat --data weg."
    )


def lock_not_a_file(path: Path) -> str:
    """The lock file of the data folder is a folder or something else."""
    return (
        f"Veilig kan de gegevens niet gebruiken: {path} hoort een gewoon bestand te zijn, "
        "maar het is een map. Veilig heeft niets veranderd. "
        "Vraag je ICT-afdeling om die map weg te halen."
    )


def newer_format(path: Path) -> str:
    """The data folder was written by a newer veilig."""
    return (
        f"De gegevens in {path} zijn gemaakt met een nieuwere versie van veilig. "
        "Veilig heeft niets veranderd. Gebruik de nieuwe versie, of vraag je ICT-afdeling om hulp."
    )


def read_only(path: Path) -> str:
    """The data folder is on a file system that cannot be written."""
    return (
        f"Veilig kan niets bewaren in {path}: daar mag niets worden opgeslagen (alleen lezen). "
        "Kies een andere map met --data, of vraag je ICT-afdeling om hulp."
    )


def name_too_long(path: Path) -> str:
    """A folder name is longer than the file system allows."""
    return (
        f"De naam van de map is te lang: {str(path)[:60]}… "
        "Kies met --data een map met een kortere naam."
    )


def no_access(path: Path) -> str:
    """The operating system refuses access to the data folder."""
    return (
        f"Veilig mag niet in de map {path} schrijven. "
        "Kies een andere map met --data, of vraag je ICT-afdeling om hulp."
    )


def invalid_draft_id(draft_id: str) -> str:
    """A draft id with characters that no draft id has."""
    shown = draft_id if len(draft_id) <= 40 else draft_id[:40] + "…"
    return (
        f"Er is geen concept '{shown}'. De naam van een concept heeft alleen letters en cijfers. "
        "Kijk welke er zijn met: veilig concepten"
    )


def already_finished(reference: str) -> str:
    """This draft was finished before (in another window, or before an error)."""
    return (
        f"Deze melding was al afgerond en bewaard, met kenmerk {reference}. "
        "Er is geen tweede melding gemaakt. De melding is bewaard zoals hij toen was."
    )


def audit_missing(reference: str) -> str:
    """The melding is stored, but its line in the audit log could not be written."""
    return (
        f"Je melding is wel bewaard, met kenmerk {reference}. Alleen de regel in het "
        "logboek van veilig ontbreekt: die kon niet worden geschreven. Je hoeft niets "
        "opnieuw te doen. Vertel het je ICT-afdeling, dan kijken zij naar het logboek."
    )


def draft_left_behind() -> str:
    """The melding is stored, but its draft file could not be removed."""
    return (
        "Je melding is wel bewaard. De onafgemaakte versie kon niet worden weggehaald. "
        "Veilig haalt hem weg bij de volgende start."
    )
