"""The course's LSTM functions: an example worked by hand, and every gradient against
centered finite differences.

The hand-worked cell: n_a = 1, n_x = 1, n_y = 2, m = 1; every W is (1, 2) on [a_prev; xt].
The weights make each pre-activation a logarithm, where σ(ln k) = k / (k + 1) and
tanh(ln k) = (k² - 1) / (k² + 1) are fractions:

    xt = 1, a_prev = 0, c_prev = 2 ln 3 - 0.9
    Wf = [1, 0]       bf = 0   ->  Γf = σ(0)    = 1/2
    Wi = [2, ln 3]    bi = 0   ->  Γu = σ(ln 3) = 3/4
    Wc = [-1, ln 2]   bc = 0   ->  c̃ = tanh(ln 2) = 3/5
    Wo = [0.5, ln 4]  bo = 0   ->  Γo = σ(ln 4) = 4/5
    c_next = 1/2 (2 ln 3 - 0.9) + 3/4 · 3/5 = ln 3 - 0.45 + 0.45 = ln 3
    a_next = 4/5 · tanh(ln 3) = 4/5 · 4/5 = 16/25 = 0.64
    Wy = [[25/16 ln 3], [0]], by = 0  ->  logits [ln 3, 0]  ->  yt_pred = softmax = [3/4, 1/4]

Backward from da_next = 1, dc_next = 0 (tanh(c_next) = 0.8, 1 - 0.8² = 0.36):

    dot  = da · tanh(c) · Γo (1 - Γo)        = 0.8 · 0.8 · 0.2           = 0.128
    dc   = dc_next + da · Γo · (1 - tanh² c) = 0.8 · 0.36                = 0.288
    dcct = dc · Γu · (1 - c̃²)                = 0.288 · 0.75 · 0.64       = 0.13824
    dit  = dc · c̃ · Γu (1 - Γu)              = 0.288 · 0.6 · 0.1875      = 0.0324
    dft  = dc · c_prev · Γf (1 - Γf)         = 0.072 (2 ln 3 - 0.9)      = 0.144 ln 3 - 0.0648
    dc_prev = dc · Γf                                                    = 0.144
    da_prev = 1 · dft + 2 · dit - 1 · dcct + 0.5 · dot
            = 0.144 ln 3 - 0.0648 + 0.0648 - 0.13824 + 0.064             = 0.144 ln 3 - 0.07424
    dxt  = 0 · dft + ln 3 · dit + ln 2 · dcct + ln 4 · dot = 0.0324 ln 3 + (0.13824 + 0.256) ln 2
    dW·  = d· [a_prev, xt] = [0, d·],  db· = d·
"""

from __future__ import annotations

import numpy as np
import pytest

from rnnviz.engine import lstm_backward, lstm_cell_backward, lstm_cell_forward, lstm_forward

LN2, LN3, LN4 = np.log(2), np.log(3), np.log(4)
HAND = {
    "Wf": np.array([[1.0, 0.0]]),
    "bf": np.zeros((1, 1)),
    "Wi": np.array([[2.0, LN3]]),
    "bi": np.zeros((1, 1)),
    "Wc": np.array([[-1.0, LN2]]),
    "bc": np.zeros((1, 1)),
    "Wo": np.array([[0.5, LN4]]),
    "bo": np.zeros((1, 1)),
    "Wy": np.array([[25 / 16 * LN3], [0.0]]),
    "by": np.zeros((2, 1)),
}
C_PREV = 2 * LN3 - 0.9


def hand_cell():
    return lstm_cell_forward(np.ones((1, 1)), np.zeros((1, 1)), np.full((1, 1), C_PREV), HAND)


def test_hand_worked_cell_forward():
    a_next, c_next, yt_pred, cache = hand_cell()
    assert a_next.shape == c_next.shape == (1, 1) and yt_pred.shape == (2, 1)
    assert c_next[0, 0] == pytest.approx(LN3, rel=1e-15)
    assert a_next[0, 0] == pytest.approx(0.64, rel=1e-15)
    np.testing.assert_allclose(yt_pred[:, 0], [0.75, 0.25], rtol=1e-15)
    _a, _c, a_prev, c_prev, ft, it, cct, ot, xt, parameters = cache
    assert (ft[0, 0], it[0, 0], cct[0, 0], ot[0, 0]) == pytest.approx((0.5, 0.75, 0.6, 0.8), rel=1e-15)
    assert a_prev[0, 0] == 0 and c_prev[0, 0] == C_PREV and xt[0, 0] == 1 and parameters is HAND


def test_hand_worked_cell_backward():
    grads = lstm_cell_backward(np.ones((1, 1)), np.zeros((1, 1)), hand_cell()[3])
    assert list(grads) == ["dxt", "da_prev", "dc_prev", "dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"]
    dft = 0.144 * LN3 - 0.0648
    expected = {
        "dxt": 0.0324 * LN3 + 0.39424 * LN2,
        "da_prev": 0.144 * LN3 - 0.07424,
        "dc_prev": 0.144,
        "dbf": dft,
        "dbi": 0.0324,
        "dbc": 0.13824,
        "dbo": 0.128,
    }
    for name, value in expected.items():
        assert grads[name].shape == (1, 1)
        assert grads[name][0, 0] == pytest.approx(value, rel=1e-13), name
    for gate in "fico":
        assert grads[f"dW{gate}"].shape == (1, 2)
        assert grads[f"dW{gate}"][0, 0] == 0.0  # a_prev = 0
        assert grads[f"dW{gate}"][0, 1] == pytest.approx(expected[f"db{gate}"], rel=1e-13)


def test_hand_worked_forward_from_zero():
    """lstm_forward starts from c<0> = 0: c<1> = 1/2 · 0 + 3/4 · 3/5 = 0.45, a<1> = 4/5 tanh(0.45)
    = 0.8 · 0.42189900525000795; tanh(0.45) = (e^0.9 - 1) / (e^0.9 + 1)."""
    a, y, c, (caches, x) = lstm_forward(np.ones((1, 1, 1)), np.zeros((1, 1)), HAND)
    assert a.shape == c.shape == (1, 1, 1) and y.shape == (2, 1, 1) and len(caches) == 1 and x.shape == (1, 1, 1)
    assert c[0, 0, 0] == pytest.approx(0.45, rel=1e-15)
    assert a[0, 0, 0] == pytest.approx(0.8 * 0.42189900525000795, rel=1e-15)
    logit = 25 / 16 * LN3 * a[0, 0, 0]
    assert y[0, 0, 0] == pytest.approx(1 / (1 + np.exp(-logit)), rel=1e-14)


def random_parameters(n_a, n_x, n_y, seed):
    rng = np.random.default_rng(seed)
    p = {}
    for g in "fico":
        p[f"W{g}"] = rng.normal(0, 0.8, (n_a, n_a + n_x))
        p[f"b{g}"] = rng.normal(0, 0.5, (n_a, 1))
    p["Wy"] = rng.normal(0, 1, (n_y, n_a))
    p["by"] = rng.normal(0, 1, (n_y, 1))
    return p


def numerical(f, arr, eps=1e-6):
    """Centered differences of the scalar f() in every entry of `arr` (changed in place)."""
    out = np.zeros_like(arr)
    flat, grad = arr.reshape(-1), out.reshape(-1)
    for k in range(flat.size):
        keep = flat[k]
        flat[k] = keep + eps
        plus = f()
        flat[k] = keep - eps
        minus = f()
        flat[k] = keep
        grad[k] = (plus - minus) / (2 * eps)
    return out


def rel(a, b):
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


def test_lstm_backward_against_finite_differences():
    """J = Σ w · a over every unit, example and step; then da = w, and every gradient
    lstm_backward returns is dJ/d(that)."""
    n_a, n_x, n_y, m, T = 3, 4, 2, 2, 5
    rng = np.random.default_rng(7)
    p = random_parameters(n_a, n_x, n_y, 1)
    x = rng.normal(size=(n_x, m, T))
    a0 = rng.normal(size=(n_a, m))
    w = rng.normal(size=(n_a, m, T))

    def J():
        return float(np.sum(w * lstm_forward(x, a0, p)[0]))

    grads = lstm_backward(w, lstm_forward(x, a0, p)[3])
    assert list(grads) == ["dx", "da0", "dWf", "dbf", "dWi", "dbi", "dWc", "dbc", "dWo", "dbo"]
    assert grads["dx"].shape == x.shape and grads["da0"].shape == a0.shape
    checks = {"dx": x, "da0": a0, **{f"d{k}": p[k] for k in ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo")}}
    for name, arr in checks.items():
        assert grads[name].shape == arr.shape, name
        assert rel(grads[name], numerical(J, arr)) < 1e-7, name


def test_lstm_cell_backward_against_finite_differences_with_both_gradients():
    """J = Σ u · a_next + Σ v · c_next: da_next = u and dc_next = v both flow back."""
    n_a, n_x, m = 3, 2, 4
    rng = np.random.default_rng(3)
    p = random_parameters(n_a, n_x, 1, 2)
    xt, a_prev, c_prev = rng.normal(size=(n_x, m)), rng.normal(size=(n_a, m)), rng.normal(size=(n_a, m))
    u, v = rng.normal(size=(n_a, m)), rng.normal(size=(n_a, m))

    def J():
        a_next, c_next, _, _ = lstm_cell_forward(xt, a_prev, c_prev, p)
        return float(np.sum(u * a_next) + np.sum(v * c_next))

    grads = lstm_cell_backward(u, v, lstm_cell_forward(xt, a_prev, c_prev, p)[3])
    checks = {"dxt": xt, "da_prev": a_prev, "dc_prev": c_prev, "dWf": p["Wf"], "dbo": p["bo"], "dWc": p["Wc"]}
    for name, arr in checks.items():
        assert rel(grads[name], numerical(J, arr)) < 1e-7, name


def test_a_wrong_gradient_fails_the_finite_difference_check():
    """The check can fail: dropping dc_next from the cell's backward is seen."""
    n_a, n_x, m = 2, 2, 1
    rng = np.random.default_rng(4)
    p = random_parameters(n_a, n_x, 1, 5)
    xt, a_prev, c_prev = rng.normal(size=(n_x, m)), rng.normal(size=(n_a, m)), rng.normal(size=(n_a, m))
    v = rng.normal(size=(n_a, m))

    def J():
        return float(np.sum(v * lstm_cell_forward(xt, a_prev, c_prev, p)[1]))

    cache = lstm_cell_forward(xt, a_prev, c_prev, p)[3]
    right = lstm_cell_backward(np.zeros((n_a, m)), v, cache)["dc_prev"]
    wrong = lstm_cell_backward(np.zeros((n_a, m)), np.zeros((n_a, m)), cache)["dc_prev"]
    assert rel(right, numerical(J, c_prev)) < 1e-8
    assert rel(wrong, numerical(J, c_prev)) == 1.0  # all zero against a non-zero gradient
