"""Entity-level scores: a name is a maximal run of consecutive name words (y = 1).

conlleval counts entities from B-/I- tags; with one entity type and only 0/1 labels, an
entity is a maximal run of 1s, and a predicted entity is correct only when a true entity
has exactly its start and end. So "Harry Potter" predicted as "Harry" alone is one false
positive (the run "Harry") and one false negative (the run "Harry Potter"), never partly
right. Pure NumPy, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ENTITY_SCORES = ("entity_precision", "entity_recall", "entity_f1")  # Evaluation's fields, in a history entry


def runs(flags: np.ndarray) -> set[tuple[int, int]]:
    """The maximal runs of True in a 1-D array, as [start, end) pairs."""
    x = np.asarray(flags, dtype=bool).astype(np.int8)
    edges = np.diff(np.concatenate(([0], x, [0])))
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)
    return set(zip(starts.tolist(), ends.tolist()))


def entity_counts(predicted: np.ndarray, truth: np.ndarray) -> tuple[int, int, int]:
    """(tp, fp, fn) over entities of one sentence: tp predicted runs that are exactly true
    runs, fp the other predicted runs, fn the true runs not predicted exactly."""
    if np.shape(predicted) != np.shape(truth):
        raise ValueError(f"predicted has shape {np.shape(predicted)}, truth {np.shape(truth)}")
    guessed, real = runs(predicted), runs(truth)
    tp = len(guessed & real)
    return tp, len(guessed) - tp, len(real) - tp


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with their precision, recall, F1
    (each 0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
