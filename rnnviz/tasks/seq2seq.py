"""The seq2seq task: `input<TAB>output` pairs, words in and characters out (sample_sentences/
seq2seq: a number in words and its digits). Both vocabularies are built from the training
data and carried in the model: the input words (with <UNK>), and the output characters after
the end token <END> (index 0, the engine's END). Held-out: exact match of greedy decoding, and
the teacher-forced per-character accuracy."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..engine.shapes import Example
from ..engine.shapes.seq2seq import END
from ..errors import UserError
from .base import Data, Task, Vocabs

END_TOKEN = "<END>"


@dataclass(frozen=True)
class Outputs:
    """The output vocabulary: <END> first, then one token per output character."""

    words: tuple[str, ...]
    source: str = "the training outputs"
    _index: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.words or self.words[END] != END_TOKEN:
            raise ValueError(f"an output vocabulary starts with {END_TOKEN}")
        self._index.update({word: i for i, word in enumerate(self.words)})

    def __len__(self) -> int:
        return len(self.words)

    def targets(self, text: str) -> list[int] | None:
        """y<1 … T_y>: the characters of `text`, then <END>; None when one is not in the vocabulary."""
        if any(char not in self._index for char in text):
            return None
        return [*(self._index[char] for char in text), END]

    def missing(self, text: str) -> list[str]:
        return sorted({char for char in text if char not in self._index})

    def text(self, indices: Any) -> str:
        """The output string of output indices (<END> and everything after it left out)."""
        out = []
        for i in indices:
            if int(i) == END:
                break
            out.append(self.words[int(i)])
        return "".join(out)


def output_vocab(params: Any) -> Outputs | None:
    """The output vocabulary a model carries (meta["vocab"]["y"]), or None."""
    carried = params.meta.get("vocab")
    words = carried.get("y") if isinstance(carried, dict) else None
    if not isinstance(words, list) or not words or words[0] != END_TOKEN:
        return None
    return Outputs(tuple(str(w) for w in words), f"the output vocabulary of {params.meta.get('source', 'the model')}")


def read_pairs(path: Path, vocabs: Vocabs) -> tuple[list[Example], list[str]]:
    """The pairs of `path` as examples, and the input words fed as <UNK>; an output character
    outside the output vocabulary is a UserError naming the line."""
    from ..text import tokenize
    from ..text.labeled import load_pairs

    examples, unknown = [], []
    for pair in load_pairs(path):
        tokens = tokenize(pair.input)
        indices, missing = vocabs.x.lookup(tokens)
        unknown += [token for token, m in zip(tokens, missing) if m]
        targets = vocabs.y.targets(pair.output)
        if targets is None:
            chars = ", ".join(repr(c) for c in vocabs.y.missing(pair.output))
            raise UserError(f"{path}:{pair.line}: output character {chars} is not in {vocabs.y.source}")
        examples.append(Example(indices, np.array(targets, dtype=np.int64), f"{path}:{pair.line}", tuple(tokens)))
    return examples, unknown


class Seq2SeqTask(Task):
    name = "seq2seq"
    shape = "seq2seq"
    head = "softmax"
    default_data = "seq2seq/train.txt"

    def vocabularies(self, args: Any, train_path: Path, resumed: Any = None) -> Vocabs:
        """The input words and output characters of the training file (or the resumed model's;
        --vocab gives the input words instead)."""
        from ..engine.modelio import load_model
        from ..pipeline import carried_vocab, load_vocab
        from ..text import UNK, Vocabulary, tokenize
        from ..text.labeled import load_pairs

        if resumed is None and getattr(args, "resume", None) is not None:
            resumed = load_model(args.resume)
        if resumed is not None:
            x, y = carried_vocab(resumed), output_vocab(resumed)
            if x is None or y is None:
                raise UserError(f"{args.resume}: carries no input and output vocabulary (meta 'vocab')")
            return Vocabs(x=x, y=y, carried=True)
        pairs = load_pairs(train_path)
        if args.vocab is not None:
            x = load_vocab(args.vocab)
        else:
            words = sorted({token for pair in pairs for token in tokenize(pair.input)} - {UNK})
            x = Vocabulary.from_words([UNK, *words], source=f"the input words of {train_path}")
        chars = sorted({char for pair in pairs for char in pair.output})
        return Vocabs(x=x, y=Outputs((END_TOKEN, *chars), f"the output characters of {train_path}"), carried=True)

    def read(self, path: Path, vocabs: Vocabs, role: str, args: Any) -> Data:
        examples, unknown = read_pairs(path, vocabs)
        summary = {
            "data": str(path),
            "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
            "sentences": len(examples),
            "words": sum(e.T for e in examples),
            "outputs": sum(len(e.labels) for e in examples),
            "unk": len(unknown),
        }
        notes = []
        if unknown:
            sample = ", ".join(sorted(set(unknown))[:5])
            notes.append(f"{path}: {len(unknown)} input words outside {vocabs.x.source}, fed as <UNK> (e.g. {sample})")
        return Data(examples, summary, notes)

    def n_y(self, vocabs: Vocabs) -> int:
        return len(vocabs.y)

    def scores(self, ev: Any) -> str:
        return (
            f"loss {ev.loss:.4f} exact match {ev.exact_match:.1%} ({ev.exact}/{ev.sentences}) "
            f"characters {ev.token_accuracy:.1%}"
        )
