"""A bag-of-words logistic regression: the classifier's baseline, on the same split.

The sentence becomes the set of its words (x_w = 1 when word w occurs, whatever the order),
and p(positive) = σ(w · x + b). It is fitted on the training sentences by Newton's method on

    Σ_i BCE(σ(w · x_i + b), y_i) + ½ λ ‖w‖²        λ = 1 (scikit-learn's default C = 1)

over the words the training data uses (a word it never saw has no weight). Each Newton step
solves H d = g by conjugate gradients with the sparse products X v and Xᵀ u (a sentence has
a handful of the thousands of words): 20,000 sentences take about a second. Order is what it
cannot see: "not good, bad" and "not bad, good" are the same bag. Pure NumPy, deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engine.activations import sigmoid
from ..engine.shapes import Example


@dataclass(frozen=True)
class Bags:
    """Sentences as sets of columns: entry j is (row[j], col[j]); the bias is column k."""

    row: np.ndarray
    col: np.ndarray
    n: int  # sentences
    k: int  # words with a weight

    def times(self, v: np.ndarray) -> np.ndarray:
        """X v, (n,): each sentence's sum of its words' entries, plus the bias entry."""
        return np.bincount(self.row, weights=v[self.col], minlength=self.n) + v[self.k]

    def transposed_times(self, u: np.ndarray) -> np.ndarray:
        """Xᵀ u, (k + 1,)."""
        return np.append(np.bincount(self.col, weights=u[self.row], minlength=self.k), u.sum())


@dataclass(frozen=True)
class BagOfWords:
    words: np.ndarray  # (k,) the vocabulary indices with a weight
    w: np.ndarray  # (k,)
    b: float

    def bags(self, examples: Sequence[Example]) -> Bags:
        column = {int(word): j for j, word in enumerate(self.words)}
        pairs = sorted(
            {(i, column[index]) for i, ex in enumerate(examples) for index in ex.indices.tolist() if index in column}
        )
        row, col = (np.array(side, dtype=np.int64) for side in zip(*pairs)) if pairs else (np.zeros(0, int),) * 2
        return Bags(row, col, len(examples), len(self.words))

    def features(self, examples: Sequence[Example]) -> np.ndarray:
        """The dense 0/1 matrix (n, k), for small checks."""
        bags = self.bags(examples)
        X = np.zeros((bags.n, bags.k))
        X[bags.row, bags.col] = 1.0
        return X

    def predict(self, examples: Sequence[Example]) -> np.ndarray:
        """p(positive) of every example."""
        return sigmoid(self.bags(examples).times(np.append(self.w, self.b)))

    def accuracy(self, examples: Sequence[Example]) -> float:
        truth = np.array([ex.labels[0] for ex in examples]) > 0.5
        return float(np.mean((self.predict(examples) > 0.5) == truth)) if examples else 0.0


def fit(examples: Sequence[Example], l2: float = 1.0, iterations: int = 30, skip: int | None = None) -> BagOfWords:
    """The L2-regularized logistic regression of the examples' bags of words (`skip`: an
    index that gets no weight, such as <UNK>)."""
    words = np.unique(np.concatenate([ex.indices for ex in examples]))
    if skip is not None:
        words = words[words != skip]
    bags = BagOfWords(words, np.zeros(len(words)), 0.0).bags(examples)
    y = np.array([float(ex.labels[0]) for ex in examples])
    penalty = np.append(np.full(len(words), l2), 0.0)  # the bias is not shrunk
    theta = np.zeros(len(words) + 1)

    def objective(theta: np.ndarray) -> float:
        z = bags.times(theta)
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * theta**2))

    current = objective(theta)
    for _ in range(iterations):
        p = sigmoid(bags.times(theta))
        gradient = bags.transposed_times(p - y) + penalty * theta
        weight = p * (1 - p)

        def hessian_times(v: np.ndarray, weight: np.ndarray = weight) -> np.ndarray:
            return bags.transposed_times(weight * bags.times(v)) + (penalty + 1e-9) * v

        step = conjugate_gradients(hessian_times, gradient)
        scale = 1.0
        while scale > 1e-6:  # a Newton step that does not lower the objective is halved
            trial = objective(theta - scale * step)
            if trial <= current:
                break
            scale /= 2
        theta = theta - scale * step
        current = objective(theta)
        if np.max(np.abs(scale * step)) < 1e-10:
            break
    return BagOfWords(words, theta[:-1], float(theta[-1]))


def conjugate_gradients(A, b: np.ndarray, tolerance: float = 1e-12, most: int = 500) -> np.ndarray:
    """x with A x = b for a symmetric positive definite A given as a function."""
    x = np.zeros_like(b)
    r = b.copy()
    d = r.copy()
    rr = float(r @ r)
    for _ in range(most):
        if rr <= tolerance * tolerance * max(float(b @ b), 1e-300):
            break
        Ad = A(d)
        alpha = rr / float(d @ Ad)
        x += alpha * d
        r -= alpha * Ad
        new = float(r @ r)
        d = r + (new / rr) * d
        rr = new
    return x
