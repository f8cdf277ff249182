"""`veilig --eenvoudig`: the dialogue as numbered plain-text prompts on stdin/stdout."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from veilig_tui.flow.engine import Shown, progress_text
from veilig_tui.flow.inputs import AnswerError, privacy_hints, visible
from veilig_tui.melding import DISCARDED, KEPT, keep_or_discard
from veilig_tui.org import ContactChoice
from veilig_tui.service import Service
from veilig_tui.session import Session

COMMANDS = "h = hulp, t = terug, s = stoppen"
WIDTH = 79
UNREADABLE = "\ufffd"
"""What the input decoder puts in place of bytes that are not valid text (errors='replace')."""


class Stop(Exception):
    """The user typed 's', pressed Ctrl+C, or the input ended (Ctrl+D)."""


class Unchanged(Exception):
    """While changing an answer from the review, the user chose not to change it."""


class PlainFront:
    """Line-based front end, for screen readers, simple terminals and scripts."""

    def __init__(
        self, session: Session, stdin: TextIO, stdout: TextIO, service: Service | None = None
    ) -> None:
        self.service = service or Service.around(session)
        self.session = session
        self.dialogue = session.dialogue
        self.stdin = stdin
        self.stdout = stdout
        self.editing = False
        """True while an answer is changed from the review: 't' then cancels the change."""

    def say(self, text: str = "") -> None:
        """One or more lines, wrapped between words so a terminal never splits a word."""
        lines = [
            textwrap.fill(line, WIDTH, subsequent_indent=" " * (len(line) - len(line.lstrip())))
            if len(line) > WIDTH
            else line
            for line in visible(text).split("\n")
        ]
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()

    def ask(self, prompt: str = "> ") -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:  # Ctrl+C
            raise Stop from None
        if not line:  # Ctrl+D, or the end of a script
            raise Stop
        if UNREADABLE in line:
            self.say(
                f"Let op: een paar tekens konden niet worden gelezen. Ze staan er nu als "
                f"{UNREADABLE}. De rest van je antwoord is er nog."
            )
        return line.rstrip("\r\n")

    def run(self) -> int:
        """Run until the melding is finished. Returns 0 when finished, 1 when stopped or
        when the melding could not be saved."""
        try:
            while True:
                while not self.dialogue.finished:
                    self.step()
                    self.notices()
                if self.review():
                    break
        except (Stop, KeyboardInterrupt):
            self.stopped()
            return 1
        return 0 if self.finish() else 1

    def stopped(self) -> None:
        """Say what was kept after 's', Ctrl+C or Ctrl+D."""
        self.say()
        if self.session.saved:
            self.say("Gestopt. Je antwoorden zijn bewaard als onafgemaakte melding.")
            self.say("Alleen wat je nog niet met Enter had gegeven, is niet bewaard.")
            self.say("Verder gaan: veilig --eenvoudig --verder")
        else:
            self.say("Gestopt. Er is niets bewaard.")
        self.say("Sluit dit venster, dan ziet niemand anders je antwoorden.")
        self.say("Bij direct gevaar: bel 112.")

    def notices(self) -> None:
        """Say what went wrong while saving; the answers stay in memory."""
        while self.session.notices:
            self.say("Let op: " + self.session.notices.pop(0))

    def header(self) -> None:
        self.say()
        self.say(self.dialogue.safety_line(help_key="typ h"))
        low, high = self.dialogue.questions_left()
        if self.dialogue.current.kind in ("choice", "multi", "text", "date"):
            self.say(f"Vraag {self.dialogue.question_number()} — {progress_text(low, high)}")

    def step(self) -> None:
        shown = self.dialogue.show()
        self.header()
        self.say(shown.text)
        if shown.kind == "advice":
            self.contacts(shown.contacts)
        handler: dict[str, Callable[[Shown], object]] = {
            "choice": self.choice,
            "multi": self.multi,
            "text": self.text,
            "date": self.text,
        }
        value = handler.get(shown.kind, self.proceed)(shown)
        if value is None:
            return
        try:
            self.session.answer(value)
        except AnswerError as exc:
            self.say(f"Let op: {exc}")

    def command(self, line: str, shown: Shown) -> bool:
        """Handle h, t and s. True when the line was a command."""
        word = line.strip().lower()
        if word == "h":
            self.say(shown.help or "Er is geen extra uitleg bij deze vraag.")
            self.say()
            for line in self.dialogue.contact_help():
                self.say(line)
            return True
        if word == "t" and self.editing:
            self.say("Je antwoord blijft zoals het was.")
            raise Unchanged
        if word == "t":
            if not self.session.back():
                self.say("Dit is de eerste vraag. Terug kan niet.")
            return True
        if word == "s":
            raise Stop
        return False

    def choice(self, shown: Shown) -> object:
        picked = self._pick(shown, "Typ een nummer.", single=True)
        return picked[0] if picked else None

    def multi(self, shown: Shown) -> object:
        how = "Typ één of meer nummers met een spatie ertussen, bijvoorbeeld: 1 3."
        return self._pick(shown, how, single=False)

    def _pick(self, shown: Shown, how: str, *, single: bool) -> list[str] | None:
        """List the answers, read numbers; None after a command or a wrong line."""
        count = len(shown.answers)
        for i, (_, label) in enumerate(shown.answers, 1):
            self.say(f"  {i}. {label}")
        self.say(f"{how} {COMMANDS}.")
        line = self.ask()
        if self.command(line, shown):
            return None
        parts = line.replace(",", " ").split()
        valid = bool(parts) and all(p.isdigit() and 1 <= int(p) <= count for p in parts)
        if single and not (valid and len(parts) == 1):
            self.say(f"Typ één nummer van 1 tot {count}.")
            return None
        if not valid:
            self.say(f"Typ nummers van 1 tot {count}, met een spatie ertussen.")
            return None
        return [shown.answers[i][0] for i in sorted({int(p) - 1 for p in parts})]

    def text(self, shown: Shown) -> object:
        extra = " Je mag het leeg laten." if shown.node.optional else ""
        before = None if self.editing else self.dialogue.prefill(shown.id)
        if before:  # given before and undone with 't': Enter keeps it
            try:
                was = self.dialogue.answer_text(shown.node, before)
            except (ValueError, TypeError, AttributeError):  # a draft edited by hand
                was = str(before)
            self.say(f"Je antwoord was: {was}")
            empty = " Leeg laten: typ een streepje (-)." if shown.node.optional else ""
            self.say(f"Enter = zo laten. Of typ een nieuw antwoord.{empty} ({COMMANDS})")
        else:
            self.say(f"Typ je antwoord en druk op Enter.{extra} ({COMMANDS})")
        line = self.ask()
        if self.command(line, shown):
            return None
        if before and not line.strip():
            return before
        if before and shown.node.optional and line.strip() == "-":
            return ""
        if shown.kind == "text" and shown.node.privacy_hint:
            hints = privacy_hints(line)
            if hints:
                for hint in hints:
                    self.say(f"Tip: '{hint.found}'. {hint.message}")
                again = self.ask("Enter = zo laten, o = opnieuw typen (je typt alles opnieuw): ")
                if again.strip().lower() == "o":
                    return None
        return line

    def proceed(self, shown: Shown) -> object:
        line = self.ask("Druk op Enter om verder te gaan (h = hulp, t = terug, s = stoppen). ")
        if self.command(line, shown):
            return None
        self.session.answer(None)
        return None

    def keep_or_discard(self) -> None:
        """A route without a melding: ask before throwing away what was typed."""
        if not self.session.typed_something():
            self.session.discard()
            self.say(DISCARDED)
            return
        self.say(keep_or_discard(self.dialogue))
        self.say("  1. Bewaren")
        self.say("  2. Weggooien")
        try:
            line = self.ask("Typ 1 of 2 (Enter = bewaren): ").strip()
        except Stop:
            line = ""
        if line == "2":
            self.session.discard()
            self.say(DISCARDED)
        else:
            self.say(f"{KEPT} Verder gaan: veilig --eenvoudig --verder")

    def review(self) -> bool:
        """Show every answer before finishing; True to finish, False when a change opened
        new questions. Only for an outcome that makes a melding, as in the TUI."""
        if not self.dialogue.current.report:
            return True
        message = ""
        while True:
            lines = self.dialogue.lines()
            self.say()
            self.say("=== Kijk je antwoorden na ===")
            if message:
                self.say(message)
            for number, line in enumerate(lines, 1):
                self.say(f"{number}. {line.question}")
                self.say(f"   {line.answer}")
            self.say(
                "Typ het nummer van een antwoord om het te veranderen. "
                "Druk op Enter om af te ronden. (s = stoppen)"
            )
            word = self.ask().strip().lower()
            if word == "":
                return True
            if word == "s":
                raise Stop
            if not (word.isdigit() and 1 <= int(word) <= len(lines)):
                message = f"Typ een nummer van 1 tot {len(lines)}, of druk op Enter."
                continue
            message = self.change(lines[int(word) - 1].index)
            if not self.dialogue.finished:
                self.say(message + " Beantwoord de nieuwe vragen.")
                return False

    def change(self, index: int) -> str:
        """Ask one earlier question again; the message says what changed."""
        node_id, _ = self.dialogue.answers[index]
        shown = self.dialogue.show(self.dialogue.flow.nodes[node_id])
        self.say()
        self.say(shown.text)
        self.say("Geef je nieuwe antwoord. Typ t om het te laten zoals het was.")
        handler = self.multi if shown.kind == "multi" else self.choice
        if shown.kind in ("text", "date"):
            handler = self.text
        self.editing = True
        try:
            value = handler(shown)
        except Unchanged:
            return ""
        finally:
            self.editing = False
        if value is None:
            return "Je antwoord is niet veranderd."
        try:
            dropped = self.session.edit(index, value)
        except AnswerError as exc:
            return f"Let op: {exc} Je antwoord is niet veranderd."
        self.notices()
        message = "Je antwoord is veranderd."
        if dropped:
            flow = self.dialogue.flow
            gone = "; ".join(f"'{self.dialogue.show(flow.nodes[n]).text}'" for n in dropped)
            message += f" Deze vragen tellen nu niet meer mee: {gone}"
        return message

    def contacts(self, choice: ContactChoice | None) -> None:
        if choice is None:
            return
        self.say()
        self.say("Neem contact op met:")
        for line in choice.lines():
            self.say("  " + line)

    def finish(self) -> bool:
        """Show the advice and the answers and store the melding; False if that failed."""
        self.header()
        self.say("=== Advies ===")
        for advice in self.dialogue.advices():
            self.say()
            self.say(advice.text)
            self.contacts(advice.contacts)
        self.say()
        self.say("=== Je antwoorden ===")
        for line in self.dialogue.lines():
            self.say(f"- {line.question}")
            self.say(f"  {line.answer}")
        self.say()
        if not self.dialogue.current.report:
            self.keep_or_discard()
        else:
            result = self.service.finish(self.session)
            melding = result.melding
            self.say(result.message)
            for notice in result.notices:
                self.say(f"Let op: {notice}")
            if melding is None:
                if self.session.saved:
                    self.say("Je antwoorden staan hierboven en in je onafgemaakte melding.")
                    self.say("Probeer het later opnieuw: veilig --eenvoudig --verder")
                self.say("Bij direct gevaar: bel 112.")
                return False
            ref = melding.reference
            name = self.service.suggested_path(melding, Path(".")).name
            self.say(f"Het bestand maken: veilig export {ref} -o {name}")
            if not self.service.is_private(melding):
                self.say(f"Heb je het gegeven? Zeg dat met: veilig overgedragen {ref} --aan NAAM")
        self.say("Klaar? Sluit dit venster, dan ziet niemand anders je antwoorden.")
        return True
