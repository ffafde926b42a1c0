"""The command palette (ctrl+p): switch tanh / ReLU, open a sentence file, jump to word t,
and the keyed actions under their names."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import RnnvizApp


class RnnvizCommands(Provider):
    """The debugger's commands, listed when the palette opens and found by fuzzy search."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: RnnvizApp = self.app  # type: ignore[assignment]
        state = app.state
        other = "ReLU" if state.params.activation == "tanh" else "tanh"
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"Switch the activation to {other}", app.action_toggle_activation,
             f"recompute this sentence with a<t> = {other}(z<t>), same weights"),
            ("Open a sentence file…", app.action_open_file,
             "markup ([Harry Potter] …) or CoNLL; n / p move between its sentences"),
            ("Type a new sentence…", app.action_edit, "the same as the e key"),
            ("Jump to t = 0 (before the first word)", partial(app.jump_to, 0), "only a<0> = 0 exists"),
        ]
        for step in state.trace.steps:
            word = f"<UNK>({step.token})" if step.unknown else step.token
            commands.append((f"Jump to word {step.t}: {word}", partial(app.jump_to, step.t),
                             f"t = {step.t} of {state.T}"))
        commands += [
            ("Next sentence", partial(app.action_sentence, 1), "the n key"),
            ("Previous sentence", partial(app.action_sentence, -1), "the p key"),
            ("Help: the panels and the notation", app.action_help, "the ? key"),
        ]
        return commands

    async def discover(self) -> Hits:
        for name, callback, help in self._commands():
            yield DiscoveryHit(name, callback, help=help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help)
