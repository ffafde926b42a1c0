"""The course's NumPy RNN, with its exact names, shapes and return values.

These are the functions of the Coursera Deep Learning Specialization's RNN assignment (cited
by the seed), so a learner can check their own work against them: dense inputs, a batch of
m examples in the second axis, time in the third.

    xt (n_x, m)   a_prev (n_a, m)   x (n_x, m, T_x)   a, da (n_a, m, T_x)

`parameters` is a dict keyed Waa, Wax, Wya, ba, by (an optional "activation", 'tanh' by
default, picks g). The output activation follows the parameters: sigmoid when n_y = 1,
softmax over the classes otherwise. These are the dense reference; the debugger and the
trainer use the one-hot gather form in `sequence`, which tests compare against these.
"""

from __future__ import annotations

import numpy as np

from .activations import hidden, hidden_grad, output


def rnn_cell_forward(xt, a_prev, parameters):
    """One step: a_next = g(Waa a_prev + Wax xt + ba), yt_pred = σ(Wya a_next + by)."""
    Waa, Wax, Wya, ba, by = (parameters[k] for k in ("Waa", "Wax", "Wya", "ba", "by"))
    g = hidden(parameters.get("activation", "tanh"))
    a_next = g(Waa @ a_prev + Wax @ xt + ba)
    yt_pred = output(Wya @ a_next + by)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache


def rnn_forward(x, a0, parameters):
    """All T_x steps from a0: returns a (n_a, m, T_x), y_pred (n_y, m, T_x), (caches, x)."""
    _n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    caches = []
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    return a, y_pred, (caches, x)


def rnn_cell_backward(da_next, cache):
    """Gradients of one step given da_next = dL/da<t>: dxt, da_prev, dWax, dWaa, dba."""
    a_next, a_prev, xt, parameters = cache
    Waa, Wax = parameters["Waa"], parameters["Wax"]
    dz = da_next * hidden_grad(parameters.get("activation", "tanh"), a_next)
    return {
        "dxt": Wax.T @ dz,
        "da_prev": Waa.T @ dz,
        "dWax": dz @ xt.T,
        "dWaa": dz @ a_prev.T,
        "dba": np.sum(dz, axis=1, keepdims=True),
    }


def rnn_backward(da, caches):
    """Backpropagation through time given da (n_a, m, T_x), the upstream dL/da<t> of every
    step (what flows down from ŷ<t>); returns dx, da0, dWax, dWaa, dba."""
    caches, x = caches
    n_a, m, T_x = da.shape
    n_x = x.shape[0]
    dx = np.zeros((n_x, m, T_x))
    dWax = np.zeros((n_a, n_x))
    dWaa = np.zeros((n_a, n_a))
    dba = np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        grads = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])
        dx[:, :, t] = grads["dxt"]
        da_prevt = grads["da_prev"]
        dWax += grads["dWax"]
        dWaa += grads["dWaa"]
        dba += grads["dba"]
    return {"dx": dx, "da0": da_prevt, "dWax": dWax, "dWaa": dWaa, "dba": dba}
