"""Backprop as code: a graph's forward and backward pass written out as straight-line Python.

`python_source.py` writes the program (`to_python`), `compiled.py` traces a loss once and replays
the compiled program every step (`compile_loss`, exported as `autograd.compile`). The generated
code calls the engine's own forward functions, imported from `autograd.ops`.
"""

from autograd.codegen.compiled import CompiledLoss, compile_loss
from autograd.codegen.python_source import to_python

__all__ = ["CompiledLoss", "compile_loss", "to_python"]
