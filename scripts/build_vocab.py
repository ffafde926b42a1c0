"""Build the bundled vocabulary rnnviz/data/vocab.txt (a dev script; run once, commit the file).

Needs the `wordfreq` package (`pip install wordfreq`), which is NOT a runtime dependency of
rnnviz. The file has SIZE lines: `<UNK>` first, then the most common English words from
`wordfreq.top_n_list("en", ...)` in frequency order, keeping only words that `tokenize` leaves
unchanged (lowercase, no punctuation, one token), then -- in the last slots, sorted -- the
fixed extra words of scripts/vocab_extra_words.txt (one a line) that the frequency list did
not reach. Those 174 words were the words of the original sample_sentences/*.txt outside the
frequency list; the list is fixed so that editing the sample sentences never changes the
vocabulary (trained models record its sha256). Deterministic for a given wordfreq version.

    .venv/bin/python scripts/build_vocab.py [--size 10000] [--out rnnviz/data/vocab.txt]
"""

from __future__ import annotations

import argparse
import importlib.metadata
from pathlib import Path

import wordfreq

from rnnviz.text.tokens import tokenize
from rnnviz.text.vocab import UNK

ROOT = Path(__file__).resolve().parents[1]
EXTRA_WORDS = ROOT / "scripts" / "vocab_extra_words.txt"


def extra_words() -> set[str]:
    """The fixed words that take the last slots when the frequency list misses them."""
    return {line.strip() for line in EXTRA_WORDS.read_text(encoding="utf-8").splitlines() if line.strip()}


def frequent_words(at_least: int) -> list[str]:
    """At least `at_least` wordfreq English words, most common first, each one clean token."""
    n = at_least * 2
    while True:
        words = [w for w in wordfreq.top_n_list("en", n) if tokenize(w) == [w] and w != UNK]
        if len(words) >= at_least:
            return list(dict.fromkeys(words))
        n *= 2


def build(size: int) -> tuple[list[str], list[str]]:
    """(the vocabulary lines, the extra words that took the last slots)."""
    needed = extra_words()
    slots = size - 1  # after <UNK>
    frequent = frequent_words(slots)
    # Take the m most frequent words so that m + (extra words not among them) == slots.
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
    print(f"wrote {args.out}: {len(lines)} lines, wordfreq {version}, {len(missing)} extra words")
    print("extra words in the last slots:", " ".join(missing))


if __name__ == "__main__":
    main()
