"""How a language model's generated sequence came about, step by step (data only): the
TUI's side of generate mode (tui/generation.py makes them; view.ViewState carries one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rnnviz.engine.sampling import Draw

TEMPERATURES = (0.0, 0.2, 0.5, 0.7, 1.0, 1.5, 2.0)  # [ and ] move between them
DEFAULT_TEMPERATURE = 1.0
DEFAULT_SEED = 0
MAX_LEN = 200  # draws, as `rnnviz sample --max-len` by default
GENERATED = "generated"


@dataclass(frozen=True)
class Drawn:
    """How w<t> was drawn: the engine's draw (distribution, u, interval) and the seed."""

    draw: Draw
    seed: int


@dataclass(frozen=True, eq=False)
class Generation:
    """A generated sequence w<1 … T>: per step, how its character was drawn."""

    line: int  # the number of the line it started from (g returns there)
    drawn: tuple[Drawn | None, ...]  # per step t = 1 … T; None: w<t> was read from the line
    temperature: float  # of the latest draws, and of the next
    seed: int
    ended: bool  # the end token was drawn (else MAX_LEN characters were)

    @property
    def kept(self) -> int:
        """Characters read from the line before the first draw."""
        return next((i for i, d in enumerate(self.drawn) if d is not None), len(self.drawn))

    def at(self, t: int) -> Drawn | None:
        """How w<t> was drawn (None at t = 0 and for a character read from the line)."""
        return self.drawn[t - 1] if 1 <= t <= len(self.drawn) else None

    @property
    def greedy(self) -> bool:
        return self.temperature == 0


def temperature_after(temperature: float, delta: int) -> float:
    """The next temperature of TEMPERATURES up (delta 1) or down (-1), clamped."""
    below = [value for value in TEMPERATURES if value < temperature]
    above = [value for value in TEMPERATURES if value > temperature]
    if delta > 0:
        return above[0] if above else temperature
    return below[-1] if below else temperature


def can_change_temperature(temperature: float, delta: int) -> bool:
    return temperature_after(temperature, delta) != temperature
