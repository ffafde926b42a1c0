"""The command palette (ctrl+p): switch tanh / ReLU, open a sentence file, jump to word t,
backward mode, run until a condition holds, train / save / undo, and the keyed actions
under their names."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rnnviz.engine.breakpoints import Condition

if TYPE_CHECKING:
    from .app import RnnvizApp


class RnnvizCommands(Provider):
    """The debugger's commands, listed when the palette opens and found by fuzzy search."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: RnnvizApp = self.app  # type: ignore[assignment]
        state = app.state
        other = "ReLU" if state.params.activation == "tanh" else "tanh"
        commands: list[tuple[str, Callable[[], object], str]] = [
            (
                f"Switch the activation to {other}",
                app.action_toggle_activation,
                f"recompute this sentence with a<t> = {other}(z<t>), same weights",
            ),
            (
                "Open a sentence file…",
                app.action_open_file,
                "markup ([Harry Potter] …) or CoNLL; n / p move between its sentences",
            ),
            ("Type a new sentence…", app.action_edit, "the same as the e key"),
            ("Jump to t = 0 (before the first word)", partial(app.jump_to, 0), "only a<0> = 0 exists"),
        ]
        for step in state.trace.steps:
            word = f"<UNK>({step.token})" if step.unknown else step.token
            commands.append(
                (f"Jump to word {step.t}: {word}", partial(app.jump_to, step.t), f"t = {step.t} of {state.T}")
            )
        if state.backward:
            commands.append(("Forward mode: the forward pass", app.action_backward, "the b key; t stays"))
        elif state.labeled:
            commands.append(
                (
                    "Backward mode: step through backpropagation (BPTT)",
                    app.action_backward,
                    "the b key: t = T_x … 1, right to left",
                )
            )
        direction = "right to left" if state.backward else "forward"
        commands += [
            ("Run until ŷ<t> crosses 0.5", partial(app.run_until, Condition("cross")), direction),
            ("Run until a unit saturates (|a| > 0.99)", partial(app.run_until, Condition("saturate")), direction),
            ("Run until L<t> > …", partial(app.action_run_until, "loss"), f"asks for the value; {direction}"),
        ]
        if state.backward:
            commands.append(
                (
                    "Run until ‖da<t>‖ < … (vanishing gradient)",
                    partial(app.action_run_until, "grad"),
                    "asks for the value; right to left",
                )
            )
        commands.append(("Run until… (choose a condition)", app.action_run_until, "the r key"))
        if app.training is None:
            commands += [
                ("Train the model on these sentences…", app.action_train, "the t key: N epochs in the background"),
                ("Save the model…", app.action_save, "the s key: .npz or .safetensors"),
            ]
            if app.can_undo_training:
                commands.append(("Undo training: back to the model before it", app.action_undo_training, "the u key"))
        else:
            commands.append(("Stop training", app.action_stop_training, "Escape: after this epoch; twice: now"))
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
