"""`rnnviz` entry point: the step debugger by default, and the subcommands.

    rnnviz [SENTENCE] [--file PATH] [--model PATH] [--vocab PATH]   the debugger (TUI)
    rnnviz trace [SENTENCE | --file PATH] [--format table|json|csv] every quantity, printed
    rnnviz train --data PATH ...                                    train a model (BPTT)
    rnnviz export --format npz|safetensors --out PATH               convert a model file
    rnnviz vocab --data PATH... --size N --out PATH                 a vocabulary from your files
    rnnviz serve [--host H] [--port P] [rnnviz arguments]           the debugger in a web browser
    rnnviz sample [--model M] [--n N] [--temperature T] [--prefix TEXT]   text from a language model

A user's mistake prints one line, `rnnviz: error: ...`, and exits with status 2.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .commands.common import ArgumentParser, add_model_options
from .errors import UserError
from .files import check_readable

if TYPE_CHECKING:
    from .tui.session import Session

SUBCOMMANDS = {
    "trace": "print every quantity of the forward pass, word by word",
    "train": "train a model by backpropagation through time",
    "export": "convert a model file (npz, safetensors)",
    "models": "list the bundled models",
    "vocab": "build a vocabulary file from your sentence files",
    "serve": "serve the debugger to web browsers (textual-serve)",
    "sample": "write text with a character language model",
}

EPILOG = (
    """\
subcommands (each has --help):
"""
    + "\n".join(f"  rnnviz {name:<8} {text}" for name, text in SUBCOMMANDS.items())
    + """

keys in the debugger: → / l step forward, ← / h step back, home / end, space play,
n / p next / previous sentence, e edit the sentence, ? help, ctrl+p commands, q quit.
"""
)


def tui_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="rnnviz",
        description=(
            "Step through a sentence one word at a time and see every quantity of the RNN\n"
            "equations with its real numbers: x<t>, [a<t-1>; x<t>], z<t>, a<t>, ŷ<t>, L<t>."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "sentence",
        nargs="?",
        help="a sentence to step through (default: the first of sample_sentences/, the seed's)",
    )
    parser.add_argument(
        "--file",
        metavar="PATH",
        type=Path,
        help="a sentence file (bracket markup or CoNLL-2003); n / p move between its sentences",
    )
    parser.add_argument(
        "--heldout",
        metavar="PATH",
        type=Path,
        help="labeled sentences to score after each epoch of training in the app (t); "
        "default: sample_sentences/heldout.txt for the bundled sentences",
    )
    add_model_options(parser)
    parser.add_argument("--version", action="version", version=f"rnnviz {__version__}")
    return parser


def missing_terminal() -> str | None:
    """What is not a terminal ("stdin", "stdout", "stdin and stdout"), or None. A driver
    named in TEXTUAL_DRIVER (textual-serve's web driver talks through pipes) needs none."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return None
    missing = [name for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout)) if not _isatty(stream)]
    return " and ".join(missing) or None


def _isatty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def run_tui(argv: list[str]) -> int:
    args = tui_parser().parse_args(argv)
    # Without a terminal the app would draw escape codes into a pipe and wait forever for keys.
    missing = missing_terminal()
    if missing is not None:
        raise UserError(
            f"the debugger needs a terminal, and {missing} {'is' if ' and ' not in missing else 'are'} not one; "
            "to print every number without a terminal use `rnnviz trace` (see rnnviz trace --help)"
        )
    # The common mistakes are reported before the screen is taken over; the rest (a model's
    # shapes, a file's lines) by the loader, after the terminal is restored.
    check_tui_args(args)
    # The first frame is drawn before NumPy is imported: the app runs the loader in a
    # worker thread, and a UserError it raises comes back after the terminal is restored.
    # Until the debugger is on screen nothing is garbage: the collector is off (it would
    # scan Textual's objects again and again, 10 to 50 ms) and the app turns it back on.
    gc.disable()
    # The debugger's products are small (n_a x n_a): BLAS threads would only take ~25 ms of
    # CPU to start while NumPy is imported, and compete with the screen for it afterwards.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from .tui.app import RnnvizApp
    from .tui.terminal import SignalExit

    app = RnnvizApp.from_loader(partial(load_tui_inputs, args))
    with SignalExit(app) as stop:  # SIGTERM, SIGHUP: a clean exit that restores the terminal
        app.run()
    stop.exit_if_signalled()
    if app.load_error is not None:
        raise app.load_error
    return 0


def check_tui_args(args: argparse.Namespace) -> None:
    """The debugger's common argument mistakes (rnnviz, rnnviz serve), as a UserError: a
    sentence and --file both, a model that is neither a file nor a bundled name, a file that
    cannot be read."""
    from .bundled import resolve

    if args.sentence is not None and args.file is not None:
        raise UserError("give a sentence or --file, not both (see rnnviz --help)")
    model = None if args.model is None else resolve(args.model)
    for path, what in ((model, "model file"), (args.vocab, "file"), (args.file, "file"), (args.heldout, "file")):
        if path is not None:
            check_readable(path, what)


def load_tui_inputs(args: argparse.Namespace) -> Session:
    """What the debugger shows, from its arguments (raises UserError for a bad --model,
    --vocab, --file, --heldout or sentence)."""
    from .pipeline import lm_lines, load_model_and_vocab, sentence_from_text
    from .tasks.debugger_inputs import shaped_inputs
    from .text import default_sentences, load_sentences
    from .text.chars import CharVocabulary
    from .tui.models import refusal
    from .tui.session import Session

    params, vocab = load_model_and_vocab(args.model, args.vocab, args.activation)
    if params.spec.shape == "lm" and isinstance(vocab, CharVocabulary):  # plain text, one line a sequence
        if args.heldout is not None:
            raise UserError(
                "--heldout: training in the app is for taggers; train a language model with `rnnviz train --task lm`"
            )
        sentences, source = lm_lines(params, vocab, args.file, args.sentence)
        return Session(sentences, params, vocab, source)
    shaped = shaped_inputs(params, args.file, args.sentence)  # a classifier's or an encoder-decoder's
    if shaped is not None:
        why = refusal(params, str(args.model))
        if why is not None or args.heldout is not None:
            raise UserError(why or "--heldout: training in the app is for taggers; use `rnnviz train --task`")
        return Session(shaped[0], params, vocab, shaped[1])
    if params.n_y != 1:
        raise UserError(
            f"{args.model}: the debugger shows binary taggers (n_y = 1) and character language models; "
            f"this model has n_y = {params.n_y} outputs (softmax): use `rnnviz trace`"
        )
    if args.file is not None:
        sentences, source = load_sentences(args.file), str(args.file)
    elif args.sentence is not None:
        sentences, source = [sentence_from_text(args.sentence)], "command line"
    else:
        sentences, source = default_sentences(), "sample_sentences/train.txt"
    heldout = None if args.heldout is None else load_sentences(args.heldout)
    return Session(sentences, params, vocab, source, heldout, None if args.heldout is None else str(args.heldout))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            return import_module(f"rnnviz.commands.{argv[0]}").run(argv[1:])
        return run_tui(argv)
    except UserError as exc:
        print(f"rnnviz: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("rnnviz: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
