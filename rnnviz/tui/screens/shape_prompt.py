"""The `e` and open dialogs of each shape (`edit_dialog`, `open_dialog`): a tagger's sentence,
a language model's line of characters, and for a classifier and an encoder-decoder a review
or a number in words, each with its label typed in the line (a dialog's input has no tab): `1: …` / `0: …` for a
review, `… = 3042` for a number (rnnviz/tasks/debugger_inputs.py reads them)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from .prompt import PromptScreen

if TYPE_CHECKING:
    from ..session import Session
    from ..view import ViewState

REVIEW_HINT = (
    "A sentence of opinion, about anything. Start it with 1: (positive) or 0: (negative) to label it: "
    "the loss L and backward mode need the label. Without one it is unlabeled: you see ŷ, but no loss. "
    "Words not in the 10,000-word dictionary are fed as <UNK>."
)
NUMBER_HINT = (
    "A whole number from 0 to 999,999 in words, as the training data writes them: lowercase, no hyphens, "
    "'and' after hundred (one hundred and five). End with = and its digits (… = 3042) to label it: the "
    "decoder is then fed the target's digits (teacher forcing), and there is a loss and backward mode. "
    "Without them the decoder is fed its own outputs (greedy decoding): what it writes is its answer. "
    "Words the model does not know are fed as <UNK>."
)


def shaped_prompt(view: ViewState, params: Any) -> PromptScreen | None:
    """e for a classifier or an encoder-decoder (None for another shape)."""
    from rnnviz.tasks.debugger_inputs import SHAPES, as_typed, typed

    if view.shape not in SHAPES:
        return None
    number = view.shape == "seq2seq"
    return PromptScreen(
        "Type a number in words (Enter computes it, Escape cancels)"
        if number
        else "Type a review (Enter computes it, Escape cancels)",
        partial(typed, params),
        value=as_typed(view.sentence, view.shape),
        placeholder="e.g. three thousand and forty two = 3042"
        if number
        else "e.g. 1: The soup was cold, but the staff were lovely.",
        hint=NUMBER_HINT if number else REVIEW_HINT,
        id="edit-dialog",
    )


def read_shaped_file(params: Any, text: str) -> tuple[str, list[Any]]:
    """The inputs of the task file named in the open dialog (UserError if it cannot be used)."""
    from rnnviz.tasks.debugger_inputs import read_file

    from ..session import read_path

    path = read_path(text)
    return path, read_file(params, path)


def shaped_open(view: ViewState, params: Any) -> PromptScreen | None:
    """The palette's "open a sentence file" for a classifier or an encoder-decoder."""
    from rnnviz.tasks.debugger_inputs import SHAPES

    if view.shape not in SHAPES:
        return None
    form = "input<TAB>output: a number in words and its digits" if view.shape == "seq2seq" else "label<TAB>sentence"
    return PromptScreen(
        "Open a file of inputs (Enter opens it, Escape cancels)",
        partial(read_shaped_file, params),
        placeholder="path/to/file.txt",
        hint=f"One a line, {form} (the format of `rnnviz train --task {view.shape}`); # starts a comment.",
        id="open-dialog",
    )


def edit_dialog(view: ViewState, session: Session) -> PromptScreen:
    """e: the dialog that types an input of the model's shape."""
    from rnnviz.pipeline import chars_of, lm_line_from_text, sentence_from_text

    from .prompt import edit_prompt, line_prompt

    text = view.sentence.text
    if view.shape == "lm":  # a line of characters
        return line_prompt(text, partial(lm_line_from_text, chars_of(session.vocab)))
    return shaped_prompt(view, session.params) or edit_prompt(text, sentence_from_text)


def open_dialog(view: ViewState, session: Session) -> PromptScreen:
    """The dialog that opens a file of inputs of the model's shape."""
    from ..session import read_line_file, read_sentence_file
    from .prompt import open_prompt

    if view.shape == "lm":
        return open_prompt(partial(read_line_file, session))
    return shaped_open(view, session.params) or open_prompt(read_sentence_file)
