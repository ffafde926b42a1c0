"""The debugger's commands in the palette (ctrl+p): switch tanh / ReLU (the vanilla cell's g;
not offered for the GRU and the LSTM, whose σ and tanh are fixed), open a sentence file,
jump to word t, backward mode, run until a condition holds, train / save / undo, show another
layer, open another bundled model (models_palette.py), and the keyed actions under their
names. The app offers them from `get_system_commands` while the debugger is the screen the
palette was opened from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand

from ..breakpoints import kinds_for
from ..markup import escape
from . import models_palette

if TYPE_CHECKING:
    from rnnviz.engine.breakpoints import Condition

    from ..view import ViewState


class Actions(Protocol):
    """What the commands do: the debugger screen's actions."""

    def action_toggle_activation(self) -> None: ...
    def action_open_file(self) -> None: ...
    def action_edit(self) -> None: ...
    def jump_to(self, t: int) -> None: ...
    def action_backward(self) -> None: ...
    def run_until(self, condition: Condition) -> object: ...
    def action_run_until(self, kind: str | None = None) -> None: ...
    def action_train(self) -> None: ...
    def action_save(self) -> None: ...
    def action_undo_training(self) -> None: ...
    def action_stop_training(self) -> None: ...
    def action_sentence(self, delta: int) -> None: ...
    def action_help(self) -> None: ...
    def action_layer(self, delta: int) -> None: ...
    def switch_model(self, name: str) -> None: ...
    def action_generate(self) -> None: ...
    def set_temperature(self, temperature: float) -> None: ...
    def action_redraw(self) -> None: ...


def command(title: str, about: str, callback: Callable[[], object]) -> SystemCommand:
    """A palette command whose title and description show as written (brackets too: the
    palette reads them as markup)."""
    return SystemCommand(escape(title), escape(about), callback)


def commands(view: ViewState, act: Actions, *, training: bool, can_undo: bool) -> Iterator[SystemCommand]:
    """The commands that can act on `view`, with what each does."""
    from rnnviz.engine.breakpoints import Condition
    from rnnviz.engine.cells import get_cell
    from rnnviz.engine.modelio import SUFFIXES

    if get_cell(view.params.spec.cell).uses_activation:  # the GRU and the LSTM have no g to switch
        other = "ReLU" if view.params.activation == "tanh" else "tanh"
        yield command(
            f"Switch the activation to {other}",
            f"recompute this sentence with a<t> = {other}(z<t>), same weights",
            act.action_toggle_activation,
        )
    yield command(
        "Open a sentence file…",
        "markup ([Harry Potter] …) or CoNLL; n / p move between its sentences",
        act.action_open_file,
    )
    yield command("Type a new sentence…", "the same as the e key", act.action_edit)
    yield command("Jump to t = 0 (before the first word)", "only a<0> = 0 exists", partial(act.jump_to, 0))
    lm = view.shape == "lm"
    if lm:
        from .lm_palette import lm_commands

        yield from lm_commands(view, act)
    for step in () if lm else view.trace.steps:
        word = f"<UNK>({step.token})" if step.unknown else step.token
        yield command(f"Jump to word {step.t}: {word}", f"t = {step.t} of {view.T}", partial(act.jump_to, step.t))
    if view.backward:
        yield command("Forward mode: the forward pass", "the b key; t stays", act.action_backward)
    elif view.labeled:
        yield command(
            "Backward mode: step through backpropagation (BPTT)",
            "the b key: t = T_x … 1, right to left",
            act.action_backward,
        )
    direction = "right to left" if view.backward else "forward"
    kinds = kinds_for(view.shape)
    if "cross" in kinds:
        yield command("Run until ŷ<t> crosses 0.5", direction, partial(act.run_until, Condition("cross")))
    if "saturate" in kinds:
        yield command(
            "Run until a unit saturates (|a| > 0.99)", direction, partial(act.run_until, Condition("saturate"))
        )
    if "loss" in kinds:
        yield command("Run until L<t> > …", f"asks for the value; {direction}", partial(act.action_run_until, "loss"))
    if view.backward and "grad" in kinds:
        yield command(
            "Run until ‖da<t>‖ < … (vanishing gradient)",
            "asks for the value; right to left",
            partial(act.action_run_until, "grad"),
        )
    if kinds:
        yield command("Run until… (choose a condition)", "the r key", act.action_run_until)
    if training:
        yield command("Stop training", "Escape: after this epoch; twice: now", act.action_stop_training)
    else:
        if not lm:  # training in the app is the tagger's
            yield command(
                "Train the model on these sentences…", "the t key: N epochs in the background", act.action_train
            )
        yield command("Save the model…", f"the s key: {' or '.join(SUFFIXES)}", act.action_save)
        if can_undo:
            yield command("Undo training: back to the model before it", "the u key", act.action_undo_training)
    yield command("Next sentence", "the n key", partial(act.action_sentence, 1))
    yield command("Previous sentence", "the p key", partial(act.action_sentence, -1))
    yield from models_palette.commands(view, act, training=training)
    yield command("Help: the panels and the notation", "the ? key", act.action_help)
