"""`rnnviz trace` output for large and hostile input: the streamed JSON document is the one
`json.dumps` would write, `--no-vectors` and `--indent`, and the table never reads user text
as Rich markup nor runs Rich's (quadratic) highlighter."""

from __future__ import annotations

import json

import pytest

from rnnviz.engine import build_trace, init_params
from rnnviz.pipeline import load_params, load_vocab, sentence_from_text, trace_sentence
from rnnviz.text import load_sentences

FILE = "[Harry Potter] met [Ron].\nIt rained over Zyxwvut all day.\n# format: plain\nLuna smiled.\n"


def independent_document(path, vectors=True) -> dict:
    """The README's JSON document, built here from the engine's traces."""
    vocab = load_vocab(None)
    params = load_params(None, vocab)
    sentences = []
    for sentence in load_sentences(path):
        tr = trace_sentence(params, vocab, sentence)
        steps = []
        for s in tr.steps:
            step = {
                "t": s.t,
                "token": s.token,
                "index": s.index,
                "unknown": s.unknown,
                "y": s.y,
                "y_hat": float(s.probs[0]),
                "logit": float(s.logits[0]),
                "loss": s.loss,
                "cum_loss": s.cum_loss,
            }
            if vectors:
                step.update(z=[float(v) for v in s.z], a=[float(v) for v in s.a])
            steps.append(step)
        sentences.append(
            {
                "tokens": list(sentence.tokens),
                "labels": None if sentence.labels is None else list(sentence.labels),
                "loss": None if tr.losses is None else float(sum(tr.losses)),
                "unknown": [s.token for s in tr.steps if s.unknown],
                "steps": steps,
            }
        )
    return {"model": {"n_a": 100, "n_x": 10_000, "n_y": 1, "activation": "tanh"}, "sentences": sentences}


@pytest.fixture
def sentence_file(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(FILE, encoding="utf-8")
    return path


@pytest.mark.parametrize("indent", [None, 0, 2])
@pytest.mark.parametrize("vectors", [True, False])
def test_the_streamed_json_is_the_document_json_dumps_writes(cli, sentence_file, indent, vectors):
    argv = ["trace", "--file", sentence_file, "--format", "json"]
    argv += [] if vectors else ["--no-vectors"]
    argv += [] if indent is None else ["--indent", indent]
    code, out, err = cli.run(*argv)
    assert code == 0, err
    expected = independent_document(sentence_file, vectors)
    assert json.loads(out) == expected  # same keys, same floats (repr round-trips)
    assert out == json.dumps(expected, ensure_ascii=False, indent=indent) + "\n"  # and the same bytes
    steps = expected["sentences"][0]["steps"]
    assert ("z" in steps[0]) is vectors and ("a" in steps[0]) is vectors
    assert expected["sentences"][1]["unknown"] == ["zyxwvut"]
    assert expected["sentences"][2]["labels"] is None


def test_indent_puts_one_value_a_line(cli):
    _code, out, _ = cli.run("trace", "Harry", "--format", "json", "--indent", "2", "--no-vectors")
    lines = out.splitlines()
    assert lines[:3] == ["{", '  "model": {', '    "n_a": 100,']
    assert '          "token": "harry",' in lines
    assert lines[-2:] == ["  ]", "}"]


@pytest.mark.parametrize("option", [["--no-vectors"], ["--indent", "2"]])
@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_json_options_with_another_format_are_refused(cli, option, fmt):
    cli.error("trace", "Harry", "--format", fmt, *option, contains=(f"{option[0]} applies to --format json only",))


def test_a_negative_indent_is_refused(cli):
    cli.error("trace", "Harry", "--format", "json", "--indent", "-1", contains=("--indent must be 0 or more",))


def test_the_table_reads_no_user_text_as_markup(capsys):
    """A word or a model description with brackets is printed as it is."""
    from rnnviz.commands.trace import print_tables
    from rnnviz.tasks import TRACED

    params = init_params(3, 5, seed=0)
    tokens = ("[bold]harry[/bold]", "[red]")
    trace = build_trace(params, tokens, [1, 2], unknown=[False, True])
    print_tables(params, "on [i]corpus[/i]", [TRACED["tagger"].table(trace, None)], 1)
    out = capsys.readouterr().out
    assert "[bold]harry[/bold]" in out
    assert "<UNK> ([red])" in out
    assert "fed as <UNK>: [red]" in out
    assert "g = tanh, on [i]corpus[/i]" in out


def test_the_table_console_does_not_highlight(cli, monkeypatch):
    """With colours forced on, Rich's highlighter would colour every number (and is
    quadratic in a long word); the table's styles (bold headers) are still there."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    code, out, _ = cli.run("trace", "Harry met Zyxwvut 42 times")
    assert code == 0
    assert "\x1b[1m" in out  # colours are on: the bold header
    assert "n_a = 100, n_x = V = 10,000, n_y = 1, g = tanh" in out  # no escape around a number
    assert "fed as <UNK>: zyxwvut" in out


def test_a_long_word_is_traced(cli):
    """A 200 KB word (quadratic before: minutes) in every format; timing is bench/bench_trace.py's."""
    word = "a" * 200_000
    code, out, _ = cli.run("trace", word)
    assert code == 0
    assert f"fed as <UNK>: {word[:1000]}" in out.replace("\n", "")
    code, out, _ = cli.run("trace", word, "--format", "json", "--no-vectors")
    assert json.loads(out)["sentences"][0]["tokens"] == [word]


def test_the_debugger_default_sentence_is_traces_default():
    from rnnviz.text import default_sentences

    assert (
        default_sentences()[0].tokens
        == sentence_from_text("Harry Potter and Hermione Granger invented a new spell.").tokens
    )
