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


def not_writable(path: Path) -> str:
    """Saving failed, for example because the disk is full."""
    return (
        f"Veilig kon niet opslaan in {path}. Misschien is de schijf vol. "
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
