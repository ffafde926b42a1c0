"""The language model: ŷ<t> is the distribution of token t+1 given tokens 1 … t.

A sequence w<1> … w<T> (a line of characters, the end token last) is read with the course's
conventions ("Dinosaurus Island"):

    a<0> = 0,   x<1> = 0 (the zero vector),   x<t+1> = one-hot(w<t>)
    ŷ<t> = softmax(Wya a<t> + by)             over the n_y tokens
    y<t> = w<t>                               the target of step t is the token after x<t>
    L<t> = -log ŷ<t>[y<t>]                    computed from the logits (stable for any logit)
    L = Σ_t L<t>,   bits per character = L / (T ln 2)   (the end token counts as a character)

So it is the tagger's network (an output at every step, the cell's BPTT below it) with a
softmax head, fed its own targets shifted by one step: an `Example` of this shape has the
inputs [ZERO_INPUT, w<1> … w<T-1>] as `indices` and the targets [w<1> … w<T>] as `labels`
(`example_of` builds it). Backward, every step's ŷ<t> - one-hot(y<t>) comes down through Wya
and is back-propagated through time by the cell; x<1> = 0 adds nothing to the input weight's
gradient. A language model reads left to right: a bidirectional one is refused
(`ModelSpec.problem`), as a←<t> would see the token it is asked to predict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import stack
from ..loss import xent_from_logits
from ..spec import ModelSpec
from ..stack import ZERO_INPUT
from ..trace import BackTrace, Model, Trace
from .base import Arrays, Example, Shape
from .tagger import Tagger

LN2 = math.log(2.0)


def inputs_of(sequence: Sequence[int] | np.ndarray) -> np.ndarray:
    """x<1 … T> of a sequence w<1 … T> as indices: [ZERO_INPUT, w<1> … w<T-1>]."""
    sequence = np.asarray(sequence, dtype=np.int64)
    return np.concatenate([[ZERO_INPUT], sequence[:-1]]).astype(np.int64)


def example_of(sequence: Sequence[int] | np.ndarray, where: str = "", tokens: tuple[str, ...] = ()) -> Example:
    """The training example of a sequence w<1 … T> (its last token the end token)."""
    sequence = np.asarray(sequence, dtype=np.int64)
    return Example(inputs_of(sequence), sequence, where, tokens)


def bits(nats: float) -> float:
    return nats / LN2


@dataclass(frozen=True)
class Evaluation:
    """A language model on held-out sequences: the end token of each counts as a character."""

    sentences: int  # sequences (lines)
    chars: int  # predicted tokens: every character and each line's end token
    loss: float  # mean sequence loss Σ_t L<t> (nats)
    char_loss: float  # mean L<t> over all predicted tokens (nats)
    bpc: float  # bits per character: char_loss / ln 2

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class LanguageModel(Shape):
    name = "lm"

    def __init__(self) -> None:
        self.steps = Tagger()  # the network with an output at every step, and its BPTT

    def trace(
        self,
        params: Model,
        tokens: Sequence[str],
        indices: np.ndarray,
        labels: Sequence[int] | None,
        unknown: Sequence[bool],
        a0: np.ndarray | None = None,
    ) -> Trace:
        """The forward pass: `indices` are the inputs (ZERO_INPUT first), `labels` the targets."""
        return self.steps.trace(params, tokens, indices, labels, unknown, a0)

    def backward(self, trace: Trace) -> BackTrace:
        return self.steps.backward(trace)

    def loss(self, spec: ModelSpec, W: Arrays, example: Example) -> float:
        return self.steps.loss(spec, W, example)

    def loss_and_grads(self, spec: ModelSpec, W: Arrays, example: Example) -> tuple[float, dict[str, stack.Grad]]:
        return self.steps.loss_and_grads(spec, W, example)

    def example_problem(self, example: Example) -> str | None:
        x, y = example.indices, example.labels
        if y.shape != x.shape or y.dtype.kind not in "iu":
            return f"{example.where}: a language model needs one target token index per step"
        if x[0] != ZERO_INPUT or not np.array_equal(x[1:], y[:-1]):
            return f"{example.where}: a language model's inputs are its targets shifted by one step, x<1> = 0"
        return None

    def evaluate(self, spec: ModelSpec, W: Arrays, examples: Sequence[Example]) -> Evaluation:
        """Loss and bits per character on `examples`."""
        total = 0.0
        chars = 0
        for ex in examples:
            _, logits = self.steps.forward(spec, W, ex.indices)
            total += float(np.sum(xent_from_logits(logits, ex.labels)))
            chars += ex.T
        return Evaluation(
            sentences=len(examples),
            chars=chars,
            loss=total / max(len(examples), 1),
            char_loss=total / max(chars, 1),
            bpc=bits(total / max(chars, 1)),
        )
