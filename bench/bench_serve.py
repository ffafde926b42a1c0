"""`rnnviz serve` in a real browser: time to the first screen, and key-to-frame latency.

    python bench/bench_serve.py                 # 3 page loads x 27 keys, rnnviz and a bare app
    python bench/bench_serve.py --runs 5 --steps 40

Debian's headless Chromium (apt-get install chromium) loads the page of `rnnviz serve` through
Playwright; a script injected before the page's own instruments its websocket and keyboard:

- first screen: from the start of the navigation to the first animation frame after the
  websocket message that holds the complete debugger (its header "sample 1 of"), the page's
  own clock (performance.now());
- key-to-frame: from the keydown of ArrowRight to the first animation frame after the first
  message the app sends back.

The same is measured for a bare Textual app (bench/bare_textual_app.py, one Static) served
the same way, in the same run: the ratios say what rnnviz adds to textual-serve's own cost.
Each page load is a new browser connection, so a new app process. Not a test.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.cli.test_serve import CHROMIUM_ARGS, chromium  # noqa: E402  (one list of flags)

INSTRUMENT = """
window.__bench = {frames: [], keys: []};
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      if (typeof event.data === "string") return;  // pongs
      const at = performance.now();
      const text = new TextDecoder().decode(event.data);
      requestAnimationFrame(() => window.__bench.frames.push({at, painted: performance.now(), text}));
    });
  }
};
document.addEventListener("keydown", () => window.__bench.keys.push(performance.now()), true);
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(argv: list[str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"server {argv} did not start") from None
            time.sleep(0.1)


def servers() -> dict[str, tuple[list[str], int, str, int | None]]:
    """name -> (server argv, port, marker of the complete first screen, words a sentence)."""
    python = sys.executable
    rnnviz_port, bare_port = free_port(), free_port()
    bare = shlex.join([python, str(ROOT / "bench" / "bare_textual_app.py")])
    bare_server = (
        f"from rnnviz.commands.serve import make_server; make_server({bare!r}, '127.0.0.1', {bare_port}).serve()"
    )
    return {
        "bare Textual app": ([python, "-c", bare_server], bare_port, "t = 0", None),
        "rnnviz": ([python, "-m", "rnnviz", "serve", "--port", str(rnnviz_port)], rnnviz_port, "sample 1 of", 9),
    }


def measure(browser, url: str, marker: str, steps: int, words: int | None) -> tuple[float, list[float]]:
    """(first screen, key-to-frame latencies) of one page load; after `words` steps (the
    sentence's end) Home goes back to t = 0, unmeasured."""
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.add_init_script(INSTRUMENT)
    page.goto(url)
    page.wait_for_function(
        "marker => window.__bench.frames.some(f => f.text.includes(marker))", arg=marker, timeout=60_000
    )
    first = page.evaluate("marker => window.__bench.frames.find(f => f.text.includes(marker)).painted", marker)
    page.wait_for_timeout(500)  # let the first screen settle
    page.focus("textarea.xterm-helper-textarea")
    latencies = []
    for step in range(steps):
        if words is not None and step and step % words == 0:
            page.keyboard.press("Home")
            page.wait_for_timeout(300)
        count = page.evaluate("window.__bench.keys.length")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "n => window.__bench.keys.length > n && window.__bench.frames.some(f => f.at > window.__bench.keys[n])",
            arg=count,
            timeout=10_000,
        )
        latencies.append(
            page.evaluate(
                "n => { const k = window.__bench.keys[n];"
                " return window.__bench.frames.find(f => f.at > k).painted - k; }",
                count,
            )
        )
        page.wait_for_timeout(60)  # the frame is over before the next key
    page.close()
    return first, latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads of each app")
    parser.add_argument("--steps", type=int, default=27, help="ArrowRight presses a page load (default 27)")
    args = parser.parse_args()
    executable = chromium()
    if executable is None:
        raise SystemExit("no Chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    apps = servers()
    procs = {name: start(argv, port) for name, (argv, port, _, _) in apps.items()}
    results: dict[str, dict[str, list[float]]] = {name: {"first": [], "keys": []} for name in apps}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                for name, (_, port, marker, words) in apps.items():  # alternate: the same load on both
                    first, keys = measure(browser, f"http://127.0.0.1:{port}/", marker, args.steps, words)
                    results[name]["first"].append(first)
                    results[name]["keys"] += keys
            browser.close()
    finally:
        for proc in procs.values():
            proc.terminate()
            proc.wait(timeout=15)
    print(f"headless Chromium 1440x900, {args.runs} page loads x {args.steps} ArrowRight each")
    med = {}
    for name, r in results.items():
        keys = sorted(r["keys"])
        med[name] = (statistics.median(r["first"]), statistics.median(keys))
        print(
            f"  {name:<18} first screen median {med[name][0]:6.0f} ms (runs {', '.join(f'{v:.0f}' for v in r['first'])})"
            f"   key-to-frame median {med[name][1]:5.1f} ms  p90 {keys[int(0.9 * (len(keys) - 1))]:5.1f} ms"
        )
    (r_first, r_key), (b_first, b_key) = med["rnnviz"], med["bare Textual app"]
    print(f"  rnnviz / bare: first screen {r_first / b_first:.2f}x, key-to-frame {r_key / b_key:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
