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
    cls_equations,
    cls_loss,
    cls_onehot,
    cls_output,
    cls_sentence,
    cls_unrolled,
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
    s2s_equations,
    s2s_history,
    s2s_loss,
    s2s_onehot,
    s2s_output,
    s2s_sentence,
    s2s_unrolled,
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
        yield panel(cls_sentence.PANEL)  # a classifier's, an encoder-decoder's (shapes.tcss)
        yield panel(s2s_sentence.PANEL)
        yield panel(unrolled.PANEL)
        yield panel(lm_unrolled.PANEL)
        yield panel(cls_unrolled.PANEL)
        yield panel(s2s_unrolled.PANEL)
        yield panel(network.PANEL)  # a deep or bidirectional network's panels (panels.base.many_chains)
        yield panel(onehot.PANEL)
        yield panel(lm_onehot.PANEL)
        yield panel(cls_onehot.PANEL)
        yield panel(s2s_onehot.PANEL)
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
                yield panel(cls_output.PANEL)
                yield panel(s2s_output.PANEL)
                yield panel(loss.PANEL)
                yield panel(cls_loss.PANEL)
                yield panel(s2s_loss.PANEL)
                yield panel(sums.PANEL)
            yield panel(equations.PANEL)
            yield panel(lstm_equations.PANEL)
            yield panel(gru_equations.PANEL)
            yield panel(lm_equations.PANEL)
            yield panel(cls_equations.PANEL)
            yield panel(s2s_equations.PANEL)
            yield panel(chain_equations.PANEL)
            with Horizontal(id="memory"):  # the history, and the LSTM's c<t> beside it
                yield panel(history.PANEL)
                yield panel(cell_history.PANEL)
                yield panel(s2s_history.PANEL)
        yield panel(histories.PANEL)
        yield training
