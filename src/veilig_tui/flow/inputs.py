"""Checks on what people type: dates, free text, and gentle privacy hints."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


class AnswerError(ValueError):
    """An answer that cannot be accepted; the message says in Dutch what to do."""


_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:t(\d{2}):(\d{2}))?$")
_WORDS = {"vandaag": 0, "gisteren": 1, "eergisteren": 2}
DATE_HELP = "Typ een datum als dd-mm-jjjj, bijvoorbeeld 14-03-2026, of 'vandaag' of 'gisteren'."


def parse_date(text: str, today: dt.date) -> str:
    """A Dutch date (and optional time) as ISO text; raises AnswerError with the fix."""
    raw = " ".join(text.strip().lower().split())
    word, _, rest = raw.partition(" ")
    if word in _WORDS:
        day = today - dt.timedelta(days=_WORDS[word])
        if not rest:
            return day.isoformat()
        raw = f"{day:%d-%m-%Y} {rest}"
    iso = _ISO.match(raw)
    if iso:  # as saved in a draft: replayed answers come back in this form
        raw = f"{iso[3]}-{iso[2]}-{iso[1]}" + (f" {iso[4]}:{iso[5]}" if iso[4] else "")
    match = _DATE.match(raw)
    if not match:
        raise AnswerError(f"Deze datum begrijpt de app niet. {DATE_HELP}")
    d, m, y, hh, mm = match.groups()
    try:
        day = dt.date(int(y), int(m), int(d))
    except ValueError:
        raise AnswerError(f"Deze datum bestaat niet. {DATE_HELP}") from None
    if day > today:
        raise AnswerError("Deze datum ligt in de toekomst. Typ 'vandaag' of een eerdere datum.")
    if day.year < 1900:
        raise AnswerError(f"Dit jaar klopt niet. {DATE_HELP}")
    if hh is None:
        return day.isoformat()
    if int(hh) > 23 or int(mm) > 59:
        raise AnswerError("Deze tijd bestaat niet. Typ de tijd als uu:mm, bijvoorbeeld 14:30.")
    return f"{day.isoformat()}T{int(hh):02d}:{mm}"


def format_date(iso: str) -> str:
    """ISO date (and time) from parse_date as Dutch dd-mm-jjjj (uu:mm)."""
    day, _, time = iso.partition("T")
    y, m, d = day.split("-")
    return f"{d}-{m}-{y}" + (f" {time}" if time else "")


@dataclass(frozen=True)
class PrivacyHint:
    """Text that looks like personal data, with a gentle Dutch suggestion."""

    kind: str
    found: str
    message: str


#: Digit groups that may be a BSN (8 or 9 digits, maybe split by spaces, dots or dashes).
_NUMBER = re.compile(r"(?<![\d+])(\d[\d .-]{6,12}\d)(?!\d)")
#: Candidates for a Dutch postcode; python-stdnum decides which ones are real.
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_STREET = re.compile(
    r"\b[A-Z][a-zà-ÿ]+(?:straat|laan|weg|plein|gracht|kade|dijk|singel|hof|park|pad|steeg|"
    r"dreef|plantsoen|markt|baan|wal|erf)\s+\d+[a-zA-Z]?\b"
)
_PARTICLES = r"(?:van|de|der|den|het|ter|ten|te|la|le|du|da|op|in|'t)"
_NAME = re.compile(
    rf"\b([A-Z][a-zà-ÿ]+)\s+((?:{_PARTICLES}\s+)*)([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)\b"
)
_TITLED = re.compile(
    rf"\b(?:[Mm]evrouw|[Mm]eneer|[Mm]w\.|[Dd]hr\.)\s+(?:{_PARTICLES}\s+)*[A-Z][a-zà-ÿ]+"
)
# Capitalised words that often start a sentence or name a role, not a person.
_NOT_NAMES = {
    w.casefold()
    for w in [
        "De",
        "Het",
        "Een",
        "Ik",
        "Jij",
        "Je",
        "Hij",
        "Zij",
        "Ze",
        "Wij",
        "We",
        "Jullie",
        "Die",
        "Dat",
        "Dit",
        "Deze",
        "Toen",
        "Daarna",
        "Later",
        "Eerst",
        "Gisteren",
        "Vandaag",
        "Morgen",
        "Vanochtend",
        "Vanmiddag",
        "Vanavond",
        "Vannacht",
        "Maandag",
        "Dinsdag",
        "Woensdag",
        "Donderdag",
        "Vrijdag",
        "Zaterdag",
        "Zondag",
        "Januari",
        "Februari",
        "Maart",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Augustus",
        "September",
        "Oktober",
        "November",
        "December",
        "Mevrouw",
        "Meneer",
        "Cliënt",
        "Client",
        "Collega",
        "Vrijwilliger",
        "Medewerker",
        "Zorgverlener",
        "Verzorgende",
        "Wijkverpleegkundige",
        "Familie",
        "Partner",
        "Dochter",
        "Zoon",
        "Moeder",
        "Vader",
        "Buurman",
        "Buurvrouw",
        "Ook",
        "Maar",
        "En",
        "Of",
        "Want",
        "Omdat",
        "Als",
        "Bij",
        "Na",
        "Voor",
        "Met",
        "Op",
        "In",
        "Om",
        "Tijdens",
        "Volgens",
        "Niet",
        "Wel",
        "Er",
        "Hier",
        "Daar",
        "Zorg",
        "Thuiszorg",
        "Dienst",
        "Avonddienst",
        "Nachtdienst",
        "Dagdienst",
        "Ochtend",
        "Middag",
        "Avond",
        "Nacht",
        "Team",
    ]
}


def privacy_hints(text: str) -> list[PrivacyHint]:
    """Gentle warnings when free text looks like a BSN, phone number, address or full name."""
    # Imported here: they are only needed once someone types, not for the first screen.
    import phonenumbers
    from stdnum.nl import bsn, postcode

    hints: list[PrivacyHint] = []
    phones: list[range] = []
    for found in phonenumbers.PhoneNumberMatcher(text, "NL"):
        phones.append(range(found.start, found.end))
        hints.append(
            PrivacyHint(
                "telefoon",
                found.raw_string,
                "Dit lijkt op een telefoonnummer. Is dat nodig? Laat het anders weg.",
            )
        )
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        inside_phone = any(match.start(1) in span for span in phones)
        if not inside_phone and len(digits) in (8, 9) and bsn.is_valid(digits):
            hints.append(
                PrivacyHint(
                    "bsn",
                    match.group(1),
                    "Dit lijkt op een BSN (burgerservicenummer). Schrijf liever het cliëntnummer.",
                )
            )
    addresses = [
        *_STREET.finditer(text),
        *(m for m in _POSTCODE.finditer(text) if postcode.is_valid(m.group(0))),
    ]
    for match in addresses:
        hints.append(
            PrivacyHint(
                "adres",
                match.group(0),
                "Dit lijkt op een adres. Het adres is niet nodig. Laat het weg.",
            )
        )
    names = [m.group(0) for m in _TITLED.finditer(text)]
    for match in _NAME.finditer(text):
        first, last = match.group(1), match.group(3)
        if first.casefold() not in _NOT_NAMES and last.casefold() not in _NOT_NAMES:
            names.append(match.group(0))
    for name in names:
        hints.append(
            PrivacyHint(
                "naam",
                name,
                "Dit lijkt op een volledige naam. Schrijf liever een rol of voorletters, zoals 'de cliënt' of 'collega A.'.",
            )
        )
    return hints


def clean_text(text: str) -> str:
    """Free text as it will be saved: surrounding blank space removed, line ends unified."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


_CONTROL = {i: 0x2400 + i for i in range(0x20) if chr(i) not in "\n\t"}
_CONTROL[0x7F] = 0x2421


_SHOWN_BY_NUMBER = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Typed text made harmless for a terminal: control codes become visible symbols (␛).

    C1 control codes (e.g. U+009B, a one-character escape) and the bidirectional
    overrides that can reorder what a reader sees are shown by their number.
    """
    out = text.translate(_CONTROL)
    return _SHOWN_BY_NUMBER.sub(lambda m: f"<U+{ord(m.group()):04X}>", out)
