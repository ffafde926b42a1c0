"""The help screen: every panel and the notation, for a student who just read the seed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# rnnviz: the RNN of the seed, one word at a time

The network reads the sentence **x^(i)** (sample *i* of *m*) one word **x<t>** at a time,
t = 1 … T_x, and after every word says how likely that word is part of a person's name.
Press **→** to feed the next word; every number on the screen comes from that step.

## The equations (the seed's notation)

- **a<0> = 0**: the hidden state before the first word.
- **z<t> = Waa a<t-1> + Wax x<t> + ba**, the same as **Wa [a<t-1>; x<t>] + ba** with
  **Wa = [Waa | Wax]** (n_a × (n_a + n_x), 100 × 10,100 at the seed's size).
- **a<t> = g(z<t>)** with g = tanh or ReLU (switch with the command palette, ctrl+p).
- **ŷ<t> = σ(Wya a<t> + by)**: the probability that word t is (part of) a name.
- **L<t> = −y<t> log ŷ<t> − (1 − y<t>) log(1 − ŷ<t>)**, and the sentence loss
  **L = Σ_t L<t>**. The seed's post writes *y* inside the logs (−y log y − …); the logs take
  **ŷ**, the prediction, and that is what rnnviz computes.
- The learned parameters are Wa (that is Waa and Wax), ba, Wya and by: the *same* ones at
  every step.

## The panels, top to bottom

1. **Header**: sample *i* of *m* (the seed's x^(i)), t of T_x, the sizes n_a (hidden
   units) and n_x = V (the dictionary), the activation g, and whether the model is trained
   (an untrained model has random weights: its ŷ are near 0.5 and mean nothing yet).
2. **The sentence**: the current word is highlighted. Under each word its label **y<t>**
   (1 = part of a name), and under the words fed so far the prediction **ŷ<t>**: green when
   it agrees with y (ŷ > 0.5 means "name"), red when not. A word missing from the dictionary
   is shown as **<UNK>(word)**: the network sees only <UNK>. Click a word to jump to it.
3. **The unrolled network**, the seed's figure: one [RNN] cell per word, a<t-1> coming in
   from the left, x<t> from below, ŷ<t> going up; all cells share the same weights.
4. **x<t>, the one-hot input**: a vector of V entries (10,000), all 0 except one 1 at the
   word's index in the dictionary. The strip squeezes the 10,000 entries into one line; the
   bright block is the cell that holds the single 1, the dots are the 9,999 zeros.
5. **[a<t-1>; x<t>], the stacked input**: the previous state (n_a values, coloured) on top
   of x<t> (V entries), 10,100 entries in all, separated by **┃**. Wa = [Waa | Wax]
   multiplies it. Because x<t> is one-hot, Wax x<t> is just one column of Wax.
6. **z<t> and a<t>**: one cell per hidden unit (or two units per cell, split ▌, when the
   terminal is narrow). Blue is negative, red positive, grey is 0. Every heatmap (z, a,
   a<t-1> in the stack, the history) uses the same fixed scale, shown in the legend: the
   colour deepens at |v| = .05, .2, .4, .6, .8, .99, 2 and 4, so a colour means the same
   number at every step and for every sentence. Inside tanh's range [-1, 1] the steps are
   fine; the last two are for the larger |z|. *Saturated* units have |a| > 0.99: tanh is flat
   there and passes almost no gradient back.
7. **ŷ<t>**: the output as a bar from 0 to 1 (the tick marks 0.5), the label y<t>, whether
   they agree, and the loss **L<t>** of this word.
8. **Σ L<t>**: the loss accumulated so far, and one bar per word, **L<τ>** (the current one
   bright), on a scale whose top (`0.002┤`) is the sentence's largest L<τ>. A tall panel (the
   wide layout) draws one row per word instead, with its value.
9. **The equations** of the current step with their numbers: long vectors are shown by
   their first entries and their length ‖v‖.
10. **History of a<1..t>**: one row per word fed so far, one column per hidden unit, as
    LSTMVis draws it: units that keep their colour carry memory from word to word.

At **t = 0** nothing is computed yet: only a<0> = 0 exists, and the panels say what the
first step will show.

## Backward mode (b): backpropagation through time

Press **b** on a labeled sentence (the loss needs the labels y<t>; on an unlabeled one the
key is disabled). The whole forward pass is done, and the gradient of the sentence loss
L = Σ_t L<t> flows back from the last word, **t = T_x … 1**, right to left. **←** is the
next step of backpropagation (t − 1), **→** undoes one, home / end go to t = 1 / t = T_x;
the unrolled network's arrows point right to left. b again goes back to the forward pass.
For the current t the panels show, top to bottom, the backward equations in order:

- **the output error** (the ŷ panel): dL<t>/dŷ<t> = −y/ŷ + (1−y)/(1−ŷ), and through σ,
  **dL<t>/dz_y<t> = ŷ<t> − y<t>**;
- **the two parts of da<t>** (where x<t> was): **Wya^T (ŷ<t> − y<t>)**, coming down from this
  word's output, and **Waa^T dz<t+1>**, arriving from the step to the right (0 at t = T_x);
- **da<t>**, their sum, and **g'(z<t>)** = 1 − a<t>² for tanh (the 0/1 mask a<t> > 0 for
  ReLU), on the fixed scale: a saturated unit has g' ≈ 0 (grey) and blocks the gradient;
- **dz<t> = da<t> ⊙ g'(z<t>)** and **da<t-1> = Waa^T dz<t>**, which flows on to the left,
  with this step's share of the weight gradients: **dWaa += dz<t> a<t-1>^T** (its norm),
  **dWax[:, index] += dz<t>** (x<t> is one-hot: only the column of the current word, named
  by its index) and **dba += dz<t>**;
- **‖da<τ>‖ for every word reached so far** (where Σ L was: bars on a scale whose top is the
  sentence's largest), and the history of da<τ>.
  **A gradient that shrinks as it travels left is the vanishing gradient**: the error of a
  word barely reaches the words long before it, so they learn little from it.

Gradient heatmaps use their own colour scale: the ends are the largest entry of any
gradient of the sentence, and each step paler is √10 times smaller (a logarithmic scale),
so the same colour means the same number at every step of the sentence.

## Bidirectional and deep networks (the bundled bitagger)

Open one with `rnnviz --model bitagger`, or from the palette (ctrl+p, "Open the bundled model
…"; the header names the model). A **bidirectional** network has two chains of cells, each
with its own Waa, Wax and ba: **a→<t>** reads the sentence left to right (from a→<0> = 0),
**a←<t>** right to left (from a←<T_x+1> = 0, after the last word), and
**ŷ<t> = σ(Wya [a→<t>; a←<t>] + by)** reads both: the equations show what each direction
adds to the logit. So **ŷ<t> needs the whole sentence**: a←<1> depends on every word. That is
why it can tell that "Zara" in "Zara met Tom" is a name before reading "met".
A **deep** network stacks layers: layer 1 reads the one-hot x<t>, layer l reads layer l−1's
a<t> (both directions stacked, [a→<t>; a←<t>]: dense numbers, not one-hot), and ŷ reads the
last layer.

- **The network** has one row of cells per layer and direction, → above ←, the last layer at
  the top. The cells of word t are highlighted in every row; a cell is bright once computed:
  only the last layer's → chain runs one word at a time, the ← chains and the layers below
  are needed whole before ŷ<1>.
- **[ and ]** choose the layer the other panels show (the header says which: "layer 1 of 2");
  the keys appear when there is a layer to go to.
- **What the layer reads**: x<t> (one-hot for layer 1; the layer below's [a→<t>; a←<t>]
  above it) and each direction's stacked column, [a→<t-1>; x<t>] and [a←<t+1>; x<t>].
- **A panel per direction**: z→<t> and a→<t>, z←<t> and a←<t>, and the history of both.
- **Backward**: the gradient comes down from ŷ<t> (split by direction: Wya→^T and Wya←^T
  (ŷ<t> − y<t>)) and down the layers (Wax^T dz<t> of the layer above), and flows along each
  chain: **da→ right to left** (from t+1), **da← left to right** (from t−1). ‖da<t>‖ is
  shown per direction: the → bars fade to the left, the ← bars to the right.

## The LSTM and the GRU (`rnnviz --model lstm-tagger`, the palette, or a GRU you trained)

A gated cell computes a<t> with **gates**: vectors of n_a numbers between 0 and 1 (σ),
multiplied unit by unit (⊙) with what they let through. rnnviz runs PyTorch's equations, so
that PyTorch's weights load exactly, under the course's names. In place of [a<t-1>; x<t>],
z<t> and a<t>, the screen shows one heatmap row per quantity, on the same fixed scale (a gate
is never negative: red, deeper the more open; its mean is on the right, the range of the
others):

- **The LSTM** (PyTorch's gates i, f, g, o are the course's Γu, Γf, c̃, Γo): **Γf<t>**, the
  forget gate, how much of each unit of c<t-1> is kept; **Γu<t>**, the update gate, how much
  of the candidate **c̃<t>** (a tanh, in [-1, 1]) is written; the cell state, the LSTM's
  memory, **c<t> = Γf ⊙ c<t-1> + Γu ⊙ c̃<t>**, never squashed, so it can leave [-1, 1] (the
  scale's steps at 2 and 4 are for it); **Γo<t>**, the output gate, and
  **a<t> = Γo ⊙ tanh(c<t>)**, what ŷ<t> and the next step see. The history of **c<1..t>**
  is beside that of a<1..t>: units whose colour holds down many rows are what it remembers.
- **The GRU**: **Γr<t>** (reset), **Γu<t>** (update), the candidate **c̃<t>**, a<t-1> and
  **a<t> = Γu ⊙ c̃<t> + (1 − Γu) ⊙ a<t-1>**: where Γu is near 0, a unit keeps its value.
- **How the GRU differs from the course:** the course writes Γu = 1 − z (PyTorch's z) and applies Γr before the matmul, Wc [Γr ⊙ a<t-1>; x<t>]; PyTorch applies r after it, to W_hn a<t-1> + b_hn.
- **The equations** are PyTorch's, with the numbers of step t: each gate has its rows of
  Wax, Waa and ba (Wax_f x<t> is one column of the f rows of Wax: x<t> is one-hot).
- **Backward**: da<t> and, beside it, **dc<t>**, the gradient along the cell state; the
  gates' gradients dΓf, dΓu, dc̃, dΓo (at their pre-activations, the course's dft, dit,
  dcct, dot; dG<t> is the four of them in PyTorch's order); the bars of **‖da<t>‖ and
  ‖dc<t>‖**, and the histories of da and dc side by side.

**The gradient that does not vanish.** Going left, da<t-1> = Waa^T dG<t> passes through
the matrix Waa and the gates' derivatives, as the vanilla cell's da passes through Waa and
tanh'; dc<t-1> = dc<t> ⊙ Γf<t> is only multiplied by the forget gate, unit by unit, and
passes almost whole where Γf is near 1. The bars show the gradient of the whole loss
Σ L<t>, to which every word adds its own error on the way, so they show where the errors are
as much as how far they travel. Sent back alone (scripts/measure_gradient_flow.py), the last
word's error reaches 20 words to the left with **21%** of its size in the lstm-tagger's
‖dc‖, against **10%** in the vanilla tagger's ‖da‖ and **7%** in the LSTM's own ‖da‖
(medians over the 48 sentences of 25 to 35 words in sample_sentences/; ‖dc‖ keeps more than
the tagger's ‖da‖ in 40 of them, more than its own ‖da‖ in 47). On "Every spring, Marcus and
his two sons walk from their village to the coast, a journey of four days, sleeping in farm
buildings and eating bread and cheese." (28 words, heldout_unseen.txt) it reaches the first
word with 22% in ‖dc‖, 7.5% in the tagger's ‖da‖ and 11% in the LSTM's ‖da‖.

## Breakpoints (r): run until a condition holds

**r** (or the palette) asks for a condition and runs from the current step, forward, or
right to left in backward mode, to the first step where it holds: **ŷ<t> crosses 0.5**,
**L<t> above a value**, **a unit saturates** (|a<t>| > 0.99), or, in backward mode,
**‖da<t>‖ below a value**. The panel that shows why is marked "● stopped: …" (a narrow panel
keeps its title and says "● stopped"; the message says why); when no step matches, a message
says so and t stays.

## Training in the app (t)

**t** (or the palette) trains the current model on the labeled sentences of the current
file for N epochs (default 20; Adam, the learning rate of the model's own training) in the
background: keys keep working. The training panel shows the progress, the loss of every
epoch as a sparkline and, when a held-out file is known (sample_sentences/heldout.txt for
the bundled sentences), the held-out F1. **Escape** stops after the current epoch; Escape
again stops at once and drops the unfinished epoch, so the model is always that of a
completed epoch (or the one before training). When training ends, the sentence is
recomputed with the new weights. **s** saves the model (.npz or .safetensors, atomic write;
it asks before replacing a file, and says the absolute path it wrote), **u** goes back to the
model before training, exactly. A run that diverges (a loss or a weight out of bounds, as
`rnnviz train` judges it) stops and keeps its last good epoch. **q** with a model trained here
and not saved asks first: save, quit without saving, or stay. Typed sentences (e) that are
labeled are trained on too, and the dialog counts them apart from the file's.

## A character language model (rnnviz --model charlm)

The same network reads a line of text one character at a time and predicts the next one
(the course's "Dinosaurus Island", Karpathy's char-rnn):

- **x<1> = 0**, the zero vector: nothing comes before the first character. Then
  **x<t+1> = onehot(y<t>)**: the character of step t is the input of step t+1.
- **ŷ<t> = softmax(Wya a<t> + by)**: one probability for each of the V characters (61 for
  charlm; ⏎ is the end token, ␣ the space); they add up to 1.
- **y<t>** is the next character, the end token ⏎ last, and **L<t> = −log ŷ<t>[y<t>]**,
  computed from the scores z_y<t> = Wya a<t> + by as log Σ_c e^z_y[c] − z_y[y<t>] (finite for
  any score).

The panels: **the line** (x<t>, fed, underlined; y<t>, to predict, highlighted; under each
character a block as high as the probability the model gave it when it came, green when it
was the model's first choice); **the unrolled network** with the characters; **x<t>** whole,
every one of its V entries under its character, the single 1 marked; [a<t-1>; x<t>], z<t>
and a<t> as for the tagger; **ŷ<t>** as a bar chart, one bar a character in the same columns
as x<t> (the tallest bar is the largest probability, written on its left), the top five named
with their probabilities, the target marked with its probability, its rank and L<t>; ΣL and
the equations.

**Generate mode (g)** is the one-to-many network of the seed's figure: the model writes. Each
step draws a character w<t> from ŷ<t> at the temperature T and feeds it back as x<t+1>; the
unrolled network draws that arrow. The ŷ panel says how it was drawn: a uniform number u in
[0, 1) comes from a generator seeded with the seed shown, and the character is the first
whose cumulative probability exceeds u (the panel shows the interval u fell in).

- Pressed at step t of a line, g keeps the line's first t − 1 characters and draws from
  step t on: the model continues the line. At t = 0 it writes from nothing.
- **T = 1** draws from the model's ŷ; **T < 1** favours the likely characters and **T > 1**
  flattens ŷ; **T = 0** is greedy: the most likely character, nothing drawn. The chart shows
  the distribution drawn from, softmax(z_y / T); L<t> and the blocks under the text use the
  model's own ŷ (T = 1).
- **[** and **]** draw again at a lower or higher temperature, **d** with the next seed;
  both keep the characters before the current step and draw from it on, with the generator
  started again from the seed (so its first u is the same after each).
- The sample is drawn whole when you press the key (the seed fixes every draw), so → shows
  it one draw at a time and ← steps back exactly. It ends when ⏎ is drawn, or after 200
  draws. `rnnviz sample --n 1 --seed S --temperature T --prefix "…"` prints the same text.
- b works on a generated text too (its targets are the characters drawn); g again goes back
  to the line.

**Backward (b)** with the softmax head: dL<t>/dz_y<t> = **ŷ<t> − onehot(y<t>)**, ŷ<t>[c] at
every other character (lowering its score) and ŷ<t>[y] − 1 at the target (raising it);
Wyaᵀ of it is the part of da<t> from the output, and the rest is as for the tagger.
**Breakpoints (r)** offer "the target's probability ŷ<t>[y<t>] below a value": the first
character the model did not expect.

## One output at the end, or two networks (rnnviz --model classifier, seq2seq)

**The classifier** (many-to-one) reads a whole review and answers once, after the last word:
**ŷ = σ(Wya a<T_x> + by)**, positive when ŷ > 0.5, and one loss **L = −y log ŷ − (1−y) log(1−ŷ)**.
Before T_x there is no ŷ, no y and no loss: the panels say where the output will come (end
jumps there). **Backward**, the whole gradient enters at t = T_x, da<T_x> = Wyaᵀ (ŷ − y), and
reaches every earlier word only through Waa: the ‖da<τ>‖ bars show how much of it is left at
each word, the vanishing gradient at its plainest (open `lstm-classifier` from the palette and
compare its ‖dc<τ>‖). The bundled `classifier` is the seed's cell with g = ReLU.

**The encoder-decoder** (number words to digits: "three thousand and forty two" → 3042) has
two networks, each with its own weights. One t runs through both: t = 1 … T_x is the encoder
reading the words (no output); its a<T_x> is handed over as the decoder's a<0> (═ in the
picture); then the decoder writes one character a step, and the header says which side t is
on and counts that side's steps. The decoder's **x<1> = 0** (shown as *zeros*), then x<t+1> is
the character before: the target y<t> when the input is labeled (teacher forcing), its own
output otherwise (greedy decoding). It stops at <END>; the output line builds the decoded
string. **Backward** runs from the decoder's last step to its a<0>, across the hand-off into
the encoder's last step, and left through the encoder, which has no other gradient.

**e** types your own input: a review, labeled by starting it with **1:** (positive) or **0:**
(negative); a number in words, labeled by ending it with **= 3042**. Without a label you see
ŷ, but there is no loss and no backward mode (the decoder then writes its own answer).

## Keys

| key | does |
| --- | --- |
| → or l | step forward: feed x<t+1> |
| ← or h | step back (exact: the whole pass is recorded) |
| home / end | t = 0 / t = T_x |
| space | play / pause automatic stepping (the key bar says Pause while it plays); + / − change its speed |
| n / p | next / previous sentence of the file |
| e | type a new sentence (Enter computes it, Escape cancels; bracket markup labels it: [Harry] met [Ron]; a review: 1: …, a number: … = 3042) |
| b | backward mode: backpropagation, t = T_x … 1 (← steps left); b again: forward |
| g | a language model: generate (write), from step t of the line; g again: the line |
| [ / ] | generate mode: draw again from step t at a lower / higher temperature |
| d | generate mode: draw again from step t with the next seed |
| r | run until a condition holds (breakpoint) |
| t | train the model on these sentences (Escape stops) |
| s / u | save the model / undo the last training |
| [ / ] | a deep network: show the layer below / above |
| ? or f1 | this help |
| ctrl+p | commands: switch tanh / ReLU (the vanilla cell), open a sentence file or a bundled model, show a layer, jump to word t, run until …, Theme, Screenshot |
| q | quit |

A key that cannot act now (→ at the last word, p on the first sentence, u with nothing to
undo) says why in a message.

The screen needs at least 80 × 24 cells; at 120 × 40 every panel is shown. From 160 × 50 (a
browser window, a projector) z<t> and a<t> span the whole width (1.5 or 2 cells a unit, the
unit numbers under them), the gradients are wider too, and the history sits beside ŷ and Σ L.

**Themes**: ctrl+p, then *Theme*, picks any of Textual's themes (*textual-light* for a bright
room); every colour of the panels follows it. rnnviz's own dark theme, *rnnviz*, is the default.
The heatmaps keep their colour scale in every theme: it is data. *Screenshot* (ctrl+p) saves an
SVG picture of the screen in the current directory and says where.

Press **Escape** (or ?) to close this help.
"""


LM_SECTION = "a-character-language-model-rnnviz---model-charlm"  # the anchor of its heading
SHAPES_SECTION = "one-output-at-the-end-or-two-networks-rnnviz---model-classifier-seq2seq"
SECTIONS = {"lm": LM_SECTION, "classifier": SHAPES_SECTION, "seq2seq": SHAPES_SECTION}  # ? opens there
TRIES = 20  # refreshes to wait for the Markdown to lay out its headings


class HelpScreen(ModalScreen[None]):
    """The notation and every panel explained; `anchor` (a heading's slug) opens it there."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "Close help", id="close_help", tooltip="Back to the debugger"),
    ]

    def __init__(self, anchor: str | None = None) -> None:
        super().__init__()
        self._anchor = anchor

    def compose(self) -> ComposeResult:
        from ..widgets.footer import KeyBar

        with VerticalScroll(id="help-body"):
            # "<t>" would be read as an HTML tag: escape every "<".
            yield Markdown(HELP.replace("<", "\\<"), id="help-text")
        yield KeyBar(id="help-keys")  # "esc Close help" (the debugger's bar would say "q Quit")

    def on_mount(self) -> None:
        if self._anchor is not None:
            self.call_after_refresh(self._go_to_anchor, TRIES)

    def _go_to_anchor(self, tries: int) -> None:
        """Scroll to the anchor once the Markdown has its headings."""
        if self._anchor is not None and not self.query_one(Markdown).goto_anchor(self._anchor) and tries > 1:
            self.call_after_refresh(self._go_to_anchor, tries - 1)

    def action_close(self) -> None:
        if self.app.screen is self:  # once: a key typed ahead must not dismiss the screen under it
            self.dismiss(None)
