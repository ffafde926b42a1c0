"""The debugger's keys, and how the key bar words them in each state."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ..breakpoints import RUN_UNTIL_ONE_NETWORK
from ..view import SPEEDS, ViewState

SHAPED = ("classifier", "seq2seq")  # the shapes of one output or another length: no training in the app
TRAIN_SHAPED = "train a classifier or an encoder-decoder with `rnnviz train --task classifier|seq2seq`"
NOT_LABELED = "Backward mode needs the labels y<t> (there is no loss to differentiate): this sentence is unlabeled"

BINDINGS: list[BindingType] = [
    Binding("right,l", "step(1)", "Step", id="step_forward", tooltip="Feed the next word x<t+1>: t becomes t + 1"),
    Binding("left,h", "step(-1)", "Back", id="step_back", tooltip="Back one word (exact: the whole pass is recorded)"),
    Binding("home", "go_start", "t=0", id="go_start", tooltip="Back to t = 0, before the first word"),
    Binding("end", "go_end", "t=T", id="go_end", tooltip="Jump to the last word, t = T_x"),
    Binding("space", "play", "Play", id="play", tooltip="Play / pause automatic stepping"),
    Binding("plus,equals_sign", "speed(1)", "Faster", id="faster", tooltip="Play faster"),
    Binding("minus", "speed(-1)", "Slower", id="slower", tooltip="Play slower"),
    Binding("n", "sentence(1)", "Next", id="next_sentence", tooltip="The next sentence of the file"),
    Binding("p", "sentence(-1)", "Prev", id="prev_sentence", tooltip="The previous sentence of the file"),
    Binding("e", "edit", "Edit", id="edit_sentence", tooltip="Type a new sentence (Enter computes it)"),
    Binding(
        "b",
        "backward",
        "Backward",
        id="backward",
        tooltip="Backpropagation through time: step t = T_x … 1, right to left (b again: forward)",
    ),
    Binding(
        "g",
        "generate",
        "Generate",
        id="generate",
        tooltip="Language model: write, drawing each next character from ŷ<t> and feeding it back (g again: the line)",
    ),
    Binding("left_square_bracket", "temperature(-1)", "T−", id="colder", tooltip="Draw again from step t, colder"),
    Binding("right_square_bracket", "temperature(1)", "T+", id="hotter", tooltip="Draw again from step t, hotter"),
    Binding("d", "redraw", "Redraw", id="redraw", tooltip="Draw again from step t with the next seed"),
    Binding(
        "r",
        "run_until",
        "Run until",
        id="run_until",
        tooltip="Breakpoint: run to the first step where a condition holds",
    ),
    Binding(
        "t",
        "train",
        "Train",
        id="train",
        tooltip="Train this model on the labeled sentences of this file, in the background",
    ),
    Binding("s", "save", "Save", id="save_model", tooltip="Save the model to a file (.npz or .safetensors)"),
    Binding("u", "undo_training", "Undo", id="undo_training", tooltip="Back to the model before the last training"),
    Binding(
        "escape",
        "stop_training",
        "Stop",
        id="stop_training",
        tooltip="Stop training after this epoch (twice: at once); when it has ended, hide its panel",
    ),
    Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every panel and the notation"),
    # A deep network's layers (shown only when there is one to go to): the panels show one.
    Binding("left_square_bracket", "layer(-1)", "Layer", id="layer_down", tooltip="Show the layer below"),
    Binding("right_square_bracket", "layer(1)", "Layer", id="layer_up", tooltip="Show the layer above"),
]
# A key whose action cannot act now says why (a toast) instead of doing nothing: Textual tries
# the next binding of a key when the first is disabled. Hidden from the key bar.
EXPLAINED = {"step_forward", "step_back", "go_start", "go_end", "faster", "slower", "next_sentence"}
EXPLAINED |= {"prev_sentence", "backward", "train", "save_model", "undo_training"}
BINDINGS += [
    Binding(binding.key, f"why_not('{binding.id}')", show=False, id=f"why_not_{binding.id}")
    for binding in list(BINDINGS)
    if isinstance(binding, Binding) and binding.id in EXPLAINED
]

# In backward mode ← and → keep their screen direction: ← is the next step of BPTT.
BACKWARD_LABELS = {
    "step_forward": ("Back", "Undo one step of backpropagation: t becomes t + 1 (to the right)"),
    "step_back": ("BPTT", "Backpropagate one step to the left: t becomes t - 1"),
    "go_start": ("t=1", "The end of backpropagation, t = 1 (da<0> reaches a<0>)"),
    "go_end": ("t=T", "The start of backpropagation, t = T_x"),
}


def why_not(binding_id: str, view: ViewState, *, training: bool, can_undo: bool) -> str | None:
    """Why the key of `binding_id` cannot act in this state, in words (None: it can)."""
    T, t = view.T, view.t
    at_start = t == view.first
    end, last = ("T_x + T_y", "the decoder's last step") if view.shape == "seq2seq" else ("T_x", "the last word")
    reasons = {
        "step_forward": (
            t == T,
            f"t = {end}: backpropagation starts here; ← steps it"
            if view.backward
            else f"t = {end} = {T}, {last}: n opens the next sentence",
        ),
        "step_back": (
            at_start,
            "t = 1: backpropagation has reached the first word" if view.backward else "t = 0: before the first word",
        ),
        "go_end": (t == T, f"already at t = {end} = {T}"),
        "go_start": (at_start, f"already at t = {view.first}"),
        "faster": (view.speed == SPEEDS[-1], f"already the fastest play speed, {view.speed:g} words a second"),
        "slower": (view.speed == SPEEDS[0], f"already the slowest play speed, {view.speed:g} words a second"),
        "next_sentence": (view.number == view.count - 1, f"this is the last sentence ({view.count} of {view.count})"),
        "prev_sentence": (view.number == 0, f"this is the first sentence (1 of {view.count})"),
        "backward": (not view.labeled and not view.backward, NOT_LABELED),
        "train": (
            training or view.shape in SHAPED,
            "already training: Escape stops it" if training else f"training in the app is a tagger's: {TRAIN_SHAPED}",
        ),
        "save_model": (training, "not while training: Escape stops it, then s saves"),
        "run_until": (view.shape == "seq2seq", RUN_UNTIL_ONE_NETWORK),
        "undo_training": (
            not can_undo,
            "not while training: Escape stops it" if training else "nothing to undo: no training has changed the model",
        ),
    }
    cannot, reason = reasons.get(binding_id, (False, ""))
    return reason if cannot else None


def key_label(binding: Binding, enabled: bool, view: ViewState, *, training: bool) -> tuple[str, str] | None:
    """(description, tooltip) of a key in this state, when they are not the binding's own: a
    disabled key says why."""
    if binding.id == "play" and view.playing:
        return ("Pause", "Pause automatic stepping")
    if binding.id == "backward":
        if view.backward:
            return ("Forward", "Back to the forward pass at the same t")
        if not enabled and not view.labeled:
            return (binding.description, NOT_LABELED)
    if binding.id == "generate" and view.generation is not None:
        return ("Line", "Stop generating: back to the line")
    if binding.id == "stop_training" and not training:
        return ("Hide", "Hide the training panel")
    if binding.id in ("train", "save_model", "undo_training") and training:
        return (binding.description, "Not while training: Escape stops it")
    if view.backward and binding.id in BACKWARD_LABELS:
        return BACKWARD_LABELS[binding.id]
    if binding.id in ("layer_down", "layer_up"):
        shown = view.layer + (1 if binding.id == "layer_up" else -1)
        top = " (ŷ reads it)" if shown == view.trace.layers - 1 else ""
        return (f"Layer {shown + 1}", f"Show layer {shown + 1} of {view.trace.layers}{top} in the panels")
    return None


def can_act(
    action: str, parameters: tuple[object, ...], view: ViewState, *, training: bool, can_undo: bool
) -> bool | None:
    """True when the action can act in this state; None (shown, dimmed) when it cannot;
    False (not shown) for a key of another kind of model (a layer key with no layer to go to,
    generate mode's keys for a tagger)."""
    numeric = ("step", "speed", "sentence", "layer", "temperature")
    delta = int(str(parameters[0])) if parameters and action in numeric else 0
    if action == "layer":
        return 0 <= view.layer + delta < view.trace.layers
    if action in ("train", "undo_training") and view.shape in SHAPED:
        return False  # hidden: TRAIN_SHAPED (nothing trained here, nothing to undo)
    if action == "run_until" and view.shape == "seq2seq":
        return None  # RUN_UNTIL_ONE_NETWORK
    lm = lm_action(action, delta, view)
    if lm is not None:
        return lm[0]
    enabled = {
        "step": lambda: view.first <= view.t + delta <= view.T,
        "go_start": lambda: view.t > view.first,
        "go_end": lambda: view.t < view.T,
        "speed": lambda: 0 <= SPEEDS.index(view.speed) + delta < len(SPEEDS),
        "sentence": lambda: 0 <= view.number + delta < view.count,
        "backward": lambda: view.labeled or view.backward,
        "train": lambda: not training,
        "save": lambda: not training,
        "undo_training": lambda: can_undo,
    }.get(action)
    return True if enabled is None or enabled() else None


def lm_action(action: str, delta: int, view: ViewState) -> tuple[bool | None] | None:
    """(whether a language model's key can act: True, False hidden, None shown dimmed), or
    None for the keys every model shares. Generate mode is the language model's: its keys
    are hidden for a tagger; training in the app is the tagger's."""
    from ..generated import can_change_temperature

    lm = view.shape == "lm"
    generation = view.generation
    if action == "generate":
        return ((None if view.backward else True) if lm else False,)
    if action in ("temperature", "redraw"):
        if generation is None:
            return (False,)
        if view.backward:
            return (None,)
        return (True if action == "redraw" or can_change_temperature(generation.temperature, delta) else None,)
    if action == "train" and lm:
        return (False,)
    return None
