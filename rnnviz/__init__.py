"""rnnviz: a terminal step debugger for recurrent neural networks."""

__version__ = "0.1.0"
