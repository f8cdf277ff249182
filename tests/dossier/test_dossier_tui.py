"""`veilig dossier` on screen at 80×24: the list with the count-down, filter and search,
one dossier with the read-only melding, the roles for the case and the steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList, Static

from tests.dossier.common import MARKER, NOW, REFS, Setup, receive, setup
from tests.tui.driver import type_text
from veilig_tui.tui.dossier.app import DossierApp
from veilig_tui.tui.dossier.screens import DossierListScreen, DossierScreen

SIZE = (80, 24)


def screen_text(app: DossierApp) -> str:
    parts = [str(s.render()) for s in app.screen.query(Static) if s.display]
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.append(" | ".join(str(c) for c in table.get_row_at(row)))
    for options in app.screen.query(OptionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(parts)


def safety_on_top(app: DossierApp) -> None:
    line = app.screen.query_one("#safety", Static)
    assert "Bel 112" in str(line.render())
    assert (line.region.x, line.region.y, line.region.width) == (0, 0, SIZE[0])


def three_dossiers(tmp_path: Path) -> Setup:
    """Three received meldingen; one waits for the IGJ with 1 working day left."""
    s = setup(tmp_path)
    for ref in REFS:
        receive(s, ref)
    desk = s.desk()
    desk.sync()
    desk.add_duty(REFS[1], "geweld", dt.date(2026, 4, 20))  # last day: Thu 23 April
    desk.set_item(REFS[2], "s1.signalen", "gedaan")
    desk.set_status(REFS[2], "afgesloten")
    s.today[0] = dt.date(2026, 4, 22)
    return s


async def test_the_list_counts_down_filters_and_searches(tmp_path: Path) -> None:
    s = three_dossiers(tmp_path)
    app = DossierApp(s.desk())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DossierListScreen)
        safety_on_top(app)
        text = screen_text(app)
        assert "LET OP: nog 1 werkdag" in text and "3 gevonden" in text and "0 d" in text
        assert MARKER not in text and "C-1042" not in text  # no content in the list
        table = app.screen.query_one("#dossiers", DataTable)
        assert table.get_row_at(0)[0].plain == REFS[1]  # the running deadline first
        assert table.get_row_at(0)[5].style == "bold red"
        await pilot.press("s", "s", "s", "s")  # alle → nieuw → in behandeling → wacht → afgesloten
        assert "status: afgesloten · 1 gevonden" in screen_text(app)
        await pilot.press("escape", "slash")
        await type_text(pilot, "abcd")
        assert table.row_count == 1 and table.get_row_at(0)[0].plain == REFS[1]
        assert app.screen.query_one("#dossiers").region.right <= SIZE[0]


async def test_a_dossier_shows_the_melding_roles_and_steps(tmp_path: Path) -> None:
    s = setup(tmp_path)
    receive(s, suspects=("meldpunt",), text=f"{MARKER} [b]vet[/b] \x1b[31m")
    app = DossierApp(s.desk())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        assert isinstance(app.screen, DossierScreen)
        safety_on_top(app)
        text = screen_text(app)
        assert f"{MARKER} [b]vet[/b] ␛[31m" in text  # the melding, read-only and literal
        assert "Casusverantwoordelijke (N. Perkgoz)" in text
        assert "Joyce" not in text  # named as involved: never given a task
        assert "nog niet ingevuld door de organisatie" in text
        assert "Wanneer meld je bij de IGJ?" in text
        await pilot.press("down", "g")  # the second item of step 1: done
        dossier = s.desk().get(REFS[0])
        assert dossier.state("s1.aanspreken") == "gedaan" and dossier.status == "in_behandeling"
        assert "[x] De pleger direct aangesproken" in screen_text(app)
        assert "Gedaan op" in str(app.screen.query_one("#detail", Static).render())
        await pilot.press("f1")
        safety_on_top(app)
        assert "G: gedaan" in screen_text(app)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, DossierListScreen)
        assert "in behandeling" not in screen_text(app)  # no status column: still no content


def test_list_snapshot(snap_compare: Callable[..., bool], tmp_path: Path) -> None:
    s = three_dossiers(tmp_path)
    app: Any = DossierApp(s.desk())
    assert snap_compare(app, terminal_size=SIZE)


@pytest.fixture(autouse=True)
def _fixed_now() -> None:
    assert NOW.tzinfo is not None


async def test_record_vaststelling_note_and_report_on_screen(tmp_path: Path) -> None:
    from veilig_tui.deadlines import explain, igj_deadline

    s = setup(tmp_path)
    receive(s)
    s.today[0] = dt.date(2026, 4, 24)  # Friday; Monday 27 April is Koningsdag
    app = DossierApp(s.desk())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "v")
        safety_on_top(app)
        await pilot.press("enter")
        await type_text(pilot, "24-04-2026")
        await pilot.press("enter")
        await type_text(pilot, "de collega gaf het toe")
        await pilot.press("enter")
        expected = igj_deadline(dt.date(2026, 4, 24), s.profile.days_off())
        text = screen_text(app)
        assert explain(expected) in text and "(Koningsdag)" in text
        assert "Nog 3 werkdagen. De laatste dag is donderdag 30 april 2026." in text
        await pilot.press("down", "t")
        await type_text(pilot, "besproken met MT")
        await pilot.press("enter")
        record = s.desk().get(REFS[0]).items["s1.aanspreken"]
        assert (record.staat, record.notitie) == ("open", "besproken met MT")
        await pilot.press("escape")
        assert "nog 3 werkdagen" in screen_text(app)
        assert s.desk().get(REFS[0]).status == "wacht_op_igj"
        await pilot.press("enter", "r")
        assert "Gemeld bij de IGJ op vrijdag 24 april 2026." in screen_text(app)
        await pilot.press("v", *"x", "escape")  # Esc cancels: nothing recorded
        assert len(s.desk().get(REFS[0]).meldplicht) == 1


async def test_evaluation_involved_roles_and_closing_on_screen(tmp_path: Path) -> None:
    from veilig_tui.dossier.desk import improvement_rows

    s = setup(tmp_path)
    receive(s)
    app = DossierApp(s.desk())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "p")
        await type_text(pilot, "Scholing over grenzen")
        await pilot.press("enter")
        assert [r["verbeterpunt"] for r in improvement_rows(s.desk())] == ["Scholing over grenzen"]
        assert "- Scholing over grenzen (open" in screen_text(app)
        await pilot.press("b", "enter")  # the first role: the meldpunt is involved too
        text = screen_text(app)
        assert "Joyce" not in text and "Genoemd als betrokken (geen taak" in text
        await pilot.press("e", "enter")  # ... and turns out to be wrongly suspected
        assert "Onterecht verdacht (eerherstel in stap 6): meldpunt" in screen_text(app)
        assert "Joyce" not in screen_text(app)
        await pilot.press("s", "down", "down", "down", "enter")
        assert s.desk().get(REFS[0]).status == "afgesloten"
        assert "Bewaartermijn van afgesloten dossiers: nog niet ingevuld" in screen_text(app)
        await pilot.press("x")
        assert "Alleen een overgedragen dossier" in screen_text(app)


async def test_receive_a_file_on_screen_and_write_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat

    from tests.dossier.common import sealed

    s = setup(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "melding.veilig").write_bytes(sealed(s)[1])
    monkeypatch.chdir(tmp_path)
    app = DossierApp(s.desk(), start_dir=inbox)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "0 gevonden" in screen_text(app)
        await pilot.press("o")
        safety_on_top(app)
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DossierListScreen)
        assert f"Melding {REFS[0]} opgenomen." in screen_text(app)
        assert "1 gevonden" in screen_text(app)
        await pilot.press("enter", "d", "enter")
        report = tmp_path / f"{REFS[0]}-dossier.html"
        assert stat.S_IMODE(report.stat().st_mode) == 0o600
        assert "bevat persoonsgegevens" in report.read_text(encoding="utf-8")
        assert "Let op: het bevat persoonsgegevens" in screen_text(app)


@pytest.mark.parametrize(
    ("start", "today"),
    [
        (dt.date(2026, 4, 24), dt.date(2026, 4, 24)),  # Koningsdag
        (dt.date(2026, 5, 1), dt.date(2026, 5, 6)),  # 5 mei
        (dt.date(2027, 3, 25), dt.date(2027, 4, 1)),  # Goede Vrijdag, Tweede Paasdag
        (dt.date(2026, 5, 13), dt.date(2026, 5, 19)),  # Hemelvaart, gelijkgestelde dag
        (dt.date(2026, 12, 24), dt.date(2026, 12, 31)),  # Kerst; too late
    ],
)
def test_the_screen_shows_the_igj_deadline(tmp_path: Path, start: dt.date, today: dt.date) -> None:
    from veilig_tui.deadlines import explain, igj_deadline
    from veilig_tui.tui.dossier.screens import duties_text

    s = setup(tmp_path)
    receive(s)
    desk = s.desk()
    desk.sync()
    desk.add_duty(REFS[0], "geweld", start)
    s.today[0] = today
    shown = duties_text(desk, desk.get(REFS[0]))
    expected = igj_deadline(start, s.profile.days_off())
    assert explain(expected) in shown.plain
    [view] = desk.duties(desk.get(REFS[0]))
    assert view.deadline == expected and view.sentence in shown.plain
    red = [span for span in shown.spans if span.style == "bold red"]
    assert bool(red) == view.urgent and (
        not red or "LET OP" in view.sentence or "TE LAAT" in view.sentence
    )


async def test_hand_over_on_screen_and_take_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.dossier.test_dossier_transfer import with_mt

    sender, receiver = with_mt(tmp_path)
    receive(sender)
    monkeypatch.chdir(tmp_path)
    app = DossierApp(sender.desk())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "h", "enter", "enter")
        assert "Alleen MT (mt) kan het openen" in screen_text(app)
        assert "overgedragen aan MT (mt) (alleen lezen)" in screen_text(app)
    transfer = tmp_path / f"{REFS[0]}.dossier-overdracht"
    theirs = DossierApp(receiver.desk(), start_dir=tmp_path)
    async with theirs.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause(0.2)
        tree = theirs.screen.query_one("#files")
        names = [node.data.path.name for node in tree.root.children]  # type: ignore[attr-defined]
        for _ in range(names.index(transfer.name) + 1):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert f"Dossier {REFS[0]} is nu van jou." in screen_text(theirs)
