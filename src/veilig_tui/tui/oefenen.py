"""`veilig oefenen` in the terminal: the real dialogue in practice mode, with feedback.

A thin shell over `veilig_tui.training.practice`: pick a case, read the situation, answer
the real melden flow (the app's own dialogue screen), then feedback and the knowledge
questions. "OEFENING" stands next to the 112 row on every screen. Answers are saved in the
practice store only; nothing reaches the real drafts, archive or audit log.

Klassikaal (projector mode) is the same journey for a group: roomy layout, and each
question says "bespreek het samen"; the trainer types the group's choice.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, OptionList, Static
from textual.widgets.option_list import Option

from veilig_tui.training.practice import (
    BANNER,
    Answered,
    Feedback,
    Practice,
    banner,
    name_hint,
    shown_order,
)
from veilig_tui.tui.app import VeiligApp
from veilig_tui.tui.screens.base import AppScreen
from veilig_tui.tui.screens.dialogue import DialogueScreen
from veilig_tui.tui.widgets.answers import literal
from veilig_tui.tui.widgets.safety import FIRST_FRAME, SafetyLine

if TYPE_CHECKING:
    from veilig_tui.firstscreen import Page
    from veilig_tui.service import Service
    from veilig_tui.training.cases import Case, Question, Round

RANDOM = "__willekeurig__"
KENNIS = "kennis:"
TOGETHER = "Bespreek samen: wat kiezen jullie? De trainer typt het antwoord van de groep."

CSS = """
PracticeScreen #body { padding: 0 1; height: 1fr; }
PracticeScreen .title { text-style: bold; margin-bottom: 1; }
PracticeScreen .buttons { height: auto; padding: 0 1; }
PracticeScreen .buttons Button { margin-right: 1; }
PracticeScreen #choices { height: auto; max-height: 12; }
.-klassikaal #body { padding: 1 4; }
.-klassikaal .title { text-style: bold reverse; padding: 0 1; }
.-klassikaal #situatie, .-klassikaal #vraag, .-klassikaal #feedback { text-style: bold; }
"""


class PracticeScreen(AppScreen):
    """A screen of a practice run: the safety row (with OEFENING) on top."""

    DEFAULT_CSS = CSS

    @property
    def oefen(self) -> OefenApp:
        return cast("OefenApp", self.app)

    def on_mount(self) -> None:
        self.set_class(self.oefen.klassikaal, "-klassikaal")


class CasesScreen(PracticeScreen):
    """Pick a case, or a random one."""

    BINDINGS = [Binding("escape", "quit", "Stoppen", id="oefenen.quit")]

    def __init__(self, notice: str = "") -> None:
        super().__init__()
        self._notice = notice

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="body"):
            yield Static("Oefenen: kies een casus", classes="title", markup=False)
            yield Static(
                "Je oefent met de echte vragen van de app. Niets gaat naar je echte "
                "meldingen. Gebruik geen echte namen.",
                markup=False,
            )
            yield Static(literal(self._notice), id="notice", markup=False)
            cases = self.oefen.practice.cases()
            options = [Option("Een willekeurige casus", id=RANDOM)] if cases else []
            options += [Option(literal(c.title), id=c.id) for c in cases]
            options += [
                Option(literal(r.title), id=f"{KENNIS}{r.id}") for r in self.oefen.practice.rounds()
            ]
            yield OptionList(*options, id="cases")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#notice", Static).display = bool(self._notice)
        cases = self.query_one("#cases", OptionList)
        cases.highlighted = 0
        cases.focus()

    @on(OptionList.OptionSelected, "#cases")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id or ""
        if chosen.startswith(KENNIS):
            rounds = self.oefen.practice.rounds()
            self.oefen.start_round(next(r for r in rounds if f"{KENNIS}{r.id}" == chosen))
            return
        cases = self.oefen.practice.cases()
        case = (
            random.choice(cases)
            if event.option.id == RANDOM
            else next(c for c in cases if c.id == event.option.id)
        )
        self.oefen.begin(case)

    def action_quit(self) -> None:
        self.app.exit(return_code=0)


class SituationScreen(PracticeScreen):
    """The story of the case; then the dialogue starts."""

    BINDINGS = [Binding("escape", "back", "Terug", id="situatie.back")]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case

    def compose(self) -> ComposeResult:
        together = "Lees de situatie samen. " if self.oefen.klassikaal else ""
        yield SafetyLine()
        with VerticalScroll(id="body"):
            yield Static(literal(f"Oefening: {self.case.title}"), classes="title", markup=False)
            yield Static(literal(self.oefen.practice.situation(self.case)), id="situatie")
            yield Static(
                f"\n{together}Wat doe je? Beantwoord de vragen van de app, zoals je het echt "
                "zou doen. Gebruik geen echte namen.",
                markup=False,
            )
        with Horizontal(classes="buttons"):
            yield Button("Begin", id="begin", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#begin", Button).focus()

    @on(Button.Pressed, "#begin")
    def _begin(self) -> None:
        self.oefen.run_dialogue(self.case)

    def action_back(self) -> None:
        self.oefen.pick_case()


class FeedbackScreen(PracticeScreen):
    """How it went: outcome, urgent advice, where the trainee chose otherwise, why."""

    def __init__(self, feedback: Feedback) -> None:
        super().__init__()
        self.feedback = feedback

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="body"):
            yield Static("Hoe ging het?", classes="title", markup=False)
            yield Static(literal("\n".join(self.feedback.lines())), id="feedback")
        with Horizontal(classes="buttons"):
            yield Button("Verder", id="verder", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#verder", Button).focus()

    @on(Button.Pressed, "#verder")
    def _next(self) -> None:
        self.oefen.next_question()


class QuestionScreen(PracticeScreen):
    """One knowledge question; after the choice, its feedback."""

    def __init__(self, question: Question, number: int, total: int) -> None:
        super().__init__()
        self.question = question
        self.number = number
        self.total = total
        self.order = shown_order(question)

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="body"):
            yield Static(
                f"Kennisvraag {self.number} van {self.total}", classes="title", markup=False
            )
            yield Static(literal(self.question.vraag), id="vraag")
            if self.oefen.klassikaal:
                yield Static(TOGETHER, markup=False)
            yield OptionList(
                *(
                    Option(literal(f"{n}. {self.question.keuzes[i].tekst}"), id=str(i))
                    for n, i in enumerate(self.order, 1)
                ),
                id="choices",
            )
            yield Static("", id="uitleg", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Verder", id="verder", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#verder", Button).display = False
        self.query_one("#uitleg", Static).display = False
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    def on_key(self, event: Any) -> None:
        """A number picks that answer, as in the dialogue."""
        key = getattr(event, "key", "")
        choices = self.query_one("#choices", OptionList)
        if key.isdigit() and choices.display and 1 <= int(key) <= len(self.order):
            event.stop()
            self._answer(self.order[int(key) - 1])

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._answer(int(event.option.id or 0))

    def _answer(self, index: int) -> None:
        answered = Answered(self.question, index)
        self.oefen.answered.append(answered)
        choices = self.query_one("#choices", OptionList)
        choices.disabled = True
        explanation = self.query_one("#uitleg", Static)
        picked = self.question.keuzes[index].tekst
        explanation.update(literal("\n".join([f"Gekozen: {picked}", *answered.lines()])))
        explanation.display = True
        button = self.query_one("#verder", Button)
        button.display = True
        button.focus()

    @on(Button.Pressed, "#verder")
    def _next(self) -> None:
        self.oefen.next_question()


class DoneScreen(PracticeScreen):
    """The end of a case: the score, and another case or stop."""

    BINDINGS = [Binding("escape", "quit", "Stoppen", id="klaar.quit")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield SafetyLine()
        with VerticalScroll(id="body"):
            yield Static("Klaar", classes="title", markup=False)
            yield Static(literal(self.text), id="klaar")
        with Horizontal(classes="buttons"):
            yield Button("Nog een casus", id="nog", variant="primary")
            yield Button("Stoppen", id="stop")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#nog", Button).focus()

    @on(Button.Pressed, "#nog")
    def _again(self) -> None:
        self.oefen.pick_case()

    @on(Button.Pressed, "#stop")
    def action_quit(self) -> None:
        self.app.exit(return_code=0)


class PracticeDialogueScreen(DialogueScreen):
    """The app's own dialogue screen; a name question says to make one up, and in
    klassikaal mode every question says to discuss it together."""

    async def show_page(self, page: Page, notice: str = "", current: Any = None) -> None:
        app = cast("OefenApp", self.app)
        session = app.session
        hint = name_hint(session.dialogue) if session is not None else ""
        if hint and session is not None and session.dialogue.current.id == page.id:
            page = replace(page, text=f"{page.text}\n\n{hint}")
        if app.klassikaal and page.kind in ("choice", "multi", "text", "date"):
            notice = f"{notice} {TOGETHER}".strip()
        await super().show_page(page, notice, current)
        self.set_class(app.klassikaal, "-klassikaal")

    async def action_back(self) -> None:
        """Esc on the first question goes back to the situation of the case."""
        app = cast("OefenApp", self.app)
        session = app.session
        if session is not None and app.case is not None and not session.dialogue.answers:
            session.discard()
            app.begin(app.case)
            return
        await super().action_back()


class OefenApp(VeiligApp):
    """The practice app: cases, the real dialogue in practice mode, feedback."""

    def __init__(
        self,
        practice: Practice,
        case_id: str | None = None,
        *,
        klassikaal: bool = False,
        nickname: str = "",
        theme: str = "textual-dark",
    ) -> None:
        super().__init__(
            folder=practice.folder, today=practice.today, now=practice.now, theme=theme
        )
        self.practice = practice
        self.klassikaal = klassikaal
        self.nickname = nickname or ("groep" if klassikaal else "")
        self.case: Case | None = None
        self._case_id = case_id
        self.feedback: Feedback | None = None
        self.answered: list[Answered] = []
        self.questions: list[Question] = []
        self.round: Round | None = None
        self.results = 0
        self.dialogue_screen = PracticeDialogueScreen(None)
        self.safety_text = banner(FIRST_FRAME)

    def validate_safety_text(self, text: str) -> str:
        """Every first row says OEFENING next to the 112 row."""
        text = text or FIRST_FRAME
        return text if BANNER in text else banner(text)

    # -- start: no first-screen cache, the practice store instead of the real one ------
    def _read_first(self) -> None:
        return None

    def _write_first(self) -> None:
        return None

    def _load_core(self) -> Service | Exception:
        from veilig_tui.problems import ProblemsError
        from veilig_tui.service import Service

        try:
            practice = self.practice
            practice.cases()  # loads the flows and the profile too
            return Service(
                practice.folder,
                practice.store,
                today=practice.today,
                now=practice.now,
                _profile=practice.profile,
                _flows=practice.flows(),
            )
        except (ProblemsError, OSError) as exc:
            return exc

    def _take_over(self, loaded: Service | Exception) -> None:
        if isinstance(loaded, Exception):
            super()._take_over(loaded)
            return
        self.service = loaded
        self.folder = loaded.folder
        self.ready = True
        broken = len(self.practice.problems)
        notice = (
            f"Let op: {broken} fout(en) in de oefencasussen. Die casussen ontbreken. "
            f"Controleer met: veilig controleer {self.practice.folder.root}"
            if broken
            else ""
        )
        if not self.practice.cases():
            self.push_screen(CasesScreen(f"Er zijn geen oefencasussen. {notice}".strip()))
            return
        if self._case_id:
            self.begin(self.practice.case(self._case_id))
        else:
            self.push_screen(CasesScreen(notice))

    # -- the journey ----------------------------------------------------------------------
    def _clear(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def pick_case(self) -> None:
        self.safety_text = FIRST_FRAME  # the last case's contact is not this one's
        self._clear()
        self.push_screen(CasesScreen())

    def start_round(self, knowledge: Round) -> None:
        """A knowledge round: only the questions."""
        self.case, self.round, self.session = None, knowledge, None
        self.questions, self.answered = list(knowledge.model.vragen), []
        self.safety_text = FIRST_FRAME
        self._clear()
        self.next_question()

    def begin(self, case: Case) -> None:
        self.case, self.round = case, None
        self.questions = list(case.model.vragen)
        self.safety_text = FIRST_FRAME
        self._clear()
        self.push_screen(SituationScreen(case))

    def run_dialogue(self, case: Case) -> None:
        self.session = self.practice.start(case)
        self.feedback = None
        self.answered = []
        self._clear()
        self.call_later(self.dialogue_screen.show_current, "")

    def finished(self) -> None:
        """The final advice was read: feedback instead of a melding."""
        assert self.session is not None and self.case is not None
        self.feedback = self.practice.feedback(self.case, self.session)
        self.push_screen(FeedbackScreen(self.feedback))

    def next_question(self) -> None:
        questions = self.questions
        done = len(self.answered)
        if done < len(questions):
            self.push_screen(QuestionScreen(questions[done], done + 1, len(questions)))
            return
        self.push_screen(DoneScreen(self._finish()))

    def _finish(self) -> str:
        lines = []
        if self.round is not None:
            result, notice = self.practice.finish_round(self.round, self.answered, self.nickname)
        else:
            assert self.session is not None and self.feedback is not None
            result, notice = self.practice.finish(
                self.feedback, self.session, self.answered, self.nickname
            )
            lines.append("Het advies: goed." if result.right else "Het advies: nog niet goed.")
        self.results += 1
        if self.answered:
            right = sum(1 for a in self.answered if a.right)
            lines.append(f"Kennisvragen: {right} van {len(self.answered)} goed.")
        lines.append("Je echte meldingen zijn niet veranderd.")
        if notice:
            lines.append(f"Let op: {notice}")
        return "\n".join(lines)

    # -- what a practice run does not have ------------------------------------------------
    def open_drafts(self) -> None:
        self.dialogue_screen.say("Bij oefenen zijn er geen concepten.")

    def open_meldingen(self) -> None:
        self.dialogue_screen.say("Bij oefenen zijn er geen meldingen.")

    def start_over(self, message: str = "") -> None:
        self.pick_case()

    def action_hide(self) -> None:
        """Stop at once; a practice draft is not kept."""
        if self.session is not None:
            self.session.discard()
        self.exit(return_code=0)

    def exit_code(self) -> int:
        return 2 if self._failed else 0

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield SystemCommand("Andere casus", "Kies een andere oefencasus", self.pick_case)
        yield SystemCommand(
            "Hulp en contact", "Uitleg en bij wie je terecht kunt (F1)", self.action_help
        )
        yield SystemCommand("Stoppen", "Stop met oefenen (Ctrl+Q)", self.action_hide)
