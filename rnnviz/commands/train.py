"""`rnnviz train`: train a model of the family by backpropagation through time and save it.

    rnnviz train --data sample_sentences/train.txt --heldout sample_sentences/heldout.txt \\
        --hidden 100 --epochs 20 --lr 0.01 --seed 0 --out model.npz
    rnnviz train --bidirectional --layers 2 --unseen-dropout 0.2 ...      another member of the family

`--task` picks what is learned (rnnviz/tasks/: the tagger by default), `--cell`, `--layers`
and `--bidirectional` the network. A Rich progress bar per epoch shows the training loss;
after each epoch one line gives the held-out figures of every --heldout file (for the
tagger: loss, token accuracy, and name precision / recall / F1; a word is predicted a name
when ŷ > 0.5). Ctrl+C finishes cleanly: the model of the last completed epoch is saved (with
the optimizer state, so `--resume` continues exactly where it stopped) and the command exits
with status 130. Every save is atomic. The same command gives the same model, bit for bit,
on the same machine.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

from ..errors import UserError
from .common import ArgumentParser
from .train_start import DEFAULTS, check_args, config_of, default_out, starting_point


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
    p.add_argument("--cell", choices=sorted(CELLS), default="rnn", help="the recurrent cell (default: rnn)")
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
        help="feed each input word as <UNK> with probability P while training "
        f"(default {DEFAULTS['word_dropout']:g}; with --resume: the model's)",
    )
    p.add_argument(
        "--unseen-dropout",
        metavar="P",
        type=float,
        help="feed each input word as x<t> = 0, the input of a word never seen in training, with probability P "
        f"(default {DEFAULTS['unseen_dropout']:g}; with --resume: the model's)",
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
    config = config_of(args, seed, params.meta.get("train") if args.resume else None)
    if epochs_done >= args.epochs:
        console.print(f"{args.resume} already has {epochs_done} epochs (--epochs {args.epochs}): nothing to do")
        return 0
    trainer = Trainer(
        params, train.examples, config, state=state, epochs_done=epochs_done, unk_index=vocabs.x.unk_index
    )
    start = epochs_done
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
        for heldout in heldouts:
            line = task.baseline(train, heldout, vocabs)
            if line:
                console.print(f"baseline on {heldout.summary['data']}: {line}")
    last: list[Any] = []

    def save(reason: str) -> None:
        meta = model_meta(task, trainer, train, heldouts, last, history, vocabs)
        extra = None if args.no_optimizer_state else trainer.optimizer_state.arrays()
        save_model(trainer.params.replace(meta=meta), out, extra)
        console.print(f"{reason}: saved {out} ({trainer.epochs_done} epochs, {out.stat().st_size / 1e6:.2f} MB)")

    stopped = False
    try:
        with _Interrupt() as interrupt:
            while trainer.epochs_done < config.epochs and not stopped:
                stats = _one_epoch(trainer, interrupt, console, args.quiet)
                if stats is None:
                    stopped = True
                    break
                last[:] = [trainer.evaluate(h.examples) for h in heldouts]
                history.append(epoch_entry(stats, last[0] if last else None))
                line = f"epoch {stats.epoch:>{len(str(config.epochs))}}/{config.epochs}  loss {stats.loss:.4f}"
                for heldout, ev in zip(heldouts, last):
                    name = "held-out" if len(heldouts) == 1 else Path(heldout.summary["data"]).name
                    line += f" │ {name} {task.scores(ev)}"
                if not args.quiet:
                    console.print(line)
                if interrupt():
                    stopped = True
    except KeyboardInterrupt:
        stopped = True
    except NonFiniteLoss as exc:
        kept = ""
        if trainer.epochs_done > start:
            save("diverged")
            kept = f"; kept the last good model (epoch {trainer.epochs_done}) in {out}"
        elif args.resume:
            kept = f"; {args.resume} is unchanged"
        else:
            kept = "; no epoch completed, nothing saved"
        raise UserError(f"training diverged: {exc}{kept} (try a smaller --lr or --clip)") from None
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


def model_meta(task: Any, trainer: Any, train: Any, heldouts: list, last: list, history: list, vocabs: Any) -> dict:
    """What the saved model says about itself (Params.meta, stored as JSON in the file): the
    first held-out file's figures in `heldout` (and in the history), every other one's in
    `heldout_more`. No clock and no absolute path: the same command writes the same bytes."""
    from ..engine.records import trained_meta

    first = heldouts[0].summary if heldouts else None
    meta = trained_meta(
        trainer,
        trained_on=f"{task.trained_on(train)}, {trainer.epochs_done} epochs",
        data=train.summary,
        history=history,
        heldout=None if first is None else {"data": first["data"], "sentences": first["sentences"]},
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
