"""`rnnviz sample`: text written by a language model, one character at a time.

    rnnviz sample                                   10 lines from the bundled charlm
    rnnviz sample --n 3 --temperature 0.5 --seed 7 --prefix "The food"
    rnnviz sample --model lm.npz --temperature 0    greedy: the most likely character every step

Each sample starts from a<0> = 0 and x<1> = 0; every step draws a character from ŷ<t> at the
temperature (engine/sampling.py) and feeds it back as x<t+1>. A sample ends when the end
token is drawn or after --max-len drawn characters. With --prefix, its characters are fed
first and the sample continues from them; the prefix is printed as the start of each sample.
The same --seed prints the same samples.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from .common import ArgumentParser

DEFAULT_MODEL = "charlm"


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz sample",
        description="Write text with a character language model: N samples, one a line. Each step draws "
        "the next character from ŷ<t> at the temperature and feeds it back as x<t+1>, until the end "
        "token or --max-len characters.",
    )
    p.add_argument(
        "--model",
        metavar="PATH|NAME",
        type=Path,
        help=f"a language model file or the name of a bundled one (default: the bundled {DEFAULT_MODEL})",
    )
    p.add_argument("-n", "--n", metavar="N", type=int, default=10, help="how many samples (default 10)")
    p.add_argument(
        "--seed",
        metavar="S",
        type=int,
        default=0,
        help="seed of the draws: the same seed, the same samples (default 0)",
    )
    p.add_argument(
        "--temperature",
        metavar="T",
        type=float,
        default=1.0,
        help="ŷ = softmax(logits / T): below 1 more likely characters, above 1 more varied; 0 is greedy, "
        "the most likely character every step (default 1)",
    )
    p.add_argument(
        "--max-len",
        metavar="K",
        type=int,
        default=200,
        help="stop a sample after K drawn characters if the end token has not come (the prefix not counted; default 200)",
    )
    p.add_argument(
        "--prefix",
        metavar="TEXT",
        default="",
        help="feed TEXT first and continue from it; the prefix is printed as the start of each sample",
    )
    return p


def check(args) -> None:
    """Every option, before the model is read: one line naming the option."""
    from ..engine.sampling import temperature_problem

    if args.n < 1:
        raise UserError(f"--n must be at least 1, not {args.n}")
    if args.seed < 0:
        raise UserError(f"--seed must be >= 0, not {args.seed}")
    problem = temperature_problem(args.temperature)
    if problem:
        raise UserError(f"--temperature: {problem}")
    if args.max_len < 1:
        raise UserError(f"--max-len must be at least 1, not {args.max_len}")
    if "\n" in args.prefix or "\r" in args.prefix:
        raise UserError("--prefix: a sample is one line; the prefix cannot hold a line break")


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    check(args)
    import numpy as np

    from ..bundled import describe
    from ..engine.sampling import Stepper, sample
    from ..pipeline import load_model_and_vocab
    from ..text.chars import CharVocabulary

    model = args.model if args.model is not None else DEFAULT_MODEL
    params, vocab = load_model_and_vocab(model, None)
    if params.spec.shape != "lm" or not isinstance(vocab, CharVocabulary):
        raise UserError(f"{describe(model)}: is a {params.spec.shape} model, not a character language model")
    prefix = vocab.encode(args.prefix, "--prefix")[:-1].tolist()
    rng = np.random.default_rng(args.seed)
    stepper = Stepper(params)
    for _ in range(args.n):
        drawn = sample(
            params,
            rng,
            vocab.end_index,
            temperature=args.temperature,
            max_len=args.max_len,
            prefix=prefix,
            stepper=stepper,
        )
        print(vocab.decode(drawn))
    return 0
