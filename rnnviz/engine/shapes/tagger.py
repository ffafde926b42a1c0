"""The tagger: many-to-many with T_y = T_x, the seed's network. ŷ<t> at every word.

    ŷ<t> = σ(Wya a<t> + by)                      (softmax for n_y > 1)
    ŷ<t> = σ(Wya [a→<t>; a←<t>] + by)            bidirectional: both chains feed it
    L = Σ_t L<t>(ŷ<t>, y<t>)                     binary cross-entropy from the logit

Backward, the output error of every word, ŷ<t> - y<t>, comes down into the top layer as
da_out<t> = Wyaᵀ (ŷ<t> - y<t>) and is back-propagated through time by the cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import stack
from ..activations import output, sigmoid
from ..cells import get_cell
from ..loss import dlogits, word_losses
from ..scores import Counts, entity_counts
from ..spec import ModelSpec
from ..trace import BackTrace, Model, Step, Trace, frozen
from .base import Arrays, Example, Shape, frozen_net, initial_state


def head(spec: ModelSpec, W: Arrays, top: np.ndarray, prefix: str = "") -> np.ndarray:
    """The logits Wya a<t> + by of every row of `top`, (T, n_y)."""
    return top @ W[prefix + "Wya"].T + W[prefix + "by"][:, 0]


def head_backward(W: Arrays, top: np.ndarray, d_logits: np.ndarray, prefix: str = "") -> tuple[np.ndarray, dict]:
    """The gradient reaching `top` from the logits' gradient, and the head's gradients."""
    grads = {prefix + "Wya": d_logits.T @ top, prefix + "by": d_logits.sum(axis=0)[:, None]}
    return d_logits @ W[prefix + "Wya"], grads


@dataclass(frozen=True)
class Evaluation:
    """Scores of a tagger on labeled sentences; a word is predicted a name when ŷ > 0.5."""

    sentences: int
    words: int
    loss: float  # mean sentence loss (Σ_t L<t> averaged over sentences)
    word_loss: float  # mean L<t> over all words
    accuracy: float  # share of words whose prediction equals the label
    precision: float  # of the words predicted names, the share that are names (0 if none)
    recall: float  # of the name words, the share predicted names (0 if none)
    f1: float
    tp: int
    fp: int
    fn: int
    entity_precision: float = 0.0  # the same over names: maximal runs of name words (engine/scores.py)
    entity_recall: float = 0.0
    entity_f1: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def f1_score(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class Tagger(Shape):
    name = "tagger"

    def forward(self, spec: ModelSpec, W: Arrays, indices: np.ndarray, a0: np.ndarray | None = None):
        cell = get_cell(spec.cell)
        net = stack.forward(cell, spec, W, indices, initial_state(cell, a0))
        return net, head(spec, W, net.top)

    def trace(
        self,
        params: Model,
        tokens: Sequence[str],
        indices: np.ndarray,
        labels: Sequence[int] | None,
        unknown: Sequence[bool],
        a0: np.ndarray | None = None,
    ) -> Trace:
        spec = params.spec
        net, logits = self.forward(spec, params.tensors, indices, a0)
        frozen_net(net)
        probs = frozen(output(logits, axis=1))
        losses = None if labels is None else frozen(word_losses(logits, np.array(labels)))
        trace = Trace(
            params=params,
            tokens=tuple(tokens),
            indices=frozen(np.array(indices, dtype=np.int64)),
            unknown=tuple(bool(u) for u in unknown),
            labels=None if labels is None else tuple(int(y) for y in labels),
            net=net,
            logits=frozen(logits),
            probs=probs,
            losses=losses,
            quantities=get_cell(spec.cell).quantities,
            backprop=self.backward,
        )
        cum = None if losses is None else np.cumsum(losses)
        steps = tuple(
            Step(
                trace=trace,
                t=t + 1,
                token=trace.tokens[t],
                index=int(trace.indices[t]),
                unknown=trace.unknown[t],
                logits=logits[t],
                probs=probs[t],
                y=None if trace.labels is None else trace.labels[t],
                loss=None if losses is None else float(losses[t]),
                cum_loss=None if cum is None else float(cum[t]),
            )
            for t in range(len(tokens))
        )
        object.__setattr__(trace, "steps", steps)
        return trace

    def backward(self, trace: Trace) -> BackTrace:
        spec, W = trace.spec, trace.params.tensors
        assert trace.labels is not None
        d_logits = dlogits(trace.logits, np.array(trace.labels))
        d_top, head_grads = head_backward(W, trace.net.top, d_logits)
        back = stack.backward(get_cell(spec.cell), spec, W, trace.net, d_top)
        dstate0 = {(l, d): c.dstate0 for l, per in enumerate(back.cells) for d, c in enumerate(per)}
        return BackTrace(trace=trace, dlogits=d_logits, net=back, grads={**back.grads, **head_grads}, dstate0=dstate0)

    # -- training ---------------------------------------------------------------------------

    def example_problem(self, example: Example) -> str | None:
        if example.labels.shape != example.indices.shape:
            return (
                f"{example.where}: a tagger needs one label per word ({example.T} words, labels {example.labels.shape})"
            )
        return None

    def loss(self, spec: ModelSpec, W: Arrays, example: Example) -> float:
        _, logits = self.forward(spec, W, example.indices)
        return float(np.sum(word_losses(logits, example.labels)))

    def loss_and_grads(self, spec: ModelSpec, W: Arrays, example: Example) -> tuple[float, dict[str, stack.Grad]]:
        net, logits = self.forward(spec, W, example.indices)
        d_logits = dlogits(logits, example.labels)
        d_top, grads = head_backward(W, net.top, d_logits)
        back = stack.backward(get_cell(spec.cell), spec, W, net, d_top)
        return float(np.sum(word_losses(logits, example.labels))), {**back.grads, **grads}

    def evaluate(self, spec: ModelSpec, W: Arrays, examples: Sequence[Example]) -> Evaluation:
        """Loss, token accuracy and name precision / recall / F1 on `examples`."""
        total = 0.0
        words = tp = fp = fn = correct = 0
        entities = Counts()
        for ex in examples:
            _, logits = self.forward(spec, W, ex.indices)
            total += float(np.sum(word_losses(logits, ex.labels)))
            predicted = sigmoid(logits[:, 0]) > 0.5
            truth = ex.labels > 0.5
            tp += int(np.sum(predicted & truth))
            fp += int(np.sum(predicted & ~truth))
            fn += int(np.sum(~predicted & truth))
            correct += int(np.sum(predicted == truth))
            entities += Counts(*entity_counts(predicted, truth))
            words += ex.T
        n = max(len(examples), 1)
        precision, recall, f1 = f1_score(tp, fp, fn)
        return Evaluation(
            sentences=len(examples),
            words=words,
            loss=total / n,
            word_loss=total / max(words, 1),
            accuracy=correct / max(words, 1),
            precision=precision,
            recall=recall,
            f1=f1,
            tp=tp,
            fp=fp,
            fn=fn,
            entity_precision=entities.precision,
            entity_recall=entities.recall,
            entity_f1=entities.f1,
        )
