"""The classifier task: sentence sentiment, `label<TAB>sentence` (1 positive, 0 negative),
one label per sentence; held-out accuracy, next to a bag-of-words logistic regression
trained on the same training file (tasks/baseline.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.shapes import Example
from .base import Data, Task, Vocabs


def read_labeled(path: Path, vocab: Any) -> tuple[list[Example], list[str]]:
    """The labeled sentences of `path` as examples (labels: [y]), and the words fed as <UNK>."""
    from ..text import tokenize
    from ..text.labeled import load_labeled_lines

    examples, unknown = [], []
    for line in load_labeled_lines(path):
        tokens = tokenize(line.text)
        indices, missing = vocab.lookup(tokens)
        unknown += [token for token, m in zip(tokens, missing) if m]
        examples.append(Example(indices, np.array([float(line.label)]), f"{path}:{line.line}", tuple(tokens)))
    return examples, unknown


class ClassifierTask(Task):
    name = "classifier"
    shape = "classifier"
    head = "sigmoid"
    default_data = "classifier/train.txt"

    def __init__(self) -> None:
        self._fitted: dict[str, Any] = {}

    def vocabularies(self, args: Any, train_path: Path, resumed: Any = None) -> Vocabs:
        from ..pipeline import load_vocab

        return Vocabs(x=load_vocab(args.vocab))

    def read(self, path: Path, vocabs: Vocabs, role: str, args: Any) -> Data:
        examples, unknown = read_labeled(path, vocabs.x)
        summary = {
            "data": str(path),
            "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
            "sentences": len(examples),
            "words": sum(e.T for e in examples),
            "positive": sum(int(e.labels[0]) for e in examples),
            "unk": len(unknown),
        }
        notes = []
        if unknown:
            sample = ", ".join(sorted(set(unknown))[:5])
            notes.append(
                f"{path}: {len(unknown)} words outside the vocabulary {vocabs.x.source}, fed as <UNK> (e.g. {sample})"
            )
        return Data(examples, summary, notes)

    def n_y(self, vocabs: Vocabs) -> int:
        return 1

    def scores(self, ev: Any) -> str:
        return f"loss {ev.loss:.4f} accuracy {ev.accuracy:.3f} ({ev.correct}/{ev.sentences})"

    def baseline(self, train: Data, heldout: Data, vocabs: Vocabs) -> str | None:
        from .baseline import fit

        key = train.summary["data_sha256"]
        if key not in self._fitted:  # one fit for every held-out file
            self._fitted = {key: fit(train.examples, skip=vocabs.x.unk_index)}
        bag = self._fitted[key]
        return f"bag-of-words logistic regression {bag.accuracy(heldout.examples):.3f}"
