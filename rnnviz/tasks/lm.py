"""The character-level language model task: plain text, one sequence a line.

Its vocabulary is the characters of the training file plus the end token "\\n" (a
`CharVocabulary`), stored inside the model file, so no --vocab is needed afterwards. A line
c<1> … c<n> is the sequence w = c<1> … c<n> END: n + 1 predictions, the end token counted as
a character in bits per character. The baseline is a character bigram model with add-one
smoothing, fitted on the training file and scored on the same held-out predictions.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..errors import UserError
from .base import Data, Task, Vocabs


class LmTask(Task):
    name = "lm"
    shape = "lm"
    head = "softmax"
    default_data = "charlm/train.txt"

    def vocabularies(self, args: Any, train_path: Path, resumed: Any = None) -> Vocabs:
        """The characters of the training file and END; when resuming, the model's own."""
        from ..text.chars import CharVocabulary, load_lines

        if args.vocab is not None:
            raise UserError(f"--vocab {args.vocab}: a character language model takes its vocabulary from --data")
        if args.word_dropout:
            raise UserError("--word-dropout: a character language model has no <UNK> to drop characters to")
        if args.resume is not None:
            from ..engine.modelio import load_model
            from ..pipeline import carried_vocab

            vocab = carried_vocab(load_model(args.resume))
            if not isinstance(vocab, CharVocabulary):
                raise UserError(f"{args.resume}: has no character vocabulary; it is not a character language model")
            return Vocabs(x=vocab, carried=True)
        lines = load_lines(train_path)
        return Vocabs(
            x=CharVocabulary.from_lines((line.text for line in lines), f"the characters of {train_path}"), carried=True
        )

    def read(self, path: Path, vocabs: Vocabs, role: str, args: Any) -> Data:
        """Every line of `path` as a sequence; a character outside the vocabulary is a
        UserError naming the file, the line and the character."""
        from ..engine.shapes.lm import example_of
        from ..text.chars import END, load_lines

        vocab = vocabs.x
        lines = load_lines(path)
        examples = [
            example_of(vocab.encode(line.text, f"{line.where} ({role} data)"), line.where, (*line.text, END))
            for line in lines
        ]
        chars = sum(e.T for e in examples)
        summary = {
            "data": str(path),
            "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
            "sentences": len(examples),
            "words": sum(len(line.text.split()) for line in lines),
            "chars": chars,  # predicted tokens: every character and each line's end token
        }
        return Data(examples, summary)

    def predictions(self, data: Data) -> int:
        """One a character, the end tokens included."""
        return int(data.summary["chars"])

    def n_y(self, vocabs: Vocabs) -> int:
        return len(vocabs.x)

    def scores(self, ev: Any) -> str:
        return f"bpc {ev.bpc:.3f} ({ev.char_loss:.4f} nats/char)"

    def baseline(self, train: Data, heldout: Data, vocabs: Vocabs) -> str | None:
        """The character bigram model (add-one smoothing) of the training file, in bits per
        character on `heldout`."""
        from ..engine.bigram import Bigram

        n = len(vocabs.x)
        return f"bigram {Bigram.fit(train.examples, n, n).bpc(heldout.examples):.3f} bpc (add-one)"
