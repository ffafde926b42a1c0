"""`rnnviz trace`: the forward pass of one or more sentences, printed word by word.

Formats:
  table  a Rich table a sentence: t, word, vocabulary index, y, ŷ, L<t>, ΣL, a<t> summary
  json   one document: {"model": {...}, "sentences": [{"tokens", "labels", "loss", "steps": [...]}]}
  csv    one row per word of every sentence

Every format is written sentence by sentence, each sentence traced just before it is written:
memory does not grow with the file. The JSON document is streamed (see trace_json.py), byte
for byte what `json.dumps` of the whole document gives.
User text (words, file names, a model's description) is never read as Rich markup, and the
table's Console has no highlighter (Rich's is quadratic in a long word).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..engine import Params, Trace
from ..errors import UserError
from .common import ArgumentParser, add_model_options
from .trace_json import write_json

FORMATS = ("table", "json", "csv")
CSV_COLUMNS = (
    "sentence",
    "t",
    "token",
    "index",
    "unknown",
    "y",
    "y_hat",
    "logit",
    "loss",
    "cum_loss",
    "a_min",
    "a_max",
    "saturated",
)


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz trace",
        description="Run the forward pass and print every quantity per word: x<t>'s index, "
        "ŷ<t>, L<t>, the running ΣL and a summary of a<t> (json: z<t> and a<t> in full).",
    )
    p.add_argument(
        "sentence",
        nargs="*",
        help="one or more sentences (quote each); with none and no --file: the seed's sentence, as `rnnviz` opens",
    )
    p.add_argument("--file", metavar="PATH", type=Path, help="trace every sentence of a markup or CoNLL file")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    p.add_argument("--no-vectors", action="store_true", help="json: leave out z<t> and a<t> (100 numbers each a word)")
    p.add_argument("--indent", metavar="N", type=int, help="json: indent by N spaces, one value a line (readable)")
    add_model_options(p)
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.format != "json":
        for option, given in (("--no-vectors", args.no_vectors), ("--indent", args.indent is not None)):
            if given:
                raise UserError(f"{option} applies to --format json only (see rnnviz trace --help)")
    if args.indent is not None and args.indent < 0:
        raise UserError(f"--indent must be 0 or more spaces, not {args.indent}")
    from ..pipeline import describe_model, load_model_and_vocab, sentence_from_text, trace_sentence
    from ..text import default_sentences, load_sentences

    params, vocab = load_model_and_vocab(args.model, args.vocab, args.activation)
    sentences = [sentence_from_text(text) for text in args.sentence]
    if args.file is not None:
        sentences += load_sentences(args.file)
    if not sentences:  # the same default as the debugger: the first sample sentence, the seed's
        sentences = default_sentences()[:1]
    traces = (trace_sentence(params, vocab, s) for s in sentences)  # one at a time
    out = sys.stdout
    if args.format == "json":
        write_json(params, traces, out, vectors=not args.no_vectors, indent=args.indent)
    elif args.format == "csv":
        write_csv(traces, out)
    else:
        print_tables(params, describe_model(params), traces, len(sentences))
    return 0


def write_csv(traces: Iterable[Trace], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for i, tr in enumerate(traces, start=1):
        for s in tr.steps:
            writer.writerow(
                [
                    i,
                    s.t,
                    s.token,
                    s.index,
                    int(s.unknown),
                    "" if s.y is None else s.y,
                    repr(float(s.probs[0])) if len(s.probs) == 1 else " ".join(map(repr, s.probs.tolist())),
                    repr(float(s.logits[0])) if len(s.logits) == 1 else " ".join(map(repr, s.logits.tolist())),
                    "" if s.loss is None else repr(s.loss),
                    "" if s.cum_loss is None else repr(s.cum_loss),
                    repr(float(s.a.min())),
                    repr(float(s.a.max())),
                    s.saturated,
                ]
            )


def print_tables(params: Params, model_text: str, traces: Iterable[Trace], count: int) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)  # Rich's highlighter is quadratic in a long word
    console.print(
        f"[bold]model[/]: n_a = {params.n_a}, n_x = V = {params.n_x:,}, n_y = {params.n_y}, "
        f"g = {params.activation}, {escape(model_text)}"
    )
    binary = params.n_y == 1
    for i, tr in enumerate(traces, start=1):
        title = f"sentence {i} of {count}: T_x = {tr.T}"
        table = Table(title=title, title_justify="left", header_style="bold", padding=(0, 1), box=None)
        for name in ("t", "word", "index", "y", "ŷ" if binary else "ŷ[y]", "L<t>", "ΣL", "min a", "max a", "|a|>.99"):
            # Numbers keep their width on a narrow terminal; the word column gives way first.
            width = None if name == "word" else len(name) if name in ("t", "y", "index", "|a|>.99") else 6
            table.add_column(name, justify="left" if name == "word" else "right", no_wrap=True, min_width=width)
        for s in tr.steps:
            word = Text(f"<UNK> ({s.token})" if s.unknown else s.token)  # Text: never parsed as markup
            if binary:
                y_hat = s.y_hat
            else:
                y_hat = float(s.probs[s.y]) if s.y is not None else float(s.probs.max())
            hit = s.y is not None and (y_hat > 0.5) == bool(s.y)
            style = "" if s.y is None else ("green" if hit else "red")
            table.add_row(
                str(s.t),
                word,
                f"{s.index:,}",
                "–" if s.y is None else str(s.y),
                Text(f"{y_hat:.4f}", style=style),
                "–" if s.loss is None else f"{s.loss:.4f}",
                "–" if s.cum_loss is None else f"{s.cum_loss:.4f}",
                f"{s.a.min():+.4f}",
                f"{s.a.max():+.4f}",
                str(s.saturated),
            )
        console.print(table)
        if tr.loss is not None:
            console.print(f"sentence loss L = Σ L<t> = {tr.loss:.6f}")
        else:
            console.print("unlabeled sentence: no y<t>, so no loss")
        if tr.unknown_tokens:
            console.print(Text(f"not in the vocabulary, fed as <UNK>: {', '.join(tr.unknown_tokens)}"))
