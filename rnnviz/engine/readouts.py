"""Readouts of a softmax head for display, computed here so that no UI does arithmetic: the
tokens by decreasing probability, the probability and rank of each step's target, the
log-partition log Σ_c e^{z_y[c]} (L<t> = log Σ_c e^{z_y<t>[c]} - z_y<t>[y<t>]) and the size of
the output error ŷ<t> - onehot(y<t>).

Per-trace readouts are computed once per trace and kept with it (a trace is frozen).
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np

from .trace import Trace


def ranking(probs: np.ndarray) -> tuple[int, ...]:
    """The token indices by decreasing probability (the lower index first on a tie)."""
    return tuple(int(i) for i in np.argsort(-np.asarray(probs), kind="stable"))


@dataclass(frozen=True)
class Targets:
    """Per step t = 1 … T (tuples): what the model gave the target y<t>."""

    p: tuple[float, ...]  # ŷ<t>[y<t>] (a binary head: ŷ<t> when y<t> = 1, 1 - ŷ<t> when 0)
    rank: tuple[int, ...]  # 1 when y<t> was the most probable token
    log_partition: tuple[float, ...]  # log Σ_c e^{z_y<t>[c]}, so L<t> = it - z_y<t>[y<t>]
    error_norm: tuple[float, ...]  # ‖ŷ<t> - onehot(y<t>)‖, the output error's size


_TARGETS: WeakKeyDictionary[Trace, Targets] = WeakKeyDictionary()


def targets(trace: Trace) -> Targets:
    """The readouts of a labeled trace with an output at every step (tagger, language model)."""
    found = _TARGETS.get(trace)
    if found is None:
        found = _TARGETS[trace] = _targets(trace)
    return found


def _targets(trace: Trace) -> Targets:
    if trace.labels is None:
        raise ValueError("the target's readouts need labels")
    probs, logits = trace.probs, trace.logits
    y = np.asarray(trace.labels, dtype=np.int64)
    rows = np.arange(len(y))
    if probs.shape[1] == 1:  # a binary head: P(y) = ŷ or 1 - ŷ; ranks among {0, 1}
        p = np.where(y == 1, probs[:, 0], 1.0 - probs[:, 0])
        rank = np.where(p >= 0.5, 1, 2)
        shifted = np.maximum(logits[:, 0], 0.0)
        log_z = shifted + np.log(np.exp(-shifted) + np.exp(logits[:, 0] - shifted))  # log(1 + e^l)
        error = np.abs(probs[:, 0] - y)
    else:
        p = probs[rows, y]
        rank = 1 + np.sum(probs > p[:, None], axis=1)
        top = logits.max(axis=1)
        log_z = top + np.log(np.sum(np.exp(logits - top[:, None]), axis=1))
        onehot = np.zeros_like(probs)
        onehot[rows, y] = 1.0
        error = np.linalg.norm(probs - onehot, axis=1)
    return Targets(
        p=tuple(p.tolist()),
        rank=tuple(int(r) for r in rank),
        log_partition=tuple(log_z.tolist()),
        error_norm=tuple(error.tolist()),
    )
