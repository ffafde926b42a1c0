"""`rnnviz train`: train a tagger by backpropagation through time and save it.

    rnnviz train --data sample_sentences/train.txt --heldout sample_sentences/heldout.txt \\
        --hidden 100 --epochs 20 --lr 0.01 --seed 0 --out model.npz

A Rich progress bar per epoch shows the training loss; after each epoch one line gives the
held-out loss, token accuracy, and precision / recall / F1 over words (a word is predicted a
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

import hashlib
import math
import signal
import threading
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..files import check_writable
from .common import ArgumentParser

DEFAULTS: dict[str, Any] = {"hidden": 100, "epochs": 20, "lr": 0.01, "batch_size": 8, "clip": 5.0, "seed": 0}


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz train",
        description="Train the seed's RNN tagger (ŷ<t> > 0.5: word t is part of a person's name) "
        "by backpropagation through time, with Adam (default) or SGD, on labeled sentences "
        "(bracket markup or CoNLL-2003).",
    )
    p.add_argument("--data", metavar="PATH", type=Path, required=True, help="training sentences (markup or CoNLL)")
    p.add_argument("--heldout", metavar="PATH", type=Path, help="held-out sentences, scored after every epoch")
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
        help=f"sentences per mini-batch (default {DEFAULTS['batch_size']})",
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
        "--seed",
        metavar="S",
        type=int,
        help=f"seed of the initialization and the shuffle (default {DEFAULTS['seed']}; with --resume: the model's)",
    )
    p.add_argument(
        "--activation", choices=("tanh", "relu"), help="hidden activation g (default tanh; with --resume: the model's)"
    )
    p.add_argument("--vocab", metavar="PATH", type=Path, help="vocabulary file (default: the bundled 10,000 words)")
    p.add_argument(
        "--max-unk",
        metavar="SHARE",
        type=float,
        default=0.0,
        help="largest share of training words allowed to be <UNK> (default 0: the vocabulary must cover the data)",
    )
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
    return p


def check_args(args: Any) -> None:
    """Every number the user gave, checked before any file is read."""
    if args.hidden is not None and args.hidden < 1:
        raise UserError(f"--hidden must be at least 1 (the number of hidden units n_a), not {args.hidden}")
    if args.epochs < 1:
        raise UserError(f"--epochs must be at least 1, not {args.epochs}")
    if not math.isfinite(args.lr) or args.lr <= 0:
        raise UserError(f"--lr must be a positive learning rate, not {args.lr:g}")
    if args.batch_size < 1:
        raise UserError(f"--batch-size must be at least 1, not {args.batch_size}")
    if not math.isfinite(args.clip) or args.clip < 0:
        raise UserError(f"--clip must be a norm >= 0 (0 turns clipping off), not {args.clip:g}")
    if not (0.0 <= args.max_unk <= 1.0):
        raise UserError(f"--max-unk must be a share between 0 and 1, not {args.max_unk:g}")
    if args.seed is not None and args.seed < 0:
        raise UserError(f"--seed must be >= 0, not {args.seed}")
    for option in ("out", "resume"):
        path = getattr(args, option)
        if path is not None and path.suffix.lower() not in (".npz", ".safetensors"):
            raise UserError(f"--{option} {path}: a model file must end in .npz or .safetensors")


def examples_from(path: Path, vocab: Any, role: str, max_unk: float | None) -> tuple[list[Any], dict[str, Any]]:
    """The labeled sentences of `path` as training examples, and a summary of the file.
    `max_unk` None: unknown words are allowed (and counted)."""
    from ..engine.train import labeled_examples
    from ..text import load_sentences

    sentences = load_sentences(path)
    examples, unknown_words = labeled_examples(sentences, vocab, str(path))
    if not examples:
        what = "it has no sentence" if not sentences else f"its {len(sentences)} sentences are all unlabeled"
        raise UserError(
            f"{path}: no labeled sentence to use as {role} data ({what}; mark names with [brackets] or use CoNLL tags)"
        )
    words = sum(e.T for e in examples)
    share = len(unknown_words) / words
    if max_unk is not None and share > max_unk:
        sample = ", ".join(sorted(set(unknown_words))[:5])
        raise UserError(
            f"{path}: the vocabulary {vocab.source} does not cover the {role} data: {len(unknown_words)} of "
            f"{words} words ({share:.1%}) would be <UNK> (e.g. {sample}); use --vocab, or allow a share with --max-unk"
        )
    summary = {
        "data": str(path),
        "data_sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        "sentences": len(examples),
        "words": words,
        "names": int(sum(float(e.labels.sum()) for e in examples)),
        "unk": len(unknown_words),
    }
    return examples, summary


def starting_point(args: Any, vocab: Any):
    """(params, optimizer state or None, epochs done, history, notes) for a fresh run or a resume."""
    from ..engine.modelio import check_vocab, read_model, vocab_mismatch
    from ..engine.train import OptimizerState, initial_params

    if args.resume is None:
        hidden = DEFAULTS["hidden"] if args.hidden is None else args.hidden
        seed = DEFAULTS["seed"] if args.seed is None else args.seed
        params = initial_params(hidden, len(vocab), seed=seed, activation=args.activation or "tanh")
        return params, None, 0, [], seed
    params, opt = read_model(args.resume, args.activation)
    check_vocab(params, len(vocab), args.resume, vocab.source)
    if vocab_mismatch(params, vocab.sha256):
        raise UserError(
            f"{args.resume}: the model was trained with another vocabulary (sha256 differs from {vocab.source})"
        )
    if args.hidden is not None and args.hidden != params.n_a:
        raise UserError(f"--hidden {args.hidden} does not match {args.resume}, which has n_a = {params.n_a}")
    if params.n_y != 1:
        raise UserError(f"{args.resume}: has {params.n_y} outputs; rnnviz trains the binary name tagger (n_y = 1)")
    train_meta = params.meta.get("train") or {}
    if args.seed is not None and train_meta.get("seed", args.seed) != args.seed:
        raise UserError(f"--seed {args.seed} does not match {args.resume}, trained with seed {train_meta['seed']}")
    seed = train_meta.get("seed", DEFAULTS["seed"] if args.seed is None else args.seed)
    epochs_done = int(params.meta.get("epochs", 0))
    state = None
    if opt and train_meta.get("optimizer") == args.optimizer:
        try:
            state = OptimizerState.from_arrays(args.optimizer, opt)
        except KeyError as exc:
            raise UserError(f"{args.resume}: incomplete optimizer state (missing {exc.args[0]})") from None
        for name, m in state.m.items():
            if m.shape != getattr(params, name).shape:
                raise UserError(
                    f"{args.resume}: optimizer state opt.m.{name} has shape {m.shape}, expected {getattr(params, name).shape}"
                )
    return params, state, epochs_done, list(params.meta.get("history", [])), seed


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
    from ..engine.train import NonFiniteLoss, TrainConfig, Trainer, epoch_entry
    from ..pipeline import load_vocab

    console = Console(highlight=False, soft_wrap=True)
    vocab = load_vocab(args.vocab)
    train_set, train_info = examples_from(args.data, vocab, "training", args.max_unk)
    heldout_set, heldout_info = (
        ([], None) if args.heldout is None else examples_from(args.heldout, vocab, "held-out", None)
    )
    params, state, epochs_done, history, seed = starting_point(args, vocab)
    out = args.out or args.resume or Path("model.npz")
    if out.suffix.lower() not in (".npz", ".safetensors"):
        raise UserError(f"--out {out}: a model file must end in .npz or .safetensors")
    check_writable(out)  # a read-only place fails now, not after the last epoch
    config = TrainConfig(
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        optimizer=args.optimizer,
        clip=args.clip or None,
        seed=seed,
    )
    if epochs_done >= args.epochs:
        console.print(f"{args.resume} already has {epochs_done} epochs (--epochs {args.epochs}): nothing to do")
        return 0
    trainer = Trainer(params, train_set, config, state=state, epochs_done=epochs_done)
    start = epochs_done
    if not args.quiet:
        where = f"resuming {args.resume} at epoch {start + 1}" if args.resume else "training"
        unk = f", {heldout_info['unk']} held-out words <UNK>" if heldout_info and heldout_info["unk"] else ""
        console.print(
            f"{where}: {len(train_set)} sentences ({train_info['words']} words{unk}), n_a = {params.n_a}, "
            f"V = {params.n_x}, {params.activation}, {config.optimizer} lr {config.lr:g}, batch {config.batch_size}, "
            f"clip {config.clip or 'off'}, seed {seed}"
            + ("" if state is not None or not args.resume else "; optimizer state not in the file: it restarts")
        )

    def save(reason: str, say: bool = True) -> None:
        model = trainer.params.replace(meta=model_meta(trainer, train_info, heldout_info, history, vocab))
        extra = None if args.no_optimizer_state else trainer.optimizer_state.arrays()
        save_model(model, out, extra)
        if say:
            console.print(f"{reason}: saved {out} ({trainer.epochs_done} epochs, {out.stat().st_size / 1e6:.2f} MB)")

    stopped = False
    diverged: str | None = None
    # a resumed model is judged from where it starts; a fresh one starts near 0.69 a word
    bounds = Bounds.starting_from(params, trainer.evaluate(train_set).word_loss if args.resume else 0.0)
    try:
        with _Interrupt() as interrupt:
            while trainer.epochs_done < config.epochs and not stopped:
                good = trainer.params, trainer.optimizer_state
                stats = _one_epoch(trainer, interrupt, console, args.quiet)
                if stats is None:
                    stopped = True
                    break
                problem = divergence(trainer.params, stats.loss * len(train_set) / train_info["words"], bounds)
                if problem is not None:  # finite but blown up: back to the epoch before
                    trainer = Trainer(good[0], train_set, config, state=good[1], epochs_done=stats.epoch - 1)
                    diverged = f"in epoch {stats.epoch}, {problem}"
                    break
                ev = trainer.evaluate(heldout_set) if heldout_set else None
                entry = epoch_entry(stats, ev)
                line = f"epoch {stats.epoch:>{len(str(config.epochs))}}/{config.epochs}  loss {stats.loss:.4f}"
                if ev is not None:
                    line += (
                        f" │ held-out loss {ev.loss:.4f} acc {ev.accuracy:.1%} "
                        f"words P {ev.precision:.3f} R {ev.recall:.3f} F1 {ev.f1:.3f} "
                        f"names P {ev.entity_precision:.3f} R {ev.entity_recall:.3f} F1 {ev.entity_f1:.3f}"
                    )
                history.append(entry)
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


def model_meta(trainer: Any, train_info: dict, heldout_info: dict | None, history: list, vocab: Any) -> dict[str, Any]:
    """What the saved model says about itself (Params.meta, stored as JSON in the file).
    No clock and no absolute path: the same command writes the same bytes."""
    from ..engine.train import trained_meta

    return trained_meta(
        trainer,
        trained_on=f"{train_info['data']}, {trainer.epochs_done} epochs",
        data=train_info,
        history=history,
        heldout=heldout_info,
        extra={"vocab_sha256": vocab.sha256, "vocab_size": len(vocab)},
    )
