"""`rnnviz trace`: the forward pass of one or more sentences, printed step by step.

Formats:
  table  a Rich table a sentence (a tagger: t, word, vocabulary index, y, ŷ, L<t>, ΣL, a<t>
         summary; a language model: t, x<t>, y<t>, ŷ[y], L<t>, ΣL, the top 3 of ŷ<t>)
  json   one document: {"model": {...}, "sentences": [one record a sentence]}
  csv    one row per step of every sentence

What a sentence is, its default, and what is printed of it are the model's shape's
(rnnviz/tasks/: the tagger's in tagger_trace.py, the language model's in lm_trace.py); this
command asks `TRACED[shape]` and knows no shape itself.

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
from typing import TYPE_CHECKING

from ..engine import Params
from ..errors import UserError
from .common import ArgumentParser, add_model_options
from .trace_json import write_json

if TYPE_CHECKING:
    from ..tasks.traced import TraceTable

FORMATS = ("table", "json", "csv")


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz trace",
        description="Run the forward pass and print every quantity per step: x<t>'s index, "
        "ŷ<t>, L<t>, the running ΣL and a summary of a<t> (json: a<t> in full).",
    )
    p.add_argument(
        "sentence",
        nargs="*",
        help="one or more sentences (quote each; for a language model each is one sequence); with none and no "
        "--file: the model's first sample sentence (the seed's for the tagger), as `rnnviz` opens",
    )
    p.add_argument(
        "--file",
        metavar="PATH",
        type=Path,
        help="trace every sentence of a file: markup or CoNLL for a tagger, plain text (one sequence a line) "
        "for a language model",
    )
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
    from ..pipeline import describe_model, load_model_and_vocab
    from ..tasks import TRACED

    params, vocab = load_model_and_vocab(args.model, args.vocab, args.activation)
    shape = TRACED.get(params.spec.shape)
    if shape is None:
        raise UserError(f"{args.model}: rnnviz trace does not print a {params.spec.shape} model yet")
    items = shape.items(args.sentence, args.file) or shape.default(params)
    traces = (shape.trace(params, vocab, item) for item in items)  # one at a time
    out = sys.stdout
    if args.format == "json":
        records = (shape.record(tr, vocab, vectors=not args.no_vectors) for tr in traces)
        write_json(params, records, out, indent=args.indent)
    elif args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("sentence", *shape.csv_columns))
        for i, tr in enumerate(traces, start=1):
            writer.writerows([i, *row] for row in shape.csv_rows(tr, vocab))
    else:
        print_tables(params, describe_model(params), (shape.table(tr, vocab) for tr in traces), len(items))
    return 0


def print_tables(params: Params, model_text: str, tables: Iterable[TraceTable], count: int) -> None:
    """Each sentence's TraceTable (rnnviz/tasks/traced.py) as a Rich table; no user text is
    read as markup."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)  # Rich's highlighter is quadratic in a long word
    console.print(
        f"[bold]model[/]: n_a = {params.n_a}, n_x = V = {params.n_x:,}, n_y = {params.n_y}, "
        f"{'g = ' + params.activation if params.spec.cell == 'rnn' else 'cell = ' + params.spec.cell}, "
        f"{escape(model_text)}"
    )
    for i, data in enumerate(tables, start=1):
        title = f"sentence {i} of {count}: {data.title}"
        table = Table(title=title, title_justify="left", header_style="bold", padding=(0, 1), box=None)
        for name in data.columns:
            left = name in data.left
            table.add_column(
                Text(name), justify="left" if left else "right", no_wrap=True, min_width=data.widths.get(name)
            )
        marked = data.columns.index(data.marked) if data.marked in data.columns else None
        for row, mark in zip(data.rows, data.marks or [None] * len(data.rows)):
            cells = [Text(cell) for cell in row]  # Text: never parsed as markup
            if marked is not None and mark is not None:
                cells[marked].stylize("green" if mark else "red")
            table.add_row(*cells)
        console.print(table)
        for note in data.notes:
            console.print(Text(note))
