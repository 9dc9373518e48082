"""Every operation of the engine, each defined once: its forward, its local gradient, its picture.

Open this file first. An operation is one `Op` entry in `OPS` below, made of

- `forward`: the function on floats, with its domain check and an error that names the
  operation and the value (`log(-1.0)` raises "log: input must be positive, got -1.0");
- `rule`: the local gradient d(out)/d(input) for each differentiable input, written once
  as a small function `rule(m, out, *inputs)` of a math namespace `m` and the node's
  result `out` and inputs. `m` provides `where(condition, if_true, if_false)` and the
  forward functions of this file (`m.exp`, `m.log`, `m.sigmoid`, `m.power`, ...);
- `symbol` (drawn in the operation's circle) and `words` (how a caption says the rule).

The same rule is read in several ways (`autograd/rules.py`): on floats it gives the numbers
`backward` uses (compiled once at import from the very source `to_python` prints, so the
engine, `to_python` and `compile` do the same arithmetic bit for bit); on `Value`s it builds
the graph that `grad(..., create_graph=True)` differentiates again; as Python source it is
what `to_python` and `compile` write; as caption math it reads `σ(n8)(1 − σ(n8))` or
`\\sigma(n_{8})(1 - \\sigma(n_{8}))`. The rule of sigmoid, for example, is

    def sigmoid_rule(m, out, x):
        return (out * (1.0 - out),)     # d/dx sigma(x) = sigma(x) (1 - sigma(x)), from the output

Piecewise rules use `m.where`; the branch not taken is guarded so it can never overflow
when both branches are computed (numpy's `where` does that): elu's `e^x` is `exp` of
`where(x > 0, 0, x)`. `Value` methods, `backward`, `grad`, the stepper, `draw`, `as_text`,
`to_python`, `compile` and the command line's functions all read this table; adding an
operation is one entry here plus its `Value` method (one line, typed).

A piecewise rule jumps where its branches meet (relu, leaky_relu, elu and |x| at x = 0; max
and min where the inputs tie): there the rule picks one side by a convention (PyTorch's). Such
an op says where with `kink`, a function of the inputs (`at_zero`, `tie`) that is True exactly
there; smooth ops have `kink=None`. The worksheets use it to avoid exercises whose answer
depends on the convention.

Some operations take a number parameter that is not differentiated (the exponent of
`x ** 2`, the slope of `leaky_relu`, the alpha of `elu`): it is the op's last input
(`parameter` names it), and its rule returns one local gradient fewer than there are inputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from numbers import Real
from typing import Any, NamedTuple

from autograd.i18n import N_, _

__all__ = [
    "OPS",
    "Number",
    "Op",
    "absolute",
    "add",
    "at_zero",
    "check_number",
    "check_op",
    "cos",
    "divide",
    "elu",
    "exp",
    "leaky_relu",
    "log",
    "log_sigmoid",
    "maximum",
    "minimum",
    "multiply",
    "negate",
    "overflow_error",
    "power",
    "relu",
    "sigmoid",
    "sin",
    "softplus",
    "sqrt",
    "subtract",
    "tan",
    "tanh",
    "tie",
    "total",
    "value_power",
]

# What arithmetic accepts besides a Value, as a type (a bool is rejected, see `check_number`,
# which also accepts numpy's scalars and any other `numbers.Real`).
Number = int | float


def check_number(x: object, where: str) -> float:
    """Return `x` as a finite float, or raise a clear error naming `where`.

    Any real number is accepted: int, float, numpy's integer and float scalars (`np.int64(3)`,
    `np.float32(1.5)`) and anything else registered as a `numbers.Real` (numpy registers its
    scalars there, so the engine knows them without importing numpy). A bool (a truth value),
    a complex number, a string or an array is a TypeError; inf and nan are a ValueError.
    """
    kind = type(x)
    if kind is float:
        number: float = x  # type: ignore[assignment]  # the usual case, first and fast
    else:
        if kind is not int and (isinstance(x, bool) or not isinstance(x, Real)):
            raise TypeError(
                f"{where}: expected a real number (an int, a float or a numpy scalar), "
                f"got {kind.__name__} {x!r}"
            )
        try:
            number = float(x)  # type: ignore[arg-type]
        except OverflowError:
            raise OverflowError(f"{where}: the number {x} is too large for a float") from None
    if not math.isfinite(number):
        raise ValueError(f"{where}: expected a finite number, got {number!r}")
    return number


def overflow_error(op: str, *operands: float) -> OverflowError:
    """The error an operation raises when its finite inputs give an infinite result."""
    shown = ", ".join(repr(x) for x in operands)
    return OverflowError(
        _("{op}: result overflows a float (inputs {inputs})").format(op=op, inputs=shown)
    )


# ----------------------------------------------------------------------
# The forward functions, on floats. Each checks its domain and names itself in errors.
# ----------------------------------------------------------------------


def add(a: float, b: float) -> float:
    """a + b."""
    result = a + b
    if not math.isfinite(result):
        raise overflow_error("+", a, b)
    return result


def subtract(a: float, b: float) -> float:
    """a - b."""
    result = a - b
    if not math.isfinite(result):
        raise overflow_error("-", a, b)
    return result


def negate(x: float) -> float:
    """-x."""
    return -x


def multiply(a: float, b: float) -> float:
    """a * b."""
    result = a * b
    if not math.isfinite(result):
        raise overflow_error("*", a, b)
    return result


def divide(a: float, b: float) -> float:
    """a / b; b = 0 is an error, not inf."""
    if b == 0.0:
        raise ZeroDivisionError(_("/: division by zero ({a!r} / {b!r})").format(a=a, b=b))
    result = a / b
    if not math.isfinite(result):
        raise overflow_error("/", a, b)
    return result


def _power(op: str, base: float, exponent: float) -> float:
    """base ** exponent as a real float, or a clear error (never complex, inf or nan)."""
    if base == 0.0 and exponent < 0.0:
        raise ZeroDivisionError(
            _("{op}: 0.0 to the negative power {exponent!r}").format(op=op, exponent=exponent)
        )
    if base < 0.0 and not exponent.is_integer():
        raise ValueError(
            _(
                "{op}: the negative base {base!r} to the fractional power {exponent!r} "
                "is not a real number"
            ).format(op=op, base=base, exponent=exponent)
        )
    try:
        result: float = base**exponent
    except OverflowError:
        raise overflow_error(op, base, exponent) from None
    if not math.isfinite(result):
        raise overflow_error(op, base, exponent)
    return result


def power(x: float, n: float) -> float:
    """x ** n for a constant exponent n (op "**")."""
    return _power("**", x, n)


def value_power(a: float, b: float) -> float:
    """a ** b where the exponent is a Value too (op "pow")."""
    return _power("pow", a, b)


def exp(x: float) -> float:
    """e^x; an error rather than inf above x = 709.78."""
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(_("exp: e ** {x!r} overflows a float").format(x=x)) from None


def log(x: float) -> float:
    """Natural logarithm ln(x), for x > 0 only."""
    if x <= 0.0:
        raise ValueError(_("log: input must be positive, got {x!r}").format(x=x))
    return math.log(x)


def sqrt(x: float) -> float:
    """The square root, for x >= 0 only."""
    if x < 0.0:
        raise ValueError(_("sqrt: input must not be negative, got {x!r}").format(x=x))
    return math.sqrt(x)


def sin(x: float) -> float:
    """sin(x), x in radians."""
    return math.sin(x)


def cos(x: float) -> float:
    """cos(x), x in radians."""
    return math.cos(x)


def tan(x: float) -> float:
    """tan(x), x in radians; an error where it overflows (it never does for a float x)."""
    result = math.tan(x)
    if not math.isfinite(result):
        raise overflow_error("tan", x)
    return result


def tanh(x: float) -> float:
    """tanh(x) = (e^x - e^-x) / (e^x + e^-x), via math.tanh (never overflows)."""
    return math.tanh(x)


def sigmoid(x: float) -> float:
    """sigma(x) = 1 / (1 + e^-x); for x < 0 e^x / (1 + e^x): only e^(-|x|) is ever computed."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    exponential = math.exp(x)
    return exponential / (1.0 + exponential)


def softplus(x: float) -> float:
    """softplus(x) = ln(1 + e^x), computed as max(x, 0) + ln(1 + e^-|x|) (stable)."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def log_sigmoid(x: float) -> float:
    """ln(sigma(x)), computed as min(x, 0) - ln(1 + e^-|x|) (stable at any x)."""
    return min(x, 0.0) - math.log1p(math.exp(-abs(x)))


def relu(x: float) -> float:
    """relu(x) = max(0, x)."""
    return x if x > 0.0 else 0.0


def leaky_relu(x: float, slope: float) -> float:
    """x for x > 0, else slope * x."""
    result = x if x > 0.0 else slope * x
    if not math.isfinite(result):
        raise overflow_error("leaky_relu", x, slope)
    return result


def elu(x: float, alpha: float) -> float:
    """x for x > 0, else alpha * (e^x - 1) (expm1: exact for small x)."""
    return x if x > 0.0 else alpha * math.expm1(x)


def absolute(x: float) -> float:
    """|x|."""
    return abs(x)


def maximum(a: float, b: float) -> float:
    """max(a, b)."""
    return max(a, b)


def minimum(a: float, b: float) -> float:
    """min(a, b)."""
    return min(a, b)


def total(*values: float) -> float:
    """x_1 + ... + x_n, correctly rounded (math.fsum); an error if it overflows."""
    try:
        result = math.fsum(values)
    except OverflowError:  # fsum's own "intermediate overflow in fsum" names no operation
        result = math.inf
    if not math.isfinite(result):
        raise OverflowError(
            _("sum_values: the sum of {count} values overflows a float").format(count=len(values))
        )
    return result


# ----------------------------------------------------------------------
# The local-gradient rules: rule(m, out, *inputs) -> d(out)/d(input) for each input.
# `m` is a math namespace (see the module docstring); numbers are plain floats.
# ----------------------------------------------------------------------

# The operands are floats, Values or symbolic expressions, depending on who reads the rule.
Operand = Any


def add_rule(m: Any, out: Operand, a: Operand, b: Operand) -> tuple[Operand, ...]:
    """d/da (a + b) = 1, d/db (a + b) = 1."""
    return (1.0, 1.0)


def subtract_rule(m: Any, out: Operand, a: Operand, b: Operand) -> tuple[Operand, ...]:
    """d/da (a - b) = 1, d/db (a - b) = -1."""
    return (1.0, -1.0)


def negate_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx (-x) = -1."""
    return (-1.0,)


def multiply_rule(m: Any, out: Operand, a: Operand, b: Operand) -> tuple[Operand, ...]:
    """d/da (a * b) = b, d/db (a * b) = a."""
    return (b, a)


def divide_rule(m: Any, out: Operand, a: Operand, b: Operand) -> tuple[Operand, ...]:
    """d/da (a / b) = 1/b, d/db (a / b) = -a/b^2 = -(a/b)/b (no b^2 to underflow)."""
    return (1.0 / b, -out / b)


def power_rule(m: Any, out: Operand, x: Operand, n: Operand) -> tuple[Operand, ...]:
    """d/dx x^n = n x^(n-1); 0 for n = 0 (at x = 0 too, as PyTorch). n gets no gradient."""
    return (m.where(n == 0.0, 0.0, n * m.power(x, n - 1.0)),)


def value_power_rule(m: Any, out: Operand, a: Operand, b: Operand) -> tuple[Operand, ...]:
    """d/da a^b = b a^(b-1) (0 for b = 0); d/db a^b = a^b ln(a) (0 at a = 0, as PyTorch).

    For a negative base ln(a) is undefined (PyTorch returns nan): an error here.
    """
    return (
        m.where(b == 0.0, 0.0, b * m.value_power(a, b - 1.0)),
        m.where(a == 0.0, 0.0, out * m.log(a)),
    )


def exp_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx e^x = e^x: the output itself."""
    return (out,)


def log_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx ln(x) = 1/x."""
    return (1.0 / x,)


def sqrt_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx sqrt(x) = 1 / (2 sqrt(x)) = 0.5 / out: infinite at x = 0, an error there."""
    return (0.5 / out,)


def sin_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx sin(x) = cos(x)."""
    return (m.cos(x),)


def cos_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx cos(x) = -sin(x)."""
    return (-m.sin(x),)


def tan_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx tan(x) = 1 + tan(x)^2, from the output (as PyTorch)."""
    return (1.0 + out * out,)


def tanh_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx tanh(x) = 1 - tanh(x)^2, from the output: no second exponential."""
    return (1.0 - out * out,)


def sigmoid_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx sigma(x) = sigma(x) (1 - sigma(x)), from the output."""
    return (out * (1.0 - out),)


def softplus_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx softplus(x) = sigma(x)."""
    return (m.sigmoid(x),)


def log_sigmoid_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx ln(sigma(x)) = 1 - sigma(x) = sigma(-x) (no cancellation for large x)."""
    return (m.sigmoid(-x),)


def relu_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx relu(x) = 1 for x > 0, else 0 (0 at x = 0, as PyTorch)."""
    return (m.where(x > 0.0, 1.0, 0.0),)


def leaky_relu_rule(m: Any, out: Operand, x: Operand, slope: Operand) -> tuple[Operand, ...]:
    """d/dx leaky_relu(x) = 1 for x > 0, else slope (slope at x = 0, as PyTorch)."""
    return (m.where(x > 0.0, 1.0, slope),)


def elu_rule(m: Any, out: Operand, x: Operand, alpha: Operand) -> tuple[Operand, ...]:
    """d/dx elu(x) = 1 for x > 0, else alpha e^x (alpha at x = 0, as PyTorch).

    That equals out + alpha, but for very negative x out is close to -alpha and the sum
    would cancel most digits, so it is computed from x. The exponent is guarded,
    e^where(x > 0, 0, x), so the branch not taken never overflows.
    """
    return (m.where(x > 0.0, 1.0, alpha * m.exp(m.where(x > 0.0, 0.0, x))),)


def absolute_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx |x| = sign(x), and 0 at x = 0 (as PyTorch's sign)."""
    return (m.where(x > 0.0, 1.0, m.where(x < 0.0, -1.0, 0.0)),)


def maximum_rule(m: Any, out: Operand, a: Operand, b: Operand) -> tuple[Operand, ...]:
    """max routes the gradient to the larger input; a tie splits it in half (as PyTorch)."""
    return (
        m.where(a > b, 1.0, m.where(a < b, 0.0, 0.5)),
        m.where(a > b, 0.0, m.where(a < b, 1.0, 0.5)),
    )


def minimum_rule(m: Any, out: Operand, a: Operand, b: Operand) -> tuple[Operand, ...]:
    """min routes the gradient to the smaller input; a tie splits it in half (as PyTorch)."""
    return (
        m.where(a < b, 1.0, m.where(a > b, 0.0, 0.5)),
        m.where(a < b, 0.0, m.where(a > b, 1.0, 0.5)),
    )


def total_rule(m: Any, out: Operand, x: Operand) -> tuple[Operand, ...]:
    """d/dx_i (x_1 + ... + x_n) = 1 for every input (the rule of one input, used for each)."""
    return (1.0,)


# ----------------------------------------------------------------------
# Where a piecewise rule jumps: kink(*inputs) is True exactly where the branches meet.
# ----------------------------------------------------------------------


def at_zero(x: float, *parameter: float) -> bool:
    """relu, leaky_relu, elu, |x|: the slope jumps at x = 0 (the parameter does not matter)."""
    return x == 0.0


def tie(a: float, b: float) -> bool:
    """max, min: at a = b either input could be "the larger" (the rule splits the gradient)."""
    return a == b


# ----------------------------------------------------------------------
# The table
# ----------------------------------------------------------------------


class Op(NamedTuple):
    """One operation: everything the engine and its tools know about it.

    - `name`: the node's `op` ("*", "tanh").
    - `forward`: the function on floats (see above); `rule`: the local gradients.
    - `inputs`: a name for each input, in order (`("a", "b")`); a variadic op (the sum) has
      one name that stands for every input.
    - `symbol`: drawn in the operation's circle; `words`: the rule said in words, for captions
      (marked for translation: show it as `autograd.i18n._(op.words)`).
    - `operator`: the Python operator writing it between its inputs ("*"; "-" alone for
      negation), "" for a function call.
    - `method`: the `Value` method and command-line function ("tanh"), "" if none.
    - `parameter`: the name of a constant number last input that gets no gradient, or "".
    - `variadic`: any number of inputs (the sum).
    - `kink`: for a piecewise rule, `kink(*inputs)` is True where the inputs sit on the point
      where the branches meet and the local gradient is a convention (`at_zero`, `tie`);
      None for an op whose local gradient is continuous.
    - `unicode`, `latex`: how a caption writes the call, "{0}", "{1}" standing for the
      inputs ("σ({0})", "\\sigma({0})"); every op called as a function has both (an operator
      is written with its operator, the sum as x0 + x1 + ...).
    - `numpy`: the function generated numpy code calls ("np.tanh"; "sigmoid" for one of
      `autograd.codegen.batched`'s helpers); every op but the operators and the sum has one.
    - `activation`: a neuron may use it as its activation (`nn`, `activation="tanh"`);
      `parameter_default` is the parameter's default there and in the `Value` method (0.01
      for leaky_relu's slope); `torch_module` is the matching `torch.nn` module ("Tanh").

    `check_op(op)` says which of these an op lacks, naming the op and the field.
    """

    name: str
    forward: Callable[..., float]
    rule: Callable[..., tuple[Operand, ...]]
    inputs: tuple[str, ...]
    symbol: str
    words: str
    operator: str = ""
    method: str = ""
    parameter: str = ""
    variadic: bool = False
    kink: Callable[..., bool] | None = None
    unicode: str = ""
    latex: str = ""
    numpy: str = ""
    activation: bool = False
    parameter_default: float | None = None
    torch_module: str = ""


def check_op(op: Op) -> Op:
    """`op` itself if every view can show and run it, else a ValueError naming the op and field.

    Every op needs a name, a forward function, a rule, its inputs' names, a symbol and words;
    an op written as a call (not an operator, not the sum) needs its `unicode`, `latex` and
    `numpy` spellings; an activation needs a `torch_module`, and its parameter a default.
    """

    def missing(field: str, why: str) -> ValueError:
        return ValueError(f"op {op.name!r}: Op.{field} is missing: {why}")

    if not isinstance(op, Op):
        raise TypeError(f"check_op: expected an autograd.ops.Op, got {type(op).__name__}")
    if not op.name or not isinstance(op.name, str):
        raise missing("name", "the node's op, e.g. 'cosh'")
    for field in ("forward", "rule"):
        if not callable(getattr(op, field)):
            raise missing(field, "a function (see the module docstring)")
    if not op.inputs:
        raise missing("inputs", "a name for each input, e.g. ('x',)")
    for field, why in (("symbol", "drawn in the op's circle"), ("words", "the captions say it")):
        if not getattr(op, field):
            raise missing(field, why)
    if op.parameter and op.parameter != op.inputs[-1]:
        raise ValueError(
            f"op {op.name!r}: Op.parameter {op.parameter!r} must be its last input's name"
        )
    if not op.operator and not op.variadic:
        for field, why in (
            ("unicode", "the captions write the call with it, e.g. 'cosh({0})'"),
            ("latex", "the TikZ slides write the call with it, e.g. '\\cosh({0})'"),
            ("numpy", "compile_batched calls it, e.g. 'np.cosh'"),
        ):
            if not getattr(op, field):
                raise missing(field, why)
    if op.activation:
        if not op.torch_module:
            raise missing("torch_module", "nn's to_torch writes the activation, e.g. 'Tanh'")
        if op.parameter and op.parameter_default is None:
            raise missing("parameter_default", "the activation's default parameter")
    return op


_OP_LIST = [
    Op("+", add, add_rule, ("a", "b"), "+", N_("+ passes the gradient on to both inputs"), operator="+"),
    Op("-", subtract, subtract_rule, ("a", "b"), "−", N_("− passes the gradient on, negated for the second input"), operator="-"),
    Op("neg", negate, negate_rule, ("x",), "−x", N_("negation flips the sign of the gradient"), operator="-"),
    Op("*", multiply, multiply_rule, ("a", "b"), "×", N_("×: the derivative by one factor is the other factor"), operator="*"),
    Op("/", divide, divide_rule, ("a", "b"), "÷", N_("÷ sends 1/b to a and −(a/b)/b to b"), operator="/"),
    Op("**", power, power_rule, ("x", "n"), "xⁿ", N_("the power rule n·xⁿ⁻¹; the constant n gets no gradient"), operator="**", parameter="n", numpy="np.power"),
    Op("pow", value_power, value_power_rule, ("a", "b"), "aᵇ", N_("b·aᵇ⁻¹ to the base, aᵇ·ln a to the exponent"), operator="**", numpy="np.power"),
    Op("exp", exp, exp_rule, ("x",), "exp", N_("exp is its own derivative"), method="exp", unicode="exp({0})", latex=r"e^{{{0}}}", numpy="np.exp"),
    Op("log", log, log_rule, ("x",), "ln", N_("ln x has slope 1/x"), method="log", unicode="ln({0})", latex=r"\ln({0})", numpy="np.log"),
    Op("sqrt", sqrt, sqrt_rule, ("x",), "√", N_("√x has slope 1/(2√x)"), method="sqrt", unicode="√({0})", latex=r"\sqrt{{{0}}}", numpy="np.sqrt"),
    Op("sin", sin, sin_rule, ("x",), "sin", N_("sin′ = cos"), method="sin", unicode="sin({0})", latex=r"\sin({0})", numpy="np.sin"),
    Op("cos", cos, cos_rule, ("x",), "cos", N_("cos′ = −sin"), method="cos", unicode="cos({0})", latex=r"\cos({0})", numpy="np.cos"),
    Op("tan", tan, tan_rule, ("x",), "tan", N_("tan′ = 1 + tan²"), method="tan", unicode="tan({0})", latex=r"\tan({0})", numpy="np.tan"),
    Op("tanh", tanh, tanh_rule, ("x",), "tanh", N_("tanh′ = 1 − tanh²"), method="tanh", unicode="tanh({0})", latex=r"\tanh({0})", numpy="np.tanh", activation=True, torch_module="Tanh"),
    Op("sigmoid", sigmoid, sigmoid_rule, ("x",), "σ", N_("σ′ = σ(1 − σ)"), method="sigmoid", unicode="σ({0})", latex=r"\sigma({0})", numpy="sigmoid", activation=True, torch_module="Sigmoid"),
    Op("softplus", softplus, softplus_rule, ("x",), "softplus", N_("softplus′ = σ"), method="softplus", unicode="softplus({0})", latex=r"\operatorname{{softplus}}({0})", numpy="softplus"),
    Op("log_sigmoid", log_sigmoid, log_sigmoid_rule, ("x",), "log σ", N_("(log σ)′(x) = σ(−x)"), method="log_sigmoid", unicode="log σ({0})", latex=r"\log\sigma({0})", numpy="log_sigmoid"),
    Op("relu", relu, relu_rule, ("x",), "relu", N_("relu passes the gradient where its input is positive"), method="relu", kink=at_zero, unicode="relu({0})", latex=r"\operatorname{{relu}}({0})", numpy="relu", activation=True, torch_module="ReLU"),
    Op("leaky_relu", leaky_relu, leaky_relu_rule, ("x", "slope"), "leaky relu", N_("leaky relu passes the gradient where x > 0, else scales it by the slope"), method="leaky_relu", parameter="slope", kink=at_zero, unicode="leaky relu({0}, {1})", latex=r"\operatorname{{leaky\_relu}}({0}, {1})", numpy="leaky_relu", activation=True, parameter_default=0.01, torch_module="LeakyReLU"),
    Op("elu", elu, elu_rule, ("x", "alpha"), "elu", N_("elu passes the gradient where x > 0, else scales it by α·eˣ"), method="elu", parameter="alpha", kink=at_zero, unicode="elu({0}, {1})", latex=r"\operatorname{{elu}}({0}, {1})", numpy="elu", activation=True, parameter_default=1.0, torch_module="ELU"),
    Op("abs", absolute, absolute_rule, ("x",), "|x|", N_("|x| passes the gradient times the sign of x"), method="abs", kink=at_zero, unicode="|{0}|", latex=r"\lvert {0} \rvert", numpy="np.abs"),
    Op("max", maximum, maximum_rule, ("a", "b"), "max", N_("max routes the gradient to the larger input"), method="max", kink=tie, unicode="max({0}, {1})", latex=r"\max({0}, {1})", numpy="np.maximum"),
    Op("min", minimum, minimum_rule, ("a", "b"), "min", N_("min routes the gradient to the smaller input"), method="min", kink=tie, unicode="min({0}, {1})", latex=r"\min({0}, {1})", numpy="np.minimum"),
    Op("sum", total, total_rule, ("x",), "Σ", N_("Σ passes the gradient on to every input"), variadic=True),
]  # fmt: skip

# op name -> Op: the one table everything reads (each entry checked: `check_op`).
OPS: dict[str, Op] = {op.name: check_op(op) for op in _OP_LIST}
