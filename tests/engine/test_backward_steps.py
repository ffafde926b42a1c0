"""Backward stepping and breakpoints: every number against an independent computation."""

import numpy as np
import pytest

from rnnviz.engine import Params, build_trace, rnn_backward, rnn_forward
from rnnviz.engine.breakpoints import Condition, run_until
from rnnviz.engine.passes import back_steps


def small(seed=0, n_a=4, n_x=6, activation="tanh"):
    rng = np.random.default_rng(seed)
    return Params(
        Waa=rng.normal(0, 0.8, (n_a, n_a)),
        Wax=rng.normal(0, 1.0, (n_a, n_x)),
        Wya=rng.normal(0, 1.0, (1, n_a)),
        ba=rng.normal(0, 0.3, (n_a, 1)),
        by=rng.normal(0, 0.3, (1, 1)),
        activation=activation,
    )


def numeric_grad_a0(params, idx, y, a0, eps=1e-6):
    g = np.zeros_like(a0)
    for i in range(len(a0)):
        hi, lo = a0.copy(), a0.copy()
        hi[i] += eps
        lo[i] -= eps
        g[i] = (
            build_trace(params, ["w"] * len(idx), idx, y, a0=hi).loss
            - build_trace(params, ["w"] * len(idx), idx, y, a0=lo).loss
        ) / (2 * eps)
    return g


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_gradient_arriving_from_the_right_is_the_suffix_loss_gradient(activation):
    """da_from_next<t> = d(Σ_{τ > t} L<τ>)/da<t>: the loss of the words after t, run from a<t>."""
    params = small(activation=activation)
    idx, y = [1, 3, 5, 0, 2], [1, 0, 0, 1, 0]
    tr = build_trace(params, ["w"] * 5, idx, y)
    steps = back_steps(tr)
    for t in range(1, 5):
        numeric = numeric_grad_a0(params, idx[t:], y[t:], tr.steps[t - 1].a.copy())
        np.testing.assert_allclose(steps[t - 1].da_from_next, numeric, rtol=1e-6, atol=1e-9)
    np.testing.assert_array_equal(steps[-1].da_from_next, np.zeros(4))  # nothing to the right of T_x
    np.testing.assert_allclose(steps[0].da_prev, numeric_grad_a0(params, idx, y, np.zeros(4)), rtol=1e-6, atol=1e-9)


def test_backward_steps_equal_the_course_rnn_backward():
    params = small(seed=3)
    idx, y = [0, 4, 4, 2], [0, 1, 1, 0]
    tr = build_trace(params, ["w"] * 4, idx, y)
    steps = back_steps(tr)
    x = np.zeros((6, 1, 4))
    x[idx, 0, np.arange(4)] = 1
    _, _, caches = rnn_forward(x, np.zeros((4, 1)), params.as_dict())
    da_up = np.stack([s.da_from_y for s in steps], axis=1)[:, None, :]
    ref = rnn_backward(da_up, caches)
    np.testing.assert_allclose(sum(np.outer(s.dz, tr.steps[s.t - 1].a_prev) for s in steps), ref["dWaa"], atol=1e-12)
    np.testing.assert_allclose(steps[0].da_prev, ref["da0"][:, 0], atol=1e-12)
    for s in steps:  # the parts add up, and the output error is ŷ - y
        np.testing.assert_allclose(s.da, s.da_from_y + s.da_from_next, rtol=0, atol=0)
        np.testing.assert_allclose(s.dz, s.da * (1 - tr.steps[s.t - 1].a ** 2), rtol=1e-15)
        assert s.dlogit == pytest.approx(s.y_hat - s.y, rel=1e-12)
        assert s.dWaa_norm == pytest.approx(np.linalg.norm(np.outer(s.dz, tr.steps[s.t - 1].a_prev)), rel=1e-12)
        assert s.da_prev_norm == pytest.approx(np.sqrt(np.sum(s.da_prev**2)), rel=1e-12)
        assert s.da_from_y_norm == pytest.approx(np.sqrt(np.sum(s.da_from_y**2)), rel=1e-12)
        assert s.da_from_next_norm == pytest.approx(np.sqrt(np.sum(s.da_from_next**2)), rel=1e-12)
        assert s.dz_norm == pytest.approx(np.sqrt(np.sum(s.dz**2)), rel=1e-12)
        # blocked: g' = 1 - a² below 1 - 0.99², i.e. exactly the saturated units |a| > 0.99
        assert s.blocked == int(np.sum(np.abs(tr.steps[s.t - 1].a) > 0.99))
        expected = -1 / s.y_hat if s.y == 1 else 1 / (1 - s.y_hat)
        assert s.dL_dy_hat == pytest.approx(expected, rel=1e-12)


def trace_with(y_hats_logits, labels):
    """A one-unit network whose logits are chosen directly: a<t> = tanh(Wax[:, t]) and
    Wya = 1, so logit<t> = tanh(w_t); w_t = artanh(l_t)."""
    w = np.arctanh(np.asarray(y_hats_logits, dtype=float))
    n = len(w)
    params = Params(Waa=[[0.0]], Wax=[w], Wya=[[1.0]], ba=[[0.0]], by=[[0.0]])
    return build_trace(params, ["w"] * n, list(range(n)), labels)


def test_run_until_crossing_forward_and_backward():
    # logits 0.5, 0.4, -0.3, -0.2, 0.6 -> ŷ above, above, below, below, above 0.5
    tr = trace_with([0.5, 0.4, -0.3, -0.2, 0.6], [1, 1, 0, 0, 1])
    assert run_until(tr, Condition("cross"), 0).t == 1  # above 0.5 at the first word
    assert run_until(tr, Condition("cross"), 1).t == 3
    assert run_until(tr, Condition("cross"), 3).t == 5
    assert run_until(tr, Condition("cross"), 5) is None
    assert run_until(tr, Condition("cross"), 6, step=-1).t == 5  # above at the last word
    assert run_until(tr, Condition("cross"), 5, step=-1).t == 4
    hit = run_until(tr, Condition("cross"), 1)
    assert (hit.before_t, hit.edge) == (2, None)
    assert hit.value == pytest.approx(1 / (1 + np.exp(0.3)), rel=1e-12)  # σ(-0.3), from below
    assert hit.before == pytest.approx(1 / (1 + np.exp(-0.4)), rel=1e-12)
    edge = run_until(tr, Condition("cross"), 0)
    assert (edge.edge, edge.before_t) == ("first", None)


def test_run_until_loss_and_saturation():
    tr = trace_with([0.5, -0.3, 0.995], [1, 1, 1])
    losses = [s.loss for s in tr.steps]
    assert losses[1] > losses[0] > losses[2]
    hit = run_until(tr, Condition("loss", losses[0]), 0)
    assert hit.t == 2 and hit.value == losses[1] and hit.threshold == losses[0]
    assert run_until(tr, Condition("loss", 100.0), 0) is None
    hit = run_until(tr, Condition("saturate"), 0)
    assert hit.t == 3 and hit.count == 1  # tanh(artanh(0.995)) = 0.995 > 0.99


def test_run_until_vanishing_gradient_backward():
    params = small(seed=5)
    tr = build_trace(params, ["w"] * 6, [0, 1, 2, 3, 4, 5], [0, 0, 0, 0, 0, 1])
    norms = [s.da_norm for s in back_steps(tr)]
    threshold = sorted(norms)[2]
    hit = run_until(tr, Condition("grad", threshold), 7, step=-1)
    expected = max(t for t in range(1, 7) if norms[t - 1] < threshold)
    assert hit.t == expected and hit.value == norms[expected - 1] and hit.threshold == threshold


def test_conditions_validate():
    with pytest.raises(ValueError):
        Condition("loss")
    with pytest.raises(ValueError):
        Condition("nope")
    assert Condition("grad", 1e-3).backward_only and Condition("loss", 1.0).needs_labels
    assert not Condition("cross").needs_labels
