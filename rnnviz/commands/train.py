"""`rnnviz train`: train a model of the family by backpropagation through time and save it.

    rnnviz train --data sample_sentences/train.txt --heldout sample_sentences/heldout.txt \\
        --hidden 100 --epochs 20 --lr 0.01 --seed 0 --out model.npz
    rnnviz train --bidirectional --layers 2 --unseen-dropout 0.2 ...      another member of the family

`--task` picks what is learned (rnnviz/tasks/: the tagger by default), `--cell`, `--layers`
and `--bidirectional` the network. A Rich progress bar per epoch shows the training loss;
after each epoch one line gives the held-out figures of every --heldout file (for the
tagger: loss, token accuracy, and precision / recall / F1 over words (a word is predicted a
name when ŷ > 0.5) and over names (a name is a maximal run of name words, right only when
exactly the true run, as conlleval counts).

Ctrl+C finishes cleanly: the model of the last completed epoch is saved (with the optimizer
state, so `--resume` continues exactly where it stopped) and the command exits with status
130. A run that diverges (a non-finite loss, gradient or weight; a training loss above 100 a
word; a weight beyond 1e6: see engine/diverge.py) stops, keeps the last good epoch (saved
when this run completed one) and exits with status 3. Every save is atomic. The same command
gives the same model, bit for bit, on the same machine.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..files import check_writable
from .common import ArgumentParser
from .train_start import DEFAULTS, INITS, check_args, config_of, default_out, starting_point


def parser() -> ArgumentParser:
    from ..engine.cells import CELLS
    from ..tasks import TASKS

    p = ArgumentParser(
        prog="rnnviz train",
        description="Train a recurrent network by backpropagation through time, with Adam (default) or SGD: "
        "by default the seed's tagger (ŷ<t> > 0.5: word t is part of a person's name) on labeled sentences "
        "(bracket markup or CoNLL-2003).",
    )
    p.add_argument("--task", choices=sorted(TASKS), default="tagger", help="what to learn (default: tagger)")
    p.add_argument("--data", metavar="PATH", type=Path, required=True, help="training data")
    p.add_argument(
        "--heldout",
        metavar="PATH",
        type=Path,
        action="append",
        help="held-out data, scored after every epoch (give it more than once for several files)",
    )
    p.add_argument(
        "--cell", choices=sorted(CELLS), help="the recurrent cell (default: rnn; with --resume: the model's)"
    )
    p.add_argument("--layers", metavar="L", type=int, help="stacked recurrent layers (default 1)")
    p.add_argument("--bidirectional", action="store_true", help="a→<t> from the left and a←<t> from the right")
    p.add_argument(
        "--hidden",
        metavar="N",
        type=int,
        help=f"hidden units n_a (default {DEFAULTS['hidden']}; with --resume: the model's)",
    )
    p.add_argument(
        "--epochs",
        metavar="N",
        type=int,
        default=DEFAULTS["epochs"],
        help=f"total epochs, resumed ones included (default {DEFAULTS['epochs']})",
    )
    p.add_argument(
        "--lr", metavar="X", type=float, default=DEFAULTS["lr"], help=f"learning rate (default {DEFAULTS['lr']})"
    )
    p.add_argument(
        "--batch-size",
        metavar="N",
        type=int,
        default=DEFAULTS["batch_size"],
        help=f"examples per mini-batch (default {DEFAULTS['batch_size']})",
    )
    p.add_argument("--optimizer", choices=("adam", "sgd"), default="adam", help="adam (lazy for Wax; default) or sgd")
    p.add_argument(
        "--clip",
        metavar="X",
        type=float,
        default=DEFAULTS["clip"],
        help=f"clip the gradients' global norm at X; 0: off (default {DEFAULTS['clip']})",
    )
    p.add_argument(
        "--word-dropout",
        metavar="P",
        type=float,
        help="feed each input word as <UNK> with probability P while training (default 0; with --resume: the model's)",
    )
    p.add_argument(
        "--unseen-dropout",
        metavar="P",
        type=float,
        help="feed each input word as x<t> = 0, the input of a word never seen in training, with probability P "
        f"(default {TASKS['tagger'].dropout['unseen_dropout']:g} for the tagger, 0 for the others; with --resume: "
        "the model's)",
    )
    p.add_argument(
        "--seed",
        metavar="S",
        type=int,
        help=f"seed of the initialization and the shuffle (default {DEFAULTS['seed']}; with --resume: the model's)",
    )
    p.add_argument(
        "--activation", choices=("tanh", "relu"), help="g of the rnn cell (default tanh; with --resume: the model's)"
    )
    p.add_argument(
        "--init",
        choices=INITS,
        default="normal",
        help="Waa's start: normal (small random weights; default) or identity (Waa = I, the rnn cell only: "
        "with --activation relu, the IRNN of Le, Jaitly and Hinton 2015, which carries a<t> far along a sentence)",
    )
    p.add_argument("--vocab", metavar="PATH", type=Path, help="vocabulary file (default: the bundled 10,000 words)")
    p.add_argument(
        "--out",
        metavar="PATH",
        type=Path,
        help="model file to write, .npz or .safetensors (default model.npz; with --resume: the resumed file)",
    )
    p.add_argument(
        "--resume", metavar="MODEL", type=Path, help="continue training this model file up to --epochs in total"
    )
    p.add_argument(
        "--no-optimizer-state",
        action="store_true",
        help="do not store Adam's moments in the file (smaller; --resume then restarts them)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar and no per-epoch lines")
    for task in TASKS.values():
        task.add_options(p)
    return p


class Diverged(UserError):
    """Training diverged (see engine/diverge.py): exit status 3, apart from a finished run
    (0), a mistake in the input (2), Python's own crash (1) and Ctrl+C (130), so that a
    script can tell a run to retry with a smaller --lr."""

    exit_code = 3


class _Interrupt:
    """Ctrl+C sets a flag the trainer polls between mini-batches; a second one raises."""

    def __init__(self) -> None:
        self.flag = False
        self._old: Any = None

    def __enter__(self) -> _Interrupt:
        if threading.current_thread() is threading.main_thread():
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self.flag:
            raise KeyboardInterrupt
        self.flag = True

    def __exit__(self, *exc: Any) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)

    def __call__(self) -> bool:
        return self.flag


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    check_args(args)
    from rich.console import Console

    from ..engine.diverge import Bounds, divergence
    from ..engine.modelio import save_model
    from ..engine.records import epoch_entry
    from ..engine.train import NonFiniteLoss, Trainer
    from ..tasks import TASKS

    task = TASKS[args.task]
    console = Console(highlight=False, soft_wrap=True)
    vocabs = task.vocabularies(args, args.data)
    train = task.read(args.data, vocabs, "training", args)
    heldouts = [task.read(path, vocabs, "held-out", args) for path in args.heldout or []]
    params, state, epochs_done, history, seed = starting_point(args, task, vocabs)
    out = default_out(args)
    check_writable(out)  # a read-only place fails now, not after the last epoch
    config = config_of(args, seed, params.meta.get("train") if args.resume else None)
    if epochs_done >= args.epochs:
        console.print(f"{args.resume} already has {epochs_done} epochs (--epochs {args.epochs}): nothing to do")
        return 0
    trainer = Trainer(
        params, train.examples, config, state=state, epochs_done=epochs_done, unk_index=vocabs.x.unk_index
    )
    start = epochs_done
    baselines = [task.baseline(train, heldout, vocabs) for heldout in heldouts]  # shown next to every epoch's
    if not args.quiet:
        for note in train.notes:
            console.print(note)
        where = f"resuming {args.resume} at epoch {start + 1}" if args.resume else "training"
        unk = sum(h.summary.get("unk", 0) for h in heldouts)
        console.print(
            f"{where}: {params.spec.describe()}, {len(train.examples)} examples ({train.summary['words']} words"
            f"{f', {unk} held-out words <UNK>' if unk else ''}), n_a = {params.n_a}, V = {params.n_x}, "
            f"{config.optimizer} lr {config.lr:g}, batch {config.batch_size}, clip {config.clip or 'off'}, "
            f"word dropout {config.word_dropout:g}, unseen dropout {config.unseen_dropout:g}, seed {seed}"
            + ("" if state is not None or not args.resume else "; optimizer state not in the file: it restarts")
        )
        for heldout, line in zip(heldouts, baselines):
            if line:
                console.print(f"baseline on {heldout.summary['data']}: {line}")
    last: list[Any] = []

    def save(reason: str, say: bool = True) -> None:
        meta = model_meta(task, trainer, train, heldouts, last, history, vocabs, baselines)
        extra = None if args.no_optimizer_state else trainer.optimizer_state.arrays()
        save_model(trainer.params.replace(meta=meta), out, extra)
        if say:
            console.print(f"{reason}: saved {out} ({trainer.epochs_done} epochs, {out.stat().st_size / 1e6:.2f} MB)")

    stopped = False
    diverged: str | None = None
    words = task.predictions(train)  # a word of the tagger, a character of a language model
    # a resumed model is judged from where it starts; a fresh one starts near 0.69 a word
    start_loss = trainer.evaluate(train.examples).loss * len(train.examples) / words if args.resume else 0.0
    bounds = Bounds.starting_from(params, start_loss)
    try:
        with _Interrupt() as interrupt:
            while trainer.epochs_done < config.epochs and not stopped:
                good = trainer.params, trainer.optimizer_state
                stats = _one_epoch(trainer, interrupt, console, args.quiet)
                if stats is None:
                    stopped = True
                    break
                problem = divergence(trainer.params, stats.loss * len(train.examples) / words, bounds)
                if problem is not None:  # finite but blown up: back to the epoch before
                    trainer = Trainer(
                        good[0], train.examples, config, state=good[1], epochs_done=stats.epoch - 1,
                        unk_index=vocabs.x.unk_index,
                    )  # fmt: skip
                    diverged = f"in epoch {stats.epoch}, {problem}"
                    break
                last[:] = [trainer.evaluate(h.examples) for h in heldouts]
                history.append(epoch_entry(stats, last[0] if last else None))
                line = f"epoch {stats.epoch:>{len(str(config.epochs))}}/{config.epochs}  loss {stats.loss:.4f}"
                for heldout, ev, base in zip(heldouts, last, baselines):
                    name = "held-out" if len(heldouts) == 1 else Path(heldout.summary["data"]).name
                    line += f" │ {name} {task.scores(ev)}" + (f" vs {base}" if base else "")
                if not args.quiet:
                    console.print(line)
                if interrupt():
                    stopped = True
    except KeyboardInterrupt:
        stopped = True
    except NonFiniteLoss as exc:
        diverged = str(exc)
    if diverged is not None:
        if trainer.epochs_done > start:
            save("diverged", say=False)
            kept = f"; kept the last good model (epoch {trainer.epochs_done}) in {out}"
        elif args.resume:
            kept = f"; {args.resume} is unchanged"
        else:
            kept = "; no good epoch, nothing saved"
        raise Diverged(f"training diverged: {diverged}{kept} (try a smaller --lr or --clip)")
    if stopped:
        if trainer.epochs_done > start:
            save("interrupted")
        else:
            console.print("interrupted before an epoch completed: nothing saved")
        return 130
    save("done")
    return 0


def _one_epoch(trainer: Any, interrupt: _Interrupt, console: Any, quiet: bool):
    if quiet or not console.is_terminal:  # a bar only where it can redraw itself
        return trainer.run_epoch(cancel=interrupt)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    epoch, total = trainer.epochs_done + 1, trainer.config.epochs
    with Progress(
        TextColumn(f"epoch {epoch}/{total}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("train", total=trainer.batches_per_epoch, loss="…")

        def report(done: int, batches: int, loss: float) -> None:
            progress.update(task, completed=done, loss=f"{loss:.4f}")

        return trainer.run_epoch(cancel=interrupt, progress=report)


def model_meta(
    task: Any,
    trainer: Any,
    train: Any,
    heldouts: list,
    last: list,
    history: list,
    vocabs: Any,
    baselines: list | None = None,
) -> dict:
    """What the saved model says about itself (Params.meta, stored as JSON in the file): the
    first held-out file's figures in `heldout` (and in the history; with the task's
    `baseline` line when it has one), every other one's in `heldout_more`. No clock and no
    absolute path: the same command writes the same bytes."""
    from ..engine.records import trained_meta

    first = heldouts[0].summary if heldouts else None
    base = baselines[0] if baselines else None
    meta = trained_meta(
        trainer,
        trained_on=f"{task.trained_on(train)}, {trainer.epochs_done} epochs",
        data=train.summary,
        history=history,
        heldout=None
        if first is None
        else {"data": first["data"], "sentences": first["sentences"], **({"baseline": base} if base else {})},
        extra={"task": task.name, **vocabs.meta()},
    )
    more = [
        {"data": h.summary["data"], "sentences": h.summary["sentences"], **_floats(ev.as_dict())}
        for h, ev in zip(heldouts[1:], last[1:])
    ]
    if more:
        meta["heldout_more"] = more
    return meta


def _floats(scores: dict[str, Any]) -> dict[str, float]:
    return {k: v for k, v in scores.items() if isinstance(v, float)}
