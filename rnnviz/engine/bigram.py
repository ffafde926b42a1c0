"""A character bigram model: the baseline a language model must beat.

It predicts y<t> from x<t> alone, the one token before it (or the start of the line, where
x<1> = 0), with add-one (Laplace) smoothing over the n_y tokens:

    P(y | x) = (count(x, y) + 1) / (count(x) + n_y)

counted over the training sequences, the end token included as a target (so the model also
learns where lines end). It reads the same examples as the language model (inputs with
ZERO_INPUT at t = 1, targets), so both are scored on exactly the same predictions: bits per
character = Σ -log2 P(y<t> | x<t>) / the number of predicted tokens, end tokens included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .shapes import Example
from .stack import ZERO_INPUT


def _contexts(example: Example) -> np.ndarray:
    """Row of the count table for each step: 0 for the start (x<t> = 0), index + 1 otherwise."""
    return np.where(example.indices == ZERO_INPUT, 0, example.indices + 1)


@dataclass(frozen=True, eq=False)
class Bigram:
    counts: np.ndarray  # (n_x + 1, n_y): row 0 the start of a line, row i + 1 after token i
    alpha: float = 1.0  # added to every count (1: Laplace)

    @classmethod
    def fit(cls, examples: Sequence[Example], n_x: int, n_y: int, alpha: float = 1.0) -> Bigram:
        counts = np.zeros((n_x + 1, n_y))
        for ex in examples:
            np.add.at(counts, (_contexts(ex), np.asarray(ex.labels, dtype=np.int64)), 1.0)
        return cls(counts, alpha)

    def log2_probs(self) -> np.ndarray:
        """log2 P(y | x) for every context row and target."""
        smoothed = self.counts + self.alpha
        return np.log2(smoothed / smoothed.sum(axis=1, keepdims=True))

    def bits(self, examples: Sequence[Example]) -> tuple[float, int]:
        """(Σ -log2 P(y<t> | x<t>) over every step of `examples`, the number of steps)."""
        table = self.log2_probs()
        total, steps = 0.0, 0
        for ex in examples:
            total -= float(table[_contexts(ex), np.asarray(ex.labels, dtype=np.int64)].sum())
            steps += ex.T
        return total, steps

    def bpc(self, examples: Sequence[Example]) -> float:
        total, steps = self.bits(examples)
        return total / max(steps, 1)
