"""What a training task is to `rnnviz train`: the data side of a shape.

A task reads its files into the engine's examples (with its vocabularies: the bundled
10,000 words, a --vocab file, or one built from the data and stored in the model), scores a
model on held-out examples in one line, and may compute a baseline to compare with. The
training loop itself (commands/train.py) is the same for every task. No UI imports.
"""

from __future__ import annotations

import argparse
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine.shapes import Example


@dataclass(frozen=True)
class Data:
    """A file's examples and what is said about it in the model's meta."""

    examples: list[Example]
    summary: dict[str, Any]  # data, data_sha256, sentences, words, … (JSON)
    notes: list[str] = field(default_factory=list)  # printed before training


@dataclass(frozen=True)
class Vocabs:
    """The task's vocabularies: x<t>'s (the input), and the outputs' when they are tokens."""

    x: Any  # rnnviz.text.Vocabulary
    y: Any = None
    carried: bool = False  # stored in the model file (built from the data), not a file of its own

    def meta(self) -> dict[str, Any]:
        """What the model records about them."""
        if self.carried:
            vocabs = {"x": self.x, **({"y": self.y} if self.y is not None else {})}
            kinds = {k: v.kind for k, v in vocabs.items() if getattr(v, "kind", "words") != "words"}
            return {"vocab": {**{k: list(v.words) for k, v in vocabs.items()}, **({"kinds": kinds} if kinds else {})}}
        return {"vocab_sha256": self.x.sha256, "vocab_size": len(self.x)}


class Task(ABC):
    name: str  # as in `rnnviz train --task`
    shape: str  # the engine's shape
    head: str = "sigmoid"
    default_data: str = ""  # under sample_sentences/
    # `rnnviz train`'s input dropout when no option and no resumed model says (0 when absent)
    dropout: dict[str, float] = {}

    def add_options(self, parser: argparse.ArgumentParser) -> None:  # noqa: B027 (optional hook)
        """Options only this task has."""

    @abstractmethod
    def vocabularies(self, args: Any, train_path: Path, resumed: Any = None) -> Vocabs:
        """The vocabularies: from --vocab, the bundled words, the data, or the resumed model."""

    @abstractmethod
    def read(self, path: Path, vocabs: Vocabs, role: str, args: Any) -> Data:
        """The examples of a file (UserError naming file and line for what cannot be used)."""

    @abstractmethod
    def n_y(self, vocabs: Vocabs) -> int:
        """Output units."""

    @abstractmethod
    def scores(self, evaluation: Any) -> str:
        """One line of held-out figures: `acc 98.0% P 0.979 R 0.938 F1 0.958`."""

    def baseline(self, train: Data, heldout: Data, vocabs: Vocabs) -> str | None:
        """A simpler model's held-out figures, for comparison (None when the task has none)."""
        return None

    def predictions(self, data: Data) -> int:
        """How many predictions the losses of `data` sum over (training bounds a loss per
        prediction): one a word for the tagger."""
        return int(data.summary["words"])

    def trained_on(self, train: Data) -> str:
        return str(train.summary["data"])
