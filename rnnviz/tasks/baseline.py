"""A bag-of-words logistic regression: the classifier's baseline, on the same split.

The sentence becomes the set of its words (x_w = 1 when word w occurs, whatever the order),
and p(positive) = σ(w · x + b). It is fitted on the training sentences by Newton's method on

    Σ_i BCE(σ(w · x_i + b), y_i) + ½ λ ‖w‖²        λ = 1 (scikit-learn's default C = 1)

over the words the training data uses (a word it never saw has no weight). Order is what it
cannot see: "not good, bad" and "not bad, good" are the same bag. Pure NumPy, deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..engine.activations import sigmoid
from ..engine.shapes import Example


@dataclass(frozen=True)
class BagOfWords:
    words: np.ndarray  # (k,) the vocabulary indices with a weight
    w: np.ndarray  # (k,)
    b: float

    def features(self, examples: Sequence[Example]) -> np.ndarray:
        column = {int(word): j for j, word in enumerate(self.words)}
        X = np.zeros((len(examples), len(self.words)))
        for i, ex in enumerate(examples):
            for index in ex.indices.tolist():
                if index in column:
                    X[i, column[index]] = 1.0
        return X

    def predict(self, examples: Sequence[Example]) -> np.ndarray:
        """p(positive) of every example."""
        return sigmoid(self.features(examples) @ self.w + self.b)

    def accuracy(self, examples: Sequence[Example]) -> float:
        truth = np.array([ex.labels[0] for ex in examples]) > 0.5
        return float(np.mean((self.predict(examples) > 0.5) == truth)) if examples else 0.0


def fit(examples: Sequence[Example], l2: float = 1.0, iterations: int = 50, skip: int | None = None) -> BagOfWords:
    """The L2-regularized logistic regression of the examples' bags of words (`skip`: an
    index that gets no weight, such as <UNK>)."""
    words = np.unique(np.concatenate([ex.indices for ex in examples]))
    if skip is not None:
        words = words[words != skip]
    model = BagOfWords(words, np.zeros(len(words)), 0.0)
    X = np.hstack([model.features(examples), np.ones((len(examples), 1))])  # the bias as a last column
    y = np.array([float(ex.labels[0]) for ex in examples])
    penalty = np.full(X.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not shrunk
    theta = np.zeros(X.shape[1])
    for _ in range(iterations):
        p = sigmoid(X @ theta)
        gradient = X.T @ (p - y) + penalty * theta
        hessian = (X.T * (p * (1 - p))) @ X + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return BagOfWords(words, theta[:-1], float(theta[-1]))
