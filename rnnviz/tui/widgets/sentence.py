"""The sentence panel's widget: a click on a word jumps to it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.message import Message

from ..panels import sentence
from ..view import ViewState
from .panel import PanelView


class SentenceView(PanelView):
    """The words of x^(i) with y<t> and ŷ<t>; clicking a word posts `WordClicked`."""

    @dataclass
    class WordClicked(Message):
        """A word of the sentence was clicked: jump to step t."""

        t: int

    def __init__(self, view: ViewState | None = None) -> None:
        super().__init__(sentence.PANEL, view)

    def word_at(self, x: int, y: int) -> int | None:
        """The word number (1-based) drawn at (x, y) of the panel, if any."""
        view = self.view
        width, height = self.size
        if view is None or not width:
            return None
        return sentence.word_at(view, width, height, x, y)

    def on_click(self, event: events.Click) -> None:
        t = self.word_at(event.x, event.y)
        if t is not None:
            event.stop()
            self.post_message(self.WordClicked(t))
