"""What a panel is: pure drawing functions, one per mode, and the quantities they read.

A panel file under tui/panels/ ends with one `Panel(...)`: its name (the widget's id and the
CSS that places it), a function `(view, width, height) -> lines` for each mode, and the
names of the cell's quantities it draws (`trace.q(name)`). The screen shows a panel only
when the trace holds all of them: a cell with other quantities gets its own panels, and no
panel grows a branch for it. Likewise `when` says which networks it draws: the seed's
panels draw one chain of cells (`one_chain`), a deep or bidirectional network has its own
(`many_chains`: the network of every layer, a panel per direction). A panel also names
the sequence shapes it draws (`shapes`, engine.spec.SHAPES; empty: any): the tagger's ŷ<t> is
one probability per word, a language model's a distribution over its characters, a
classifier's one ŷ after the last word, an encoder-decoder's a distribution per output step,
and each has its own panels. An encoder-decoder's t runs through the encoder and then the
decoder: a panel draws the network t is on (`view.side`, whose t is that network's), unless
it draws the whole (`whole`). `Panel.lines` is the one place where the mode picks a drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..draw.text import Line
from ..view import MODES, Mode, ViewState

if TYPE_CHECKING:
    from rnnviz.engine import Trace

Draw = Callable[[ViewState, int, int], list[Line]]


def step_key(view: ViewState) -> Hashable:
    """What most panels' pictures depend on: the trace, t, the mode, the breakpoint stop
    shown, and the layer and direction shown."""
    return (view.trace, view.t, view.mode, view.hit, view.layer, view.direction)


def no_rows(width: int, height: int) -> list[Line]:
    return []


def any_network(trace: Trace) -> bool:
    return True


def one_chain(trace: Trace) -> bool:
    """The seed's network: one layer, left to right (its panels draw one chain of cells)."""
    return trace.layers == 1 and trace.directions == 1


def many_chains(trace: Trace) -> bool:
    """A deep or bidirectional network: the panels of panels/chains.py and its neighbours."""
    return not one_chain(trace)


@dataclass(frozen=True)
class Panel:
    """One panel of the debugger. `draw` has a function for every mode (view.MODES)."""

    name: str
    draw: Mapping[Mode, Draw]
    quantities: tuple[str, ...] = ()  # the cell quantities read (trace.q); () draws for any cell
    shapes: tuple[str, ...] = ()  # the sequence shapes it draws (trace.spec.shape); () draws for any
    key: Callable[[ViewState], Hashable] = step_key  # equal keys draw equal lines
    loading: Callable[[int, int], list[Line]] = field(default=no_rows)  # drawn before a model is loaded
    when: Callable[[Trace], bool] = any_network  # the networks it draws (layers, directions)
    rows: Callable[[Trace, bool], int] | None = None  # its height for a network (full layout?), else the CSS's
    while_loading: bool = True  # shown in the first frame, before the model is known (the default's layout)
    whole: bool = False  # an encoder-decoder's panel of both networks (the view's t runs through both)

    def __post_init__(self) -> None:
        missing = [mode for mode in MODES if mode not in self.draw]
        if missing:
            raise ValueError(f"panel {self.name!r} draws no {', '.join(missing)} mode")

    def drawn(self, view: ViewState) -> ViewState:
        """The view this panel draws: the whole, or the network t is on (`view.side`)."""
        return view if self.whole else view.side

    def cache_key(self, view: ViewState) -> Hashable:
        """Equal keys draw equal lines (`key` of the view drawn)."""
        return self.key(self.drawn(view))

    def lines(self, view: ViewState, width: int, height: int) -> list[Line]:
        """The panel's rows for `view` in a `width` x `height` box."""
        drawn = self.drawn(view)
        return self.draw[drawn.mode](drawn, width, height)

    def shows(self, trace: Trace) -> bool:
        """Whether the trace is of a shape and a network this panel draws, and holds every
        quantity it draws."""
        if self.shapes and trace.spec.shape not in self.shapes:
            return False
        return all(trace.has(name) for name in self.quantities) and self.when(trace)
