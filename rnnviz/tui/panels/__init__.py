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

gradients.py holds what the backward drawings of the vanilla cell share.
"""
