"""The `Value` node: one scalar, the operation that made it, and its gradient; and backward.

Every arithmetic operation on `Value`s returns a new `Value` that remembers its `inputs`
(an ordered tuple: `a + a` keeps both edges) and the name of its operation in `op`. That
record is the computational graph. What each operation computes, and its local gradient,
is defined once in `autograd/ops.py`: a method here only says which entry of `ops.OPS` it
applies (`x.tanh()` is `OPS["tanh"]`).

`backward()` walks the graph in reverse topological order and sends each input the
message "upstream gradient x local gradient"; `backward_messages` below is that walk,
shared by `backward`, `grad` and the stepper's `backward_steps`.

Numbers mixed into arithmetic (`x * 2`) become `Constant` leaves: Values that need no
gradient (so a gradient that cannot be computed for them is never an error). Bad input
never turns silently into nan, inf or a complex number: each forward function checks its
domain and raises an error that names the operation and the offending value.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from autograd import ops
from autograd.graph import topological_order
from autograd.i18n import N_, _
from autograd.ops import OPS, Number, check_number
from autograd.rules import LOCAL_GRADS, TRACED, evaluate, float_local_grad

if TYPE_CHECKING:  # only `nn` makes Roles: the engine does not load the module
    from autograd.roles import Role

__all__ = [
    "Constant",
    "Message",
    "Number",
    "Value",
    "apply_op",
    "as_value",
    "backward_messages",
    "finish_backward",
    "is_constant",
    "restore_grads",
    "start_backward",
    "sum_values",
    "value_local_grads",
]

_isfinite = math.isfinite  # one global lookup in the loops below


class Value:
    """A scalar in a computational graph: `data`, `grad`, `label`, `op`, `inputs`, `role`.

    `Value(data, label="")` makes a leaf. `data` is a finite float (assigning anything
    else raises, as the constructor does), `grad` starts at 0.0 and is filled by
    `backward()`; `op` is "" for a leaf and the operation's name otherwise; `inputs` is the
    ordered tuple of Values the node was computed from. Values hash and compare by
    identity, like tensors in PyTorch: `a == b` is "the same node", never a comparison of data.
    `role` is None, except for nodes an `nn` model made: there it says which layer,
    neuron and kind (weight, bias, wx, z, a, input, loss) the node is, for drawings.
    """

    __slots__ = ("_data", "_inputs", "grad", "label", "op", "role")

    _data: float
    grad: float
    label: str
    op: str
    role: Role | None  # set by `nn`: the node's layer, neuron and kind (autograd/roles.py)
    _inputs: tuple[Value, ...]

    def __init__(self, data: Number, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value: label must be a str, got {type(label).__name__} {label!r}")
        self._data = check_number(data, "Value")
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.role = None
        self._inputs = ()

    @property
    def data(self) -> float:
        """The forward value, a finite float."""
        return self._data

    @data.setter
    def data(self, number: Number) -> None:
        self._data = check_number(number, "Value.data")

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        op = f", op={self.op!r}" if self.op else ""
        return f"Value(data={self._data!r}, grad={self.grad!r}{label}{op})"

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The Values this node was computed from, in order (read-only; `a + a` lists `a` twice)."""
        return self._inputs

    @property
    def is_leaf(self) -> bool:
        """True for a node made by `Value(...)` (or a number), False for an operation's result."""
        return not self._inputs

    # ------------------------------------------------------------------
    # The operations: each applies one entry of autograd/ops.py's OPS table.
    # ------------------------------------------------------------------

    def __add__(self, other: Value | Number) -> Value:
        """a + b."""
        return _binary("+", self, as_value(other, "+"))

    def __radd__(self, other: Number) -> Value:
        """2 + a: a number on the left (the same "+" node, the number as a constant leaf)."""
        return _binary("+", as_value(other, "+"), self)

    def __sub__(self, other: Value | Number) -> Value:
        """a - b."""
        return _binary("-", self, as_value(other, "-"))

    def __rsub__(self, other: Number) -> Value:
        """2 - a."""
        return _binary("-", as_value(other, "-"), self)

    def __neg__(self) -> Value:
        """-a."""
        return _unary("neg", self)

    def __mul__(self, other: Value | Number) -> Value:
        """a * b."""
        return _binary("*", self, as_value(other, "*"))

    def __rmul__(self, other: Number) -> Value:
        """2 * a."""
        return _binary("*", as_value(other, "*"), self)

    def __truediv__(self, other: Value | Number) -> Value:
        """a / b; b = 0 is an error, not inf."""
        return _binary("/", self, as_value(other, "/"))

    def __rtruediv__(self, other: Number) -> Value:
        """2 / a."""
        return _binary("/", as_value(other, "/"), self)

    def __pow__(self, exponent: Value | Number) -> Value:
        """x ** n with a number n (op "**", n a constant), or a ** b with a Value b (op "pow")."""
        if isinstance(exponent, Value):
            return _binary("pow", self, exponent)
        return _binary("**", self, as_value(exponent, "**"))

    def __rpow__(self, base: Number) -> Value:
        """2 ** b: a number base with a Value exponent (op "pow")."""
        return _binary("pow", as_value(base, "pow"), self)

    def exp(self) -> Value:
        """e^x; an error rather than inf above x = 709.78."""
        return _unary("exp", self)

    def log(self) -> Value:
        """Natural logarithm ln(x), for x > 0 only."""
        return _unary("log", self)

    def sqrt(self) -> Value:
        """The square root, for x >= 0 (its derivative at 0 is infinite: an error in backward)."""
        return _unary("sqrt", self)

    def sin(self) -> Value:
        """sin(x), x in radians."""
        return _unary("sin", self)

    def cos(self) -> Value:
        """cos(x), x in radians."""
        return _unary("cos", self)

    def tan(self) -> Value:
        """tan(x), x in radians."""
        return _unary("tan", self)

    def tanh(self) -> Value:
        """tanh(x), via math.tanh (never overflows)."""
        return _unary("tanh", self)

    def sigmoid(self) -> Value:
        """sigma(x) = 1 / (1 + e^-x), computed so that e^-x never overflows."""
        return _unary("sigmoid", self)

    def softplus(self) -> Value:
        """softplus(x) = ln(1 + e^x), computed stably."""
        return _unary("softplus", self)

    def log_sigmoid(self) -> Value:
        """ln(sigma(x)), computed stably at any x."""
        return _unary("log_sigmoid", self)

    def relu(self) -> Value:
        """relu(x) = max(0, x)."""
        return _unary("relu", self)

    def leaky_relu(self, slope: Number = 0.01) -> Value:
        """x for x > 0, else slope * x; `slope` is a constant parameter.

        The default slope 0.01 is PyTorch's; the seed lecture's leaky ReLU uses 0.1x.
        """
        return _binary("leaky_relu", self, as_value(slope, "leaky_relu"))

    def elu(self, alpha: Number = 1.0) -> Value:
        """x for x > 0, else alpha * (e^x - 1); `alpha` is a constant parameter."""
        return _binary("elu", self, as_value(alpha, "elu"))

    def abs(self) -> Value:
        """|x|."""
        return _unary("abs", self)

    def __abs__(self) -> Value:
        """abs(x): the same "abs" node as `x.abs()`."""
        return _unary("abs", self)

    def max(self, other: Value | Number) -> Value:
        """max(a, b)."""
        return _binary("max", self, as_value(other, "max"))

    def min(self, other: Value | Number) -> Value:
        """min(a, b)."""
        return _binary("min", self, as_value(other, "min"))

    # ------------------------------------------------------------------
    # The backward pass
    # ------------------------------------------------------------------

    def backward(self) -> None:
        """Fill `.grad` of every node of this graph with d(self)/d(node).

        Seeds d(self)/d(self) = 1, then visits the nodes in reverse topological order:
        each node sends each input the message upstream x local_grad, and an input used
        several times adds them up. A node whose upstream gradient is 0 sends nothing (its
        messages would all be 0).

        Calling it again accumulates into the leaves exactly as PyTorch does (two calls
        give exactly twice the gradient); every non-leaf node shows d(self)/d(node) of this
        call only, so a drawing is always current. Unlike PyTorch, which keeps `.grad` only
        on leaves and frees the graph after one backward, every node keeps its gradient and
        the graph can be walked again. If the pass fails (an infinite or undefined
        gradient), it raises and every `.grad` is left exactly as it was before the call.
        """
        order = topological_order(self)
        saved = start_backward(self, order)
        try:
            # The local gradient of each message comes from its op's rule in autograd/ops.py.
            for _node, _index, input_node, _upstream, _local_grad, message in backward_messages(
                order
            ):
                input_node.grad += message
            finish_backward(order, saved)
        except BaseException:
            restore_grads(order, saved)
            raise


def _check_methods() -> None:
    """Every op of the table with a `method` has that method here (checked at import)."""
    for op in OPS.values():
        if op.method and not callable(getattr(Value, op.method, None)):
            raise ImportError(f"op {op.name!r}: Op.method {op.method!r} is not a Value method")


_check_methods()


class Constant(Value):
    """A leaf a number became in arithmetic (the 2 of `x * 2`): it needs no gradient.

    It still receives its messages (drawings show its gradient), but a gradient that
    cannot be computed for it (undefined, or overflowing) is skipped, never an error.
    """

    __slots__ = ()


def is_constant(node: Value) -> bool:
    """True for a `Constant`: a number that entered arithmetic (the 1 of 1/(1 + e^−z), the ½
    of an MSE, a target, a max-shift), wrapped by `as_value`. Views draw it as a plain number
    with no gradient row and never list it among the inputs (`show_constants=True` restores
    that). Its `.grad` still fills as usual. Every `Value(...)` the user creates is an input."""
    return isinstance(node, Constant)


def _node(data: float, op: str, inputs: tuple[Value, ...]) -> Value:
    """Make the result node of an operation (no validation: the forward function did it)."""
    out: Value = object.__new__(Value)
    out._data = data
    out.grad = 0.0
    out.label = ""
    out.op = op
    out.role = None
    out._inputs = inputs
    return out


def _unary(op: str, x: Value) -> Value:
    """The node of `OPS[op]` applied to `x`: its forward value, its op and its input."""
    return _node(OPS[op].forward(x._data), op, (x,))


def _binary(op: str, a: Value, b: Value) -> Value:
    """The node of `OPS[op]` applied to `a` and `b`."""
    return _node(OPS[op].forward(a._data, b._data), op, (a, b))


def apply_op(op: str, inputs: Sequence[Value]) -> Value:
    """A new node of op `op` (a name of `ops.OPS`) on `inputs`, computed by its forward function."""
    return _node(OPS[op].forward(*[x._data for x in inputs]), op, tuple(inputs))


def as_value(x: object, op: str) -> Value:
    """`x` itself if it is a Value, else a `Constant` leaf holding the number (checked)."""
    if isinstance(x, Value):
        return x
    constant: Value = object.__new__(Constant)
    constant._data = check_number(x, op)
    constant.grad = 0.0
    constant.label = ""
    constant.op = ""
    constant.role = None
    constant._inputs = ()
    return constant


def sum_values(values: Sequence[Value | Number]) -> Value:
    """One "sum" node with every value as an input: a + b + c + ... in a single step.

    d/dx_i (x_1 + ... + x_n) = 1 for every input. A long sum as one node keeps graphs
    small (a neuron is n products and one sum) and fast to walk. An empty list is a
    ValueError (Python's `sum([])` is 0, but a sum node with no inputs has nothing to draw
    or differentiate): write `Value(0.0)` for a zero.
    """
    inputs = tuple(as_value(v, "sum_values") for v in values)
    if not inputs:
        raise ValueError(
            "sum_values: needs at least one value, got an empty sequence "
            "(unlike Python's sum([]) == 0; write Value(0.0) for a zero)"
        )
    return _node(ops.total(*[v._data for v in inputs]), "sum", inputs)


# ----------------------------------------------------------------------
# The messages of a backward pass
# ----------------------------------------------------------------------

# (node, input index, input, upstream d(root)/d(node), local d(node)/d(input), message).
Message = tuple[Value, int, Value, Any, Any, Any]

_grad_of: Callable[[Value], float] = attrgetter("grad")


def backward_messages(
    order: list[Value],
    upstream_of: Callable[[Value], Any] = _grad_of,
    *,
    every_node: bool = False,
    create_graph: bool = False,
    where: str = "backward",
) -> Iterator[Message]:
    """The messages of a backward pass over `order` (a topological order), last node first.

    For each operation node: its upstream gradient `upstream_of(node)` (read when the node's
    turn comes, so the consumer must have added every earlier message by then), its local
    gradients from its op's rule, and for each differentiable input the message
    upstream x local. Yields (node, input_index, input, upstream, local_grad, message).

    - A node whose upstream is 0 sends nothing (every message would be 0), unless
      `every_node` (the stepper shows it): then its messages are 0.
    - `create_graph`: upstream and local gradients are Values (upstream_of gives None for a
      node no message reached), so the messages are new nodes of a graph. A message that
      cannot be computed is skipped exactly where the float pass skips it (see
      `_value_messages`).
    - A message that is not a finite number raises an error naming `where`, the operation
      and the values, unless it goes to a `Constant` (nobody asked for its gradient).
    """
    for node in reversed(order):
        inputs = node._inputs
        if not inputs:
            continue  # a leaf has nothing to send
        upstream = upstream_of(node)
        # (a Value upstream never == 0.0: Values compare by identity)
        if upstream is None or (upstream == 0.0 and not every_node):
            continue
        if create_graph:
            for index, local_grad, message in _value_messages(node, upstream, where):
                yield node, index, inputs[index], upstream, local_grad, message
            continue
        try:
            local_grads: Sequence[float] = LOCAL_GRADS[node.op](node)
        except (ArithmeticError, ValueError) as error:
            local_grads = _each_local_grad(node, upstream, error)
        for index, local_grad in enumerate(local_grads):
            input_node = inputs[index]
            message = upstream * local_grad
            if not _isfinite(message):
                if upstream == 0.0:
                    message = 0.0  # 0 x inf: nothing is sent (as PyTorch's 0 / x)
                elif isinstance(input_node, Constant):
                    continue
                else:
                    raise _message_error(where, node, index, upstream, local_grad, message)
            yield node, index, input_node, upstream, local_grad, message


def _slots(node: Value) -> str:
    """The node's inputs by their names in the rule: "x = 0.0, n = 0.5"."""
    op = OPS[node.op]
    if op.variadic:
        return ", ".join(f"{op.inputs[0]}{i} = {x._data!r}" for i, x in enumerate(node._inputs))
    return ", ".join(f"{name} = {x._data!r}" for name, x in zip(op.inputs, node._inputs))


def _describe(node: Value) -> tuple[str, str]:
    """Who a node is in an error message: (its label or "a leaf"/"a node", its kind and data)."""
    if node.label:
        if not node._inputs:
            what = _("leaf {label!r}, data {data!r}")
        else:
            what = _("node {op!r} {label!r}, data {data!r}")
        return node.label, what.format(label=node.label, op=node.op, data=node._data)
    who = _("a leaf") if not node._inputs else _("a node {op!r}").format(op=node.op)
    return who, _("data {data!r}").format(data=node._data)


# Python's own words for the error a rule itself can raise (1/(2√x) at x = 0), so that it can
# be translated too.
PYTHON_MESSAGES = (N_("float division by zero"),)


def _each_local_grad(node: Value, upstream: float, error: Exception) -> list[float]:
    """The local gradients one input at a time, after the whole rule failed with `error`.

    An input whose own gradient fails raises a named error, unless it is a `Constant` or
    the upstream is 0 (then nobody needs it: nan, and its message is skipped).
    """
    grads: list[float] = []
    for index in range(_differentiable_count(node)):
        try:
            grads.append(float_local_grad(node, index))
        except (ArithmeticError, ValueError) as own_error:
            if upstream == 0.0 or isinstance(node._inputs[index], Constant):
                grads.append(math.nan)
                continue
            raise _local_grad_error(node, index, own_error) from error
    return grads


def _differentiable_count(node: Value) -> int:
    """How many local gradients the node's rule gives: one per input, or one fewer when the
    op's last input is a number parameter (the exponent of `x ** 2`)."""
    return len(node._inputs) if OPS[node.op].variadic else len(TRACED[node.op].local_grads)


def _local_grad_error(
    node: Value, index: int, own_error: ArithmeticError | ValueError
) -> ArithmeticError | ValueError:
    """The error for a local gradient d(node)/d(input `index`) that failed with `own_error`."""
    op = OPS[node.op]
    slot = f"{op.inputs[0]}{index}" if op.variadic else op.inputs[index]
    kind = {ZeroDivisionError: _("infinite"), ValueError: _("undefined")}.get(
        type(own_error), _("not a finite number")
    )
    reason = str(own_error)  # ours (translated already) or Python's (PYTHON_MESSAGES)
    return type(own_error)(
        _("{op}: the derivative d/d{slot} is {kind} at {inputs} ({reason}); {rule}").format(
            op=node.op,
            slot=slot,
            kind=kind,
            inputs=_slots(node),
            reason=_(reason),
            rule=_(op.words),
        )
    )


def _message_error(
    where: str, node: Value, index: int, upstream: float, local_grad: float, message: float
) -> ArithmeticError | ValueError:
    who, what = _describe(node._inputs[index])
    text = _(
        "{where}: the gradient of {who} overflowed to {message!r} ({what}): {op} at "
        "{inputs} sends upstream {upstream!r} x local gradient {local!r}"
    ).format(
        where=where,
        who=who,
        message=message,
        what=what,
        op=node.op,
        inputs=_slots(node),
        upstream=upstream,
        local=local_grad,
    )
    return ValueError(text) if math.isnan(message) else OverflowError(text)


def start_backward(root: Value, order: list[Value]) -> list[float]:
    """Prepare a backward pass over `order` (the topological order of `root`).

    Remembers every `.grad` (returned, for `finish_backward` and `restore_grads`), resets
    them to 0 so this pass sums its own messages, and seeds d(root)/d(root) = 1.
    """
    saved = [node.grad for node in order]
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    return saved


def finish_backward(order: list[Value], saved: list[float]) -> None:
    """Add each leaf's earlier gradient back (leaves accumulate, as in PyTorch) and check it.

    A leaf gradient that overflowed to inf or nan is an error naming the leaf (a `Constant`
    is not checked: nobody asked for its gradient).
    """
    for node, before in zip(order, saved):
        if not node._inputs:
            node.grad = before + node.grad
            if not _isfinite(node.grad) and not isinstance(node, Constant):
                who, what = _describe(node)
                raise OverflowError(
                    _("backward: the gradient of {who} overflowed to {grad!r} ({what})").format(
                        who=who, grad=node.grad, what=what
                    )
                )


def restore_grads(order: list[Value], saved: list[float]) -> None:
    """Put back every `.grad` remembered by `start_backward` (after a failed pass)."""
    for node, before in zip(order, saved):
        node.grad = before


# ----------------------------------------------------------------------
# Local gradients as Values (for grad(..., create_graph=True))
# ----------------------------------------------------------------------


def _apply_values(op: ops.Op, args: list[Any]) -> Any:
    """A call in a rule on Values: a new node if any argument is a Value, else a float."""
    if not any(isinstance(a, Value) for a in args):
        return op.forward(*args)
    if op.variadic:
        return sum_values(args)
    return apply_op(op.name, [as_value(a, op.name) for a in args])


def value_local_grads(node: Value) -> list[Any]:
    """The node's local gradients as Values (floats where they are constant).

    The rule of its op evaluated on the node's Values, so the result can be differentiated
    again. Constants (numbers) are passed as floats: they need no gradient.
    """
    return [value_local_grad(node, index) for index in range(_differentiable_count(node))]


def value_local_grad(node: Value, index: int) -> Any:
    """d(node)/d(input `index`) as a Value (a float where it is constant); see `value_local_grads`."""
    traced = TRACED[node.op]
    op = traced.op

    def operand(x: Value) -> Any:
        return x._data if isinstance(x, Constant) else x

    env: dict[str, Any] = {"out": node}
    if op.variadic:
        env[op.inputs[0]] = operand(node._inputs[index])
        return evaluate(traced.local_grads[0], env, _apply_values)
    env.update({slot: operand(x) for slot, x in zip(op.inputs, node._inputs)})
    return evaluate(traced.local_grads[index], env, _apply_values)


def _value_messages(node: Value, upstream: Value, where: str) -> Iterator[tuple[int, Any, Any]]:
    """The messages of `node` as Values (create_graph): (input index, local gradient, message).

    A message that cannot be computed (its local gradient undefined or infinite, or the
    product overflowing) is skipped where the float pass skips it: when it goes to a
    `Constant`, or when the upstream is 0 (0 x inf sends nothing). Anywhere else it raises
    the float pass's error.
    """
    for index in range(_differentiable_count(node)):
        try:
            local_grad = value_local_grad(node, index)
            message = upstream * local_grad
        except (ArithmeticError, ValueError) as error:
            if upstream._data == 0.0 or isinstance(node._inputs[index], Constant):
                continue
            raise _float_message_error(node, index, upstream._data, where, error) from error
        yield index, local_grad, message


def _float_message_error(
    node: Value, index: int, upstream: float, where: str, error: ArithmeticError | ValueError
) -> ArithmeticError | ValueError:
    """The error the float pass raises for this message (`error` if only the Values failed)."""
    try:
        local_grad = float_local_grad(node, index)
    except (ArithmeticError, ValueError) as own_error:
        return _local_grad_error(node, index, own_error)
    message = upstream * local_grad
    if not _isfinite(message):
        return _message_error(where, node, index, upstream, local_grad, message)
    return error
