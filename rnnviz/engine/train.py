"""Training by backpropagation through time: the seed's sentence loss, minimized.

The loss of one sentence is the seed's sum of per-word binary cross-entropies,
L = Σ_t L<t>(ŷ<t>, y<t>); a mini-batch minimizes the mean of L over its sentences.

Gradients. `sentence_gradients` runs `sequence.forward` and `sequence.backward`, the engine's
one-hot (gather) form of the course's `rnn_forward` / `rnn_backward` (tests check the two
agree): the upstream gradient of every a<t> comes from the loss, da<t> = Wya^T (ŷ<t> - y<t>)
plus what flows back from step t + 1. dWax is kept *sparse in the vocabulary*: a sentence
touches only the columns of its words, so its gradient is (columns, values (n_a, k)) and no
(n_a, V) or T x V one-hot array is ever built. The gather form is used because it is exact
and, at V = 10,000, over 100x faster than the dense outer products with one-hot x<t> of the
course's rnn_backward (bench/bench_train.py measures both in one run).

Optimizer. Adam (default) or plain SGD, after clipping all five gradients together by their
global norm (sqrt of the sum of squares of every entry). Adam is *lazy* (sparse) for Wax,
the variant of TensorFlow's LazyAdam and PyTorch's SparseAdam:

    t ← t + 1                                     (one global step per mini-batch)
    Waa, ba, Wya, by (dense):   m ← β1 m + (1-β1) g,   v ← β2 v + (1-β2) g²,
                                p ← p - lr · (m / (1-β1^t)) / (sqrt(v / (1-β2^t)) + ε)
    Wax, on the columns C of the words in the mini-batch only: the same three lines on
         m[:, C], v[:, C], Wax[:, C], with the same global t;
    every other column of Wax, m and v is left exactly as it was.

A column is "touched" when its word occurs in the batch, even if its gradient happens to be
exactly 0 (then its moments still decay). On the first step (m = v = 0) lazy Adam equals
dense Adam everywhere; afterwards they differ on untouched columns, where dense Adam would
keep moving a word's column on momentum alone. SGD (p ← p - lr g) is the same sparse or
dense, since g = 0 on untouched columns.

Initialization (`initial_params`): Waa and Wya as `init_params(seed)`, biases 0, and Wax = 0.
A one-hot x<t> selects one column of Wax, so column w is word w's learned input; a word never
seen in training keeps a zero column and adds nothing to z<t> (the prediction then comes
from the context alone, exactly as for <UNK>). Symmetry is broken by the random Waa and Wya.
It also keeps the saved model small: only the trained columns are non-zero.

Determinism. The order of sentences in epoch e is `np.random.default_rng([seed, e])
.permutation(n)`, so it depends on nothing but the seed and the epoch number: training
N epochs and then resuming for M more gives the same bits as N + M epochs in one run, and
the same command gives the same model bit for bit on the same machine (NumPy's and BLAS's
kernels can differ in the last bit between CPUs).

Driving it. `Trainer.run_epoch(cancel=, progress=)` trains one epoch and returns its
`EpochStats`; `cancel()` is polled before every mini-batch, and when it returns True the
trainer rolls back to the last completed epoch and returns None. A non-finite loss raises
`NonFiniteLoss` (epoch and sentence named) after the same roll-back. `Trainer.params` is always
the model of the last completed epoch, frozen. Pure NumPy, no UI imports: the TUI can call
`run_epoch` from a worker thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import sequence
from .activations import sigmoid
from .loss import dlogits, word_losses
from .params import NAMES, Dims, Params, init_params
from .scores import ENTITY_SCORES, Counts, entity_counts

OPTIMIZERS = ("adam", "sgd")
DENSE = ("Waa", "ba", "Wya", "by")  # the tensors updated in full every step


# ---------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)
class Example:
    """One labeled sentence as the trainer sees it: vocabulary indices and 0/1 labels."""

    indices: np.ndarray  # (T,) int64
    labels: np.ndarray  # (T,) float64, 1.0 where the word is part of a name
    where: str = ""  # "file:line", for messages
    tokens: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        indices = np.asarray(self.indices, dtype=np.int64)
        labels = np.asarray(self.labels, dtype=np.float64)
        if indices.ndim != 1 or len(indices) == 0 or labels.shape != indices.shape:
            raise ValueError("an example needs T >= 1 indices and one label per index")
        object.__setattr__(self, "indices", indices)
        object.__setattr__(self, "labels", labels)

    @property
    def T(self) -> int:
        return len(self.indices)


# ---------------------------------------------------------------------------- gradients


class _Live(Dims):
    """The trainer's mutable weights, shaped like `Params` for `sequence.forward/backward`.

    `Params` copies and freezes its arrays (8 MB for Wax at the seed's size); the training
    loop updates arrays in place, so it hands the sequence functions this view instead.
    """

    __slots__ = ("Waa", "Wax", "Wya", "activation", "ba", "by")

    def __init__(self, arrays: dict[str, np.ndarray], activation: str) -> None:
        for name in NAMES:
            setattr(self, name, arrays[name])
        self.activation = activation


@dataclass(frozen=True, eq=False)
class Gradients:
    """Gradients of a loss for the five tensors, dWax sparse: columns and their values."""

    dWaa: np.ndarray  # (n_a, n_a)
    dWax_columns: np.ndarray  # (k,) sorted distinct vocabulary indices
    dWax_values: np.ndarray  # (n_a, k); every other column of dWax is 0
    dba: np.ndarray  # (n_a, 1)
    dWya: np.ndarray  # (n_y, n_a)
    dby: np.ndarray  # (n_y, 1)

    def dense(self, name: str) -> np.ndarray:
        """The gradient of a dense tensor (Waa, ba, Wya, by) by name."""
        return getattr(self, "d" + name)

    def dWax(self, n_x: int) -> np.ndarray:
        """dWax as a full (n_a, n_x) matrix: for tests and small models only."""
        return sequence.dense_columns(self.dWax_columns, self.dWax_values, n_x)

    def global_norm(self) -> float:
        """sqrt of the sum of squares of every entry of all five gradients."""
        total = sum(float(np.sum(self.dense(n) ** 2)) for n in DENSE)
        return math.sqrt(total + float(np.sum(self.dWax_values**2)))

    def scaled(self, factor: float) -> Gradients:
        return Gradients(
            dWaa=self.dWaa * factor,
            dWax_columns=self.dWax_columns,
            dWax_values=self.dWax_values * factor,
            dba=self.dba * factor,
            dWya=self.dWya * factor,
            dby=self.dby * factor,
        )

    def all_finite(self) -> bool:
        return all(np.all(np.isfinite(self.dense(n))) for n in DENSE) and bool(np.all(np.isfinite(self.dWax_values)))


def sentence_gradients(
    params: Params | _Live, indices: np.ndarray, labels: np.ndarray
) -> tuple[np.ndarray, sequence.Backward]:
    """Word losses L<t> (T,) and the BPTT of L = Σ_t L<t> for one sentence."""
    fwd = sequence.forward(params, indices)  # type: ignore[arg-type]
    labels = np.asarray(labels)
    losses = word_losses(fwd.logits, labels)
    return losses, sequence.backward(params, fwd, dlogits(fwd.logits, labels))  # type: ignore[arg-type]


def sentence_loss(params: Params | _Live, indices: np.ndarray, labels: np.ndarray) -> float:
    """L = Σ_t L<t> of one sentence."""
    fwd = sequence.forward(params, indices)  # type: ignore[arg-type]
    return float(np.sum(word_losses(fwd.logits, np.asarray(labels))))


def batch_gradients(params: Params | _Live, batch: Sequence[Example]) -> tuple[np.ndarray, Gradients]:
    """Sentence losses (B,) and the gradients of their mean, dWax merged by column."""
    losses = np.empty(len(batch))
    n = float(len(batch))
    dWaa = np.zeros_like(params.Waa)
    dba = np.zeros_like(params.ba)
    dWya = np.zeros_like(params.Wya)
    dby = np.zeros_like(params.by)
    columns, values = [], []
    for i, ex in enumerate(batch):
        word, back = sentence_gradients(params, ex.indices, ex.labels)
        losses[i] = word.sum()
        dWaa += back.dWaa
        dba += back.dba
        dWya += back.dWya
        dby += back.dby
        columns.append(back.dWax_columns)
        values.append(back.dWax_values.T)
    cols, where = np.unique(np.concatenate(columns), return_inverse=True)
    merged = np.zeros((len(cols), params.n_a))
    np.add.at(merged, where, np.concatenate(values))  # a word in two sentences adds both
    grads = Gradients(
        dWaa=dWaa / n,
        dWax_columns=cols,
        dWax_values=merged.T / n,
        dba=dba / n,
        dWya=dWya / n,
        dby=dby / n,
    )
    return losses, grads


# ---------------------------------------------------------------------------- optimizers


@dataclass(eq=False)
class OptimizerState:
    """What an optimizer carries between steps: its name, the step count t and, for Adam,
    the first and second moments m and v of every tensor (arrays shaped like the tensors)."""

    name: str
    step: int = 0
    m: dict[str, np.ndarray] = field(default_factory=dict)
    v: dict[str, np.ndarray] = field(default_factory=dict)

    def copy(self) -> OptimizerState:
        return OptimizerState(
            self.name,
            self.step,
            {k: a.copy() for k, a in self.m.items()},
            {k: a.copy() for k, a in self.v.items()},
        )

    @classmethod
    def fresh(cls, name: str, shapes: dict[str, tuple[int, ...]]) -> OptimizerState:
        if name not in OPTIMIZERS:
            raise ValueError(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZERS)}")
        if name == "sgd":
            return cls(name)
        return cls(name, 0, {k: np.zeros(s) for k, s in shapes.items()}, {k: np.zeros(s) for k, s in shapes.items()})

    def arrays(self) -> dict[str, np.ndarray]:
        """As named arrays for a model file: opt.step, opt.m.<name>, opt.v.<name>."""
        out = {"opt.step": np.array(self.step, dtype=np.int64)}
        for name in NAMES:
            if name in self.m:
                out[f"opt.m.{name}"] = self.m[name]
                out[f"opt.v.{name}"] = self.v[name]
        return out

    @classmethod
    def from_arrays(cls, name: str, arrays: dict[str, np.ndarray]) -> OptimizerState:
        step = int(arrays["opt.step"])
        if name == "sgd":
            return cls(name, step)
        m = {n: np.array(arrays[f"opt.m.{n}"], dtype=np.float64) for n in NAMES}
        v = {n: np.array(arrays[f"opt.v.{n}"], dtype=np.float64) for n in NAMES}
        return cls(name, step, m, v)


def adam_step(
    W: dict[str, np.ndarray],
    grads: Gradients,
    state: OptimizerState,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> None:
    """One lazy-Adam step in place (see the module docstring for the exact variant)."""
    state.step += 1
    t = state.step
    c1 = 1.0 - beta1**t
    c2 = 1.0 - beta2**t
    for name in DENSE:
        g = grads.dense(name)
        m = state.m[name] = beta1 * state.m[name] + (1.0 - beta1) * g
        v = state.v[name] = beta2 * state.v[name] + (1.0 - beta2) * g * g
        W[name] -= lr * (m / c1) / (np.sqrt(v / c2) + eps)
    cols, g = grads.dWax_columns, grads.dWax_values
    m = beta1 * state.m["Wax"][:, cols] + (1.0 - beta1) * g
    v = beta2 * state.v["Wax"][:, cols] + (1.0 - beta2) * g * g
    state.m["Wax"][:, cols] = m
    state.v["Wax"][:, cols] = v
    W["Wax"][:, cols] -= lr * (m / c1) / (np.sqrt(v / c2) + eps)


def sgd_step(W: dict[str, np.ndarray], grads: Gradients, state: OptimizerState, lr: float) -> None:
    """p ← p - lr g, in place; Wax only on its touched columns (g is 0 on the others)."""
    state.step += 1
    for name in DENSE:
        W[name] -= lr * grads.dense(name)
    W["Wax"][:, grads.dWax_columns] -= lr * grads.dWax_values


# ---------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class Evaluation:
    """Scores of a model on labeled sentences; a word is predicted a name when ŷ > 0.5."""

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
    entity_precision: float = 0.0  # the same over names: maximal runs of name words (scores.py)
    entity_recall: float = 0.0
    entity_f1: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def evaluate(params: Params | _Live, examples: Sequence[Example]) -> Evaluation:
    """Loss, token accuracy and name precision / recall / F1 of `params` on `examples`."""
    total = 0.0
    words = tp = fp = fn = correct = 0
    entities = Counts()
    for ex in examples:
        fwd = sequence.forward(params, ex.indices)  # type: ignore[arg-type]
        total += float(np.sum(word_losses(fwd.logits, ex.labels)))
        predicted = sigmoid(fwd.logits[:, 0]) > 0.5
        truth = ex.labels > 0.5
        tp += int(np.sum(predicted & truth))
        fp += int(np.sum(predicted & ~truth))
        fn += int(np.sum(~predicted & truth))
        correct += int(np.sum(predicted == truth))
        entities += Counts(*entity_counts(predicted, truth))
        words += ex.T
    n = max(len(examples), 1)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
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


# ---------------------------------------------------------------------------- the loop


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters. `clip` None or 0 disables clipping."""

    epochs: int = 40
    lr: float = 0.01
    batch_size: int = 8
    optimizer: str = "adam"
    clip: float | None = 5.0
    seed: int = 0
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def problems(self) -> list[str]:
        """What is wrong with these settings, as phrases (empty when they are usable)."""
        out = []
        if self.epochs < 1:
            out.append(f"epochs must be at least 1, not {self.epochs}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            out.append(f"the learning rate must be a positive number, not {self.lr}")
        if self.batch_size < 1:
            out.append(f"the batch size must be at least 1, not {self.batch_size}")
        if self.optimizer not in OPTIMIZERS:
            out.append(f"unknown optimizer {self.optimizer!r} (choose {' or '.join(OPTIMIZERS)})")
        if self.clip is not None and not (math.isfinite(self.clip) and self.clip >= 0):
            out.append(f"the clipping norm must be >= 0 (0 turns clipping off), not {self.clip}")
        if not (0 <= self.beta1 < 1 and 0 <= self.beta2 < 1 and self.eps > 0):
            out.append("Adam needs 0 <= beta1, beta2 < 1 and eps > 0")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class EpochStats:
    """What one epoch did. `loss` is the mean sentence loss over the epoch's batches, each
    measured before its update."""

    epoch: int  # 1-based, counted over the whole training (resumes included)
    loss: float
    batches: int
    clipped: int  # batches whose gradient norm exceeded `clip`
    max_grad_norm: float


class NonFiniteLoss(ArithmeticError):
    """Training met a NaN or infinite loss (or gradient, or weight)."""

    def __init__(self, epoch: int, where: str, what: str = "loss") -> None:
        if what == "loss":
            message = f"non-finite loss in epoch {epoch} at sentence {where}"
        else:  # found after a whole mini-batch: name its first sentence
            message = f"non-finite {what} in epoch {epoch}, in the mini-batch starting at sentence {where}"
        super().__init__(message)
        self.epoch = epoch
        self.where = where
        self.what = what


def initial_params(n_a: int, n_x: int, n_y: int = 1, *, seed: int = 0, activation: str = "tanh") -> Params:
    """The trainer's starting point: `init_params(seed)` with Wax = 0 (see the module doc)."""
    p = init_params(n_a, n_x, n_y, seed=seed, activation=activation)
    return p.replace(Wax=np.zeros((n_a, n_x)), meta={"trained": False, "init_seed": seed, "init": "trainer (Wax = 0)"})


class Trainer:
    """Mini-batch training of `params` on `examples`; one `run_epoch` call per epoch."""

    def __init__(
        self,
        params: Params,
        examples: Sequence[Example],
        config: TrainConfig = TrainConfig(),
        *,
        state: OptimizerState | None = None,
        epochs_done: int = 0,
    ) -> None:
        problems = config.problems()
        if problems:
            raise ValueError("; ".join(problems))
        if not examples:
            raise ValueError("training needs at least one labeled sentence")
        for ex in examples:
            if ex.indices.min() < 0 or ex.indices.max() >= params.n_x:
                raise ValueError(f"{ex.where}: vocabulary index out of range for n_x = {params.n_x}")
        self.config = config
        self.examples = tuple(examples)
        self.epochs_done = epochs_done
        self._W = {name: np.array(getattr(params, name), dtype=np.float64) for name in NAMES}
        self._live = _Live(self._W, params.activation)
        if state is None:
            state = OptimizerState.fresh(config.optimizer, {n: a.shape for n, a in self._W.items()})
        elif state.name != config.optimizer:
            raise ValueError(f"the saved optimizer state is {state.name}, not {config.optimizer}")
        self.state = state.copy()  # the caller's object is never mutated
        self._meta = dict(params.meta)
        self._params = params
        self._saved_state = state.copy()

    # -- the last completed epoch, frozen ---------------------------------------------

    @property
    def params(self) -> Params:
        """The model after the last completed epoch (immutable)."""
        return self._params

    @property
    def optimizer_state(self) -> OptimizerState:
        """A copy of the optimizer state after the last completed epoch."""
        return self._saved_state.copy()

    @property
    def batches_per_epoch(self) -> int:
        return -(-len(self.examples) // self.config.batch_size)

    def _rollback(self) -> None:
        for name in NAMES:
            self._W[name][...] = getattr(self._params, name)
        self.state = self._saved_state.copy()

    def _commit(self) -> None:
        params = Params(**{n: self._W[n] for n in NAMES}, activation=self._live.activation, meta=dict(self._meta))
        self._params, self._saved_state = params, self.state.copy()

    # -- one epoch ----------------------------------------------------------------------

    def order(self, epoch: int) -> np.ndarray:
        """The shuffled order of the sentences in `epoch` (1-based): a function of seed and
        epoch alone."""
        return np.random.default_rng([self.config.seed, epoch]).permutation(len(self.examples))

    def run_epoch(
        self,
        cancel: Callable[[], bool] | None = None,
        progress: Callable[[int, int, float], None] | None = None,
    ) -> EpochStats | None:
        """Train one epoch. `progress(batches_done, batches, mean_loss_so_far)` is called
        after every mini-batch; `cancel()` before each. Returns None when cancelled (the
        weights are back at the last completed epoch). Raises `NonFiniteLoss`, also after
        rolling back."""
        cfg = self.config
        epoch = self.epochs_done + 1
        order = self.order(epoch)
        n_batches = self.batches_per_epoch
        total = 0.0
        seen = clipped = 0
        max_norm = 0.0
        for b in range(n_batches):
            if cancel is not None and cancel():
                self._rollback()
                return None
            batch = [self.examples[i] for i in order[b * cfg.batch_size : (b + 1) * cfg.batch_size]]
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # checked just below
                losses, grads = batch_gradients(self._live, batch)
            bad = np.flatnonzero(~np.isfinite(losses))
            if len(bad):
                self._rollback()
                raise NonFiniteLoss(epoch, batch[int(bad[0])].where)
            if not grads.all_finite():
                self._rollback()
                raise NonFiniteLoss(epoch, batch[0].where, "gradient")
            with np.errstate(over="ignore"):
                norm = grads.global_norm()
            if not math.isfinite(norm):
                self._rollback()
                raise NonFiniteLoss(epoch, batch[0].where, "gradient norm")
            max_norm = max(max_norm, norm)
            if cfg.clip and norm > cfg.clip:
                grads = grads.scaled(cfg.clip / norm)
                clipped += 1
            with np.errstate(over="ignore", invalid="ignore"):  # checked just below
                if cfg.optimizer == "adam":
                    adam_step(self._W, grads, self.state, cfg.lr, cfg.beta1, cfg.beta2, cfg.eps)
                else:
                    sgd_step(self._W, grads, self.state, cfg.lr)
            if not self._updated_finite(grads.dWax_columns):
                self._rollback()
                raise NonFiniteLoss(epoch, batch[0].where, "weights")
            with np.errstate(over="ignore"):
                total += float(losses.sum())
            seen += len(batch)
            if progress is not None:
                progress(b + 1, n_batches, total / seen)
        self._commit()
        self.epochs_done = epoch
        return EpochStats(epoch=epoch, loss=total / seen, batches=n_batches, clipped=clipped, max_grad_norm=max_norm)

    def _updated_finite(self, columns: np.ndarray) -> bool:
        return all(np.all(np.isfinite(self._W[n])) for n in DENSE) and bool(
            np.all(np.isfinite(self._W["Wax"][:, columns]))
        )

    def evaluate(self, examples: Sequence[Example]) -> Evaluation:
        """Scores of the last completed epoch's model."""
        return evaluate(self._params, examples)


# ------------------------------------------------------------ shared by `rnnviz train` and the TUI

HELDOUT_SCORES = ("heldout_loss", "accuracy", "precision", "recall", "f1", *ENTITY_SCORES)  # per epoch, in the history


def labeled_examples(sentences: Sequence[Any], vocab: Any, where: str) -> tuple[list[Example], list[str]]:
    """The labeled sentences (text.Sentence) as training examples, unlabeled ones skipped,
    and the words fed as <UNK> (in order, repeats kept). `vocab.lookup(tokens)` gives the
    indices and unknown flags; an example is named `source:line` (`where` when the sentence
    has no source, its position among `sentences` when it has no line)."""
    examples: list[Example] = []
    unknown_words: list[str] = []
    for number, sentence in enumerate(sentences, 1):
        if sentence.labels is None:
            continue
        indices, unknown = vocab.lookup(sentence.tokens)
        unknown_words += [token for token, u in zip(sentence.tokens, unknown) if u]
        line = sentence.line if sentence.line is not None else number
        examples.append(
            Example(
                indices,
                np.array(sentence.labels, dtype=np.float64),
                f"{sentence.source or where}:{line}",
                tuple(sentence.tokens),
            )
        )
    return examples, unknown_words


def epoch_entry(stats: EpochStats, heldout: Evaluation | None = None) -> dict[str, Any]:
    """One epoch of a model's training history: its loss, and the held-out scores."""
    entry: dict[str, Any] = {"epoch": stats.epoch, "loss": stats.loss}
    if heldout is not None:
        entry.update(
            heldout_loss=heldout.loss,
            accuracy=heldout.accuracy,
            precision=heldout.precision,
            recall=heldout.recall,
            f1=heldout.f1,
            **{k: getattr(heldout, k) for k in ENTITY_SCORES},
        )
    return entry


def trained_meta(
    trainer: Trainer,
    *,
    trained_on: str,
    data: dict[str, Any],
    history: Sequence[dict[str, Any]],
    heldout: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What a trained model says about itself (Params.meta, stored as JSON in its file):
    the meta it started with (but its `source`), `trained`, `trained_on`, the epochs, the
    training settings (`data` about the data, then the config), the whole `history`, then
    `extra`; `heldout` (about the held-out data) with the last epoch's held-out scores when
    the history has them. No clock and no absolute path: the same run writes the same bytes."""
    cfg = trainer.config
    meta = {k: v for k, v in trainer.params.meta.items() if k != "source"}
    meta.update(
        trained=True,
        trained_on=trained_on,
        epochs=trainer.epochs_done,
        train={**data, **cfg.as_dict(), "clip": cfg.clip or 0.0},
        history=list(history),
        **(extra or {}),
    )
    meta.setdefault("init_seed", cfg.seed)
    last = history[-1] if history else {}
    if heldout is not None and "f1" in last:
        meta["heldout"] = {**heldout, **{k: last[k] for k in HELDOUT_SCORES if k in last}}
    else:
        meta.pop("heldout", None)
    return meta


def fit(
    params: Params,
    examples: Sequence[Example],
    config: TrainConfig = TrainConfig(),
    cancel: Callable[[], bool] | None = None,
) -> tuple[Params, list[EpochStats]]:
    """Train from `params` for `config.epochs` epochs (stopping early if cancelled); return
    the model of the last completed epoch and the stats of every epoch."""
    trainer = Trainer(params, examples, config)
    history = []
    while trainer.epochs_done < config.epochs:
        stats = trainer.run_epoch(cancel=cancel)
        if stats is None:
            break
        history.append(stats)
    return trainer.params, history
