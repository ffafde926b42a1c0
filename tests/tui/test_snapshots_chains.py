"""Snapshots of a deep bidirectional network (the bundled bitagger: 2 layers, both
directions) at the full (120 x 40) and compact (80 x 24) sizes, forward and backward, and
with layer 2 shown. Review a changed snapshot as a picture before accepting it."""

from __future__ import annotations

import pytest

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_bitagger_forward(snap_compare, make_app, bi_params, size):
    """t = 4 ('hermione'): both chains of both layers lit at t; only layer 2's → chain stops at t."""
    assert snap_compare(make_app(params_=bi_params), press=["right"] * 4, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_bitagger_backward(snap_compare, make_app, bi_params, size):
    """b, then ← five times: t = 4; da→ flows right to left, da← left to right, down the layers."""
    assert snap_compare(make_app(params_=bi_params), press=["b", *["left"] * 5], terminal_size=size)


def test_bitagger_layer_2(snap_compare, make_app, bi_params):
    """t = 4, ]: layer 2 shown; its x<t> is layer 1's [a→<t>; a←<t>], not a one-hot vector."""
    press = [*["right"] * 4, "right_square_bracket"]
    assert snap_compare(make_app(params_=bi_params), press=press, terminal_size=(120, 40))


def test_bitagger_start(snap_compare, make_app, bi_params):
    """t = 0: nothing computed; each chain says where it starts."""
    assert snap_compare(make_app(params_=bi_params), terminal_size=(120, 40))
