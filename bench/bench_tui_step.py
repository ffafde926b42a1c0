"""Step latency and time to first frame of the debugger, in a real pseudo-terminal.

    .venv/bin/python bench/bench_tui_step.py [--steps 30] [--size 120x40] [--runs 3] [--file PATH]

Spawns `python -m rnnviz` (the seed's sentence on the bundled model, n_a = 100, V = 10,000)
under a pty of the given size, waits for the first frame to settle, then writes the
right-arrow key (left when at the end of the sentence, so it keeps stepping) and times
each key from the write to the last byte of the frame it causes (the output is read until
it has been quiet for QUIET seconds; the quiet window is not counted). The same is done, in
the same run, for bench/bare_textual_app.py, a bare Textual app whose right key changes one
tiny Static: the floor. Backward mode (issue 5) is measured the same way in the same run:
`b` first (not timed), then ← from t = T_x down to 1 and back, every panel drawing the
engine's BPTT step. With `--file PATH` (e.g. one 5,000-word sentence), `rnnviz --file PATH`
is measured too, in the same run: End first (not timed), then ← and → around t = T_x, where
every panel has scrolled, forward and (for a labeled sentence) backward. Prints medians and
ratios. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RIGHT, LEFT, END = b"\x1b[C", b"\x1b[D", b"\x1b[F"
QUIET = 0.030  # a frame is over when no byte came for this long
SETTLE = 0.400  # the first frame is over when no byte came for this long
T_X = 9  # words of the seed's sentence, the default sentence of `rnnviz`


class Pty:
    """A child process on its own pseudo-terminal of a fixed size."""

    def __init__(self, argv: list[str], cols: int, rows: int) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", TEXTUAL_ANIMATIONS="none")
        env.pop("TEXTUAL", None)

        def controlling_tty() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            preexec_fn=controlling_tty, close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.received = 0

    def read_until_quiet(self, quiet: float, timeout: float = 10.0) -> float | None:
        """Read everything until `quiet` seconds pass without a byte; the time of the last
        byte (perf_counter), or None when nothing came before `timeout`."""
        last = None
        deadline = time.perf_counter() + timeout
        while True:
            wait = quiet if last is not None else max(0.0, deadline - time.perf_counter())
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                return last
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                return last
            if not data:
                return last
            self.received += len(data)
            last = time.perf_counter()

    def write(self, data: bytes) -> float:
        os.write(self.fd, data)
        return time.perf_counter()

    def close(self) -> None:
        try:
            os.write(self.fd, b"q")
            self.proc.wait(timeout=3)
        except Exception:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        os.close(self.fd)


def measure(argv: list[str], cols: int, rows: int, steps: int, sentence_len: int, backward: bool = False,
            at_end: bool = False) -> dict:
    """Step latencies of one launch; `backward`: press b first and step t = T_x … 1 with ←;
    `at_end`: press End first and step from t = T_x (the scrolled end of a long sentence)."""
    pty = Pty(argv, cols, rows)
    try:
        first = pty.read_until_quiet(SETTLE, timeout=30)
        if first is None:
            raise RuntimeError(f"{argv}: no output")
        startup = first - pty.started
        latencies, sizes = [], []
        t, direction, lo = 0, 1, 0
        if at_end and not backward:
            pty.write(END)
            if pty.read_until_quiet(SETTLE, timeout=10) is None:
                raise RuntimeError(f"{argv}: End caused no output")
            t, direction = sentence_len, -1
        if backward:
            pty.write(b"b")
            if pty.read_until_quiet(SETTLE, timeout=10) is None:
                raise RuntimeError(f"{argv}: b caused no output")
            t, direction, lo = sentence_len, -1, 1
        for _ in range(steps):
            if not lo <= t + direction <= sentence_len:
                direction = -direction
            before = pty.received
            sent = pty.write(RIGHT if direction > 0 else LEFT)
            last = pty.read_until_quiet(QUIET, timeout=5)
            if last is None:
                raise RuntimeError(f"{argv}: a key caused no output")
            latencies.append((last - sent) * 1000)
            sizes.append(pty.received - before)
            t += direction
    finally:
        pty.close()
    return {"startup": startup, "latencies": latencies, "bytes": statistics.median(sizes)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--runs", type=int, default=3, help="launches of each app (startup is their median)")
    parser.add_argument("--verbose", action="store_true", help="print every latency")
    parser.add_argument("--file", type=Path, help="also step the first sentence of this file, from its end")
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    python = sys.executable
    apps = {
        "bare Textual app": ([python, str(ROOT / "bench" / "bare_textual_app.py")], 10**9, False),
        "rnnviz": ([python, "-m", "rnnviz"], T_X, False),
        "rnnviz backward": ([python, "-m", "rnnviz"], T_X, True),
    }
    at_end = {name: False for name in apps}
    if args.file is not None:
        sys.path.insert(0, str(ROOT))
        from rnnviz.text import load_sentences

        first = load_sentences(args.file)[0]
        label = f"--file ({len(first.tokens):,} words)"
        file_argv = [python, "-m", "rnnviz", "--file", str(args.file.resolve())]
        apps[label] = (file_argv, len(first.tokens), False)
        at_end[label] = True
        if first.labels is not None:
            apps[f"{label} backward"] = (file_argv, len(first.tokens), True)
            at_end[f"{label} backward"] = True
    results: dict[str, dict] = {}
    for run in range(args.runs):
        for name, (argv, length, backward) in apps.items():
            r = measure(argv, cols, rows, args.steps, length, backward, at_end[name])
            agg = results.setdefault(name, {"startup": [], "latencies": [], "bytes": []})
            agg["startup"].append(r["startup"])
            agg["latencies"] += r["latencies"]
            agg["bytes"].append(r["bytes"])
    print(f"pty {cols}x{rows}, {args.runs} launches x {args.steps} keys each, quiet window {QUIET * 1000:.0f} ms")
    for name, r in results.items():
        lat = sorted(r["latencies"])
        p90 = lat[int(0.9 * (len(lat) - 1))]
        print(
            f"  {name:<30} step median {statistics.median(lat):6.1f} ms  p90 {p90:6.1f} ms  "
            f"max {lat[-1]:6.1f} ms  ({statistics.median(r['bytes']):.0f} bytes a frame)  "
            f"first frame {statistics.median(r['startup']) * 1000:6.0f} ms"
        )
        if args.verbose:
            print("   ", " ".join(f"{x:.1f}" for x in r["latencies"]))
    bare, app = results["bare Textual app"], results["rnnviz"]
    step_ratio = statistics.median(app["latencies"]) / statistics.median(bare["latencies"])
    start_ratio = statistics.median(app["startup"]) / statistics.median(bare["startup"])
    back_ratio = statistics.median(results["rnnviz backward"]["latencies"]) / statistics.median(bare["latencies"])
    print(f"  step ratio rnnviz / floor: {step_ratio:.2f}x (target: median <= 16 ms and <= 4x)")
    print(f"  backward step ratio rnnviz / floor: {back_ratio:.2f}x (target: median <= 16 ms and <= 4x)")
    print(f"  first-frame ratio rnnviz / bare: {start_ratio:.2f}x (target: <= 1.3x)")
    for name in results:
        if name.startswith("--file"):
            ratio = statistics.median(results[name]["latencies"]) / statistics.median(bare["latencies"])
            print(f"  step ratio {name} / floor: {ratio:.2f}x (target: median <= 16 ms and <= 4x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
