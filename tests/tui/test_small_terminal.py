"""A small terminal (60×20) and the usual one (80×24): nothing the user needs falls off.

Issue 9, item 15: at 60×20 the help text, the buttons and the F1 key stay reachable
(scrolling is fine, cut-off words are not), and on an advice the person to contact is
visible without scrolling. Every check runs at both sizes, on every screen of the app:
the questions of each kind, the advice (also the 112 advice and the final advice), the
help (F1), the review and its edit dialog, the summary before and after finishing, the
confirm and text dialogs, the list of drafts and the problem screen.

What "in view" means here, as a user would notice it:

- the safety row "Direct gevaar? Bel 112" is the top row, across the whole width;
- a text, list or button is *whole*: all of it lies inside the screen and inside every
  box around it (nothing cut at the right edge or at the bottom, nothing scrolled away);
- a button is whole and its label fits in it;
- every key in the key bar is whole, and F1 is one of them;
- on an advice, the first person to contact (name and phone, or the plain sentence that
  nobody is filled in) is painted on the screen as it opens, before any scrolling.

Two snapshots show the advice and the help at 60×20 (update them as described in
`test_snapshots.py`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.errors import NoWidget
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets._footer import FooterKey

from tests.tui.driver import answer, make_app, play, scenario_answers, shown
from tests.tui.test_snapshots import SnapCompare, at_review, loaded, no_blinking
from veilig_tui.tui.app import VeiligApp

SMALL = (60, 20)
USUAL = (80, 24)
SIZES = [pytest.param(SMALL, id="60x20"), pytest.param(USUAL, id="80x24")]

FULL_PATH = "03_collega_geen_gevaar_client_veilig"
"""A path with a question of every kind: choice, multi, text, one-line text and date."""
ADVICE = [
    ("advies_112", "01_direct_gevaar_collega"),
    ("advies_bel_vandaag", "04_collega_client_niet_veilig"),
    ("advies_meldpunt", FULL_PATH),
    ("advies_meldpunt", "40_naaste_werkt_ook_hier"),  # longer: a line about Veilig Thuis
    ("advies_ander_aanspreekpunt", "08_pleger_is_meldpunt"),
    ("advies_meldcode", "22_naaste_opschrijven"),
    ("advies_buiten_leidraad", "20_client_agressie_tegen_medewerker"),  # nobody filled in
    ("advies_zzp", "25_zzp_eigen_clienten"),
    ("advies_zzp_ook_organisatie", "45_zzp_eigen_persoon_van_organisatie"),  # the longest
]
"""Advice pages: (node, a scenario that leads there)."""


# -- what is on the screen ------------------------------------------------------------
def is_border(char: str) -> bool:
    """Box drawing and block elements: borders, scrollbars, the edges of buttons."""
    return "\u2500" <= char <= "\u259f"


def painted(app: VeiligApp) -> str:
    """The screen as a reader sees it: every row as painted, border and scrollbar glyphs
    gone, any run of whitespace (line breaks too) one space. With a dialog open: the
    safety row and the dialog (not the screen that shows beside it)."""
    strips = app.screen._compositor.render_strips()
    rows = [strips[0].text]
    dialogs = app.screen.query("#dialog")
    box = app.screen.find_widget(dialogs.first()).region if dialogs else app.screen.region
    rows += [strip.crop(box.x, box.right).text for strip in strips[box.y : box.bottom]]
    text = "\n".join(rows)
    return " ".join("".join(" " if is_border(c) else c for c in text).split())


def flat(text: str) -> str:
    return " ".join(text.split())


def whole(app: VeiligApp, widget: Widget, what: str = "") -> Region:
    """Assert that all of the widget is in view: inside the screen and not clipped by a
    box around it. Returns its region."""
    name = what or repr(widget)
    try:
        geometry = app.screen.find_widget(widget)
    except NoWidget:
        raise AssertionError(f"{name} is not on the screen (scrolled away or hidden)") from None
    region = geometry.region
    assert region.area, f"{name} takes no room"
    assert app.screen.region.contains_region(region), (
        f"{name} at {region} does not fit in the screen {app.screen.region}"
    )
    assert geometry.visible_region == region, (
        f"{name} at {region} is cut off; only {geometry.visible_region} is in view"
    )
    return region


def fits_across(app: VeiligApp, widget: Widget, what: str = "") -> None:
    """The widget is not cut at the left or right edge (it may scroll up and down)."""
    geometry = app.screen.find_widget(widget)
    width = app.screen.region.width
    assert geometry.region.x >= 0 and geometry.region.right <= width, (
        f"{what or widget!r} at {geometry.region} runs past the edge of {width} columns"
    )


def safety_on_top(app: VeiligApp) -> None:
    """Promise 1: 'Direct gevaar? Bel 112' is the top row, across the whole width."""
    line = app.screen.query_one("#safety", Static)
    assert str(line.render()).startswith("Direct gevaar? Bel 112")
    region = whole(app, line, "the safety row")
    assert (region.x, region.y, region.height, region.width) == (0, 0, 1, app.size.width)
    assert "Direct gevaar? Bel 112" in painted(app)


def keys_in_view(app: VeiligApp, *, f1: bool = True) -> None:
    """Every key in the key bar is whole (no key cut off at the edge); F1 is there."""
    keys = [key for key in app.screen.query(FooterKey) if shown(key)]
    assert keys, "no key bar"
    for key in keys:
        whole(app, key, f"the key {key.key_display} {key.description!r}")
    if f1:
        assert "f1" in [key.key for key in keys], "the F1 key is not in the key bar"


def buttons_whole(app: VeiligApp) -> list[str]:
    """Every button on the screen is whole and its label fits. Returns the labels."""
    labels = []
    for button in app.screen.query(Button):
        if not shown(button):
            continue
        content = Content.from_text(button.label)
        label = content.plain
        whole(app, button, f"the button {label!r}")
        room = button.content_region.width
        assert content.cell_length <= room, f"the label {label!r} does not fit in {room}"
        labels.append(label)
    return labels


def texts_whole(app: VeiligApp, *selectors: str) -> None:
    for selector in selectors:
        for widget in app.screen.query(selector):
            if shown(widget):
                whole(app, widget, selector)


def statics_fit_across(app: VeiligApp) -> None:
    for static in app.screen.query(Static):
        if shown(static):
            fits_across(app, static, f"the text {str(static.render())[:40]!r}")


def screen_ok(app: VeiligApp, *selectors: str, f1: bool = True) -> None:
    """The rules for every screen: 112 on top, the keys, the buttons, and the texts and
    lists named by `selectors` whole; no text cut at the right edge."""
    safety_on_top(app)
    keys_in_view(app, f1=f1)
    buttons_whole(app)
    texts_whole(app, *selectors)
    statics_fit_across(app)


# -- getting somewhere ----------------------------------------------------------------
async def advance_to(pilot: Pilot[None], app: VeiligApp, node_id: str, scenario: str) -> None:
    """Answer the scenario's questions until `node_id` is on the screen."""
    session = app.session
    assert session is not None
    for question, value in scenario_answers(scenario):
        while session.dialogue.current.id != question and session.dialogue.current.id != node_id:
            assert session.dialogue.current.kind in ("info", "advice")
            await pilot.press("enter")
            await pilot.pause()
        if session.dialogue.current.id == node_id:
            break
        await answer(pilot, app, question, value)
    while session.dialogue.current.id != node_id:
        assert not session.dialogue.finished, f"{node_id} did not come"
        await pilot.press("enter")
        await pilot.pause()
    await pilot.pause()
    assert session.dialogue.current.id == node_id


async def at_both_sizes(pilot: Pilot[None], check: Callable[[], object]) -> None:
    """Run `check` at 60×20 (where the test starts), then at 80×24, and go back to
    60×20: one walk through the app checks both sizes (a walk costs seconds)."""
    check()
    for size in (USUAL, SMALL):
        await pilot.resize_terminal(*size)
        await pilot.pause()
        if size == USUAL:
            check()


# -- the dialogue ---------------------------------------------------------------------
async def test_a_question_of_every_kind_shows_its_text_answers_and_keys(
    tmp_path: Path,
) -> None:
    """Choice, multi (a list longer than the screen), text, one-line text and date: the
    question, its answers, the line of keys and the 'Verder' button are all in view."""
    app = make_app(tmp_path)
    seen: set[str] = set()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot, app)
        assert app.session is not None
        for question, value in scenario_answers(FULL_PATH):
            while app.session.dialogue.current.id != question:
                await pilot.press("enter")
                await pilot.pause()
            node = app.session.dialogue.current
            kind = "line" if node.kind == "text" and node.regels == 1 else node.kind
            if kind not in seen:
                seen.add(kind)

                def check(question: str = question, text: str = node.text) -> None:
                    screen_ok(app, "#text", ".keys")
                    field = next(w for w in app.screen.query("#answer-widget") if shown(w))
                    lists = app.screen.query("#answer OptionList, #answer SelectionList")
                    for widget in [field, *[w for w in lists if shown(w)]]:
                        whole(app, widget, f"the answers of '{question}'")
                    assert flat(text.split("{")[0])[:20] in painted(app)

                await at_both_sizes(pilot, check)
            await answer(pilot, app, question, value)
    assert seen == {"choice", "multi", "text", "line", "date"}


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_list_of_answers_scrolls_below_the_question(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """'Heeft deze persoon een van deze taken?' has more answers than fit: the question
    stays in view above them, and the last answer can be reached with the arrows."""
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, app)
        await advance_to(pilot, app, "pleger_rol", FULL_PATH)
        screen_ok(app, "#text", ".keys")
        assert "Heeft deze persoon een van deze taken" in painted(app)
        options = app.screen.query_one("#answer SelectionList", SelectionList)
        whole(app, options, "the list of answers")
        await pilot.press("end")
        await pilot.pause()
        last = options.get_option_at_index(options.option_count - 1).prompt
        assert flat(str(last)).split("  ")[-1].strip() in painted(app)
        whole(app, app.screen.query_one("#text"), "the question, after scrolling the answers")


@pytest.mark.parametrize(("node_id", "scenario"), ADVICE, ids=[s for _, s in ADVICE])
async def test_the_advice_shows_whom_to_contact_without_scrolling(
    tmp_path: Path, node_id: str, scenario: str
) -> None:
    """As the advice opens, before any scrolling: the first person to contact, with the
    phone line (or the sentence that nobody is filled in), the button and F1 are on the
    screen. The advice itself starts at its first line and scrolls when it is long."""
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot, app)
        await advance_to(pilot, app, node_id, scenario)
        assert app.session is not None
        shown_node = app.session.dialogue.show()

        def check() -> None:
            screen_ok(app, "#progress")
            seen = painted(app)
            first_line = flat(shown_node.text).split(". ")[0]
            assert first_line in seen, f"the advice does not start with {first_line!r}"
            contacts = shown_node.contacts
            if contacts is None:  # the 112 advice and the zzp advice name nobody
                return
            lines = contacts.lines()
            person = lines[:2] if contacts.first is not None else lines[:1]
            for line in person:
                assert flat(line) in seen, f"{line!r} is not in view without scrolling"

        await at_both_sizes(pilot, check)


# -- help --------------------------------------------------------------------------------
async def test_help_fits_the_screen_and_scrolls_to_its_end(tmp_path: Path) -> None:
    """F1 on the advice: the dialog fits, 'Sluiten' is in view at once, no line is cut at
    the right edge, and Page Down reaches the last line of the help (the keys)."""
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot, app)
        await advance_to(pilot, app, "advies_meldpunt", FULL_PATH)
        await pilot.press("f1")
        await pilot.pause()

        def fits() -> None:
            screen_ok(app, "#dialog", f1=False)
            assert buttons_whole(app) == ["Sluiten"]
            assert "Uitleg bij deze vraag" in painted(app)

        await at_both_sizes(pilot, fits)
        for _ in range(20):
            await pilot.press("pagedown")
            await pilot.pause()
        texts = [s for s in app.screen.query(Static) if shown(s) and s.id != "safety"]
        whole(app, texts[-1], "the last line of the help")
        assert "Esc: terug of sluiten" in painted(app)
        assert buttons_whole(app) == ["Sluiten"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.session is not None and app.session.dialogue.current.id == "advies_meldpunt"


# -- review, summary and their dialogs ------------------------------------------------------
async def test_review_and_changing_an_answer(tmp_path: Path) -> None:
    """The review's list and 'Afronden'; the dialog that changes a text answer (its field,
    keys and 'Verder') and a multi answer (its list and keys), all in view."""
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot, app)
        await at_review(pilot, app)

        def review_ok() -> None:
            screen_ok(app, "#intro", "#answers")
            assert "Afronden" in buttons_whole(app)

        await at_both_sizes(pilot, review_ok)
        answers = app.screen.query_one("#answers", OptionList)
        for index, widget in ((2, TextArea), (4, SelectionList)):
            answers.highlighted = index
            await pilot.press("enter")
            await pilot.pause()

            def dialog_ok(widget: type[Widget] = widget) -> None:
                screen_ok(app, "#dialog", "#text", ".keys", f1=False)
                field = app.screen.query_one(widget)
                whole(app, field, f"the answer field ({widget.__name__})")
                if widget is TextArea:
                    assert buttons_whole(app) == ["Verder"]

            await at_both_sizes(pilot, dialog_ok)
            await pilot.press("escape")
            await pilot.pause()


async def test_summary_and_its_dialogs(tmp_path: Path) -> None:
    """Before and after finishing: every button whole, the status in view. The dialogs
    from there (stop without finishing; the kind of file and its folder; to whom it was
    given; leave before handing over) fit the screen, and so do the list of finished
    meldingen and a melding opened from it."""
    app = make_app(tmp_path)

    def summary_ok(*labels: str, text: str) -> Callable[[], None]:
        def check() -> None:
            screen_ok(app, "#status", "#preview")
            assert text in painted(app)
            assert set(labels) <= set(buttons_whole(app))

        return check

    def dialog_ok(text: str, *parts: str, labels: set[str] | None = None) -> Callable[[], None]:
        def check() -> None:
            screen_ok(app, "#dialog", *parts, f1=False)
            assert text in painted(app)
            if labels is not None:
                assert set(buttons_whole(app)) == labels

        return check

    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot, app)
        await at_review(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        await at_both_sizes(
            pilot, summary_ok("Afronden en bewaren", "Klaar", text="Zo ziet je melding eruit")
        )

        await pilot.click("#done")  # 'Klaar' before finishing: are you sure?
        await pilot.pause()
        await at_both_sizes(pilot, dialog_ok("Toch stoppen?", labels={"Ja", "Nee"}))
        await pilot.press("escape")
        await pilot.pause()

        await pilot.click("#finish")
        await pilot.pause()
        assert app.melding is not None
        finished = summary_ok("Bestand maken", "Overgedragen", "Klaar", text="Kenmerk:")
        await at_both_sizes(pilot, finished)

        await pilot.press("enter")  # 'Bestand maken' has the focus
        await pilot.pause()
        await at_both_sizes(
            pilot,
            dialog_ok("Welk soort bestand?", "#formats", "#folder", labels={"Maken", "Annuleren"}),
        )
        await pilot.press("escape")
        await pilot.pause()

        await pilot.click("#handed")
        await pilot.pause()
        whole(app, app.screen.query_one(Input), "the name")
        await at_both_sizes(pilot, dialog_ok("Aan wie heb je de melding gegeven?", ".keys"))
        await pilot.press("escape")
        await pilot.pause()

        await pilot.click("#done")  # not handed over yet: are you sure?
        await pilot.pause()
        await at_both_sizes(pilot, dialog_ok("Toch stoppen?"))
        await pilot.click("#yes")
        await pilot.pause()

        await pilot.press("m")  # the finished meldingen
        await pilot.pause()

        def listed() -> None:
            screen_ok(app, "#meldingen")
            assert "nog niet overgedragen" in painted(app)

        await at_both_sizes(pilot, listed)
        await pilot.press("enter")
        await pilot.pause()
        await at_both_sizes(
            pilot, summary_ok("Bestand maken", "Overgedragen", "Klaar", text="Kenmerk:")
        )


# -- drafts and problems -----------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES)
async def test_drafts_list_and_deleting_one(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot, app)
        start = [("direct_gevaar", "nee"), ("werkrelatie", "organisatie")]
        await play(pilot, app, start, to_end=False)
        await pilot.press("ctrl+q")
        await pilot.pause()
    again = make_app(tmp_path)
    async with again.run_test(size=size) as pilot:
        await loaded(pilot, again)
        assert "1 onafgemaakte melding" in painted(again)
        await pilot.press("c")
        await pilot.pause()
        screen_ok(again, "#drafts")
        assert "Onafgemaakte meldingen" in painted(again)
        assert "Begonnen" in painted(again)
        await pilot.press("d")
        await pilot.pause()
        screen_ok(again, "#dialog", f1=False)
        assert "Dit kan niet terug." in painted(again)
        assert set(buttons_whole(again)) == {"Ja", "Nee"}


@pytest.mark.parametrize("size", SIZES)
async def test_problem_screen(tmp_path: Path, size: tuple[int, int]) -> None:
    """A data folder that is not ours: the explanation and what to do, whole."""
    (tmp_path / "brief.txt").write_text("van iemand anders", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        end = time.monotonic() + 10
        while not app.screen.query("#problem"):
            assert time.monotonic() < end, "no problem screen"
            await pilot.pause(0.02)
        await pilot.pause()
        screen_ok(app, "#problem")
        assert "Bij direct gevaar: bel 112." in painted(app)


# -- the key bar when the screen grows or shrinks ---------------------------------------------
async def test_f1_stays_in_the_key_bar_when_the_terminal_shrinks(tmp_path: Path) -> None:
    """Started at 80×24 and made smaller on the longest key bar (the multi question): F1
    and every other key stay whole; made wide again, all keys are whole too."""
    app = make_app(tmp_path)
    async with app.run_test(size=USUAL) as pilot:
        await loaded(pilot, app)
        await advance_to(pilot, app, "pleger_rol", FULL_PATH)
        keys_in_view(app)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        screen_ok(app, "#text", ".keys")
        await pilot.resize_terminal(*USUAL)
        await pilot.pause()
        await pilot.pause()
        keys_in_view(app)


# -- snapshots at 60×20 --------------------------------------------------------------------------
def _at_advice(app: VeiligApp, help_open: bool) -> Any:
    async def run_before(pilot: Pilot[None]) -> None:
        await loaded(pilot, app)
        await play(pilot, app, scenario_answers(FULL_PATH))
        assert app.session is not None and app.session.dialogue.current.id == "advies_meldpunt"
        if help_open:
            await pilot.press("f1")
        await pilot.pause()
        no_blinking(app)
        safety_on_top(app)

    return run_before


class TestSnapshots:
    def test_advice_at_60x20(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        app = make_app(tmp_path)
        assert snap_compare(app, terminal_size=SMALL, run_before=_at_advice(app, False))

    def test_help_at_60x20(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        app = make_app(tmp_path)
        assert snap_compare(app, terminal_size=SMALL, run_before=_at_advice(app, True))
