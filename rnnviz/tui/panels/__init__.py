"""The debugger's panels, one per file, each a `Panel` (base.py): pure functions
`(view, width, height) -> lines`, one per mode, and the cell quantities they draw.

    header      the sample, t, the model
    sentence    the words, y<t> and ŷ<t>
    unrolled    the seed's figure of the network unrolled in time
    onehot      x<t> (backward: the two parts of da<t>)
    stacked     [a<t-1>; x<t>] (backward: da<t> and g'(z<t>))
    hidden      z<t> and a<t> (backward: dz<t> and da<t-1>)
    output      ŷ<t>, y<t>, L<t> (backward: the output error)
    loss        Σ L<t> (backward: ‖da<t>‖ at each word)
    equations   the equations of step t with their numbers
    history     a<1..t> (backward: da<t..T_x>)

gradients.py holds what the backward drawings share, gates.py and cell_equations.py what
the gated cells' panels share, state_bars.py the bars of ‖da<t>‖ and ‖dc<t>‖.

The gated cells' own panels, shown in place of stacked, hidden and equations:

    lstm            Γf, Γu, c̃<t>, c<t>, Γo, a<t> (backward: da<t>, dc<t>, the gates' dΓ)
    gru             Γr, Γu, c̃<t>, a<t-1>, a<t> (backward: da<t>, the gates' dΓ, da<t-1>)
    lstm_equations  the LSTM's equations, PyTorch's form, the course's names
    gru_equations   the GRU's, and how the course writes it otherwise
    cell_history    c<1..t> beside the history of a<1..t> (backward: dc<t..T_x>)

A deep or bidirectional network (panels.base.many_chains) has these in place of unrolled,
onehot, stacked, hidden, loss, equations and history (names.py: how they name a→ and a←,
and which cells are computed at step t):

    network          one row of cells per layer and direction, → above ←
    inputs           what the shown layer reads: x<t> and each direction's stacked column
    chains           a panel per direction: z and a (backward: da and dz)
    sums             Σ L<t> (backward: ‖da<t>‖ per direction)
    chain_equations  both directions' equations, ŷ<t> = σ(Wya [a→<t>; a←<t>] + by)
    histories        a→<τ> and a←<τ> side by side
"""
