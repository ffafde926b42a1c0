"""What training writes down, shared by `rnnviz train` and training in the app: sentences as
examples, one history entry per epoch, and the trained model's meta."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .shapes import Example
from .train import EpochStats, Trainer

# The meta key of the activation g the weights were trained with. The app records it when the
# user switches g, so the header can say "trained with tanh, shown with ReLU"; training writes
# it, in the app and in `rnnviz train`.
TRAINED_WITH = "trained_with"


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


def epoch_entry(stats: EpochStats, heldout: Any = None) -> dict[str, Any]:
    """One epoch of a model's training history: its loss, and the held-out scores (every
    field of the shape's Evaluation but its counts)."""
    entry: dict[str, Any] = {"epoch": stats.epoch, "loss": stats.loss}
    if heldout is not None:
        scores = heldout.as_dict()
        entry["heldout_loss"] = scores.pop("loss")
        entry.update({k: v for k, v in scores.items() if isinstance(v, float)})
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
    the meta it started with (but its `source`), `trained`, `trained_on`, `trained_with`, the
    epochs, the training settings (`data` about the data, then the config), the whole
    `history`, then `extra`; `heldout` (about the held-out data) with the last epoch's
    held-out scores when the history has them. No clock and no absolute path: the same run
    writes the same bytes."""
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
    meta[TRAINED_WITH] = trainer.params.activation
    meta.setdefault("init_seed", cfg.seed)
    last = history[-1] if history else {}
    if heldout is not None and "heldout_loss" in last:
        meta["heldout"] = {**heldout, **{k: v for k, v in last.items() if k not in ("epoch", "loss")}}
    else:
        meta.pop("heldout", None)
    return meta
