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
        Waa = W["Waa"]  # one (4 n_a, n_a) x (n_a,) product a step
        pre = xw + W["ba"][:, 0]  # (T, 4 n_a): the input part and the bias of every step at once
        # σ(x) = (1 + tanh(x/2)) / 2: one tanh over all four gates, halved on i, f, o's rows
        scale = np.full(rows, 0.5)
        scale[2 * n : 3 * n] = 1.0
        offset = np.full(rows, 0.5)
        offset[2 * n : 3 * n] = 0.0
        G = np.empty((T, rows))  # i, f, g, o
        c = np.empty((T + 1, n))  # c<0> … c<T>
        a = np.empty((T + 1, n))
        tanh_c = np.empty((T, n))
        c[0] = state0["c"]
        a[0] = state0["a"]
        ig = np.empty(n)
        dot, tanh, mul = np.dot, np.tanh, np.multiply
        # the loop over rows of preallocated arrays (views made in C, not one by one): it is
        # the time of a step, so it does only what carries from step to step
        for pre_t, s, (i, f, g, o), c_prev, c_t, th, a_prev, a_t in zip(
            pre, G, G.reshape(T, 4, n), c[:-1], c[1:], tanh_c, a[:-1], a[1:]
        ):
            dot(Waa, a_prev, out=s)
            s += pre_t
            s *= scale
            tanh(s, out=s)
            s *= scale
            s += offset  # i, f, g, o
            mul(f, c_prev, out=c_t)
            mul(i, g, out=ig)
            c_t += ig  # c<t> = f * c<t-1> + i * g
            tanh(c_t, out=th)
            mul(o, th, out=a_t)  # a<t> = o * tanh(c<t>)
        return {
            "a_prev": a[:-1],
            "c_prev": c[:-1],
            "f": G[:, n : 2 * n],
            "i": G[:, :n],
            "g": G[:, 2 * n : 3 * n],
            "o": G[:, 3 * n :],
            "c": c[1:],
            "a": a[1:],
        }

    def backward(
        self, W: Arrays, fwd: Arrays, da_out: np.ndarray, activation: str, dstate_end: Arrays | None = None
    ) -> CellBackward:
        Waa = W["Waa"]
        T, n = da_out.shape
        i, f, g, o, c = fwd["i"], fwd["f"], fwd["g"], fwd["o"], fwd["c"]
        tanh_c = np.tanh(c)
        # what dc<t> is multiplied by for the pre-activations of i, f, g; what da<t> is for o's and c's
        K = np.stack([g * i * (1 - i), fwd["c_prev"] * f * (1 - f), i * (1 - g * g)], axis=1)  # (T, 3, n_a)
        Ko = tanh_c * o * (1 - o)
        Kc = o * (1 - tanh_c * tanh_c)
        da = np.empty((T, n))
        dc = np.empty((T, n))
        dG4 = np.empty((T, 4, n))  # di, df, dg, do
        dG = dG4.reshape(T, 4 * n)
        end = dstate_end or {}
        A = np.empty((T + 1, n))  # A[t + 1] = da_next<t> (from the right), A[t] = da_prev<t>
        C = np.empty((T + 1, n))  # the same for c
        A[T] = end.get("a", 0.0)
        C[T] = end.get("c", 0.0)
        dot, mul, add = np.dot, np.multiply, np.add
        back = lambda x: x[::-1]  # noqa: E731 (rows t = T … 1)
        for da_out_t, a_next, a_t, da_t, dc_t, kc, c_next, c_t, k, dg3, dgo, ko, dg, f_t in zip(
            *map(back, (da_out, A[1:], A[:-1], da, dc, Kc, C[1:], C[:-1], K, dG4[:, :3], dG4[:, 3], Ko, dG, f))
        ):
            add(da_out_t, a_next, out=da_t)  # da<t> = da_out<t> + da_next<t>
            mul(da_t, kc, out=dc_t)
            dc_t += c_next  # dc<t> = da<t> * o * (1 - tanh² c<t>) + dc_next<t>
            mul(k, dc_t, out=dg3)  # di, df, dg
            mul(da_t, ko, out=dgo)  # do
            dot(dg, Waa, out=a_t)  # da<t-1>
            mul(dc_t, f_t, out=c_t)  # dc<t-1>
        da_prev, dc_prev = A[:-1], C[:-1]
        return CellBackward(
            dxw=dG,
            grads={"Waa": dG.T @ fwd["a_prev"], "ba": dG.sum(axis=0)[:, None]},
            dstate0={"a": A[0], "c": C[0]},
            steps={
                "da_out": da_out,
                "da_next": A[1:],
                "da": da,
                "dc_next": C[1:],
                "dc": dc,
                "df": dG[:, n : 2 * n],
                "di": dG[:, :n],
                "dg": dG[:, 2 * n : 3 * n],
                "do": dG[:, 3 * n :],
                "da_prev": da_prev,
                "dc_prev": dc_prev,
            },
        )
