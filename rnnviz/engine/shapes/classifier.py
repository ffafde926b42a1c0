"""The classifier: many-to-one. The network reads the whole sentence; one ŷ comes at the end.

    a<t> = g(Waa a<t-1> + Wax x<t> + ba)          t = 1 … T_x, no output on the way
    ŷ = σ(Wya a<T_x> + by)                        (softmax for n_y > 1)
    ŷ = σ(Wya [a→<T_x>; a←<1>] + by)              bidirectional: each chain's state after
                                                  reading the whole sentence (a←<1> is the
                                                  right-to-left chain's last step, at word 1)
    L = L(ŷ, y)                                   one binary cross-entropy, no loss at t < T_x

Backward, the whole gradient enters at one place: da_out<T_x> = Wyaᵀ (ŷ - y) (and, for the
right-to-left chain, at t = 1, its last step), and it reaches the earlier words only through
Waa, step by step, which is where a vanishing gradient shows plainest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import stack
from ..activations import output
from ..cells import get_cell
from ..loss import dlogits, word_losses
from ..spec import ModelSpec
from ..trace import BackTrace, Model, Step, Trace, frozen
from .base import Arrays, Example, Shape, frozen_net, initial_state, silent_steps
from .tagger import head, head_backward


def readout(spec: ModelSpec, top: np.ndarray) -> np.ndarray:
    """What the head reads, (1, D·n_a): a→<T_x>, and a←<1> next to it when bidirectional."""
    h = top[-1].copy()
    if spec.directions == 2:
        n_a = top.shape[1] // 2
        h[n_a:] = top[0, n_a:]
    return h[None, :]


def readout_backward(spec: ModelSpec, top: np.ndarray, dh: np.ndarray) -> np.ndarray:
    """The gradient reaching every row of `top` from the readout's, (T, D·n_a): zero but at
    t = T_x (and t = 1 for the right-to-left half)."""
    d_top = np.zeros_like(top)
    d_top[-1] = dh[0]
    if spec.directions == 2:
        n_a = top.shape[1] // 2
        d_top[-1, n_a:] = 0.0
        d_top[0, n_a:] += dh[0, n_a:]
    return d_top


@dataclass(frozen=True)
class Evaluation:
    """Scores of a classifier on labeled sentences; ŷ > 0.5 predicts positive (the most
    probable class for a softmax head)."""

    sentences: int
    loss: float  # mean sentence loss
    accuracy: float  # share of sentences whose prediction equals the label
    correct: int
    positives: int  # sentences labeled 1
    predicted_positive: int

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def predicted(logits: np.ndarray) -> int:
    """The predicted class of one logit row: ŷ > 0.5 for one unit, the argmax otherwise."""
    return int(logits[0] > 0.0) if len(logits) == 1 else int(np.argmax(logits))


class Classifier(Shape):
    name = "classifier"

    def forward(self, spec: ModelSpec, W: Arrays, indices: np.ndarray, a0: np.ndarray | None = None):
        cell = get_cell(spec.cell)
        net = stack.forward(cell, spec, W, indices, initial_state(cell, a0))
        return net, head(spec, W, readout(spec, net.top))

    def labels_problem(self, T: int, labels: Sequence[int]) -> str | None:
        return None if len(labels) == 1 else f"a classifier has one label for the whole sentence, not {len(labels)}"

    def random_labels(self, rng: np.random.Generator, T: int, n_y: int) -> np.ndarray:
        return rng.integers(0, 2 if n_y == 1 else n_y, 1)

    def trace(
        self,
        params: Model,
        tokens: Sequence[str],
        indices: np.ndarray,
        labels: Sequence[int] | None,
        unknown: Sequence[bool],
        a0: np.ndarray | None = None,
    ) -> Trace:
        net, logits = self.forward(params.spec, params.tensors, indices, a0)
        losses = None if labels is None else frozen(word_losses(logits, np.array(labels)))
        probs = frozen(output(logits, axis=1))
        trace = Trace(
            params=params,
            tokens=tuple(tokens),
            indices=frozen(np.array(indices, dtype=np.int64)),
            unknown=tuple(bool(u) for u in unknown),
            labels=None if labels is None else tuple(int(y) for y in labels),
            net=frozen_net(net),
            logits=frozen(logits),
            probs=probs,
            losses=losses,
            quantities=get_cell(params.spec.cell).quantities,
            backprop=self.backward,
        )
        T = len(tokens)
        loss = None if losses is None else float(losses[0])
        last = Step(
            trace=trace,
            t=T,
            token=trace.tokens[-1],
            index=int(trace.indices[-1]),
            unknown=trace.unknown[-1],
            logits=logits[0],
            probs=probs[0],
            y=None if trace.labels is None else trace.labels[0],
            loss=loss,
            cum_loss=loss,
        )
        steps = (*silent_steps(trace, T - 1), last)
        object.__setattr__(trace, "steps", steps)
        return trace

    def _backprop(self, spec: ModelSpec, W: Arrays, net: stack.StackForward, logits: np.ndarray, labels: np.ndarray):
        d_logits = dlogits(logits, labels)
        dh, head_grads = head_backward(W, readout(spec, net.top), d_logits)
        back = stack.backward(get_cell(spec.cell), spec, W, net, readout_backward(spec, net.top, dh))
        return d_logits, back, {**back.grads, **head_grads}

    def backward(self, trace: Trace) -> BackTrace:
        assert trace.labels is not None
        d_logits, back, grads = self._backprop(
            trace.spec, trace.params.tensors, trace.net, trace.logits, np.array(trace.labels)
        )
        dstate0 = {(l, d): c.dstate0 for l, per in enumerate(back.cells) for d, c in enumerate(per)}
        return BackTrace(trace=trace, dlogits=d_logits, net=back, grads=grads, dstate0=dstate0)

    # -- training ---------------------------------------------------------------------------

    def example_problem(self, example: Example) -> str | None:
        if example.labels.shape != (1,):
            return f"{example.where}: a classifier needs one label for the sentence, not {example.labels.shape}"
        return None

    def loss(self, spec: ModelSpec, W: Arrays, example: Example) -> float:
        _, logits = self.forward(spec, W, example.indices)
        return float(word_losses(logits, example.labels)[0])

    def loss_and_grads(self, spec: ModelSpec, W: Arrays, example: Example) -> tuple[float, dict[str, stack.Grad]]:
        net, logits = self.forward(spec, W, example.indices)
        _, _, grads = self._backprop(spec, W, net, logits, example.labels)
        return float(word_losses(logits, example.labels)[0]), grads

    def evaluate(self, spec: ModelSpec, W: Arrays, examples: Sequence[Example]) -> Evaluation:
        """Mean loss and accuracy on `examples`."""
        total = 0.0
        correct = positives = predicted_positive = 0
        for ex in examples:
            _, logits = self.forward(spec, W, ex.indices)
            total += float(word_losses(logits, ex.labels)[0])
            guess, truth = predicted(logits[0]), int(ex.labels[0])
            correct += guess == truth
            positives += truth == 1
            predicted_positive += guess == 1
        n = max(len(examples), 1)
        return Evaluation(
            sentences=len(examples),
            loss=total / n,
            accuracy=correct / n,
            correct=correct,
            positives=positives,
            predicted_positive=predicted_positive,
        )
