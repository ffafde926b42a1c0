"""`rnnviz trace`: the forward pass of one or more sentences, printed step by step.

Formats:
  table  a Rich table a sentence (a tagger: t, word, vocabulary index, y, ŷ, L<t>, ΣL, a<t>
         summary; a language model: t, x<t>, y<t>, ŷ[y], L<t>, ΣL, the top 3 of ŷ<t>)
  json   one document: {"model": {...}, "sentences": [one record a sentence]}
  csv    one row per step of every sentence

What a sentence is, and what is printed of it, is the model's shape's (rnnviz/tasks/: the
tagger's in tagger_trace.py, the language model's in lm.py); this command asks
`TRACED[shape]` and knows no shape itself.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from ..engine import Params
from ..errors import UserError
from .common import ArgumentParser, add_model_options

FORMATS = ("table", "json", "csv")


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz trace",
        description="Run the forward pass and print every quantity per step: x<t>'s index, "
        "ŷ<t>, L<t>, the running ΣL and a summary of a<t> (json: a<t> in full).",
    )
    p.add_argument(
        "sentence", nargs="*", help="one or more sentences (quote each); for a language model, each is one sequence"
    )
    p.add_argument(
        "--file",
        metavar="PATH",
        type=Path,
        help="trace every sentence of a file: markup or CoNLL for a tagger, plain text (one sequence a line) "
        "for a language model",
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    add_model_options(p)
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if not args.sentence and args.file is None:
        raise UserError("give a sentence or --file PATH (see rnnviz trace --help)")
    from ..pipeline import describe_model, load_model_and_vocab
    from ..tasks import TRACED

    params, vocab = load_model_and_vocab(args.model, args.vocab, args.activation)
    shape = TRACED.get(params.spec.shape)
    if shape is None:
        raise UserError(f"{args.model}: rnnviz trace does not print a {params.spec.shape} model yet")
    items = shape.items(args.sentence, args.file)
    traces = [shape.trace(params, vocab, item) for item in items]
    if args.format == "json":
        document = {"model": model_json(params), "sentences": [shape.record(tr, vocab) for tr in traces]}
        json.dump(document, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(("sentence", *shape.csv_columns))
        for i, tr in enumerate(traces, start=1):
            writer.writerows([i, *row] for row in shape.csv_rows(tr, vocab))
    else:
        print_tables(params, describe_model(params), [shape.table(tr, vocab) for tr in traces])
    return 0


def model_json(params: Params) -> dict:
    return {"n_a": params.n_a, "n_x": params.n_x, "n_y": params.n_y, "activation": params.activation}


def print_tables(params: Params, model_text: str, tables: list[Any]) -> None:
    """Each sentence's TraceTable (rnnviz/tasks/traced.py) as a Rich table; user text is
    never read as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    console.print(
        f"[bold]model[/]: n_a = {params.n_a}, n_x = V = {params.n_x:,}, n_y = {params.n_y}, "
        f"g = {params.activation}, {model_text}"
    )
    for i, data in enumerate(tables, start=1):
        title = f"sentence {i} of {len(tables)}: {data.title}"
        table = Table(title=title, title_justify="left", header_style="bold", padding=(0, 1), box=None)
        for name in data.columns:
            left = name in data.left
            header = Text(name)  # "ŷ[y]" is not markup
            table.add_column(header, justify="left" if left else "right", no_wrap=True, min_width=data.widths.get(name))
        marked = data.columns.index(data.marked) if data.marked in data.columns else None
        for row, mark in zip(data.rows, data.marks or [None] * len(data.rows)):
            cells = [Text(cell) for cell in row]
            if marked is not None and mark is not None:
                cells[marked].stylize("green" if mark else "red")
            table.add_row(*cells)
        console.print(table)
        for note in data.notes:
            console.print(Text(note))
