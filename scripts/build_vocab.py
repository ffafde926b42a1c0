"""Build the bundled vocabulary rnnviz/data/vocab.txt (a dev script; run once, commit the file).

Needs the `wordfreq` package (`pip install wordfreq`), which is NOT a runtime dependency of
rnnviz. The file has SIZE lines: `<UNK>` first, then the most common English words from
`wordfreq.top_n_list("en", ...)` in frequency order, keeping only words that `tokenize` leaves
unchanged (lowercase, no punctuation, one token), then -- in the last slots, sorted -- every
word of sample_sentences/*.txt that the frequency list did not reach. Deterministic for a
given wordfreq version.

    .venv/bin/python scripts/build_vocab.py [--size 10000] [--out rnnviz/data/vocab.txt]
"""

from __future__ import annotations

import argparse
import importlib.metadata
from pathlib import Path

import wordfreq

from rnnviz.text.formats import load_sentences
from rnnviz.text.tokens import tokenize
from rnnviz.text.vocab import UNK

ROOT = Path(__file__).resolve().parents[1]


def sample_words() -> set[str]:
    """Every token of every sample file in the checkout."""
    files = sorted((ROOT / "sample_sentences").glob("*.txt"))
    return {token for path in files for s in load_sentences(path) for token in s.tokens}


def frequent_words(at_least: int) -> list[str]:
    """At least `at_least` wordfreq English words, most common first, each one clean token."""
    n = at_least * 2
    while True:
        words = [w for w in wordfreq.top_n_list("en", n) if tokenize(w) == [w] and w != UNK]
        if len(words) >= at_least:
            return list(dict.fromkeys(words))
        n *= 2


def build(size: int) -> tuple[list[str], list[str]]:
    """(the vocabulary lines, the sample words that took the last slots)."""
    needed = sample_words()
    slots = size - 1  # after <UNK>
    frequent = frequent_words(slots)
    # Take the m most frequent words so that m + (sample words not among them) == slots.
    m = slots
    while True:
        missing = sorted(needed - set(frequent[:m]))
        if m + len(missing) <= slots:
            break
        m -= 1
    lines = [UNK, *frequent[:m], *missing]
    assert len(lines) == size and len(set(lines)) == size
    return lines, missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "rnnviz" / "data" / "vocab.txt")
    args = parser.parse_args()
    lines, missing = build(args.size)
    args.out.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    version = importlib.metadata.version("wordfreq")
    print(f"wrote {args.out}: {len(lines)} lines, wordfreq {version}, {len(missing)} sample words")
    print("sample words in the last slots:", " ".join(missing))


if __name__ == "__main__":
    main()
