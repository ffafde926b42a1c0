"""The palette's commands for deep networks and bundled models: show another layer of the
network, open another bundled model (rnnviz.bundled) with its sample sentences. A model the
debugger cannot show yet is not offered (tui/models.py says which)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand

from ..markup import escape

if TYPE_CHECKING:
    from ..view import ViewState


class Actions(Protocol):
    def action_layer(self, delta: int) -> None: ...
    def switch_model(self, name: str) -> None: ...


def commands(view: ViewState, act: Actions, *, training: bool) -> Iterator[SystemCommand]:
    from ..models import bundled_models

    layers = view.trace.layers
    for layer in range(layers):
        if layer != view.layer:
            top = ": ŷ reads it" if layer == layers - 1 else (": it reads x<t>, the words" if layer == 0 else "")
            yield SystemCommand(  # escaped: the palette reads markup, and [ ] are keys here
                escape(f"Show layer {layer + 1} of {layers}"),
                escape(f"the panels show layer {layer + 1}{top} ([ and ] step through the layers)"),
                partial(act.action_layer, layer - view.layer),
            )
    if training:
        return
    for model in bundled_models():
        if model.name != view.model and model.refusal is None:
            yield SystemCommand(
                escape(f"Open the bundled model {model.name}"),
                escape(f"{model.about}; with its sample sentences"),
                partial(act.switch_model, model.name),
            )
