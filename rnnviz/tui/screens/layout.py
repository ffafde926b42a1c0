"""Where the debugger's panels go, top to bottom: the one place a new panel is placed (its
size and the places that differ by screen size are in debugger.tcss)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Container, Horizontal, Vertical
from textual.widget import Widget

from ..panels import (
    cell_history,
    chain_equations,
    chains,
    equations,
    gru,
    gru_equations,
    header,
    hidden,
    histories,
    history,
    inputs,
    lm_equations,
    lm_onehot,
    lm_output,
    lm_text,
    lm_unrolled,
    loss,
    lstm,
    lstm_equations,
    network,
    onehot,
    output,
    stacked,
    sums,
    unrolled,
)
from ..panels.base import Panel


def main(panel: Callable[[Panel], Widget], sentence: Widget, training: Widget) -> ComposeResult:
    """The panels in screen order; `panel` makes a panel's widget."""
    with Vertical(id="main"):
        yield panel(header.PANEL)
        yield sentence
        yield panel(lm_text.PANEL)  # a language model's panels (shapes=("lm",); lm.tcss)
        yield panel(unrolled.PANEL)
        yield panel(lm_unrolled.PANEL)
        yield panel(network.PANEL)  # a deep or bidirectional network's panels (panels.base.many_chains)
        yield panel(onehot.PANEL)
        yield panel(lm_onehot.PANEL)
        yield panel(stacked.PANEL)
        yield panel(inputs.PANEL)
        yield panel(hidden.PANEL)
        yield panel(lstm.PANEL)  # the gated cells' panels (the trace holds their quantities)
        yield panel(gru.PANEL)
        yield panel(lm_output.PANEL)
        yield panel(chains.RIGHT)
        yield panel(chains.LEFT)
        with Container(id="bottom"):  # a grid: its places differ by layout (debugger.tcss)
            with Vertical(id="outputs"):
                yield panel(output.PANEL)
                yield panel(loss.PANEL)
                yield panel(sums.PANEL)
            yield panel(equations.PANEL)
            yield panel(lstm_equations.PANEL)
            yield panel(gru_equations.PANEL)
            yield panel(lm_equations.PANEL)
            yield panel(chain_equations.PANEL)
            with Horizontal(id="memory"):  # the history, and the LSTM's c<t> beside it
                yield panel(history.PANEL)
                yield panel(cell_history.PANEL)
        yield panel(histories.PANEL)
        yield training
