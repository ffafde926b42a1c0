"""Snapshots of the character language model (`rnnviz --model charlm`): reading a line,
generating (the one-to-many network, a seeded draw) and backward mode, at the full (120 x 40)
and compact (80 x 24) sizes. Review a changed snapshot as a picture before accepting it."""

from __future__ import annotations

import pytest

from rnnviz.cli import load_tui_inputs, tui_parser
from rnnviz.tui.app import RnnvizApp

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


def lm_app() -> RnnvizApp:
    app = RnnvizApp(load_tui_inputs(tui_parser().parse_args(["--model", "charlm"])))
    app.animation_level = "none"
    return app


@pytest.mark.parametrize("size", SIZES)
def test_reading_a_line(snap_compare, size):
    """t = 5 of the first held-out line: x<5> = '␣' fed, y<5> = 's' to predict (3rd of ŷ<5>)."""
    assert snap_compare(lm_app(), press=["right"] * 5, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_generating(snap_compare, size):
    """g at t = 5 keeps 'The ', draws from step 5 on (seed 0); at step 8, T lowered to 0.7
    with [: the draw of step 8 and everything after it made again, the feedback arrows drawn."""
    keys = ["right"] * 5 + ["g"] + ["right"] * 3 + ["left_square_bracket"]
    assert snap_compare(lm_app(), press=keys, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_backward(snap_compare, size):
    """b, then ← three times: t = 56 of 59, the output error ŷ − onehot(y) at 'u'."""
    assert snap_compare(lm_app(), press=["b", "left", "left", "left"], terminal_size=size)
