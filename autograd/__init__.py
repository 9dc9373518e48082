"""backprop-lab's scalar reverse-mode automatic differentiation engine.

`Value` records every operation into a graph; `Value.backward()` fills in
every node's gradient; `grad` returns gradients as a function (optionally as
Values, for higher derivatives); `gradcheck` compares them with central
differences. The import name is `autograd`; the distribution is `backprop-lab`
(the HIPS `autograd` package uses the same import name: install one or the other).

The engine (`Value`, `grad`, `gradcheck`, `topological_order`, ...) needs only the
standard library. The tools (`draw`, `Stepper`, `to_tikz`, `compile`, ...) are loaded the
first time they are used (PEP 562's module `__getattr__`), so `from autograd import Value`
loads neither numpy nor Graphviz nor any drawing, lecture or codegen module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# The engine: the standard library only, loaded with the package.
from autograd.collector import collect_young, gc_paused
from autograd.gradcheck import GradcheckError, gradcheck, numerical_grad
from autograd.gradients import grad
from autograd.graph import topological_order
from autograd.lazy import lazy_names
from autograd.value import Value, sum_values

if TYPE_CHECKING:  # the tools, as a type checker sees them; at run time `__getattr__` loads them
    from autograd.codegen.batched import BatchedLoss, compile_batched
    from autograd.codegen.compiled import CompiledLoss
    from autograd.codegen.compiled import compile_loss as compile
    from autograd.codegen.javascript_source import to_javascript
    from autograd.codegen.python_source import to_python
    from autograd.lecture.gif import export_gif
    from autograd.lecture.player import export_html
    from autograd.lecture.stepper import Stepper
    from autograd.lecture.steps import BackwardStep, ForwardStep, backward_steps, forward_steps
    from autograd.lecture.tikz import to_tikz
    from autograd.lecture.worksheet import make_worksheets
    from autograd.viz.diagram import draw
    from autograd.viz.names import display_names
    from autograd.viz.text import as_text

__all__ = [
    "BackwardStep",
    "BatchedLoss",
    "CompiledLoss",
    "ForwardStep",
    "GradcheckError",
    "Stepper",
    "Value",
    "as_text",
    "backward_steps",
    "collect_young",
    "compile",
    "compile_batched",
    "display_names",
    "draw",
    "export_gif",
    "export_html",
    "forward_steps",
    "gc_paused",
    "grad",
    "gradcheck",
    "make_worksheets",
    "numerical_grad",
    "sum_values",
    "to_javascript",
    "to_python",
    "to_tikz",
    "topological_order",
]

# tool name -> (module, name there): where each lazily loaded name of `__all__` is defined.
_WHERE = {
    "BackwardStep": ("autograd.lecture.steps", "BackwardStep"),
    "BatchedLoss": ("autograd.codegen.batched", "BatchedLoss"),
    "CompiledLoss": ("autograd.codegen.compiled", "CompiledLoss"),
    "ForwardStep": ("autograd.lecture.steps", "ForwardStep"),
    "Stepper": ("autograd.lecture.stepper", "Stepper"),
    "as_text": ("autograd.viz.text", "as_text"),
    "backward_steps": ("autograd.lecture.steps", "backward_steps"),
    "compile": ("autograd.codegen.compiled", "compile_loss"),
    "compile_batched": ("autograd.codegen.batched", "compile_batched"),
    "display_names": ("autograd.viz.names", "display_names"),
    "draw": ("autograd.viz.diagram", "draw"),
    "export_gif": ("autograd.lecture.gif", "export_gif"),
    "export_html": ("autograd.lecture.player", "export_html"),
    "forward_steps": ("autograd.lecture.steps", "forward_steps"),
    "make_worksheets": ("autograd.lecture.worksheet", "make_worksheets"),
    "to_javascript": ("autograd.codegen.javascript_source", "to_javascript"),
    "to_python": ("autograd.codegen.python_source", "to_python"),
    "to_tikz": ("autograd.lecture.tikz", "to_tikz"),
}


__getattr__, __dir__ = lazy_names(__name__, _WHERE, __all__)
