"""The classifier and the encoder-decoder written out in a few lines of NumPy from the model's
tensors, so that the numbers the debugger shows are checked against something it does not
call (the engine's shapes, stack and cells): README "Many-to-one and the encoder-decoder",
and PyTorch's LSTM equations (engine/cells/lstm.py's docstring)."""

from __future__ import annotations

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


class Chain:
    """One chain of cells (vanilla tanh/ReLU, or LSTM) over inputs, a column of Wax each (-1:
    x = 0), from a given state: its states a<1..T>, and BPTT of the gradients reaching each
    a<t> from outside (`da_out`) and the final states (`end`): ‖da<t>‖ and what reaches a<0>."""

    def __init__(self, params, prefix: str, inputs, a0=None, c0=None):
        W = {k: np.asarray(params[prefix + k], dtype=np.float64) for k in ("Waa", "Wax", "ba")}
        self.W, self.cell, self.relu = W, params.spec.cell, params.activation == "relu"
        n_a = W["Waa"].shape[1]
        a = np.zeros(n_a) if a0 is None else np.asarray(a0, dtype=np.float64)
        c = np.zeros(n_a) if c0 is None else np.asarray(c0, dtype=np.float64)
        self.inputs = list(inputs)
        self.a_prev, self.c_prev, self.a, self.c, self.z, self.gates = [], [], [], [], [], []
        for i in self.inputs:
            self.a_prev.append(a)
            self.c_prev.append(c)
            pre = W["Waa"] @ a + W["ba"][:, 0] + (W["Wax"][:, i] if i >= 0 else 0.0)
            if self.cell == "lstm":
                gi, gf, gg, go = np.split(pre, 4)
                gi, gf, gg, go = sigmoid(gi), sigmoid(gf), np.tanh(gg), sigmoid(go)
                c = gf * c + gi * gg
                a = go * np.tanh(c)
                self.gates.append((gi, gf, gg, go))
            else:
                assert self.cell == "rnn"
                a = np.maximum(pre, 0.0) if self.relu else np.tanh(pre)
            self.z.append(pre)
            self.a.append(a)
            self.c.append(c)

    def backward(self, da_out, end_a=None, end_c=None):
        """‖da<t>‖ for t = 1 … T (da<t> = da_out<t> + what arrives from step t+1), and the
        gradient reaching a<0> (and c<0>)."""
        T, n_a = len(self.a), len(self.a[0])
        d_next = np.zeros(n_a) if end_a is None else np.asarray(end_a, dtype=np.float64)
        dc_next = np.zeros(n_a) if end_c is None else np.asarray(end_c, dtype=np.float64)
        self.da = [None] * T
        for t in reversed(range(T)):
            da = da_out[t] + d_next
            self.da[t] = da
            if self.cell == "lstm":
                gi, gf, gg, go = self.gates[t]
                tc = np.tanh(self.c[t])
                dc = dc_next + da * go * (1 - tc**2)
                d_pre = np.concatenate(
                    [
                        dc * gg * gi * (1 - gi),
                        dc * self.c_prev[t] * gf * (1 - gf),
                        dc * gi * (1 - gg**2),
                        da * tc * go * (1 - go),
                    ]
                )
                dc_next = dc * gf
            else:
                g_prime = (self.a[t] > 0).astype(float) if self.relu else 1 - self.a[t] ** 2
                d_pre = da * g_prime
            d_next = self.W["Waa"].T @ d_pre
        self.da_norm = [float(np.linalg.norm(v)) for v in self.da]
        return d_next, dc_next


class ClassifierReference:
    """A one-layer, left-to-right classifier: ŷ = σ(Wya a<T_x> + by), L = BCE(ŷ, y), and BPTT
    from that one loss."""

    def __init__(self, params, vocab, tokens, y=None):
        self.index = [vocab.index(token) for token in tokens]
        self.chain = Chain(params, "", self.index)
        Wya, by = np.asarray(params["Wya"], dtype=np.float64), np.asarray(params["by"], dtype=np.float64)
        self.logit = float((Wya @ self.chain.a[-1] + by[:, 0])[0])
        self.y_hat = float(sigmoid(self.logit))
        if y is None:
            return
        self.loss = float(-(y * np.log(self.y_hat) + (1 - y) * np.log(1 - self.y_hat)))
        self.dlogit = self.y_hat - y
        T = len(tokens)
        da_out = [np.zeros(Wya.shape[1])] * (T - 1) + [Wya[0] * self.dlogit]
        self.chain.backward(da_out)
        self.da_norm = self.chain.da_norm


class Seq2SeqReference:
    """A one-layer, left-to-right encoder-decoder: the encoder from a<0> = 0; the decoder from
    the encoder's final states, x<1> = 0, then the targets (teacher forcing) or its own argmax
    (greedy, until <END> = 0 or 2 T_x + 10 steps); ŷ<t> = softmax(Wya a<t> + by),
    L<t> = −log ŷ<t>[y<t>]; BPTT through the decoder, the hand-off and the encoder."""

    def __init__(self, params, vocab, tokens, targets=None):
        self.index = [vocab.index(token) for token in tokens]
        self.encoder = Chain(params, "encoder.", self.index)
        a0, c0 = self.encoder.a[-1], self.encoder.c[-1]
        Wya, by = (np.asarray(params[f"decoder.{k}"], dtype=np.float64) for k in ("Wya", "by"))

        def probs(a):
            z = Wya @ a + by[:, 0]
            e = np.exp(z - z.max())
            return e / e.sum()

        if targets is not None:
            fed = [-1, *targets[:-1]]
            self.decoder = Chain(params, "decoder.", fed, a0, c0)
        else:
            fed = [-1]
            while True:
                self.decoder = Chain(params, "decoder.", fed, a0, c0)
                emitted = int(np.argmax(probs(self.decoder.a[-1])))
                if emitted == 0 or len(fed) == 2 * len(tokens) + 10:
                    break
                fed.append(emitted)
        self.probs = [probs(a) for a in self.decoder.a]
        self.emitted = [int(np.argmax(p)) for p in self.probs]
        if targets is None:
            return
        self.loss = [float(-np.log(p[y])) for p, y in zip(self.probs, targets)]
        self.cum_loss = list(np.cumsum(self.loss))
        errors = [p - np.eye(len(p))[y] for p, y in zip(self.probs, targets)]
        self.error = [float(e[y]) for e, y in zip(errors, targets)]
        handed_a, handed_c = self.decoder.backward([Wya.T @ e for e in errors])
        self.encoder.backward([np.zeros_like(a0)] * len(tokens), handed_a, handed_c)
        self.da_norm = self.encoder.da_norm + self.decoder.da_norm  # the encoder's steps, then the decoder's
