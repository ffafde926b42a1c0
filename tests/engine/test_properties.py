"""Property tests: every form of the computation against an independent one."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rnnviz.engine import (
    Params,
    bce_from_logit,
    build_trace,
    init_params,
    rnn_backward,
    rnn_cell_backward,
    rnn_cell_forward,
    rnn_forward,
    sigmoid,
)

dims = st.integers(1, 7)
seeds = st.integers(0, 2**32 - 1)
activations = st.sampled_from(["tanh", "relu"])


def random_params(rng, n_a, n_x, n_y=1, activation="tanh", scale=0.5):
    return Params(
        Waa=rng.normal(0, scale, (n_a, n_a)),
        Wax=rng.normal(0, scale, (n_a, n_x)),
        Wya=rng.normal(0, scale, (n_y, n_a)),
        ba=rng.normal(0, scale, (n_a, 1)),
        by=rng.normal(0, scale, (n_y, 1)),
        activation=activation,
    )


def one_hot(indices, n_x):
    x = np.zeros((n_x, 1, len(indices)))
    x[indices, 0, np.arange(len(indices))] = 1.0
    return x


@settings(max_examples=60, deadline=None)
@given(n_a=dims, n_x=dims, T=st.integers(1, 6), seed=seeds, activation=activations)
def test_split_form_equals_combined_form(n_a, n_x, T, seed, activation):
    rng = np.random.default_rng(seed)
    p = random_params(rng, n_a, n_x, activation=activation)
    tr = build_trace(p, ["w"] * T, rng.integers(0, n_x, T))
    for s in tr.steps:
        split = p.Waa @ s.a_prev + p.Wax @ s.x_dense() + p.ba[:, 0]
        combined = p.Wa @ s.stacked_dense() + p.ba[:, 0]
        np.testing.assert_allclose(combined, split, rtol=0, atol=1e-12)
        np.testing.assert_allclose(s.z, combined, rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(n_a=dims, n_x=dims, T=st.integers(1, 6), seed=seeds, activation=activations)
def test_gather_equals_dense_one_hot(n_a, n_x, T, seed, activation):
    rng = np.random.default_rng(seed)
    p = random_params(rng, n_a, n_x, activation=activation)
    idx = rng.integers(0, n_x, T)
    tr = build_trace(p, ["w"] * T, idx)
    a, y_pred, _ = rnn_forward(one_hot(idx, n_x), np.zeros((n_a, 1)), p.as_dict())
    np.testing.assert_allclose(tr.q("a"), a[:, 0, :].T, rtol=0, atol=1e-12)
    np.testing.assert_allclose(sigmoid(tr.logits[:, 0]), y_pred[0, 0, :], rtol=0, atol=1e-12)


def numeric_grad(f, x, eps=1e-5):
    """Centered finite differences of the scalar f() with respect to every entry of x
    (x is modified in place and restored)."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        hi = f()
        x[i] = old - eps
        lo = f()
        x[i] = old
        g[i] = (hi - lo) / (2 * eps)
    return g


def rel_error(a, b):
    """||a - b|| / (||a|| + ||b||), and 0 when the two differ by less than centered differences
    can resolve (1e-9: rounding an O(1) loss over 2 eps = 2e-5 gives ~1e-11, truncation
    eps² times the third derivative ~1e-10): a gradient of 1e-6 is then not held to a relative 1e-6."""
    diff = np.linalg.norm(a - b)
    if diff < 1e-9:
        return 0.0
    return diff / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12)


@settings(max_examples=25, deadline=None)
@given(n_a=dims, n_x=dims, m=st.integers(1, 3), seed=seeds)
@example(n_a=1, n_x=1, m=1, seed=117)  # a gradient of ~1e-6 once failed a relative 1e-6
def test_rnn_cell_backward_matches_finite_differences(n_a, n_x, m, seed):
    rng = np.random.default_rng(seed)
    P = {k: v.copy() for k, v in random_params(rng, n_a, n_x).as_dict().items() if k != "activation"}
    xt, a_prev = rng.normal(size=(n_x, m)), rng.normal(size=(n_a, m))
    da_next = rng.normal(size=(n_a, m))

    def J():  # a scalar whose gradient with respect to a_next is da_next
        return float(np.sum(da_next * rnn_cell_forward(xt, a_prev, P)[0]))

    _, _, cache = rnn_cell_forward(xt, a_prev, P)
    grads = rnn_cell_backward(da_next, cache)
    for name, arr in (("dxt", xt), ("da_prev", a_prev), ("dWax", P["Wax"]), ("dWaa", P["Waa"]), ("dba", P["ba"])):
        assert rel_error(grads[name], numeric_grad(J, arr)) < 1e-6, name


@settings(max_examples=25, deadline=None)
@given(n_a=dims, n_x=dims, m=st.integers(1, 3), T=st.integers(1, 5), seed=seeds)
@example(n_a=1, n_x=5, m=1, T=1, seed=16855324)  # dWax of 8.8e-7: a relative 2.5e-6 at eps 1e-6
def test_rnn_backward_matches_finite_differences(n_a, n_x, m, T, seed):
    rng = np.random.default_rng(seed)
    P = {k: v.copy() for k, v in random_params(rng, n_a, n_x).as_dict().items() if k != "activation"}
    x, a0 = rng.normal(size=(n_x, m, T)), rng.normal(size=(n_a, m))
    da = rng.normal(size=(n_a, m, T))

    def J():
        return float(np.sum(da * rnn_forward(x, a0, P)[0]))

    _, _, caches = rnn_forward(x, a0, P)
    grads = rnn_backward(da, caches)
    for name, arr in (("dx", x), ("da0", a0), ("dWax", P["Wax"]), ("dWaa", P["Waa"]), ("dba", P["ba"])):
        assert rel_error(grads[name], numeric_grad(J, arr)) < 1e-6, name


@settings(max_examples=40, deadline=None)
@given(n_a=dims, n_x=dims, T=st.integers(1, 6), seed=seeds, activation=activations)
def test_sparse_backward_equals_course_rnn_backward(n_a, n_x, T, seed, activation):
    rng = np.random.default_rng(seed)
    p = random_params(rng, n_a, n_x, activation=activation)
    idx = rng.integers(0, n_x, T)  # repeated words included: their columns accumulate
    y = rng.integers(0, 2, T)
    b = build_trace(p, ["w"] * T, idx, y).backward
    _, _, caches = rnn_forward(one_hot(idx, n_x), np.zeros((n_a, 1)), p.as_dict())
    ref = rnn_backward(b.g("da_out").T[:, None, :], caches)
    np.testing.assert_allclose(b.dense("Waa"), ref["dWaa"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(b.dense("Wax"), ref["dWax"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(b.dense("ba"), ref["dba"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(b.dstate0[(0, 0)]["a"], ref["da0"][:, 0], rtol=0, atol=1e-12)
    assert set(b.grads["Wax"].columns.tolist()) == set(idx.tolist())  # sparse: only the sentence's words


@settings(max_examples=20, deadline=None)
@given(n_a=dims, n_x=dims, T=st.integers(1, 5), seed=seeds)
def test_sentence_loss_gradient_matches_finite_differences(n_a, n_x, T, seed):
    """The whole chain, loss included, for all five tensors."""
    rng = np.random.default_rng(seed)
    p = random_params(rng, n_a, n_x)
    arrays = {k: np.array(v) for k, v in p.as_dict().items() if k != "activation"}
    idx, y = rng.integers(0, n_x, T), rng.integers(0, 2, T)

    def J():
        return build_trace(Params(**arrays), ["w"] * T, idx, y).loss

    b = build_trace(p, ["w"] * T, idx, y).backward
    for name in ("Waa", "Wax", "Wya", "ba", "by"):
        grad = b.dense(name)
        assert rel_error(grad, numeric_grad(J, arrays[name], eps=1e-5)) < 1e-6, name


@given(logit=st.floats(-1000, 1000), y=st.sampled_from([0, 1]))
def test_loss_is_finite_and_correct_for_any_logit(logit, y):
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        loss = float(bce_from_logit(logit, y))
        y_hat = float(sigmoid(logit))
    assert np.isfinite(loss) and loss >= 0
    # Independent form: log(1 + e^x) with the sign that makes it large when wrong.
    signed = logit if y == 0 else -logit
    reference = signed + np.log1p(np.exp(-signed)) if signed > 0 else np.log1p(np.exp(signed))
    assert loss == pytest.approx(reference, rel=1e-12, abs=1e-300)
    if abs(logit) < 10:  # where the textbook formula is well conditioned (1 - ŷ > 4e-5)
        textbook = -y * np.log(y_hat) - (1 - y) * np.log(1 - y_hat)
        assert loss == pytest.approx(textbook, rel=1e-9)


def test_saturated_logits_give_the_expected_losses():
    losses = bce_from_logit(np.array([1000.0, -1000.0, 1000.0, -1000.0]), np.array([1, 0, 0, 1]))
    np.testing.assert_array_equal(losses, [0.0, 0.0, 1000.0, 1000.0])


@settings(max_examples=40, deadline=None)
@given(n_a=dims, n_x=dims, n_y=st.integers(1, 4), m=st.integers(1, 4), T=st.integers(1, 5), seed=seeds)
def test_shapes(n_a, n_x, n_y, m, T, seed):
    rng = np.random.default_rng(seed)
    P = random_params(rng, n_a, n_x, n_y).as_dict()
    x = rng.normal(size=(n_x, m, T))
    a, y_pred, (caches, x_back) = rnn_forward(x, np.zeros((n_a, m)), P)
    assert a.shape == (n_a, m, T) and y_pred.shape == (n_y, m, T)
    assert len(caches) == T and x_back is x
    a_next, yt, cache = rnn_cell_forward(x[:, :, 0], np.zeros((n_a, m)), P)
    assert a_next.shape == (n_a, m) and yt.shape == (n_y, m) and len(cache) == 4
    if n_y > 1:  # softmax: each column is a distribution
        np.testing.assert_allclose(y_pred.sum(axis=0), 1.0, rtol=1e-12)
    g = rnn_backward(rng.normal(size=(n_a, m, T)), (caches, x))
    assert g["dx"].shape == (n_x, m, T) and g["da0"].shape == (n_a, m)
    assert g["dWax"].shape == (n_a, n_x) and g["dWaa"].shape == (n_a, n_a) and g["dba"].shape == (n_a, 1)
    gc = rnn_cell_backward(rng.normal(size=(n_a, m)), caches[0])
    assert gc["dxt"].shape == (n_x, m) and gc["da_prev"].shape == (n_a, m)


def test_softmax_trace_uses_cross_entropy():
    rng = np.random.default_rng(3)
    p = random_params(rng, 4, 5, n_y=3)
    tr = build_trace(p, ["a", "b"], [1, 4], [2, 0])
    for s in tr.steps:
        assert s.probs.sum() == pytest.approx(1.0, rel=1e-12)
        assert s.loss == pytest.approx(-np.log(s.probs[s.y]), rel=1e-12)
    with pytest.raises(ValueError, match="n_y = 1"):
        tr.steps[0].y_hat


def test_trace_is_frozen_and_one_based():
    p = init_params(3, 5, seed=1)
    tr = build_trace(p, ["a", "b", "c"], [0, 4, 0], [1, 0, 1])
    assert [s.t for s in tr.steps] == [1, 2, 3]
    np.testing.assert_array_equal(tr.steps[1].a_prev, tr.steps[0].a)
    np.testing.assert_array_equal(tr.a_at(0), np.zeros(3))
    assert [s.cum_loss for s in tr.steps] == pytest.approx(np.cumsum([s.loss for s in tr.steps]))
    with pytest.raises(ValueError):
        tr.steps[0].a[0] = 1.0  # read-only array
    with pytest.raises(AttributeError):
        tr.steps[0].t = 5  # frozen dataclass
    with pytest.raises(ValueError):
        p.Wax[0, 0] = 1.0


def test_trace_owns_its_arrays():
    """Changing the caller's arrays afterwards changes nothing in the trace."""
    p = init_params(3, 5, seed=1)
    a0, idx = np.array([0.1, 0.2, 0.3]), np.array([1, 2])
    tr = build_trace(p, ["a", "b"], idx, a0=a0)
    a0[0], idx[0] = 7.0, 4
    np.testing.assert_array_equal(tr.a_at(0), [0.1, 0.2, 0.3])
    np.testing.assert_array_equal(tr.steps[0].a_prev, tr.a_at(0))
    assert tr.steps[0].index == 1 and tr.indices[0] == 1


def test_init_is_deterministic():
    a, b = init_params(8, 20, seed=7), init_params(8, 20, seed=7)
    for name in ("Waa", "Wax", "Wya", "ba", "by"):
        assert getattr(a, name).tobytes() == getattr(b, name).tobytes()
    assert init_params(8, 20, seed=8).Waa.tobytes() != a.Waa.tobytes()


def test_engine_imports_no_ui():
    code = "import sys, rnnviz.engine, rnnviz.text, rnnviz.pipeline; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
