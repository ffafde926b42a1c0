"""Split the name pool into train names and held-out names, reproducibly (issue 9).

Reads scripts/name_pool.tsv (one person-name token a row: name, kind, gender, culture) and
writes scripts/name_split.tsv, the same rows with two more columns: `in_vocab` (yes when the
lowercase token is in the bundled vocabulary, else it is fed as <UNK>) and `split`:

- rows with culture `original` (the names of sample_sentences/ before issue 9) are `train`;
- the other rows are split per stratum (in the vocabulary or not): sorted by token, shuffled
  with random.Random(SEED), the first 75% (rounded) go to `train`, the rest to `heldout_unseen`.

Names are chosen for train.txt from the `train` rows, and for heldout_unseen.txt from the
`heldout_unseen` rows only. `--check` verifies the sample files against the split: every name
token of train.txt and heldout.txt is a `train` row, every name token of heldout_unseen.txt a
`heldout_unseen` row; it prints the counts. A possessive ("Sarah's") counts as its name.

    .venv/bin/python scripts/split_names.py          # write scripts/name_split.tsv
    .venv/bin/python scripts/split_names.py --check  # verify sample_sentences/*.txt
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from rnnviz.text import Vocabulary, load_sentences, tokenize

ROOT = Path(__file__).resolve().parents[1]
POOL = ROOT / "scripts" / "name_pool.tsv"
SPLIT = ROOT / "scripts" / "name_split.tsv"
SAMPLES = ROOT / "sample_sentences"
SEED = 9
TRAIN_SHARE = 0.75
COLUMNS = ["name", "kind", "gender", "culture"]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a tab-separated file whose first line not starting with # is the header."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def token_of(name: str) -> str:
    tokens = tokenize(name)
    if len(tokens) != 1:
        raise SystemExit(f"{POOL.name}: {name!r} is not one token ({tokens})")
    return tokens[0]


def split(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    vocab = Vocabulary.default()
    seen: set[str] = set()
    for row in rows:
        token = token_of(row["name"])
        if token in seen:
            raise SystemExit(f"{POOL.name}: {token!r} appears twice")
        seen.add(token)
        row["in_vocab"] = "no" if vocab.lookup([token])[1][0] else "yes"
        row["split"] = "train" if row["culture"] == "original" else ""
    rng = random.Random(SEED)
    for in_vocab in ("yes", "no"):
        stratum = sorted(
            (row for row in rows if row["culture"] != "original" and row["in_vocab"] == in_vocab),
            key=lambda row: token_of(row["name"]),
        )
        rng.shuffle(stratum)
        cut = round(TRAIN_SHARE * len(stratum))
        for i, row in enumerate(stratum):
            row["split"] = "train" if i < cut else "heldout_unseen"
    return rows


def name_tokens(path: Path) -> Counter[str]:
    """How often each name token (possessive 's removed) is labeled 1 in a sample file."""
    counts: Counter[str] = Counter()
    for sentence in load_sentences(path):
        for token, label in zip(sentence.tokens, sentence.labels or (), strict=True):
            if label:
                counts[token.removesuffix("'s")] += 1
    return counts


def check() -> int:
    rows = read_tsv(SPLIT)
    where = {token_of(row["name"]): row for row in rows}
    problems = 0
    for file, allowed in (("train.txt", "train"), ("heldout.txt", "train"), ("heldout_unseen.txt", "heldout_unseen")):
        counts = name_tokens(SAMPLES / file)
        for token in sorted(counts):
            row = where.get(token)
            if row is None or row["split"] != allowed:
                problems += 1
                split_of = "not in the pool" if row is None else row["split"]
                print(f"{file}: name {token!r} is {split_of}, expected {allowed}")
        in_vocab = sum(where[t]["in_vocab"] == "yes" for t in counts if t in where)
        once = sum(1 for c in counts.values() if c == 1)
        print(f"{file}: {len(counts)} distinct name tokens ({in_vocab} in the vocabulary), {once} used once")
    unused = [t for t, row in where.items() if row["split"] == "train" and t not in name_tokens(SAMPLES / "train.txt")]
    print(f"train names of the pool not used in train.txt: {len(unused)}")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify sample_sentences/*.txt against the split")
    args = parser.parse_args()
    if args.check:
        return check()
    rows = split(read_tsv(POOL))
    header = [*COLUMNS, "in_vocab", "split"]
    lines = ["\t".join(header), *("\t".join(row[c] for c in header) for row in rows)]
    SPLIT.write_text(
        "# Written by scripts/split_names.py from scripts/name_pool.tsv; do not edit.\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    for split_name in ("train", "heldout_unseen"):
        for in_vocab in ("yes", "no"):
            n = sum(1 for row in rows if row["split"] == split_name and row["in_vocab"] == in_vocab)
            print(f"{split_name:15} in_vocab={in_vocab:3} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
