"""Backprop as code: a graph's forward and backward pass written out as straight-line Python.

`python_source.py` writes the program (`to_python`), `compiled.py` traces a loss once and replays
the compiled program every step (`compile_loss`, exported as `autograd.compile`), and `batched.py`
writes one example's program in numpy and replays it over a whole batch of arrays
(`compile_batched`); `javascript_source.py` writes it in JavaScript (`to_javascript`), for pages
that recompute a graph in the browser. The generated code calls the engine's own forward
functions, imported from `autograd.ops` (numpy's, for the batched replay; twins with the same
checks, in JavaScript), and every local gradient comes from the op's one rule in `autograd/ops.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.lazy import lazy_names

if TYPE_CHECKING:  # as a type checker sees them; at run time `__getattr__` loads each when used
    from autograd.codegen.compiled import CompiledLoss, compile_loss
    from autograd.codegen.javascript_source import to_javascript
    from autograd.codegen.python_source import to_python

__all__ = ["CompiledLoss", "compile_loss", "to_javascript", "to_python"]

# name -> the module defining it, imported the first time the name is used (PEP 562)
_WHERE = {
    "CompiledLoss": "autograd.codegen.compiled",
    "compile_loss": "autograd.codegen.compiled",
    "to_javascript": "autograd.codegen.javascript_source",
    "to_python": "autograd.codegen.python_source",
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)
