"""`rnnviz` (the debugger) from the command line: the app draws its first frame before the
model is loaded, and a mistake found while loading still ends as one line on stderr, exit
status 2, printed after the app has left (and restored the terminal)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

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
