"""The character language model on one sequence, written out in a few lines of NumPy with dense
one-hot vectors (x<1> = 0, x<t+1> = onehot(w<t>), a = tanh(Waa a + Wax x + ba),
ŷ = softmax(Wya a + by), L = −log ŷ[y]), so the debugger's numbers are checked against
something it does not call."""

from __future__ import annotations

import numpy as np


class LmReference:
    def __init__(self, params, words, tokens):
        """`tokens`: w<1 … T> as characters (the end token "\\n" last when the line ends)."""
        Waa, Wax, Wya, ba, by = (np.asarray(params[k], dtype=np.float64) for k in ("Waa", "Wax", "Wya", "ba", "by"))
        self.words = list(words)
        self.y = [self.words.index(c) for c in tokens]
        V = len(self.words)
        a = np.zeros(Waa.shape[0])
        self.z, self.a, self.logits, self.probs, self.loss = [], [], [], [], []
        for t, y in enumerate(self.y):
            x = np.zeros(V)
            if t:
                x[self.y[t - 1]] = 1.0
            z = Waa @ a + Wax @ x + ba[:, 0]
            a = np.tanh(z)
            logits = Wya @ a + by[:, 0]
            e = np.exp(logits - logits.max())
            probs = e / e.sum()
            self.z.append(z)
            self.a.append(a)
            self.logits.append(logits)
            self.probs.append(probs)
            self.loss.append(-np.log(probs[y]))

    def p(self, t: int) -> float:
        """ŷ<t>[y<t>]."""
        return float(self.probs[t - 1][self.y[t - 1]])

    def rank(self, t: int) -> int:
        probs = self.probs[t - 1]
        return 1 + int(np.sum(probs > probs[self.y[t - 1]]))

    def top(self, t: int, k: int = 5) -> list[int]:
        probs = self.probs[t - 1]
        return sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:k]

    def tempered(self, t: int, temperature: float) -> np.ndarray:
        z = self.logits[t - 1] / temperature
        e = np.exp(z - z.max())
        return e / e.sum()

    def log_partition(self, t: int) -> float:
        return float(np.log(np.sum(np.exp(self.logits[t - 1]))))
