"""Panel 2, the sentence: every word, the current one highlighted; y<t> under each word and
ŷ<t> under the words stepped so far, green when the prediction (ŷ > 0.5) matches y, red
when not. A click on a word jumps to it."""

from __future__ import annotations

from textual import events
from textual.message import Message

from ..render import BAD, DIM, GOOD, Line, seg, sentence_layout, sentence_lines, stop_extra, title_line
from ..state import ViewState, per_trace, unknowns
from .panel import Panel


def sentence_title(state: ViewState, width: int) -> Line:
    sentence = state.sentence
    if sentence.line is not None:
        where = f"{state.source}:{sentence.line}"
    else:
        where = sentence.source or state.source
    extra: Line = [seg(where, DIM)]
    stop = state.stopped("cross")
    if stop is not None:
        extra = stop_extra(stop.reason)
    elif state.backward:
        extra += [seg("  every ŷ is computed; backpropagation runs from the last word to the first", DIM)]
    elif state.labeled:
        extra += [
            seg("  ŷ ", DIM),
            seg("agrees", GOOD),
            seg(" / ", DIM),
            seg("disagrees", BAD),
            seg(" with y (name when ŷ > 0.5)", DIM),
        ]
    else:
        extra += [seg("  unlabeled: no y<t>, no loss", DIM)]
    return title_line(f"x^({state.number + 1}), the sentence", width, extra)


class SentencePanel(Panel):
    """The words of x^(i) with y<t> and ŷ<t>; clicking a word posts `WordClicked`."""

    class WordClicked(Message):
        """A word of the sentence was clicked: jump to step t."""

        def __init__(self, t: int) -> None:
            super().__init__()
            self.t = t

    def _rows(self, state: ViewState, width: int) -> tuple[list[Line], list[tuple[int, int, int]]]:
        trace = state.trace
        layout = per_trace(trace, "sentence", lambda tr: sentence_layout(tr.tokens, unknowns(tr)))
        return sentence_lines(
            trace.tokens,
            unknowns(trace),
            trace.labels,
            state.y_hats,
            state.t,
            width,
            done=state.T if state.backward else state.t,
            layout=layout,
        )

    def lines(self, state: ViewState, width: int, height: int) -> list[Line]:
        rows, _ = self._rows(state, width)
        return ([sentence_title(state, width)] if height >= 4 else []) + rows

    def word_at(self, x: int, y: int) -> int | None:
        """The word number (1-based) drawn at (x, y) of the panel, if any."""
        state = self.state
        width, height = self.size
        if state is None or not width:
            return None
        row = y - (1 if height >= 4 else 0)
        if not 0 <= row < 3:
            return None
        _, spans = self._rows(state, width)
        for x0, x1, t in spans:
            if x0 <= x < x1:
                return t
        return None

    def on_click(self, event: events.Click) -> None:
        t = self.word_at(event.x, event.y)
        if t is not None:
            event.stop()
            self.post_message(self.WordClicked(t))
