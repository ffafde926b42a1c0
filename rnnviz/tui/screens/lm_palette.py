"""A language model's commands in the palette: generate mode (start, leave, every temperature,
another seed), its breakpoint (the target's probability below a value), and jumping to a
character."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand

from ..draw.chars import quoted
from ..generated import TEMPERATURES
from ..markup import escape

if TYPE_CHECKING:
    from ..view import ViewState


class LmActions(Protocol):
    def action_generate(self) -> None: ...
    def set_temperature(self, temperature: float) -> None: ...
    def action_redraw(self) -> None: ...
    def action_run_until(self, kind: str | None = None) -> None: ...
    def jump_to(self, t: int) -> None: ...


def lm_commands(view: ViewState, act: LmActions) -> Iterator[SystemCommand]:
    """The commands that can act on a language model's view."""
    generation = view.generation
    forward = not view.backward
    if generation is None and forward:
        yield _command(
            "Generate: write with the model (one-to-many)",
            f"the g key: from step {max(view.t, 1)}, each character drawn from ŷ<t> is fed back as x<t+1>",
            act.action_generate,
        )
    elif generation is not None:
        yield _command("Stop generating: back to the line", "the g key", act.action_generate)
    if forward:
        for value in TEMPERATURES:
            if generation is not None and value == generation.temperature:
                continue
            what = "draw again from step t" if generation is not None else "generate from step t"
            if value == 0:
                what += ", greedy: the most likely character every step"
            yield _command(
                f"Temperature T = {value:g}",
                f"{what}; the [ and ] keys step through them",
                partial(act.set_temperature, value),
            )
    if generation is not None and forward:
        yield _command(f"Draw again with seed {generation.seed + 1}", "the d key: from step t on", act.action_redraw)
    yield _command(
        "Run until the target's probability ŷ<t>[y<t>] < …",
        "asks for the value: the first character the model did not expect",
        partial(act.action_run_until, "target"),
    )
    chars = view.params.meta["vocab"]["x"]
    labels = view.trace.labels or ()
    for t, y in enumerate(labels, 1):
        yield _command(f"Jump to t = {t}: y<{t}> = {quoted(chars[y])}", f"t = {t} of {view.T}", partial(act.jump_to, t))


def _command(title: str, about: str, callback: Callable[[], object]) -> SystemCommand:
    """A command shown as written (the palette reads markup; [ and ] are keys here)."""
    return SystemCommand(escape(title), escape(about), callback)
