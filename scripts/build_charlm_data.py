"""Build sample_sentences/charlm/{train,heldout}.txt, the bundled `charlm`'s corpus (a dev script).

The corpus is the English sentences rnnviz already ships, written for rnnviz by its authors
(no outside corpus, the project's license): the sentiment sentences of
sample_sentences/classifier/ without their labels, and the tagger's sentences of
sample_sentences/{train,heldout}.txt without their [name] brackets. Each keeps its split
(train -> train, held-out -> held-out); a held-out line that is also a training line is
dropped, and a line that occurs twice in a split is kept once. Plain text, one sentence a
line, no comments (every character of a line is part of the sequence).

It was run once and its output committed; the corpus is a fixed file from then on (the
sentence files it was taken from may grow on their own).

    .venv/bin/python scripts/build_charlm_data.py [--out sample_sentences/charlm]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rnnviz.text.labeled import load_labeled_lines

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_sentences"


def tagger_lines(path: Path) -> list[str]:
    """The sentences of a bracket-markup file, brackets removed, as written."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.replace("[", "").replace("]", "").strip())
    return out


def split(name: str) -> list[str]:
    lines = [item.text for item in load_labeled_lines(SAMPLES / "classifier" / f"{name}.txt")]
    lines += tagger_lines(SAMPLES / f"{name}.txt")
    return list(dict.fromkeys(lines))  # each line once, in order


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLES / "charlm")
    args = parser.parse_args()
    train = split("train")
    seen = set(train)
    heldout = [line for line in split("heldout") if line not in seen]
    args.out.mkdir(parents=True, exist_ok=True)
    for name, lines in (("train", train), ("heldout", heldout)):
        (args.out / f"{name}.txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        print(f"{args.out / name}.txt: {len(lines)} lines, {sum(len(x) + 1 for x in lines)} characters")


if __name__ == "__main__":
    main()
