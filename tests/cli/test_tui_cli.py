"""`rnnviz` (the debugger) from the command line: the app draws its first frame before the
model is loaded, and a mistake found while loading still ends as one line on stderr, exit
status 2, printed after the app has left (and restored the terminal)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from rnnviz.engine import init_params


def test_a_missing_model_is_one_line_after_the_app(cli, tmp_path):
    line = cli.error("--model", tmp_path / "nope.npz", contains=("nope.npz",))
    assert line.startswith("rnnviz: error: ")


def test_a_bad_model_file_is_one_line_after_the_app(cli, tmp_path):
    path = tmp_path / "junk.npz"
    path.write_text("not a model", encoding="utf-8")
    cli.error("--model", path, contains=("junk.npz",))


def test_a_bad_sentence_file_is_one_line_after_the_app(cli, tmp_path):
    cli.error("--file", tmp_path / "missing.txt", contains=("missing.txt",))


def test_a_softmax_model_is_refused_after_the_app(cli, tmp_path):
    p = init_params(4, 10_000, n_y=3, seed=1)
    path = tmp_path / "softmax.npz"
    np.savez(path, Waa=p.Waa, Wax=p.Wax, Wya=p.Wya, ba=p.ba, by=p.by)
    cli.error("--model", path, contains=("softmax.npz", "n_y = 3"))


def test_sentence_and_file_are_refused_before_the_app(cli, tmp_path):
    cli.error("harry met ron", "--file", tmp_path / "x.txt", contains=("not both",))


def test_importing_the_app_does_not_import_numpy():
    """The first frame is drawn before NumPy (and the engine, the pipeline, the
    vocabulary) is imported: `import rnnviz.tui.app` must not pull them in."""
    code = (
        "import sys, rnnviz.cli, rnnviz.tui.app\n"
        "heavy = [m for m in ('numpy', 'rnnviz.engine', 'rnnviz.pipeline', 'rnnviz.text.vocab') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "", proc.stdout


def test_missing_paths_are_reported_before_the_app_starts(cli, tmp_path, monkeypatch):
    from rnnviz.tui.app import RnnvizApp

    def must_not_run(self, *args, **kwargs):
        raise AssertionError("the app started although a named file is missing")

    monkeypatch.setattr(RnnvizApp, "run", must_not_run)
    cli.error("--model", tmp_path / "nope.npz", contains=("nope.npz", "no such model file"))
    cli.error("--file", tmp_path, contains=("is a directory",))
    cli.error("--heldout", tmp_path / "dev.txt", contains=("dev.txt", "no such file"))
    cli.error("--vocab", tmp_path / "words.txt", contains=("words.txt", "no such file"))


def run_without_a_terminal(stdin_is_pty: bool, stdout_is_pty: bool) -> subprocess.CompletedProcess:
    """`rnnviz` as a process, each of stdin and stdout a pseudo-terminal or not (stdin
    /dev/null, stdout a pipe); stderr is a pipe. Bounded by a timeout: today's failure was
    spinning forever."""
    import os
    import pty

    master, slave = pty.openpty()
    try:
        return subprocess.run(
            [sys.executable, "-m", "rnnviz"],
            stdin=slave if stdin_is_pty else subprocess.DEVNULL,
            stdout=slave if stdout_is_pty else subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"},
            timeout=30,
            text=True,
        )
    finally:
        os.close(slave)
        os.close(master)


@pytest.mark.parametrize(
    ("stdin_is_pty", "stdout_is_pty", "missing"),
    [
        (False, True, "stdin is not one"),
        (True, False, "stdout is not one"),
        (False, False, "stdin and stdout are not one"),
    ],
)
def test_without_a_terminal_the_debugger_exits_2_and_points_to_trace(stdin_is_pty, stdout_is_pty, missing):
    proc = run_without_a_terminal(stdin_is_pty, stdout_is_pty)
    assert proc.returncode == 2
    assert proc.stderr == (
        f"rnnviz: error: the debugger needs a terminal, and {missing}; "
        "to print every number without a terminal use `rnnviz trace` (see rnnviz trace --help)\n"
    )
    if not stdout_is_pty:
        assert proc.stdout == ""  # no escape codes drawn into the pipe


def test_the_terminal_check_comes_before_the_app_is_imported():
    """`rnnviz < /dev/null` must not pay for Textual: the check runs before the import."""
    code = (
        "import sys, rnnviz.cli\n"
        "try:\n"
        "    rnnviz.cli.run_tui([])\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, 'textual' in sys.modules, 'rnnviz.tui.app' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30
    )
    assert proc.stdout.strip() == "UserError False False"
