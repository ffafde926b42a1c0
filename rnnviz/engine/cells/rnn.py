"""The seed's cell: a<t> = g(Waa a<t-1> + Wax x<t> + ba), g = tanh or ReLU.

    z<t> = Waa a<t-1> + Wax x<t> + ba = Wa [a<t-1>; x<t>] + ba      Wa = [Waa | Wax]
    a<t> = g(z<t>)

Backward, for the gradient da_out<t> arriving at a<t> from outside the chain:

    da<t>   = da_out<t> + da_next<t>        da_next<t> = Waa^T dz<t+1> (0 at t = T)
    dz<t>   = da<t> * g'(z<t>)              g' = 1 - a<t>² (tanh) or [a<t> > 0] (ReLU)
    da<t-1> = Waa^T dz<t>                   flows on to the left
    dWaa = Σ_t dz<t> a<t-1>^T    dba = Σ_t dz<t>    d(Wax x<t>) = dz<t>
"""

from __future__ import annotations

import numpy as np

from ..activations import hidden, hidden_grad
from .base import Arrays, Cell, CellBackward


class RNNCell(Cell):
    name = "rnn"
    title = "vanilla RNN"
    gates = 1
    input_weight = "Wax"
    states = ("a",)
    quantities = ("z", "a")
    grad_quantities = ("da_out", "da_next", "da", "g_prime", "dz", "da_prev")
    uses_activation = True

    def shapes(self, n_a: int, n_in: int) -> dict[str, tuple[int, int]]:
        return {"Wax": (n_a, n_in), "Waa": (n_a, n_a), "ba": (n_a, 1)}

    def init(self, rng: np.random.Generator, n_a: int, n_in: int, one_hot: bool) -> dict[str, np.ndarray]:
        """Waa N(0, 1/n_a) (Xavier for an input of size n_a); Wax N(0, 0.5²) when the input
        is one-hot (a word selects one column, which then moves z<t> by O(1)), else
        N(0, 1/n_in); ba = 0."""
        Waa = rng.normal(0.0, 1.0 / np.sqrt(n_a), (n_a, n_a))
        Wax = rng.normal(0.0, 0.5 if one_hot else 1.0 / np.sqrt(n_in), (n_a, n_in))
        return {"Wax": Wax, "Waa": Waa, "ba": np.zeros((n_a, 1))}

    def from_torch(
        self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray
    ) -> dict[str, np.ndarray]:
        """nn.RNN: h<t> = g(x<t> W_ihᵀ + b_ih + h<t-1> W_hhᵀ + b_hh), the seed's equation in
        row form: Wax = W_ih, Waa = W_hh, ba = b_ih + b_hh."""
        return {"Wax": w_ih, "Waa": w_hh, "ba": (b_ih + b_hh)[:, None]}

    def to_torch(self, W: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """ba goes to bias_ih, bias_hh is 0."""
        return W["Wax"], W["Waa"], W["ba"][:, 0], np.zeros(W["ba"].shape[0])

    def forward(self, W: Arrays, xw: np.ndarray, state0: Arrays, activation: str) -> dict[str, np.ndarray]:
        g = hidden(activation)
        T, n_a = xw.shape
        Waa, ba = W["Waa"], W["ba"][:, 0]
        a_prev = np.empty((T, n_a))
        z = np.empty((T, n_a))
        a = np.empty((T, n_a))
        a_t = np.asarray(state0["a"], dtype=np.float64)
        for t in range(T):
            a_prev[t] = a_t
            z[t] = Waa @ a_t + xw[t] + ba
            a_t = a[t] = g(z[t])
        return {"a_prev": a_prev, "z": z, "a": a}

    def backward(
        self, W: Arrays, fwd: Arrays, da_out: np.ndarray, activation: str, dstate_end: Arrays | None = None
    ) -> CellBackward:
        Waa = W["Waa"]
        T, n_a = da_out.shape
        g_prime = hidden_grad(activation, fwd["a"])
        da_next = np.empty((T, n_a))
        da = np.empty((T, n_a))
        dz = np.empty((T, n_a))
        d = np.zeros(n_a) if dstate_end is None else np.array(dstate_end["a"], dtype=np.float64)
        for t in reversed(range(T)):
            da_next[t] = d
            da[t] = da_out[t] + d
            dz[t] = da[t] * g_prime[t]
            d = Waa.T @ dz[t]
        da_prev = np.empty((T, n_a))
        da_prev[0] = d
        da_prev[1:] = da_next[:-1]
        return CellBackward(
            dxw=dz,
            grads={"Waa": dz.T @ fwd["a_prev"], "ba": dz.sum(axis=0)[:, None]},
            dstate0={"a": d},
            steps={"da_out": da_out, "da_next": da_next, "da": da, "g_prime": g_prime, "dz": dz, "da_prev": da_prev},
        )
