"""A medewerker's dialogue with autosave: every answer is saved as a draft at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from veilig_tui.flow.check import Flow
from veilig_tui.flow.engine import Dialogue, State, progress_text
from veilig_tui.melding import melding_content
from veilig_tui.org import Profile
from veilig_tui.store import Melding, Progress, Store, StoreError, new_draft_id
from veilig_tui.store.archive import Sealer


@dataclass
class Session:
    """Ties a dialogue to a draft file. Saving problems become Dutch notices, never crashes:
    the answers stay in memory and on screen, and the next save tries again."""

    dialogue: Dialogue
    store: Store
    draft_id: str = field(default_factory=new_draft_id)
    notices: list[str] = field(default_factory=list)
    saved: bool = False
    """True once this draft exists on disk."""
    typing: tuple[str, str] | None = None
    """The question and the text typed there but not yet given (kept when going back)."""

    def _try(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except StoreError as exc:
            self.notices.append(str(exc))
            return False
        self.notices += self.store.take_notices()
        return True

    def progress(self) -> Progress:
        low, high = self.dialogue.questions_left()
        asked = self.dialogue.question_number() - 1
        if self.dialogue.finished:
            return Progress(asked, f"{asked} vragen beantwoord, bij het advies")
        return Progress(asked, f"vraag {asked + 1}, {progress_text(low, high)}")

    def save(self) -> bool:
        """Save the dialogue's state as this draft (only this draft's file is written)."""
        state = self.dialogue.state().to_dict()
        ok = self._try(lambda: self.store.save_draft(self.draft_id, state, self.progress()))
        self.saved = self.saved or ok
        return ok

    def save_typing(self, text: str) -> bool:
        """Save free text still being typed for the current question."""
        node_id = self.dialogue.current.id
        self.typing = (node_id, text)
        ok = self._try(lambda: self.store.save_typing(self.draft_id, node_id, text))
        self.saved = self.saved or ok
        return ok

    def answer(self, value: Any = None) -> None:
        """Answer (AnswerError passes through, nothing saved) and save."""
        self.dialogue.answer(value)
        self.typing = None
        self.save()

    def back(self) -> bool:
        """Go back one question. Text typed but not given is kept: it is shown again when
        its question comes back, also after a restart."""
        if self.typing is not None and self.typing[0] == self.dialogue.current.id:
            self.dialogue.remember(*self.typing)
        moved = self.dialogue.back()
        if moved:
            self.typing = None
            self.save()
        return moved

    def edit(self, index: int, value: Any) -> list[str]:
        dropped = self.dialogue.edit(index, value)
        self.typing = None
        self.save()
        return dropped

    def finish(self, seal: Sealer | None = None) -> Melding | None:
        """Archive a finished melding (with `seal`: only what it makes of it, see
        Store.finish); a route without a melding leaves nothing behind."""
        if not self.dialogue.finished:
            raise ValueError("the dialogue is not finished")
        if not self.dialogue.current.report:
            self.discard()
            return None
        self.dialogue.forget_unused()  # a melding holds only the answers on its final path
        content = melding_content(self.dialogue)
        result: list[Melding] = []
        self._try(lambda: result.append(self.store.finish(self.draft_id, content, seal)))
        if result:
            self.saved = False  # the draft became the melding
        return result[0] if result else None

    def typed_something(self) -> bool:
        """True when the user typed free text on the way (worth asking before discarding)."""
        nodes = self.dialogue.flow.nodes
        return any(nodes[n].kind == "text" and v for n, v in self.dialogue.answers)

    def discard(self) -> None:
        """Delete this draft (for a route that makes no melding, or on request)."""
        if self.saved:
            self._try(lambda: self.store.delete_draft(self.draft_id))
            self.saved = False

    @classmethod
    def resume(
        cls, flow: Flow, profile: Profile, store: Store, draft_id: str, **kw: Any
    ) -> tuple[Session, str | None, str | None]:
        """Continue a draft: the session, a message if replay stopped early, and the
        half-typed text of the current question (if any)."""
        draft = store.load_draft(draft_id)
        if draft is None:
            raise KeyError(draft_id)
        dialogue, message = Dialogue.restore(flow, profile, State.from_dict(draft.state), **kw)
        typing = draft.typing
        typed = typing.text if typing and typing.node_id == dialogue.current.id else None
        session = cls(dialogue, store, draft_id, saved=True)
        if typed is not None:
            session.typing = (dialogue.current.id, typed)
        return session, message, typed
