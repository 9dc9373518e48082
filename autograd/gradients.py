"""`grad`: derivatives of one output with respect to chosen inputs, as a function.

`Value.backward()` stores gradients in `.grad`, the way a drawing wants them.
`grad(output, inputs)` returns them instead and touches no `.grad`, like
`torch.autograd.grad`. With `create_graph=True` the backward pass is itself
made of `Value` operations, so the returned gradients can be differentiated
again: second derivatives, mixed partials, the Hessian of a few inputs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, overload

from autograd.graph import topological_order
from autograd.value import Constant, Value, backward_messages

__all__ = ["grad"]


@overload
def grad(
    output: Value, inputs: Sequence[Value], create_graph: Literal[False] = False
) -> list[float]: ...
@overload
def grad(output: Value, inputs: Sequence[Value], create_graph: Literal[True]) -> list[Value]: ...
def grad(
    output: Value, inputs: Sequence[Value], create_graph: bool = False
) -> list[float] | list[Value]:
    """Return [d(output)/d(x) for x in inputs] without changing any `.grad`.

    The same backward pass as `Value.backward`, with the running sums kept in a
    dict instead of in `.grad`. An input that `output` does not depend on gets
    0.0 (PyTorch raises unless `allow_unused=True`, and then returns None; here
    unused simply means a zero derivative). With `create_graph=True` each
    gradient is a `Value` with its own graph.
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}")
    if isinstance(inputs, Value):
        raise TypeError(
            "grad: inputs must be a list of Values, got a single Value (wrap it in [ ])"
        )
    for position, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(
                f"grad: inputs[{position}] must be a Value, got {type(x).__name__} {x!r}"
            )
    order = topological_order(output)
    if create_graph:
        return _grad_as_values(order, inputs)
    grads: dict[Value, float] = {output: 1.0}
    for _node, _index, input_node, _upstream, _local, message in backward_messages(
        order, lambda node: grads.get(node, 0.0), where="grad"
    ):
        grads[input_node] = grads.get(input_node, 0.0) + message
    result = [grads.get(x, 0.0) for x in inputs]
    for position, (x, derivative) in enumerate(zip(inputs, result)):
        if not math.isfinite(derivative):
            raise OverflowError(
                f"grad: the gradient of inputs[{position}] (data {x.data!r}) overflowed to {derivative!r}"
            )
    return result


def _grad_as_values(order: list[Value], inputs: Sequence[Value]) -> list[Value]:
    """The backward pass of `grad` built out of `Value` operations (create_graph=True).

    The same messages as `backward`, with Values: each message upstream x local_grad is
    a new `*` node and each running sum a new `+` node, the local gradients being the
    ops' rules evaluated on Values, so the returned gradients are the roots of graphs that
    can be differentiated again. A node no message reached is skipped: its gradient is 0
    and would only add `0 * ...` nodes. What the float pass skips is skipped here too (a
    constant's gradient that overflows, a message that is 0 x inf), and what it refuses
    is refused with the same error.
    """
    grads: dict[Value, Value] = {order[-1]: Value(1.0)}
    for _node, _index, input_node, _upstream, _local, message in backward_messages(
        order, grads.get, create_graph=True, where="grad"
    ):
        if input_node not in grads:
            grads[input_node] = message
            continue
        try:
            grads[input_node] = grads[input_node] + message
        except OverflowError:
            if isinstance(input_node, Constant):
                continue  # nobody asked for a constant's gradient (the float pass never checks it)
            raise _overflow_error(inputs, input_node) from None
    return [grads[x] if x in grads else Value(0.0) for x in inputs]


def _overflow_error(inputs: Sequence[Value], node: Value) -> OverflowError:
    """The float pass's error for a gradient that overflowed to inf (summing its messages)."""
    who = next(
        (f"inputs[{position}]" for position, x in enumerate(inputs) if x is node),
        f"a node {node.op!r}" if node.op else "a leaf",
    )
    return OverflowError(f"grad: the gradient of {who} (data {node.data!r}) overflowed to inf")
