"""Drawing primitives: numbers in, terminal lines out, nothing of Textual or of the network.

    text.py      a Line (Rich segments), fitting, titles, centring, scrolling windows
    colours.py   the styles and the diverging colour scale of every heatmap
    numbers.py   how numbers are written (fixed decimals, significant digits, previews)
    heatmap.py   a vector as a row of coloured cells
    vectors.py   a one-hot vector and the stacked column [a<t-1>; x<t>] as strips
    bars.py      horizontal and vertical bars

Panels (tui/panels/) compose these; every function is unit-tested without a terminal.
NumPy is imported only where a vector is drawn: the first frame comes before it.
"""
