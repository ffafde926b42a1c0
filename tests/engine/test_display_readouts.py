"""Readouts for the encoder-decoder's screens: Trace.ranked, a softmax output's classes by
probability (the token a step emits and the runners-up), and BackTrace.joint_scale."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, build_trace, init_params


def test_ranked_orders_each_output_row_by_probability():
    params = init_params(n_a=6, n_x=5, n_y=4, spec=ModelSpec(shape="seq2seq", head="softmax"), seed=1)
    trace = build_trace(params, ["a", "b", "c"], [1, 2, 3], [2, 1, 0]).decoder
    assert trace is not None
    for row, probs in zip(trace.ranked, trace.probs):
        assert sorted(row.tolist()) == [0, 1, 2, 3]
        assert probs[row[0]] == probs.max() and all(np.diff(probs[row]) <= 0)
    assert trace.ranked[:, 0].tolist() == [int(np.argmax(p)) for p in trace.probs]
    with pytest.raises(ValueError):
        trace.ranked[0, 0] = 1  # read-only, as every array of a trace


def test_ties_keep_the_lower_index_first():
    params = init_params(n_a=6, n_x=5, n_y=4, spec=ModelSpec(shape="seq2seq", head="softmax"), seed=1)
    flat = params.replace(**{"decoder.Wya": np.zeros((4, 6)), "decoder.by": np.zeros((4, 1))})
    trace = build_trace(flat, ["a"], [1], [3, 0]).decoder
    assert trace is not None and trace.probs[0].tolist() == [0.25] * 4
    assert trace.ranked.tolist() == [[0, 1, 2, 3], [0, 1, 2, 3]]


def test_the_joint_scale_covers_both_sides_of_the_hand_off():
    params = init_params(n_a=6, n_x=5, n_y=4, spec=ModelSpec(shape="seq2seq", head="softmax"), seed=1)
    back = build_trace(params, ["a", "b"], [1, 2], [2, 1, 0]).backward
    assert back.decoder is not None
    encoder = float(np.abs(back.net.cells[0][0].steps["da"]).max())
    decoder = float(np.abs(back.decoder.net.cells[0][0].steps["da"]).max())
    assert back.joint_scale(("da",)) == max(encoder, decoder) and decoder > encoder > 0
    assert back.decoder.joint_scale(("da",)) == decoder == back.decoder.scale(("da",))
