"""The trace's readouts for the debugger's deep and bidirectional views (layer_input,
logit_parts, BackTrace.share_norms), against the network written out in the test
(tests/stack_reference.py) on the bundled bitagger: 2 layers, bidirectional."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.pipeline import load_params, load_vocab, trace_sentence
from rnnviz.text import default_sentences

from ..stack_reference import StackReference


@pytest.fixture(scope="module")
def case():
    vocab = load_vocab(None)
    params = load_params("bitagger", vocab)
    sentence = default_sentences()[0]
    trace = trace_sentence(params, vocab, sentence)
    return trace, StackReference(params, vocab, sentence.tokens, sentence.labels)


def test_the_reference_is_the_engine_forward(case):
    trace, ref = case
    for layer in range(2):
        for d in range(2):
            assert np.allclose(trace.q("a", layer, d), np.array(ref.a[layer][d]), atol=1e-12)
            assert np.allclose(trace.q("a_prev", layer, d), np.array(ref.a_prev[layer][d]), atol=1e-12)
    assert np.allclose(trace.probs[:, 0], ref.y_hat, atol=1e-12)


def test_layer_input_is_the_layer_below_stacked(case):
    trace, ref = case
    assert trace.layer_input(1).shape == (9, 200)
    assert np.allclose(trace.layer_input(1), np.array(ref.x[0]), atol=1e-12)
    with pytest.raises(ValueError, match="one-hot"):
        trace.layer_input(0)


def test_logit_parts_split_the_logit_by_direction(case):
    trace, ref = case
    parts = trace.logit_parts
    assert parts.shape == (9, 2)
    assert np.allclose(parts, np.array(ref.parts), atol=1e-12)
    by = float(trace.params["by"][0, 0])
    assert np.allclose(parts.sum(axis=1) + by, ref.logit, atol=1e-12)


def test_share_norms_are_the_outer_products_norms(case):
    trace, ref = case
    back = trace.backward
    for layer, d, t in ((0, 0, 4), (0, 1, 4), (1, 1, 2), (1, 0, 9)):
        dz = ref.g("dz", layer, d, t)
        share = np.outer(dz, ref.a_prev[layer][d][t - 1])
        assert back.share_norms("Waa", layer, d)[t - 1] == pytest.approx(np.linalg.norm(share), rel=1e-9)
    dz = ref.g("dz", 1, 1, 3)
    share = np.outer(dz, ref.x[0][2])
    assert back.share_norms("Wax", 1, 1)[2] == pytest.approx(np.linalg.norm(share), rel=1e-9)
    with pytest.raises(ValueError, match="above the first"):
        back.share_norms("Wax", 0, 0)


def test_the_reference_backward_is_the_engines(case):
    trace, ref = case
    back = trace.backward
    for name in ("da_out", "da_next", "da", "g_prime", "dz", "da_prev"):
        for layer in range(2):
            for d in range(2):
                want = np.array(ref.grads[name][layer][d])
                assert np.allclose(back.g(name, layer, d), want, atol=1e-12), (name, layer, d)
