"""Tests for working-day deadlines (expected dates worked out by hand from a calendar)."""

from __future__ import annotations

from datetime import date

import pytest

from veilig_tui.deadlines import (
    Deadline,
    SkippedDay,
    WorkingDays,
    explain,
    format_datum,
    igj_deadline,
)

GELIJK = "gelijkgestelde dag (Besluit gelijkstelling)"


def skipped(d: Deadline) -> list[tuple[date, str]]:
    return [(s.day, s.reason) for s in d.skipped]


def test_kerst_2026_holiday_name_wins_over_weekend() -> None:
    # Thu 24 Dec; Fri 25 + Sat 26 are Kerstdagen, Sun 27; Mon 28, Tue 29, Wed 30.
    d = igj_deadline(date(2026, 12, 24))
    assert d.start == date(2026, 12, 24)
    assert d.last_day == date(2026, 12, 30)
    assert d.working_days == 3
    assert skipped(d) == [
        (date(2026, 12, 25), "Eerste Kerstdag"),
        (date(2026, 12, 26), "Tweede Kerstdag"),  # a Saturday: holiday name reported
        (date(2026, 12, 27), "zondag"),
    ]


def test_koningsdag_2027() -> None:
    # Fri 23 Apr; Sat 24, Sun 25; Mon 26 (1), Tue 27 Koningsdag, Wed 28 (2), Thu 29 (3).
    d = igj_deadline(date(2027, 4, 23))
    assert d.last_day == date(2027, 4, 29)
    assert skipped(d) == [
        (date(2027, 4, 24), "zaterdag"),
        (date(2027, 4, 25), "zondag"),
        (date(2027, 4, 27), "Koningsdag"),
    ]


def test_pasen_2027() -> None:
    # Thu 25 Mar; Fri 26 Goede Vrijdag, Sat 27, Sun 28 (Eerste Paasdag is not in art. 3,
    # so it is just a Sunday), Mon 29 Tweede Paasdag; Tue 30, Wed 31, Thu 1 Apr.
    d = igj_deadline(date(2027, 3, 25))
    assert d.last_day == date(2027, 4, 1)
    assert skipped(d) == [
        (date(2027, 3, 26), "Goede Vrijdag"),
        (date(2027, 3, 27), "zaterdag"),
        (date(2027, 3, 28), "zondag"),
        (date(2027, 3, 29), "Tweede Paasdag"),
    ]


def test_pinksteren_2027() -> None:
    # Fri 14 May; Sat 15, Sun 16 (Eerste Pinksterdag), Mon 17 Tweede Pinksterdag;
    # Tue 18, Wed 19, Thu 20.
    d = igj_deadline(date(2027, 5, 14))
    assert d.last_day == date(2027, 5, 20)
    assert skipped(d) == [
        (date(2027, 5, 15), "zaterdag"),
        (date(2027, 5, 16), "zondag"),
        (date(2027, 5, 17), "Tweede Pinksterdag"),
    ]


def test_mei_2027_bevrijdingsdag_hemelvaart_en_gelijkgestelde_dag() -> None:
    # Tue 4 May; Wed 5 Bevrijdingsdag (2027 is no lustrum year), Thu 6 Hemelvaartsdag,
    # Fri 7 gelijkgesteld, Sat 8, Sun 9; Mon 10, Tue 11, Wed 12.
    d = igj_deadline(date(2027, 5, 4), {date(2027, 5, 7): GELIJK})
    assert d.last_day == date(2027, 5, 12)
    assert skipped(d) == [
        (date(2027, 5, 5), "Bevrijdingsdag"),
        (date(2027, 5, 6), "Hemelvaartsdag"),
        (date(2027, 5, 7), GELIJK),
        (date(2027, 5, 8), "zaterdag"),
        (date(2027, 5, 9), "zondag"),
    ]


def test_mei_2027_zonder_gelijkgestelde_dag() -> None:
    # Same start, Fri 7 now counts: Fri 7 (1), Mon 10 (2), Tue 11 (3).
    d = igj_deadline(date(2027, 5, 4))
    assert d.last_day == date(2027, 5, 11)
    assert skipped(d) == [
        (date(2027, 5, 5), "Bevrijdingsdag"),
        (date(2027, 5, 6), "Hemelvaartsdag"),
        (date(2027, 5, 8), "zaterdag"),
        (date(2027, 5, 9), "zondag"),
    ]


def test_gelijkgestelde_dag_2_januari_2026() -> None:
    # Wed 31 Dec 2025; Thu 1 Jan Nieuwjaarsdag, Fri 2 gelijkgesteld, Sat 3, Sun 4;
    # Mon 5, Tue 6, Wed 7.
    d = igj_deadline(date(2025, 12, 31), {date(2026, 1, 2): GELIJK})
    assert d.last_day == date(2026, 1, 7)
    assert skipped(d) == [
        (date(2026, 1, 1), "Nieuwjaarsdag"),
        (date(2026, 1, 2), GELIJK),
        (date(2026, 1, 3), "zaterdag"),
        (date(2026, 1, 4), "zondag"),
    ]


def test_gelijkgestelde_dag_15_mei_2026() -> None:
    # Wed 13 May; Thu 14 Hemelvaartsdag, Fri 15 gelijkgesteld, Sat 16, Sun 17;
    # Mon 18, Tue 19, Wed 20.
    d = igj_deadline(date(2026, 5, 13), {date(2026, 5, 15): "vrijdag na Hemelvaart"})
    assert d.last_day == date(2026, 5, 20)
    assert skipped(d) == [
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 15), "vrijdag na Hemelvaart"),
        (date(2026, 5, 16), "zaterdag"),
        (date(2026, 5, 17), "zondag"),
    ]


def test_bevrijdingsdag_2026_geen_lustrumjaar() -> None:
    # Mon 4 May; Tue 5 Bevrijdingsdag; Wed 6, Thu 7, Fri 8.
    d = igj_deadline(date(2026, 5, 4))
    assert d.last_day == date(2026, 5, 8)
    assert skipped(d) == [(date(2026, 5, 5), "Bevrijdingsdag")]


def test_bevrijdingsdag_2025_lustrumjaar_niet_dubbel() -> None:
    # Fri 2 May; Sat 3, Sun 4, Mon 5 Bevrijdingsdag (in both categories); Tue 6, Wed 7, Thu 8.
    d = igj_deadline(date(2025, 5, 2))
    assert d.last_day == date(2025, 5, 8)
    assert skipped(d) == [
        (date(2025, 5, 3), "zaterdag"),
        (date(2025, 5, 4), "zondag"),
        (date(2025, 5, 5), "Bevrijdingsdag"),
    ]


def test_bevrijdingsdag_valt_samen_met_hemelvaart_2016() -> None:
    assert WorkingDays().reason_not_working(date(2016, 5, 5)) == (
        "Bevrijdingsdag en Hemelvaartsdag"
    )


def test_koningsdag_2025_op_zaterdag_26_april() -> None:
    # 27 Apr 2025 is a Sunday, so Koningsdag is Saturday 26 Apr.
    wd = WorkingDays()
    assert wd.reason_not_working(date(2025, 4, 26)) == "Koningsdag"
    assert wd.reason_not_working(date(2025, 4, 27)) == "zondag"


def test_is_working_day() -> None:
    wd = WorkingDays({date(2027, 5, 7): GELIJK})
    assert wd.is_working_day(date(2027, 5, 4))  # Tuesday
    assert not wd.is_working_day(date(2027, 5, 5))
    assert not wd.is_working_day(date(2027, 5, 7))
    assert wd.reason_not_working(date(2027, 5, 4)) is None
    assert WorkingDays().is_working_day(date(2027, 5, 7))


def test_add_zero_and_negative() -> None:
    wd = WorkingDays()
    assert wd.add(date(2026, 12, 24), 0) == Deadline(date(2026, 12, 24), date(2026, 12, 24), 0, ())
    with pytest.raises(ValueError):
        wd.add(date(2026, 12, 24), -1)


def test_left_en_is_overdue() -> None:
    wd = WorkingDays()
    d = wd.add(date(2026, 12, 24), 3)  # last day Wed 30 Dec 2026
    assert wd.left(d, date(2026, 12, 24)) == 3  # Mon 28, Tue 29, Wed 30
    assert wd.left(d, date(2026, 12, 25)) == 3  # today (a holiday) is not counted
    assert wd.left(d, date(2026, 12, 28)) == 2  # today not counted
    assert wd.left(d, date(2026, 12, 29)) == 1
    assert wd.left(d, date(2026, 12, 30)) == 0
    assert wd.left(d, date(2027, 1, 4)) == 0
    assert not wd.is_overdue(d, date(2026, 12, 24))
    assert not wd.is_overdue(d, date(2026, 12, 30))
    assert wd.is_overdue(d, date(2026, 12, 31))


def test_left_telt_gelijkgestelde_dag_niet() -> None:
    wd = WorkingDays({date(2027, 5, 7): GELIJK})
    d = wd.add(date(2027, 5, 4), 3)  # last day Wed 12 May 2027
    assert wd.left(d, date(2027, 5, 4)) == 3  # Mon 10, Tue 11, Wed 12


def test_explain() -> None:
    d = igj_deadline(date(2026, 12, 24))
    assert explain(d) == (
        "Uiterlijk woensdag 30 december 2026. Overgeslagen: "
        "vrijdag 25 december 2026 (Eerste Kerstdag), "
        "zaterdag 26 december 2026 (Tweede Kerstdag) en "
        "zondag 27 december 2026."
    )


def test_explain_zonder_overgeslagen_dagen() -> None:
    # Mon 7 Dec 2026 + 3 = Thu 10 Dec 2026.
    d = igj_deadline(date(2026, 12, 7))
    assert d.skipped == ()
    assert explain(d) == "Uiterlijk donderdag 10 december 2026. Er zijn geen dagen overgeslagen."


def test_format_datum() -> None:
    assert format_datum(date(2027, 3, 1)) == "maandag 1 maart 2027"
    assert format_datum(date(2026, 5, 31)) == "zondag 31 mei 2026"


def test_skipped_day_is_frozen() -> None:
    s = SkippedDay(date(2026, 12, 25), "Eerste Kerstdag")
    with pytest.raises(AttributeError):
        s.reason = "x"  # type: ignore[misc]
