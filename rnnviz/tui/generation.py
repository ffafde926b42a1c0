"""Generate mode of a language model, without Textual: the one-to-many network.

Every step samples w<t> from ŷ<t> at the temperature T, with a seeded generator, and feeds it
back as x<t+1> (engine/generation.py draws, the pipeline traces). The whole sample is drawn
when generation starts, so stepping through it, and back, is exact: a generated sequence is
a trace like any other, and `Generation` keeps how each of its characters was drawn.

Drawing again (another temperature, another seed) keeps the characters before the current
step t and draws from step t on: at step t the screen shows ŷ<t> and the draw of w<t>, so
that draw is the first one made again. Generation started at step t of a line keeps the
line's first t - 1 characters (read, not drawn) and continues it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from .generated import DEFAULT_SEED, DEFAULT_TEMPERATURE, GENERATED, MAX_LEN, Drawn, Generation
from .view import DEFAULT_SPEED, Mode, ViewState

if TYPE_CHECKING:
    from rnnviz.engine import Params


class Lines(Protocol):
    """What generation needs of the session (tui/session.py): the model, its characters and
    the views of its lines."""

    vocab: Any  # a CharVocabulary

    @property
    def params(self) -> Params: ...

    def view(self, number: int, t: int = 0, *, speed: float = DEFAULT_SPEED, mode: Mode = "forward") -> ViewState: ...


def _generated(
    session: Lines, view: ViewState, line: int, kept: tuple[Drawn | None, ...], temperature: float, seed: int, t: int
) -> ViewState:
    """The view at step t of w<1 … k> (`kept`, k = len(kept): the view's first k tokens and
    how they came), then draws from step k + 1 at (temperature, seed)."""
    from rnnviz.engine.generation import generate
    from rnnviz.pipeline import line_sentence, trace_sequence

    vocab = session.vocab
    labels = view.trace.labels
    assert labels is not None, "a language model's trace has its targets"
    prefix = list(labels[: len(kept)])
    sample = generate(
        session.params, vocab.end_index, seed=seed, temperature=temperature, max_len=MAX_LEN, prefix=prefix
    )
    trace = trace_sequence(session.params, vocab, list(sample.tokens))
    drawn = (*kept, *(Drawn(d, seed) for d in sample.draws))
    generation = Generation(line, drawn, temperature, seed, sample.ended)
    text = "".join(trace.tokens)
    return ViewState(
        trace=trace,
        sentence=line_sentence(text, GENERATED),
        number=view.number,
        count=view.count,
        source=GENERATED,
        speed=view.speed,
        layer=view.layer,
        direction=view.direction,
        model=view.model,
        generation=generation,
    ).at(t)


def start(
    session: Lines, view: ViewState, temperature: float = DEFAULT_TEMPERATURE, seed: int = DEFAULT_SEED
) -> ViewState:
    """Generate from step t of the line shown: its first t - 1 characters are kept (read),
    and w<t>, w<t+1>, … are drawn; at t = 0 or 1 everything is drawn."""
    kept = max(view.t - 1, 0)
    return _generated(session, view, view.number, (None,) * kept, temperature, seed, view.t)


def redraw(session: Lines, view: ViewState, *, temperature: float | None = None, seed: int | None = None) -> ViewState:
    """Draw again from step t (t = 0: from step 1), at another temperature or seed; the
    characters before t stay, with how they came."""
    generation = view.generation
    assert generation is not None, "redraw needs a generated sequence"
    keep = max(view.t - 1, 0)
    return _generated(
        session,
        view,
        generation.line,
        generation.drawn[:keep],
        generation.temperature if temperature is None else temperature,
        generation.seed if seed is None else seed,
        view.t,
    )


def regenerate(session: Lines, view: ViewState) -> ViewState:
    """After the model changed: the characters read from the line stay, the rest is drawn
    again with the new model (same temperature and seed); same t and mode."""
    generation = view.generation
    assert generation is not None
    kept = (None,) * generation.kept
    fresh = _generated(session, view, generation.line, kept, generation.temperature, generation.seed, view.t)
    if view.backward:
        fresh = fresh.with_mode("backward").at(view.t)
    return replace(fresh, playing=view.playing)


def leave(session: Lines, view: ViewState) -> ViewState:
    """Back to the line generation started from, at the same t (clamped)."""
    generation = view.generation
    assert generation is not None
    return replace(session.view(generation.line, view.t, speed=view.speed), layer=view.layer, direction=view.direction)
