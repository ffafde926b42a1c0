"""The course's NumPy LSTM, with its exact names, shapes and return values.

The Coursera Deep Learning Specialization's first sequence-models assignment builds the LSTM
cell right after the RNN cell (engine/course.py). Dense inputs, a batch of m examples in
the second axis, time in the third:

    xt (n_x, m)   a_prev, c_prev (n_a, m)   x (n_x, m, T_x)   a, c, da (n_a, m, T_x)

`parameters` is a dict keyed Wf, bf, Wi, bi, Wc, bc, Wo, bo, Wy, by. Each W acts on the
stacked column [a_prev; xt] and has shape (n_a, n_a + n_x); each b is (n_a, 1); Wy is
(n_y, n_a), by (n_y, 1). One step:

    Γf = σ(Wf [a_prev; xt] + bf)          forget gate
    Γu = σ(Wi [a_prev; xt] + bi)          update gate (PyTorch's i)
    c̃ = tanh(Wc [a_prev; xt] + bc)        candidate (PyTorch's g)
    c_next = Γf * c_prev + Γu * c̃
    Γo = σ(Wo [a_prev; xt] + bo)          output gate
    a_next = Γo * tanh(c_next)
    yt_pred = softmax(Wy a_next + by)     over the n_y classes (axis 0)

These are the dense reference; the debugger and the trainer run engine/cells/lstm.py (the
same equations in PyTorch's layout, one-hot inputs by gather), which tests compare with these.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid, softmax

GATES = ("f", "i", "c", "o")  # the course's W and b of each: Wf, bf, Wi, bi, Wc, bc, Wo, bo


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One step: returns a_next, c_next (n_a, m), yt_pred (n_y, m) and the cache for backward."""
    Wf, bf, Wi, bi = parameters["Wf"], parameters["bf"], parameters["Wi"], parameters["bi"]
    Wc, bc, Wo, bo = parameters["Wc"], parameters["bc"], parameters["Wo"], parameters["bo"]
    Wy, by = parameters["Wy"], parameters["by"]
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(Wf @ concat + bf)
    it = sigmoid(Wi @ concat + bi)
    cct = np.tanh(Wc @ concat + bc)
    c_next = ft * c_prev + it * cct
    ot = sigmoid(Wo @ concat + bo)
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(Wy @ a_next + by, axis=0)
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache


def lstm_forward(x, a0, parameters):
    """All T_x steps from a0 (c<0> = 0): returns a, y (n_y, m, T_x), c and (caches, x)."""
    _n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    a = np.zeros((n_a, m, T_x))
    c = np.zeros((n_a, m, T_x))
    y = np.zeros((n_y, m, T_x))
    caches = []
    a_next = a0
    c_next = np.zeros((n_a, m))
    for t in range(T_x):
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_next, c_next, parameters)
        a[:, :, t] = a_next
        c[:, :, t] = c_next
        y[:, :, t] = yt
        caches.append(cache)
    return a, y, c, (caches, x)


def lstm_cell_backward(da_next, dc_next, cache):
    """Gradients of one step given da_next = dL/da<t> and dc_next = dL/dc<t> from the right:
    dxt, da_prev, dc_prev, and dW, db of the four gates. dft, dit, dcct, dot are the
    gradients at the gates' pre-activations."""
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters = cache
    n_a = a_next.shape[0]
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c**2)  # all of dL/dc<t>
    dot = da_next * tanh_c * ot * (1 - ot)
    dcct = dc * it * (1 - cct**2)
    dit = dc * cct * it * (1 - it)
    dft = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0)
    d = {"f": dft, "i": dit, "c": dcct, "o": dot}
    W = {g: parameters[f"W{g}"] for g in GATES}
    grads = {
        "dxt": sum(W[g][:, n_a:].T @ d[g] for g in GATES),
        "da_prev": sum(W[g][:, :n_a].T @ d[g] for g in GATES),
        "dc_prev": dc * ft,
    }
    for g in GATES:
        grads[f"dW{g}"] = d[g] @ concat.T
        grads[f"db{g}"] = np.sum(d[g], axis=1, keepdims=True)
    return grads


def lstm_backward(da, caches):
    """Backpropagation through time given da (n_a, m, T_x), the upstream dL/da<t> of every
    step (what flows down from ŷ<t>); returns dx, da0 and dW, db of the four gates."""
    caches, x = caches
    n_a, m, T_x = da.shape
    dx = np.zeros((x.shape[0], m, T_x))
    da_prevt = np.zeros((n_a, m))
    dc_prevt = np.zeros((n_a, m))
    total = {f"d{p}{g}": np.zeros_like(caches[0][9][f"{p}{g}"]) for g in GATES for p in ("W", "b")}
    for t in reversed(range(T_x)):
        grads = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])
        dx[:, :, t] = grads["dxt"]
        da_prevt, dc_prevt = grads["da_prev"], grads["dc_prev"]
        for name in total:
            total[name] += grads[name]
    return {"dx": dx, "da0": da_prevt, **total}
