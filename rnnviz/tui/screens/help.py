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
8. **Σ L<t>**: the loss accumulated so far, and one bar per word (the current one bright).
9. **The equations** of the current step with their numbers: long vectors are shown by
   their first entries and their length ‖v‖.
10. **History of a<1..t>**: one row per word fed so far, one column per hidden unit, as
    LSTMVis draws it: units that keep their colour carry memory from word to word.

At **t = 0** nothing is computed yet: only a<0> = 0 exists, and the panels say what the
first step will show.

## Keys

| key | does |
| --- | --- |
| → or l | step forward: feed x<t+1> |
| ← or h | step back (exact: the whole pass is recorded) |
| home / end | t = 0 / t = T_x |
| space | play / pause automatic stepping; + / − change its speed |
| n / p | next / previous sentence of the file |
| e | type a new sentence (Enter computes it, Escape cancels) |
| ? or f1 | this help |
| ctrl+p | commands: switch tanh / ReLU, open a sentence file, jump to word t … |
| q | quit |

The screen needs at least 80 × 24 cells; at 120 × 40 every panel is shown.

Press **Escape** (or ?) to close this help.
"""


class HelpScreen(ModalScreen[None]):
    """The notation and every panel explained."""

    BINDINGS = [
        Binding("escape,question_mark,f1,q", "close", "Close help", id="close_help", tooltip="Back to the debugger"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            # "<t>" would be read as an HTML tag: escape every "<".
            yield Markdown(HELP.replace("<", "\\<"), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
