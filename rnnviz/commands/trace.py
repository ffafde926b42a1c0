"""`rnnviz trace`: the forward pass of one or more sentences, printed word by word.

Formats:
  table  a Rich table a sentence: t, word, vocabulary index, y, ŷ, L<t>, ΣL, a<t> summary
  json   one document: {"model": {...}, "sentences": [{"tokens", "labels", "loss", "steps": [...]}]};
         each step holds the cell's quantities (first layer, left to right): z, a for the
         vanilla cell, f, i, g, o, c, a for the LSTM, r, u, n, a for the GRU
  csv    one row per word of every sentence
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from ..engine import Params, Trace
from ..errors import UserError
from .common import ArgumentParser, add_model_options

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
        "ŷ<t>, L<t>, the running ΣL and a summary of a<t> (json: the cell's quantities in full, z<t> and a<t> "
        "for the vanilla cell).",
    )
    p.add_argument("sentence", nargs="*", help="one or more sentences (quote each)")
    p.add_argument("--file", metavar="PATH", type=Path, help="trace every sentence of a markup or CoNLL file")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    add_model_options(p)
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if not args.sentence and args.file is None:
        raise UserError("give a sentence or --file PATH (see rnnviz trace --help)")
    from ..pipeline import describe_model, load_model_and_vocab, sentence_from_text, trace_sentence
    from ..text import load_sentences

    params, vocab = load_model_and_vocab(args.model, args.vocab, args.activation)
    sentences = [sentence_from_text(text) for text in args.sentence]
    if args.file is not None:
        sentences += load_sentences(args.file)
    traces = [trace_sentence(params, vocab, s) for s in sentences]
    if args.format == "json":
        json.dump(to_json(params, traces), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        write_csv(traces, sys.stdout)
    else:
        print_tables(params, describe_model(params), traces)
    return 0


def model_json(params: Params) -> dict:
    """n_a, n_x, n_y and the vanilla cell's g; another cell's name instead of g."""
    out: dict = {"n_a": params.n_a, "n_x": params.n_x, "n_y": params.n_y}
    if params.spec.cell == "rnn":
        out["activation"] = params.activation
    else:
        out["cell"] = params.spec.cell
    return out


def _scalar_or_list(values) -> float | list[float]:
    return float(values[0]) if len(values) == 1 else [float(v) for v in values]


def to_json(params: Params, traces: list[Trace]) -> dict:
    """The documented JSON document (README: `rnnviz trace --format json`)."""
    return {
        "model": model_json(params),
        "sentences": [
            {
                "tokens": list(tr.tokens),
                "labels": None if tr.labels is None else list(tr.labels),
                "loss": tr.loss,
                "unknown": list(tr.unknown_tokens),
                "steps": [
                    {
                        "t": s.t,
                        "token": s.token,
                        "index": s.index,
                        "unknown": s.unknown,
                        "y": s.y,
                        "y_hat": _scalar_or_list(s.probs),
                        "logit": _scalar_or_list(s.logits),
                        "loss": s.loss,
                        "cum_loss": s.cum_loss,
                        **{name: s.q(name).tolist() for name in tr.quantities},
                    }
                    for s in tr.steps
                ],
            }
            for tr in traces
        ],
    }


def write_csv(traces: list[Trace], out) -> None:
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


def print_tables(params: Params, model_text: str, traces: list[Trace]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(
        f"[bold]model[/]: n_a = {params.n_a}, n_x = V = {params.n_x:,}, n_y = {params.n_y}, "
        f"{'g = ' + params.activation if params.spec.cell == 'rnn' else 'cell = ' + params.spec.cell}, {model_text}"
    )
    binary = params.n_y == 1
    for i, tr in enumerate(traces, start=1):
        title = f"sentence {i} of {len(traces)}: T_x = {tr.T}"
        table = Table(title=title, title_justify="left", header_style="bold", padding=(0, 1), box=None)
        for name in ("t", "word", "index", "y", "ŷ" if binary else "ŷ[y]", "L<t>", "ΣL", "min a", "max a", "|a|>.99"):
            # Numbers keep their width on a narrow terminal; the word column gives way first.
            width = None if name == "word" else len(name) if name in ("t", "y", "index", "|a|>.99") else 6
            table.add_column(name, justify="left" if name == "word" else "right", no_wrap=True, min_width=width)
        for s in tr.steps:
            word = f"<UNK> ({s.token})" if s.unknown else s.token
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
                f"[{style}]{y_hat:.4f}[/]" if style else f"{y_hat:.4f}",
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
            console.print(f"not in the vocabulary, fed as <UNK>: {', '.join(tr.unknown_tokens)}")
