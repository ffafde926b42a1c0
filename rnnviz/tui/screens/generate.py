"""The debugger's generate mode (a language model): g starts or leaves it, [ and ] draw again
at a lower or higher temperature, d draws again with the next seed; each redraw keeps the
characters before step t (tui/generation.py, no Textual, does the work)."""

from __future__ import annotations

from ..generated import TEMPERATURES, temperature_after
from ..view import ViewState
from .training import TrainingScreen


class GenerateScreen(TrainingScreen):
    """The generate-mode actions of the debugger screen (which shows a view with `go`)."""

    @property
    def now(self) -> ViewState:
        raise NotImplementedError

    def go(self, view: ViewState) -> None:
        """Show `view` (playing stops)."""
        raise NotImplementedError

    def action_generate(self) -> None:
        """Start generating from step t of the line (its first t − 1 characters kept), or
        go back to the line."""
        from ..generation import leave, start

        view = self.now
        self.go(leave(self.loaded, view) if view.generation is not None else start(self.loaded, view))

    def action_temperature(self, delta: int) -> None:
        """Draw again from step t at the next temperature down (−1) or up (+1)."""
        from ..generation import redraw

        generation = self.now.generation
        if generation is not None:
            self.go(redraw(self.loaded, self.now, temperature=temperature_after(generation.temperature, delta)))

    def set_temperature(self, temperature: float) -> None:
        """Draw again from step t at `temperature` (one of TEMPERATURES); start generating
        first when reading a line."""
        from ..generation import redraw, start

        if temperature not in TEMPERATURES:
            raise ValueError(f"the temperature is one of {TEMPERATURES}")
        view = self.now
        self.go(
            redraw(self.loaded, view, temperature=temperature)
            if view.generation
            else start(self.loaded, view, temperature)
        )

    def action_redraw(self) -> None:
        """Draw again from step t with the next seed."""
        from ..generation import redraw

        generation = self.now.generation
        if generation is not None:
            self.go(redraw(self.loaded, self.now, seed=generation.seed + 1))
