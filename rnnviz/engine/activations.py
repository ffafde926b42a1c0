"""Activations and their derivatives, written so that no input makes NumPy warn.

The derivative of each hidden activation is taken from its *output* a = g(z), as the
backward pass has a at hand: tanh'(z) = 1 - a**2, relu'(z) = [a > 0].
"""

from __future__ import annotations

import numpy as np

from .spec import ACTIVATIONS as HIDDEN


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^-z), exact in both tails (no overflow for z = ±1000)."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z: np.ndarray, axis: int = 0) -> np.ndarray:
    """Softmax over `axis` (the class axis: 0 for column vectors), shifted for stability."""
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def hidden(name: str):
    """The hidden activation g named `name` ('tanh' or 'relu')."""
    if name == "tanh":
        return np.tanh
    if name == "relu":
        return relu
    raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(HIDDEN)}")


def hidden_grad(name: str, a: np.ndarray) -> np.ndarray:
    """g'(z) written in terms of the output a = g(z): 1 - a² for tanh, the 0/1 mask for ReLU."""
    if name == "tanh":
        return 1.0 - a**2
    if name == "relu":
        return (a > 0).astype(a.dtype)
    raise ValueError(f"unknown activation {name!r}; expected one of {', '.join(HIDDEN)}")


def output(z: np.ndarray, axis: int = 0) -> np.ndarray:
    """The output activation: sigmoid for one output unit (binary tagging), softmax for more."""
    return sigmoid(z) if z.shape[axis] == 1 else softmax(z, axis=axis)
