"""backprop-lab's scalar reverse-mode automatic differentiation engine.

`Value` records every operation into a graph; `Value.backward()` fills in
every node's gradient; `grad` returns gradients as a function (optionally as
Values, for higher derivatives); `gradcheck` compares them with central
differences. The import name is `autograd`; the distribution is `backprop-lab`
(the HIPS `autograd` package uses the same import name: install one or the other).
"""

from autograd.codegen.batched import BatchedLoss, compile_batched
from autograd.codegen.compiled import CompiledLoss
from autograd.codegen.compiled import compile_loss as compile
from autograd.codegen.javascript_source import to_javascript
from autograd.codegen.python_source import to_python
from autograd.collector import collect_young, gc_paused
from autograd.gradcheck import GradcheckError, gradcheck, numerical_grad
from autograd.gradients import grad
from autograd.graph import topological_order
from autograd.lecture.gif import export_gif
from autograd.lecture.player import export_html
from autograd.lecture.stepper import Stepper
from autograd.lecture.steps import BackwardStep, ForwardStep, backward_steps, forward_steps
from autograd.lecture.tikz import to_tikz
from autograd.lecture.worksheet import make_worksheets
from autograd.value import Value, sum_values
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
