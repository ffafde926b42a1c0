"""Step latency and time to first frame of the debugger, in a real pseudo-terminal.

    .venv/bin/python bench/bench_tui_step.py [--steps 30] [--size 120x40] [--runs 3] [--file PATH]
                                             [--model NAME ...] [--baseline DIR ...]

Spawns `python -m rnnviz` (the seed's sentence on the bundled model, n_a = 100, V = 10,000;
`--model NAME` another bundled model, e.g. bitagger: 2 layers, bidirectional)
under a pty of the given size, waits for the first frame to settle, then writes the
right-arrow key (left when at the end of the sentence, so it keeps stepping) and times
each key from the write to the last byte of the frame it causes (the output is read until
it has been quiet for QUIET seconds; the quiet window is not counted). The same is done, in
the same run, for bench/bare_textual_app.py, a bare Textual app whose right key changes one
tiny Static: the floor. Backward mode is measured the same way in the same run:
`b` first (not timed), then ← from t = T_x down to 1 and back, every panel drawing the
engine's BPTT step. With `--file PATH` (e.g. one 5,000-word sentence), `rnnviz --file PATH`
is measured too, in the same run: End first (not timed), then ← and → around t = T_x, where
every panel has scrolled, forward and (for a labeled sentence) backward. With `--model NAME`
(a bundled model or a file; repeatable), `rnnviz --model NAME` is measured too, forward and
backward on the sentence (line) it opens on, and for a language model in generate mode as
well (`g` first, not timed, then → and ← through the generated text). Prints medians and
ratios. Not a test: figures depend on the machine.

Startup, from the spawn, three figures per app: the first frame (the first burst of output
that draws: rnnviz's says "loading the model …", its model is loaded in a worker thread
after it), the first full frame (the burst in which the debugger's header "sample 1 of"
appears; for the bare app, its one frame) and settled (the last byte before SETTLE of
quiet). Ratios are against the bare app's, medians of --runs launches. rnnviz's modules are
compiled once first and the children may write .pyc (PYTHONDONTWRITEBYTECODE is dropped), so
every launch finds them cached, as a user's second launch does and as pip left Textual's.
`--baseline DIR` (repeatable) also launches `python -m rnnviz` from DIR, another checkout
(e.g. `git archive main | tar -x -C DIR`), whose rnnviz/ is then imported first: before and
after a change, in the same run as the floor.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import re
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
FRAME = re.compile(rb"\x1b\[\d+;\d+H")  # a cursor move: the output draws on the screen
QUIET = 0.030  # a frame is over when no byte came for this long
SETTLE = 0.400  # the first frame is over when no byte came for this long
T_X = 9  # words of the seed's sentence, the default sentence of `rnnviz`


class Pty:
    """A child process on its own pseudo-terminal of a fixed size."""

    def __init__(self, argv: list[str], cols: int, rows: int, cwd: Path = ROOT) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", TEXTUAL_ANIMATIONS="none")
        env.pop("TEXTUAL", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: rnnviz's .pyc are cached, like Textual's

        def controlling_tty() -> None:
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            preexec_fn=controlling_tty,
            close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.received = 0
        self.chunks: list[tuple[float, bytes]] = []  # (time, data) of every read, for startup

    def startup(self, settle: float, marker: bytes, timeout: float = 30.0) -> tuple[float, float, float]:
        """Read the output of the launch until it has been quiet for `settle` seconds:
        (first frame, first full frame, settled), seconds after the spawn. The first frame
        is the first burst (bytes separated by less than QUIET) that draws on the screen (a
        cursor move: the terminal queries Textual writes first are not a frame); the first full frame is
        the burst (bytes separated by less than QUIET) in which `marker`, a text only the
        complete screen shows, appears; settled is the last byte."""
        deadline = time.perf_counter() + timeout
        # On a busy machine loading the model can leave the screen quiet for longer than
        # `settle` after the first frame: read on until the full frame has come.
        while self.read_until_quiet(settle, timeout, record=True) is not None and time.perf_counter() < deadline:
            if marker in b"".join(data for _, data in self.chunks):
                break
        if not self.chunks:
            raise RuntimeError("no output")
        bursts: list[tuple[float, bytes]] = []  # (end, data so far)
        seen = b""
        for i, (when, data) in enumerate(self.chunks):
            seen += data
            following = self.chunks[i + 1][0] if i + 1 < len(self.chunks) else None
            if following is None or following - when >= QUIET:
                bursts.append((when, seen))
        first = next((end for end, data in bursts if FRAME.search(data)), None)
        if first is None:
            raise RuntimeError("nothing was drawn")
        full = next((end for end, data in bursts if marker in data), None)
        if full is None:
            raise RuntimeError(f"the marker {marker!r} never appeared")
        return first - self.started, full - self.started, self.chunks[-1][0] - self.started

    def read_until_quiet(self, quiet: float, timeout: float = 10.0, record: bool = False) -> float | None:
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
            if record:
                self.chunks.append((last, data))

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


def measure(
    argv: list[str],
    cols: int,
    rows: int,
    steps: int,
    sentence_len: int,
    backward: bool = False,
    at_end: bool = False,
    marker: bytes = b"sample 1 of",
    cwd: Path = ROOT,
    prelude: bytes = b"",
) -> dict:
    """Step latencies of one launch; `backward`: press b first and step t = T_x … 1 with ←;
    `at_end`: press End first and step from t = T_x (the scrolled end of a long sentence);
    `prelude`: keys pressed first, not timed (g: generate mode)."""
    pty = Pty(argv, cols, rows, cwd)
    try:
        first, full, settled = pty.startup(SETTLE, marker)
        latencies, sizes = [], []
        t, direction, lo = 0, 1, 0
        if prelude:
            pty.write(prelude)
            if pty.read_until_quiet(SETTLE, timeout=10) is None:
                raise RuntimeError(f"{argv}: {prelude!r} caused no output")
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
    return {"first": first, "full": full, "settled": settled, "latencies": latencies, "bytes": statistics.median(sizes)}


def model_lengths(model: str) -> tuple[int, int | None]:
    """T of the sentence `rnnviz --model MODEL` opens on, and of the text generate mode draws
    from t = 0 (None unless it is a language model)."""
    sys.path.insert(0, str(ROOT))
    from rnnviz.cli import load_tui_inputs, tui_parser
    from rnnviz.tui.generation import start

    session = load_tui_inputs(tui_parser().parse_args(["--model", model]))
    view = session.view(0)
    return view.T, start(session, view).T if view.shape == "lm" else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--runs", type=int, default=3, help="launches of each app (startup is their median)")
    parser.add_argument("--verbose", action="store_true", help="print every latency")
    parser.add_argument("--file", type=Path, help="also step the first sentence of this file, from its end")
    parser.add_argument(
        "--model",
        metavar="NAME",
        action="append",
        default=[],
        help="also step `rnnviz --model NAME` forward and backward (a language model: generating too)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        action="append",
        default=[],
        help="also launch `python -m rnnviz` from DIR (another checkout: its rnnviz/ is "
        "imported first), in the same run, to compare startup before and after a change",
    )
    args = parser.parse_args()
    cols, rows = (int(n) for n in args.size.split("x"))
    python = sys.executable
    model: list[str] = []  # the main apps run the default model; --model adds others
    apps = {
        "bare Textual app": ([python, str(ROOT / "bench" / "bare_textual_app.py")], 10**9, False),  # marker: t = 0
        "rnnviz": ([python, "-m", "rnnviz", *model], T_X, False),
        "rnnviz backward": ([python, "-m", "rnnviz", *model], T_X, True),
    }
    cwd = {name: ROOT for name in apps}
    for where in args.baseline:
        apps[f"rnnviz ({where})"] = ([python, "-m", "rnnviz"], T_X, False)
        cwd[f"rnnviz ({where})"] = where.resolve()
    at_end = {name: False for name in apps}
    if args.file is not None:
        sys.path.insert(0, str(ROOT))
        from rnnviz.text import load_sentences

        first = load_sentences(args.file)[0]
        label = f"--file ({len(first.tokens):,} words)"
        file_argv = [python, "-m", "rnnviz", *model, "--file", str(args.file.resolve())]
        apps[label] = (file_argv, len(first.tokens), False)
        at_end[label] = True
        if first.labels is not None:
            apps[f"{label} backward"] = (file_argv, len(first.tokens), True)
            at_end[f"{label} backward"] = True
    prelude = {name: b"" for name in apps}
    for model in args.model:
        length, generated = model_lengths(model)
        model_argv = [python, "-m", "rnnviz", "--model", model]
        for suffix, back, keys, steps in (("", False, b"", length), (" backward", True, b"", length)):
            apps[f"--model {model}{suffix}"] = (model_argv, steps, back)
            at_end[f"--model {model}{suffix}"], prelude[f"--model {model}{suffix}"] = False, keys
        if generated is not None:
            apps[f"--model {model} generate"] = (model_argv, generated, False)
            at_end[f"--model {model} generate"], prelude[f"--model {model} generate"] = False, b"g"
    # Compile rnnviz's modules once (a user's second launch finds them cached, as pip has
    # cached Textual's): otherwise every launch would compile rnnviz and not Textual.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for where in sorted(set(cwd.values())):
        subprocess.run([python, "-m", "compileall", "-q", "rnnviz"], cwd=where, env=env, check=True)
    results: dict[str, dict] = {}
    for _run in range(args.runs):
        for name, (argv, length, backward) in apps.items():
            marker = b"t = 0" if name == "bare Textual app" else b"sample 1 of"  # only the full screen shows
            r = measure(
                argv, cols, rows, args.steps, length, backward, at_end[name], marker, cwd.get(name, ROOT), prelude[name]
            )
            agg = results.setdefault(name, {"first": [], "full": [], "settled": [], "latencies": [], "bytes": []})
            for key in ("first", "full", "settled"):
                agg[key].append(r[key])
            agg["latencies"] += r["latencies"]
            agg["bytes"].append(r["bytes"])
    print(
        f"pty {cols}x{rows}, {args.runs} launches x {args.steps} keys each, quiet window {QUIET * 1000:.0f} ms, "
        f"model {args.model or 'tagger'}, load average {os.getloadavg()[0]:.2f} at the end"
    )
    for name, r in results.items():
        lat = sorted(r["latencies"])
        p90 = lat[int(0.9 * (len(lat) - 1))]
        print(
            f"  {name:<30} step median {statistics.median(lat):6.1f} ms  p90 {p90:6.1f} ms  "
            f"max {lat[-1]:6.1f} ms  ({statistics.median(r['bytes']):.0f} bytes a frame)  "
            f"first frame {statistics.median(r['first']) * 1000:4.0f} ms, "
            f"full {statistics.median(r['full']) * 1000:4.0f} ms, settled {statistics.median(r['settled']) * 1000:4.0f} ms"
        )
        if args.verbose:
            print("   ", " ".join(f"{x:.1f}" for x in r["latencies"]))
    bare, app = results["bare Textual app"], results["rnnviz"]
    step_ratio = statistics.median(app["latencies"]) / statistics.median(bare["latencies"])
    start_ratio = statistics.median(app["first"]) / statistics.median(bare["first"])
    full_ratio = statistics.median(app["full"]) / statistics.median(bare["full"])
    back_ratio = statistics.median(results["rnnviz backward"]["latencies"]) / statistics.median(bare["latencies"])
    print(f"  step ratio rnnviz / floor: {step_ratio:.2f}x (target: median <= 16 ms and <= 4x)")
    print(f"  backward step ratio rnnviz / floor: {back_ratio:.2f}x (target: median <= 16 ms and <= 4x)")
    print(
        f"  first-frame ratio rnnviz / bare: {start_ratio:.2f}x (target: <= 1.3x; rnnviz's first frame "
        "says 'loading the model …')"
    )
    print(
        f"  first-full-frame ratio rnnviz / bare: {full_ratio:.2f}x (the debugger's whole screen, "
        "vs the bare app's only frame)"
    )
    for where in args.baseline:
        base = results[f"rnnviz ({where})"]
        print(
            f"  rnnviz ({where}) / bare: first-frame ratio "
            f"{statistics.median(base['first']) / statistics.median(bare['first']):.2f}x, first-full-frame ratio "
            f"{statistics.median(base['full']) / statistics.median(bare['full']):.2f}x"
        )
    for name in results:
        if name.startswith(("--file", "--model")):
            ratio = statistics.median(results[name]["latencies"]) / statistics.median(bare["latencies"])
            print(f"  step ratio {name} / floor: {ratio:.2f}x (target: median <= 16 ms and <= 4x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
