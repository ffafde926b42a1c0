"""The `cli` fixture: run `rnnviz` in-process and read what it printed."""

import pytest

from rnnviz.cli import main


class Cli:
    def __init__(self, capsys) -> None:
        self.capsys = capsys

    def run(self, *argv):
        """(exit status, stdout, stderr) of `rnnviz ARGV...`."""
        code = main([str(a) for a in argv])
        out, err = self.capsys.readouterr()
        return code, out, err

    def ok(self, *argv):
        """Run `rnnviz ARGV...`, which must succeed; its standard output."""
        code, out, err = self.run(*argv)
        assert code == 0, (out, err)
        return out

    def error(self, *argv, contains=(), status=2):
        """Run a user's mistake: exit 2 (or `status`), one line `rnnviz: error: ...`, no
        traceback, containing each of `contains`. Returns the line."""
        code, out, err = self.run(*argv)
        assert code == status, (out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("rnnviz: error: "), err
        assert "Traceback" not in err
        for text in contains:
            assert text in lines[0], (text, lines[0])
        return lines[0]


@pytest.fixture
def cli(capsys):
    return Cli(capsys)


@pytest.fixture(autouse=True)
def headless_debugger(monkeypatch):
    """`rnnviz` without a subcommand runs the debugger: here headless (no terminal), so a
    test sees what happens when its loader fails (the app exits, then the one-line error)."""
    from textual.app import App

    from rnnviz.tui.app import RnnvizApp

    def run_headless(self, *args, **kwargs):
        kwargs["headless"] = True
        return App.run(self, *args, **kwargs)

    monkeypatch.setattr(RnnvizApp, "run", run_headless)
    monkeypatch.setattr("rnnviz.cli.missing_terminal", lambda: None)  # pytest's stdout is no terminal
