"""Build sample_sentences/seq2seq/{train,heldout}.txt: numbers in words -> digits (a dev script).

Deterministic: the same seed writes the same bytes (tests/text/test_seq2seq_data.py checks
the committed files against a fresh run). 22,000 distinct numbers in 0 ... 999,999 are drawn
one at a time: a number of digits uniform over 1-6 (over the lengths not used up yet), then a
number uniform among those of that length not drawn yet. So all 1,000 numbers below 1,000 are
drawn, and about 7,000 each of 4, 5 and 6 digits. 2,000 of the drawn numbers with three or
more digits, chosen at random, are held out; the other 20,000 are for training, among them
every number below 100 (the words themselves: "zero" occurs nowhere else). Each of those is
in train.txt SMALL_COPIES times in all (the extra copies last, in a seeded order): once each,
the model decoded "seven" as 2 and "one" as nothing, the first inputs a new user types.

    .venv/bin/python scripts/build_seq2seq_data.py [--out sample_sentences/seq2seq]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from rnnviz.text.numbers import LARGEST, all_words, number_words
from rnnviz.text.vocab import Vocabulary

ROOT = Path(__file__).resolve().parents[1]
SEED = 12
TRAIN = 20_000
HELDOUT = 2_000
SMALL_COPIES = 8  # how often each number below 100 is in train.txt

HEADER = """\
# rnnviz seq2seq pairs ({what}). Written for rnnviz by scripts/build_seq2seq_data.py
# (seed {seed}); rebuild with the script rather than editing by hand.
# Format: one pair a line, input<TAB>output: a whole number from 0 to 999,999 in English
# words, then its digits. Words are lowercase with no hyphens ("forty two") and British "and":
# "one hundred and five", "two thousand and seven", "three thousand and forty two",
# "one hundred and twenty three thousand four hundred and fifty six". Lines starting with #
# are comments. No number is in both train.txt and heldout.txt.
"""


def draw(rng: random.Random, count: int) -> list[int]:
    """`count` distinct numbers: a digit count uniform over those not used up, then uniform."""
    ranges = {digits: (10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1) for digits in range(1, 7)}
    assert ranges[6][1] == LARGEST
    taken: set[int] = set()
    left = {digits: high - low + 1 for digits, (low, high) in ranges.items()}
    numbers = []
    while len(numbers) < count:
        digits = rng.choice([d for d in sorted(left) if left[d] > 0])
        low, high = ranges[digits]
        n = rng.randint(low, high)
        while n in taken:  # uniform among the numbers of that length not drawn yet
            n = rng.randint(low, high)
        taken.add(n)
        left[digits] -= 1
        numbers.append(n)
    return numbers


def split(seed: int = SEED) -> tuple[list[int], list[int]]:
    """(training numbers, held-out numbers), each in the order drawn."""
    rng = random.Random(seed)
    numbers = draw(rng, TRAIN + HELDOUT)
    candidates = [n for n in numbers if n >= 100]
    held = set(rng.sample(candidates, HELDOUT))
    return [n for n in numbers if n not in held], [n for n in numbers if n in held]


def text(numbers: list[int], what: str, seed: int = SEED) -> str:
    lines = [f"{number_words(n)}\t{n}\n" for n in numbers]
    return HEADER.format(what=what, seed=seed) + "".join(lines)


def build(out: Path, seed: int = SEED) -> dict[str, int]:
    """Write train.txt and heldout.txt into `out`; the number of pairs in each."""
    train, heldout = split(seed)
    extra = [n for n in range(100) for _ in range(SMALL_COPIES - 1)]
    random.Random(seed + 1).shuffle(extra)
    train = train + extra
    out.mkdir(parents=True, exist_ok=True)
    (out / "train.txt").write_text(text(train, "training set", seed), encoding="utf-8", newline="\n")
    (out / "heldout.txt").write_text(
        text(heldout, "held-out set: numbers never in train.txt", seed), encoding="utf-8", newline="\n"
    )
    return {"train.txt": len(train), "heldout.txt": len(heldout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "sample_sentences" / "seq2seq")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    counts = build(args.out, args.seed)
    for name, count in counts.items():
        print(f"wrote {args.out / name}: {count} pairs")
    vocab = Vocabulary.default()
    missing = [word for word in all_words() if word not in vocab]
    if missing:
        print(f"note: not in {vocab.source}: {' '.join(missing)}", file=sys.stderr)


if __name__ == "__main__":
    main()
