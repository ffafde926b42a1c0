"""The encoder-decoder: many-to-many with T_x ≠ T_y. Two networks with their own weights.

    encoder   a<t> = g(Waa a<t-1> + Wax x<t> + ba)          t = 1 … T_x, a<0> = 0, no output
    hand-off  the decoder's a<0> = the encoder's a<T_x>       per layer (every state of the
                                                              cell: an LSTM's c too)
    decoder   a<t> = g(Waa a<t-1> + Wax x<t> + ba)          t = 1 … T_y, its own tensors
              ŷ<t> = softmax(Wya a<t> + by)                  over the output vocabulary
              x<1> = 0,  x<t+1> = one-hot(y<t>)              teacher forcing: the true output
                                                              (training, a labeled trace)
              x<t+1> = one-hot(argmax ŷ<t>)                  greedy decoding otherwise
    L = Σ_t L<t>,  L<t> = -log ŷ<t>[y<t>]                    softmax cross-entropy

Decoding ends when the end token is emitted (output index END = 0, the first token of the
output vocabulary; y<T_y> is always it) or after `cap(T_x)` = 2 T_x + 10 steps. There is no
attention: the whole input reaches the decoder through the hand-off alone.

A bidirectional encoder hands over both chains: the decoder runs left to right only, with
2 n_a units per layer, and starts from [a→<T_x>; a←<1>] of the encoder's layer (each chain's
state after reading the whole input). Deeper stacks hand layer l to layer l.

Tensor names carry the network: encoder.Waa, encoder.Wax, encoder.ba, decoder.Waa,
decoder.Wax (n_a, n_y: the decoder's x<t> is one-hot over the output vocabulary), decoder.ba,
decoder.Wya, decoder.by.

Backward, the decoder's BPTT ends at its a<0>: that gradient crosses the hand-off into the
encoder's last step (dstate_end) and flows left through the encoder, which has no other
gradient (no output of its own).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .. import stack
from ..activations import softmax
from ..cells import Cell, get_cell
from ..loss import dlogits, xent_from_logits
from ..spec import ModelSpec
from ..trace import BackTrace, Model, Step, Trace, frozen
from .base import Arrays, Dims, Example, Shape, frozen_net, initial_state, silent_steps
from .tagger import head, head_backward

END = 0  # the end token's index in the output vocabulary
ZEROS = "zeros"  # how tables and panels name x<1>, the zero vector (not the digit '0')
ENCODER, DECODER = "encoder", "decoder"
States = dict[tuple[int, int], dict[str, np.ndarray]]


def cap(T_x: int) -> int:
    """The most steps greedy decoding takes for an input of T_x words."""
    return 2 * T_x + 10


def decoder_spec(spec: ModelSpec) -> ModelSpec:
    """The decoder's description: the encoder's, left to right only."""
    return spec.replace(bidirectional=False) if spec.bidirectional else spec


def hand_off(cell: Cell, spec: ModelSpec, encoder: stack.StackForward) -> States:
    """The decoder's initial states: per layer, the encoder's final states of both chains."""
    out: States = {}
    for layer in range(spec.layers):
        finals = [encoder.final(layer, d) for d in range(spec.directions)]
        out[(layer, 0)] = {name: np.concatenate([f[name] for f in finals]) for name in cell.states}
    return out


def hand_off_backward(cell: Cell, spec: ModelSpec, decoder: stack.StackBackward) -> States:
    """The gradient reaching the encoder's final states: the decoder's dstate0, split by chain."""
    out: States = {}
    for layer in range(spec.layers):
        d0 = decoder.cells[layer][0].dstate0
        for d in range(spec.directions):
            out[(layer, d)] = {name: np.array(np.split(d0[name], spec.directions)[d]) for name in cell.states}
    return out


def concat(parts: Sequence[stack.StackForward]) -> stack.StackForward:
    """One-step runs of the same stack, in order, as one run."""
    first = parts[0]
    return stack.StackForward(
        indices=np.concatenate([p.indices for p in parts]),
        inputs=tuple(np.concatenate([p.inputs[i] for p in parts]) for i in range(len(first.inputs))),
        cells=tuple(
            tuple(
                {name: np.concatenate([p.cells[l][d][name] for p in parts]) for name in first.cells[l][d]}
                for d in range(len(first.cells[l]))
            )
            for l in range(len(first.cells))
        ),
        top=np.concatenate([p.top for p in parts]),
    )


def output_names(params: Model) -> tuple[str, ...] | None:
    """The output vocabulary the model carries (meta["vocab"]["y"]), or None."""
    carried = params.meta.get("vocab")
    words = carried.get("y") if isinstance(carried, dict) else None
    return tuple(words) if isinstance(words, list) and len(words) == params.n_y else None


@dataclass(frozen=True)
class Evaluation:
    """Scores of an encoder-decoder on labeled pairs."""

    sentences: int
    loss: float  # mean example loss, teacher-forced
    exact_match: float  # share of inputs whose greedy decoding is exactly the target
    token_accuracy: float  # share of output steps whose argmax ŷ<t> is y<t>, teacher-forced
    exact: int
    tokens: int

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


class Seq2Seq(Shape):
    name = "seq2seq"
    groups = ((ENCODER, "x"), (DECODER, "y"))

    def networks(self, spec: ModelSpec, dims: Dims) -> list[tuple[str, ModelSpec, int, int]]:
        return [
            (ENCODER, spec, dims.n_x, dims.n_a),
            (DECODER, decoder_spec(spec), dims.n_y, spec.directions * dims.n_a),
        ]

    # -- the passes -------------------------------------------------------------------------

    def encode(self, spec: ModelSpec, W: Arrays, indices: np.ndarray, a0: np.ndarray | None = None):
        cell = get_cell(spec.cell)
        encoder = stack.forward(cell, spec, W, indices, initial_state(cell, a0), ENCODER)
        return encoder, hand_off(cell, spec, encoder)

    def teacher_forced(self, spec: ModelSpec, W: Arrays, start: States, targets: np.ndarray):
        """The decoder fed x<1> = 0 and the targets y<1 … T_y-1>: its run and logits (T_y, n_y)."""
        inputs = np.concatenate([[stack.ZERO_INPUT], np.asarray(targets[:-1], dtype=np.int64)])
        decoder = stack.forward(get_cell(spec.cell), decoder_spec(spec), W, inputs, start, DECODER)
        return decoder, head(spec, W, decoder.top, DECODER + ".")

    def greedy(self, spec: ModelSpec, W: Arrays, start: States, steps: int):
        """The decoder fed its own argmax until it emits END (or for `steps` steps): its run,
        logits and the emitted indices (END included when it came)."""
        cell, dspec = get_cell(spec.cell), decoder_spec(spec)
        parts, logits, emitted = [], [], []
        x, state = stack.ZERO_INPUT, start
        for _ in range(steps):
            part = stack.forward(cell, dspec, W, np.array([x]), state, DECODER)
            logit = head(spec, W, part.top, DECODER + ".")
            parts.append(part)
            logits.append(logit)
            x = int(np.argmax(logit[0]))
            emitted.append(x)
            if x == END:
                break
            state = {(l, 0): {n: part.cells[l][0][n][-1] for n in cell.states} for l in range(dspec.layers)}
        return concat(parts), np.concatenate(logits), emitted

    def decode(self, spec: ModelSpec, W: Arrays, indices: np.ndarray) -> list[int]:
        """The greedy decoding of one input: output indices, the end token left out."""
        _, start = self.encode(spec, W, indices)
        emitted = self.greedy(spec, W, start, cap(len(indices)))[2]
        return emitted[:-1] if emitted and emitted[-1] == END else emitted

    def _backprop(self, spec: ModelSpec, W: Arrays, encoder, decoder, logits: np.ndarray, targets: np.ndarray):
        cell = get_cell(spec.cell)
        d_logits = dlogits(logits, targets)
        d_top, head_grads = head_backward(W, decoder.top, d_logits, DECODER + ".")
        dec = stack.backward(cell, decoder_spec(spec), W, decoder, d_top, None, DECODER)
        end = hand_off_backward(cell, spec, dec)
        enc = stack.backward(cell, spec, W, encoder, np.zeros_like(encoder.top), end, ENCODER)
        return d_logits, enc, dec, {**enc.grads, **dec.grads, **head_grads}

    # -- the trace --------------------------------------------------------------------------

    def labels_problem(self, T: int, labels: Sequence[int]) -> str | None:
        labels = list(labels)
        if not labels or labels[-1] != END or END in labels[:-1]:
            return f"the targets of an encoder-decoder end with the end token (index {END}), once"
        return None

    def random_labels(self, rng: np.random.Generator, T: int, n_y: int) -> np.ndarray:
        """y<1 … T_y>, T_y from 1 to T + 2: tokens other than END, then END."""
        return np.append(rng.integers(1, n_y, int(rng.integers(0, T + 2))), END)

    def trace(
        self,
        params: Model,
        tokens: Sequence[str],
        indices: np.ndarray,
        labels: Sequence[int] | None,
        unknown: Sequence[bool],
        a0: np.ndarray | None = None,
    ) -> Trace:
        spec, W = params.spec, params.tensors
        encoder, start = self.encode(spec, W, indices, a0)
        greedy, greedy_logits, emitted = self.greedy(spec, W, start, cap(len(indices)))
        decoded = tuple(emitted[:-1] if emitted[-1] == END else emitted)
        if labels is None:
            decoder, logits, targets = greedy, greedy_logits, None
        else:
            targets = np.array(labels, dtype=np.int64)
            decoder, logits = self.teacher_forced(spec, W, start, targets)
        probs = frozen(softmax(logits, axis=1))
        losses = None if targets is None else frozen(xent_from_logits(logits, targets))
        labels_ = None if targets is None else tuple(int(y) for y in targets)
        quantities = get_cell(spec.cell).quantities
        names = output_names(params)
        fed = [
            "" if i == stack.ZERO_INPUT else names[i] if names else str(i) for i in decoder.indices.tolist()
        ]  # x<1> = 0 has no token
        outer: list[Trace] = []
        inner = Trace(
            params=params,
            tokens=tuple(fed),
            indices=frozen(decoder.indices.copy()),
            unknown=(False,) * len(fed),
            labels=labels_,
            net=frozen_net(decoder),
            logits=frozen(logits),
            probs=probs,
            losses=losses,
            quantities=quantities,
            backprop=lambda _: _decoder_back(outer[0]),
            vocab="y",
        )
        cum = None if losses is None else np.cumsum(losses)
        object.__setattr__(
            inner,
            "steps",
            tuple(
                Step(
                    trace=inner,
                    t=t + 1,
                    token=fed[t],
                    index=int(decoder.indices[t]),
                    unknown=False,
                    logits=logits[t],
                    probs=probs[t],
                    y=None if labels_ is None else labels_[t],
                    loss=None if losses is None else float(losses[t]),
                    cum_loss=None if cum is None else float(cum[t]),
                )
                for t in range(len(fed))
            ),
        )
        trace = Trace(
            params=params,
            tokens=tuple(tokens),
            indices=frozen(np.array(indices, dtype=np.int64)),
            unknown=tuple(bool(u) for u in unknown),
            labels=labels_,
            net=frozen_net(encoder),
            logits=logits,
            probs=probs,
            losses=losses,
            quantities=quantities,
            backprop=self.backward,
            decoder=inner,
            decoded=decoded,
        )
        outer.append(trace)
        object.__setattr__(trace, "steps", silent_steps(trace, len(tokens)))
        return trace

    def backward(self, trace: Trace) -> BackTrace:
        assert trace.labels is not None and trace.decoder is not None
        spec, W = trace.spec, trace.params.tensors
        d_logits, enc, dec, grads = self._backprop(
            spec, W, trace.net, trace.decoder.net, trace.logits, np.array(trace.labels)
        )
        decoder = BackTrace(
            trace=trace.decoder,
            dlogits=d_logits,
            net=dec,
            grads=grads,
            dstate0={(l, 0): c[0].dstate0 for l, c in enumerate(dec.cells)},
        )
        dstate0 = {(l, d): c.dstate0 for l, per in enumerate(enc.cells) for d, c in enumerate(per)}
        return BackTrace(trace=trace, dlogits=d_logits, net=enc, grads=grads, dstate0=dstate0, decoder=decoder)

    # -- training ---------------------------------------------------------------------------

    def example_problem(self, example: Example) -> str | None:
        labels = example.labels
        if labels.ndim != 1 or labels.dtype.kind not in "iu":
            return (
                f"{example.where}: an encoder-decoder's targets are output indices, not {labels.dtype} {labels.shape}"
            )
        problem = self.labels_problem(example.T, labels.tolist())
        return f"{example.where}: {problem}" if problem else None

    def loss(self, spec: ModelSpec, W: Arrays, example: Example) -> float:
        _, start = self.encode(spec, W, example.indices)
        _, logits = self.teacher_forced(spec, W, start, example.labels)
        return float(np.sum(xent_from_logits(logits, example.labels)))

    def loss_and_grads(self, spec: ModelSpec, W: Arrays, example: Example) -> tuple[float, dict[str, stack.Grad]]:
        encoder, start = self.encode(spec, W, example.indices)
        decoder, logits = self.teacher_forced(spec, W, start, example.labels)
        grads = self._backprop(spec, W, encoder, decoder, logits, example.labels)[3]
        return float(np.sum(xent_from_logits(logits, example.labels))), grads

    def evaluate(self, spec: ModelSpec, W: Arrays, examples: Sequence[Example]) -> Evaluation:
        """Teacher-forced loss and token accuracy, and the exact match of greedy decoding."""
        total = 0.0
        exact = right = tokens = 0
        for ex in examples:
            _, start = self.encode(spec, W, ex.indices)
            _, logits = self.teacher_forced(spec, W, start, ex.labels)
            total += float(np.sum(xent_from_logits(logits, ex.labels)))
            right += int(np.sum(np.argmax(logits, axis=1) == ex.labels))
            tokens += len(ex.labels)
            emitted = self.greedy(spec, W, start, cap(ex.T))[2]
            exact += emitted == ex.labels.tolist()
        n = max(len(examples), 1)
        return Evaluation(
            sentences=len(examples),
            loss=total / n,
            exact_match=exact / n,
            token_accuracy=right / max(tokens, 1),
            exact=exact,
            tokens=tokens,
        )


def _decoder_back(trace: Trace) -> BackTrace:
    back = trace.backward.decoder
    assert back is not None
    return back
