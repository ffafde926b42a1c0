"""The UI while the model trains in the app: frame interval and key latency, in a real pty.

    .venv/bin/python bench/bench_tui_train.py [--epochs 20] [--size 120x40] [--key-every 0.025]

Spawns the debugger (the seed's sentence and the 365 sentences of sample_sentences/
train.txt on the bundled model: n_a = 100, V = 10,000, the seed's size) under a pty, opens
the training dialog with `t` and starts N epochs with Enter, then, while the worker thread
trains, writes ← / → every `--key-every` seconds and records every byte the app writes.
Two measurements, both while training runs:

- frames on the terminal: the app's output is grouped into frames (bytes less than 3 ms
  apart); the gaps between frame starts while keys keep coming are the UI frame interval
  (the target is under 50 ms), and the time from each key to the first byte after it is
  the key latency;
- the event loop itself: the child app (this file with --child: the real RnnvizApp plus
  a 5 ms interval timer, no other change) records how late each tick fires while the
  training thread holds the GIL; the largest gap is the longest the UI could not draw.

Also prints how long the epochs took in the app, against the same epochs without a UI
(the cost of handing the GIL over between mini-batches). Not a test: figures depend on
the machine.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import select
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_tui_step import LEFT, RIGHT, SETTLE, Pty  # noqa: E402

FRAME_GAP = 0.003  # bytes closer than this belong to the same frame
T_X = 9


def child(out: str) -> int:
    """The real app, with a 5 ms ticker that records the event loop's gaps while training."""
    from rnnviz.pipeline import load_params, load_vocab
    from rnnviz.text import default_sentences
    from rnnviz.tui.app import RnnvizApp
    from rnnviz.tui.screens.debugger import DebuggerScreen
    from rnnviz.tui.session import Session

    ticks: list[float] = []
    times = {"started": 0.0}
    start_training, training_ended = DebuggerScreen.start_training, DebuggerScreen.on_training_ended

    def started(screen: DebuggerScreen, epochs: int, lr: float, throttle: float | None = None) -> None:
        times["started"] = time.perf_counter()
        start_training(screen, epochs, lr, throttle)

    def ended(screen: DebuggerScreen, message) -> None:  # the message: TrainingEnded
        seconds = time.perf_counter() - times["started"]
        training_ended(screen, message)
        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(ticks)]
        epochs = message.outcome.view.epoch if message.outcome is not None else 0
        Path(out).write_text(json.dumps({"tick_gaps_ms": gaps, "seconds": seconds, "epochs": epochs}))

    DebuggerScreen.start_training = started  # type: ignore[method-assign]
    DebuggerScreen.on_training_ended = ended  # type: ignore[method-assign]

    class Measured(RnnvizApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.set_interval(0.005, self._tick)

        def _tick(self) -> None:
            if self.debugger.loaded.training is not None:
                ticks.append(time.perf_counter())

    vocab = load_vocab(None)
    session = Session(default_sentences(), load_params(None, vocab), vocab, "sample_sentences/train.txt")
    Measured(session).run()
    return 0


def frames_of(chunks: list[tuple[float, int]]) -> list[float]:
    """Start times of frames: chunks separated by more than FRAME_GAP."""
    starts: list[float] = []
    last = None
    for at, _ in chunks:
        if last is None or at - last > FRAME_GAP:
            starts.append(at)
        last = at
    return starts


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1)))]


def without_ui(epochs: int) -> float:
    """Seconds for the same epochs on the same data, no app (the TrainingJob alone)."""
    from rnnviz.pipeline import load_params, load_vocab
    from rnnviz.text import default_sentences, heldout_sentences
    from rnnviz.tui.training import TrainingJob

    vocab = load_vocab(None)
    params = load_params(None, vocab)
    job = TrainingJob(
        params,
        default_sentences(),
        vocab,
        source="train.txt",
        epochs=epochs,
        lr=0.01,
        heldout=heldout_sentences(),
        heldout_name="heldout.txt",
    )
    started = time.perf_counter()
    job.run(lambda view: None)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--key-every", type=float, default=0.025, help="seconds between keys during training")
    parser.add_argument("--child", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child)
    cols, rows = (int(n) for n in args.size.split("x"))
    out = Path(tempfile.mkdtemp()) / "ticks.json"
    pty = Pty([sys.executable, str(Path(__file__).resolve()), "--child", str(out)], cols, rows)
    chunks: list[tuple[float, int]] = []
    keys: list[float] = []
    try:
        if pty.read_until_quiet(SETTLE, timeout=30) is None:
            raise RuntimeError("the app drew nothing")
        pty.write(b"t")
        pty.read_until_quiet(SETTLE, timeout=10)
        for char in str(args.epochs):  # the field's 20 is selected: typing replaces it
            pty.write(char.encode())
            pty.read_until_quiet(0.1, timeout=2)
        pty.write(b"\r")
        t, direction = 0, 1
        next_key = time.perf_counter() + 0.2
        deadline = time.perf_counter() + 600
        while not out.exists() and time.perf_counter() < deadline:
            now = time.perf_counter()
            if now >= next_key:
                if not 0 <= t + direction <= T_X:
                    direction = -direction
                keys.append(pty.write(RIGHT if direction > 0 else LEFT))
                t += direction
                next_key = now + args.key_every
            ready, _, _ = select.select([pty.fd], [], [], max(0.0, min(0.002, next_key - now)))
            if ready:
                data = os.read(pty.fd, 1 << 16)
                chunks.append((time.perf_counter(), len(data)))
        if not out.exists():
            raise RuntimeError("training did not end")
    finally:
        pty.close()
    stats = json.loads(out.read_text())
    first_key, last_key = keys[0], keys[-1]
    frames = [f for f in frames_of(chunks) if first_key <= f <= last_key + 0.05]
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(frames)]
    latencies = []
    for k in keys:
        after = next((at for at, _ in chunks if at >= k), None)
        if after is not None:
            latencies.append((after - k) * 1000)
    ticks = stats["tick_gaps_ms"]
    print(
        f"pty {cols}x{rows}, the seed's size (n_a = 100, V = 10,000), {stats['epochs']} epochs on the 365 sentences "
        f"of sample_sentences/train.txt, a key every {args.key_every * 1000:.0f} ms while training"
    )
    print(
        f"  frame interval while training: median {statistics.median(gaps):5.1f} ms  p95 {pct(gaps, 0.95):5.1f} ms  "
        f"max {max(gaps):5.1f} ms  ({len(frames)} frames, target < 50 ms)"
    )
    print(
        f"  key → first byte while training: median {statistics.median(latencies):5.1f} ms  "
        f"p95 {pct(latencies, 0.95):5.1f} ms  max {max(latencies):5.1f} ms  ({len(latencies)} keys)"
    )
    print(
        f"  event-loop tick gaps (5 ms timer): median {statistics.median(ticks):5.1f} ms  p99 {pct(ticks, 0.99):5.1f} ms  "
        f"max {max(ticks):5.1f} ms"
    )
    alone = without_ui(stats["epochs"])
    print(f"  training time in the app {stats['seconds']:.2f} s, the same epochs without a UI {alone:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
