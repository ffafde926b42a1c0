"""The tagger task: sentences with their names marked (bracket markup or CoNLL-2003), y<t> = 1
for a word of a person's name; word-level and name-level scores."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import UserError
from .base import Data, Task, Vocabs

# The share of training words outside names that may be <UNK> unless --max-unk says otherwise. The
# bundled train.txt feeds 7.4% of them as <UNK> on purpose (rare words, scripts/rare_words.tsv), so
# that <UNK> does not mean "a name"; a vocabulary that does not fit the data leaves far more.
MAX_UNK = 0.1


class TaggerTask(Task):
    name = "tagger"
    shape = "tagger"
    head = "sigmoid"
    default_data = "train.txt"
    # chosen by measurement (scripts/measure_dropout.py; README, "Names the network has never seen")
    dropout = {"word_dropout": 0.0, "unseen_dropout": 0.1}

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--max-unk",
            metavar="SHARE",
            type=float,
            default=MAX_UNK,
            help=f"largest share of the training words outside names allowed to be <UNK> (default {MAX_UNK:g}: "
            "rare words may be <UNK>, as in the bundled train.txt, but a vocabulary of another language or "
            "another tokenizer is refused; a name outside the vocabulary is always fed as <UNK>)",
        )

    def vocabularies(self, args: Any, train_path: Path, resumed: Any = None) -> Vocabs:
        from ..pipeline import load_vocab

        return Vocabs(x=load_vocab(args.vocab))

    def read(self, path: Path, vocabs: Vocabs, role: str, args: Any) -> Data:
        """The labeled sentences of `path`; unknown words outside names count against
        --max-unk for the training data."""
        from ..engine.records import labeled_examples
        from ..text import load_sentences

        vocab = vocabs.x
        sentences = load_sentences(path)
        examples, unknown_words = labeled_examples(sentences, vocab, str(path))
        if not examples:
            what = "it has no sentence" if not sentences else f"its {len(sentences)} sentences are all unlabeled"
            raise UserError(
                f"{path}: no labeled sentence to use as {role} data ({what}; mark names with [brackets] or use CoNLL tags)"
            )
        words = sum(e.T for e in examples)
        unk_names = sum(
            int(np.sum((e.indices == vocab.unk_index) & (e.labels > 0.5) & _unknown(e, vocab))) for e in examples
        )
        others = len(unknown_words) - unk_names
        share = others / words
        max_unk = getattr(args, "max_unk", MAX_UNK) if role == "training" else None
        if max_unk is not None and share > max_unk:
            names = {t for e in examples for t, y in zip(e.tokens, e.labels) if y > 0.5}
            sample = ", ".join(sorted({w for w in unknown_words if w not in names})[:5])
            raise UserError(
                f"{path}: the vocabulary {vocab.source} does not cover the {role} data: {others} of {words} words "
                f"outside names ({share:.1%}) would be <UNK> (e.g. {sample}); use --vocab, or allow a share with --max-unk"
            )
        summary = {
            "data": str(path),
            "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
            "sentences": len(examples),
            "words": words,
            "names": int(sum(float(e.labels.sum()) for e in examples)),
            "unk": len(unknown_words),
            "unk_names": unk_names,
        }
        notes = []
        if unknown_words:
            notes.append(
                f"{path}: {len(unknown_words)} words fed as <UNK> ({unk_names} of them in names, which are learned "
                "from their context)"
            )
        return Data(examples, summary, notes)

    def n_y(self, vocabs: Vocabs) -> int:
        return 1

    def scores(self, ev: Any) -> str:
        return (
            f"loss {ev.loss:.4f} acc {ev.accuracy:.1%} words P {ev.precision:.3f} R {ev.recall:.3f} F1 {ev.f1:.3f} "
            f"names P {ev.entity_precision:.3f} R {ev.entity_recall:.3f} F1 {ev.entity_f1:.3f}"
        )


def _unknown(example: Any, vocab: Any) -> np.ndarray:
    """Which words of an example are outside the vocabulary (not merely the word <UNK>)."""
    return np.array([token not in vocab for token in example.tokens], dtype=bool)
