"""The many-to-one `classifier` shape: its forward pass against an independent NumPy
re-implementation and the course's rnn_forward, its single loss, where its gradient enters,
and the gradient check of every tensor (1-2 layers, both directions)."""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import ModelSpec, back_steps, bce_from_logit, build_trace, init_params, rnn_forward
from rnnviz.engine.gradcheck import gradient_check, random_problem
from rnnviz.engine.shapes import get_shape
from rnnviz.engine.shapes.base import Example


def reference_logit(W, spec, indices, n_x):
    """Written from the equations: every layer and direction over dense one-hot rows, then
    σ(Wya [a→<T_x>; a←<1>] + by) of the top layer (a→<T_x> alone when one direction)."""
    g = np.tanh if spec.activation == "tanh" else (lambda z: np.maximum(z, 0))
    X = np.eye(n_x)[indices]
    T = len(indices)
    for layer in range(spec.layers):
        outs = []
        for d in range(spec.directions):
            p = ("" if layer == 0 else f"layer{layer + 1}.") + ("reverse." if d else "")
            Waa, Wax, ba = W[p + "Waa"], W[p + "Wax"], W[p + "ba"][:, 0]
            a = np.zeros(Waa.shape[0])
            H = np.zeros((T, Waa.shape[0]))
            for t in range(T - 1, -1, -1) if d else range(T):
                a = g(Waa @ a + Wax @ X[t] + ba)
                H[t] = a
            outs.append(H)
        X = np.concatenate(outs, axis=1)
    n_a = W["Waa"].shape[0]
    h = X[-1].copy()
    if spec.directions == 2:
        h[n_a:] = X[0, n_a:]  # the right-to-left chain has read the whole sentence at word 1
    return W["Wya"] @ h + W["by"][:, 0]


SPECS = [
    ModelSpec(shape="classifier"),
    ModelSpec(shape="classifier", activation="relu"),
    ModelSpec(shape="classifier", bidirectional=True),
    ModelSpec(shape="classifier", layers=2),
    ModelSpec(shape="classifier", layers=2, bidirectional=True),
    ModelSpec(shape="classifier", layers=2, bidirectional=True, activation="relu"),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_forward_equals_the_reference(spec):
    params = init_params(4, 9, 1, seed=7, spec=spec)
    indices = np.array([3, 0, 8, 8, 2, 5])
    trace = build_trace(params, ["w"] * 6, indices, labels=[1])
    logit = reference_logit(params.tensors, spec, indices, 9)
    np.testing.assert_allclose(trace.logits, logit[None, :], rtol=1e-12, atol=1e-14)
    assert trace.probs.shape == (1, 1)
    assert trace.probs[0, 0] == pytest.approx(1 / (1 + np.exp(-logit[0])), rel=1e-12)
    assert trace.loss == pytest.approx(-np.log(trace.probs[0, 0]), rel=1e-12)


def test_one_layer_equals_the_last_step_of_the_course_rnn_forward():
    params = init_params(5, 11, 1, seed=3, spec=ModelSpec(shape="classifier"))
    indices = np.array([4, 1, 10, 7])
    x = np.eye(11)[indices].T[:, None, :]  # (n_x, m = 1, T_x)
    parameters = {k: params[k] for k in ("Waa", "Wax", "Wya", "ba", "by")}
    a, y_pred, _ = rnn_forward(x, np.zeros((5, 1)), parameters)
    trace = build_trace(params, ["w"] * 4, indices)
    assert trace.probs[0, 0] == pytest.approx(y_pred[0, 0, -1], rel=1e-12)
    np.testing.assert_allclose(trace.q("a"), a[:, 0, :].T, rtol=1e-12)


def test_only_the_last_step_has_an_output_and_the_one_loss():
    params = init_params(4, 9, 1, seed=1, spec=ModelSpec(shape="classifier"))
    trace = build_trace(params, ["a", "b", "c"], [1, 2, 3], labels=[0])
    assert [s.probs is None for s in trace.steps] == [True, True, False]
    assert [s.loss for s in trace.steps[:2]] == [None, None]
    assert [s.y for s in trace.steps] == [None, None, 0]
    last = trace.steps[-1]
    assert last.loss == last.cum_loss == trace.loss
    assert trace.loss == pytest.approx(float(bce_from_logit(last.logit, 0.0)), rel=1e-15)
    assert trace.labels == (0,)
    unlabeled = build_trace(params, ["a", "b", "c"], [1, 2, 3])
    assert unlabeled.loss is None and unlabeled.steps[-1].y is None
    assert unlabeled.steps[-1].y_hat == last.y_hat


def test_a_classifier_takes_one_label():
    params = init_params(4, 9, 1, seed=1, spec=ModelSpec(shape="classifier"))
    with pytest.raises(ValueError, match="one label for the whole sentence, not 3"):
        build_trace(params, ["a", "b", "c"], [1, 2, 3], labels=[0, 1, 1])
    shape = get_shape("classifier")
    assert shape.example_problem(Example(np.array([1, 2]), np.array([1.0, 0.0]), "f.txt:3")) == (
        "f.txt:3: a classifier needs one label for the sentence, not (2,)"
    )


def test_the_gradient_enters_at_T_x_and_flows_left():
    params = init_params(4, 9, 1, seed=2, spec=ModelSpec(shape="classifier"))
    trace = build_trace(params, ["w"] * 5, [1, 2, 3, 4, 5], labels=[1])
    back = trace.backward
    da_out = back.g("da_out")
    np.testing.assert_array_equal(da_out[:-1], np.zeros((4, 4)))
    y_hat = trace.steps[-1].y_hat
    np.testing.assert_allclose(da_out[-1], params["Wya"][0] * (y_hat - 1.0), rtol=1e-14)
    np.testing.assert_array_equal(back.g("da_next")[-1], np.zeros(4))  # nothing from the right of T_x
    for t in range(4):  # before T_x, every gradient arrives from the step to the right
        np.testing.assert_allclose(back.g("da")[t], params["Waa"].T @ back.g("dz")[t + 1], rtol=1e-12)
    steps = back_steps(trace)
    assert [s.dlogit is None for s in steps] == [True] * 4 + [False]
    assert steps[-1].dlogit == pytest.approx(y_hat - 1.0, rel=1e-14)


def test_bidirectional_gradient_enters_the_reverse_chain_at_word_1():
    spec = ModelSpec(shape="classifier", bidirectional=True)
    params = init_params(3, 9, 1, seed=4, spec=spec)
    back = build_trace(params, ["w"] * 4, [1, 2, 3, 4], labels=[0]).backward
    right_to_left = back.g("da_out", 0, 1)
    np.testing.assert_array_equal(right_to_left[1:], np.zeros((3, 3)))
    assert np.linalg.norm(right_to_left[0]) > 0
    np.testing.assert_array_equal(back.g("da_out", 0, 0)[:-1], np.zeros((3, 3)))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.describe())
def test_every_tensor_passes_the_gradient_check(spec):
    params, indices, labels = random_problem(n_a=3, n_x=7, T=5, seed=2, spec=spec)
    assert labels.shape == (1,)
    result = gradient_check(params, indices, labels)
    assert set(result.errors) == set(params.names)
    assert result.max_error < 1e-6, str(result)


def test_a_wrong_readout_gradient_is_caught(monkeypatch):
    """The check fails when the reverse chain's gradient enters at T_x instead of word 1."""
    from rnnviz.engine.shapes import classifier

    spec = ModelSpec(shape="classifier", bidirectional=True)
    params, indices, labels = random_problem(n_a=3, n_x=7, T=5, seed=2, spec=spec)

    def wrong(spec, top, dh):
        d_top = np.zeros_like(top)
        d_top[-1] = dh[0]
        return d_top

    monkeypatch.setattr(classifier, "readout_backward", wrong)
    result = gradient_check(params, indices, labels)
    assert result.errors["reverse.Waa"] > 1e-2 and result.errors["Waa"] < 1e-6


def test_evaluation_counts_correct_sentences():
    spec = ModelSpec(shape="classifier")
    params = init_params(4, 9, 1, seed=1, spec=spec)
    shape = get_shape("classifier")
    sentences = [np.array([1, 2]), np.array([3]), np.array([4, 5, 6])]
    guesses = [int(build_trace(params, ["w"] * len(s), s).steps[-1].y_hat > 0.5) for s in sentences]
    labels = [guesses[0], 1 - guesses[1], guesses[2]]
    examples = [Example(s, np.array([float(y)])) for s, y in zip(sentences, labels)]
    ev = shape.evaluate(spec, params.tensors, examples)
    assert (ev.sentences, ev.correct, ev.accuracy) == (3, 2, 2 / 3)
    assert ev.positives == sum(labels) and ev.predicted_positive == sum(guesses)
    losses = [build_trace(params, ["w"] * len(s), s, labels=[y]).loss for s, y in zip(sentences, labels)]
    assert ev.loss == pytest.approx(np.mean(losses), rel=1e-12)
