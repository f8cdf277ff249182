"""`veilig oefenen --eenvoudig`: a practice case as numbered plain-text prompts."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import TextIO

from veilig_tui.flow.engine import Shown, progress_text
from veilig_tui.plain import WIDTH, PlainFront, Stop
from veilig_tui.service import Service
from veilig_tui.session import Session
from veilig_tui.training.cases import Case, Question, Round
from veilig_tui.training.practice import (
    Answered,
    Feedback,
    Practice,
    banner,
    name_hint,
    shown_order,
)


class PracticePlain(PlainFront):
    """The plain front end of the dialogue, in practice mode: OEFENING in every header,
    no review and no melding, then feedback and the knowledge questions."""

    def __init__(
        self,
        practice: Practice,
        case: Case,
        session: Session,
        stdin: TextIO,
        stdout: TextIO,
        nickname: str = "",
    ) -> None:
        super().__init__(session, stdin, stdout, Service.around(session, practice.folder))
        self.practice = practice
        self.case = case
        self.nickname = nickname

    def header(self) -> None:
        self.say()
        self.say(banner(self.dialogue.safety_line(help_key="typ h")))
        low, high = self.dialogue.questions_left()
        if self.dialogue.current.kind in ("choice", "multi", "text", "date"):
            self.say(f"Vraag {self.dialogue.question_number()} — {progress_text(low, high)}")

    def text(self, shown: Shown) -> object:
        hint = name_hint(self.dialogue)
        if hint:
            self.say(hint)
        return super().text(shown)

    def run(self) -> int:
        """The situation, the dialogue, the feedback, the questions. 0 when done, 1 when
        stopped (the practice draft is dropped: nothing of it stays)."""
        try:
            self.situation()
            while not self.dialogue.finished:
                self.step()
                self.notices()
            self.final_advice()
            fb = self.practice.feedback(self.case, self.session)
            self.show_feedback(fb)
            answered = self.questions(self.case.model.vragen)
        except (Stop, KeyboardInterrupt):
            self.session.discard()
            self.say()
            self.say(
                "Gestopt. De oefening is niet bewaard. Je echte meldingen zijn niet veranderd."
            )
            self.say("Bij direct gevaar: bel 112.")
            return 1
        result, notice = self.practice.finish(fb, self.session, answered, self.nickname)
        if notice:
            self.say(f"Let op: {notice}")
        self.say()
        right = sum(1 for a in answered if a.right)
        if answered:
            self.say(f"Kennisvragen: {right} van {len(answered)} goed.")
        self.say("Klaar met deze oefening. Nog een? Typ: veilig oefenen --eenvoudig")
        return 0

    def situation(self) -> None:
        self.say(banner("Direct gevaar? Bel 112"))
        self.say(f"=== Oefening: {self.case.title} ===")
        self.say()
        self.say(self.practice.situation(self.case))
        self.say()
        self.say("Wat doe je? Beantwoord de vragen van de app, zoals je het echt zou doen.")
        self.say("Niets gaat naar je echte meldingen. Gebruik geen echte namen.")
        self.ask("Druk op Enter om te beginnen (s = stoppen). ")

    def final_advice(self) -> None:
        shown = self.dialogue.show()
        self.header()
        self.say("=== Het advies van de app ===")
        self.say(shown.text)
        self.contacts(shown.contacts)
        self.say()
        if self.ask("Druk op Enter voor je terugkoppeling (s = stoppen). ").strip() == "s":
            raise Stop

    def show_feedback(self, fb: Feedback) -> None:
        self.say()
        self.say(banner("Direct gevaar? Bel 112"))
        self.say("=== Hoe ging het? ===")
        for line in fb.lines():
            self.say(line)

    def questions(self, questions: list[Question]) -> list[Answered]:
        return ask_questions(self.say, self.ask, questions)


def ask_questions(
    say: Callable[[str], None], ask: Callable[[str], str], questions: list[Question]
) -> list[Answered]:
    """Ask knowledge questions by number; the feedback after each. 's' stops (Stop)."""
    answered: list[Answered] = []
    for number, question in enumerate(questions, 1):
        say("")
        say(f"=== Kennisvraag {number} van {len(questions)} ===")
        say(question.vraag)
        order = shown_order(question)
        for shown_as, index in enumerate(order, 1):
            say(f"  {shown_as}. {question.keuzes[index].tekst}")
        while True:
            line = ask(f"Typ een nummer van 1 tot {len(order)} (s = stoppen). ").strip()
            if line.lower() == "s":
                raise Stop
            if line.isdigit() and 1 <= int(line) <= len(order):
                break
            say(f"Typ één nummer van 1 tot {len(order)}.")
        done = Answered(question, order[int(line) - 1])
        answered.append(done)
        for text in done.lines():
            say(text)
    return answered


def knowledge_round(
    practice: Practice, knowledge: Round, stdin: TextIO, stdout: TextIO, nickname: str = ""
) -> int:
    """A knowledge round in plain lines: 0 when done, 1 when stopped."""

    def say(text: str) -> None:
        stdout.write(textwrap.fill(text, WIDTH) + "\n" if text else "\n")
        stdout.flush()

    def ask(prompt: str) -> str:
        stdout.write(prompt)
        stdout.flush()
        line = stdin.readline()
        if not line:
            raise Stop
        return line.rstrip("\r\n")

    say(banner("Direct gevaar? Bel 112"))
    say(f"=== {knowledge.title} ===")
    if knowledge.model.uitleg:
        say(knowledge.model.uitleg.strip())
    try:
        answered = ask_questions(say, ask, knowledge.model.vragen)
    except (Stop, KeyboardInterrupt):
        say("")
        say("Gestopt. De oefening is niet bewaard.")
        return 1
    _, notice = practice.finish_round(knowledge, answered, nickname)
    if notice:
        say(f"Let op: {notice}")
    say("")
    say(f"Kennisvragen: {sum(a.right for a in answered)} van {len(answered)} goed.")
    return 0
