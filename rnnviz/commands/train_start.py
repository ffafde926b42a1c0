"""Where `rnnviz train` starts: the options checked by the engine's one validator, and the
model to train (a fresh one of the chosen family member, or a resumed file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UserError

DEFAULTS: dict[str, Any] = {
    "hidden": 100,
    "epochs": 20,
    "lr": 0.01,
    "batch_size": 8,
    "clip": 5.0,
    "seed": 0,
}
OPTION = {"lr": "--lr", "epochs": "--epochs", "batch_size": "--batch-size", "clip": "--clip", "seed": "--seed",
          "word_dropout": "--word-dropout", "unseen_dropout": "--unseen-dropout", "optimizer": "--optimizer",
          "beta1": "--optimizer"}  # fmt: skip
DROPOUTS = ("word_dropout", "unseen_dropout")
INITS = ("normal", "identity")  # --init: Waa's start (engine.train.initial_params)


def config_of(args: Any, seed: int, resumed: dict[str, Any] | None = None) -> Any:
    """The TrainConfig of the options; its `problems()` (the engine's one check of training
    settings) become one-line errors naming the option. A dropout not given is the resumed
    model's (`resumed`: its meta["train"]; 0 when it has none), else the task's default."""
    from ..engine.train import TrainConfig
    from ..tasks import TASKS

    defaults = TASKS[args.task].dropout if getattr(args, "task", None) in TASKS else {}
    dropout = {}
    for name in DROPOUTS:
        given = getattr(args, name, None)
        if given is None:
            given = float((resumed if resumed is not None else defaults).get(name, 0.0))
        dropout[name] = given
    config = TrainConfig(
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        optimizer=args.optimizer,
        clip=args.clip or None,
        seed=seed,
        **dropout,
    )
    problems = config.problems()
    if args.clip is not None and args.clip < 0:  # TrainConfig sees `clip or None`
        problems.insert(0, ("clip", f"the clipping norm must be >= 0 (0 turns clipping off), not {args.clip:g}"))
    if problems:
        field, text = problems[0]
        raise UserError(f"{OPTION.get(field, field)}: {text}")
    return config


def check_args(args: Any) -> None:
    """What can be checked before any file is read (the training settings are checked by
    `config_of`, with the engine's validator)."""
    if args.hidden is not None and args.hidden < 1:
        raise UserError(f"--hidden must be at least 1 (the number of hidden units n_a), not {args.hidden}")
    if args.activation not in (None, "tanh") and args.cell not in (None, "rnn"):
        raise UserError(f"--activation {args.activation} is g of the rnn cell; a {args.cell} uses σ and tanh")
    if getattr(args, "init", "normal") == "identity":
        if args.cell not in (None, "rnn"):
            raise UserError(f"--init identity starts the rnn cell's Waa at I; a {args.cell} has its gates' Waa")
        if args.resume is not None:
            raise UserError("--init identity is where a new model starts; --resume goes on from the file's weights")
    if args.layers is not None and args.layers < 1:
        raise UserError(f"--layers must be at least 1, not {args.layers}")
    if getattr(args, "max_unk", 0.0) is not None and not (0.0 <= getattr(args, "max_unk", 0.0) <= 1.0):
        raise UserError(f"--max-unk must be a share between 0 and 1, not {args.max_unk:g}")
    config_of(args, DEFAULTS["seed"] if args.seed is None else args.seed)
    for option in ("out", "resume"):
        path = getattr(args, option)
        if path is not None and path.suffix.lower() not in (".npz", ".safetensors"):
            raise UserError(f"--{option} {path}: a model file must end in .npz or .safetensors")


def spec_of(args: Any, task: Any) -> Any:
    """The family member the options describe (a fresh model)."""
    from ..engine.spec import ModelSpec

    try:
        return ModelSpec(
            cell=args.cell or "rnn",
            activation=args.activation or "tanh",
            layers=args.layers or 1,
            bidirectional=args.bidirectional,
            head=task.head,
            shape=task.shape,
        )
    except ValueError as exc:
        raise UserError(str(exc)) from None


def starting_point(args: Any, task: Any, vocabs: Any) -> tuple[Any, Any, int, list, int]:
    """(params, optimizer state or None, epochs done, history, seed) for a fresh run or a resume."""
    from ..engine.optim import OptimizerState
    from ..engine.spec import UnsupportedModel
    from ..engine.train import initial_params

    if args.resume is None:
        hidden = DEFAULTS["hidden"] if args.hidden is None else args.hidden
        seed = DEFAULTS["seed"] if args.seed is None else args.seed
        spec = spec_of(args, task)
        try:
            params = initial_params(
                hidden, len(vocabs.x), task.n_y(vocabs), seed=seed, spec=spec, init=getattr(args, "init", "normal")
            )
        except UnsupportedModel as exc:
            raise UserError(f"--cell {spec.cell} --task {task.name}: {exc}") from None
        return params, None, 0, [], seed
    params, opt = resumed_model(args, task, vocabs)
    train_meta = params.meta.get("train") or {}
    if args.seed is not None and train_meta.get("seed", args.seed) != args.seed:
        raise UserError(f"--seed {args.seed} does not match {args.resume}, trained with seed {train_meta['seed']}")
    seed = train_meta.get("seed", DEFAULTS["seed"] if args.seed is None else args.seed)
    epochs_done = int(params.meta.get("epochs", 0))
    state = None
    if opt and train_meta.get("optimizer") == args.optimizer:
        try:
            state = OptimizerState.from_arrays(args.optimizer, opt, params.names)
        except KeyError as exc:
            raise UserError(f"{args.resume}: incomplete optimizer state (missing {exc.args[0]})") from None
        for name, m in state.m.items():
            if m.shape != params[name].shape:
                raise UserError(
                    f"{args.resume}: optimizer state opt.m.{name} has shape {m.shape}, expected {params[name].shape}"
                )
    return params, state, epochs_done, list(params.meta.get("history", [])), seed


def resumed_model(args: Any, task: Any, vocabs: Any) -> tuple[Any, dict]:
    """The model of --resume, checked against the task, the options and the vocabulary."""
    from ..engine.modelio import check_vocab, read_model, vocab_mismatch

    params, opt = read_model(args.resume, args.activation)
    if params.spec.shape != task.shape:
        raise UserError(f"{args.resume}: is a {params.spec.shape} model, not one for --task {task.name}")
    check_vocab(params, len(vocabs.x), args.resume, vocabs.x.source)
    if vocab_mismatch(params, vocabs.x.sha256):
        raise UserError(
            f"{args.resume}: the model was trained with another vocabulary (sha256 differs from {vocabs.x.source})"
        )
    if args.hidden is not None and args.hidden != params.n_a:
        raise UserError(f"--hidden {args.hidden} does not match {args.resume}, which has n_a = {params.n_a}")
    spec = params.spec
    for option, given, has in (
        ("--cell", args.cell, spec.cell),
        ("--layers", args.layers, spec.layers),
        ("--bidirectional", True if args.bidirectional else None, spec.bidirectional),
    ):
        if given is not None and given != has:
            raise UserError(f"{option} does not match {args.resume}, a {spec.describe()}")
    if params.n_y != task.n_y(vocabs):
        raise UserError(f"{args.resume}: has {params.n_y} outputs; --task {task.name} trains {task.n_y(vocabs)}")
    return params, opt


def default_out(args: Any) -> Path:
    return args.out or args.resume or Path("model.npz")
