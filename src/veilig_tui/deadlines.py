"""Werkdagen en termijnen volgens de Algemene termijnenwet (o.a. de IGJ-meldtermijn)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

import holidays

__all__ = [
    "IGJ_WERKDAGEN",
    "Deadline",
    "SkippedDay",
    "WorkingDays",
    "explain",
    "format_datum",
    "igj_deadline",
]

#: "binnen drie werkdagen nadat het is vastgesteld"
IGJ_WERKDAGEN = 3

# Names (as the `holidays` package spells them with language="nl") of the days that
# art. 3 Algemene termijnenwet skips, mapped to the name we show to users. The dates
# themselves always come from the package. Days the package knows but art. 3 does not
# name (Eerste paasdag, Eerste pinksterdag: always a Sunday anyway) are deliberately
# absent, so they are reported as "zondag".
_ART3_NAMEN: Mapping[str, str] = MappingProxyType(
    {
        "Nieuwjaarsdag": "Nieuwjaarsdag",
        "Goede vrijdag": "Goede Vrijdag",  # art. 3 lid 2
        "Tweede paasdag": "Tweede Paasdag",
        "Koningsdag": "Koningsdag",
        "Koninginnedag": "Koninginnedag",  # before 2014
        "Bevrijdingsdag": "Bevrijdingsdag",  # 5 mei, every year
        "Hemelvaartsdag": "Hemelvaartsdag",
        "Tweede pinksterdag": "Tweede Pinksterdag",
        "Eerste kerstdag": "Eerste Kerstdag",
        "Tweede kerstdag": "Tweede Kerstdag",
    }
)

# "public" has Goede vrijdag but 5 mei only in lustrum years; "optional" adds 5 mei
# every year. Both checked against holidays 0.109.
_CATEGORIEEN = ("public", "optional")

_GEEN: Mapping[date, str] = MappingProxyType({})

_WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class SkippedDay:
    """A day that did not count as a working day, with the Dutch reason."""

    day: date
    reason: str


@dataclass(frozen=True)
class Deadline:
    """The last day of a term of ``working_days`` working days after ``start``."""

    start: date
    last_day: date
    working_days: int
    skipped: tuple[SkippedDay, ...]


@cache
def _feestdagen(year: int) -> Mapping[date, str]:
    """Art. 3 days of one year (date -> Dutch display name), cached per year."""
    kalender = holidays.country_holidays("NL", years=year, categories=_CATEGORIEEN, language="nl")
    result: dict[date, str] = {}
    for dag in sorted(kalender):
        namen = [_ART3_NAMEN[n] for n in kalender.get_list(dag) if n in _ART3_NAMEN]
        if namen:
            result[dag] = " en ".join(dict.fromkeys(namen))
    return MappingProxyType(result)


class WorkingDays:
    """Working-day calendar: no weekend, no art. 3 feestdag, no gelijkgestelde dag."""

    def __init__(self, gelijkgestelde_dagen: Mapping[date, str] = _GEEN) -> None:
        self._gelijkgesteld: Mapping[date, str] = MappingProxyType(dict(gelijkgestelde_dagen))

    def reason_not_working(self, d: date) -> str | None:
        """Dutch reason why ``d`` is not a working day, or None if it is one.

        A feestdag name wins over a gelijkgestelde dag, which wins over the weekday
        name (so Saturday 26 December is reported as "Tweede Kerstdag").
        """
        feestdag = _feestdagen(d.year).get(d)
        if feestdag is not None:
            return feestdag
        gelijk = self._gelijkgesteld.get(d)
        if gelijk is not None:
            return gelijk
        if d.weekday() >= 5:
            return _WEEKDAGEN[d.weekday()]
        return None

    def is_working_day(self, d: date) -> bool:
        """True if ``d`` counts as a working day."""
        return self.reason_not_working(d) is None

    def add(self, start: date, n: int) -> Deadline:
        """Deadline ``n`` working days after ``start``; ``start`` itself is not counted."""
        if n < 0:
            raise ValueError(f"aantal werkdagen mag niet negatief zijn: {n}")
        skipped: list[SkippedDay] = []
        dag = start
        geteld = 0
        while geteld < n:
            dag += timedelta(days=1)
            reden = self.reason_not_working(dag)
            if reden is None:
                geteld += 1
            else:
                skipped.append(SkippedDay(dag, reden))
        return Deadline(start=start, last_day=dag, working_days=n, skipped=tuple(skipped))

    def left(self, deadline: Deadline, today: date) -> int:
        """Working days after ``today`` up to and including the last day.

        ``today`` itself is not counted, so this is 0 on the last day and afterwards.
        """
        aantal = 0
        dag = today + timedelta(days=1)
        while dag <= deadline.last_day:
            if self.is_working_day(dag):
                aantal += 1
            dag += timedelta(days=1)
        return aantal

    def is_overdue(self, deadline: Deadline, today: date) -> bool:
        """True once ``today`` is after the last day (the last day itself is still on time)."""
        return today > deadline.last_day


def igj_deadline(vastgesteld: date, gelijkgestelde_dagen: Mapping[date, str] = _GEEN) -> Deadline:
    """Last day to report to the IGJ: three working days after ``vastgesteld``."""
    return WorkingDays(gelijkgestelde_dagen).add(vastgesteld, IGJ_WERKDAGEN)


def format_datum(d: date) -> str:
    """Dutch date with weekday, e.g. "woensdag 30 december 2026" (locale independent)."""
    return f"{_WEEKDAGEN[d.weekday()]} {d.day} {_MAANDEN[d.month - 1]} {d.year}"


def _opsomming(delen: list[str]) -> str:
    if len(delen) <= 1:
        return "".join(delen)
    return ", ".join(delen[:-1]) + " en " + delen[-1]


def explain(deadline: Deadline) -> str:
    """Short Dutch (B1) explanation of a deadline and the days that were skipped."""
    tekst = f"Uiterlijk {format_datum(deadline.last_day)}."
    if not deadline.skipped:
        return tekst + " Er zijn geen dagen overgeslagen."
    delen = []
    for s in deadline.skipped:
        datum = format_datum(s.day)
        # "zondag 27 december 2026 (zondag)" says the same thing twice.
        delen.append(datum if s.reason == _WEEKDAGEN[s.day.weekday()] else f"{datum} ({s.reason})")
    return f"{tekst} Overgeslagen: {_opsomming(delen)}."
