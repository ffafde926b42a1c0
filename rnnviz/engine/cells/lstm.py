"""The LSTM cell, in PyTorch's equations and gate order (i, f, g, o), so that nn.LSTM's
weights load exactly. The course's names: Γu = i, Γf = f, c̃ = g, Γo = o.

    [i; f; g; o]<t> pre-activations = Wax x<t> + Waa a<t-1> + ba      (4 n_a rows, that order)
    i<t> = σ(…)    f<t> = σ(…)    g<t> = tanh(…)    o<t> = σ(…)
    c<t> = f<t> * c<t-1> + i<t> * g<t>
    a<t> = o<t> * tanh(c<t>)

Wax (4 n_a, n_in) is nn.LSTM's weight_ih, Waa (4 n_a, n_a) its weight_hh, ba = bias_ih +
bias_hh. The course's Wf = [Waa_f | Wax_f] (its rows n_a … 2 n_a), bf = ba_f, and so on.

Backward, for the gradient da_out<t> arriving at a<t> from outside the chain:

    da<t>   = da_out<t> + da_next<t>                da_next<t> = Waaᵀ d[i; f; g; o]<t+1>
    dc<t>   = dc_next<t> + da<t> * o<t> * (1 - tanh²(c<t>))      dc_next<t> = dc<t+1> * f<t+1>
    do<t> = da<t> * tanh(c<t>) * o(1 - o)     di<t> = dc<t> * g<t> * i(1 - i)
    df<t> = dc<t> * c<t-1> * f(1 - f)         dg<t> = dc<t> * i<t> * (1 - g²)
    da<t-1> = Waaᵀ d[i; f; g; o]<t>      dc<t-1> = dc<t> * f<t>
    dWaa = Σ_t d[i; f; g; o]<t> a<t-1>ᵀ    dba = Σ_t d[i; f; g; o]<t>    d(Wax x<t>) = d[i; f; g; o]<t>

di, df, dg, do are the gradients at the gates' pre-activations (the course's dit, dft, dcct,
dot). The loops hold only what carries from step to step; everything else is computed for
all steps at once.
"""

from __future__ import annotations

import numpy as np

from .base import Arrays, Cell, CellBackward


def sigmoid_into(x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """σ(x) = (1 + tanh(x/2)) / 2 into `out`: no overflow at any x, one transcendental call."""
    np.multiply(x, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


class LSTMCell(Cell):
    name = "lstm"
    title = "LSTM"
    gates = 4
    input_weight = "Wax"
    states = ("a", "c")
    quantities = ("f", "i", "g", "o", "c", "a")
    grad_quantities = ("da_out", "da_next", "da", "dc_next", "dc", "df", "di", "dg", "do", "da_prev", "dc_prev")

    def shapes(self, n_a: int, n_in: int) -> dict[str, tuple[int, int]]:
        return {"Wax": (4 * n_a, n_in), "Waa": (4 * n_a, n_a), "ba": (4 * n_a, 1)}

    def init(self, rng: np.random.Generator, n_a: int, n_in: int, one_hot: bool) -> dict[str, np.ndarray]:
        """Waa N(0, 1/n_a); Wax N(0, 0.5²) for one-hot inputs, else N(0, 1/n_in); ba = 0 but
        the forget gate's, 1 (it starts by keeping c: Jozefowicz et al., 2015)."""
        Waa = rng.normal(0.0, 1.0 / np.sqrt(n_a), (4 * n_a, n_a))
        Wax = rng.normal(0.0, 0.5 if one_hot else 1.0 / np.sqrt(n_in), (4 * n_a, n_in))
        ba = np.zeros((4 * n_a, 1))
        ba[n_a : 2 * n_a] = 1.0
        return {"Wax": Wax, "Waa": Waa, "ba": ba}

    def from_torch(
        self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray
    ) -> dict[str, np.ndarray]:
        """nn.LSTM: the same rows in the same order; ba = bias_ih + bias_hh."""
        return {"Wax": w_ih, "Waa": w_hh, "ba": (b_ih + b_hh)[:, None]}

    def to_torch(self, W: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """ba goes to bias_ih, bias_hh is 0."""
        return W["Wax"], W["Waa"], W["ba"][:, 0], np.zeros(W["ba"].shape[0])

    def forward(self, W: Arrays, xw: np.ndarray, state0: Arrays, activation: str) -> dict[str, np.ndarray]:
        T, rows = xw.shape
        n = rows // 4
        WaaT = np.ascontiguousarray(W["Waa"].T)  # a @ WaaT: one (n_a,) x (n_a, 4 n_a) product a step
        pre = xw + W["ba"][:, 0]  # (T, 4 n_a): the input part and the bias of every step at once
        G = np.empty((T, rows))  # i, f, g, o
        c = np.empty((T, n))
        tanh_c = np.empty((T, n))
        a = np.empty((T, n))
        a_prev = np.empty((T, n))
        c_prev = np.empty((T, n))
        a_t = np.array(state0["a"], dtype=np.float64)
        c_t = np.array(state0["c"], dtype=np.float64)
        s = np.empty(rows)
        for t in range(T):
            a_prev[t] = a_t
            c_prev[t] = c_t
            np.dot(a_t, WaaT, out=s)
            s += pre[t]
            g = G[t]
            sigmoid_into(s, g)  # i, f, o (g's rows are overwritten next)
            np.tanh(s[2 * n : 3 * n], out=g[2 * n : 3 * n])
            c_t = c[t]
            np.multiply(g[n : 2 * n], c_prev[t], out=c_t)  # f * c<t-1>
            c_t += g[:n] * g[2 * n : 3 * n]  # + i * g
            np.tanh(c_t, out=tanh_c[t])
            a_t = a[t]
            np.multiply(g[3 * n :], tanh_c[t], out=a_t)
        return {
            "a_prev": a_prev,
            "c_prev": c_prev,
            "f": G[:, n : 2 * n],
            "i": G[:, :n],
            "g": G[:, 2 * n : 3 * n],
            "o": G[:, 3 * n :],
            "c": c,
            "a": a,
        }

    def backward(
        self, W: Arrays, fwd: Arrays, da_out: np.ndarray, activation: str, dstate_end: Arrays | None = None
    ) -> CellBackward:
        Waa = W["Waa"]
        T, n = da_out.shape
        i, f, g, o, c = fwd["i"], fwd["f"], fwd["g"], fwd["o"], fwd["c"]
        tanh_c = np.tanh(c)
        # d(pre-activation)/d(dc) of i, f, g; d(pre-activation of o)/d(da); d(c)/d(da)
        K = np.concatenate([g * i * (1 - i), fwd["c_prev"] * f * (1 - f), i * (1 - g * g)], axis=1)
        Ko = tanh_c * o * (1 - o)
        Kc = o * (1 - tanh_c * tanh_c)
        da_next = np.empty((T, n))
        da = np.empty((T, n))
        dc_next = np.empty((T, n))
        dc = np.empty((T, n))
        dG = np.empty((T, 4 * n))  # di, df, dg, do
        end = dstate_end or {}
        d = np.array(end.get("a", np.zeros(n)), dtype=np.float64)
        d_c = np.array(end.get("c", np.zeros(n)), dtype=np.float64)
        for t in reversed(range(T)):
            da_next[t] = d
            dc_next[t] = d_c
            da_t = da[t]
            np.add(da_out[t], d, out=da_t)
            dc_t = dc[t]
            np.multiply(da_t, Kc[t], out=dc_t)
            dc_t += d_c
            np.multiply(K[t].reshape(3, n), dc_t, out=dG[t, : 3 * n].reshape(3, n))
            np.multiply(da_t, Ko[t], out=dG[t, 3 * n :])
            d = dG[t] @ Waa
            d_c = dc_t * f[t]
        da_prev = np.empty((T, n))
        da_prev[0] = d
        da_prev[1:] = da_next[:-1]
        dc_prev = dc * f
        return CellBackward(
            dxw=dG,
            grads={"Waa": dG.T @ fwd["a_prev"], "ba": dG.sum(axis=0)[:, None]},
            dstate0={"a": d, "c": d_c},
            steps={
                "da_out": da_out,
                "da_next": da_next,
                "da": da,
                "dc_next": dc_next,
                "dc": dc,
                "df": dG[:, n : 2 * n],
                "di": dG[:, :n],
                "dg": dG[:, 2 * n : 3 * n],
                "do": dG[:, 3 * n :],
                "da_prev": da_prev,
                "dc_prev": dc_prev,
            },
        )
