"""`rnnviz trace` for the encoder-decoder: `input<TAB>output` files (--file: labeled, so the
decoder is teacher-forced), an input on the command line unlabeled (the decoder is fed its own
argmax). Every trace also has the greedy decoding, `output`. README: "The encoder-decoder"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine import Params, Trace
from ..engine.shapes.seq2seq import ZEROS
from ..engine.stack import ZERO_INPUT
from ..errors import UserError
from .classifier_trace import quantities
from .seq2seq import Outputs, output_vocab
from .traced import Traced, TraceTable, unknown_note, word_cell

CSV_COLUMNS = ("part", "t", "token", "index", "unknown", "y", "target", "p_token", "p_target", "loss", "cum_loss",
               "a_min", "a_max", "saturated")  # fmt: skip
TABLE_COLUMNS = ("", "t", "x<t>", "output", "ŷ[out]", "y<t>", "ŷ[y]", "L<t>", "ΣL", "‖a<t>‖")


@dataclass(frozen=True)
class Pair:
    """One input, and the output it should give (None when unlabeled)."""

    tokens: tuple[str, ...]
    output: str | None
    where: str


def outputs_of(params: Any) -> Outputs:
    found = output_vocab(params)
    if found is None:
        raise UserError(f"{params.meta.get('source', 'the model')}: carries no output vocabulary (meta 'vocab' 'y')")
    return found


def pair(text: str, output: str | None, where: str) -> Pair:
    from ..text import tokenize

    tokens = tuple(tokenize(text))
    if not tokens:
        raise UserError(f"{where}: {text!r} has no word to read")
    return Pair(tokens, output, where)


def decoded(trace: Trace, outputs: Outputs) -> str:
    """The greedy decoding as a string."""
    return outputs.text(trace.decoded or ())


class Seq2SeqTraced(Traced):
    csv_columns = CSV_COLUMNS

    def items(self, texts: Sequence[str], path: Path | None) -> list[Any]:
        from ..text.labeled import load_pairs
        from .debugger_inputs import NUMBER_TARGET  # "… = 3042" gives a typed number its target, as in the app

        items = []
        for text in texts:
            found = NUMBER_TARGET.match(text)
            words, target = (text, None) if found is None else (found.group(1), found.group(2))
            items.append(pair(words, target, "the input"))
        if path is not None:
            items += [pair(p.input, p.output, f"{path}:{p.line}") for p in load_pairs(path)]
        return items

    def default(self, params: Params) -> list[Any]:
        """The first pair of the model's sample file (`meta["samples"]`), else of
        sample_sentences/seq2seq/heldout.txt."""
        return self.first_sample(params, "seq2seq/heldout.txt")

    def trace(self, params: Params, vocab: Any, item: Any) -> Trace:
        from ..engine import build_trace

        labels = None
        if item.output is not None:
            outputs = outputs_of(params)
            labels = outputs.targets(item.output)
            if labels is None:
                chars = ", ".join(repr(c) for c in outputs.missing(item.output))
                raise UserError(f"{item.where}: output character {chars} is not in {outputs.source}")
        indices, unknown = vocab.lookup(item.tokens)
        return build_trace(params, item.tokens, indices, labels, unknown)

    def record(self, trace: Trace, vocab: Any, vectors: bool = True) -> dict[str, Any]:
        outputs = outputs_of(trace.params)
        assert trace.decoder is not None
        steps = []
        for s in trace.steps:
            step: dict[str, Any] = {"t": s.t, "token": s.token, "index": s.index, "unknown": s.unknown}
            if vectors:
                step.update(quantities(trace, s))
            steps.append(step)
        output_steps = []
        for s in trace.decoder.steps:
            assert s.probs is not None
            step = {
                "t": s.t,
                "index": None if s.index == ZERO_INPUT else s.index,
                "token": outputs.words[int(s.probs.argmax())],
                "y": s.y,
                "y_hat": s.probs.tolist(),
                "loss": s.loss,
                "cum_loss": s.cum_loss,
            }
            if vectors:
                step.update(quantities(trace.decoder, s))
            output_steps.append(step)
        return {
            "tokens": list(trace.tokens),
            "unknown": list(trace.unknown_tokens),
            "steps": steps,
            "output_steps": output_steps,
            "output": decoded(trace, outputs),
            "target": None if trace.labels is None else outputs.text(trace.labels),
            "loss": trace.loss,
        }

    def csv_rows(self, trace: Trace, vocab: Any) -> Iterable[list[Any]]:
        """The encoder's steps (part "encoder"), then the decoder's: its output token and the
        probability of it, the target and the probability of that."""
        outputs = outputs_of(trace.params)
        assert trace.decoder is not None
        for s in trace.steps:
            yield ["encoder", s.t, s.token, s.index, int(s.unknown), "", "", "", "", "", "", *_csv_a(s)]
        for s in trace.decoder.steps:
            assert s.probs is not None
            best = int(s.probs.argmax())
            yield [
                "decoder",
                s.t,
                outputs.words[best],
                "" if s.index == ZERO_INPUT else s.index,
                0,
                "" if s.y is None else s.y,
                "" if s.y is None else outputs.words[s.y],
                repr(float(s.probs[best])),
                "" if s.y is None else repr(float(s.probs[s.y])),
                "" if s.loss is None else repr(s.loss),
                "" if s.cum_loss is None else repr(s.cum_loss),
                *_csv_a(s),
            ]

    def table(self, trace: Trace, vocab: Any) -> TraceTable:
        outputs = outputs_of(trace.params)
        assert trace.decoder is not None
        rows: list[tuple[str, ...]] = []
        marks: list[bool | None] = []
        for s in trace.steps:
            word = word_cell(s)
            rows.append(("encoder", str(s.t), word, "", "", "", "", "", "", f"{s.a_norm:.4f}"))
            marks.append(None)
        for s in trace.decoder.steps:
            assert s.probs is not None
            best = int(s.probs.argmax())
            rows.append(
                (
                    "decoder",
                    str(s.t),
                    ZEROS if s.index == ZERO_INPUT else outputs.words[s.index],
                    outputs.words[best],
                    f"{s.probs[best]:.4f}",
                    "–" if s.y is None else outputs.words[s.y],
                    "–" if s.y is None else f"{s.probs[s.y]:.4f}",
                    "–" if s.loss is None else f"{s.loss:.4f}",
                    "–" if s.cum_loss is None else f"{s.cum_loss:.4f}",
                    f"{s.a_norm:.4f}",
                )
            )
            marks.append(None if s.y is None else best == s.y)
        fed = "y<t-1>, the target (teacher forcing)" if trace.labels is not None else "its own output"
        notes = [
            f"the decoder starts from the encoder's a<T_x>; x<1> = 0, then x<t> = {fed}",
            f"greedy decoding: {decoded(trace, outputs)!r}",
        ]
        if trace.labels is not None:
            notes.append(f"target {outputs.text(trace.labels)!r}: loss L = Σ L<t> = {trace.loss:.6f}")
        else:
            notes.append("unlabeled input: no y<t>, so no loss")
        notes += unknown_note(trace)
        return TraceTable(
            title=f"T_x = {trace.T}, T_y = {trace.decoder.T}",
            columns=TABLE_COLUMNS,
            rows=rows,
            left=("", "x<t>", "output", "y<t>"),
            widths={"t": 1, "ŷ[out]": 6, "ŷ[y]": 6, "L<t>": 6, "ΣL": 6, "‖a<t>‖": 6},
            marked="output",
            marks=marks,
            notes=notes,
        )


def _a(s: Any) -> tuple[float, float, int]:
    """min a<t>, max a<t> and its saturated units."""
    return float(s.a.min()), float(s.a.max()), s.saturated


def _csv_a(s: Any) -> list[Any]:
    low, high, saturated = _a(s)
    return [repr(low), repr(high), saturated]
