"""`rnnviz vocab`: a vocabulary built from the user's own sentence files.

    rnnviz vocab --data train.conll dev.conll --size 5000 --min-count 2 --out words.txt
    rnnviz train --data train.conll --vocab words.txt --out model.npz
    rnnviz --model model.npz --vocab words.txt

The files are read as `rnnviz train` reads them (bracket markup or CoNLL-2003, by extension
or content; labeled or not), their words tokenized the same way. The file has `<UNK>` on
line 0, then the words that occur at least --min-count times, most frequent first, ties in
alphabetical order (the same files give the same bytes), at most --size lines in all. A
model trained with it records its sha256, so it is never used with another vocabulary.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..errors import UserError
from .common import ArgumentParser


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz vocab",
        description="Build a vocabulary file (one word a line, index = line number, <UNK> at 0, most frequent "
        "first) from sentence files (bracket markup or CoNLL-2003), for rnnviz train --vocab.",
    )
    p.add_argument("--data", metavar="PATH", type=Path, nargs="+", required=True, help="sentence files to count")
    p.add_argument("--size", metavar="N", type=int, required=True, help="at most N lines, <UNK> included")
    p.add_argument(
        "--min-count", metavar="K", type=int, default=1, help="keep only words seen at least K times (default 1)"
    )
    p.add_argument("--out", metavar="PATH", type=Path, required=True, help="vocabulary file to write")
    return p


def build(counts: Counter[str], size: int, min_count: int = 1) -> list[str]:
    """The vocabulary's lines: <UNK>, then the words with count >= `min_count`, most
    frequent first, ties alphabetical, `size` lines at most."""
    from ..text import UNK

    kept = sorted((word for word, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w))
    return [UNK, *kept[: size - 1]]


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.size < 2:
        raise UserError(f"--size must be at least 2 (<UNK> and one word), not {args.size}")
    if args.min_count < 1:
        raise UserError(f"--min-count must be at least 1, not {args.min_count}")
    from ..files import atomic_write
    from ..text import load_sentences

    counts: Counter[str] = Counter()
    for path in args.data:
        for sentence in load_sentences(path):
            counts.update(sentence.tokens)
    words = build(counts, args.size, args.min_count)
    if len(words) == 1:
        top = max(counts.values())
        raise UserError(
            f"no word occurs {args.min_count} times in the data (the most frequent, {top} times): lower --min-count"
        )
    atomic_write(args.out, "".join(f"{word}\n" for word in words).encode("utf-8"))
    total = sum(counts.values())
    covered = sum(counts[w] for w in words[1:])
    print(
        f"wrote {args.out}: <UNK> and {len(words) - 1:,} words, of {len(counts):,} distinct in "
        f"{len(args.data)} file{'s' if len(args.data) > 1 else ''}; they cover {covered / total:.1%} "
        f"of the {total:,} running words (the rest are fed as <UNK>)"
    )
    return 0
