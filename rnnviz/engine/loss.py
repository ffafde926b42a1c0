"""The per-word loss, computed from the logit so that saturated outputs stay finite.

The seed writes L<t> = -y log y - (1-y) log(1-y), which is zero for every label: the logs
must take the prediction ŷ. The correct binary cross-entropy is

    L<t>(ŷ<t>, y<t>) = -y<t> log ŷ<t> - (1 - y<t>) log(1 - ŷ<t>),   ŷ<t> = σ(l<t>)

and with ŷ = σ(l) it equals max(l, 0) - l·y + log(1 + e^-|l|), which never takes the log
of 0 (logits of ±1000 give finite losses with no NumPy warning). The sentence loss is
L = Σ_t L<t>. Its gradient with respect to the logit is the familiar ŷ - y.
"""

from __future__ import annotations

import numpy as np

from .activations import sigmoid, softmax


def bce_from_logit(logit: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
    """Binary cross-entropy of σ(logit) against y ∈ {0, 1}, elementwise."""
    logit = np.asarray(logit, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return np.maximum(logit, 0.0) - logit * y + np.log1p(np.exp(-np.abs(logit)))


def xent_from_logits(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Softmax cross-entropy: logits (T, n_y), y (T,) class indices -> (T,) losses."""
    logits = np.asarray(logits, dtype=np.float64)
    top = np.max(logits, axis=1, keepdims=True)
    log_z = top[:, 0] + np.log(np.sum(np.exp(logits - top), axis=1))
    return log_z - logits[np.arange(len(y)), np.asarray(y, dtype=np.int64)]


def word_losses(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    """L<t> for every word: logits (T, n_y), labels y (T,) -> (T,)."""
    if logits.shape[1] == 1:
        return bce_from_logit(logits[:, 0], y)
    return xent_from_logits(logits, y)


def dlogits(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    """dL/dlogit for every word, (T, n_y): ŷ - y (one-hot y for softmax)."""
    if logits.shape[1] == 1:
        return sigmoid(logits) - np.asarray(y, dtype=np.float64)[:, None]
    d = softmax(logits, axis=1)
    d[np.arange(len(y)), np.asarray(y, dtype=np.int64)] -= 1.0
    return d
