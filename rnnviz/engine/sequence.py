"""One sentence of one-hot words through the network: forward by column gather, backward
sparse in the vocabulary.

A one-hot x<t> with its 1 at `index` makes Wax x<t> equal to the column Wax[:, index], so the
forward pass gathers that column instead of multiplying a 10,000-long vector of zeros, and
the backward pass touches only the columns of Wax the sentence uses. No T x V one-hot matrix
is ever built. Vectors here are 1-D (the entries of the seed's columns); rows of the (T, n_a)
arrays are the steps t = 1 … T_x.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import hidden, hidden_grad
from .params import Params


@dataclass(frozen=True, eq=False)
class Forward:
    """Every intermediate of a forward pass, one row per step."""

    indices: np.ndarray  # (T,) vocabulary index of x<t>
    a_prev: np.ndarray  # (T, n_a) a<t-1>
    z: np.ndarray  # (T, n_a) z<t> = Waa a<t-1> + Wax x<t> + ba
    a: np.ndarray  # (T, n_a) a<t> = g(z<t>)
    logits: np.ndarray  # (T, n_y) Wya a<t> + by


def forward(params: Params, indices: np.ndarray, a0: np.ndarray | None = None) -> Forward:
    """a<t> = g(Waa a<t-1> + Wax[:, index<t>] + ba) for t = 1 … T, from a<0> = a0 (or 0)."""
    indices = np.asarray(indices, dtype=np.int64)
    T, n_a = len(indices), params.n_a
    g = hidden(params.activation)
    Waa, ba = params.Waa, params.ba[:, 0]
    Wax_x = params.Wax[:, indices].T  # (T, n_a): row t is Wax x<t>, by gather
    a_prev = np.empty((T, n_a))
    z = np.empty((T, n_a))
    a = np.empty((T, n_a))
    a_t = np.zeros(n_a) if a0 is None else np.asarray(a0, dtype=np.float64).reshape(n_a)
    for t in range(T):
        a_prev[t] = a_t
        z[t] = Waa @ a_t + Wax_x[t] + ba
        a_t = a[t] = g(z[t])
    logits = a @ params.Wya.T + params.by[:, 0]
    return Forward(indices=indices, a_prev=a_prev, z=z, a=a, logits=logits)


@dataclass(frozen=True, eq=False)
class Backward:
    """Backpropagation through time for one sentence, every intermediate kept per step.

    da<t> = da_from_y<t> + da_from_next<t>, where da_from_y<t> = Wya^T (ŷ<t> - y<t>) comes
    down from the output and da_from_next<t> = Waa^T dz<t+1> arrives from the step to the
    right; dz<t> = da<t> * g'(z<t>); da<t-1> flows on as Waa^T dz<t>.
    """

    dlogits: np.ndarray  # (T, n_y) dL<t>/dlogit<t> = ŷ<t> - y<t>
    da_from_y: np.ndarray  # (T, n_a)
    da_from_next: np.ndarray  # (T, n_a)
    da: np.ndarray  # (T, n_a)
    g_prime: np.ndarray  # (T, n_a) g'(z<t>)
    dz: np.ndarray  # (T, n_a)
    da0: np.ndarray  # (n_a,) the gradient reaching a<0>
    dWaa: np.ndarray  # (n_a, n_a)
    dWax_columns: np.ndarray  # (k,) the distinct vocabulary indices of the sentence
    dWax_values: np.ndarray  # (n_a, k) dWax[:, dWax_columns]; every other column is 0
    dba: np.ndarray  # (n_a, 1)
    dWya: np.ndarray  # (n_y, n_a)
    dby: np.ndarray  # (n_y, 1)

    def grads(self) -> dict[str, np.ndarray]:
        """The parameter gradients, dWax as (columns, values) kept sparse."""
        return {
            "dWaa": self.dWaa,
            "dWax": (self.dWax_columns, self.dWax_values),
            "dba": self.dba,
            "dWya": self.dWya,
            "dby": self.dby,
        }

    def dWax_dense(self, n_x: int) -> np.ndarray:
        """dWax as a full (n_a, n_x) matrix, for tests and small models only."""
        return dense_columns(self.dWax_columns, self.dWax_values, n_x)


def dense_columns(columns: np.ndarray, values: np.ndarray, n_x: int) -> np.ndarray:
    """The (n_a, n_x) matrix that is `values` at `columns` and 0 elsewhere."""
    out = np.zeros((values.shape[0], n_x))
    out[:, columns] = values
    return out


def backward(params: Params, fwd: Forward, dlogits: np.ndarray) -> Backward:
    """BPTT from the output errors dlogits (T, n_y) = dL<t>/dlogit<t> back to a<0>."""
    T, n_a = fwd.a.shape
    Waa, Wya = params.Waa, params.Wya
    g_prime = hidden_grad(params.activation, fwd.a)
    da_from_y = dlogits @ Wya  # row t: Wya^T (ŷ<t> - y<t>)
    da_from_next = np.empty((T, n_a))
    da = np.empty((T, n_a))
    dz = np.empty((T, n_a))
    da_next = np.zeros(n_a)
    for t in reversed(range(T)):
        da_from_next[t] = da_next
        da[t] = da_from_y[t] + da_next
        dz[t] = da[t] * g_prime[t]
        da_next = Waa.T @ dz[t]
    columns, where = np.unique(fwd.indices, return_inverse=True)
    values = np.zeros((len(columns), n_a))
    np.add.at(values, where, dz)  # a word used twice adds both steps to its column
    return Backward(
        dlogits=dlogits,
        da_from_y=da_from_y,
        da_from_next=da_from_next,
        da=da,
        g_prime=g_prime,
        dz=dz,
        da0=da_next,
        dWaa=dz.T @ fwd.a_prev,
        dWax_columns=columns,
        dWax_values=values.T,
        dba=dz.sum(axis=0)[:, None],
        dWya=dlogits.T @ fwd.a,
        dby=dlogits.sum(axis=0)[:, None],
    )
