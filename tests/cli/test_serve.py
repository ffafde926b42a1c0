"""`rnnviz serve`: the page references nothing outside the server, and a real headless
Chromium (Debian's, through Playwright) shows the debugger and steps it with ArrowRight."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_textual_serve = pytest.mark.skipif(find_spec("textual_serve") is None, reason="textual-serve is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`rnnviz serve --port P ARGS` as a process, until stopped."""

    def __init__(self, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rnnviz", "serve", "--port", str(self.port), *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k not in ("TEXTUAL", "TEXTUAL_DRIVER")},
        )
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"rnnviz serve ended: {self.proc.stdout.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("rnnviz serve did not listen within 60 s") from None
                time.sleep(0.1)

    def get(self, path: str) -> tuple[int, bytes]:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=10) as response:
            return response.status, response.read()

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.stdout.read().decode(errors="replace")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


@pytest.fixture(scope="module")
def served():
    if find_spec("textual_serve") is None:
        pytest.skip("textual-serve is not installed")
    server = Served()
    yield server
    server.stop()


@needs_textual_serve
def test_the_page_references_nothing_outside_the_server(served):
    status, body = served.get("/")
    assert status == 200
    page = body.decode("utf-8")
    assert "googleapis" not in page and "gstatic" not in page
    assert re.findall(r"(?:https?:)?//[\w.-]", page) == []  # no absolute URL at all, to any host
    links = Links()
    links.feed(page)
    urls = links.urls + re.findall(r"url\(\"?([^\")]+)\"?\)", page)
    assert sorted(set(urls)) == [
        "data:,",
        "static/css/xterm.css",
        "static/fonts/RobotoMono-Italic-VariableFont_wght.ttf",
        "static/fonts/RobotoMono-VariableFont_wght.ttf",
        "static/images/background.png",
        "static/js/textual.js",
    ]
    for url in urls:
        if url.startswith("static/"):
            assert served.get(url)[0] == 200, url  # each is served by the server itself
    assert served.get("static/fonts/RobotoMono-VariableFont_wght.ttf")[1][:4] == b"\x00\x01\x00\x00"  # a TrueType font


def test_the_app_command_quotes_every_argument():
    from rnnviz.commands.serve import app_command

    argv = ["Harry met Ron; rm -rf ~", "--file", "my file's.txt", "$(reboot)"]
    command = app_command(argv)
    assert shlex.split(command) == [sys.executable, "-m", "rnnviz", *argv]


def test_serve_opens_a_bundled_model_by_name(cli, monkeypatch):
    """`rnnviz serve --model lstm-tagger` names a bundled model as `rnnviz --model` does: it is
    checked and loaded once, and each browser's app gets the same arguments."""
    import rnnviz.commands.serve as serve

    started = []

    class Server:
        def serve(self) -> None:
            started.append(True)

    def make_server(command: str, host: str, port: int) -> Server:
        started.append((shlex.split(command)[-2:], host, port))
        return Server()

    monkeypatch.setattr(serve, "make_server", make_server)
    cli.ok("serve", "--port", "8123", "--model", "lstm-tagger")
    assert started == [(["--model", "lstm-tagger"], "127.0.0.1", 8123), True]


def test_serve_checks_its_arguments_before_listening(cli, tmp_path):
    cli.error("serve", "--model", tmp_path / "nope.npz", contains=("nope.npz: no such model file",))
    cli.error("serve", "--model", "nope", contains=("nope: no such model file, and no bundled model of that name",))
    cli.error("serve", "--port", "70000", contains=("--port must be between 1 and 65535",))
    cli.error("serve", "--no-such-option", contains=("unrecognized arguments: --no-such-option",))


def test_without_textual_serve_it_says_how_to_install_it(cli, monkeypatch):
    import rnnviz.commands.serve as serve

    monkeypatch.setattr(serve, "find_spec", lambda name: None)
    line = cli.error("serve")
    assert (
        line == 'rnnviz: error: rnnviz serve needs textual-serve, which is not installed: pip install "rnnviz[serve]"'
    )


def chromium() -> str | None:
    for path in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if path and os.access(path, os.X_OK):
            return path
    return None


ESCAPE = re.compile(rb"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


@needs_textual_serve
@pytest.mark.skipif(chromium() is None, reason="no Chromium installed (Debian: apt-get install chromium)")
@pytest.mark.skipif(find_spec("playwright") is None, reason="playwright is not installed (pip install playwright)")
def test_a_browser_shows_the_debugger_and_arrow_right_steps_it(served, tmp_path):
    from playwright.sync_api import sync_playwright

    received: list[bytes] = []  # what the browser's websocket received: the app's terminal output
    requests: list[str] = []

    def screen(since: int = 0) -> str:
        """The text the app has sent (escape sequences removed), from frame `since` on."""
        return ESCAPE.sub(b"", b"".join(received[since:])).decode("utf-8", errors="replace")

    def wait_for(text: str, page, since: int = 0, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in screen(since):
            assert time.monotonic() < deadline, f"{text!r} never came: {screen(since)[-1500:]!r}"
            page.wait_for_timeout(50)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(_bytes(data))))
            page.goto(served.url)
            wait_for("sample 1 of", page)  # the loaded debugger's header
            wait_for("t = 0 of T_x = 9", page)
            for word in ("harry", "potter", "hermione", "granger", "spell"):
                assert word in screen()
            assert "-first-byte" in page.evaluate("document.body.className")  # the terminal is shown
            assert "x<1> = 'harry'" in screen() and "t = 1 of" not in screen()
            page.focus("textarea.xterm-helper-textarea")  # the keyboard goes to the terminal (as a click would)
            before = len(received)
            page.keyboard.press("ArrowRight")
            wait_for("t = 1 of T_x = 9", page, since=before)  # the header, redrawn
            wait_for("z<1> = Wa [a<0>; x<1>] + ba", page, since=before)  # the equations of step 1
            before = len(received)
            page.keyboard.press("ArrowRight")
            wait_for("x<2>", page, since=before)  # the one-hot panel now feeds word 2 (only changed cells are sent)
            page.screenshot(path=str(tmp_path / "served.png"))
        finally:
            browser.close()
    assert requests and all(url.startswith(served.url) for url in requests), requests  # offline: only this server


def _bytes(data) -> bytes:
    return data if isinstance(data, bytes) else data.encode()
