"""Writes `autograd/local_gradients.py`: every op's rule on floats, as the Python `backward` runs.

PyTorch generates its derivative code from `derivatives.yaml`; we generate ours from the rules
of `autograd/ops.py`. Each rule, traced once by `autograd.rules`, becomes a small function of a
node, written with the very source `to_python` and `compile` print, so the engine and the
generated programs do the same float operations, bit for bit. For tanh:

    def tanh_local_grads(node: Node) -> tuple[float, ...]:
        out = node._data
        return (1.0 - out * out,)

The file is checked in, so a student can open the derivative `backward` runs, and nothing is
compiled with `exec` at import. After changing a rule or adding an op, write it again:

    python -m autograd.codegen.float_rules

(`tests/test_local_gradients.py` writes it in memory and fails on any difference.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from autograd.ops import OPS
from autograd.rules import TRACED, Expr, Traced, names_used, source

__all__ = ["COMMAND", "function_name", "module_path", "module_source", "rule_function_source"]

COMMAND = "python -m autograd.codegen.float_rules"


def function_name(traced: Traced) -> str:
    """The generated function's name: the forward function's name + `_local_grads`."""
    return f"{traced.op.forward.__name__}_local_grads"


def rule_function_source(traced: Traced) -> str:
    """One op's rule as a function of a node returning its local gradients as floats."""
    op = traced.op
    grads = [source(g) for g in traced.local_grads]
    used = set().union(*(names_used(g) for g in traced.local_grads))
    lines = [f"def {function_name(traced)}(node: Node) -> tuple[float, ...]:"]
    lines.append(f'    """{op.rule.__doc__.splitlines()[0] if op.rule.__doc__ else op.name}"""')
    if "out" in used:
        lines.append("    out = node._data")
    if op.variadic:
        name = op.inputs[0]
        if name in used:
            lines.append(
                f"    return tuple({grads[0]} for {name} in [x._data for x in node._inputs])"
            )
        else:
            lines.append(f"    return ({grads[0]},) * len(node._inputs)")
        return "\n".join(lines)
    for index, name in enumerate(op.inputs):
        if name in used:
            lines.append(f"    {name} = node._inputs[{index}]._data")
    returned = f"({grads[0]},)" if len(grads) == 1 else f"({', '.join(grads)})"
    lines.append(f"    return {returned}")
    return "\n".join(lines)


def module_source() -> str:
    """The whole text of `autograd/local_gradients.py`, from the op table as it is now."""
    called = sorted(
        {
            OPS[str(expr.value)].forward.__name__
            for traced in TRACED.values()
            for grad in traced.local_grads
            for expr in _calls(grad)
        }
    )
    header = f'''"""Every op's local gradients on floats: what `backward` runs. GENERATED: do not edit.

Written by `{COMMAND}` from the rules in `autograd/ops.py` (the same
source `to_python` and `compile` print, so the engine and the generated programs agree bit for
bit). Change a rule there, then run that command; `tests/test_local_gradients.py` fails while
this file differs from what it would write.

`LOCAL_GRADS_GENERATED[op](node)` gives d(node)/d(input) for each differentiable input;
`autograd.rules.LOCAL_GRADS` is this table (plus any op added since, read from its rule).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from autograd.ops import {", ".join(called)}

__all__ = ["LOCAL_GRADS_GENERATED", "Node"]


class Node(Protocol):
    """What a local-gradient function reads of a node (in practice, a `Value`)."""

    @property
    def _data(self) -> float: ...
    @property
    def _inputs(self) -> Sequence[Node]: ...
'''
    functions = [rule_function_source(traced) for traced in TRACED.values()]
    table = "\n".join(f'    "{name}": {function_name(traced)},' for name, traced in TRACED.items())
    footer = (
        "# op name -> its local gradients on floats, in the order of `autograd.ops.OPS`\n"
        "LOCAL_GRADS_GENERATED: dict[str, Callable[[Node], tuple[float, ...]]] = {\n"
        f"{table}\n}}\n"
    )
    return header + "\n\n" + "\n\n\n".join(functions) + "\n\n\n" + footer


def _calls(expr: Expr) -> list[Expr]:
    """Every call Expr inside `expr` (the forward functions a rule uses)."""
    found = [expr] if expr.kind == "call" else []
    for argument in expr.args:
        found += _calls(argument)
    return found


def module_path() -> Path:
    """Where the generated module lives: `autograd/local_gradients.py`."""
    return Path(__file__).resolve().parent.parent / "local_gradients.py"


if __name__ == "__main__":
    module_path().write_text(module_source(), encoding="utf-8")
    print(f"wrote {module_path()}", file=sys.stderr)
