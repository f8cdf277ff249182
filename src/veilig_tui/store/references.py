"""Melding references like VZ-2026-7KQ4XM9P: short, readable aloud, and unique in practice."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Container

#: Digits and capitals without the look-alikes 0/O, 1/I/L: 31 symbols.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

#: Collision odds. References from different computers only meet at the meldpunt, so the
#: local check below cannot prevent those clashes; randomness must. With n references in
#: one year and N = 31**LENGTH possible codes, P(any clash) ~ n*n / (2*N):
#:   6 symbols: N = 8.9e8,  n = 10 000 -> 5.6 % per year   (too high)
#:   7 symbols: N = 2.8e10, n = 10 000 -> 0.18 % per year
#:   8 symbols: N = 8.5e11, n = 10 000 -> 0.006 % per year (once in ~17 000 years)
#: Eight symbols stay easy to read out over the phone and make a clash negligible,
#: even at 100 000 meldingen per year (0.6 %).
LENGTH = 8
PREFIX = "VZ"

_PATTERN = re.compile(rf"{PREFIX}-\d{{4}}-[{ALPHABET}]{{{LENGTH}}}")


def new_reference(
    year: int, taken: Container[str], choose: Callable[[str], str] = secrets.choice
) -> str:
    """Draw a reference for the year that is not in `taken` (the local archive)."""
    for _ in range(100):
        code = "".join(choose(ALPHABET) for _ in range(LENGTH))
        reference = f"{PREFIX}-{year:04d}-{code}"
        if reference not in taken:
            return reference
    raise RuntimeError("no free reference found; is the random source broken?")


def draft_reference(year: int, draft_id: str, attempt: int = 0) -> str:
    """The reference a draft gets when it is finished, derived from its random id.

    Finishing the same draft again (a second window, a retry after an error) finds the
    melding it made with one look at a file name, whatever the size of the archive.
    `attempt` picks the next one when another draft already has this reference.
    """
    seed = hashlib.sha256(f"{draft_id}\0{attempt}".encode()).digest()
    number = int.from_bytes(seed, "big")
    code = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        code.append(ALPHABET[index])
    return f"{PREFIX}-{year:04d}-{''.join(code)}"


def normalise_reference(text: str) -> str:
    """Reference as typed by a person: trims spaces, ignores case."""
    return text.strip().upper()


def is_reference(text: str) -> bool:
    """True when the text has the shape of a reference."""
    return _PATTERN.fullmatch(text) is not None
