"""Training by backpropagation through time: the shape's loss, minimized.

For the tagger, the loss of one sentence is the seed's sum of per-word binary
cross-entropies, L = Σ_t L<t>(ŷ<t>, y<t>); a mini-batch minimizes the mean of L over its
sentences. Every member of the family trains here: the shape (engine/shapes/) gives each
example's loss and gradients, the cell's BPTT computes them, and the one-hot input weights'
gradients stay sparse in the vocabulary (no (n_a, V) or T x V one-hot array is ever built:
at V = 10,000 that is over 100x faster than the dense outer products of the course's
rnn_backward; bench/bench_train.py measures both in one run).

Optimizer (engine/optim.py): lazy Adam (default) or plain SGD, after clipping all gradients
together by their global norm.

Initialization (`initial_params`): `init_params(seed)` with every one-hot input weight (Wax)
at 0. A one-hot x<t> selects one column of Wax, so column w is word w's learned input; a word
never seen in training keeps a zero column and adds nothing to z<t>. Symmetry is broken by the
random recurrent and output weights. It also keeps the saved model small: only the trained
columns are non-zero.

Input dropout (`TrainConfig`), drawn per word from the seed, the epoch and the batch alone:
`word_dropout` feeds a word as <UNK> (its column of Wax is then trained as "a word outside the
vocabulary"); `unseen_dropout` feeds it as x<t> = 0, exactly the input of a word the training
data never used (whose column is still 0), so that the network learns what to make of such a
word from its context instead of meeting a zero input for the first time after training.

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from . import optim
from .cells import get_cell
from .optim import OPTIMIZERS, OptimizerState
from .params import Params, init_params
from .shapes import Example, get_shape
from .spec import ModelSpec
from .stack import ZERO_INPUT, key

__all__ = [
    "OPTIMIZERS",
    "EpochStats",
    "Example",
    "NonFiniteLoss",
    "OptimizerState",
    "TrainConfig",
    "Trainer",
    "batch_gradients",
    "evaluate",
]

MAX_EPOCHS = 10_000


@dataclass(frozen=True)
class TrainConfig:
    """Hyperparameters. `clip` None or 0 disables clipping. `problems()` is the one check of
    training settings, for `rnnviz train`, the training dialog and the training job."""

    epochs: int = 40
    lr: float = 0.01
    batch_size: int = 8
    optimizer: str = "adam"
    clip: float | None = 5.0
    seed: int = 0
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    word_dropout: float = 0.0  # each input word is fed as <UNK> with this probability
    unseen_dropout: float = 0.0  # … and as x<t> = 0 (a never-trained word's input) with this one

    def problems(self) -> list[tuple[str, str]]:
        """What is wrong with these settings: (field, phrase) pairs, the phrase naming the
        setting in words (empty when they are usable)."""
        out = []
        if not 1 <= self.epochs <= MAX_EPOCHS:
            out.append(("epochs", f"the epochs must be between 1 and {MAX_EPOCHS:,}, not {self.epochs}"))
        if not (math.isfinite(self.lr) and self.lr > 0):
            out.append(("lr", f"the learning rate must be a positive number, not {self.lr:g}"))
        if self.batch_size < 1:
            out.append(("batch_size", f"the batch size must be at least 1, not {self.batch_size}"))
        if self.optimizer not in OPTIMIZERS:
            out.append(("optimizer", f"unknown optimizer {self.optimizer!r} (choose {' or '.join(OPTIMIZERS)})"))
        if self.clip is not None and not (math.isfinite(self.clip) and self.clip >= 0):
            out.append(("clip", f"the clipping norm must be >= 0 (0 turns clipping off), not {self.clip:g}"))
        if not (0 <= self.beta1 < 1 and 0 <= self.beta2 < 1 and self.eps > 0):
            out.append(("beta1", "Adam needs 0 <= beta1, beta2 < 1 and eps > 0"))
        if self.seed < 0:
            out.append(("seed", f"the seed must be >= 0, not {self.seed}"))
        for name in ("word_dropout", "unseen_dropout"):
            value = getattr(self, name)
            if not (math.isfinite(value) and 0 <= value < 1):
                what = name.replace("_", " ")
                out.append((name, f"the {what} must be a probability in [0, 1), not {value:g}"))
        if not any(name.endswith("dropout") for name, _ in out) and self.word_dropout + self.unseen_dropout >= 1:
            out.append(("unseen_dropout", "the word dropout and the unseen dropout must add up to less than 1"))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class EpochStats:
    """What one epoch did. `loss` is the mean example loss over the epoch's batches, each
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


RELU_BIAS = 0.1  # where a ReLU network's biases start (initial_params)


def initial_params(
    n_a: int,
    n_x: int,
    n_y: int = 1,
    *,
    seed: int = 0,
    activation: str = "tanh",
    spec: ModelSpec | None = None,
    init: str = "normal",
) -> Params:
    """The trainer's starting point: `init_params(seed)` with the one-hot input weights at 0.
    With ReLU the vanilla cell's biases start at RELU_BIAS: from Wax = 0, ba = 0 and a<0> = 0
    every z<t> would be exactly 0, where ReLU's slope is 0, and no gradient would ever reach
    Waa, Wax or ba (only by would learn). `init="identity"` starts every Waa of the vanilla
    cell at I (with ReLU, the IRNN of Le, Jaitly and Hinton, 2015: a<t-1> passes on unchanged
    until the weights learn otherwise)."""
    if init not in ("normal", "identity"):
        raise ValueError(f"init must be normal or identity, not {init!r}")
    p = init_params(n_a, n_x, n_y, seed=seed, activation=activation, spec=spec)
    shape, cell = get_shape(p.spec.shape), get_cell(p.spec.cell)
    first_layer = (key(cell.input_weight, 0, d, group) for group, _ in shape.groups for d in range(p.spec.directions))
    start = {name: np.zeros_like(p[name]) for name in first_layer if name in p.tensors}
    parts = ["Wax = 0"]
    if cell.uses_activation and p.activation == "relu":
        start |= {name: np.full_like(p[name], RELU_BIAS) for name in p.tensors if name.split(".")[-1] == "ba"}
        parts.append(f"ba = {RELU_BIAS:g}: ReLU")
    if init == "identity":
        if not cell.uses_activation:
            raise ValueError(f"init identity is for the rnn cell's Waa, not the {p.spec.cell}'s gates")
        start |= {name: np.eye(n_a) for name in p.tensors if name.split(".")[-1] == "Waa"}
        parts.append("Waa = I")
    how = f"trainer ({', '.join(parts)})"
    return p.replace(meta={"trained": False, "init_seed": seed, "init": how}, **start)


def batch_gradients(
    spec: ModelSpec, W: Mapping[str, np.ndarray], batch: Sequence[Example]
) -> tuple[np.ndarray, optim.Gradients]:
    """The examples' losses (B,) and the gradients of their mean loss (one-hot input weights
    merged by column)."""
    shape = get_shape(spec.shape)
    losses = np.empty(len(batch))
    parts = []
    for i, ex in enumerate(batch):
        losses[i], grads = shape.loss_and_grads(spec, W, ex)
        parts.append(grads)
    return losses, optim.merge(parts, float(len(batch)))


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
        unk_index: int | None = None,
    ) -> None:
        """`unk_index`: the input index words are dropped to (<UNK>'s), for word dropout."""
        problems = [text for _, text in config.problems()]
        if config.word_dropout and unk_index is None:
            problems.append("word dropout needs the index of <UNK>")
        if problems:
            raise ValueError("; ".join(problems))
        if not examples:
            raise ValueError("training needs at least one labeled sentence")
        shape = get_shape(params.spec.shape)
        for ex in examples:
            if ex.indices.min() < ZERO_INPUT or ex.indices.max() >= params.n_x:  # ZERO_INPUT: x<t> = 0
                raise ValueError(f"{ex.where}: vocabulary index out of range for n_x = {params.n_x}")
            problem = shape.example_problem(ex)
            if problem:
                raise ValueError(problem)
        self.config = config
        self.unk_index = unk_index
        self.examples = tuple(examples)
        self.epochs_done = epochs_done
        self.spec = params.spec
        self.shape = shape
        self._W = {name: np.array(arr, dtype=np.float64) for name, arr in params.tensors.items()}
        if state is None:
            state = OptimizerState.fresh(config.optimizer, {n: a.shape for n, a in self._W.items()})
        elif state.name != config.optimizer:
            raise ValueError(f"the saved optimizer state is {state.name}, not {config.optimizer}")
        self.state = state.copy()  # the caller's object is never mutated
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
        for name, arr in self._params.tensors.items():
            self._W[name][...] = arr
        self.state = self._saved_state.copy()

    def _commit(self) -> None:
        self._params = Params(self._W, spec=self.spec, meta=self._params.meta)
        self._saved_state = self.state.copy()

    # -- one epoch ----------------------------------------------------------------------

    def order(self, epoch: int) -> np.ndarray:
        """The shuffled order of the examples in `epoch` (1-based): a function of seed and
        epoch alone."""
        return np.random.default_rng([self.config.seed, epoch]).permutation(len(self.examples))

    def dropped(self, batch: Sequence[Example], epoch: int, number: int) -> list[Example]:
        """Input dropout: one uniform draw u per input word, from the seed, the epoch and the
        batch number alone (a resume draws the same); the word is fed as <UNK> when
        u < word_dropout, as x<t> = 0 (ZERO_INPUT) when word_dropout <= u < word_dropout +
        unseen_dropout, and as itself otherwise."""
        p, q, unk = self.config.word_dropout, self.config.unseen_dropout, self.unk_index
        if not p and not q:
            return list(batch)
        rng = np.random.default_rng([self.config.seed, epoch, number, 1])
        out = []
        for ex in batch:
            u = rng.random(ex.T)
            indices = ex.indices
            if p:
                assert unk is not None  # the Trainer refuses word dropout without <UNK>'s index
                indices = np.where(u < p, unk, indices)
            if q:
                indices = np.where((u >= p) & (u < p + q), ZERO_INPUT, indices)
            out.append(ex if np.array_equal(indices, ex.indices) else replace(ex, indices=indices))
        return out

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
            batch = self.dropped(
                [self.examples[i] for i in order[b * cfg.batch_size : (b + 1) * cfg.batch_size]], epoch, b
            )
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # checked just below
                losses, grads = batch_gradients(self.spec, self._W, batch)
            bad = np.flatnonzero(~np.isfinite(losses))
            if len(bad):
                self._rollback()
                raise NonFiniteLoss(epoch, batch[int(bad[0])].where)
            if not optim.all_finite(grads):
                self._rollback()
                raise NonFiniteLoss(epoch, batch[0].where, "gradient")
            with np.errstate(over="ignore"):
                norm = optim.global_norm(grads)
            if not math.isfinite(norm):
                self._rollback()
                raise NonFiniteLoss(epoch, batch[0].where, "gradient norm")
            max_norm = max(max_norm, norm)
            if cfg.clip and norm > cfg.clip:
                grads = optim.scaled(grads, cfg.clip / norm)
                clipped += 1
            with np.errstate(over="ignore", invalid="ignore"):  # checked just below
                if cfg.optimizer == "adam":
                    optim.adam_step(self._W, grads, self.state, cfg.lr, cfg.beta1, cfg.beta2, cfg.eps)
                else:
                    optim.sgd_step(self._W, grads, self.state, cfg.lr)
            if not optim.touched_finite(self._W, grads):
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

    def evaluate(self, examples: Sequence[Example]) -> Any:
        """Held-out scores of the last completed epoch's model (the shape's Evaluation)."""
        return self.shape.evaluate(self.spec, self._params.tensors, examples)


def evaluate(params: Params, examples: Sequence[Example]) -> Any:
    """Scores of `params` on `examples` (the shape's Evaluation)."""
    return get_shape(params.spec.shape).evaluate(params.spec, params.tensors, examples)


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
