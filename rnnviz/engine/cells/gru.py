"""The GRU cell, in PyTorch's equations and gate order (r, z, n), so that nn.GRU's weights
load exactly:

    r<t> = σ(W_ir x<t> + b_ir + W_hr a<t-1> + b_hr)            reset gate
    z<t> = σ(W_iz x<t> + b_iz + W_hz a<t-1> + b_hz)            update gate, PyTorch's z
    n<t> = tanh(W_in x<t> + b_in + r<t> * (W_hn a<t-1> + b_hn)) candidate, the course's c̃
    a<t> = (1 - z<t>) * n<t> + z<t> * a<t-1>

The course writes Γu = 1 - z (a<t> = Γu * c̃ + (1 - Γu) * a<t-1>) and applies Γr before the
matmul (Wc [Γr * a<t-1>; x<t>]); PyTorch applies r after it, to W_hn a<t-1> + b_hn. The
quantity `u` is the course's Γu = 1 - z, so panels show Γr = r, Γu = u, c̃ = n and a.
(It is not called z: that is the vanilla cell's pre-activation.)

Tensors: Wax (3 n_a, n_in) is nn.GRU's weight_ih, Waa (3 n_a, n_a) its weight_hh, and
ba = bias_ih + [b_hr; b_hz; 0], (3 n_a, 1); b_hn stays separate, `bhn` (n_a, 1), as it
sits inside r * (…).

Backward, for the gradient da_out<t> arriving at a<t> from outside the chain (dr, du, dn
are the gradients at the gates' pre-activations; u = σ(-s) where s is z's pre-activation, so
the z rows of d(Wax x<t>) are -du):

    da<t>  = da_out<t> + da_next<t>
    dn<t>  = da<t> * u<t> * (1 - n²)          du<t> = da<t> * (n<t> - a<t-1>) * u(1 - u)
    dr<t>  = dn<t> * (W_hn a<t-1> + b_hn) * r(1 - r)
    da<t-1> = W_hrᵀ dr + W_hzᵀ (-du) + W_hnᵀ (r * dn) + z * da<t>
    dWaa = Σ_t [dr; -du; r * dn]<t> a<t-1>ᵀ    dba = Σ_t [dr; -du; dn]<t>    dbhn = Σ_t r * dn
"""

from __future__ import annotations

import numpy as np

from .base import Arrays, Cell, CellBackward


class GRUCell(Cell):
    name = "gru"
    title = "GRU"
    gates = 3
    input_weight = "Wax"
    states = ("a",)
    quantities = ("r", "u", "n", "a")
    grad_quantities = ("da_out", "da_next", "da", "dn", "du", "dr", "da_prev")

    def shapes(self, n_a: int, n_in: int) -> dict[str, tuple[int, int]]:
        return {"Wax": (3 * n_a, n_in), "Waa": (3 * n_a, n_a), "ba": (3 * n_a, 1), "bhn": (n_a, 1)}

    def init(self, rng: np.random.Generator, n_a: int, n_in: int, one_hot: bool) -> dict[str, np.ndarray]:
        """Waa N(0, 1/n_a); Wax N(0, 0.5²) for one-hot inputs, else N(0, 1/n_in); biases 0."""
        Waa = rng.normal(0.0, 1.0 / np.sqrt(n_a), (3 * n_a, n_a))
        Wax = rng.normal(0.0, 0.5 if one_hot else 1.0 / np.sqrt(n_in), (3 * n_a, n_in))
        return {"Wax": Wax, "Waa": Waa, "ba": np.zeros((3 * n_a, 1)), "bhn": np.zeros((n_a, 1))}

    def from_torch(
        self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray
    ) -> dict[str, np.ndarray]:
        """nn.GRU: the same rows; b_hr and b_hz add to bias_ih, b_hn stays apart."""
        n = w_hh.shape[1]
        ba = np.array(b_ih, dtype=np.float64)
        ba[: 2 * n] += b_hh[: 2 * n]
        return {"Wax": w_ih, "Waa": w_hh, "ba": ba[:, None], "bhn": np.array(b_hh[2 * n :], dtype=np.float64)[:, None]}

    def to_torch(self, W: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """ba goes to bias_ih; bias_hh is 0 but for b_hn."""
        n = W["bhn"].shape[0]
        b_hh = np.zeros(3 * n)
        b_hh[2 * n :] = W["bhn"][:, 0]
        return W["Wax"], W["Waa"], W["ba"][:, 0], b_hh

    def forward(self, W: Arrays, xw: np.ndarray, state0: Arrays, activation: str) -> dict[str, np.ndarray]:
        T, rows = xw.shape
        n = rows // 3
        Waa = W["Waa"]  # one (3 n_a, n_a) x (n_a,) product a step
        pre = xw + W["ba"][:, 0]  # (T, 3 n_a): input part and biases of every step at once
        bhn = W["bhn"][:, 0]
        RZ = np.empty((T, 2 * n))  # r, z
        N = np.empty((T, n))
        a = np.empty((T + 1, n))  # a<0> … a<T>
        a[0] = state0["a"]
        s = np.empty(rows)
        s_rz, hn = s[: 2 * n], s[2 * n :]
        dot, tanh, mul, add, sub = np.dot, np.tanh, np.multiply, np.add, np.subtract
        for pre_t, pre_n, rz, (r, z), n_t, a_prev, a_t in zip(
            pre[:, : 2 * n], pre[:, 2 * n :], RZ, RZ.reshape(T, 2, n), N, a[:-1], a[1:]
        ):
            dot(Waa, a_prev, out=s)  # W_hr a, W_hz a, W_hn a
            hn += bhn
            add(s_rz, pre_t, out=rz)
            rz *= 0.5
            tanh(rz, out=rz)
            rz *= 0.5
            rz += 0.5  # r, z = σ(…)
            mul(r, hn, out=n_t)
            n_t += pre_n
            tanh(n_t, out=n_t)  # n = tanh(W_in x + b_in + r * (W_hn a + b_hn))
            sub(a_prev, n_t, out=a_t)
            a_t *= z
            a_t += n_t  # a = n + z * (a<t-1> - n) = (1 - z) * n + z * a<t-1>
        return {"a_prev": a[:-1], "r": RZ[:, :n], "u": 1.0 - RZ[:, n:], "n": N, "a": a[1:]}

    def backward(
        self, W: Arrays, fwd: Arrays, da_out: np.ndarray, activation: str, dstate_end: Arrays | None = None
    ) -> CellBackward:
        Waa = W["Waa"]
        T, n = da_out.shape
        r, u, N, a_prev = fwd["r"], fwd["u"], fwd["n"], fwd["a_prev"]
        z = 1.0 - u
        hn = a_prev @ Waa[2 * n :].T + W["bhn"][:, 0]  # W_hn a<t-1> + b_hn
        Kn = u * (1 - N * N)  # dn = da * Kn
        Kz = (a_prev - N) * z * (1 - z)  # d(z's pre-activation) = da * Kz
        Kr = Kn * hn * r * (1 - r)  # dr = da * Kr
        KH = np.stack([Kr, Kz, Kn * r], axis=1)  # (T, 3, n_a): the rows of Waa's gradient, per da
        da = np.empty((T, n))
        dH3 = np.empty((T, 3, n))
        dH = dH3.reshape(T, 3 * n)
        A = np.empty((T + 1, n))  # A[t + 1] = da_next<t> (from the right), A[t] = da_prev<t>
        A[T] = 0.0 if dstate_end is None else dstate_end["a"]
        direct = np.empty(n)
        dot, mul, add = np.dot, np.multiply, np.add
        back = lambda x: x[::-1]  # noqa: E731 (rows t = T … 1)
        for da_out_t, a_next, a_t, da_t, kh, dh3, dh, z_t in zip(
            *map(back, (da_out, A[1:], A[:-1], da, KH, dH3, dH, z))
        ):
            add(da_out_t, a_next, out=da_t)  # da<t> = da_out<t> + da_next<t>
            mul(kh, da_t, out=dh3)  # dr, d(z's pre-activation), r * dn
            dot(dh, Waa, out=a_t)
            mul(da_t, z_t, out=direct)
            a_t += direct  # da<t-1> = Waaᵀ […] + z * da<t>
        dn = da * Kn
        dxw = np.concatenate([dH[:, : 2 * n], dn], axis=1)
        return CellBackward(
            dxw=dxw,
            grads={
                "Waa": dH.T @ a_prev,
                "ba": dxw.sum(axis=0)[:, None],
                "bhn": dH[:, 2 * n :].sum(axis=0)[:, None],
            },
            dstate0={"a": A[0]},
            steps={
                "da_out": da_out,
                "da_next": A[1:],
                "da": da,
                "dn": dn,
                "du": -dH[:, n : 2 * n],
                "dr": dH[:, :n],
                "da_prev": A[:-1],
            },
        )
