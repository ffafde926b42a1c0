"""The debugger's keys, and how the key bar words them in each state."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from ..view import SPEEDS, ViewState

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
]

# In backward mode ← and → keep their screen direction: ← is the next step of BPTT.
BACKWARD_LABELS = {
    "step_forward": ("Back", "Undo one step of backpropagation: t becomes t + 1 (to the right)"),
    "step_back": ("BPTT", "Backpropagate one step to the left: t becomes t - 1"),
    "go_start": ("t=1", "The end of backpropagation, t = 1 (da<0> reaches a<0>)"),
    "go_end": ("t=T", "The start of backpropagation, t = T_x"),
}


def key_label(binding: Binding, enabled: bool, view: ViewState, *, training: bool) -> tuple[str, str] | None:
    """(description, tooltip) of a key in this state, when they are not the binding's own: a
    disabled key says why."""
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
    return None


def can_act(
    action: str, parameters: tuple[object, ...], view: ViewState, *, training: bool, can_undo: bool
) -> bool | None:
    """True when the action can act in this state; None (shown, dimmed) when it cannot."""
    delta = int(str(parameters[0])) if parameters else 0
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
