"""Checks on typed input: dates, privacy hints and harmless display of control codes."""

from __future__ import annotations

import datetime as dt

import pytest

from veilig_tui.flow.inputs import AnswerError, format_date, parse_date, privacy_hints, visible

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("vandaag", "2026-11-28"),
        ("Gisteren", "2026-11-27"),
        ("eergisteren 07:15", "2026-11-26T07:15"),
        ("3-4-2026", "2026-04-03"),
        ("03/04/2026 9.05", "2026-04-03T09:05"),
        ("2026-04-03", "2026-04-03"),
    ],
)
def test_dates_people_type(typed: str, iso: str) -> None:
    assert parse_date(typed, TODAY) == iso


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("morgen", "Deze datum begrijpt de app niet"),
        ("31-02-2026", "Deze datum bestaat niet"),
        ("29-11-2026", "Deze datum ligt in de toekomst"),
        ("01-01-1850", "Dit jaar klopt niet"),
        ("01-01-2026 25:00", "Deze tijd bestaat niet"),
    ],
)
def test_bad_dates_get_a_dutch_fix(typed: str, says: str) -> None:
    with pytest.raises(AnswerError, match=says):
        parse_date(typed, TODAY)


def test_format_date() -> None:
    assert format_date("2026-04-03") == "03-04-2026"
    assert format_date("2026-04-03T09:05") == "03-04-2026 09:05"


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Jan de Vries sloeg de cliënt", "naam", "Jan de Vries"),
        ("Ik hoorde mevrouw Bakker huilen", "naam", "mevrouw Bakker"),
        ("BSN 111222333 staat in het dossier", "bsn", "111222333"),
        ("bel haar op 06-12345678", "telefoon", "06-12345678"),
        ("of +31 20 123 4567", "telefoon", "+31 20 123 4567"),
        ("zij woont Kerkstraat 12", "adres", "Kerkstraat 12"),
        ("postcode 1234 AB", "adres", "1234 AB"),
        # found by the maintained libraries, missed by hand-written patterns before
        ("haar Belgische nummer is +32 470 12 34 56", "telefoon", "+32 470 12 34 56"),
        ("bel (020) 123 45 67 na vijven", "telefoon", "(020) 123 45 67"),
    ],
)
def test_privacy_hints(text: str, kind: str, found: str) -> None:
    hints = privacy_hints(text)
    assert [(h.kind, h.found) for h in hints] == [(kind, found)]
    assert hints[0].message


@pytest.mark.parametrize(
    "text",
    [
        "De cliënt zei dat collega A. boos werd.",
        "Toen de Collega binnenkwam, huilde de cliënt.",
        "Cliëntnummer C-1042, gisteren om 14:30.",
        "Het getal 123456789 is geen BSN.",
        "Op 12-03-2026 om 14:30 in kamer 12.",
        "Postcode 1234 SA bestaat niet.",
    ],
)
def test_no_hint_for_ordinary_text(text: str) -> None:
    assert privacy_hints(text) == []


def test_visible_makes_control_codes_harmless() -> None:
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("regel 1\nregel 2\tx") == "regel 1\nregel 2\tx"
    assert visible("\x9b31m") == "<U+009B>31m"
