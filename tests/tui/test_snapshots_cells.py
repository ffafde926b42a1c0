"""Snapshots of the gated cells: the bundled lstm-tagger and a GRU of seeded random weights,
forward at t = 4 and backward at t = 4, at the full (120 x 40) and compact (80 x 24) sizes.

Review a changed snapshot as a picture before accepting it with --snapshot-update.
"""

from __future__ import annotations

import pytest

from rnnviz.engine.params import init_params
from rnnviz.engine.spec import ModelSpec
from rnnviz.pipeline import load_params

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
FORWARD = ["right"] * 4
BACKWARD = ["b", *["left"] * 5]  # backward mode starts at t = T_x = 9: five steps to t = 4


@pytest.fixture(scope="module")
def lstm_params(vocab):
    return load_params("lstm-tagger", vocab)


@pytest.fixture(scope="module")
def gru_params():
    return init_params(spec=ModelSpec(cell="gru"), seed=1)


@pytest.mark.parametrize("size", SIZES)
def test_lstm_forward(snap_compare, make_app, lstm_params, size):
    """Γf, Γu, c̃, c, Γo, a at t = 4, the LSTM's equations, c<t> beside a<t> in the history."""
    assert snap_compare(make_app(params_=lstm_params), press=FORWARD, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_lstm_backward(snap_compare, make_app, lstm_params, size):
    """da<4> and dc<4>, the gates' gradients, the bars and histories of ‖da‖ and ‖dc‖."""
    assert snap_compare(make_app(params_=lstm_params), press=BACKWARD, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_gru_forward(snap_compare, make_app, gru_params, size):
    assert snap_compare(make_app(params_=gru_params), press=FORWARD, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_gru_backward(snap_compare, make_app, gru_params, size):
    assert snap_compare(make_app(params_=gru_params), press=BACKWARD, terminal_size=size)
