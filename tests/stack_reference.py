"""A deep, bidirectional vanilla RNN tagger written out in plain NumPy, loop by loop, for tests
that check the engine's and the screen's numbers against something neither calls.

Layer l (0-based) and direction d (0: left to right, 1: right to left) have their own Waa, Wax
and ba (tensor names `layer2.`, `reverse.`); layer 1 reads the one-hot words, layer l the
stacked [a→<t>; a←<t>] of layer l-1; ŷ<t> = σ(Wya [a→<t>; a←<t>] + by) of the last layer.
Backward: BPTT of Σ_t L<t> along both chains (right to left for →, left to right for ←) and
down the layers. Every list is indexed [layer][direction][t - 1].
"""

from __future__ import annotations

import numpy as np


def tensor(params, name: str, layer: int, direction: int) -> np.ndarray:
    prefix = (f"layer{layer + 1}." if layer else "") + ("reverse." if direction else "")
    return np.asarray(params[prefix + name], dtype=np.float64)


class StackReference:
    def __init__(self, params, vocab, tokens, labels=None):
        spec = params.spec
        L, D, T = spec.layers, spec.directions, len(tokens)
        relu = params.activation == "relu"
        self.L, self.D, self.T = L, D, T
        self.index = [vocab.index(token) for token in tokens]
        self.x = []  # [layer] (T, n_in) dense inputs of the layers above the first
        self.a_prev, self.z, self.a = [], [], []
        below = None
        for layer in range(L):
            rows_prev, rows_z, rows_a = [], [], []
            for d in range(D):
                Waa, Wax, ba = (tensor(params, n, layer, d) for n in ("Waa", "Wax", "ba"))
                a = np.zeros(Waa.shape[0])
                prev, zs, acts = [None] * T, [None] * T, [None] * T
                for t in range(T) if d == 0 else reversed(range(T)):
                    x_in = Wax[:, self.index[t]] if layer == 0 else Wax @ below[t]
                    prev[t] = a
                    zs[t] = Waa @ a + x_in + ba[:, 0]
                    a = np.maximum(zs[t], 0.0) if relu else np.tanh(zs[t])
                    acts[t] = a
                rows_prev.append(prev)
                rows_z.append(zs)
                rows_a.append(acts)
            self.a_prev.append(rows_prev)
            self.z.append(rows_z)
            self.a.append(rows_a)
            below = [np.concatenate([rows_a[d][t] for d in range(D)]) for t in range(T)]
            self.x.append(below)
        Wya, by = np.asarray(params["Wya"], dtype=np.float64), np.asarray(params["by"], dtype=np.float64)
        n_a = Wya.shape[1] // D
        self.top = below
        self.parts = [
            [float(Wya[0, d * n_a : (d + 1) * n_a] @ self.a[L - 1][d][t]) for d in range(D)] for t in range(T)
        ]
        self.logit = [float((Wya @ below[t] + by[:, 0])[0]) for t in range(T)]
        self.y_hat = [1.0 / (1.0 + np.exp(-logit)) for logit in self.logit]
        if labels is None:
            return
        self.loss = [-(y * np.log(p) + (1 - y) * np.log(1 - p)) for y, p in zip(labels, self.y_hat)]
        self.cum_loss = list(np.cumsum(self.loss))
        self.dlogit = [p - y for p, y in zip(self.y_hat, labels)]
        d_out = [Wya[0] * e for e in self.dlogit]  # the gradient reaching [a→<t>; a←<t>] of the top
        names = ("da_out", "da_next", "da", "g_prime", "dz", "da_prev")
        self.grads = {name: [[None] * D for _ in range(L)] for name in names}
        for layer in reversed(range(L)):
            d_below = [np.zeros(self.x[layer - 1][0].shape) for _ in range(T)] if layer else None
            for d in range(D):
                Waa, Wax = tensor(params, "Waa", layer, d), tensor(params, "Wax", layer, d)
                g = {name: [None] * T for name in names}
                arriving = np.zeros(n_a)
                for t in reversed(range(T)) if d == 0 else range(T):
                    g["da_out"][t] = d_out[t][d * n_a : (d + 1) * n_a]
                    g["da_next"][t] = arriving
                    g["da"][t] = g["da_out"][t] + arriving
                    a = self.a[layer][d][t]
                    g["g_prime"][t] = (a > 0).astype(float) if relu else 1 - a**2
                    g["dz"][t] = g["da"][t] * g["g_prime"][t]
                    g["da_prev"][t] = arriving = Waa.T @ g["dz"][t]
                    if layer:
                        d_below[t] = d_below[t] + Wax.T @ g["dz"][t]
                for name in names:
                    self.grads[name][layer][d] = g[name]
            d_out = d_below

    def g(self, name: str, layer: int, direction: int, t: int) -> np.ndarray:
        """The gradient `name` at step t (1-based)."""
        return self.grads[name][layer][direction][t - 1]
