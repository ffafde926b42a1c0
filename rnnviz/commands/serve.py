"""`rnnviz serve`: the debugger in a web browser, for a lecture hall's projector.

    rnnviz serve                                   http://127.0.0.1:8000, the seed's sentence
    rnnviz serve --port 8080 --file sample_sentences/heldout.txt
    rnnviz serve --host 0.0.0.0 --model m.npz --vocab words.txt

textual-serve runs a small web server; every browser connection gets its own `rnnviz`
process, started with the same arguments (quoted with shlex), and the same keys work. The page
is rnnviz/data/serve/app_index.html: textual-serve's, offline (no Google Fonts; the Roboto
Mono fonts of textual-serve's static folder), every URL relative to the page.

The arguments are checked, and the model, vocabulary and sentences loaded once, before the
server starts: a mistake is one line and exit status 2 here, not a "session ended" page in
every browser. textual-serve is an extra: `pip install "rnnviz[serve]"`.

It binds 127.0.0.1 by default. `--host 0.0.0.0` lets anyone on the network drive it: there
is no login.
"""

from __future__ import annotations

import shlex
import sys
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..errors import UserError
from .common import ArgumentParser

INSTALL = 'pip install "rnnviz[serve]"'


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz serve",
        description="Serve the debugger to web browsers (textual-serve): each connection runs its own rnnviz "
        "with the arguments given here. Any other argument is an rnnviz argument (see rnnviz --help).",
        epilog="--host 0.0.0.0 lets anyone on the network drive it: there is no login.",
        allow_abbrev=False,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    return p


def app_command(rnnviz_args: list[str]) -> str:
    """The shell command each browser connection runs: this Python, `-m rnnviz`, the args."""
    return shlex.join([sys.executable, "-m", "rnnviz", *rnnviz_args])


def template_dir() -> Path:
    return Path(str(resources.files("rnnviz") / "data" / "serve"))


def make_server(command: str, host: str, port: int) -> Any:
    """textual-serve's Server with rnnviz's offline page and a one-line greeting."""
    from textual_serve.server import Server

    class OfflineServer(Server):
        async def on_startup(self, app: Any) -> None:
            self.console.print(f"rnnviz serve: open http://{_url_host(host)}:{port}/ (Ctrl+C stops)", highlight=False)
            if host not in ("127.0.0.1", "localhost", "::1"):
                self.console.print(f"listening on {host}: anyone who can reach it can drive it, there is no login")

    return OfflineServer(command, host=host, port=port, title="rnnviz", templates_path=template_dir())


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def run(argv: list[str]) -> int:
    args, rnnviz_args = parser().parse_known_args(argv)
    if not 0 < args.port < 65536:
        raise UserError(f"--port must be between 1 and 65535, not {args.port}")
    if find_spec("textual_serve") is None:
        raise UserError(f"rnnviz serve needs textual-serve, which is not installed: {INSTALL}")
    from ..cli import check_tui_args, load_tui_inputs, tui_parser

    tui = tui_parser()
    tui.prog = "rnnviz serve"
    tui_args = tui.parse_args(rnnviz_args)
    check_tui_args(tui_args)  # as rnnviz does: a bundled model's name, a path
    load_tui_inputs(tui_args)  # every other mistake, once, here
    server = make_server(app_command(rnnviz_args), args.host, args.port)
    try:
        server.serve()
    except OSError as exc:
        raise UserError(f"cannot listen on {args.host} port {args.port}: {exc.strerror or exc}") from None
    return 0
