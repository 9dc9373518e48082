"""The `Value` node: one scalar, the operation that made it, and its gradient.

Every arithmetic operation on `Value`s returns a new `Value` that remembers its
`inputs` (an ordered tuple: `a + a` keeps both edges) and the short name of its
operation in `op`. That record is the computational graph. Each operation is
written as a pair that sits side by side below: the method computes the
forward value, and the `_<op>_local_grads` function right after it returns the
local gradient d(out)/d(input) for each input, computed from the node's
stored data. `LOCAL_GRADS` at the bottom maps each `op` name to its rule;
`backward()` walks the graph in reverse topological order and sends each input
the message "upstream gradient x local gradient".

Numbers mixed into arithmetic (`x * 2`) become constant leaf `Value`s. Some
operations take a number parameter that is not differentiated (the exponent of
`x ** 2`, the slope of `leaky_relu`, the alpha of `elu`): it is stored as the
last input, and the rule returns one local gradient fewer than there are
inputs, so no gradient flows to it.

Bad input never turns silently into nan, inf or a complex number: each
operation checks its domain and raises an error that names the operation and
the offending value.

Looking for one operation's derivative, say tanh's? Search for `_tanh_local_grads`:
it sits right under the `tanh` method. The same rules exist in three views, one
per consumer: `LOCAL_GRADS` here (floats, for `backward`, `grad` and the
stepper), `VALUE_LOCAL_GRADS` in `higher_order.py` (the rules as `Value`
expressions, so `grad(..., create_graph=True)` can differentiate them again),
and `OP_TEMPLATES` in `op_templates.py` (the rules as Python source, for
`to_python` and `compile`). `tests/test_engine_higher_order.py` and
`tests/test_codegen_templates.py` check that the three cover the same ops and
give the same numbers (the templates bit for bit).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd.graph import topological_order
from autograd.roles import Role

__all__ = ["LOCAL_GRADS", "Number", "Value", "finish_backward", "start_backward", "sum_values"]

# What arithmetic accepts besides a Value (a bool is rejected, see `_check_number`).
Number = int | float

# Module-level aliases used on the hot paths: one global lookup instead of a
# global lookup plus an attribute lookup per call.
_isfinite = math.isfinite
_new = object.__new__


def _check_number(x: object, where: str) -> float:
    """Return `x` as a finite float, or raise a clear error naming `where`."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"{where}: expected an int or float, got {type(x).__name__} {x!r}")
    try:
        number = float(x)
    except OverflowError:
        raise OverflowError(f"{where}: the integer {x} is too large for a float") from None
    if not _isfinite(number):
        raise ValueError(f"{where}: expected a finite number, got {number!r}")
    return number


def _overflow(op: str, *operands: float) -> OverflowError:
    """The error an operation raises when its finite inputs give an infinite result."""
    shown = ", ".join(repr(x) for x in operands)
    return OverflowError(f"{op}: result overflows a float (inputs {shown})")


class Value:
    """A scalar in a computational graph: `data`, `grad`, `label`, `op`, `inputs`, `role`.

    `Value(data, label="")` makes a leaf. `data` is stored as a float, `grad`
    starts at 0.0 and is filled by `backward()`; `op` is "" for a leaf and the
    operation's short name otherwise; `inputs` is the ordered tuple of Values
    the node was computed from. Values hash and compare by identity, like
    tensors in PyTorch: `a == b` is "the same node", never a comparison of data.
    `role` is None, except for nodes an `nn` model made: there it says which layer,
    neuron and kind (weight, bias, wx, z, a, input, loss) the node is, for drawings.
    """

    __slots__ = ("_inputs", "data", "grad", "label", "op", "role")

    data: float
    grad: float
    label: str
    op: str
    role: Role | None  # set by `nn`: the node's layer, neuron and kind (autograd/roles.py)
    _inputs: tuple[Value, ...]

    def __init__(self, data: Number, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value: label must be a str, got {type(label).__name__} {label!r}")
        self.data = _check_number(data, "Value")
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.role = None
        self._inputs = ()

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        op = f", op={self.op!r}" if self.op else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label}{op})"

    @property
    def inputs(self) -> tuple[Value, ...]:
        """The Values this node was computed from, in order (read-only; `a + a` lists `a` twice)."""
        return self._inputs

    @property
    def is_leaf(self) -> bool:
        """True for a node made by `Value(...)`, False for the result of an operation."""
        return not self.inputs

    # ------------------------------------------------------------------
    # Addition, subtraction, negation
    # ------------------------------------------------------------------

    def __add__(self, other: Value | Number) -> Value:
        """a + b."""
        other = _as_value(other, "+")
        result = self.data + other.data
        if not _isfinite(result):
            raise _overflow("+", self.data, other.data)
        return _node(result, "+", (self, other))

    def __radd__(self, other: Number) -> Value:
        """2 + a: a number on the left (the same "+" node, the number as a constant leaf)."""
        return _as_value(other, "+") + self

    @staticmethod
    def _add_local_grads(out: Value) -> tuple[float, ...]:
        """d/da (a + b) = 1, d/db (a + b) = 1: addition distributes the gradient."""
        return (1.0, 1.0)

    def __sub__(self, other: Value | Number) -> Value:
        """a - b."""
        other = _as_value(other, "-")
        result = self.data - other.data
        if not _isfinite(result):
            raise _overflow("-", self.data, other.data)
        return _node(result, "-", (self, other))

    def __rsub__(self, other: Number) -> Value:
        """2 - a: a number on the left."""
        return _as_value(other, "-") - self

    @staticmethod
    def _sub_local_grads(out: Value) -> tuple[float, ...]:
        """d/da (a - b) = 1, d/db (a - b) = -1."""
        return (1.0, -1.0)

    def __neg__(self) -> Value:
        """-a."""
        return _node(-self.data, "neg", (self,))

    @staticmethod
    def _neg_local_grads(out: Value) -> tuple[float, ...]:
        """d/da (-a) = -1."""
        return (-1.0,)

    # ------------------------------------------------------------------
    # Multiplication and division
    # ------------------------------------------------------------------

    def __mul__(self, other: Value | Number) -> Value:
        """a * b."""
        other = _as_value(other, "*")
        result = self.data * other.data
        if not _isfinite(result):
            raise _overflow("*", self.data, other.data)
        return _node(result, "*", (self, other))

    def __rmul__(self, other: Number) -> Value:
        """2 * a: a number on the left."""
        return _as_value(other, "*") * self

    @staticmethod
    def _mul_local_grads(out: Value) -> tuple[float, ...]:
        """d/da (a * b) = b, d/db (a * b) = a: multiplication swaps its inputs."""
        a, b = out.inputs
        return (b.data, a.data)

    def __truediv__(self, other: Value | Number) -> Value:
        """a / b; b = 0 is an error, not inf."""
        other = _as_value(other, "/")
        if other.data == 0.0:
            raise ZeroDivisionError(f"/: division by zero ({self.data!r} / {other.data!r})")
        result = self.data / other.data
        if not _isfinite(result):
            raise _overflow("/", self.data, other.data)
        return _node(result, "/", (self, other))

    def __rtruediv__(self, other: Number) -> Value:
        """2 / a: a number on the left."""
        return _as_value(other, "/") / self

    @staticmethod
    def _div_local_grads(out: Value) -> tuple[float, ...]:
        """d/da (a / b) = 1/b, d/db (a / b) = -a/b^2 = -(a/b)/b (no b^2 to underflow)."""
        _, b = out.inputs
        return (1.0 / b.data, -out.data / b.data)

    # ------------------------------------------------------------------
    # Powers: a number exponent (x ** 2) and a Value exponent (a ** b, 2 ** b)
    # ------------------------------------------------------------------

    def __pow__(self, exponent: Value | Number) -> Value:
        """x ** n with a number n (op "**"), or a ** b with a Value b (op "pow")."""
        if isinstance(exponent, Value):
            return self._pow_value(exponent)
        n = _as_value(exponent, "**")  # stored as the op's constant parameter
        return _node(_power("**", self.data, n.data), "**", (self, n))

    def __rpow__(self, base: Number) -> Value:
        """2 ** b: a number base with a Value exponent (op "pow")."""
        return _as_value(base, "pow")._pow_value(self)

    @staticmethod
    def _pow_number_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx x^n = n * x^(n-1); the exponent n is a constant and gets no gradient.

        As in PyTorch, d/dx x^0 = 0 everywhere (x = 0 included).
        """
        x, n = out.inputs
        if n.data == 0.0:
            return (0.0,)
        if x.data == 0.0 and n.data < 1.0:
            raise ZeroDivisionError(f"**: the derivative of x ** {n.data!r} is infinite at x = 0.0")
        return (n.data * _power("**", x.data, n.data - 1.0),)

    def _pow_value(self, exponent: Value) -> Value:
        """a ** b with a Value exponent b (op "pow"): both a and b get a gradient."""
        return _node(_power("pow", self.data, exponent.data), "pow", (self, exponent))

    @staticmethod
    def _pow_value_local_grads(out: Value) -> tuple[float, ...]:
        """d/da a^b = b * a^(b-1), d/db a^b = a^b * ln(a).

        At a = 0 the exponent's gradient is 0, as in PyTorch. For a negative base
        ln(a) is undefined (PyTorch returns nan): that is an error here.
        """
        a, b = out.inputs
        if b.data == 0.0:
            base_grad = 0.0
        elif a.data == 0.0 and b.data < 1.0:
            raise ZeroDivisionError(
                f"pow: the derivative of a ** {b.data!r} is infinite at a = 0.0"
            )
        else:
            base_grad = b.data * _power("pow", a.data, b.data - 1.0)
        if a.data > 0.0:
            exponent_grad = out.data * math.log(a.data)
        elif a.data == 0.0:
            exponent_grad = 0.0
        else:
            raise ValueError(
                f"pow: d/db a ** b = a ** b * ln(a) is undefined for the negative base a = {a.data!r}"
            )
        return (base_grad, exponent_grad)

    # ------------------------------------------------------------------
    # Exponential and logarithm
    # ------------------------------------------------------------------

    def exp(self) -> Value:
        """e^x; an error rather than inf above x = 709.78."""
        try:
            result = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp: e ** {self.data!r} overflows a float") from None
        return _node(result, "exp", (self,))

    @staticmethod
    def _exp_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx e^x = e^x: the output itself."""
        return (out.data,)

    def log(self) -> Value:
        """Natural logarithm ln(x), for x > 0 only."""
        if self.data <= 0.0:
            raise ValueError(f"log: input must be positive, got {self.data!r}")
        return _node(math.log(self.data), "log", (self,))

    @staticmethod
    def _log_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx ln(x) = 1/x."""
        (x,) = out.inputs
        return (1.0 / x.data,)

    # ------------------------------------------------------------------
    # Squashing functions
    # ------------------------------------------------------------------

    def tanh(self) -> Value:
        """tanh(x) = (e^x - e^-x) / (e^x + e^-x), via math.tanh (never overflows)."""
        return _node(math.tanh(self.data), "tanh", (self,))

    @staticmethod
    def _tanh_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx tanh(x) = 1 - tanh(x)^2: from the output, no second exponential."""
        return (1.0 - out.data * out.data,)

    def sigmoid(self) -> Value:
        """sigma(x) = 1 / (1 + e^-x), with e^x / (1 + e^x) for x < 0 so e^-x never overflows."""
        return _node(_sigmoid(self.data), "sigmoid", (self,))

    @staticmethod
    def _sigmoid_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx sigma(x) = sigma(x) * (1 - sigma(x)): from the output."""
        return (out.data * (1.0 - out.data),)

    def softplus(self) -> Value:
        """softplus(x) = ln(1 + e^x), computed as max(x, 0) + ln(1 + e^-|x|) (stable)."""
        x = self.data
        return _node(max(x, 0.0) + math.log1p(math.exp(-abs(x))), "softplus", (self,))

    @staticmethod
    def _softplus_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx softplus(x) = sigma(x)."""
        (x,) = out.inputs
        return (_sigmoid(x.data),)

    def log_sigmoid(self) -> Value:
        """ln(sigma(x)), computed as min(x, 0) - ln(1 + e^-|x|) (stable at any x)."""
        x = self.data
        return _node(min(x, 0.0) - math.log1p(math.exp(-abs(x))), "log_sigmoid", (self,))

    @staticmethod
    def _log_sigmoid_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx ln(sigma(x)) = 1 - sigma(x) = sigma(-x) (no cancellation for large x)."""
        (x,) = out.inputs
        return (_sigmoid(-x.data),)

    # ------------------------------------------------------------------
    # Piecewise-linear functions
    # ------------------------------------------------------------------

    def relu(self) -> Value:
        """relu(x) = max(0, x)."""
        return _node(self.data if self.data > 0.0 else 0.0, "relu", (self,))

    @staticmethod
    def _relu_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx relu(x) = 1 for x > 0, else 0 (0 at x = 0, as in PyTorch)."""
        (x,) = out.inputs
        return (1.0 if x.data > 0.0 else 0.0,)

    def leaky_relu(self, slope: Number = 0.01) -> Value:
        """leaky_relu(x) = x for x > 0, else slope * x. `slope` is a constant parameter.

        The default slope 0.01 is PyTorch's; the seed lecture's leaky ReLU uses 0.1x.
        """
        slope_value = _as_value(slope, "leaky_relu")
        x = self.data
        result = x if x > 0.0 else slope_value.data * x
        if not _isfinite(result):
            raise _overflow("leaky_relu", x, slope_value.data)
        return _node(result, "leaky_relu", (self, slope_value))

    @staticmethod
    def _leaky_relu_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx leaky_relu(x) = 1 for x > 0, else slope (slope at x = 0, as in PyTorch)."""
        x, slope = out.inputs
        return (1.0 if x.data > 0.0 else slope.data,)

    def elu(self, alpha: Number = 1.0) -> Value:
        """elu(x) = x for x > 0, else alpha * (e^x - 1). `alpha` is a constant parameter."""
        alpha_value = _as_value(alpha, "elu")
        x = self.data
        result = x if x > 0.0 else alpha_value.data * math.expm1(x)
        return _node(result, "elu", (self, alpha_value))

    @staticmethod
    def _elu_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx elu(x) = 1 for x > 0, else alpha * e^x.

        That equals out + alpha, but for very negative x out is close to -alpha and
        the sum would cancel most digits, so it is computed from x.
        """
        x, alpha = out.inputs
        return (1.0 if x.data > 0.0 else alpha.data * math.exp(x.data),)

    def abs(self) -> Value:
        """|x|."""
        return _node(abs(self.data), "abs", (self,))

    @staticmethod
    def _abs_local_grads(out: Value) -> tuple[float, ...]:
        """d/dx |x| = sign(x), and 0 at x = 0 (as PyTorch's sign)."""
        (x,) = out.inputs
        return (1.0 if x.data > 0.0 else -1.0 if x.data < 0.0 else 0.0,)

    def max(self, other: Value | Number) -> Value:
        """max(a, b)."""
        other = _as_value(other, "max")
        return _node(max(self.data, other.data), "max", (self, other))

    @staticmethod
    def _max_local_grads(out: Value) -> tuple[float, ...]:
        """max routes the gradient to the larger input; a tie splits it in half (as PyTorch)."""
        a, b = out.inputs
        if a.data > b.data:
            return (1.0, 0.0)
        if a.data < b.data:
            return (0.0, 1.0)
        return (0.5, 0.5)

    def min(self, other: Value | Number) -> Value:
        """min(a, b)."""
        other = _as_value(other, "min")
        return _node(min(self.data, other.data), "min", (self, other))

    @staticmethod
    def _min_local_grads(out: Value) -> tuple[float, ...]:
        """min routes the gradient to the smaller input; a tie splits it in half (as PyTorch)."""
        a, b = out.inputs
        if a.data < b.data:
            return (1.0, 0.0)
        if a.data > b.data:
            return (0.0, 1.0)
        return (0.5, 0.5)

    # ------------------------------------------------------------------
    # The backward pass
    # ------------------------------------------------------------------

    def backward(self) -> None:
        """Fill `.grad` of every node of this graph with d(self)/d(node).

        Seeds d(self)/d(self) = 1, then visits the nodes in reverse
        topological order: each node sends each input the message
        upstream x local_grad, and an input used several times adds them up.

        Calling it again accumulates into the leaves exactly as PyTorch does
        (the leaf gradient of this call is added to the stored one, so two
        calls give exactly twice the gradient); every non-leaf node shows
        d(self)/d(node) of this call only, so a drawing is always current.
        Unlike PyTorch, which keeps `.grad` only on leaves (unless `retain_grad()`)
        and frees the graph after one backward (unless `retain_graph=True`), every
        node keeps its gradient and the graph can be walked again.
        """
        order = topological_order(self)
        leaves_before = start_backward(self, order)
        local_grads_of = LOCAL_GRADS  # a local name is faster to look up in the loop
        for node in reversed(order):
            if not node._inputs:  # a leaf has nothing to send
                continue
            upstream = node.grad  # d(self)/d(node), complete: every user of node came before
            for input_node, local_grad in zip(node._inputs, local_grads_of[node.op](node)):
                input_node.grad += upstream * local_grad
        finish_backward(leaves_before)


def start_backward(root: Value, order: list[Value]) -> list[tuple[Value, float]]:
    """Prepare a backward pass over `order` (the topological order of `root`).

    Remembers each leaf's stored gradient, resets every `.grad` of the graph to 0 so
    this pass sums its own messages, and seeds d(root)/d(root) = 1. Returns the
    remembered (leaf, gradient) pairs for `finish_backward`. Shared by `Value.backward`
    and the stepper (`autograd.lecture.steps.backward_steps`), so both follow one rule.
    """
    leaves_before = [(node, node.grad) for node in order if not node._inputs]
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    return leaves_before


def finish_backward(leaves_before: list[tuple[Value, float]]) -> None:
    """Add each leaf's earlier gradient back (leaves accumulate, as in PyTorch) and check it.

    A leaf gradient that overflowed to inf or nan is an error naming the leaf.
    """
    for leaf, before in leaves_before:
        leaf.grad = before + leaf.grad
        if not _isfinite(leaf.grad):
            name = f" {leaf.label!r}" if leaf.label else ""
            raise OverflowError(
                f"backward: the gradient of leaf{name} (data {leaf.data!r}) overflowed to {leaf.grad!r}"
            )


def _node(data: float, op: str, inputs: tuple[Value, ...]) -> Value:
    """Make the result node of an operation (no validation: the op did it)."""
    out: Value = _new(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.op = op
    out.role = None
    out._inputs = inputs
    return out


def _as_value(x: Value | Number, op: str) -> Value:
    """`x` itself if it is a Value, else a constant leaf holding the number (checked)."""
    if isinstance(x, Value):
        return x
    return _node(_check_number(x, op), "", ())


def _sigmoid(x: float) -> float:
    """The logistic function without overflow: only ever e^(-|x|) is computed."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    exponential = math.exp(x)
    return exponential / (1.0 + exponential)


def _power(op: str, base: float, exponent: float) -> float:
    """base ** exponent as a real float, or a clear error (never complex, inf or nan)."""
    if base == 0.0 and exponent < 0.0:
        raise ZeroDivisionError(f"{op}: 0.0 to the negative power {exponent!r}")
    if base < 0.0 and not exponent.is_integer():
        raise ValueError(
            f"{op}: the negative base {base!r} to the fractional power {exponent!r} is not a real number"
        )
    try:
        result: float = base**exponent
    except OverflowError:
        raise _overflow(op, base, exponent) from None
    if not _isfinite(result):
        raise _overflow(op, base, exponent)
    return result


def sum_values(values: Sequence[Value | Number]) -> Value:
    """One "sum" node with every value as an input: a + b + c + ... in a single step.

    d/dx_i (x_1 + ... + x_n) = 1 for every input. A long sum as one node keeps
    graphs small (a neuron is n products and one sum) and fast to walk.
    """
    inputs = tuple(_as_value(v, "sum_values") for v in values)
    if not inputs:
        raise ValueError("sum_values: needs at least one value, got an empty sequence")
    try:
        total = math.fsum([v.data for v in inputs])  # correctly rounded, on every Python version
    except OverflowError:  # fsum's own "intermediate overflow in fsum" names no operation
        total = math.inf
    if not _isfinite(total):
        raise OverflowError(f"sum_values: the sum of {len(inputs)} values overflows a float")
    return _node(total, "sum", inputs)


def _sum_local_grads(out: Value) -> tuple[float, ...]:
    """d/dx_i (x_1 + ... + x_n) = 1 for every input."""
    return (1.0,) * len(out.inputs)


# A rule takes the operation's result node `out` and returns d(out)/d(input) for
# each differentiable input, in input order.
LocalGradRule = Callable[[Value], tuple[float, ...]]

# op name -> its local-gradient rule. Mirrored by `VALUE_LOCAL_GRADS`
# (higher_order.py) and `OP_TEMPLATES` (op_templates.py); see the module docstring.
LOCAL_GRADS: dict[str, LocalGradRule] = {
    "+": Value._add_local_grads,
    "-": Value._sub_local_grads,
    "neg": Value._neg_local_grads,
    "*": Value._mul_local_grads,
    "/": Value._div_local_grads,
    "**": Value._pow_number_local_grads,
    "pow": Value._pow_value_local_grads,
    "exp": Value._exp_local_grads,
    "log": Value._log_local_grads,
    "tanh": Value._tanh_local_grads,
    "sigmoid": Value._sigmoid_local_grads,
    "softplus": Value._softplus_local_grads,
    "log_sigmoid": Value._log_sigmoid_local_grads,
    "relu": Value._relu_local_grads,
    "leaky_relu": Value._leaky_relu_local_grads,
    "elu": Value._elu_local_grads,
    "abs": Value._abs_local_grads,
    "max": Value._max_local_grads,
    "min": Value._min_local_grads,
    "sum": _sum_local_grads,
}
