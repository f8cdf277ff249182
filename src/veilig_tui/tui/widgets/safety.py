"""The safety line: the first row of every screen, from the first frame."""

from __future__ import annotations

from textual.widgets import Static

FIRST_FRAME = "Direct gevaar? Bel 112"


class SafetyLine(Static):
    """'Direct gevaar? Bel 112 · Melden: <who>' — follows the app's `safety_text`."""

    DEFAULT_CSS = """
    SafetyLine {
        dock: top;
        height: 1;
        width: 100%;
        text-style: bold;
        background: $error;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self) -> None:
        super().__init__(FIRST_FRAME, markup=False, id="safety")

    def on_mount(self) -> None:
        if hasattr(self.app, "safety_text"):
            # init=False: the text given at construction is already in the first frame
            self.watch(self.app, "safety_text", self._show, init=False)
            if self.app.safety_text != FIRST_FRAME:
                self.update(self.app.safety_text)

    def _show(self, text: str) -> None:
        self.update(text or FIRST_FRAME)
