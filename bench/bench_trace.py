"""`rnnviz trace` on big input: a 1 MB word in table format, and 10,000 sentences as JSON.

    python bench/bench_trace.py              # both, each case in a fresh process
    python bench/bench_trace.py --sentences 2000 --word-kb 300   # smaller

1. A long word (table format). Rich's highlighter is quadratic in a long word, so trace
   builds its Console with highlight=False. Reported: the time of `rnnviz trace` on one word
   of 10 KB, 100 KB and 1 MB, and the ratios between them (linear: about 10x for 10x the
   input; quadratic: about 100x), and, in the same run, a Console that highlights (the code
   before) printing a 30 KB word, for scale.
2. JSON, 10,000 sentences. Before: every trace kept, one document built in memory and written
   with json.dump (the code before, copied below). After: `rnnviz trace --format json`, which
   streams one json.dumps a sentence. Before and after alternate (3 rounds); reported: the
   median wall time and peak memory (max RSS) of each, their ratios, and each round's ratio.

Figures are ratios within one run (the machines are shared and noisy). Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------- the code before


def old_to_json(params, traces) -> dict:
    """`rnnviz trace --format json` before issue 13: the whole document in memory."""
    from rnnviz.commands.trace_json import model_json
    from rnnviz.tasks.tagger_trace import scalar_or_list as _scalar_or_list

    return {
        "model": model_json(params),
        "sentences": [
            {
                "tokens": list(tr.tokens),
                "labels": None if tr.labels is None else list(tr.labels),
                "loss": tr.loss,
                "unknown": list(tr.unknown_tokens),
                "steps": [
                    {
                        "t": s.t,
                        "token": s.token,
                        "index": s.index,
                        "unknown": s.unknown,
                        "y": s.y,
                        "y_hat": _scalar_or_list(s.probs),
                        "logit": _scalar_or_list(s.logits),
                        "loss": s.loss,
                        "cum_loss": s.cum_loss,
                        "z": s.z.tolist(),
                        "a": s.a.tolist(),
                    }
                    for s in tr.steps
                ],
            }
            for tr in traces
        ],
    }


def old_json(path: str) -> None:
    from rnnviz.pipeline import load_params, load_vocab, trace_sentence
    from rnnviz.text import load_sentences

    vocab = load_vocab(None)
    params = load_params(None, vocab)
    traces = [trace_sentence(params, vocab, s) for s in load_sentences(path)]
    json.dump(old_to_json(params, traces), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


# ---------------------------------------------------------------------------- one case, in a child


def child(case: str, path: str) -> None:
    """Run one case with stdout on /dev/null; print its wall time and max RSS to stderr."""
    import numpy  # noqa: F401  (imports are not what is measured)
    import rich.console  # noqa: F401

    from rnnviz.cli import main

    with open(os.devnull, "w", encoding="utf-8") as null, contextlib.redirect_stdout(null):
        start = time.perf_counter()
        if case == "old-json":
            old_json(path)
        elif case == "new-json":
            main(["trace", "--file", path, "--format", "json"])
        elif case == "new-json-no-vectors":
            main(["trace", "--file", path, "--format", "json", "--no-vectors"])
        elif case == "table":
            main(["trace", "--file", path])
        elif case == "highlight":  # the code before: a Console that highlights, one long line
            from rich.console import Console

            Console(file=null, highlight=True).print(Path(path).read_text(encoding="utf-8"))
        seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rss_mb": rss}), file=sys.stderr)


def measure(case: str, path: Path, timeout: float = 900) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", case, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{case} failed:\n{proc.stderr}")
    return json.loads(proc.stderr.strip().splitlines()[-1])


def sentence_file(directory: Path, n: int) -> Path:
    """n labeled sentences: the sample sentences, repeated."""
    lines = [
        line
        for name in ("train.txt", "heldout.txt")
        for line in (ROOT / "sample_sentences" / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    path = directory / f"sentences{n}.txt"
    path.write_text("\n".join(lines[i % len(lines)] for i in range(n)) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="before/after pairs for the JSON figure (default 3)")
    parser.add_argument("--word-kb", type=int, default=1000, help="the long word's size in KB (default 1000)")
    parser.add_argument("--child", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        print("1. one long word, `rnnviz trace` (table format), each in a fresh process")
        sizes = [10, 100, args.word_kb]
        times = {}
        for kb in sizes:
            word = directory / f"word{kb}.txt"
            word.write_text("a" * (kb * 1000) + "\n", encoding="utf-8")
            times[kb] = measure("table", word)
            print(f"   {kb:>5} KB word: {times[kb]['seconds'] * 1000:8.0f} ms, max RSS {times[kb]['rss_mb']:.0f} MB")
        small, mid, big = sizes
        print(
            f"   ratios: {mid} KB / {small} KB = {times[mid]['seconds'] / times[small]['seconds']:.1f}x, "
            f"{big} KB / {mid} KB = {times[big]['seconds'] / times[mid]['seconds']:.1f}x "
            "(linear: 10x for 10x the input, plus a fixed start)"
        )
        word = directory / "word30.txt"
        word.write_text("a" * 30_000 + "\n", encoding="utf-8")
        before = measure("highlight", word)
        print(
            f"   for scale, a highlighting Console (the code before) printing a 30 KB word: {before['seconds']:.2f} s"
        )

        print(f"2. {args.sentences:,} sentences, --format json, each in a fresh process, before and after alternating")
        path = sentence_file(directory, args.sentences)
        runs: dict[str, list[dict]] = {"old-json": [], "new-json": []}
        for _ in range(args.rounds):
            for case in runs:
                runs[case].append(measure(case, path))
        old = {k: statistics.median(r[k] for r in runs["old-json"]) for k in ("seconds", "rss_mb")}
        new = {k: statistics.median(r[k] for r in runs["new-json"]) for k in ("seconds", "rss_mb")}
        spread = ", ".join(f"{a['seconds'] / b['seconds']:.2f}x" for a, b in zip(runs["old-json"], runs["new-json"]))
        print(
            f"   before (document in memory, json.dump):   {old['seconds']:6.2f} s, max RSS {old['rss_mb']:5.0f} MB (median)"
        )
        print(
            f"   after  (streamed, json.dumps a sentence): {new['seconds']:6.2f} s, max RSS {new['rss_mb']:5.0f} MB (median)"
        )
        print(
            f"   before / after: time {old['seconds'] / new['seconds']:.2f}x (each round: {spread}), "
            f"memory {old['rss_mb'] / new['rss_mb']:.1f}x"
        )
        lean = measure("new-json-no-vectors", path)
        print(
            f"   --no-vectors: {lean['seconds']:.2f} s ({new['seconds'] / lean['seconds']:.1f}x faster than with z and a)"
        )


if __name__ == "__main__":
    main()
